"""Writes the organisation scenario folders: Lambda functions in an AWS Organization whose network
is run by another account (a VPC shared through AWS RAM) or whose AWS endpoints live in another VPC
(central interface endpoints reached through a transit gateway, resolved by a private hosted zone
or by a Route 53 Resolver forwarding rule). Each family is built from one working base topology,
and each story differs from it by the one setting it is about. The AWS CLI shapes are in the files;
each story's expected answer is written by hand below from the rules (docs/semantics.md, cited by
its former name aws-semantics.md, and AWS's documentation pages named in "rule"), never from
lambda-reach's output.

    python3 organisation_stories.py .

Layout, as `lambda-reach collect` writes it: STORY/ACCOUNT/us-east-1/SERVICE-OPERATION.json per
call, per-resource calls in a folder named after the call (ec2-describe-vpc-attribute/,
route53-list-hosted-zones-by-vpc/, route53-list-resource-record-sets/, the transit gateway route
table calls), IAM in STORY/ACCOUNT/global/. Keys collect adds to outputs that do not name what they
describe: route53 list-resource-record-sets gets "HostedZoneId" (the zone queried, without
/hostedzone/), route53 list-hosted-zones-by-vpc gets "VPCId" and "VPCRegion" (the VPC queried), the
three transit gateway route table calls get "TransitGatewayRouteTableId".

Paginated calls are printed as the CLI prints them after following every page: only the result
key (ram list-resources -> {"resources": [...]}, route53resolver list-resolver-rules ->
{"ResolverRules": [...]}, route53 list-hosted-zones-by-vpc -> {"HostedZoneSummaries": [...]}),
without MaxResults/MaxItems/NextToken. Timestamps are ISO 8601 (CLI v2's default).

Family 1, shared VPC (IDs 0a1<account digit>...): network account 111111111111 owns
vpc-0a11000000000001 and shares its six private subnets (three app, three data) through one
resource share with 222222222222 (the function orders-api) and 333333333333 (the database
orders-db). The three accounts map availability-zone names to AZ IDs differently. Each account's
files hold what that account may describe (vpc-share-limitations.html): participants see the shared
VPC, the subnets shared with them, those subnets' route tables and the owner's network ACL, and the
internet gateway, without the owner's tags, and no NAT gateway; the owner sees the participants'
security groups.

Family 2, central interface endpoints (IDs 0b2...): one account, 444444444444, with a hub VPC that
holds the interface endpoints and a spoke VPC with the function payments, joined by a transit
gateway. One account keeps the family about DNS and routing; family 1 is the multi-account one.
"""
import json
import os
import shutil
import sys

REGION = "us-east-1"
ROOTS = sys.argv[1:] or ["."]
WRITTEN = []

# Availability zones: the names each account sees, and the zone IDs behind them (the same
# everywhere). Every account of us-east-1 has six zones; the mapping is the account's own.
ZONES = {
    "111111111111": {"us-east-1a": "use1-az1", "us-east-1b": "use1-az2", "us-east-1c": "use1-az4",
                     "us-east-1d": "use1-az6", "us-east-1e": "use1-az3", "us-east-1f": "use1-az5"},
    "222222222222": {"us-east-1a": "use1-az4", "us-east-1b": "use1-az1", "us-east-1c": "use1-az2",
                     "us-east-1d": "use1-az5", "us-east-1e": "use1-az6", "us-east-1f": "use1-az3"},
    "333333333333": {"us-east-1a": "use1-az2", "us-east-1b": "use1-az4", "us-east-1c": "use1-az1",
                     "us-east-1d": "use1-az6", "us-east-1e": "use1-az5", "us-east-1f": "use1-az3"},
    "444444444444": {"us-east-1a": "use1-az6", "us-east-1b": "use1-az1", "us-east-1c": "use1-az2",
                     "us-east-1d": "use1-az4", "us-east-1e": "use1-az3", "us-east-1f": "use1-az5"},
}


def zone_name(account, zone_id):
    return next(name for name, zid in ZONES[account].items() if zid == zone_id)


def availability_zones(account):
    return {"AvailabilityZones": [{
        "OptInStatus": "opt-in-not-required", "Messages": [], "RegionName": REGION, "ZoneName": name,
        "ZoneId": zid, "GroupName": "us-east-1-zg-1", "NetworkBorderGroup": REGION, "ZoneType": "availability-zone",
        "GroupLongName": "US East (N. Virginia) 1", "State": "available"} for name, zid in sorted(ZONES[account].items())]}


def tags(name):
    return [{"Key": "Name", "Value": name}]


# Security-group rules ----------------------------------------------------------------------

def perm(protocol, port=None, cidrs=(), groups=()):
    """groups: (group ID, owning account) pairs."""
    p = {"IpProtocol": protocol}
    if port is not None:
        p["FromPort"] = port
        p["ToPort"] = port
    p.update({"IpRanges": [{"CidrIp": c} for c in cidrs], "Ipv6Ranges": [], "PrefixListIds": [],
              "UserIdGroupPairs": [{"GroupId": g, "UserId": a} for g, a in groups]})
    return p


def all_out():
    return [perm("-1", cidrs=["0.0.0.0/0"])]


def security_group(gid, vpc_id, owner, name, ingress, egress=None, description=None):
    return {"Description": description or name, "GroupName": name, "IpPermissions": ingress, "OwnerId": owner,
            "GroupId": gid, "IpPermissionsEgress": all_out() if egress is None else egress, "VpcId": vpc_id,
            "SecurityGroupArn": f"arn:aws:ec2:{REGION}:{owner}:security-group/{gid}"}


def default_group(gid, vpc_id, owner):
    return security_group(gid, vpc_id, owner, "default", [perm("-1", groups=[(gid, owner)])],
                          description="default VPC security group")


# VPCs, subnets, routes, ACLs -----------------------------------------------------------------

def vpc(vid, cidr, owner, name=None):
    v = {"CidrBlock": cidr, "DhcpOptionsId": "dopt-" + vid[4:8] + "f00000000001", "State": "available",
         "VpcId": vid, "OwnerId": owner, "InstanceTenancy": "default",
         "CidrBlockAssociationSet": [{"AssociationId": "vpc-cidr-assoc-" + vid[4:], "CidrBlock": cidr,
                                      "CidrBlockState": {"State": "associated"}}],
         "IsDefault": False}
    if name:
        v["Tags"] = tags(name)
    return v


class Subnet:
    def __init__(self, sid, vpc_id, cidr, zone_id, owner, name, public=False):
        self.id, self.vpc, self.cidr, self.zone_id, self.owner, self.name = sid, vpc_id, cidr, zone_id, owner, name
        self.public = public

    def view(self, account):
        """describe-subnets as `account` prints it: its own zone name; the owner's tags only for the owner."""
        size = 2 ** (32 - int(self.cidr.split("/")[1]))
        s = {"AvailabilityZone": zone_name(account, self.zone_id), "AvailabilityZoneId": self.zone_id,
             "AvailableIpAddressCount": size - 5 - 3, "CidrBlock": self.cidr, "DefaultForAz": False,
             "MapPublicIpOnLaunch": self.public, "MapCustomerOwnedIpOnLaunch": False, "State": "available",
             "SubnetId": self.id, "VpcId": self.vpc, "OwnerId": self.owner, "AssignIpv6AddressOnCreation": False,
             "Ipv6CidrBlockAssociationSet": []}
        if account == self.owner:
            s["Tags"] = tags(self.name)
        s.update({"SubnetArn": f"arn:aws:ec2:{REGION}:{self.owner}:subnet/{self.id}", "EnableDns64": False,
                  "Ipv6Native": False,
                  "PrivateDnsNameOptionsOnLaunch": {"HostnameType": "ip-name", "EnableResourceNameDnsARecord": False,
                                                    "EnableResourceNameDnsAAAARecord": False}})
        return s


def route(cidr, target=None):
    if target is None:
        return {"DestinationCidrBlock": cidr, "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"}
    key = {"igw": "GatewayId", "nat": "NatGatewayId", "tgw": "TransitGatewayId"}[target.split("-")[0]]
    return {"DestinationCidrBlock": cidr, key: target, "Origin": "CreateRoute", "State": "active"}


def route_table(rid, vpc_id, owner, name, routes, subnets=(), main=False):
    assoc = []
    if main:
        assoc.append({"Main": True, "RouteTableAssociationId": "rtbassoc-1" + rid[5:], "RouteTableId": rid,
                      "AssociationState": {"State": "associated"}})
    for s in subnets:
        assoc.append({"Main": False, "RouteTableAssociationId": "rtbassoc-" + s.id[7:], "RouteTableId": rid,
                      "SubnetId": s.id, "AssociationState": {"State": "associated"}})
    return {"Associations": assoc, "PropagatingVgws": [], "RouteTableId": rid, "Routes": routes, "Tags": tags(name),
            "VpcId": vpc_id, "OwnerId": owner}


