"""Writes the RDS proxy endpoint scenario folders (rds-proxy-endpoint-*/ beside this file): an
application VPC (10.1.0.0/16) with the function and an additional endpoint of a proxy whose
default VPC is a data VPC (10.0.0.0/16), with no peering or transit gateway between them. The
AWS CLI shapes are those of rds-proxy-group-egress-stops-database-port; each story's expected
answer is written by hand below from AWS's rules, never from lambda-reach's output:

- DBProxyEndpoint (https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBProxyEndpoint.html):
  "RDS automatically creates one endpoint for each DB proxy ... you can associate additional
  endpoints with the same DB proxy ... They can also reside in different VPCs than the
  associated DB proxy."
- CreateDBProxyEndpoint: "You can also use DB proxy endpoints to access a DB proxy through a
  different VPC than the proxy's default VPC"; VpcSecurityGroupIds: "a different set of security
  group IDs than for the original DB proxy".
- Proxy endpoints (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-endpoints.html):
  a READ_ONLY endpoint needs an Aurora cluster with reader instances; "Requests also fail if the
  target of the proxy is an RDS instance instead of an Aurora cluster."
  A READ_ONLY endpoint in front of a cluster: "RDS Proxy requires that the Aurora cluster has one
  or more reader DB instances"; readers that "aren't available" make the proxy wait for the
  connection borrow timeout, then fail the request.
- Creating a proxy (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-creating.html):
  the proxy's own group "must allow access to the database the proxy connects to": the proxy
  opens its own connection to its target from its own subnets, whichever endpoint the client
  used.

    python3 rds_proxy_endpoint_stories.py .
"""
import copy
import json
import os
import shutil
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "."
ACCOUNT = "123456789012"
DATA_VPC, APP_VPC = "vpc-0e0000000000000d1", "vpc-0e0000000000000a1"
FN_A, FN_B = "subnet-0e00000000000f0a1", "subnet-0e00000000000f0b1"
EP_A, EP_B = "subnet-0e00000000000e0a1", "subnet-0e00000000000e0b1"
DB_A, DB_B = "subnet-0e00000000000d0a1", "subnet-0e00000000000d0b1"
FN_SG, EP_SG, PROXY_SG, DB_SG = ("sg-0e000000000000f01", "sg-0e000000000000e01", "sg-0e000000000000a01",
                                 "sg-0e000000000000d01")


def write(name, docs, story, rule, queries):
    folder = os.path.join(ROOT, name)
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    for fname, doc in docs.items():
        with open(os.path.join(folder, fname), "w") as out:
            json.dump(doc, out, indent=4)
            out.write("\n")
    with open(os.path.join(folder, "expected.json"), "w") as out:
        json.dump({"story": story, "rule": rule, "queries": queries}, out, indent=4)
        out.write("\n")


def vpc(vpc_id, cidr):
    return {"CidrBlock": cidr, "DhcpOptionsId": "dopt-0e000000000000001", "State": "available", "VpcId": vpc_id,
            "OwnerId": ACCOUNT, "InstanceTenancy": "default",
            "CidrBlockAssociationSet": [{"AssociationId": "vpc-cidr-assoc-" + vpc_id[4:], "CidrBlock": cidr,
                                         "CidrBlockState": {"State": "associated"}}], "IsDefault": False}


def subnet(subnet_id, vpc_id, cidr, zone):
    return {"AvailabilityZone": zone, "AvailableIpAddressCount": 250, "CidrBlock": cidr, "DefaultForAz": False,
            "MapPublicIpOnLaunch": False, "State": "available", "SubnetId": subnet_id, "VpcId": vpc_id,
            "OwnerId": ACCOUNT, "AssignIpv6AddressOnCreation": False, "Ipv6CidrBlockAssociationSet": [],
            "SubnetArn": f"arn:aws:ec2:us-east-1:{ACCOUNT}:subnet/{subnet_id}", "Ipv6Native": False}


def table(table_id, vpc_id, cidr):
    return {"Associations": [{"Main": True, "RouteTableAssociationId": "rtbassoc-" + table_id[4:],
                              "RouteTableId": table_id, "AssociationState": {"State": "associated"}}],
            "PropagatingVgws": [], "RouteTableId": table_id,
            "Routes": [{"DestinationCidrBlock": cidr, "GatewayId": "local", "Origin": "CreateRouteTable",
                        "State": "active"}], "VpcId": vpc_id, "OwnerId": ACCOUNT, "Tags": []}


