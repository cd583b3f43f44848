"""Writes the fidelity scenario folders: how a destination is found (by routing, never by a
global address lookup), public addresses (a public database, hairpin through NAT), narrower
public routes beside the covering one, hardened default groups, destination states, VpcConfigs
that span VPCs, and the Amazon DNS server. Each family of stories is built from one working base
topology, and each story differs from it by the one setting it is about. The AWS CLI shapes are
in the files; each story's expected answer is written by hand below from the rules
(docs/semantics.md: "How a destination is found", "Public addresses",
"Destinations have states too", "Security groups", "The function's side"), never from
lambda-reach's output.

    python3 fidelity_stories.py .

writes every folder into each root given (the scenario tests and the audit's agreement tests
both read them here).

IDs: <prefix>-0fd<family><vpc letter><12 digits>; family 1 to 9, a (VpcConfig), b (DNS server), c (a
public database across a transit gateway).
Account 123456789012, region us-east-1; the public database of the "rds-public-other-vpc-*"
family lives in account 210987654321, exported in its own 210987654321/us-east-1/ folder as
`lambda-reach collect` lays it out.
"""
import hashlib
import json
import os
import shutil
import sys

ACCT = "123456789012"
ACCT2 = "210987654321"
REGION = "us-east-1"
AZ_ID = {"us-east-1a": "use1-az4", "us-east-1b": "use1-az6"}


def tags(name):
    return [{"Key": "Name", "Value": name}]


def mac(text):
    digits = hashlib.sha256(text.encode()).hexdigest()[:10]
    return "0e:" + ":".join(digits[i:i + 2] for i in range(0, 10, 2))


def ip_dns(ip):
    return "ip-" + ip.replace(".", "-") + ".ec2.internal"


def public_dns(ip):
    return "ec2-" + ip.replace(".", "-") + ".compute-1.amazonaws.com"


# Security-group rules ----------------------------------------------------------------------

def perm(protocol, port=None, cidrs=(), groups=(), account=ACCT):
    p = {"IpProtocol": protocol}
    if port is not None:
        p["FromPort"] = port
        p["ToPort"] = port
    p.update({"IpRanges": [{"CidrIp": c} for c in cidrs], "Ipv6Ranges": [], "PrefixListIds": [],
              "UserIdGroupPairs": [{"GroupId": g, "UserId": account} for g in groups]})
    return p


def tcp(port, cidrs=(), groups=(), account=ACCT):
    return perm("tcp", port, cidrs, groups, account)


def all_out():
    return [perm("-1", cidrs=["0.0.0.0/0"])]


# One account's export ----------------------------------------------------------------------