def default_acl(aid, vpc_id, owner, subnets):
    e = lambda egress, number, action: {"CidrBlock": "0.0.0.0/0", "Egress": egress, "Protocol": "-1",
                                        "RuleAction": action, "RuleNumber": number}
    return {"Associations": [{"NetworkAclAssociationId": "aclassoc-" + s.id[7:], "NetworkAclId": aid,
                              "SubnetId": s.id} for s in subnets],
            "Entries": [e(True, 100, "allow"), e(True, 32767, "deny"), e(False, 100, "allow"), e(False, 32767, "deny")],
            "IsDefault": True, "NetworkAclId": aid, "Tags": [], "VpcId": vpc_id, "OwnerId": owner}


def ip_dns(ip):
    return "ip-" + ip.replace(".", "-") + ".ec2.internal"


# Lambda, IAM, RDS ----------------------------------------------------------------------------

def function(name, account, subnets, groups, vpc_id, code_sha, revision):
    return {
        "FunctionName": name, "FunctionArn": f"arn:aws:lambda:{REGION}:{account}:function:{name}",
        "Runtime": "python3.12", "Role": f"arn:aws:iam::{account}:role/{name}-role", "Handler": "app.handler",
        "CodeSize": 58302, "Description": "", "Timeout": 30, "MemorySize": 256,
        "LastModified": "2024-05-14T09:21:37.000+0000", "CodeSha256": code_sha, "Version": "$LATEST",
        "VpcConfig": {"SubnetIds": [s.id for s in subnets], "SecurityGroupIds": list(groups), "VpcId": vpc_id,
                      "Ipv6AllowedForDualStack": False},
        "TracingConfig": {"Mode": "PassThrough"}, "RevisionId": revision, "State": "Active",
        "LastUpdateStatus": "Successful", "PackageType": "Zip", "Architectures": ["arm64"],
        "EphemeralStorage": {"Size": 512}, "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
        "LoggingConfig": {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}"}}


def iam_with_vpc_access_role(account, role_name, role_id):
    return {"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": [{
        "Path": "/", "RoleName": role_name, "RoleId": role_id, "Arn": f"arn:aws:iam::{account}:role/{role_name}",
        "CreateDate": "2024-01-15T08:30:01+00:00",
        "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
        "InstanceProfileList": [], "RolePolicyList": [],
        "AttachedManagedPolicies": [{
            "PolicyName": "AWSLambdaVPCAccessExecutionRole",
            "PolicyArn": "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"}],
        "Tags": [], "RoleLastUsed": {}}], "Policies": [], "IsTruncated": False}


def db_instance(identifier, account, subnets, vpc_id, group_name, groups):
    return {
        "DBInstanceIdentifier": identifier, "DBInstanceClass": "db.t4g.medium", "Engine": "postgres",
        "DBInstanceStatus": "available", "MasterUsername": "app_admin",
        "Endpoint": {"Address": f"{identifier}.c3bq8n2x7vke.{REGION}.rds.amazonaws.com", "Port": 5432,
                     "HostedZoneId": "Z2R2ITUGPM61AM"},
        "AllocatedStorage": 100, "InstanceCreateTime": "2023-11-07T16:02:11.000Z",
        "PreferredBackupWindow": "03:00-03:30", "BackupRetentionPeriod": 7, "DBSecurityGroups": [],
        "VpcSecurityGroups": [{"VpcSecurityGroupId": g, "Status": "active"} for g in groups],
        "AvailabilityZone": zone_name(account, subnets[0].zone_id),
        "DBSubnetGroup": {
            "DBSubnetGroupName": group_name, "DBSubnetGroupDescription": f"{group_name} in the shared VPC",
            "VpcId": vpc_id, "SubnetGroupStatus": "Complete",
            "Subnets": [{"SubnetIdentifier": s.id, "SubnetAvailabilityZone": {"Name": zone_name(account, s.zone_id)},
                         "SubnetOutpost": {}, "SubnetStatus": "Active"} for s in subnets]},
        "MultiAZ": False, "EngineVersion": "16.3", "PubliclyAccessible": False, "StorageType": "gp3",
        "DbInstancePort": 0, "StorageEncrypted": True, "DbiResourceId": "db-7QX2M4HKD3ZC5N6PVB8WJ0RT1E",
        "DBInstanceArn": f"arn:aws:rds:{REGION}:{account}:db:{identifier}", "DeletionProtection": False}


# Expected answers ----------------------------------------------------------------------------

def q(function_name, target, verdict, subnets, port=None, blockers=(), extra=None):
    """subnets: {subnet ID: (verdict, blockers, {extra keys of the subnet})}."""
    e = {"function": function_name, "target": target}
    if port:
        e["port"] = port
    e["protocol"] = "tcp"
    e["verdict"] = verdict
    if extra:
        e.update(extra)
    e["subnets"] = {}
    for sid, (v, b, more) in subnets.items():
        e["subnets"][sid] = {"verdict": v, "blockers": sorted(b), **more}
    e["blockers"] = sorted(blockers)
    return e


def story(text, rule, queries):
    return {"story": text, "rule": rule, "queries": queries}


def write(name, docs, expected):
    for root in ROOTS:
        folder = os.path.join(root, name)
        if os.path.isdir(folder):
            shutil.rmtree(folder)
        os.makedirs(folder)
        for relpath, doc in sorted(docs.items()):
            path = os.path.join(folder, relpath)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as out:
                json.dump(doc, out, indent=4)
                out.write("\n")
        with open(os.path.join(folder, "expected.json"), "w") as out:
            json.dump(expected, out, indent=4)
            out.write("\n")
    WRITTEN.append(name)


# ===========================================================================================
# Family 1: a VPC shared through AWS RAM.
# ===========================================================================================

OWNER, FUNCTIONS, DATABASES = "111111111111", "222222222222", "333333333333"
SHARED_VPC = "vpc-0a11000000000001"
ZONE_IDS = ["use1-az1", "use1-az2", "use1-az4"]
PUBLIC = [Subnet(f"subnet-0a1100000000000{i + 1}", SHARED_VPC, f"10.50.{i}.0/24", z, OWNER, f"orders-public-{z}",
                 public=True) for i, z in enumerate(ZONE_IDS)]
APP = [Subnet(f"subnet-0a1100000000000{i + 4}", SHARED_VPC, f"10.50.{10 + i}.0/24", z, OWNER, f"orders-app-{z}")
       for i, z in enumerate(ZONE_IDS)]
DATA = [Subnet(f"subnet-0a1100000000000{i + 7}", SHARED_VPC, f"10.50.{20 + i}.0/24", z, OWNER, f"orders-data-{z}")
        for i, z in enumerate(ZONE_IDS)]
SHARED = APP + DATA
RTB_MAIN, RTB_PUBLIC = "rtb-0a11000000000001", "rtb-0a11000000000002"
RTB_PRIVATE = {z: f"rtb-0a1100000000000{i + 3}" for i, z in enumerate(ZONE_IDS)}
NAT = {z: f"nat-0a1100000000000{i + 1}" for i, z in enumerate(ZONE_IDS)}
NAT_EIP = {z: f"52.0.10.{11 + i}" for i, z in enumerate(ZONE_IDS)}
IGW = "igw-0a11000000000001"
ACL = "acl-0a11000000000001"
SG_DEFAULT, SG_FN, SG_DB = "sg-0a11000000000001", "sg-0a12000000000001", "sg-0a13000000000001"
SHARE_ARN = f"arn:aws:ram:{REGION}:{OWNER}:resource-share/0a110000-5b2e-4c6d-9e7f-3a1b2c4d5e61"
FN_ORDERS = "orders-api"


def resource_shares():
    return {"resourceShares": [{
        "resourceShareArn": SHARE_ARN, "name": "orders-private-subnets", "owningAccountId": OWNER,
        "allowExternalPrincipals": False, "status": "ACTIVE", "creationTime": "2024-01-10T09:00:00.417000+00:00",
        "lastUpdatedTime": "2024-01-10T09:02:13.905000+00:00", "featureSet": "STANDARD"}]}


def shared_resources():
    return {"resources": [{
        "arn": f"arn:aws:ec2:{REGION}:{OWNER}:subnet/{s.id}", "type": "ec2:Subnet", "resourceShareArn": SHARE_ARN,
        "status": "AVAILABLE", "creationTime": "2024-01-10T09:00:01.236000+00:00",
        "lastUpdatedTime": "2024-01-10T09:00:02.871000+00:00", "resourceRegionScope": "REGIONAL"} for s in SHARED]}


def shared_vpc(missing_default_route=None, owner_collected=True):
    """The whole organisation's export; missing_default_route: the zone ID whose private route
    table lacks 0.0.0.0/0 -> NAT gateway.

    What each account's describe-* prints follows vpc-share-limitations.html: participants can
    describe the shared VPC, the subnets shared with them, the route tables and the owner's network
    ACLs of those subnets, and the internet gateway; they cannot describe NAT gateways; "VPC tags and
    tags for the resources within the shared VPC are not shared with the participants" (so their
    views carry no owner tags). The owner can describe the participants' security groups."""
    docs = {}

    def put(account, name, doc):
        docs[f"{account}/{REGION}/{name}"] = doc

    fn_group = security_group(SG_FN, SHARED_VPC, FUNCTIONS, "orders-api", [], description="Lambda function orders-api")
    db_group = security_group(SG_DB, SHARED_VPC, DATABASES, "orders-db",
                              [perm("tcp", 5432, groups=[(SG_FN, FUNCTIONS)])],
                              description="PostgreSQL from orders-api (account 222222222222)")
    tables = [route_table(RTB_MAIN, SHARED_VPC, OWNER, "orders-shared-main", [route("10.50.0.0/16")], main=True),
              route_table(RTB_PUBLIC, SHARED_VPC, OWNER, "orders-shared-public",
                          [route("10.50.0.0/16"), route("0.0.0.0/0", IGW)], PUBLIC)]
    for i, z in enumerate(ZONE_IDS):
        routes = [route("10.50.0.0/16")]
        if z != missing_default_route:
            routes.append(route("0.0.0.0/0", NAT[z]))
        tables.append(route_table(RTB_PRIVATE[z], SHARED_VPC, OWNER, f"orders-shared-private-{z}", routes,
                                  [APP[i], DATA[i]]))
    acl = default_acl(ACL, SHARED_VPC, OWNER, PUBLIC + APP + DATA)
    igw = {"Attachments": [{"State": "available", "VpcId": SHARED_VPC}], "InternetGatewayId": IGW, "OwnerId": OWNER,
           "Tags": tags("orders-shared-igw")}
    shared_ids = {x.id for x in SHARED}

    if owner_collected:
        put(OWNER, "ec2-describe-vpcs.json", {"Vpcs": [vpc(SHARED_VPC, "10.50.0.0/16", OWNER, "orders-shared")]})
        put(OWNER, "ec2-describe-subnets.json", {"Subnets": [x.view(OWNER) for x in PUBLIC + APP + DATA]})
        put(OWNER, "ec2-describe-route-tables.json", {"RouteTables": tables})
        put(OWNER, "ec2-describe-network-acls.json", {"NetworkAcls": [acl]})
        put(OWNER, "ec2-describe-internet-gateways.json", {"InternetGateways": [igw]})
        put(OWNER, "ec2-describe-nat-gateways.json", {"NatGateways": [{
            "CreateTime": "2024-01-09T14:20:00+00:00",
            "NatGatewayAddresses": [{"AllocationId": "eipalloc-" + NAT[z][4:], "NetworkInterfaceId": "eni-" + NAT[z][4:],
                                     "PrivateIp": f"10.50.{i}.10", "PublicIp": NAT_EIP[z],
                                     "AssociationId": "eipassoc-" + NAT[z][4:], "IsPrimary": True,
                                     "Status": "succeeded"}],
            "NatGatewayId": NAT[z], "State": "available", "SubnetId": PUBLIC[i].id, "VpcId": SHARED_VPC,
            "Tags": tags(f"orders-shared-nat-{z}"), "ConnectivityType": "public"} for i, z in enumerate(ZONE_IDS)]})
        put(OWNER, "ec2-describe-security-groups.json", {"SecurityGroups": [
            default_group(SG_DEFAULT, SHARED_VPC, OWNER), fn_group, db_group]})
        put(OWNER, "ec2-describe-availability-zones.json", availability_zones(OWNER))
        put(OWNER, "ram-get-resource-shares.json", resource_shares())
        put(OWNER, "ram-list-resources.json", shared_resources())

    # The participants' view: the route tables and the owner's ACL of the subnets shared with them
    # (associations to subnets not shared with them left out), the internet gateway, no NAT gateway,
    # no owner tags.
    seen_tables = [dict(t, Tags=[]) for t in tables
                   if any(a.get("SubnetId") in shared_ids for a in t["Associations"])]
    seen_acl = dict(acl, Tags=[], Associations=[a for a in acl["Associations"] if a["SubnetId"] in shared_ids])
    for account in (FUNCTIONS, DATABASES):
        put(account, "ec2-describe-vpcs.json", {"Vpcs": [vpc(SHARED_VPC, "10.50.0.0/16", OWNER)]})
        put(account, "ec2-describe-subnets.json", {"Subnets": [x.view(account) for x in SHARED]})
        put(account, "ec2-describe-route-tables.json", {"RouteTables": seen_tables})
        put(account, "ec2-describe-network-acls.json", {"NetworkAcls": [seen_acl]})
        put(account, "ec2-describe-internet-gateways.json", {"InternetGateways": [dict(igw, Tags=[])]})
        put(account, "ec2-describe-nat-gateways.json", {"NatGateways": []})
        put(account, "ec2-describe-availability-zones.json", availability_zones(account))
        put(account, "ram-get-resource-shares.json", resource_shares())
        put(account, "ram-list-resources.json", shared_resources())

    put(FUNCTIONS, "ec2-describe-security-groups.json", {"SecurityGroups": [fn_group]})
    put(FUNCTIONS, "lambda-list-functions.json", {"Functions": [
        function(FN_ORDERS, FUNCTIONS, APP, [SG_FN], SHARED_VPC, "Xq3jv0cJx8m1m4hYt0uVQ6N1zJ4bqk3H5c2QyQ7fW9E=",
                 "0a12c0de-3f4e-4b5a-9c6d-7e8f9a0b1c2d")]})
    docs[f"{FUNCTIONS}/global/iam-get-account-authorization-details.json"] = iam_with_vpc_access_role(
        FUNCTIONS, "orders-api-role", "AROAE0A12ORDERSAPI001")

    put(DATABASES, "ec2-describe-security-groups.json", {"SecurityGroups": [db_group]})
    put(DATABASES, "rds-describe-db-instances.json", {"DBInstances": [
        db_instance("orders-db", DATABASES, DATA, SHARED_VPC, "orders-db-shared", [SG_DB])]})
    return docs


def app_subnets(blockers_by_zone=None):
    """Expected entries for orders-api's subnets, zones named as account 222222222222 names them: a
    subnet with blockers is unreachable, the others reachable."""
    out = {}
    for s in APP:
        b = (blockers_by_zone or {}).get(s.zone_id, [])
        out[s.id] = ("unreachable" if b else "reachable", b,
                     {"availabilityZone": zone_name(FUNCTIONS, s.zone_id), "availabilityZoneId": s.zone_id})
    return out


def zone_words(s):
    return (f"{s.id} ({s.zone_id}: {zone_name(OWNER, s.zone_id)} for the owner, "
            f"{zone_name(FUNCTIONS, s.zone_id)} for 222222222222, {zone_name(DATABASES, s.zone_id)} for 333333333333)")


SHARED_BASE = (
    f"Network account {OWNER} owns {SHARED_VPC} (10.50.0.0/16) and shares its private subnets, three app subnets "
    f"{', '.join(zone_words(s) for s in APP)} and three data subnets {', '.join(s.id for s in DATA)} (the same three "
    f"zones), through one AWS RAM resource share with {FUNCTIONS} and {DATABASES}. Each account names the zones "
    "its own way (AZ IDs are the same in every account): each describe-subnets shows the participant's own zone "
    "name beside the same AvailabilityZoneId. The participants' exports show the shared VPC and the subnets "
    "shared with them (OwnerId 111111111111), the route tables and the owner's network ACL of those subnets and "
    "the internet gateway, without the owner's tags, and no NAT gateway (participants cannot describe NAT "
    "gateways); the owner's export shows the participants' security groups too. "
    f"The owner's route tables: public subnets {', '.join(s.id for s in PUBLIC)} send 0.0.0.0/0 to {IGW}; each zone's "
    f"app and data subnets share a private table ({', '.join(RTB_PRIVATE[z] for z in ZONE_IDS)}) that sends "
    f"0.0.0.0/0 to the NAT gateway of that zone ({', '.join(NAT[z] for z in ZONE_IDS)}, available, in the public "
    "subnet of the zone). The default network ACL allows everything. "
    f"Account {FUNCTIONS} runs orders-api in the three app subnets with its own group {SG_FN} (all egress), "
    "execution role with AWSLambdaVPCAccessExecutionRole. "
    f"Account {DATABASES} runs the PostgreSQL instance orders-db in the three data subnets (DB subnet group "
    f"orders-db-shared, zones named as {DATABASES} names them) with its own group {SG_DB}, which admits tcp 5432 "
    f"from {SG_FN} by reference with UserId {FUNCTIONS}: a reference to another account's group, which AWS allows "
    "inside one shared VPC.")

SHARING_RULE = ("AWS VPC sharing (docs.aws.amazon.com/vpc/latest/userguide/vpc-sharing.html, vpc-share-limitations.html, "
                "example-vpc-share.html): the owner owns and manages the subnets, route tables, network ACLs and "
                "gateways; participants create their own resources (functions, databases, security groups) in the "
                "shared subnets, whose route tables are the owner's, the same as for an unshared subnet; a "
                "participant sees only the subnets shared with it, can describe their route tables, the owner's "
                "NACLs and the internet gateway, and cannot describe NAT gateways; tags are not shared. AZ names are mapped per account, AZ IDs are "
                "the same everywhere (vpc-sharing-share-subnet-working-with.html, 'Map subnets across Availability "
                "Zones').")


def shared_vpc_stories():
    # 1. Internet through the owner's NAT gateways.
    write("shared-vpc-internet-through-owner-nat", shared_vpc(), story(
        SHARED_BASE + " orders-api's traffic to the internet follows the route tables of the subnets it runs in, "
        "which are the owner's: each app subnet sends 0.0.0.0/0 to the owner's NAT gateway of its zone, in a public "
        f"subnet routed to the attached {IGW}. The NAT gateway carries the participant's traffic like any other in "
        "the VPC: reachable from all three subnets.",
        SHARING_RULE + " aws-semantics.md, Routing (per subnet): Which table; Gateways: Public NAT gateway; "
        "The function's side: One source per subnet.",
        [q(FN_ORDERS, "internet", "reachable", app_subnets(), port=443)]))

    # 2. The database of the other participant, through the local route.
    write("shared-vpc-rds-in-other-participant", shared_vpc(), story(
        SHARED_BASE + f" orders-api -> rds:orders-db: the app subnets' tables route 10.50.0.0/16 locally, so the "
        f"data subnets of {DATABASES} are reached within the VPC; the default ACL allows both ways; {SG_FN} allows "
        f"all egress and {SG_DB} admits 5432 from {SG_FN} (a group of another account, referenced in the same shared "
        "VPC): reachable from all three subnets, although the function, the database and the subnets belong to "
        "three different accounts.",
        SHARING_RULE + " Participants can reference the security groups of other participants of the same "
        "shared VPC. aws-semantics.md, Services as destinations: RDS; Security groups: Ingress at the destination "
        "(by reference to one of the function's groups).",
        [q(FN_ORDERS, "rds:orders-db", "reachable", app_subnets(), port=5432)]))

    # 3. The owner's private route table of one zone has no default route.
    z = "use1-az2"
    s = next(x for x in APP if x.zone_id == z)
    blk = [f"NO_ROUTE_TO_DESTINATION@{RTB_PRIVATE[z]}"]
    write("shared-vpc-owner-route-missing-one-az", shared_vpc(missing_default_route=z), story(
        SHARED_BASE + f" But the owner's private route table of zone {z}, {RTB_PRIVATE[z]}, has lost its 0.0.0.0/0 "
        f"route to {NAT[z]} (the NAT gateway itself is still there). The owner calls that zone "
        f"{zone_name(OWNER, z)}; account {FUNCTIONS}, where orders-api runs, sees the same subnet {s.id} in "
        f"{zone_name(FUNCTIONS, z)} ({z}), and that is the name its team will find in its own console. Invocations "
        f"that run behind {s.id} time out: NO_ROUTE_TO_DESTINATION at {RTB_PRIVATE[z]}, a table the function's "
        "account can describe but not change (the fix is the owner's). The two other subnets keep their NAT gateway: "
        "partial. orders-db, reached by the local route that every private table keeps, stays reachable from all "
        "three subnets.",
        SHARING_RULE + " aws-semantics.md, The function's side: One source per subnet (some subnets fail: "
        "partial); How a destination is found: The source's route table decides first (NO_ROUTE_TO_DESTINATION at "
        "the owner's table).",
        [q(FN_ORDERS, "internet", "partial", app_subnets({z: blk}), port=443),
         q(FN_ORDERS, "rds:orders-db", "reachable", app_subnets(), port=5432)]))

    # 4. Only the participants were collected.
    docs = shared_vpc(owner_collected=False)

    def not_imported():
        return {x.id: ("unreachable", [f"SHARED_SUBNET_OWNER_NOT_IMPORTED@{x.id}"],
                       {"availabilityZone": zone_name(FUNCTIONS, x.zone_id), "availabilityZoneId": x.zone_id})
                for x in APP}
    write("shared-vpc-owner-not-collected", docs, story(
        SHARED_BASE + f" The same organisation as shared-vpc-internet-through-owner-nat, but only accounts "
        f"{FUNCTIONS} and {DATABASES} were collected, not the network account {OWNER}. Their exports hold what "
        "participants may describe: the shared VPC and subnets (OwnerId 111111111111), the private route tables "
        f"{', '.join(RTB_PRIVATE[z] for z in ZONE_IDS)} with their routes to {', '.join(NAT[z] for z in ZONE_IDS)}, "
        f"the owner's default ACL {ACL} and {IGW}, RAM's resource share from {OWNER}; but no NAT gateway, since "
        "participants cannot describe NAT gateways, and neither the public subnets nor their route table, which are "
        "not shared with them. orders-api -> internet: each app subnet's 0.0.0.0/0 leads to a NAT gateway of the "
        f"owner's that is not exported, not deleted (the routes are active): whether it is available, and whether "
        "its public subnet routes to the internet gateway, is unknown. Nothing may be called reachable, and neither "
        "BAD_STATE_ROUTE (a route to a missing target) nor NO_ROUTE_TO_DESTINATION would be true: "
        f"SHARED_SUBNET_OWNER_NOT_IMPORTED at each subnet, shared by {OWNER}, whose NAT gateways and public subnets are "
        "not in the inventory (the fix is to collect the owner account too). orders-api -> rds:orders-db needs "
        f"nothing the participants cannot see: the local route, the owner's ACL, {SG_FN} and {SG_DB}: reachable "
        "from all three subnets, with the owner's export missing.",
        SHARING_RULE + " lambda-reach's rule, on these facts: an owner's resource a participant cannot describe "
        "(a NAT gateway) is not exported, never deleted; a path through it cannot be judged without the owner's "
        "export (SHARED_SUBNET_OWNER_NOT_IMPORTED, ours, per subnet), and a path that avoids it is judged as usual.",
        [q(FN_ORDERS, "internet", "unreachable", not_imported(), port=443, extra={"ownerAccount": OWNER}),
         q(FN_ORDERS, "rds:orders-db", "reachable", app_subnets(), port=5432, extra={"ownerAccount": OWNER})]))


# ===========================================================================================
# Family 2: central interface endpoints in a hub VPC, reached through a transit gateway.
# ===========================================================================================

ACCT = "444444444444"
HUB, SPOKE = "vpc-0b21000000000001", "vpc-0b22000000000001"
HUB_CIDR, SPOKE_CIDR = "10.0.0.0/16", "10.1.0.0/16"
AZ_A, AZ_B = ZONES[ACCT]["us-east-1a"], ZONES[ACCT]["us-east-1b"]
HUB_EP = [Subnet("subnet-0b21000000000001", HUB, "10.0.1.0/24", AZ_A, ACCT, "shared-services-endpoints-a"),
          Subnet("subnet-0b21000000000002", HUB, "10.0.2.0/24", AZ_B, ACCT, "shared-services-endpoints-b")]
HUB_TGW = [Subnet("subnet-0b21000000000003", HUB, "10.0.240.0/28", AZ_A, ACCT, "shared-services-tgw-a"),
           Subnet("subnet-0b21000000000004", HUB, "10.0.240.16/28", AZ_B, ACCT, "shared-services-tgw-b")]
SPOKE_APP = [Subnet("subnet-0b22000000000001", SPOKE, "10.1.1.0/24", AZ_A, ACCT, "payments-app-a"),
             Subnet("subnet-0b22000000000002", SPOKE, "10.1.2.0/24", AZ_B, ACCT, "payments-app-b")]
SPOKE_TGW = [Subnet("subnet-0b22000000000003", SPOKE, "10.1.240.0/28", AZ_A, ACCT, "payments-tgw-a"),
             Subnet("subnet-0b22000000000004", SPOKE, "10.1.240.16/28", AZ_B, ACCT, "payments-tgw-b")]
RTB_HUB_MAIN, RTB_HUB = "rtb-0b21000000000001", "rtb-0b21000000000002"
RTB_SPOKE_MAIN, RTB_SPOKE = "rtb-0b22000000000001", "rtb-0b22000000000002"
TGW, TRTB = "tgw-0b20000000000001", "tgw-rtb-0b20000000000001"
ATT_HUB, ATT_SPOKE = "tgw-attach-0b21000000000001", "tgw-attach-0b22000000000001"
SG_HUB_DEFAULT, SG_ENDPOINTS, SG_RESOLVER = "sg-0b21000000000001", "sg-0b21000000000002", "sg-0b21000000000003"
SG_SPOKE_DEFAULT, SG_PAYMENTS = "sg-0b22000000000001", "sg-0b22000000000002"
FN_PAYMENTS = "payments"
# service, endpoint, DNS suffix of its regional name, last octet of its addresses, private hosted
# zone, resolver rule and association, the ID of the endpoint's AWS-managed private DNS zone.
SERVICES = [
    ("secretsmanager", "vpce-0b21000000000001", "e4c1a9b2", 11, "Z0B21000000000000001",
     "rslvr-rr-0b210000000000001", "rslvr-rrassoc-0b210000000000001", "Z0B21000000000000101"),
    ("sts", "vpce-0b21000000000002", "3f8d0c6a", 12, "Z0B21000000000000002",
     "rslvr-rr-0b210000000000002", "rslvr-rrassoc-0b210000000000002", "Z0B21000000000000102"),
    ("logs", "vpce-0b21000000000003", "9b27e5d1", 13, "Z0B21000000000000003",
     "rslvr-rr-0b210000000000003", "rslvr-rrassoc-0b210000000000003", "Z0B21000000000000103"),
]
RESOLVER_IN, RESOLVER_OUT = "rslvr-in-0b210000000000001", "rslvr-out-0b210000000000002"
INBOUND_IPS = ["10.0.1.53", "10.0.2.53"]
OUTBOUND_IPS = ["10.0.1.54", "10.0.2.54"]
VPCE_ZONE = "Z7HUB22UULQXV"  # the hosted zone of interface endpoints' DNS names in us-east-1


def regional_name(service, vpce, suffix):
    return f"{vpce}-{suffix}.{service}.{REGION}.vpce.amazonaws.com"


def eni(eid, subnet, ip, groups, description, interface_type, requester=None):
    e = {"AvailabilityZone": zone_name(ACCT, subnet.zone_id), "Description": description,
         "Groups": [{"GroupId": g, "GroupName": n} for g, n in groups], "InterfaceType": interface_type,
         "Ipv6Addresses": [], "MacAddress": "0e:" + ":".join(eid[-10:][i:i + 2] for i in range(0, 10, 2)),
         "NetworkInterfaceId": eid, "OwnerId": ACCT, "PrivateDnsName": ip_dns(ip), "PrivateIpAddress": ip,
         "PrivateIpAddresses": [{"Primary": True, "PrivateDnsName": ip_dns(ip), "PrivateIpAddress": ip}],
         "RequesterManaged": True, "SourceDestCheck": True, "Status": "in-use", "SubnetId": subnet.id, "TagSet": [],
         "VpcId": subnet.vpc}
    if requester:
        e["RequesterId"] = requester
    return e


def central(private_dns=False, resolver=False, endpoint_ingress=("10.0.0.0/8",), spoke_zones=None):
    """The hub-and-spoke account. private_dns: the endpoints' PrivateDnsEnabled. resolver: the Route 53
    Resolver endpoints and forwarding rules exist (and no private hosted zone). spoke_zones: the
    services whose private hosted zone is associated with the spoke (default: all three)."""
    docs = {}

    def put(name, doc):
        docs[f"{ACCT}/{REGION}/{name}"] = doc

    put("ec2-describe-vpcs.json", {"Vpcs": [vpc(HUB, HUB_CIDR, ACCT, "shared-services"),
                                            vpc(SPOKE, SPOKE_CIDR, ACCT, "payments")]})
    put("ec2-describe-subnets.json", {"Subnets": [s.view(ACCT) for s in HUB_EP + HUB_TGW + SPOKE_APP + SPOKE_TGW]})
    put("ec2-describe-route-tables.json", {"RouteTables": [
        route_table(RTB_HUB_MAIN, HUB, ACCT, "shared-services-main", [route(HUB_CIDR)], main=True),
        route_table(RTB_HUB, HUB, ACCT, "shared-services-private", [route(HUB_CIDR), route(SPOKE_CIDR, TGW)],
                    HUB_EP + HUB_TGW),
        route_table(RTB_SPOKE_MAIN, SPOKE, ACCT, "payments-main", [route(SPOKE_CIDR)], main=True),
        route_table(RTB_SPOKE, SPOKE, ACCT, "payments-app", [route(SPOKE_CIDR), route("10.0.0.0/8", TGW)],
                    SPOKE_APP)]})
    put("ec2-describe-network-acls.json", {"NetworkAcls": [
        default_acl("acl-0b21000000000001", HUB, ACCT, HUB_EP + HUB_TGW),
        default_acl("acl-0b22000000000001", SPOKE, ACCT, SPOKE_APP + SPOKE_TGW)]})
    put("ec2-describe-internet-gateways.json", {"InternetGateways": []})
    put("ec2-describe-nat-gateways.json", {"NatGateways": []})
    groups = [default_group(SG_HUB_DEFAULT, HUB, ACCT),
              security_group(SG_ENDPOINTS, HUB, ACCT, "central-endpoints",
                             [perm("tcp", 443, cidrs=list(endpoint_ingress))],
                             description="HTTPS to the central interface endpoints")]
    if resolver:
        groups.append(security_group(SG_RESOLVER, HUB, ACCT, "dns-resolver-endpoints",
                                     [perm("udp", 53, cidrs=[HUB_CIDR]), perm("tcp", 53, cidrs=[HUB_CIDR])],
                                     description="DNS between the Route 53 Resolver endpoints"))
    groups += [default_group(SG_SPOKE_DEFAULT, SPOKE, ACCT),
               security_group(SG_PAYMENTS, SPOKE, ACCT, "payments", [], description="Lambda function payments")]
    put("ec2-describe-security-groups.json", {"SecurityGroups": groups})
    put("ec2-describe-availability-zones.json", availability_zones(ACCT))
    for vid in (HUB, SPOKE):
        docs[f"{ACCT}/{REGION}/ec2-describe-vpc-attribute/{vid}-enable-dns-support.json"] = {
            "VpcId": vid, "EnableDnsSupport": {"Value": True}}
        docs[f"{ACCT}/{REGION}/ec2-describe-vpc-attribute/{vid}-enable-dns-hostnames.json"] = {
            "VpcId": vid, "EnableDnsHostnames": {"Value": True}}

    endpoints, enis = [], []
    for n, (service, vpce, suffix, octet, _, _, _, managed_zone) in enumerate(SERVICES):
        name = regional_name(service, vpce, suffix)
        entries = [{"DnsName": name, "HostedZoneId": VPCE_ZONE}] + [
            {"DnsName": f"{vpce}-{suffix}-{zone_name(ACCT, s.zone_id)}.{service}.{REGION}.vpce.amazonaws.com",
             "HostedZoneId": VPCE_ZONE} for s in HUB_EP]
        if private_dns:
            entries.append({"DnsName": f"{service}.{REGION}.amazonaws.com", "HostedZoneId": managed_zone})
        eni_ids = [f"eni-0b2100000000000{2 * n + i + 1:x}" for i in range(2)]
        endpoints.append({
            "VpcEndpointId": vpce, "VpcEndpointType": "Interface", "VpcId": HUB,
            "ServiceName": f"com.amazonaws.{REGION}.{service}", "State": "available",
            "PolicyDocument": "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
            "RouteTableIds": [], "SubnetIds": [s.id for s in HUB_EP],
            "Groups": [{"GroupId": SG_ENDPOINTS, "GroupName": "central-endpoints"}], "IpAddressType": "ipv4",
            "DnsOptions": {"DnsRecordIpType": "ipv4"}, "PrivateDnsEnabled": private_dns, "RequesterManaged": False,
            "NetworkInterfaceIds": eni_ids, "DnsEntries": entries, "CreationTimestamp": "2024-02-12T10:41:09.211000+00:00",
            "Tags": tags(f"central-{service}"), "OwnerId": ACCT})
        for i, s in enumerate(HUB_EP):
            enis.append(eni(eni_ids[i], s, f"10.0.{i + 1}.{octet}", [(SG_ENDPOINTS, "central-endpoints")],
                            f"VPC Endpoint Interface {vpce}", "vpc_endpoint", requester="727180483921"))
    put("ec2-describe-vpc-endpoints.json", {"VpcEndpoints": endpoints})

    resolver_endpoints = []
    if resolver:
        for direction, rid, ips, first in (("INBOUND", RESOLVER_IN, INBOUND_IPS, 0x11),
                                           ("OUTBOUND", RESOLVER_OUT, OUTBOUND_IPS, 0x13)):
            resolver_endpoints.append({
                "Id": rid, "CreatorRequestId": f"shared-services-{direction.lower()}",
                "Arn": f"arn:aws:route53resolver:{REGION}:{ACCT}:resolver-endpoint/{rid}",
                "Name": f"shared-services-{direction.lower()}", "SecurityGroupIds": [SG_RESOLVER],
                "Direction": direction, "IpAddressCount": 2, "HostVPCId": HUB, "Status": "OPERATIONAL",
                "StatusMessage": "This Resolver Endpoint is operational.",
                "CreationTime": "2024-02-12T11:02:45.538Z", "ModificationTime": "2024-02-12T11:02:45.538Z",
                "ResolverEndpointType": "IPV4", "Protocols": ["Do53"]})
            for i, (s, ip) in enumerate(zip(HUB_EP, ips)):
                enis.append(eni(f"eni-0b2100000000{first + i:04x}", s, ip, [(SG_RESOLVER, "dns-resolver-endpoints")],
                                f"Route 53 Resolver: {rid}:rni-0b2100000000{first + i:04x}", "interface"))
    put("ec2-describe-network-interfaces.json", {"NetworkInterfaces": enis})
    put("route53resolver-list-resolver-endpoints.json", {"ResolverEndpoints": resolver_endpoints})

    rules = [{"Id": "rslvr-autodefined-rr-internet-resolver", "CreatorRequestId": "",
              "Arn": f"arn:aws:route53resolver:{REGION}::autodefined-rule/rslvr-autodefined-rr-internet-resolver",
              "DomainName": ".", "Status": "COMPLETE", "RuleType": "RECURSIVE", "Name": "Internet Resolver",
              "OwnerId": "Route 53 Resolver", "ShareStatus": "NOT_SHARED"}]
    associations = [{"Id": f"rslvr-autodefined-assoc-{vid}-internet-resolver",
                     "ResolverRuleId": "rslvr-autodefined-rr-internet-resolver", "Name": "System Rule Association",
                     "VPCId": vid, "Status": "COMPLETE", "StatusMessage": ""} for vid in (HUB, SPOKE)]
    if resolver:
        for service, _, _, _, _, rule_id, assoc_id, _ in SERVICES:
            rules.append({
                "Id": rule_id, "CreatorRequestId": f"central-endpoints-{service}",
                "Arn": f"arn:aws:route53resolver:{REGION}:{ACCT}:resolver-rule/{rule_id}",
                "DomainName": f"{service}.{REGION}.amazonaws.com.", "Status": "COMPLETE",
                "StatusMessage": "[Trace id: 1-65ca0b7e-0b21c0de5e7a4d1f9a6b3c2d] Successfully created Resolver Rule.",
                "RuleType": "FORWARD", "Name": f"central-{service}",
                "TargetIps": [{"Ip": ip, "Port": 53} for ip in INBOUND_IPS], "ResolverEndpointId": RESOLVER_OUT,
                "OwnerId": ACCT, "ShareStatus": "NOT_SHARED", "CreationTime": "2024-02-12T11:10:02.114Z",
                "ModificationTime": "2024-02-12T11:10:02.114Z"})
            associations.append({"Id": assoc_id, "ResolverRuleId": rule_id, "Name": f"payments-{service}",
                                 "VPCId": SPOKE, "Status": "COMPLETE", "StatusMessage": ""})
    put("route53resolver-list-resolver-rules.json", {"ResolverRules": rules})
    put("route53resolver-list-resolver-rule-associations.json", {"ResolverRuleAssociations": associations})

    def zone_summary(service, zone):
        return {"HostedZoneId": zone, "Name": f"{service}.{REGION}.amazonaws.com.", "Owner": {"OwningAccount": ACCT}}

    if resolver:
        # The spoke has no private hosted zone. (The hub VPC's file is left out: whether
        # ListHostedZonesByVPC lists the endpoints' AWS-managed private DNS zones was not verified.)
        docs[f"{ACCT}/{REGION}/route53-list-hosted-zones-by-vpc/{SPOKE}.json"] = {
            "HostedZoneSummaries": [], "VPCId": SPOKE, "VPCRegion": REGION}
    else:
        in_spoke = set(spoke_zones if spoke_zones is not None else [s[0] for s in SERVICES])
        docs[f"{ACCT}/{REGION}/route53-list-hosted-zones-by-vpc/{HUB}.json"] = {
            "HostedZoneSummaries": [zone_summary(s[0], s[4]) for s in SERVICES], "VPCId": HUB, "VPCRegion": REGION}
        docs[f"{ACCT}/{REGION}/route53-list-hosted-zones-by-vpc/{SPOKE}.json"] = {
            "HostedZoneSummaries": [zone_summary(s[0], s[4]) for s in SERVICES if s[0] in in_spoke],
            "VPCId": SPOKE, "VPCRegion": REGION}
        for service, vpce, suffix, _, zone, _, _, _ in SERVICES:
            apex = f"{service}.{REGION}.amazonaws.com."
            docs[f"{ACCT}/{REGION}/route53-list-resource-record-sets/{zone}.json"] = {
                "HostedZoneId": zone, "ResourceRecordSets": [
                    {"Name": apex, "Type": "A",
                     "AliasTarget": {"HostedZoneId": VPCE_ZONE, "DNSName": regional_name(service, vpce, suffix) + ".",
                                     "EvaluateTargetHealth": True}},
                    {"Name": apex, "Type": "NS", "TTL": 172800, "ResourceRecords": [
                        {"Value": "ns-1536.awsdns-00.co.uk."}, {"Value": "ns-0.awsdns-00.com."},
                        {"Value": "ns-1024.awsdns-00.org."}, {"Value": "ns-512.awsdns-00.net."}]},
                    {"Name": apex, "Type": "SOA", "TTL": 900, "ResourceRecords": [
                        {"Value": "ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"}]}]}

    put("lambda-list-functions.json", {"Functions": [
        function(FN_PAYMENTS, ACCT, SPOKE_APP, [SG_PAYMENTS], SPOKE, "b1VqN0Zr6c8o2Jm4Hp5Tq9Lw3Xy7Ad2Ge6Ks0Ru4Ni8=",
                 "0b22c0de-8a7b-4c6d-9e5f-4a3b2c1d0e9f")]})

    # The transit gateway, as transit-gateway-vpc-to-vpc-rds models it.
    put("ec2-describe-transit-gateways.json", {"TransitGateways": [{
        "TransitGatewayId": TGW, "TransitGatewayArn": f"arn:aws:ec2:{REGION}:{ACCT}:transit-gateway/{TGW}",
        "State": "available", "OwnerId": ACCT, "Description": "hub", "CreationTime": "2024-02-01T10:00:00+00:00",
        "Options": {"AmazonSideAsn": 64512, "AutoAcceptSharedAttachments": "disable",
                    "DefaultRouteTableAssociation": "enable", "AssociationDefaultRouteTableId": TRTB,
                    "DefaultRouteTablePropagation": "enable", "PropagationDefaultRouteTableId": TRTB,
                    "VpnEcmpSupport": "enable", "DnsSupport": "enable", "SecurityGroupReferencingSupport": "disable",
                    "MulticastSupport": "disable"},
        "Tags": tags("hub")}]})
    atts = ((ATT_HUB, HUB, HUB_TGW), (ATT_SPOKE, SPOKE, SPOKE_TGW))
    put("ec2-describe-transit-gateway-vpc-attachments.json", {"TransitGatewayVpcAttachments": [{
        "TransitGatewayAttachmentId": aid, "TransitGatewayId": TGW, "VpcId": vid, "VpcOwnerId": ACCT,
        "State": "available", "SubnetIds": [s.id for s in subnets], "CreationTime": "2024-02-01T10:05:00+00:00",
        "Options": {"DnsSupport": "enable", "SecurityGroupReferencingSupport": "enable", "Ipv6Support": "disable",
                    "ApplianceModeSupport": "disable"}, "Tags": []} for aid, vid, subnets in atts]})
    put("ec2-describe-transit-gateway-attachments.json", {"TransitGatewayAttachments": [{
        "TransitGatewayAttachmentId": aid, "TransitGatewayId": TGW, "TransitGatewayOwnerId": ACCT,
        "ResourceOwnerId": ACCT, "ResourceType": "vpc", "ResourceId": vid, "State": "available",
        "Association": {"TransitGatewayRouteTableId": TRTB, "State": "associated"},
        "CreationTime": "2024-02-01T10:05:00+00:00", "Tags": []} for aid, vid, _ in atts]})
    put("ec2-describe-transit-gateway-route-tables.json", {"TransitGatewayRouteTables": [{
        "TransitGatewayRouteTableId": TRTB, "TransitGatewayId": TGW, "State": "available",
        "DefaultAssociationRouteTable": True, "DefaultPropagationRouteTable": True,
        "CreationTime": "2024-02-01T10:00:00+00:00", "Tags": tags("hub-default")}]})
    link = lambda aid, vid, state: {"TransitGatewayAttachmentId": aid, "ResourceId": vid, "ResourceType": "vpc",
                                    "State": state}
    put(f"ec2-get-transit-gateway-route-table-associations/{TRTB}.json", {
        "TransitGatewayRouteTableId": TRTB, "Associations": [link(a, v, "associated") for a, v, _ in atts]})
    put(f"ec2-get-transit-gateway-route-table-propagations/{TRTB}.json", {
        "TransitGatewayRouteTableId": TRTB,
        "TransitGatewayRouteTablePropagations": [link(a, v, "enabled") for a, v, _ in atts]})
    put(f"ec2-search-transit-gateway-routes/{TRTB}.json", {"TransitGatewayRouteTableId": TRTB, "Routes": [
        {"DestinationCidrBlock": cidr, "TransitGatewayAttachments": [
            {"ResourceId": vid, "TransitGatewayAttachmentId": aid, "ResourceType": "vpc"}],
         "Type": "propagated", "State": "active"}
        for cidr, aid, vid in ((HUB_CIDR, ATT_HUB, HUB), (SPOKE_CIDR, ATT_SPOKE, SPOKE))],
        "AdditionalRoutesAvailable": False})
    return docs


def service_query(service, verdict, blockers=(), via=None):
    """payments -> aws:SERVICE (logs: aws:logs, the CloudWatch Logs API the logs endpoint serves)."""
    vpce = next(s[1] for s in SERVICES if s[0] == service)
    extra = None
    if via is not None:
        extra = {"dns": {"name": f"{service}.{REGION}.amazonaws.com", "endpoint": vpce, "via": via}}
    subnets = {s.id: (verdict, list(blockers), {}) for s in SPOKE_APP}
    return q(FN_PAYMENTS, f"aws:{service}", verdict, subnets, port=443, extra=extra)


def zone_of(service):
    return next(s[4] for s in SERVICES if s[0] == service)


def rule_of(service):
    return next(s[5] for s in SERVICES if s[0] == service)


CENTRAL_BASE = (
    f"One account, {ACCT}. The hub VPC shared-services {HUB} (10.0.0.0/16) holds interface endpoints for "
    f"secretsmanager, sts and logs ({', '.join(s[1] for s in SERVICES)}), each with a network interface in "
    f"{HUB_EP[0].id} and {HUB_EP[1].id}, all in the group {SG_ENDPOINTS}, which admits tcp 443 from 10.0.0.0/8. "
    f"The spoke VPC payments {SPOKE} (10.1.0.0/16) runs the function payments in {SPOKE_APP[0].id} and "
    f"{SPOKE_APP[1].id} (group {SG_PAYMENTS}, all egress); their table {RTB_SPOKE} has the local route and "
    f"10.0.0.0/8 -> {TGW}, no NAT gateway and no default route. Both VPCs are attached to {TGW} in both zones "
    f"({ATT_HUB}, {ATT_SPOKE}), both attachments associated with and propagating into {TRTB}; the hub's subnets "
    f"(table {RTB_HUB}) route 10.1.0.0/16 back to the transit gateway. Default network ACLs; both VPCs have "
    "enableDnsSupport and enableDnsHostnames on. The SDK calls the services by their regional names "
    "(secretsmanager.us-east-1.amazonaws.com, ...), so everything hangs on what those names resolve to in the "
    "spoke VPC. The logs endpoint serves the CloudWatch Logs API, the target aws:logs (calls the code makes with "
    "an SDK); the target logs, the delivery of the function's own output, goes through the Lambda service and "
    "needs no endpoint.")

PHZ_BASE = (
    " The endpoints have private DNS off (PrivateDnsEnabled false: the private DNS zone AWS manages for an "
    "endpoint answers only inside the endpoint's own VPC). Instead, for each service the hub team created a "
    "private hosted zone named after the service's regional name "
    f"({', '.join(f'{s[0]}.us-east-1.amazonaws.com. {s[4]}' for s in SERVICES)}), holding an apex A alias record "
    "to the endpoint's regional DNS name (alias zone Z7HUB22UULQXV), and associated them with the hub and spoke "
    "VPCs.")

PHZ_RULE = ("AWS whitepaper 'Building a Scalable and Secure Multi-VPC AWS Network Infrastructure', Centralized "
            "access to VPC private endpoints (docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-"
            "multi-vpc-network-infrastructure/centralized-access-to-vpc-private-endpoints.html): with private DNS "
            "off, a private hosted zone named after the service with an alias record to the endpoint, associated "
            "with the spoke VPCs, resolves the service's name to the central endpoint; Route 53 private hosted "
            "zones answer only in the VPCs associated with them. aws-semantics.md, Gateways: interface endpoints "
            "(their groups must admit 443 from the function), transit gateway (association, propagation, return "
            "routes); Services as destinations: other AWS services.")


def central_stories():
    # 5. Private hosted zones associated with the spoke.
    write("central-endpoints-private-hosted-zone", central(), story(
        CENTRAL_BASE + PHZ_BASE + " In the spoke, each name resolves through its zone to the endpoint's "
        "addresses in the hub (10.0.1.x, 10.0.2.x); 10.0.0.0/8 -> transit gateway -> the hub's attachment -> local "
        f"delivery; {SG_ENDPOINTS} admits 10.0.0.0/8, which holds both function subnets; the replies return by "
        f"10.1.0.0/16 -> {TGW}. aws:secretsmanager, aws:sts and aws:logs are reachable from both subnets, each "
        "through its endpoint, resolved by its zone.",
        PHZ_RULE,
        [service_query(s[0], "reachable", via=s[4]) for s in SERVICES]))

    # 6. Resolver forwarding rules to an inbound endpoint in the hub.
    write("central-endpoints-resolver-rule", central(private_dns=True, resolver=True), story(
        CENTRAL_BASE + " The endpoints have private DNS on, so inside the hub VPC the regional names resolve to "
        "them (through the private zone AWS manages for each endpoint, which answers in the hub VPC only). The spoke "
        "has no private hosted zone. Instead the hub runs Route 53 Resolver endpoints: inbound "
        f"{RESOLVER_IN} ({', '.join(INBOUND_IPS)}) and outbound {RESOLVER_OUT} ({', '.join(OUTBOUND_IPS)}), group "
        f"{SG_RESOLVER}; three FORWARD rules ({', '.join(f'{s[5]} for {s[0]}.us-east-1.amazonaws.com.' for s in SERVICES)}) "
        f"send those names through {RESOLVER_OUT} to the inbound endpoint's addresses, and are associated with the "
        f"spoke VPC only (Status COMPLETE). A question from payments to the spoke's Resolver for "
        "secretsmanager.us-east-1.amazonaws.com matches its FORWARD rule (more specific than the SYSTEM rule "
        "'Internet Resolver' for '.'), is answered in the hub VPC, and returns the endpoint's addresses. The network "
        "path is the one of central-endpoints-private-hosted-zone: reachable from both subnets for the three "
        "services.",
        "Route 53 Resolver forwarding rules (docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
        "resolver-forwarding-outbound-queries.html, resolver-forwarding-inbound-queries.html): a VPC associated with "
        "a FORWARD rule sends queries for its domain (and subdomains) to the rule's target IPs, the most specific "
        "rule winning; an inbound endpoint answers them as the Resolver of its own VPC, where the endpoints' private "
        "DNS applies. aws-semantics.md, Gateways: interface endpoints (private DNS resolves in the endpoint's "
        "VPC), transit gateway; Services as destinations: other AWS services.",
        [service_query(s[0], "reachable", via=s[5]) for s in SERVICES]))

    # 7. The zone for secretsmanager is not associated with the spoke.
    docs = central(spoke_zones=["sts", "logs"])
    blk = [f"NO_ROUTE_TO_DESTINATION@{RTB_SPOKE}"]
    write("central-endpoints-zone-not-associated", docs, story(
        CENTRAL_BASE + PHZ_BASE + f" But the zone secretsmanager.us-east-1.amazonaws.com. ({zone_of('secretsmanager')}) "
        "was associated with the hub VPC only: the spoke's list-hosted-zones-by-vpc shows the sts and logs zones and "
        "not it. In the spoke, secretsmanager.us-east-1.amazonaws.com is resolved by the public DNS to Secrets "
        f"Manager's public addresses; {RTB_SPOKE} has no default route and no NAT gateway, and its 10.0.0.0/8 route "
        f"does not cover a public address: NO_ROUTE_TO_DESTINATION at {RTB_SPOKE} from both subnets (the fix "
        "associates the zone with the spoke, aws route53 associate-vpc-with-hosted-zone). sts and logs still "
        "resolve to their central endpoints: reachable.",
        PHZ_RULE + " How a destination is found: the source's route table decides first.",
        [service_query("secretsmanager", "unreachable", blk),
         service_query("sts", "reachable", via=zone_of("sts")),
         service_query("logs", "reachable", via=zone_of("logs"))]))

    # 8. The endpoints' group admits the hub only.
    docs = central(endpoint_ingress=(HUB_CIDR,))
    blk = [f"ENI_SG_RULES_MISMATCH@{SG_ENDPOINTS}"]
    write("central-endpoints-group-excludes-spoke", docs, story(
        CENTRAL_BASE.replace("which admits tcp 443 from 10.0.0.0/8", "which admits tcp 443 from 10.0.0.0/16 only")
        + PHZ_BASE + f" As central-endpoints-private-hosted-zone, but {SG_ENDPOINTS} admits 443 only from "
        "10.0.0.0/16, the hub's own range, as if the endpoints served the hub alone. The names resolve to the "
        "endpoints and the transit gateway delivers the connections, but they arrive from 10.1.1.0/24 and "
        f"10.1.2.0/24, which no rule of {SG_ENDPOINTS} admits (a reference to {SG_PAYMENTS} would not match either "
        "across the transit gateway without referencing support): ENI_SG_RULES_MISMATCH at "
        f"{SG_ENDPOINTS} for all three services, from both subnets.",
        PHZ_RULE + " Security groups: Ingress at the destination (a CIDR must contain the whole of the function's "
        "subnet).",
        [service_query(s[0], "unreachable", blk, via=s[4]) for s in SERVICES]))

    # 9. The secretsmanager zone answers with addresses that no endpoint holds (the endpoint was
    # recreated and the record kept its old addresses).
    docs = central()
    zone = zone_of("secretsmanager")
    records = docs[f"{ACCT}/{REGION}/route53-list-resource-record-sets/{zone}.json"]["ResourceRecordSets"]
    records[0] = {"Name": records[0]["Name"], "Type": "A", "TTL": 300,
                  "ResourceRecords": [{"Value": "10.0.1.201"}, {"Value": "10.0.2.201"}]}
    blk = [f"DNS_ANSWER_NOT_THE_SERVICE@{zone}"]
    write("central-endpoints-zone-record-stale-addresses", docs, story(
        CENTRAL_BASE + PHZ_BASE + f" But the apex record of the secretsmanager zone ({zone}) is a plain A record "
        "with 10.0.1.201 and 10.0.2.201, addresses no network interface of the inventory holds (the endpoint was "
        "created again and the record kept the old ones). The zone is authoritative for the name in the spoke: "
        "Route 53 answers with those addresses and never with Secrets Manager's public ones, so the SDK connects to "
        f"addresses where nothing answers (and without a NAT gateway the public endpoint is out of reach anyway): "
        f"DNS_ANSWER_NOT_THE_SERVICE at {zone} from both subnets. sts and logs still resolve to their endpoints: "
        "reachable.",
        PHZ_RULE + " Route 53, private hosted zone considerations (docs.aws.amazon.com/Route53/latest/"
        "DeveloperGuide/hosted-zone-private-considerations.html): a name inside a private zone is answered from "
        "that zone, which Resolver does not forward to public DNS.",
        [service_query("secretsmanager", "unreachable", blk),
         service_query("sts", "reachable", via=zone_of("sts")),
         service_query("logs", "reachable", via=zone_of("logs"))]))

    # 10. The secretsmanager zone's alias names the sts endpoint (a record copied from its neighbour).
    docs = central()
    sts = next(x for x in SERVICES if x[0] == "sts")
    records = docs[f"{ACCT}/{REGION}/route53-list-resource-record-sets/{zone}.json"]["ResourceRecordSets"]
    records[0]["AliasTarget"]["DNSName"] = regional_name(sts[0], sts[1], sts[2]) + "."
    # The name does resolve, through the zone, to the sts endpoint: the DNS step is on the path.
    aliased = service_query("secretsmanager", "unreachable", blk)
    aliased["dns"] = {"name": f"secretsmanager.{REGION}.amazonaws.com", "endpoint": sts[1], "via": zone}
    write("central-endpoints-zone-alias-to-another-service", docs, story(
        CENTRAL_BASE + PHZ_BASE + f" But the apex alias of the secretsmanager zone ({zone}) names the sts endpoint's "
        f"DNS name ({sts[1]}), a record copied from the sts zone and not edited. secretsmanager.us-east-1.amazonaws.com "
        f"resolves to the addresses of {sts[1]}, an endpoint of com.amazonaws.us-east-1.sts, which does not serve "
        f"Secrets Manager's API: DNS_ANSWER_NOT_THE_SERVICE at {zone} from both subnets. sts and logs: reachable.",
        PHZ_RULE + " An interface endpoint serves the one service it was created for (its ServiceName).",
        [aliased,
         service_query("sts", "reachable", via=zone_of("sts")),
         service_query("logs", "reachable", via=zone_of("logs"))]))

    # 11. The forwarding rules' targets are addresses where nothing listens (the inbound endpoint
    # was created again with new addresses, and the rules were not updated).
    docs = central(private_dns=True, resolver=True)
    rules = docs[f"{ACCT}/{REGION}/route53resolver-list-resolver-rules.json"]["ResolverRules"]
    for r in rules:
        if r["RuleType"] == "FORWARD":
            r["TargetIps"] = [{"Ip": "10.0.1.99", "Port": 53}, {"Ip": "10.0.2.99", "Port": 53}]
    write("central-endpoints-resolver-rule-targets-nothing", docs, story(
        CENTRAL_BASE + " As central-endpoints-resolver-rule (the endpoints have private DNS on; FORWARD rules for the "
        f"three names, associated with the spoke, go through the outbound endpoint {RESOLVER_OUT}), but the rules' "
        "target addresses are 10.0.1.99 and 10.0.2.99, where no network interface of the hub is (its inbound "
        f"endpoint {RESOLVER_IN} is at {', '.join(INBOUND_IPS)}; describe-network-interfaces lists every interface "
        "of the hub). The forwarded queries go unanswered, and a rule's answer is final (no fallback to public DNS): "
        "the names do not resolve, DNS_NAME_NOT_RESOLVED at each service's rule, from both subnets.",
        "Route 53 Resolver forwarding rules (docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
        "resolver-forwarding-outbound-queries.html): 'Make sure that all the target IP addresses are reachable from "
        "the Resolver endpoints'; a VPC associated with a FORWARD rule sends the queries for its domain to the "
        "rule's targets.",
        [service_query(s[0], "unreachable", [f"DNS_NAME_NOT_RESOLVED@{s[5]}"]) for s in SERVICES]))

    # 12. The inbound endpoint's group admits DNS from on premises only, not from the outbound endpoint.
    docs = central(private_dns=True, resolver=True)
    for g in docs[f"{ACCT}/{REGION}/ec2-describe-security-groups.json"]["SecurityGroups"]:
        if g["GroupId"] == SG_RESOLVER:
            g["IpPermissions"] = [perm("udp", 53, cidrs=["192.168.0.0/16"]), perm("tcp", 53, cidrs=["192.168.0.0/16"])]
    write("central-endpoints-resolver-inbound-group-excludes-outbound", docs, story(
        CENTRAL_BASE + " As central-endpoints-resolver-rule, but the Resolver endpoints' group "
        f"{SG_RESOLVER}, which both the inbound ({', '.join(INBOUND_IPS)}) and the outbound "
        f"({', '.join(OUTBOUND_IPS)}) endpoint wear, admits udp and tcp 53 only from 192.168.0.0/16 (on premises), "
        "not from the outbound endpoint's addresses. The rules' queries leave the outbound endpoint (its egress "
        "allows all) and are dropped at the inbound endpoint's interfaces: the names do not resolve. "
        f"ENI_SG_RULES_MISMATCH at {SG_RESOLVER} for the three services, from both subnets; the fix admits udp and "
        "tcp 53 from the outbound endpoint's addresses.",
        "Route 53 Resolver endpoints (docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-"
        "outbound-queries.html, resolver-forwarding-inbound-queries.html): the security groups of the endpoints "
        "must allow the DNS traffic between them (udp and tcp 53); 'Make sure that all the target IP addresses are "
        "reachable from the Resolver endpoints'.",
        [service_query(s[0], "unreachable", [f"ENI_SG_RULES_MISMATCH@{SG_RESOLVER}"]) for s in SERVICES]))

    # 13. The hub's attachment has a subnet in us-east-1a only, while every endpoint has an
    # interface in both zones: the name resolves to both, and only the us-east-1a ones answer.
    docs = central()
    for a in docs[f"{ACCT}/{REGION}/ec2-describe-transit-gateway-vpc-attachments.json"]["TransitGatewayVpcAttachments"]:
        if a["TransitGatewayAttachmentId"] == ATT_HUB:
            a["SubnetIds"] = [HUB_TGW[0].id]
    blk = [f"TGW_ATTACHMENT_NOT_IN_AZ@{ATT_HUB}"]
    write("central-endpoints-hub-attachment-missing-a-zone", docs, story(
        CENTRAL_BASE.replace(f"Both VPCs are attached to {TGW} in both zones", f"Both VPCs are attached to {TGW}")
        + PHZ_BASE + f" But the hub's attachment {ATT_HUB} was created with its us-east-1a subnet "
        f"{HUB_TGW[0].id} only (the spoke's has both zones). Each zone's alias answers with the endpoint's "
        "addresses in both zones (10.0.1.x in us-east-1a, 10.0.2.x in us-east-1b), and the SDK connects to either. A "
        "connection to a us-east-1a interface works both ways. A connection to a us-east-1b interface is delivered "
        f"(through the hub's us-east-1a attachment subnet and the local route), but its replies leave {HUB_EP[1].id} "
        "in us-east-1b, where the hub has no attachment subnet, and resources in a zone without one cannot reach the "
        "transit gateway: those connections never complete. From both function subnets some calls work and some "
        f"time out: partial, with TGW_ATTACHMENT_NOT_IN_AZ at {ATT_HUB} naming us-east-1b; the fix adds a us-east-1b "
        f"subnet to the attachment (modify-transit-gateway-vpc-attachment --add-subnet-ids {HUB_TGW[1].id}).",
        PHZ_RULE + " Transit gateway VPC attachments (docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html): "
        "'any resources in Availability Zones where there is no transit gateway attachment cannot reach the transit "
        "gateway'; an interface endpoint's DNS names resolve to the private IP addresses of its network interfaces, one "
        "per zone it is in (CreateVpcEndpoint, PrivateDnsEnabled).",
        [service_query(s[0], "partial", blk, via=s[4]) for s in SERVICES]))


if __name__ == "__main__":
    shared_vpc_stories()
    central_stories()
    print("\n".join(WRITTEN))