def acl(acl_id, vpc_id, subnets):
    entries = [{"CidrBlock": "0.0.0.0/0", "Egress": egress, "Protocol": "-1", "RuleAction": action,
                "RuleNumber": number} for number, action in ((100, "allow"), (32767, "deny"))
               for egress in (True, False)]
    return {"Associations": [{"NetworkAclAssociationId": "aclassoc-" + s[7:], "NetworkAclId": acl_id,
                              "SubnetId": s} for s in subnets], "Entries": entries, "IsDefault": True,
            "NetworkAclId": acl_id, "VpcId": vpc_id, "OwnerId": ACCOUNT, "Tags": []}


def rule(port, cidr=None, group=None):
    return {"IpProtocol": "tcp" if port else "-1", **({"FromPort": port, "ToPort": port} if port else {}),
            "IpRanges": [{"CidrIp": cidr}] if cidr else [], "Ipv6Ranges": [], "PrefixListIds": [],
            "UserIdGroupPairs": [{"GroupId": group, "UserId": ACCOUNT}] if group else []}


def group(group_id, name, vpc_id, ingress, egress):
    return {"Description": name, "GroupName": name, "IpPermissions": ingress, "OwnerId": ACCOUNT,
            "GroupId": group_id, "IpPermissionsEgress": egress, "VpcId": vpc_id,
            "SecurityGroupArn": f"arn:aws:ec2:us-east-1:{ACCOUNT}:security-group/{group_id}"}