class Net:
    """The describe-* documents of one account in us-east-1, built resource by resource."""

    def __init__(self, family, account=ACCT):
        self.family = family
        self.account = account
        self.vpcs, self.subnets, self.rtbs, self.igws, self.nats = [], [], [], [], []
        self.acls, self.sgs, self.enis, self.functions = [], [], [], []
        self.dbs, self.clusters, self.proxies, self.peerings, self.vgws = [], [], [], [], []
        self.attributes = {}
        self.extra = {}
        self.cidr = {}

    def id(self, prefix, letter, n):
        return f"{prefix}-0fd{self.family:x}{letter}{n:012d}"

    def find(self, items, key, value):
        return next(i for i in items if i[key] == value)

    # VPC, its default group, default NACL and main route table (all number 1).
    def vpc(self, letter, cidr, name, default_sg="created"):
        vid = self.id("vpc", letter, 1)
        self.cidr[vid] = cidr
        self.vpcs.append({
            "CidrBlock": cidr, "DhcpOptionsId": self.id("dopt", "0", 1), "State": "available", "VpcId": vid,
            "OwnerId": self.account, "InstanceTenancy": "default",
            "CidrBlockAssociationSet": [{"AssociationId": self.id("vpc-cidr-assoc", letter, 1), "CidrBlock": cidr,
                                         "CidrBlockState": {"State": "associated"}}],
            "IsDefault": False, "Tags": tags(name)})
        gid = self.id("sg", letter, 1)
        if default_sg == "created":
            ingress, egress = [perm("-1", groups=[gid], account=self.account)], all_out()
        else:  # hardened (CIS AWS Foundations 5.4): exported with no rules at all
            ingress, egress = [], []
        self.sgs.append({"Description": "default VPC security group", "GroupName": "default",
                         "IpPermissions": ingress, "OwnerId": self.account, "GroupId": gid,
                         "IpPermissionsEgress": egress, "VpcId": vid,
                         "SecurityGroupArn": f"arn:aws:ec2:{REGION}:{self.account}:security-group/{gid}"})
        self.acls.append(self._acl(self.id("acl", letter, 1), vid, True, allow_all_entries()))
        self.rtb(letter, 1, name + "-main", [], main=True)
        return vid

    def _acl(self, aid, vid, default, entries, name=None):
        return {"Associations": [], "Entries": entries, "IsDefault": default, "NetworkAclId": aid,
                "Tags": tags(name) if name else [], "VpcId": vid, "OwnerId": self.account}

    def acl(self, letter, n, name, entries):
        aid = self.id("acl", letter, n)
        self.acls.append(self._acl(aid, self.id("vpc", letter, 1), False, entries, name))
        return aid

    def rtb(self, letter, n, name, routes, main=False):
        rid = self.id("rtb", letter, n)
        vid = self.id("vpc", letter, 1)
        assoc = []
        if main:
            assoc.append({"Main": True, "RouteTableAssociationId": self.id("rtbassoc", letter, 900 + n),
                          "RouteTableId": rid, "AssociationState": {"State": "associated"}})
        local = {"DestinationCidrBlock": self.cidr[vid], "GatewayId": "local", "Origin": "CreateRouteTable",
                 "State": "active"}
        self.rtbs.append({"Associations": assoc, "PropagatingVgws": [], "RouteTableId": rid,
                          "Routes": [local] + routes, "Tags": tags(name), "VpcId": vid, "OwnerId": self.account})
        return rid

    def subnet(self, letter, n, cidr, az, name, rtb=None, acl=None, public=False, free=None):
        sid = self.id("subnet", letter, n)
        vid = self.id("vpc", letter, 1)
        size = 2 ** (32 - int(cidr.split("/")[1]))
        self.subnets.append({
            "AvailabilityZone": az, "AvailabilityZoneId": AZ_ID[az],
            "AvailableIpAddressCount": free if free is not None else size - 5 - 3, "CidrBlock": cidr,
            "DefaultForAz": False, "MapPublicIpOnLaunch": public, "MapCustomerOwnedIpOnLaunch": False,
            "State": "available", "SubnetId": sid, "VpcId": vid, "OwnerId": self.account,
            "AssignIpv6AddressOnCreation": False, "Ipv6CidrBlockAssociationSet": [], "Tags": tags(name),
            "SubnetArn": f"arn:aws:ec2:{REGION}:{self.account}:subnet/{sid}", "EnableDns64": False,
            "Ipv6Native": False,
            "PrivateDnsNameOptionsOnLaunch": {"HostnameType": "ip-name", "EnableResourceNameDnsARecord": False,
                                              "EnableResourceNameDnsAAAARecord": False}})
        if rtb:
            self.find(self.rtbs, "RouteTableId", rtb)["Associations"].append({
                "Main": False, "RouteTableAssociationId": self.id("rtbassoc", letter, n), "RouteTableId": rtb,
                "SubnetId": sid, "AssociationState": {"State": "associated"}})
        aid = acl or self.id("acl", letter, 1)
        self.find(self.acls, "NetworkAclId", aid)["Associations"].append({
            "NetworkAclAssociationId": self.id("aclassoc", letter, n), "NetworkAclId": aid, "SubnetId": sid})
        return sid

    def igw(self, letter, name):
        gid = self.id("igw", letter, 1)
        self.igws.append({"Attachments": [{"State": "available", "VpcId": self.id("vpc", letter, 1)}],
                          "InternetGatewayId": gid, "OwnerId": self.account, "Tags": tags(name)})
        return gid

    def nat(self, letter, n, subnet, private_ip, eip, name):
        nid = self.id("nat", letter, n)
        self.nats.append({
            "CreateTime": "2024-03-11T09:11:00+00:00",
            "NatGatewayAddresses": [{"AllocationId": self.id("eipalloc", letter, n),
                                     "NetworkInterfaceId": self.id("eni", letter, 900 + n), "PrivateIp": private_ip,
                                     "PublicIp": eip, "AssociationId": self.id("eipassoc", letter, n),
                                     "IsPrimary": True, "Status": "succeeded"}],
            "NatGatewayId": nid, "State": "available", "SubnetId": subnet, "VpcId": self.id("vpc", letter, 1),
            "Tags": tags(name), "ConnectivityType": "public"})
        return nid

    def sg(self, letter, n, name, ingress, egress=None, description=None):
        gid = self.id("sg", letter, n)
        self.sgs.append({"Description": description or name, "GroupName": name, "IpPermissions": ingress,
                         "OwnerId": self.account, "GroupId": gid,
                         "IpPermissionsEgress": all_out() if egress is None else egress,
                         "VpcId": self.id("vpc", letter, 1),
                         "SecurityGroupArn": f"arn:aws:ec2:{REGION}:{self.account}:security-group/{gid}"})
        return gid

    def eni(self, letter, n, subnet, ip, groups, public_ip=None, kind="ec2", description=None):
        s = self.find(self.subnets, "SubnetId", subnet)
        eid = self.id("eni", letter, n)
        address = {"Primary": True, "PrivateDnsName": ip_dns(ip), "PrivateIpAddress": ip}
        association = None
        if public_ip:
            association = {"IpOwnerId": "amazon", "PublicDnsName": public_dns(public_ip), "PublicIp": public_ip}
            address = {"Association": association, **address}
        names = {g["GroupId"]: g["GroupName"] for g in self.sgs}
        e = {}
        if association:
            e["Association"] = association
        if kind == "rds":
            attachment = {"AttachTime": "2024-02-20T08:30:11+00:00", "AttachmentId": self.id("eni-attach", letter, n),
                          "DeleteOnTermination": False, "DeviceIndex": 1, "NetworkCardIndex": 0,
                          "InstanceOwnerId": "amazon-rds", "Status": "attached"}
        else:
            attachment = {"AttachTime": "2024-04-02T07:15:20+00:00", "AttachmentId": self.id("eni-attach", letter, n),
                          "DeleteOnTermination": True, "DeviceIndex": 0, "NetworkCardIndex": 0,
                          "InstanceId": self.id("i", letter, n), "InstanceOwnerId": self.account,
                          "Status": "attached"}
        e.update({
            "Attachment": attachment, "AvailabilityZone": s["AvailabilityZone"],
            "Description": description or ("RDSNetworkInterface" if kind == "rds" else "Primary network interface"),
            "Groups": [{"GroupId": g, "GroupName": names.get(g, g)} for g in groups], "InterfaceType": "interface",
            "Ipv6Addresses": [], "MacAddress": mac(eid), "NetworkInterfaceId": eid, "OwnerId": self.account,
            "PrivateDnsName": ip_dns(ip), "PrivateIpAddress": ip, "PrivateIpAddresses": [address]})
        if kind == "rds":
            e["RequesterId"] = "amazon-rds"
        e.update({"RequesterManaged": kind == "rds", "SourceDestCheck": True, "Status": "in-use", "SubnetId": subnet,
                  "TagSet": [], "VpcId": s["VpcId"]})
        self.enis.append(e)
        return eid

    def function(self, name, subnets, groups, vpc):
        self.functions.append({
            "FunctionName": name, "FunctionArn": arn(name), "Runtime": "python3.12",
            "Role": f"arn:aws:iam::{self.account}:role/{name}-role", "Handler": "app.handler", "CodeSize": 58302,
            "Description": "", "Timeout": 30, "MemorySize": 256, "LastModified": "2024-05-14T09:21:37.000+0000",
            "CodeSha256": "475l6TVCRG3w7HDswY4irI4rf9zwr80gQV2CZOombU8=", "Version": "$LATEST",
            "VpcConfig": {"SubnetIds": list(subnets), "SecurityGroupIds": list(groups), "VpcId": vpc,
                          "Ipv6AllowedForDualStack": False},
            "TracingConfig": {"Mode": "PassThrough"}, "RevisionId": "87f62cb5-6c15-5b21-a3f3-671192943b1e",
            "State": "Active", "LastUpdateStatus": "Successful", "PackageType": "Zip", "Architectures": ["arm64"],
            "EphemeralStorage": {"Size": 512}, "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
            "LoggingConfig": {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}"}})

    def db(self, identifier, letter, subnets, group_name, groups, status="available", public=False,
           engine="postgres", version="16.3", port=5432, cluster=None, resource="db-3F7E2A1B9C8D4E5F60718293A4"):
        zone = self.find(self.subnets, "SubnetId", subnets[0])["AvailabilityZone"]
        d = {
            "DBInstanceIdentifier": identifier, "DBInstanceClass": "db.t4g.medium" if not cluster else "db.r6g.large",
            "Engine": engine, "DBInstanceStatus": status, "MasterUsername": "app_admin",
            "Endpoint": {"Address": f"{identifier}.c9akciq32lxp.{REGION}.rds.amazonaws.com", "Port": port,
                         "HostedZoneId": "Z2R2ITUGPM61AM"},
            "AllocatedStorage": 1 if cluster else 100, "InstanceCreateTime": "2023-11-07T16:02:11.000Z",
            "PreferredBackupWindow": "03:00-03:30", "BackupRetentionPeriod": 7, "DBSecurityGroups": [],
            "VpcSecurityGroups": [{"VpcSecurityGroupId": g, "Status": "active"} for g in groups],
            "AvailabilityZone": zone,
            "DBSubnetGroup": {
                "DBSubnetGroupName": group_name, "DBSubnetGroupDescription": f"{group_name} subnets",
                "VpcId": self.id("vpc", letter, 1), "SubnetGroupStatus": "Complete",
                "Subnets": [{"SubnetIdentifier": s,
                             "SubnetAvailabilityZone": {
                                 "Name": self.find(self.subnets, "SubnetId", s)["AvailabilityZone"]},
                             "SubnetOutpost": {}, "SubnetStatus": "Active"} for s in subnets]},
            "MultiAZ": False, "EngineVersion": version, "PubliclyAccessible": public,
            "StorageType": "aurora" if cluster else "gp3", "DbInstancePort": 0}
        if cluster:
            d["DBClusterIdentifier"] = cluster
        d.update({"StorageEncrypted": True, "DbiResourceId": resource,
                  "DBInstanceArn": f"arn:aws:rds:{REGION}:{self.account}:db:{identifier}", "DeletionProtection": False})
        self.dbs.append(d)
        return d

    def documents(self):
        d = {
            "describe-vpcs.json": {"Vpcs": self.vpcs},
            "describe-subnets.json": {"Subnets": self.subnets},
            "describe-route-tables.json": {"RouteTables": self.rtbs},
            "describe-internet-gateways.json": {"InternetGateways": self.igws},
            "describe-nat-gateways.json": {"NatGateways": self.nats},
            "describe-network-acls.json": {"NetworkAcls": self.acls},
            "describe-security-groups.json": {"SecurityGroups": self.sgs},
            "list-functions.json": {"Functions": self.functions},
        }
        if self.enis:
            d["describe-network-interfaces.json"] = {"NetworkInterfaces": self.enis}
        if self.peerings:
            d["describe-vpc-peering-connections.json"] = {"VpcPeeringConnections": self.peerings}
        if self.dbs:
            d["describe-db-instances.json"] = {"DBInstances": self.dbs}
        if self.clusters:
            d["describe-db-clusters.json"] = {"DBClusters": self.clusters}
        if self.proxies:
            d["describe-db-proxies.json"] = {"DBProxies": self.proxies}
        if self.vgws:
            d["describe-vpn-gateways.json"] = {"VpnGateways": self.vgws}
        for (vid, attribute), value in sorted(self.attributes.items()):
            name = "enable-dns-support" if attribute == "EnableDnsSupport" else "enable-dns-hostnames"
            d[f"describe-vpc-attribute-{vid}-{name}.json"] = {"VpcId": vid, attribute: {"Value": value}}
        d.update(self.extra)
        return d


def tgw_documents(n, tgw, trtb, att, vpc, letters, subnets, propagating, routes, default_propagation,
                  tgw_dns="enable"):
    """The transit-gateway documents of `n` (one gateway, one route table that every attachment
    of `letters` is associated with), in the AWS CLI's shapes: `subnets`, the numbers of each
    VPC's attachment subnets; `propagating`, the letters whose attachments propagate;
    `routes`, (CIDR, letter, type) of the table."""
    options = {"AmazonSideAsn": 64512, "AutoAcceptSharedAttachments": "disable",
               "DefaultRouteTableAssociation": "enable", "AssociationDefaultRouteTableId": trtb,
               "DefaultRouteTablePropagation": "enable" if default_propagation else "disable"}
    if default_propagation:
        options["PropagationDefaultRouteTableId"] = trtb
    options.update({"VpnEcmpSupport": "enable", "DnsSupport": tgw_dns, "SecurityGroupReferencingSupport": "disable",
                    "MulticastSupport": "disable"})
    ex = n.extra
    ex["describe-transit-gateways.json"] = {"TransitGateways": [{
        "TransitGatewayId": tgw, "TransitGatewayArn": f"arn:aws:ec2:{REGION}:{ACCT}:transit-gateway/{tgw}",
        "State": "available", "OwnerId": ACCT, "Description": "hub", "CreationTime": "2024-02-01T10:00:00+00:00",
        "Options": options, "Tags": tags("hub")}]}
    ex["describe-transit-gateway-vpc-attachments.json"] = {"TransitGatewayVpcAttachments": [{
        "TransitGatewayAttachmentId": att[l], "TransitGatewayId": tgw, "VpcId": vpc[l], "VpcOwnerId": ACCT,
        "State": "available", "SubnetIds": [n.id("subnet", l, k) for k in subnets],
        "CreationTime": "2024-02-01T10:05:00+00:00",
        "Options": {"DnsSupport": "enable", "SecurityGroupReferencingSupport": "enable", "Ipv6Support": "disable",
                    "ApplianceModeSupport": "disable"}, "Tags": []} for l in letters]}
    ex["describe-transit-gateway-attachments.json"] = {"TransitGatewayAttachments": [{
        "TransitGatewayAttachmentId": att[l], "TransitGatewayId": tgw, "TransitGatewayOwnerId": ACCT,
        "ResourceOwnerId": ACCT, "ResourceType": "vpc", "ResourceId": vpc[l], "State": "available",
        "Association": {"TransitGatewayRouteTableId": trtb, "State": "associated"},
        "CreationTime": "2024-02-01T10:05:00+00:00", "Tags": []} for l in letters]}
    ex["describe-transit-gateway-route-tables.json"] = {"TransitGatewayRouteTables": [{
        "TransitGatewayRouteTableId": trtb, "TransitGatewayId": tgw, "State": "available",
        "DefaultAssociationRouteTable": True, "DefaultPropagationRouteTable": default_propagation,
        "CreationTime": "2024-02-01T10:00:00+00:00", "Tags": tags("hub-default")}]}

    def link(l, state):
        return {"TransitGatewayAttachmentId": att[l], "ResourceId": vpc[l], "ResourceType": "vpc", "State": state}
    ex[f"get-transit-gateway-route-table-associations-{trtb}.json"] = {
        "TransitGatewayRouteTableId": trtb, "Associations": [link(l, "associated") for l in letters]}
    ex[f"get-transit-gateway-route-table-propagations-{trtb}.json"] = {
        "TransitGatewayRouteTableId": trtb,
        "TransitGatewayRouteTablePropagations": [link(l, "enabled") for l in propagating]}
    ex[f"search-transit-gateway-routes-{trtb}.json"] = {"TransitGatewayRouteTableId": trtb, "Routes": [
        {"DestinationCidrBlock": cidr, "TransitGatewayAttachments": [
            {"ResourceId": vpc[l], "TransitGatewayAttachmentId": att[l], "ResourceType": "vpc"}],
         "Type": type_, "State": "active"} for cidr, l, type_ in routes], "AdditionalRoutesAvailable": False}


def arn(name, account=ACCT):
    return f"arn:aws:lambda:{REGION}:{account}:function:{name}"


def route(cidr, target, state="active"):
    key = {"igw": "GatewayId", "vgw": "GatewayId", "nat": "NatGatewayId", "pcx": "VpcPeeringConnectionId",
           "tgw": "TransitGatewayId"}[target.split("-")[0]]
    return {"DestinationCidrBlock": cidr, key: target, "Origin": "CreateRoute", "State": state}


def entry(egress, number, action, cidr="0.0.0.0/0"):
    return {"CidrBlock": cidr, "Egress": egress, "Protocol": "-1", "RuleAction": action, "RuleNumber": number}


def allow_all_entries():
    return [entry(True, 100, "allow"), entry(True, 32767, "deny"), entry(False, 100, "allow"),
            entry(False, 32767, "deny")]


def peering(pid, requester, accepter, dns_requester=False, dns_accepter=False, name=None):
    """requester/accepter: (vpc id, cidr, owner)."""
    def side(info, dns):
        vid, cidr, owner = info
        return {"CidrBlock": cidr, "CidrBlockSet": [{"CidrBlock": cidr}], "OwnerId": owner,
                "PeeringOptions": {"AllowDnsResolutionFromRemoteVpc": dns,
                                   "AllowEgressFromLocalClassicLinkToRemoteVpc": False,
                                   "AllowEgressFromLocalVpcToRemoteClassicLink": False},
                "VpcId": vid, "Region": REGION}
    return {"AccepterVpcInfo": side(accepter, dns_accepter), "ExpirationTime": "2024-03-08T10:12:44+00:00",
            "RequesterVpcInfo": side(requester, dns_requester), "Status": {"Code": "active", "Message": "Active"},
            "Tags": tags(name or pid), "VpcPeeringConnectionId": pid}


# Expected answers --------------------------------------------------------------------------

def q(function, target, verdict, subnets, port=None, protocol="tcp", blockers=()):
    e = {"function": function, "target": target}
    if port:
        e["port"] = port
    e["protocol"] = protocol
    e["verdict"] = verdict
    e["subnets"] = {s: {"verdict": v, "blockers": sorted(b)} for s, (v, b) in subnets.items()}
    e["blockers"] = sorted(blockers)
    return e


def every(subnets, verdict="reachable", blockers=()):
    return {s: (verdict, list(blockers)) for s in subnets}


def story(story_text, rule, queries):
    return {"story": story_text, "rule": rule, "queries": queries}


ROOTS = sys.argv[1:] or ["."]
WRITTEN = []


def write(name, docs, expected):
    for root in ROOTS:
        folder = os.path.join(root, name)
        if os.path.isdir(folder):
            shutil.rmtree(folder)
        os.makedirs(folder)
        for fname, doc in docs.items():
            path = os.path.join(folder, fname)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as out:
                json.dump(doc, out, indent=4)
                out.write("\n")
        with open(os.path.join(folder, "expected.json"), "w") as out:
            json.dump(expected, out, indent=2)
            out.write("\n")
    WRITTEN.append(name)


ROUTING = ("How a destination is found: by routing, never by a global address lookup (the source subnet's route "
           "table decides first; the route's target decides which network the address is in; only then is the "
           "address looked up, inside that network).")

# ===========================================================================================
# 1. Overlapping CIDRs behind two peerings: the route decides.
# ===========================================================================================

def overlap_peering():
    n = Net(1)
    A = n.vpc("a", "10.0.0.0/16", "storefront")
    B = n.vpc("b", "10.1.0.0/16", "inventory")
    C = n.vpc("c", "10.1.0.0/16", "payments")
    PAB, PAC = n.id("pcx", "f", 1), n.id("pcx", "f", 2)
    app = n.rtb("a", 2, "storefront-app", [route("10.1.1.0/24", PAB), route("10.1.2.0/24", PAC)])
    a1 = n.subnet("a", 1, "10.0.1.0/24", "us-east-1a", "storefront-app-a", rtb=app)
    a2 = n.subnet("a", 2, "10.0.2.0/24", "us-east-1b", "storefront-app-b", rtb=app)
    for letter, pcx, name in (("b", PAB, "inventory"), ("c", PAC, "payments")):
        t = n.rtb(letter, 2, f"{name}-app", [route("10.0.0.0/16", pcx)])
        n.subnet(letter, 1, "10.1.1.0/24", "us-east-1a", f"{name}-app-a", rtb=t)
        n.subnet(letter, 2, "10.1.2.0/24", "us-east-1b", f"{name}-app-b", rtb=t)
        n.sg(letter, 2, f"{name}-api", [tcp(8080, ["10.0.0.0/16"])], description=f"{name} API from storefront")
        n.sg(letter, 3, f"{name}-batch", [tcp(8080, ["10.1.0.0/16"])], description=f"{name} batch, own VPC only")
    fn = n.sg("a", 2, "storefront-api", [], description="Lambda function storefront-api")
    # B: the service the storefront calls is at 10.1.1.20; 10.1.2.10 is a batch host that refuses.
    n.eni("b", 1, n.id("subnet", "b", 1), "10.1.1.20", [n.id("sg", "b", 2)])
    n.eni("b", 2, n.id("subnet", "b", 2), "10.1.2.10", [n.id("sg", "b", 3)])
    # C: the other way round.
    n.eni("c", 1, n.id("subnet", "c", 2), "10.1.2.10", [n.id("sg", "c", 2)])
    n.eni("c", 2, n.id("subnet", "c", 1), "10.1.1.20", [n.id("sg", "c", 3)])
    n.peerings = [peering(PAB, (A, "10.0.0.0/16", ACCT), (B, "10.1.0.0/16", ACCT), name="storefront-inventory"),
                  peering(PAC, (A, "10.0.0.0/16", ACCT), (C, "10.1.0.0/16", ACCT), name="storefront-payments")]
    n.function("storefront-api", [a1, a2], [fn], A)
    F = "storefront-api"
    write("overlap-peering-route-decides", n.documents(), story(
        f"storefront-api runs in {A} (10.0.0.0/16), peered with two VPCs that both use 10.1.0.0/16: inventory {B} "
        f"through {PAB} and payments {C} through {PAC} (AWS's documented 'specific routes' configuration). The "
        f"function subnets' table {app} routes 10.1.1.0/24 to {PAB} and 10.1.2.0/24 to {PAC}; both peers route "
        "10.0.0.0/16 back through their own peering. 10.1.2.10 exists in both peers: in payments it is "
        f"{n.id('eni', 'c', 1)}, whose group {n.id('sg', 'c', 2)} admits 8080 from 10.0.0.0/16; in inventory it is "
        f"{n.id('eni', 'b', 2)}, whose group {n.id('sg', 'b', 3)} admits only 10.1.0.0/16. The route 10.1.2.0/24 -> "
        f"{PAC} says the address is in payments, so ip:10.1.2.10:8080 is judged there: reachable. Likewise 10.1.1.20 "
        f"is {n.id('eni', 'b', 1)} in inventory (admits the storefront) and {n.id('eni', 'c', 2)} in payments "
        f"(refuses): the route 10.1.1.0/24 -> {PAB} says inventory: reachable. A lookup of the address across the "
        "inventory instead of inside the routed VPC would find the refusing twin and answer ENI_SG_RULES_MISMATCH.",
        ROUTING + " Gateways: peering (routes both ways).",
        [q(F, "ip:10.1.2.10:8080", "reachable", every([a1, a2]), port=8080),
         q(F, "ip:10.1.1.20:8080", "reachable", every([a1, a2]), port=8080)]))


# ===========================================================================================
# 2. Overlapping CIDRs behind one transit gateway: the TGW route decides.
# ===========================================================================================

def overlap_tgw():
    n = Net(2)
    A = n.vpc("a", "10.0.0.0/16", "storefront")
    B = n.vpc("b", "10.1.0.0/16", "inventory")
    C = n.vpc("c", "10.1.0.0/16", "payments")
    TGW, TRTB = n.id("tgw", "f", 1), n.id("tgw-rtb", "f", 1)
    ATT = {"a": n.id("tgw-attach", "f", 1), "b": n.id("tgw-attach", "f", 2), "c": n.id("tgw-attach", "f", 3)}
    VPC = {"a": A, "b": B, "c": C}
    app = n.rtb("a", 2, "storefront-app", [route("10.1.0.0/16", TGW)])
    a1 = n.subnet("a", 1, "10.0.1.0/24", "us-east-1a", "storefront-app-a", rtb=app)
    a2 = n.subnet("a", 2, "10.0.2.0/24", "us-east-1b", "storefront-app-b", rtb=app)
    n.subnet("a", 3, "10.0.240.0/28", "us-east-1a", "storefront-tgw-a")
    n.subnet("a", 4, "10.0.240.16/28", "us-east-1b", "storefront-tgw-b")
    for letter, name in (("b", "inventory"), ("c", "payments")):
        t = n.rtb(letter, 2, f"{name}-app", [route("10.0.0.0/16", TGW)])
        n.subnet(letter, 1, "10.1.1.0/24", "us-east-1a", f"{name}-app-a", rtb=t)
        n.subnet(letter, 2, "10.1.2.0/24", "us-east-1b", f"{name}-app-b", rtb=t)
        n.subnet(letter, 3, "10.1.240.0/28", "us-east-1a", f"{name}-tgw-a")
        n.subnet(letter, 4, "10.1.240.16/28", "us-east-1b", f"{name}-tgw-b")
        n.sg(letter, 2, f"{name}-api", [tcp(8080, ["10.0.0.0/16"])], description=f"{name} API from storefront")
        n.sg(letter, 3, f"{name}-batch", [tcp(8080, ["10.1.0.0/16"])], description=f"{name} batch, own VPC only")
    fn = n.sg("a", 2, "storefront-api", [], description="Lambda function storefront-api")
    n.eni("b", 1, n.id("subnet", "b", 1), "10.1.1.20", [n.id("sg", "b", 2)])
    n.eni("b", 2, n.id("subnet", "b", 2), "10.1.2.10", [n.id("sg", "b", 3)])
    n.eni("c", 1, n.id("subnet", "c", 2), "10.1.2.10", [n.id("sg", "c", 2)])
    n.eni("c", 2, n.id("subnet", "c", 1), "10.1.1.20", [n.id("sg", "c", 3)])
    n.function("storefront-api", [a1, a2], [fn], A)
    tgw_documents(n, TGW, TRTB, ATT, VPC, "abc", subnets=(3, 4), propagating="a",
                  routes=[("10.0.0.0/16", "a", "propagated"), ("10.1.1.0/24", "b", "static"),
                          ("10.1.2.0/24", "c", "static")], default_propagation=False)
    F = "storefront-api"
    write("overlap-transit-gateway-route-decides", n.documents(), story(
        f"As overlap-peering-route-decides, across a transit gateway: storefront {A} (10.0.0.0/16), inventory {B} and "
        f"payments {C} (both 10.1.0.0/16) are attached to {TGW} (attachment subnets in both AZs), all three "
        f"attachments associated with {TRTB}. The function subnets' table {app} sends 10.1.0.0/16 to the transit "
        f"gateway; {TRTB} has static routes 10.1.1.0/24 -> {ATT['b']} (inventory) and 10.1.2.0/24 -> {ATT['c']} "
        f"(payments), and 10.0.0.0/16 -> {ATT['a']} propagated from the storefront (only the storefront propagates: "
        "two identical 10.1.0.0/16 would collide). "
        "Inventory and payments route 10.0.0.0/16 back to the transit gateway. "
        "10.1.2.10 is in payments by the TGW route, where its group admits the storefront: reachable (inventory's "
        "10.1.2.10 refuses); 10.1.1.20 is in inventory by the TGW route, where its group admits: reachable "
        "(payments' 10.1.1.20 refuses). The transit gateway route table, not a lookup of the address, says which "
        "VPC is meant.",
        ROUTING + " Gateways: transit gateway (TGW route tables: static routes, longest prefix; return routes).",
        [q(F, "ip:10.1.2.10:8080", "reachable", every([a1, a2]), port=8080),
         q(F, "ip:10.1.1.20:8080", "reachable", every([a1, a2]), port=8080)]))


# ===========================================================================================
# 3. An address the function's table does not route, known or not.
# ===========================================================================================

def route_less():
    n = Net(3)
    A = n.vpc("a", "10.30.0.0/16", "reporting")
    B = n.vpc("b", "10.31.0.0/16", "warehouse")
    n.vpc("c", "10.32.0.0/16", "archive")
    PAB = n.id("pcx", "f", 1)
    app = n.rtb("a", 2, "reporting-app", [route("10.31.1.0/24", PAB)])
    a1 = n.subnet("a", 1, "10.30.1.0/24", "us-east-1a", "reporting-app-a", rtb=app)
    a2 = n.subnet("a", 2, "10.30.2.0/24", "us-east-1b", "reporting-app-b", rtb=app)
    tb = n.rtb("b", 2, "warehouse-data", [route("10.30.0.0/16", PAB)])
    b1 = n.subnet("b", 1, "10.31.1.0/24", "us-east-1a", "warehouse-data-a", rtb=tb)
    b2 = n.subnet("b", 2, "10.31.2.0/24", "us-east-1b", "warehouse-data-b", rtb=tb)
    c1 = n.subnet("c", 1, "10.32.1.0/24", "us-east-1a", "archive-a")
    fn = n.sg("a", 2, "report-sync", [], description="Lambda function report-sync")
    gb = n.sg("b", 2, "warehouse-api", [tcp(443, ["10.30.0.0/16"])])
    gc = n.sg("c", 2, "archive-api", [tcp(443, ["10.30.0.0/16"])])
    n.eni("b", 1, b1, "10.31.1.10", [gb])
    n.eni("b", 2, b2, "10.31.2.10", [gb])
    n.eni("c", 1, c1, "10.32.1.10", [gc])
    n.peerings = [peering(PAB, (A, "10.30.0.0/16", ACCT), (B, "10.31.0.0/16", ACCT), name="reporting-warehouse")]
    n.function("report-sync", [a1, a2], [fn], A)
    F = "report-sync"
    no_route = every([a1, a2], "unreachable", [f"NO_ROUTE_TO_DESTINATION@{app}"])
    write("ip-target-no-route-in-function-table", n.documents(), story(
        f"report-sync runs in {A} (10.30.0.0/16), an isolated VPC: its table {app} has the local route and "
        f"10.31.1.0/24 -> {PAB} only (the peering to warehouse {B}, 10.31.0.0/16, was opened for one subnet). "
        f"ip:10.31.1.10:443 is routed into the peering and admitted there: reachable. ip:10.31.2.10:443 is inside "
        f"the peered VPC's CIDR and an interface is there, admitting the function, but {app} has no route for "
        f"10.31.2.0/24: NO_ROUTE_TO_DESTINATION at {app}. ip:10.32.1.10:443 is an interface of archive "
        f"({n.id('vpc', 'c', 1)}, not peered) whose group admits 10.30.0.0/16: no route, the same blocker. "
        f"ip:203.0.113.25:443, a public address that belongs to nothing: no 0.0.0.0/0 either, the same blocker. The "
        "route table decides first; that the address is known somewhere in the inventory changes nothing.",
        ROUTING + " No route for the destination address: NO_ROUTE_TO_DESTINATION at that table, whether or not "
        "the address is known.",
        [q(F, "ip:10.31.1.10:443", "reachable", every([a1, a2]), port=443),
         q(F, "ip:10.31.2.10:443", "unreachable", no_route, port=443),
         q(F, "ip:10.32.1.10:443", "unreachable", no_route, port=443),
         q(F, "ip:203.0.113.25:443", "unreachable", no_route, port=443)]))


# ===========================================================================================
# 4. Narrower routes for public ranges beside the covering route.
# ===========================================================================================

def narrower_base(n, extra_routes=(), default_target=None, default_state="active"):
    A = n.vpc("a", "10.40.0.0/16", "webhooks")
    IGW = n.igw("a", "webhooks-igw")
    pub = n.rtb("a", 2, "webhooks-public", [route("0.0.0.0/0", IGW)])
    NAT = n.id("nat", "a", 1)
    routes = [route("0.0.0.0/0", default_target or NAT, default_state)] + list(extra_routes)
    app = n.rtb("a", 3, "webhooks-app", routes)
    p1 = n.subnet("a", 1, "10.40.0.0/24", "us-east-1a", "webhooks-public-a", rtb=pub, public=True)
    a1 = n.subnet("a", 2, "10.40.1.0/24", "us-east-1a", "webhooks-app-a", rtb=app)
    a2 = n.subnet("a", 3, "10.40.2.0/24", "us-east-1b", "webhooks-app-b", rtb=app)
    n.nat("a", 1, p1, "10.40.0.10", "52.44.0.10", "webhooks-nat")
    fn = n.sg("a", 2, "webhook-sender", [], description="Lambda function webhook-sender")
    n.function("webhook-sender", [a1, a2], [fn], A)
    return A, app, NAT, a1, a2


INTERNET_RULE = ("How a destination is found: `internet` is judged by the route for a representative public "
                 "address, i.e. the covering route (normally 0.0.0.0/0); a narrower route for some public range does "
                 "not change the `internet` verdict (the answer notes the exception); `ip:A.B.C.D` is exact.")


def narrower():
    F = "webhook-sender"
    # 4a. A blackhole 1.1.1.0/24 beside a working 0.0.0.0/0 -> NAT.
    n = Net(4)
    gone = n.id("nat", "a", 2)
    A, app, NAT, a1, a2 = narrower_base(n, [route("1.1.1.0/24", gone, "blackhole")])
    write("internet-narrower-blackhole-route", n.documents(), story(
        f"webhook-sender's subnets use {app}: 0.0.0.0/0 -> {NAT} (available, in a public subnet routed to the "
        f"attached internet gateway), and 1.1.1.0/24 -> {gone}, a NAT gateway that was deleted (gone from "
        "describe-nat-gateways, the route in state blackhole). `internet` is judged by the covering route "
        "0.0.0.0/0, which works: reachable, with a note that 1.1.1.0/24 is dropped. ip:1.1.1.1:443 takes the "
        f"blackhole route (longest prefix): BAD_STATE_ROUTE at {app}.",
        INTERNET_RULE + " Routing: a route whose target is gone (state blackhole) drops the traffic.",
        [q(F, "internet", "reachable", every([a1, a2]), port=443),
         q(F, "ip:1.1.1.1:443", "unreachable", every([a1, a2], "unreachable", [f"BAD_STATE_ROUTE@{app}"]),
           port=443)]))

    # 4b. A partner range to a virtual private gateway.
    n = Net(4)
    VGW = n.id("vgw", "a", 1)
    A, app, NAT, a1, a2 = narrower_base(n, [route("198.51.100.0/24", VGW)])
    n.vgws = [{"State": "available", "Type": "ipsec.1", "VpcAttachments": [{"State": "attached", "VpcId": A}],
               "VpnGatewayId": VGW, "AmazonSideAsn": 64512, "Tags": tags("partner-vpn")}]
    write("internet-narrower-vgw-route", n.documents(), story(
        f"As internet-narrower-blackhole-route's base, and {app} also sends a partner's public range "
        f"198.51.100.0/24 to the virtual private gateway {VGW} (a site-to-site VPN; describe-vpn-gateways is in "
        "the export and not modelled). `internet` is judged by 0.0.0.0/0 -> NAT: reachable, with a note that "
        f"198.51.100.0/24 goes to {VGW}. ip:198.51.100.20:443 takes the VPN route, which lambda-reach does not "
        f"follow beyond the VPC: ROUTE_TARGET_NOT_ANALYZED at {VGW}, never the NAT path.",
        INTERNET_RULE + " Not modelled beyond the VPC: VPN gateways (ROUTE_TARGET_NOT_ANALYZED).",
        [q(F, "internet", "reachable", every([a1, a2]), port=443),
         q(F, "ip:198.51.100.20:443", "unreachable",
           every([a1, a2], "unreachable", [f"ROUTE_TARGET_NOT_ANALYZED@{VGW}"]), port=443)]))

    # 4c. A public range routed into a peering (a partner VPC that uses a public CIDR).
    n = Net(4)
    PCX = n.id("pcx", "f", 1)
    A, app, NAT, a1, a2 = narrower_base(n, [route("203.0.113.0/24", PCX)])
    P = n.vpc("b", "203.0.113.0/24", "partner-gateway")
    tp = n.rtb("b", 2, "partner-gateway-app", [route("10.40.0.0/16", PCX)])
    b1 = n.subnet("b", 1, "203.0.113.0/26", "us-east-1a", "partner-gateway-a", rtb=tp)
    gp = n.sg("b", 2, "partner-gateway-api", [tcp(443, ["10.40.0.0/16"])])
    n.eni("b", 1, b1, "203.0.113.10", [gp])
    n.peerings = [peering(PCX, (A, "10.40.0.0/16", ACCT), (P, "203.0.113.0/24", ACCT), name="webhooks-partner")]
    write("internet-narrower-peering-route", n.documents(), story(
        f"As internet-narrower-blackhole-route's base, and the webhooks VPC is peered ({PCX}) with a partner "
        f"gateway VPC {P} whose CIDR is a public range, 203.0.113.0/24 (AWS allows publicly routable VPC CIDRs); "
        f"{app} routes 203.0.113.0/24 into the peering and the partner routes 10.40.0.0/16 back. `internet` is "
        "judged by 0.0.0.0/0 -> NAT: reachable, with a note about 203.0.113.0/24. ip:203.0.113.10:443 is routed "
        f"into the peering, so it is looked up in {P}: the interface {n.id('eni', 'b', 1)}, whose group admits "
        "10.40.0.0/16: reachable through the peering, not through the NAT gateway.",
        INTERNET_RULE + " Gateways: peering.",
        [q(F, "internet", "reachable", every([a1, a2]), port=443),
         q(F, "ip:203.0.113.10:443", "reachable", every([a1, a2]), port=443)]))

    # 4d. The reverse: 0.0.0.0/0 is a blackhole, a narrower 8.8.8.0/24 still goes to the NAT gateway.
    n = Net(4)
    gone = n.id("nat", "a", 2)
    A, app, NAT, a1, a2 = narrower_base(n, [route("8.8.8.0/24", n.id("nat", "a", 1))], default_target=gone,
                                        default_state="blackhole")
    write("internet-default-route-blackhole", n.documents(), story(
        f"The reverse of internet-narrower-blackhole-route: {app}'s 0.0.0.0/0 points at {gone}, a deleted NAT "
        f"gateway (state blackhole), while someone added 8.8.8.0/24 -> {NAT} (the NAT gateway that still works) "
        "for a resolver. `internet` is judged by the covering route, 0.0.0.0/0: BAD_STATE_ROUTE at "
        f"{app}, even though one /24 works; the fix repoints 0.0.0.0/0 and leaves 8.8.8.0/24 alone. "
        "ip:8.8.8.8:443 takes the narrower route through the NAT gateway: reachable.",
        INTERNET_RULE + " A fix never rewrites a route that already works. Routing: blackhole routes.",
        [q(F, "internet", "unreachable", every([a1, a2], "unreachable", [f"BAD_STATE_ROUTE@{app}"]), port=443),
         q(F, "ip:8.8.8.8:443", "reachable", every([a1, a2]), port=443)]))


# ===========================================================================================
# 5. A publicly accessible RDS instance in another VPC and account, reached through NAT.
# ===========================================================================================

NAT_EIP5 = "52.1.2.3"
DB_PUBLIC5 = "54.80.10.20"


def public_rds(db_ingress=None, db_igw_route=True, function_subnets="app"):
    n = Net(5)
    A = n.vpc("a", "10.50.0.0/16", "analytics")
    IGW = n.igw("a", "analytics-igw")
    NAT = n.id("nat", "a", 1)
    pub = n.rtb("a", 2, "analytics-public", [route("0.0.0.0/0", IGW)])
    app = n.rtb("a", 3, "analytics-app", [route("0.0.0.0/0", NAT)])
    iso = n.rtb("a", 4, "analytics-isolated", [])
    p1 = n.subnet("a", 1, "10.50.0.0/24", "us-east-1a", "analytics-public-a", rtb=pub, public=True)
    a2 = n.subnet("a", 2, "10.50.1.0/24", "us-east-1a", "analytics-app-a", rtb=app)
    a3 = n.subnet("a", 3, "10.50.2.0/24", "us-east-1b", "analytics-app-b", rtb=app)
    a4 = n.subnet("a", 4, "10.50.11.0/24", "us-east-1a", "analytics-isolated-a", rtb=iso)
    a5 = n.subnet("a", 5, "10.50.12.0/24", "us-east-1b", "analytics-isolated-b", rtb=iso)
    n.nat("a", 1, p1, "10.50.0.10", NAT_EIP5, "analytics-nat")
    fn = n.sg("a", 2, "report-builder", [], description="Lambda function report-builder")
    subnets = [a2, a3] if function_subnets == "app" else [a4, a5]
    n.function("report-builder", subnets, [fn], A)

    v = Net(5, ACCT2)
    D = v.vpc("d", "10.60.0.0/16", "vendor-data")
    IGWD = v.igw("d", "vendor-data-igw")
    dbt = v.rtb("d", 2, "vendor-db", [route("0.0.0.0/0", IGWD)] if db_igw_route else [])
    d1 = v.subnet("d", 1, "10.60.1.0/24", "us-east-1a", "vendor-db-a", rtb=dbt, public=True)
    d2 = v.subnet("d", 2, "10.60.2.0/24", "us-east-1b", "vendor-db-b", rtb=dbt, public=True)
    gdb = v.sg("d", 2, "vendor-pg", db_ingress or [tcp(5432, [NAT_EIP5 + "/32"])],
               description="PostgreSQL for the analytics account")
    v.db("vendor-pg", "d", [d1, d2], "vendor-pg-public", [gdb], public=True)
    v.eni("d", 1, d1, "10.60.1.25", [gdb], public_ip=DB_PUBLIC5, kind="rds")
    docs = {f"{ACCT}/{REGION}/{k}": doc for k, doc in n.documents().items()}
    docs.update({f"{ACCT2}/{REGION}/{k}": doc for k, doc in v.documents().items()})
    return docs, dict(A=A, D=D, NAT=NAT, IGW=IGW, IGWD=IGWD, app=app, iso=iso, dbt=dbt, gdb=gdb,
                      a2=a2, a3=a3, a4=a4, a5=a5)


PUBLIC_RULE = ("Public addresses: outside its VPC a publicly accessible RDS endpoint resolves to the database's "
               "public IP; a function in another VPC or account reaches it through NAT -> internet gateway -> the "
               "database VPC's internet gateway -> the database, and the database's security group and NACL must "
               "admit the NAT gateway's Elastic IP, not the function's subnet.")


def public_rds_stories():
    F, RDS = "report-builder", "rds:vendor-pg"

    def base(x, placement=None, db_routes=None):
        placement = placement or (
            f"in app subnets whose table {x['app']} sends 0.0.0.0/0 to {x['NAT']} (Elastic IP {NAT_EIP5}, in a "
            f"public subnet routed to {x['IGW']})")
        db_routes = db_routes or f"its subnets' table {x['dbt']} sends 0.0.0.0/0 to the attached {x['IGWD']}"
        return (f"report-builder runs in analytics {x['A']} (10.50.0.0/16, account {ACCT}) {placement}. vendor-pg "
                f"is a PostgreSQL instance with PubliclyAccessible true in {x['D']} (10.60.0.0/16) of another "
                f"account, {ACCT2}, not peered with analytics; its interface has the public IP {DB_PUBLIC5} and "
                f"{db_routes}. From another VPC its endpoint resolves to the public IP, so the connection has to "
                "go NAT -> internet gateway -> the vendor's internet gateway -> the instance, and arrives from the "
                f"NAT gateway's Elastic IP {NAT_EIP5}.")

    docs, x = public_rds()
    write("rds-public-other-vpc-admits-nat-eip", docs, story(
        base(x) + f" Its group {x['gdb']} admits 5432 from {NAT_EIP5}/32: reachable from both subnets. Asked by its "
        "public IP (ip:54.80.10.20:5432), the interface that holds the address is found in the vendor's VPC, which "
        "analytics is not peered with, and judged the same way: reachable; on port 443, which its group does not "
        f"admit, ENI_SG_RULES_MISMATCH at {x['gdb']}.",
        PUBLIC_RULE, [q(F, RDS, "reachable", every([x["a2"], x["a3"]]), port=5432),
                      q(F, "ip:54.80.10.20:5432", "reachable", every([x["a2"], x["a3"]]), port=5432),
                      q(F, "ip:54.80.10.20:443", "unreachable",
                        every([x["a2"], x["a3"]], "unreachable", [f"ENI_SG_RULES_MISMATCH@{x['gdb']}"]), port=443)]))

    docs, x = public_rds(db_ingress=[tcp(5432, ["10.50.1.0/24", "10.50.2.0/24"])])
    write("rds-public-other-vpc-admits-private-cidr", docs, story(
        base(x) + f" Its group {x['gdb']} admits 5432 from the function's subnets 10.50.1.0/24 and 10.50.2.0/24 "
        f"only, as it would for a private path; no rule admits {NAT_EIP5}: ENI_SG_RULES_MISMATCH at {x['gdb']} from "
        "both subnets.",
        PUBLIC_RULE, [q(F, RDS, "unreachable",
                        every([x["a2"], x["a3"]], "unreachable", [f"ENI_SG_RULES_MISMATCH@{x['gdb']}"]), port=5432)]))

    docs, x = public_rds(db_igw_route=False)
    write("rds-public-other-vpc-db-subnet-no-igw-route", docs, story(
        base(x, db_routes=f"its subnets' table {x['dbt']} has only the local route (the VPC has the attached "
                          f"{x['IGWD']}, but no route to it)")
        + f" Its group {x['gdb']} admits 5432 from {NAT_EIP5}/32. The request reaches the instance through the "
        f"internet gateway, but its replies to {NAT_EIP5} find no route in {x['dbt']}: NO_ROUTE_TO_DESTINATION at "
        f"{x['dbt']}, from both subnets.",
        PUBLIC_RULE + " Routing: the destination subnet's table must route the replies.",
        [q(F, RDS, "unreachable",
           every([x["a2"], x["a3"]], "unreachable", [f"NO_ROUTE_TO_DESTINATION@{x['dbt']}"]), port=5432)]))

    docs, x = public_rds(function_subnets="isolated")
    write("rds-public-other-vpc-function-without-nat", docs, story(
        base(x, placement=f"but in its isolated subnets {x['a4']} and {x['a5']}, whose table {x['iso']} has only the "
                          f"local route (the VPC's app subnets, routed to {x['NAT']}, are not in its VpcConfig)")
        + f" Its group {x['gdb']} admits 5432 from {NAT_EIP5}/32, but the public IP {DB_PUBLIC5} has no route in "
        f"{x['iso']}: NO_ROUTE_TO_DESTINATION at {x['iso']}, from both subnets.",
        PUBLIC_RULE + " How a destination is found: no route, NO_ROUTE_TO_DESTINATION at the function's table.",
        [q(F, RDS, "unreachable",
           every([x["a4"], x["a5"]], "unreachable", [f"NO_ROUTE_TO_DESTINATION@{x['iso']}"]), port=5432)]))


# ===========================================================================================
# 6. A publicly accessible RDS instance across a peering: the DB side's DNS resolution option.
# ===========================================================================================

def billing_ledger(n, link, attachment_subnets=False):
    """billing (10.70.0.0/16, invoice-writer behind a NAT gateway) and ledger (10.80.0.0/16, the
    publicly accessible ledger-pg at 54.80.30.40), whose tables send each other's CIDR to `link`
    (a peering or a transit gateway), with a /28 per zone for a transit gateway's attachment when
    `attachment_subnets`. Both VPCs have DNS support and hostnames on."""
    A = n.vpc("a", "10.70.0.0/16", "billing")
    D = n.vpc("d", "10.80.0.0/16", "ledger")
    IGW, IGWD = n.igw("a", "billing-igw"), n.igw("d", "ledger-igw")
    NAT = n.id("nat", "a", 1)
    pub = n.rtb("a", 2, "billing-public", [route("0.0.0.0/0", IGW)])
    app = n.rtb("a", 3, "billing-app", [route("10.80.0.0/16", link), route("0.0.0.0/0", NAT)])
    p1 = n.subnet("a", 1, "10.70.0.0/24", "us-east-1a", "billing-public-a", rtb=pub, public=True)
    a2 = n.subnet("a", 2, "10.70.1.0/24", "us-east-1a", "billing-app-a", rtb=app)
    a3 = n.subnet("a", 3, "10.70.2.0/24", "us-east-1b", "billing-app-b", rtb=app)
    if attachment_subnets:
        n.subnet("a", 4, "10.70.240.0/28", "us-east-1a", "billing-tgw-a")
        n.subnet("a", 5, "10.70.240.16/28", "us-east-1b", "billing-tgw-b")
    n.nat("a", 1, p1, "10.70.0.10", "52.4.5.6", "billing-nat")
    dbt = n.rtb("d", 2, "ledger-db", [route("10.70.0.0/16", link), route("0.0.0.0/0", IGWD)])
    d1 = n.subnet("d", 1, "10.80.1.0/24", "us-east-1a", "ledger-db-a", rtb=dbt, public=True)
    d2 = n.subnet("d", 2, "10.80.2.0/24", "us-east-1b", "ledger-db-b", rtb=dbt, public=True)
    if attachment_subnets:
        n.subnet("d", 4, "10.80.240.0/28", "us-east-1a", "ledger-tgw-a")
        n.subnet("d", 5, "10.80.240.16/28", "us-east-1b", "ledger-tgw-b")
    fn = n.sg("a", 2, "invoice-writer", [], description="Lambda function invoice-writer")
    gdb = n.sg("d", 2, "ledger-pg", [tcp(5432, ["10.70.0.0/16"])], description="PostgreSQL from the billing VPC")
    n.db("ledger-pg", "d", [d1, d2], "ledger-pg-public", [gdb], public=True)
    n.eni("d", 1, d1, "10.80.1.30", [gdb], public_ip="54.80.30.40", kind="rds")
    for vid in (A, D):
        n.attributes[(vid, "EnableDnsSupport")] = True
        n.attributes[(vid, "EnableDnsHostnames")] = True
    n.function("invoice-writer", [a2, a3], [fn], A)
    return dict(A=A, D=D, NAT=NAT, app=app, dbt=dbt, gdb=gdb, a2=a2, a3=a3)


def peering_public_rds(dns_db_side):
    n = Net(6)
    PCX = n.id("pcx", "f", 1)
    x = billing_ledger(n, PCX)
    # The billing side's option is on in both stories: it is about billing's names, not ledger's.
    n.peerings = [peering(PCX, (x["A"], "10.70.0.0/16", ACCT), (x["D"], "10.80.0.0/16", ACCT), dns_requester=True,
                          dns_accepter=dns_db_side, name="billing-ledger")]
    return n.documents(), dict(x, PCX=PCX)


def peering_public_rds_stories():
    F, RDS = "invoice-writer", "rds:ledger-pg"
    docs, x = peering_public_rds(True)
    base = (f"invoice-writer runs in billing {x['A']} (10.70.0.0/16), peered through {x['PCX']} (billing the "
            f"requester, ledger the accepter) with ledger {x['D']} (10.80.0.0/16), where ledger-pg is a "
            "PostgreSQL instance with PubliclyAccessible true (public IP 54.80.30.40). Routes work both ways: "
            f"{x['app']} sends 10.80.0.0/16 into the peering and 0.0.0.0/0 to {x['NAT']} (Elastic IP 52.4.5.6), "
            f"{x['dbt']} sends 10.70.0.0/16 back through the peering and 0.0.0.0/0 to ledger's internet gateway. "
            f"ledger-pg's group {x['gdb']} admits 5432 from 10.70.0.0/16, billing's CIDR, only. Both VPCs have DNS "
            "support and hostnames on; the requester side (billing) allows DNS resolution from the remote VPC, "
            "which is about billing's names and does not matter here.")
    write("rds-public-peering-dns-resolution-on", docs, story(
        base + " AccepterVpcInfo.PeeringOptions.AllowDnsResolutionFromRemoteVpc is true on ledger's side: "
        "ledger-pg's endpoint resolves to its private address 10.80.1.30 from billing, the connection takes the "
        "peering and arrives from the function's subnet, which 10.70.0.0/16 admits: reachable.",
        PUBLIC_RULE + " From a peered VPC the endpoint resolves to the private address only when the peering "
        "allows DNS resolution from the remote VPC (AllowDnsResolutionFromRemoteVpc, the database side's). "
        "Gateways: peering.",
        [q(F, RDS, "reachable", every([x["a2"], x["a3"]]), port=5432)]))

    docs, x = peering_public_rds(False)
    write("rds-public-peering-dns-resolution-off", docs, story(
        base + " AccepterVpcInfo.PeeringOptions.AllowDnsResolutionFromRemoteVpc is false on ledger's side (the "
        "one setting that differs from rds-public-peering-dns-resolution-on): ledger-pg's endpoint resolves to "
        "its public IP 54.80.30.40 from billing, the connection leaves through 0.0.0.0/0 -> NAT -> internet "
        "gateways and arrives from 52.4.5.6, which 10.70.0.0/16 does not contain: ENI_SG_RULES_MISMATCH at "
        f"{x['gdb']} from both subnets, although the peering and its routes are in place.",
        PUBLIC_RULE + " From a peered VPC the endpoint resolves to the private address only when the peering "
        "allows DNS resolution from the remote VPC (AllowDnsResolutionFromRemoteVpc, the database side's), "
        "else to the public.",
        [q(F, RDS, "unreachable",
           every([x["a2"], x["a3"]], "unreachable", [f"ENI_SG_RULES_MISMATCH@{x['gdb']}"]), port=5432)]))


# ===========================================================================================
# 6b. A publicly accessible RDS instance across a transit gateway: the DNS support option.
# ===========================================================================================

def tgw_public_rds(tgw_dns):
    """As peering_public_rds, with a transit gateway in place of the peering (family c)."""
    n = Net(12)
    TGW, TRTB = n.id("tgw", "f", 1), n.id("tgw-rtb", "f", 1)
    x = billing_ledger(n, TGW, attachment_subnets=True)
    ATT = {"a": n.id("tgw-attach", "f", 1), "d": n.id("tgw-attach", "f", 2)}
    VPC = {"a": x["A"], "d": x["D"]}
    tgw_documents(n, TGW, TRTB, ATT, VPC, "ad", subnets=(4, 5), propagating="ad",
                  routes=[(n.cidr[VPC[l]], l, "propagated") for l in "ad"], default_propagation=True,
                  tgw_dns=tgw_dns)
    return n.documents(), dict(x, TGW=TGW)


def tgw_public_rds_stories():
    F, RDS = "invoice-writer", "rds:ledger-pg"
    docs, x = tgw_public_rds("enable")
    base = (f"invoice-writer runs in billing {x['A']} (10.70.0.0/16); ledger-pg, a PostgreSQL instance with "
            f"PubliclyAccessible true (public IP 54.80.30.40, private 10.80.1.30), is in ledger {x['D']} "
            f"(10.80.0.0/16). Both VPCs are attached to {x['TGW']} (attachment subnets in both AZs, one route table "
            f"that both attachments are associated with and propagate into). {x['app']} sends 10.80.0.0/16 to the "
            f"transit gateway and 0.0.0.0/0 to {x['NAT']} (Elastic IP 52.4.5.6); {x['dbt']} sends 10.70.0.0/16 "
            "back to the transit gateway and 0.0.0.0/0 to ledger's internet gateway. ledger-pg's group "
            f"{x['gdb']} admits 5432 from 10.70.0.0/16, billing's CIDR, only. Both VPCs have DNS support and "
            "hostnames on, and both VPC attachments have DnsSupport enable.")
    rule = (PUBLIC_RULE + " Across a transit gateway the endpoint resolves to the private address when DNS "
            "support is on (DnsSupport, AWS's default, on the transit gateway and its VPC attachments: 'resolve "
            "public IPv4 DNS host names to private IPv4 addresses when queried from instances in another VPC "
            "attached to the transit gateway'), else to the public. Gateways: transit gateway.")
    write("rds-public-transit-gateway-dns-support-on", docs, story(
        base + f" {x['TGW']} has DnsSupport enable (AWS's default): ledger-pg's endpoint resolves to 10.80.1.30 "
        "from billing, the connection takes the transit gateway and arrives from the function's subnet, which "
        "10.70.0.0/16 admits: reachable. (Resolved publicly it would go through the NAT gateway and arrive from "
        "52.4.5.6, which the group does not admit.)",
        rule, [q(F, RDS, "reachable", every([x["a2"], x["a3"]]), port=5432)]))

    docs, x = tgw_public_rds("disable")
    write("rds-public-transit-gateway-dns-support-off", docs, story(
        base + f" {x['TGW']} has DnsSupport disable (the one setting that differs from "
        "rds-public-transit-gateway-dns-support-on): ledger-pg's endpoint resolves to its public IP 54.80.30.40 "
        "from billing, the connection leaves through 0.0.0.0/0 -> NAT -> internet gateways and arrives from "
        f"52.4.5.6, which 10.70.0.0/16 does not contain: ENI_SG_RULES_MISMATCH at {x['gdb']} from both subnets, "
        "although the transit gateway and its routes are in place.",
        rule, [q(F, RDS, "unreachable",
                 every([x["a2"], x["a3"]], "unreachable", [f"ENI_SG_RULES_MISMATCH@{x['gdb']}"]), port=5432)]))


# ===========================================================================================
# 7. Hairpin: the public IP of an interface in the function's own VPC.
# ===========================================================================================

def hairpin(web_ingress_cidr):
    n = Net(7)
    A = n.vpc("a", "10.90.0.0/16", "media")
    IGW = n.igw("a", "media-igw")
    NAT = n.id("nat", "a", 1)
    pub = n.rtb("a", 2, "media-public", [route("0.0.0.0/0", IGW)])
    app = n.rtb("a", 3, "media-app", [route("0.0.0.0/0", NAT)])
    p1 = n.subnet("a", 1, "10.90.0.0/24", "us-east-1a", "media-public-a", rtb=pub, public=True)
    a2 = n.subnet("a", 2, "10.90.1.0/24", "us-east-1a", "media-app-a", rtb=app)
    a3 = n.subnet("a", 3, "10.90.2.0/24", "us-east-1b", "media-app-b", rtb=app)
    p4 = n.subnet("a", 4, "10.90.3.0/24", "us-east-1b", "media-public-b", rtb=pub, public=True)
    n.nat("a", 1, p1, "10.90.0.10", "52.7.8.9", "media-nat")
    fn = n.sg("a", 2, "thumbnail-worker", [], description="Lambda function thumbnail-worker")
    web = n.sg("a", 3, "media-web", [tcp(443, [web_ingress_cidr])], description="HTTPS to the media origin")
    n.eni("a", 1, p4, "10.90.3.50", [web], public_ip="54.90.1.2")
    n.function("thumbnail-worker", [a2, a3], [fn], A)
    return n.documents(), dict(A=A, NAT=NAT, IGW=IGW, app=app, web=web, a2=a2, a3=a3,
                               eni=n.id("eni", "a", 1), p4=p4)


def hairpin_stories():
    F = "thumbnail-worker"
    docs, x = hairpin("52.7.8.9/32")
    base = (f"thumbnail-worker runs in media {x['A']} (10.90.0.0/16), in app subnets whose table {x['app']} sends "
            f"0.0.0.0/0 to {x['NAT']} (Elastic IP 52.7.8.9). In the same VPC the origin server's interface "
            f"{x['eni']} ({x['p4']}, a public subnet) has the private address 10.90.3.50 and the public IP 54.90.1.2, "
            "which the code calls by its public name. The public address is asked as ip:54.90.1.2:443: it is not in "
            "the VPC's CIDR, so it takes 0.0.0.0/0 through the NAT gateway and the internet gateway, which turns it "
            f"back into 10.90.3.50 (hairpin): the packets arrive from 52.7.8.9.")
    hit = lambda: every([x["a2"], x["a3"]], "unreachable", [f"ENI_SG_RULES_MISMATCH@{x['web']}"])
    write("hairpin-public-ip-admits-nat-eip", docs, story(
        base + f" Its group {x['web']} admits 443 from 52.7.8.9/32: ip:54.90.1.2:443 is reachable. The private "
        "address ip:10.90.3.50:443 takes the local route and arrives from the function's subnet, which that rule "
        f"does not admit: ENI_SG_RULES_MISMATCH at {x['web']}.",
        "Public addresses: a public address that belongs to the inventory (an ENI's public IP), the function's own "
        "VPC included (hairpin through NAT): the traffic arrives from the NAT gateway's EIP, and the owner's "
        "security groups and NACL decide.",
        [q(F, "ip:54.90.1.2:443", "reachable", every([x["a2"], x["a3"]]), port=443),
         q(F, "ip:10.90.3.50:443", "unreachable", hit(), port=443)]))

    docs, x = hairpin("10.90.0.0/16")
    write("hairpin-public-ip-admits-vpc-cidr", docs, story(
        base + f" Its group {x['web']} admits 443 from the VPC's CIDR 10.90.0.0/16 only, as if the call stayed "
        f"inside: ip:54.90.1.2:443 arrives from 52.7.8.9 and is refused, ENI_SG_RULES_MISMATCH at {x['web']}. "
        "The private address ip:10.90.3.50:443 (local route, from the function's subnet) is reachable.",
        "Public addresses: a public address that belongs to the inventory (an ENI's public IP), the function's own "
        "VPC included (hairpin through NAT): the traffic arrives from the NAT gateway's EIP, and the owner's "
        "security groups and NACL decide.",
        [q(F, "ip:54.90.1.2:443", "unreachable", hit(), port=443),
         q(F, "ip:10.90.3.50:443", "reachable", every([x["a2"], x["a3"]]), port=443)]))


# ===========================================================================================
# 8. A hardened default security group (exported with no rules).
# ===========================================================================================

def hardened(function_groups="own", db_groups="own"):
    n = Net(8)
    A = n.vpc("a", "172.20.0.0/16", "ledger-ops", default_sg="hardened")
    DEF = n.id("sg", "a", 1)
    IGW = n.igw("a", "ledger-ops-igw")
    NAT = n.id("nat", "a", 1)
    pub = n.rtb("a", 2, "ledger-ops-public", [route("0.0.0.0/0", IGW)])
    app = n.rtb("a", 3, "ledger-ops-app", [route("0.0.0.0/0", NAT)])
    p1 = n.subnet("a", 1, "172.20.0.0/24", "us-east-1a", "ledger-ops-public-a", rtb=pub, public=True)
    a2 = n.subnet("a", 2, "172.20.1.0/24", "us-east-1a", "ledger-ops-app-a", rtb=app)
    a3 = n.subnet("a", 3, "172.20.2.0/24", "us-east-1b", "ledger-ops-app-b", rtb=app)
    d4 = n.subnet("a", 4, "172.20.11.0/24", "us-east-1a", "ledger-ops-db-a")
    d5 = n.subnet("a", 5, "172.20.12.0/24", "us-east-1b", "ledger-ops-db-b")
    n.nat("a", 1, p1, "172.20.0.10", "52.20.1.8", "ledger-ops-nat")
    fn = n.sg("a", 2, "nightly-export", [], description="Lambda function nightly-export")
    db = n.sg("a", 3, "ops-db", [tcp(5432, groups=[fn])], description="PostgreSQL from nightly-export")
    n.db("ops-db", "a", [d4, d5], "ops-db-subnets", [db] if db_groups == "own" else [DEF])
    n.function("nightly-export", [a2, a3], [fn] if function_groups == "own" else [DEF], A)
    return n.documents(), dict(A=A, DEF=DEF, fn=fn, db=db, a2=a2, a3=a3)


HARDENED_RULE = ("Security groups: a VPC's default group is created with two rules that can be removed like any "
                 "other; describe-security-groups lists the rules that exist, so a default group exported with empty "
                 "IpPermissions/IpPermissionsEgress has NO rules (CIS AWS Foundations 5.4, Security Hub EC2.2); the "
                 "creation defaults are assumed only where the rules cannot be known (SG_HAS_NO_RULES).")


def hardened_stories():
    F = "nightly-export"
    docs, x = hardened(function_groups="default")
    write("default-sg-hardened-function", docs, story(
        f"nightly-export runs in ledger-ops {x['A']}, in app subnets routed 0.0.0.0/0 to a working NAT gateway, but "
        f"wears only the VPC's default group {x['DEF']}, which this CIS-hardened account exports with "
        "IpPermissions [] and IpPermissionsEgress []: the export says the group has no rules, so the creation "
        f"default 'all egress' is not assumed. No outbound rule at all: SG_HAS_NO_RULES at {x['DEF']}, internet "
        "unreachable from both subnets.",
        HARDENED_RULE + " Egress of the function's groups must allow the destination.",
        [q(F, "internet", "unreachable",
           every([x["a2"], x["a3"]], "unreachable", [f"SG_HAS_NO_RULES@{x['DEF']}"]), port=443)]))

    docs, x = hardened(db_groups="default")
    write("default-sg-hardened-rds", docs, story(
        f"nightly-export (its own group {x['fn']}, all egress) and the PostgreSQL instance ops-db are in "
        f"ledger-ops {x['A']}; ops-db's only group is the VPC's default group {x['DEF']}, exported with no rules "
        "(hardened account). The creation default 'ingress from the group's own members' is not assumed, and the "
        f"function is not a member anyway: no inbound rule at all, SG_HAS_NO_RULES at {x['DEF']} from both "
        "subnets. The internet, through the NAT gateway, is reachable: the function's own group is open.",
        HARDENED_RULE + " Ingress of the destination's groups must admit the source. Services as destinations: RDS.",
        [q(F, "rds:ops-db", "unreachable",
           every([x["a2"], x["a3"]], "unreachable", [f"SG_HAS_NO_RULES@{x['DEF']}"]), port=5432),
         q(F, "internet", "reachable", every([x["a2"], x["a3"]]), port=443)]))


# ===========================================================================================
# 9. Destination states: instance, cluster, proxy.
# ===========================================================================================

def states(instance="available", cluster="available", proxy="available"):
    n = Net(9)
    A = n.vpc("a", "172.21.0.0/16", "orders")
    a1 = n.subnet("a", 1, "172.21.1.0/24", "us-east-1a", "orders-app-a")
    a2 = n.subnet("a", 2, "172.21.2.0/24", "us-east-1b", "orders-app-b")
    d3 = n.subnet("a", 3, "172.21.11.0/24", "us-east-1a", "orders-db-a")
    d4 = n.subnet("a", 4, "172.21.12.0/24", "us-east-1b", "orders-db-b")
    fn = n.sg("a", 2, "orders-api", [], description="Lambda function orders-api")
    gdb = n.sg("a", 3, "orders-db", [tcp(5432, groups=[fn])], description="PostgreSQL from orders-api")
    gpx = n.sg("a", 4, "orders-proxy", [tcp(5432, groups=[fn])], description="RDS Proxy from orders-api")
    gcl = n.sg("a", 5, "orders-aurora", [tcp(5432, groups=[fn, gpx])],
               description="Aurora from orders-api and the proxy")
    n.db("orders-db", "a", [d3, d4], "orders-db-subnets", [gdb], status=instance)
    # A stopped cluster's members are stopped too: AWS prints both.
    n.db("orders-aurora-1", "a", [d3, d4], "orders-aurora-subnets", [gcl], engine="aurora-postgresql",
         version="15.4", cluster="orders-aurora", status="stopped" if cluster == "stopped" else "available",
         resource="db-95BB30358BAB4FB9D358A16983")
    n.clusters = [{
        "AllocatedStorage": 1, "AvailabilityZones": ["us-east-1a", "us-east-1b"], "BackupRetentionPeriod": 7,
        "DatabaseName": "orders", "DBClusterIdentifier": "orders-aurora",
        "DBClusterParameterGroup": "default.aurora-postgresql15", "DBSubnetGroup": "orders-aurora-subnets",
        "Status": cluster, "Endpoint": "orders-aurora.cluster-c9akciq32lxp.us-east-1.rds.amazonaws.com",
        "ReaderEndpoint": "orders-aurora.cluster-ro-c9akciq32lxp.us-east-1.rds.amazonaws.com", "MultiAZ": False,
        "Engine": "aurora-postgresql", "EngineVersion": "15.4", "Port": 5432, "MasterUsername": "app_admin",
        "DBClusterMembers": [{"DBInstanceIdentifier": "orders-aurora-1", "IsClusterWriter": True,
                              "DBClusterParameterGroupStatus": "in-sync", "PromotionTier": 1}],
        "VpcSecurityGroups": [{"VpcSecurityGroupId": gcl, "Status": "active"}], "HostedZoneId": "Z2R2ITUGPM61AM",
        "StorageEncrypted": True, "DbClusterResourceId": "cluster-A8EE08C9FA32F8947CABA3E632",
        "DBClusterArn": f"arn:aws:rds:{REGION}:{ACCT}:cluster:orders-aurora", "EngineMode": "provisioned",
        "DeletionProtection": False}]
    n.proxies = [{
        "DBProxyName": "orders-proxy", "DBProxyArn": f"arn:aws:rds:{REGION}:{ACCT}:db-proxy:prx-0fd9a1ce2d0f7600d",
        "Status": proxy, "EngineFamily": "POSTGRESQL", "VpcId": A, "VpcSecurityGroupIds": [gpx],
        "VpcSubnetIds": [d3, d4],
        "Auth": [{"AuthScheme": "SECRETS",
                  "SecretArn": f"arn:aws:secretsmanager:{REGION}:{ACCT}:secret:orders-db-app-Xk3PqL",
                  "IAMAuth": "DISABLED", "ClientPasswordAuthType": "POSTGRES_SCRAM_SHA_256"}],
        "RoleArn": f"arn:aws:iam::{ACCT}:role/orders-proxy-secrets",
        "Endpoint": "orders-proxy.proxy-c9akciq32lxp.us-east-1.rds.amazonaws.com", "RequireTLS": True,
        "IdleClientTimeout": 1800, "DebugLogging": False, "CreatedDate": "2024-01-09T12:30:00.000Z",
        "UpdatedDate": "2024-01-09T12:41:00.000Z"}]
    n.function("orders-api", [a1, a2], [fn], A)
    return n.documents(), dict(A=A, a1=a1, a2=a2, gdb=gdb, gpx=gpx, gcl=gcl)


STATE_RULE = ("Destinations have states too: an RDS instance that is not available (stopped, stopping, starting, "
              "creating, deleting, failed, storage-full, incompatible-network, ...) accepts no connections; likewise "
              "a cluster whose Status is not available, a proxy whose Status is not available (BAD_STATE at the "
              "database). Statuses that still serve: available, backing-up, modifying, storage-optimization, "
              "configuring-*, resetting-master-credentials.")


def state_stories():
    F = "orders-api"
    docs, x = states()
    S = [x["a1"], x["a2"]]
    base = (f"orders-api runs in orders {x['A']} (local routes only, NACLs allow all). In the same VPC: the "
            f"PostgreSQL instance orders-db (group {x['gdb']}), the Aurora cluster orders-aurora with its writer "
            f"orders-aurora-1 (group {x['gcl']}) and the RDS Proxy orders-proxy (group {x['gpx']}, POSTGRESQL, "
            "5432); each group admits 5432 from orders-api's group.")
    write("rds-state-available", docs, story(
        base + " Everything is available: all three are reachable from both subnets.",
        STATE_RULE,
        [q(F, "rds:orders-db", "reachable", every(S), port=5432),
         q(F, "rds:orders-aurora", "reachable", every(S), port=5432),
         q(F, "rds:orders-proxy", "reachable", every(S), port=5432)]))
    for status, name, words in (
            ("stopped", "rds-state-stopped",
             "orders-db was stopped (DBInstanceStatus stopped, as stop-db-instance leaves it for up to seven days): "
             "it accepts no connections"),
            ("storage-full", "rds-state-storage-full",
             "orders-db ran out of storage (DBInstanceStatus storage-full): it accepts no connections")):
        docs, x = states(instance=status)
        write(name, docs, story(
            base + " " + words + ", whatever the network says: BAD_STATE at orders-db in every subnet, with the "
            "state named.", STATE_RULE,
            [q(F, "rds:orders-db", "unreachable", every(S, "unreachable", ["BAD_STATE@orders-db"]), port=5432)]))
    docs, x = states(instance="backing-up")
    write("rds-state-backing-up", docs, story(
        base + " orders-db is taking its automated backup (DBInstanceStatus backing-up): it keeps serving "
        "connections, so it is reachable from both subnets.", STATE_RULE,
        [q(F, "rds:orders-db", "reachable", every(S), port=5432)]))
    docs, x = states(cluster="stopped")
    write("rds-state-cluster-stopped", docs, story(
        base + " The cluster orders-aurora was stopped (Status stopped; its writer orders-aurora-1 is stopped with "
        "it, as AWS prints it): the cluster endpoint accepts no connections, BAD_STATE at orders-aurora in every "
        "subnet.", STATE_RULE,
        [q(F, "rds:orders-aurora", "unreachable", every(S, "unreachable", ["BAD_STATE@orders-aurora"]),
           port=5432)]))
    docs, x = states(proxy="incompatible-network")
    write("rds-state-proxy-not-available", docs, story(
        base + " The proxy orders-proxy is in Status incompatible-network (for example its subnets ran out of "
        "addresses): a proxy serves only when available, BAD_STATE at orders-proxy in every subnet.", STATE_RULE,
        [q(F, "rds:orders-proxy", "unreachable", every(S, "unreachable", ["BAD_STATE@orders-proxy"]),
           port=5432)]))


# ===========================================================================================
# 10. A VpcConfig that spans two VPCs.
# ===========================================================================================

def vpc_config(subnets, groups):
    n = Net(10)
    out = {}
    for letter, cidr, name, eip in (("a", "172.22", "ingest-east", "52.22.0.10"),
                                    ("b", "172.23", "ingest-west", "52.23.0.10")):
        V = n.vpc(letter, f"{cidr}.0.0/16", name)
        IGW = n.igw(letter, f"{name}-igw")
        NAT = n.id("nat", letter, 1)
        pub = n.rtb(letter, 2, f"{name}-public", [route("0.0.0.0/0", IGW)])
        app = n.rtb(letter, 3, f"{name}-app", [route("0.0.0.0/0", NAT)])
        p1 = n.subnet(letter, 1, f"{cidr}.0.0/24", "us-east-1a", f"{name}-public-a", rtb=pub, public=True)
        s2 = n.subnet(letter, 2, f"{cidr}.1.0/24", "us-east-1a", f"{name}-app-a", rtb=app)
        s3 = n.subnet(letter, 3, f"{cidr}.2.0/24", "us-east-1b", f"{name}-app-b", rtb=app)
        n.nat(letter, 1, p1, f"{cidr}.0.10", eip, f"{name}-nat")
        g = n.sg(letter, 2, "ingest", [], description="Lambda functions ingest*")
        out[letter] = dict(V=V, s2=s2, s3=s3, g=g)
        n.function(f"ingest-{letter}", [s2, s3], [g], V)
    n.function("ingest", subnets(out), groups(out), out["a"]["V"])
    return n.documents(), out


VPC_CONFIG_RULE = ("The function's side: all SubnetIds and SecurityGroupIds of a VpcConfig belong to one VPC; AWS "
                   "rejects any other configuration, so an export or template that has subnets in two VPCs, or "
                   "groups of another VPC, is not a function that runs: never reachable "
                   "(LAMBDA_VPC_CONFIG_INVALID, function-level).")


def vpc_config_stories():
    INVALID = [f"LAMBDA_VPC_CONFIG_INVALID@{arn('ingest')}"]
    docs, o = vpc_config(lambda o: [o["a"]["s2"], o["b"]["s3"]], lambda o: [o["a"]["g"]])
    a, b = o["a"], o["b"]
    base = (f"Two VPCs, ingest-east {a['V']} (172.22.0.0/16) and ingest-west {b['V']} (172.23.0.0/16), each with "
            "app subnets routed 0.0.0.0/0 to its own working NAT gateway; ingest-a and ingest-b, one per VPC with "
            f"that VPC's all-egress group ({a['g']}, {b['g']}), reach the internet from both subnets.")
    write("vpc-config-subnets-in-two-vpcs", docs, story(
        base + f" The function ingest is exported with SubnetIds {a['s2']} (ingest-east) and {b['s3']} "
        f"(ingest-west) and the group {a['g']}: subnets in two VPCs, which AWS never accepts. Both paths would "
        "work on their own, but no such function runs: LAMBDA_VPC_CONFIG_INVALID at the function (function-level), "
        "every subnet unreachable with no path blocker of its own.",
        VPC_CONFIG_RULE,
        [q("ingest", "internet", "unreachable", every([a["s2"], b["s3"]], "unreachable"), port=443,
           blockers=INVALID),
         q("ingest-a", "internet", "reachable", every([a["s2"], a["s3"]]), port=443),
         q("ingest-b", "internet", "reachable", every([b["s2"], b["s3"]]), port=443)]))

    docs, o = vpc_config(lambda o: [o["a"]["s2"], o["a"]["s3"]], lambda o: [o["a"]["g"], o["b"]["g"]])
    write("vpc-config-group-of-another-vpc", docs, story(
        base + f" The function ingest is exported with ingest-east's subnets {a['s2']} and {a['s3']} and the groups "
        f"{a['g']} (ingest-east) and {b['g']} (ingest-west's, copied from the other stack): a security group of "
        "another VPC than the subnets', which AWS never accepts. The paths are those of ingest-a, but no such "
        "function runs: LAMBDA_VPC_CONFIG_INVALID at the function (function-level), every subnet unreachable with "
        "no path blocker of its own.",
        VPC_CONFIG_RULE,
        [q("ingest", "internet", "unreachable", every([a["s2"], a["s3"]], "unreachable"), port=443,
           blockers=INVALID),
         q("ingest-a", "internet", "reachable", every([a["s2"], a["s3"]]), port=443)]))


# ===========================================================================================
# 11. The Amazon DNS server is not filtered by security groups or network ACLs.
# ===========================================================================================

def dns_story():
    n = Net(11)
    A = n.vpc("a", "10.11.0.0/16", "edge")
    IGW = n.igw("a", "edge-igw")
    NAT = n.id("nat", "a", 1)
    pub = n.rtb("a", 2, "edge-public", [route("0.0.0.0/0", IGW)])
    app = n.rtb("a", 3, "edge-app", [route("0.0.0.0/0", NAT)])
    locked = n.acl("a", 2, "edge-locked-down", [
        entry(True, 100, "deny"), entry(True, 32767, "deny"), entry(False, 100, "deny"), entry(False, 32767, "deny")])
    p1 = n.subnet("a", 1, "10.11.0.0/24", "us-east-1a", "edge-public-a", rtb=pub, public=True)
    a2 = n.subnet("a", 2, "10.11.1.0/24", "us-east-1a", "edge-app-a", rtb=app, acl=locked)
    a3 = n.subnet("a", 3, "10.11.2.0/24", "us-east-1b", "edge-app-b", rtb=app, acl=locked)
    n.nat("a", 1, p1, "10.11.0.10", "52.11.0.10", "edge-nat")
    fn = n.sg("a", 2, "dns-probe", [], egress=[], description="Lambda function dns-probe, no outbound rules")
    n.function("dns-probe", [a2, a3], [fn], A)
    F, S = "dns-probe", [a2, a3]
    write("amazon-dns-server-not-filtered", n.documents(), story(
        f"dns-probe runs in edge {A} (10.11.0.0/16) with a group {fn} that has no outbound rules at all, in subnets "
        f"whose network ACL {locked} denies everything both ways. Its DNS queries go to the Amazon DNS server, at "
        "the VPC's primary CIDR base plus two (10.11.0.2, here inside the public subnet 10.11.0.0/24) and at "
        "169.254.169.253; that traffic is not filtered by security groups or network ACLs, so udp and tcp 53 to "
        "10.11.0.2 and udp 53 to 169.254.169.253 are reachable from both subnets. The same udp 53 to a public "
        f"resolver, 8.8.8.8, is ordinary traffic: SG_HAS_NO_RULES at {fn} and SUBNET_ACL_RESTRICTION at {locked} "
        "(the NAT path itself works).",
        "Security groups: traffic to the Amazon DNS server (the VPC's base address +2, and 169.254.169.253) is not "
        "filtered by security groups or network ACLs. Network ACLs.",
        [q(F, "ip:10.11.0.2:53", "reachable", every(S), port=53, protocol="udp"),
         q(F, "ip:10.11.0.2:53", "reachable", every(S), port=53, protocol="tcp"),
         q(F, "ip:169.254.169.253:53", "reachable", every(S), port=53, protocol="udp"),
         q(F, "ip:8.8.8.8:53", "unreachable",
           every(S, "unreachable", [f"SG_HAS_NO_RULES@{fn}", f"SUBNET_ACL_RESTRICTION@{locked}"]), port=53,
           protocol="udp")]))


if __name__ == "__main__":
    overlap_peering()
    overlap_tgw()
    route_less()
    narrower()
    public_rds_stories()
    peering_public_rds_stories()
    tgw_public_rds_stories()
    hairpin_stories()
    hardened_stories()
    state_stories()
    vpc_config_stories()
    dns_story()
    print("\n".join(WRITTEN))