def base():
    return {
        "describe-vpcs.json": {"Vpcs": [vpc(APP_VPC, "10.1.0.0/16"), vpc(DATA_VPC, "10.0.0.0/16")]},
        "describe-subnets.json": {"Subnets": [
            subnet(FN_A, APP_VPC, "10.1.1.0/24", "us-east-1a"), subnet(FN_B, APP_VPC, "10.1.2.0/24", "us-east-1b"),
            subnet(EP_A, APP_VPC, "10.1.11.0/24", "us-east-1a"), subnet(EP_B, APP_VPC, "10.1.12.0/24", "us-east-1b"),
            subnet(DB_A, DATA_VPC, "10.0.11.0/24", "us-east-1a"),
            subnet(DB_B, DATA_VPC, "10.0.12.0/24", "us-east-1b")]},
        "describe-route-tables.json": {"RouteTables": [table("rtb-0e0000000000000a1", APP_VPC, "10.1.0.0/16"),
                                                       table("rtb-0e0000000000000d1", DATA_VPC, "10.0.0.0/16")]},
        "describe-network-acls.json": {"NetworkAcls": [acl("acl-0e0000000000000a1", APP_VPC, [FN_A, FN_B, EP_A, EP_B]),
                                                       acl("acl-0e0000000000000d1", DATA_VPC, [DB_A, DB_B])]},
        "describe-internet-gateways.json": {"InternetGateways": []},
        "describe-nat-gateways.json": {"NatGateways": []},
        "describe-security-groups.json": {"SecurityGroups": [
            group(FN_SG, "fn", APP_VPC, [], [rule(None, cidr="0.0.0.0/0")]),
            group(EP_SG, "proxy-endpoint", APP_VPC, [rule(5432, group=FN_SG)], [rule(None, cidr="0.0.0.0/0")]),
            group(PROXY_SG, "proxy", DATA_VPC, [], [rule(5432, group=DB_SG)]),
            group(DB_SG, "db", DATA_VPC, [rule(5432, group=PROXY_SG)], [rule(None, cidr="0.0.0.0/0")])]},
        "list-functions.json": {"Functions": [{
            "FunctionName": "app", "FunctionArn": f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:app",
            "Runtime": "python3.12", "Role": f"arn:aws:iam::{ACCOUNT}:role/app-role", "Handler": "app.handler",
            "CodeSize": 1000, "Timeout": 30, "MemorySize": 256, "LastModified": "2024-05-14T09:21:37.000+0000",
            "Version": "$LATEST",
            "VpcConfig": {"SubnetIds": [FN_A, FN_B], "SecurityGroupIds": [FN_SG], "VpcId": APP_VPC,
                          "Ipv6AllowedForDualStack": False},
            "State": "Active", "LastUpdateStatus": "Successful", "PackageType": "Zip"}]},
        "describe-db-instances.json": {"DBInstances": [{
            "DBInstanceIdentifier": "orders-pg", "DBInstanceClass": "db.r6g.large", "Engine": "postgres",
            "DBInstanceStatus": "available", "MasterUsername": "admin",
            "Endpoint": {"Address": "orders-pg.c9akciq32lxp.us-east-1.rds.amazonaws.com", "Port": 5432,
                         "HostedZoneId": "Z2R2ITUGPM61AM"},
            "VpcSecurityGroups": [{"VpcSecurityGroupId": DB_SG, "Status": "active"}],
            "AvailabilityZone": "us-east-1a",
            "DBSubnetGroup": {"DBSubnetGroupName": "db-subnets", "DBSubnetGroupDescription": "db-subnets",
                              "VpcId": DATA_VPC, "SubnetGroupStatus": "Complete",
                              "Subnets": [{"SubnetIdentifier": s, "SubnetAvailabilityZone": {"Name": z},
                                           "SubnetOutpost": {}, "SubnetStatus": "Active"}
                                          for s, z in ((DB_A, "us-east-1a"), (DB_B, "us-east-1b"))]},
            "MultiAZ": False, "PubliclyAccessible": False,
            "DBInstanceArn": f"arn:aws:rds:us-east-1:{ACCOUNT}:db:orders-pg", "StorageType": "gp3"}]},
        "describe-db-proxies.json": {"DBProxies": [{
            "DBProxyName": "orders-proxy", "DBProxyArn": f"arn:aws:rds:us-east-1:{ACCOUNT}:db-proxy:prx-0e808343683086814",
            "Status": "available", "EngineFamily": "POSTGRESQL", "VpcId": DATA_VPC,
            "VpcSecurityGroupIds": [PROXY_SG], "VpcSubnetIds": [DB_A, DB_B],
            "Auth": [{"AuthScheme": "SECRETS", "SecretArn": f"arn:aws:secretsmanager:us-east-1:{ACCOUNT}:secret:db-Xk3PqL",
                      "IAMAuth": "DISABLED"}],
            "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/proxy",
            "Endpoint": "orders-proxy.proxy-c9akciq32lxp.us-east-1.rds.amazonaws.com", "RequireTLS": True,
            "IdleClientTimeout": 1800, "DebugLogging": False, "CreatedDate": "2024-01-09T12:30:00.000Z",
            "UpdatedDate": "2024-01-09T12:41:00.000Z"}]},
        # describe-db-proxy-endpoints lists the proxy's default endpoint too (IsDefault), in the
        # proxy's own VPC, subnets and groups.
        "describe-db-proxy-endpoints.json": {"DBProxyEndpoints": [
            {"DBProxyEndpointName": "default", "DBProxyEndpointArn":
                f"arn:aws:rds:us-east-1:{ACCOUNT}:db-proxy-endpoint:prx-endpoint-0e00000000000d001",
             "DBProxyName": "orders-proxy", "Status": "available", "VpcId": DATA_VPC,
             "VpcSecurityGroupIds": [PROXY_SG], "VpcSubnetIds": [DB_A, DB_B],
             "Endpoint": "orders-proxy.proxy-c9akciq32lxp.us-east-1.rds.amazonaws.com",
             "CreatedDate": "2024-01-09T12:30:00.000Z", "TargetRole": "READ_WRITE", "IsDefault": True},
            {"DBProxyEndpointName": "orders-app", "DBProxyEndpointArn":
                f"arn:aws:rds:us-east-1:{ACCOUNT}:db-proxy-endpoint:prx-endpoint-0e00000000000a001",
             "DBProxyName": "orders-proxy", "Status": "available", "VpcId": APP_VPC,
             "VpcSecurityGroupIds": [EP_SG], "VpcSubnetIds": [EP_A, EP_B],
             "Endpoint": "orders-app.endpoint.proxy-c9akciq32lxp.us-east-1.rds.amazonaws.com",
             "CreatedDate": "2024-02-01T10:00:00.000Z", "TargetRole": "READ_WRITE", "IsDefault": False,
             "EndpointNetworkType": "IPV4"}]},
    }


def q(target, verdict, blockers_by_subnet, port=5432):
    return {"function": "app", "target": target, "port": port, "protocol": "tcp", "verdict": verdict,
            "subnets": {s: {"verdict": "reachable" if not b else "unreachable", "blockers": b}
                        for s, b in blockers_by_subnet.items()}, "blockers": []}


SETUP = ("The function app runs in an application VPC (10.1.0.0/16, subnets 10.1.1.0/24 and 10.1.2.0/24, group "
         f"{FN_SG}); RDS proxy orders-proxy (POSTGRESQL) and its target orders-pg live in a data VPC "
         "(10.0.0.0/16) with no peering or transit gateway to it; the proxy has an additional endpoint, orders-app, "
         f"in the application VPC (subnets 10.1.11.0/24 and 10.1.12.0/24, group {EP_SG}). Each VPC's only route "
         "is local; the ACLs allow everything. The proxy's group allows 5432 out to the database's group, which "
         "admits it.")
RULE = ("RDS proxy endpoints: an additional endpoint can reside in another VPC than the proxy's (DBProxyEndpoint, "
        "CreateDBProxyEndpoint) and has its own subnets and security groups; the proxy then opens its own "
        "connection to its target from its own subnets and groups (rds-proxy-creating.html).")


def stories():
    docs = base()
    write("rds-proxy-endpoint-in-the-functions-vpc", docs,
          SETUP + f" The endpoint's group admits 5432 from the function's group: the function reaches the endpoint "
          "within its own VPC, and the proxy reaches orders-pg in its own. rds:orders-proxy itself, in the data "
          "VPC, has no route from the application VPC.", RULE,
          [q("rds:orders-app", "reachable", {FN_A: [], FN_B: []}),
           q("rds:orders-proxy", "unreachable", {FN_A: ["NO_ROUTE_TO_DESTINATION@rtb-0e0000000000000a1"],
                                                 FN_B: ["NO_ROUTE_TO_DESTINATION@rtb-0e0000000000000a1"]})])

    docs = base()
    docs["describe-security-groups.json"]["SecurityGroups"][1]["IpPermissions"] = [rule(5432, cidr="10.9.0.0/16")]
    write("rds-proxy-endpoint-group-does-not-admit-function", docs,
          SETUP + f" The endpoint's group {EP_SG} admits 5432 only from 10.9.0.0/16, not from the function's "
          "group or subnets: the connection is refused at the endpoint's group, the endpoint's own (not the "
          "proxy's).", RULE,
          [q("rds:orders-app", "unreachable", {FN_A: [f"ENI_SG_RULES_MISMATCH@{EP_SG}"],
                                               FN_B: [f"ENI_SG_RULES_MISMATCH@{EP_SG}"]})])

    docs = base()
    docs["describe-security-groups.json"]["SecurityGroups"][2]["IpPermissionsEgress"] = [rule(443, cidr="0.0.0.0/0")]
    write("rds-proxy-endpoint-proxy-group-egress-stops-database-port", docs,
          SETUP.replace("The proxy's group allows 5432 out to the database's group, which admits it.",
                        "The database's group admits the proxy's group on 5432.")
          + f" The proxy's group {PROXY_SG} allows only tcp 443 out: the function reaches the endpoint, but the "
          "proxy's own connection to orders-pg, from the data VPC, is dropped at the proxy's group.", RULE,
          [q("rds:orders-app", "unreachable", {FN_A: [f"RDS_PROXY_TARGET_UNREACHABLE@{PROXY_SG}"],
                                               FN_B: [f"RDS_PROXY_TARGET_UNREACHABLE@{PROXY_SG}"]})])

    docs = base()
    docs["describe-db-proxies.json"]["DBProxies"][0]["Status"] = "incompatible-network"
    write("rds-proxy-endpoint-proxy-not-available", docs,
          SETUP + " The proxy is in status incompatible-network: every endpoint hands its connections to the "
          "proxy, which accepts none until it is available again.",
          RULE + " A proxy whose status is not available accepts no connections (DBProxyStatus).",
          [q("rds:orders-app", "unreachable", {FN_A: ["BAD_STATE@orders-proxy"], FN_B: ["BAD_STATE@orders-proxy"]})])

    docs = base()
    docs["describe-db-proxy-endpoints.json"]["DBProxyEndpoints"][1]["Status"] = "insufficient-resource-limits"
    write("rds-proxy-endpoint-not-available", docs,
          SETUP + " The endpoint orders-app is in status insufficient-resource-limits (its subnets had too few "
          "free addresses): it accepts no connections, though the proxy is available.",
          RULE + " An endpoint whose status is not available accepts no connections (DBProxyEndpointStatus).",
          [q("rds:orders-app", "unreachable", {FN_A: ["BAD_STATE@orders-app"], FN_B: ["BAD_STATE@orders-app"]})])

    docs = base()
    docs["describe-db-proxy-endpoints.json"]["DBProxyEndpoints"][1]["TargetRole"] = "READ_ONLY"
    write("rds-proxy-endpoint-read-only-in-front-of-an-instance", docs,
          SETUP + " The endpoint orders-app is READ_ONLY, and the proxy's target orders-pg is an RDS DB instance, "
          "not an Aurora cluster: a read-only endpoint hands its connections to a cluster's reader instances, and "
          "there are none, so every request through it fails.",
          RULE + " A READ_ONLY endpoint needs an Aurora cluster with reader instances: 'Requests also fail if the "
          "target of the proxy is an RDS instance instead of an Aurora cluster' (rds-proxy-endpoints.html).",
          [q("rds:orders-app", "unreachable", {FN_A: ["RDS_PROXY_TARGET_UNREACHABLE@orders-app"],
                                               FN_B: ["RDS_PROXY_TARGET_UNREACHABLE@orders-app"]})])

    reader_rule = (RULE + " A READ_ONLY endpoint hands its connections to the target Aurora cluster's reader "
                   "instances: 'RDS Proxy requires that the Aurora cluster has one or more reader DB instances'; "
                   "with a cluster 'containing only a single writer ... any requests to the reader endpoint fail', "
                   "and when its readers 'aren't available', the proxy waits for the connection borrow timeout, "
                   "then fails the request (rds-proxy-endpoints.html).")
    docs = aurora(base(), readers=[])
    write("rds-proxy-endpoint-read-only-cluster-without-reader", docs,
          SETUP.replace("its target orders-pg", "its target, Aurora cluster orders-aurora,")
          + " The endpoint orders-app is READ_ONLY, and orders-aurora's only instance is its writer "
          "orders-aurora-1 (DBClusterMembers): there is no reader to hand a connection to, so every request "
          "through the endpoint fails.", reader_rule,
          [q("rds:orders-app", "unreachable", {FN_A: ["RDS_PROXY_TARGET_UNREACHABLE@orders-app"],
                                               FN_B: ["RDS_PROXY_TARGET_UNREACHABLE@orders-app"]})])

    docs = aurora(base(), readers=[("orders-aurora-2", "available")])
    write("rds-proxy-endpoint-read-only-cluster-with-reader", docs,
          SETUP.replace("its target orders-pg", "its target, Aurora cluster orders-aurora,")
          + " The endpoint orders-app is READ_ONLY, and orders-aurora has a reader, orders-aurora-2, available "
          "beside its writer: the endpoint hands the function's connections to it.", reader_rule,
          [q("rds:orders-app", "reachable", {FN_A: [], FN_B: []})])

    docs = aurora(base(), readers=[("orders-aurora-2", "available")])
    docs["describe-db-proxy-targets.json"] = {"Targets": [
        {"Endpoint": "orders-aurora-1.c9akciq32lxp.us-east-1.rds.amazonaws.com", "TrackedClusterId": "orders-aurora",
         "RdsResourceId": "orders-aurora-1", "Port": 5432, "Type": "RDS_INSTANCE", "Role": "READ_WRITE",
         "TargetHealth": {"State": "AVAILABLE"}},
        {"Endpoint": "orders-aurora-2.c9akciq32lxp.us-east-1.rds.amazonaws.com", "TrackedClusterId": "orders-aurora",
         "RdsResourceId": "orders-aurora-2", "Port": 5432, "Type": "RDS_INSTANCE", "Role": "READ_ONLY",
         "TargetHealth": {"State": "UNAVAILABLE", "Reason": "CONNECTION_FAILED",
                          "Description": "Database host is either unreachable or was shutdown"}},
        {"TargetArn": f"arn:aws:rds:us-east-1:{ACCOUNT}:cluster:orders-aurora",
         "Endpoint": "orders-aurora.cluster-c9akciq32lxp.us-east-1.rds.amazonaws.com",
         "RdsResourceId": "orders-aurora", "Port": 5432, "Type": "TRACKED_CLUSTER"}]}
    write("rds-proxy-endpoint-read-only-reader-unavailable-to-the-proxy", docs,
          SETUP.replace("its target orders-pg", "its target, Aurora cluster orders-aurora,")
          + " The endpoint orders-app is READ_ONLY; orders-aurora has one reader, orders-aurora-2, which "
          "describe-db-proxy-targets shows UNAVAILABLE to the proxy (CONNECTION_FAILED), though describe-db-instances "
          "prints it available: the proxy's own view decides, no reader takes the connection, and requests through "
          "the endpoint fail after the connection borrow timeout.", reader_rule,
          [q("rds:orders-app", "unreachable", {FN_A: ["RDS_PROXY_TARGET_UNREACHABLE@orders-app"],
                                               FN_B: ["RDS_PROXY_TARGET_UNREACHABLE@orders-app"]})])


def aurora(docs, readers):
    """The data VPC's database as an Aurora PostgreSQL cluster, orders-aurora: its writer
    orders-aurora-1 in us-east-1a and `readers` ((identifier, status) each, in us-east-1b), in the
    same subnet group and group as orders-pg; the proxy's endpoint orders-app is READ_ONLY."""
    template = docs["describe-db-instances.json"]["DBInstances"][0]
    instances = []
    for name, status, zone in [("orders-aurora-1", "available", "us-east-1a")] + [
            (r, st, "us-east-1b") for r, st in readers]:
        instance = copy.deepcopy(template)
        instance.update({"DBInstanceIdentifier": name, "Engine": "aurora-postgresql", "DBInstanceStatus": status,
                         "AvailabilityZone": zone, "DBClusterIdentifier": "orders-aurora",
                         "DBInstanceArn": f"arn:aws:rds:us-east-1:{ACCOUNT}:db:{name}", "StorageType": "aurora"})
        instance["Endpoint"] = dict(template["Endpoint"], Address=f"{name}.c9akciq32lxp.us-east-1.rds.amazonaws.com")
        instances.append(instance)
    docs["describe-db-instances.json"]["DBInstances"] = instances
    docs["describe-db-clusters.json"] = {"DBClusters": [{
        "AvailabilityZones": ["us-east-1a", "us-east-1b"], "DBClusterIdentifier": "orders-aurora",
        "DBSubnetGroup": "db-subnets", "Status": "available",
        "Endpoint": "orders-aurora.cluster-c9akciq32lxp.us-east-1.rds.amazonaws.com",
        "ReaderEndpoint": "orders-aurora.cluster-ro-c9akciq32lxp.us-east-1.rds.amazonaws.com", "MultiAZ": bool(readers),
        "Engine": "aurora-postgresql", "EngineVersion": "15.4", "Port": 5432, "MasterUsername": "admin",
        "DBClusterMembers": [{"DBInstanceIdentifier": "orders-aurora-1", "IsClusterWriter": True,
                              "DBClusterParameterGroupStatus": "in-sync", "PromotionTier": 1}]
        + [{"DBInstanceIdentifier": r, "IsClusterWriter": False, "DBClusterParameterGroupStatus": "in-sync",
            "PromotionTier": 1} for r, _ in readers],
        "VpcSecurityGroups": [{"VpcSecurityGroupId": DB_SG, "Status": "active"}],
        "HostedZoneId": "Z2R2ITUGPM61AM", "StorageEncrypted": True,
        "DBClusterArn": f"arn:aws:rds:us-east-1:{ACCOUNT}:cluster:orders-aurora", "EngineMode": "provisioned"}]}
    docs["describe-db-proxy-endpoints.json"]["DBProxyEndpoints"][1]["TargetRole"] = "READ_ONLY"
    return docs


if __name__ == "__main__":
    stories()
