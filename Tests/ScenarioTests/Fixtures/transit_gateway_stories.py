"""Writes the transit-gateway scenario folders (transit-gateway-*/ beside this file, except the
older transit-gateway-route) from one base topology: AWS CLI shapes in the files, and each
story's expected answer written by hand below from the rules (aws-semantics.md, AWS's
transit gateway documentation), never from lambda-reach's output.

    python3 transit_gateway_stories.py .
"""
import json, os, sys, copy

ROOT = sys.argv[1]
ACCT = "123456789012"
REGION = "us-east-1"

def tags(name): return [{"Key": "Name", "Value": name}]

def vpc(vid, cidr, name):
    return {"CidrBlock": cidr, "DhcpOptionsId": "dopt-0f1a000000000001", "State": "available", "VpcId": vid,
            "OwnerId": ACCT, "InstanceTenancy": "default",
            "CidrBlockAssociationSet": [{"AssociationId": vid.replace("vpc-", "vpc-cidr-assoc-"), "CidrBlock": cidr,
                                         "CidrBlockState": {"State": "associated"}}],
            "IsDefault": False, "Tags": tags(name)}

def subnet(sid, vid, cidr, az, name, count=250):
    azid = {"us-east-1a": "use1-az4", "us-east-1b": "use1-az6"}[az]
    return {"AvailabilityZone": az, "AvailabilityZoneId": azid, "AvailableIpAddressCount": count, "CidrBlock": cidr,
            "DefaultForAz": False, "MapPublicIpOnLaunch": False, "State": "available", "SubnetId": sid, "VpcId": vid,
            "OwnerId": ACCT, "AssignIpv6AddressOnCreation": False, "Ipv6CidrBlockAssociationSet": [], "Tags": tags(name),
            "SubnetArn": f"arn:aws:ec2:{REGION}:{ACCT}:subnet/{sid}"}

def route(cidr, **target):
    r = {"DestinationCidrBlock": cidr, "Origin": "CreateRoute", "State": "active"}
    if target.get("local"):
        r.update({"GatewayId": "local", "Origin": "CreateRouteTable"})
    for k in ("TransitGatewayId", "NatGatewayId", "GatewayId"):
        if k in target: r[k] = target[k]
    return r

def rtb(rid, vid, name, routes, subnets=(), main=False):
    assoc = []
    n = int(rid[-2:], 16) * 10
    if main:
        assoc.append({"Main": True, "RouteTableAssociationId": "rtbassoc-" + rid[4:8] + "ff" + rid[10:], "RouteTableId": rid,
                      "AssociationState": {"State": "associated"}})
    for i, s in enumerate(subnets):
        assoc.append({"Main": False, "RouteTableAssociationId": "rtbassoc-" + s[len("subnet-"):], "RouteTableId": rid,
                      "SubnetId": s, "AssociationState": {"State": "associated"}})
    return {"Associations": assoc, "PropagatingVgws": [], "RouteTableId": rid, "Routes": routes, "Tags": tags(name),
            "VpcId": vid, "OwnerId": ACCT}

def nacl(aid, vid, subnets):
    e = lambda egress, num, action: {"CidrBlock": "0.0.0.0/0", "Egress": egress, "Protocol": "-1", "RuleAction": action,
                                     "RuleNumber": num}
    return {"Associations": [{"NetworkAclAssociationId": f"aclassoc-{s[7:]}", "NetworkAclId": aid, "SubnetId": s}
                             for s in subnets],
            "Entries": [e(True, 100, "allow"), e(True, 32767, "deny"), e(False, 100, "allow"), e(False, 32767, "deny")],
            "IsDefault": True, "NetworkAclId": aid, "Tags": [], "VpcId": vid, "OwnerId": ACCT}

def sg(gid, vid, name, ingress, egress_all=True):
    return {"Description": name, "GroupName": name, "IpPermissions": ingress, "OwnerId": ACCT, "GroupId": gid,
            "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [],
                                     "PrefixListIds": [], "UserIdGroupPairs": []}] if egress_all else [],
            "VpcId": vid}

def tcp_from_cidr(port, cidr):
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": cidr}], "Ipv6Ranges": [],
            "PrefixListIds": [], "UserIdGroupPairs": []}

def tcp_from_group(port, gid):
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [], "Ipv6Ranges": [],
            "PrefixListIds": [], "UserIdGroupPairs": [{"GroupId": gid, "UserId": ACCT}]}

TGW = "tgw-0f1c000000000001"
TRTB = "tgw-rtb-0f1c000000000001"
ATT_A = "tgw-attach-0f1c000000000001"
ATT_B = "tgw-attach-0f1c000000000002"
ATT_E = "tgw-attach-0f1c000000000003"
VPC_A, VPC_B, VPC_E = "vpc-0f1a000000000001", "vpc-0f1b000000000001", "vpc-0f1e000000000001"
SA = ["subnet-0f1a000000000001", "subnet-0f1a000000000002", "subnet-0f1a000000000003", "subnet-0f1a000000000004"]
SB = ["subnet-0f1b000000000001", "subnet-0f1b000000000002", "subnet-0f1b000000000003", "subnet-0f1b000000000004"]
SE = ["subnet-0f1e000000000001", "subnet-0f1e000000000002", "subnet-0f1e000000000003", "subnet-0f1e000000000004"]
FUNC_SG, DB_SG = "sg-0f1a000000000001", "sg-0f1b000000000001"

def tgw_doc(sg_ref="disable"):
    return {"TransitGateways": [{
        "TransitGatewayId": TGW, "TransitGatewayArn": f"arn:aws:ec2:{REGION}:{ACCT}:transit-gateway/{TGW}",
        "State": "available", "OwnerId": ACCT, "Description": "hub", "CreationTime": "2024-02-01T10:00:00+00:00",
        "Options": {"AmazonSideAsn": 64512, "AutoAcceptSharedAttachments": "disable",
                    "DefaultRouteTableAssociation": "enable", "AssociationDefaultRouteTableId": TRTB,
                    "DefaultRouteTablePropagation": "enable", "PropagationDefaultRouteTableId": TRTB,
                    "VpnEcmpSupport": "enable", "DnsSupport": "enable", "SecurityGroupReferencingSupport": sg_ref,
                    "MulticastSupport": "disable"},
        "Tags": tags("hub")}]}

def vpc_attachment(aid, vid, subnets, sg_ref="enable"):
    return {"TransitGatewayAttachmentId": aid, "TransitGatewayId": TGW, "VpcId": vid, "VpcOwnerId": ACCT,
            "State": "available", "SubnetIds": subnets, "CreationTime": "2024-02-01T10:05:00+00:00",
            "Options": {"DnsSupport": "enable", "SecurityGroupReferencingSupport": sg_ref, "Ipv6Support": "disable",
                        "ApplianceModeSupport": "disable"}, "Tags": []}

def attachment(aid, vid, rtb_id):
    a = {"TransitGatewayAttachmentId": aid, "TransitGatewayId": TGW, "TransitGatewayOwnerId": ACCT,
         "ResourceOwnerId": ACCT, "ResourceType": "vpc", "ResourceId": vid, "State": "available",
         "CreationTime": "2024-02-01T10:05:00+00:00", "Tags": []}
    if rtb_id: a["Association"] = {"TransitGatewayRouteTableId": rtb_id, "State": "associated"}
    return a

def link(aid, vid, state):
    return {"TransitGatewayAttachmentId": aid, "ResourceId": vid, "ResourceType": "vpc", "State": state}

def tgw_route(cidr, aid, vid, type_="propagated", state="active"):
    r = {"DestinationCidrBlock": cidr, "Type": type_, "State": state}
    if aid: r["TransitGatewayAttachments"] = [{"ResourceId": vid, "TransitGatewayAttachmentId": aid, "ResourceType": "vpc"}]
    return r

def function(name, subnets):
    return {"Functions": [{
        "FunctionName": name, "FunctionArn": f"arn:aws:lambda:{REGION}:{ACCT}:function:{name}", "Runtime": "python3.12",
        "Role": f"arn:aws:iam::{ACCT}:role/{name}-role", "Handler": "app.handler", "CodeSize": 4096, "Timeout": 30,
        "MemorySize": 256, "LastModified": "2024-05-14T09:21:37.000+0000", "Version": "$LATEST",
        "VpcConfig": {"SubnetIds": subnets, "SecurityGroupIds": [FUNC_SG], "VpcId": VPC_A,
                      "Ipv6AllowedForDualStack": False},
        "State": "Active", "LastUpdateStatus": "Successful", "PackageType": "Zip", "Architectures": ["arm64"]}]}

def db_doc():
    return {"DBInstances": [{
        "DBInstanceIdentifier": "ledger-db", "DBInstanceClass": "db.t4g.medium", "Engine": "postgres",
        "DBInstanceStatus": "available",
        "Endpoint": {"Address": "ledger-db.c9akciq32.us-east-1.rds.amazonaws.com", "Port": 5432},
        "AvailabilityZone": "us-east-1a", "MultiAZ": False, "PubliclyAccessible": False,
        "VpcSecurityGroups": [{"VpcSecurityGroupId": DB_SG, "Status": "active"}],
        "DBSubnetGroup": {"DBSubnetGroupName": "ledger-db-subnets", "VpcId": VPC_B, "SubnetGroupStatus": "Complete",
                          "Subnets": [{"SubnetIdentifier": SB[0], "SubnetAvailabilityZone": {"Name": "us-east-1a"},
                                       "SubnetStatus": "Active"},
                                      {"SubnetIdentifier": SB[1], "SubnetAvailabilityZone": {"Name": "us-east-1b"},
                                       "SubnetStatus": "Active"}]},
        "DBInstanceArn": f"arn:aws:rds:{REGION}:{ACCT}:db:ledger-db"}]}

def base_private():
    """Spoke VPC A (function) and data VPC B (RDS), attached to one TGW, one TGW route table."""
    d = {}
    d["describe-vpcs.json"] = {"Vpcs": [vpc(VPC_A, "10.20.0.0/16", "payments-spoke"), vpc(VPC_B, "10.30.0.0/16", "ledger-data")]}
    d["describe-subnets.json"] = {"Subnets": [
        subnet(SA[0], VPC_A, "10.20.1.0/24", "us-east-1a", "app-a"), subnet(SA[1], VPC_A, "10.20.2.0/24", "us-east-1b", "app-b"),
        subnet(SA[2], VPC_A, "10.20.240.0/28", "us-east-1a", "tgw-attach-a", 11),
        subnet(SA[3], VPC_A, "10.20.240.16/28", "us-east-1b", "tgw-attach-b", 11),
        subnet(SB[0], VPC_B, "10.30.1.0/24", "us-east-1a", "db-a"), subnet(SB[1], VPC_B, "10.30.2.0/24", "us-east-1b", "db-b"),
        subnet(SB[2], VPC_B, "10.30.240.0/28", "us-east-1a", "tgw-attach-a", 11),
        subnet(SB[3], VPC_B, "10.30.240.16/28", "us-east-1b", "tgw-attach-b", 11)]}
    d["describe-route-tables.json"] = {"RouteTables": [
        rtb("rtb-0f1a000000000001", VPC_A, "payments-main", [route("10.20.0.0/16", local=True)], main=True),
        rtb("rtb-0f1a000000000002", VPC_A, "payments-app",
            [route("10.20.0.0/16", local=True), route("10.30.0.0/16", TransitGatewayId=TGW)], SA[:2]),
        rtb("rtb-0f1b000000000001", VPC_B, "ledger-main", [route("10.30.0.0/16", local=True)], main=True),
        rtb("rtb-0f1b000000000002", VPC_B, "ledger-db",
            [route("10.30.0.0/16", local=True), route("10.20.0.0/16", TransitGatewayId=TGW)], SB[:2])]}
    d["describe-network-acls.json"] = {"NetworkAcls": [nacl("acl-0f1a000000000001", VPC_A, SA), nacl("acl-0f1b000000000001", VPC_B, SB)]}
    d["describe-security-groups.json"] = {"SecurityGroups": [
        sg(FUNC_SG, VPC_A, "payments-api", []),
        sg(DB_SG, VPC_B, "ledger-db", [tcp_from_cidr(5432, "10.20.0.0/16")])]}
    d["describe-internet-gateways.json"] = {"InternetGateways": []}
    d["describe-nat-gateways.json"] = {"NatGateways": []}
    d["list-functions.json"] = function("payments-api", SA[:2])
    d["describe-db-instances.json"] = db_doc()
    d["describe-transit-gateways.json"] = tgw_doc()
    d["describe-transit-gateway-vpc-attachments.json"] = {"TransitGatewayVpcAttachments": [
        vpc_attachment(ATT_A, VPC_A, SA[2:4]), vpc_attachment(ATT_B, VPC_B, SB[2:4])]}
    d["describe-transit-gateway-attachments.json"] = {"TransitGatewayAttachments": [
        attachment(ATT_A, VPC_A, TRTB), attachment(ATT_B, VPC_B, TRTB)]}
    d["describe-transit-gateway-route-tables.json"] = {"TransitGatewayRouteTables": [{
        "TransitGatewayRouteTableId": TRTB, "TransitGatewayId": TGW, "State": "available",
        "DefaultAssociationRouteTable": True, "DefaultPropagationRouteTable": True,
        "CreationTime": "2024-02-01T10:00:00+00:00", "Tags": tags("hub-default")}]}
    d[f"get-transit-gateway-route-table-associations-{TRTB}.json"] = {"TransitGatewayRouteTableId": TRTB, "Associations": [
        link(ATT_A, VPC_A, "associated"), link(ATT_B, VPC_B, "associated")]}
    d[f"get-transit-gateway-route-table-propagations-{TRTB}.json"] = {"TransitGatewayRouteTableId": TRTB,
        "TransitGatewayRouteTablePropagations": [link(ATT_A, VPC_A, "enabled"), link(ATT_B, VPC_B, "enabled")]}
    d[f"search-transit-gateway-routes-{TRTB}.json"] = {"TransitGatewayRouteTableId": TRTB, "Routes": [
        tgw_route("10.20.0.0/16", ATT_A, VPC_A), tgw_route("10.30.0.0/16", ATT_B, VPC_B)],
        "AdditionalRoutesAvailable": False}
    return d

def write(name, docs, expected):
    folder = os.path.join(ROOT, name)
    os.makedirs(folder, exist_ok=True)
    for f in os.listdir(folder): os.remove(os.path.join(folder, f))
    for fname, doc in docs.items():
        with open(os.path.join(folder, fname), "w") as out:
            json.dump(doc, out, indent=4); out.write("\n")
    with open(os.path.join(folder, "expected.json"), "w") as out:
        json.dump(expected, out, indent=2); out.write("\n")

def q(function, target, verdict, subnets, port=None, blockers=()):
    e = {"function": function, "target": target}
    if port: e["port"] = port
    e["protocol"] = "tcp"
    e["verdict"] = verdict
    e["subnets"] = {s: {"verdict": v, "blockers": list(b)} for s, (v, b) in subnets.items()}
    e["blockers"] = list(blockers)
    return e

RULE_PRIVATE = "Gateways: transit gateway (attachment subnets per AZ, TGW route tables: association, propagation, static routes; return routes); Security groups; Network ACLs."

# The stories -------------------------------------------------------------------------------
F = "payments-api"
A1, A2 = SA[0], SA[1]
RDS = "rds:ledger-db"
ok = ("reachable", [])

# 1. The happy path.
d = base_private()
d["describe-network-interfaces.json"] = {"NetworkInterfaces": [{
    "NetworkInterfaceId": "eni-0f1b000000000001", "SubnetId": SB[0], "VpcId": VPC_B, "AvailabilityZone": "us-east-1a",
    "InterfaceType": "interface", "Description": "ledger replica", "OwnerId": ACCT, "Status": "in-use",
    "PrivateIpAddress": "10.30.1.50", "PrivateIpAddresses": [{"PrivateIpAddress": "10.30.1.50", "Primary": True}],
    "Groups": [{"GroupId": DB_SG, "GroupName": "ledger-db"}]}]}
write("transit-gateway-vpc-to-vpc-rds", d, {
    "story": "payments-api runs in the spoke VPC vpc-0f1a000000000001 (10.20.0.0/16); its database ledger-db is in vpc-0f1b000000000001 (10.30.0.0/16). Both VPCs are attached to tgw-0f1c000000000001 with a subnet in each AZ, both attachments are associated with tgw-rtb-0f1c000000000001 and propagate their CIDRs into it. The app subnets route 10.30.0.0/16 to the transit gateway, the database subnets route 10.20.0.0/16 back to it, the TGW table routes each CIDR to its VPC's attachment, NACLs allow all, and ledger-db's group admits 5432 from 10.20.0.0/16: reachable from both subnets. The same holds for eni-0f1b000000000001 at 10.30.1.50 (ip: target) on 5432; on 22 its group sg-0f1b000000000001 does not admit the function.",
    "rule": RULE_PRIVATE,
    "queries": [q(F, RDS, "reachable", {A1: ok, A2: ok}),
                q(F, "ip:10.30.1.50", "reachable", {A1: ok, A2: ok}, port=5432),
                q(F, "ip:10.30.1.50", "unreachable", {A1: ("unreachable", ["ENI_SG_RULES_MISMATCH@sg-0f1b000000000001"]),
                                                       A2: ("unreachable", ["ENI_SG_RULES_MISMATCH@sg-0f1b000000000001"])}, port=22)]})

# 2. The classic partial-AZ failure.
d = base_private()
d["describe-transit-gateway-vpc-attachments.json"]["TransitGatewayVpcAttachments"][0]["SubnetIds"] = [SA[2]]
write("transit-gateway-attachment-missing-az", d, {
    "story": "As transit-gateway-vpc-to-vpc-rds, but the spoke's attachment tgw-attach-0f1c000000000001 was created with its us-east-1a subnet only. The transit gateway has no network interface in us-east-1b, so invocations whose ENI is in app-b (us-east-1b) cannot enter it although their route table points at tgw-0f1c000000000001: partial, the intermittent-timeout symptom.",
    "rule": "Gateways: transit gateway, attachment subnets per AZ (AWS: resources in an AZ without an attachment subnet cannot reach the transit gateway; TGW_ATTACHMENT_NOT_IN_AZ, ours).",
    "queries": [q(F, RDS, "partial", {A1: ok, A2: ("unreachable", ["TGW_ATTACHMENT_NOT_IN_AZ@tgw-attach-0f1c000000000001"])})]})

# 3. Propagation of the data VPC not enabled: no route in the TGW table.
d = base_private()
key = "get-transit-gateway-route-table-propagations-" + TRTB + ".json"
d[key]["TransitGatewayRouteTablePropagations"] = [link(ATT_A, VPC_A, "enabled")]
d["search-transit-gateway-routes-" + TRTB + ".json"]["Routes"] = [tgw_route("10.20.0.0/16", ATT_A, VPC_A)]
blk = ("unreachable", ["TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT@tgw-rtb-0f1c000000000001"])
write("transit-gateway-no-route-in-tgw-route-table", d, {
    "story": "As transit-gateway-vpc-to-vpc-rds, but the data VPC's attachment tgw-attach-0f1c000000000002 does not propagate into tgw-rtb-0f1c000000000001 and no static route was added: the table associated with the spoke's attachment has no route for 10.30.0.0/16, so the transit gateway drops the traffic from both subnets.",
    "rule": "Gateways: transit gateway, TGW route tables (propagation, static routes); Reachability Analyzer TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT.",
    "queries": [q(F, RDS, "unreachable", {A1: blk, A2: blk})]})

# 3b. The same table, its search output cut short: a missing route is not known to be missing.
d = base_private()
d[key]["TransitGatewayRouteTablePropagations"] = [link(ATT_A, VPC_A, "enabled")]
d["search-transit-gateway-routes-" + TRTB + ".json"] = {"TransitGatewayRouteTableId": TRTB, "Routes": [
    tgw_route("10.20.0.0/16", ATT_A, VPC_A)] + [
    tgw_route(f"10.{n}.0.0/16", ATT_A, VPC_A, type_="static") for n in (21, 22, 23, 24)],
    "AdditionalRoutesAvailable": True}
blk = ("unreachable", ["ROUTE_TARGET_NOT_ANALYZED@tgw-rtb-0f1c000000000001"])
write("transit-gateway-routes-truncated-no-route-not-known", d, {
    "story": "As transit-gateway-no-route-in-tgw-route-table (the data VPC's attachment does not propagate into tgw-rtb-0f1c000000000001), but the table's search-transit-gateway-routes output was cut at --max-results 5: it lists five routes, none for 10.30.0.0/16, and says AdditionalRoutesAvailable. search-transit-gateway-routes has no further pages; a static route for 10.30.0.0/16 may be among the routes it did not list. The transit gateway's next hop for the database is not known (ROUTE_TARGET_NOT_ANALYZED at the table, the fix a narrower search), not a table without a route.",
    "rule": "Gateways: transit gateway, TGW route tables; a table whose search-transit-gateway-routes output says AdditionalRoutesAvailable has routes the inventory lacks, and a route it lacks is not known to be missing.",
    "queries": [q(F, RDS, "unreachable", {A1: blk, A2: blk})]})

# 4. The database subnets do not route back.
d = base_private()
d["describe-route-tables.json"]["RouteTables"][3]["Routes"] = [route("10.30.0.0/16", local=True)]
blk = ("unreachable", ["NO_ROUTE_TO_DESTINATION@rtb-0f1b000000000002"])
write("transit-gateway-missing-return-route", d, {
    "story": "As transit-gateway-vpc-to-vpc-rds, but the database subnets' route table rtb-0f1b000000000002 has only its local route: the requests reach ledger-db through the transit gateway, but the replies to 10.20.1.0/24 and 10.20.2.0/24 have no route back to tgw-0f1c000000000001.",
    "rule": "Gateways: transit gateway, return routes (both VPCs' route tables must point at the transit gateway).",
    "queries": [q(F, RDS, "unreachable", {A1: blk, A2: blk})]})

# 5. A static blackhole route, more specific than the propagated one.
d = base_private()
d["search-transit-gateway-routes-" + TRTB + ".json"]["Routes"].append(
    tgw_route("10.30.1.0/24", None, None, type_="static", state="blackhole"))
blk = ("unreachable", ["BAD_STATE_ROUTE@tgw-rtb-0f1c000000000001"])
write("transit-gateway-blackhole-route", d, {
    "story": "As transit-gateway-vpc-to-vpc-rds, but tgw-rtb-0f1c000000000001 also has a static blackhole route for 10.30.1.0/24 (left over from a decommissioned VPC). ledger-db sits in 10.30.1.0/24: the /24 blackhole is more specific than the propagated 10.30.0.0/16, so the transit gateway drops the traffic.",
    "rule": "Gateways: transit gateway, TGW route tables (longest prefix; blackhole routes drop; BAD_STATE_ROUTE).",
    "queries": [q(F, RDS, "unreachable", {A1: blk, A2: blk})]})

# 6. The spoke's attachment is associated with no TGW route table.
d = base_private()
d["get-transit-gateway-route-table-associations-" + TRTB + ".json"]["Associations"] = [link(ATT_B, VPC_B, "associated")]
d["describe-transit-gateway-attachments.json"]["TransitGatewayAttachments"][0].pop("Association")
blk = ("unreachable", ["UNASSOCIATED_COMPONENT@tgw-attach-0f1c000000000001"])
write("transit-gateway-attachment-not-associated", d, {
    "story": "As transit-gateway-vpc-to-vpc-rds, but the spoke's attachment tgw-attach-0f1c000000000001 was disassociated from tgw-rtb-0f1c000000000001 and associated with no other table. No TGW route table looks up the traffic that enters through it, so the transit gateway drops it, from both subnets.",
    "rule": "Gateways: transit gateway, TGW route tables (association: each attachment's traffic is routed by the table it is associated with; UNASSOCIATED_COMPONENT).",
    "queries": [q(F, RDS, "unreachable", {A1: blk, A2: blk})]})

# 7. A security-group reference does not cross a transit gateway without referencing support.
d = base_private()
d["describe-security-groups.json"]["SecurityGroups"][1]["IpPermissions"] = [tcp_from_group(5432, FUNC_SG)]
blk = ("unreachable", ["SG_REFERENCE_ACROSS_TGW@sg-0f1b000000000001"])
write("transit-gateway-sg-reference-does-not-cross", d, {
    "story": "As transit-gateway-vpc-to-vpc-rds, but ledger-db's group sg-0f1b000000000001 admits 5432 only from the function's group sg-0f1a000000000001, as it would within one VPC. Across a transit gateway a reference matches only when SecurityGroupReferencingSupport is enabled on the transit gateway (here 'disable', AWS's default) and on both VPC attachments; otherwise the rule does not match the function's traffic.",
    "rule": "Security groups: ingress by reference to the function's group; Gateways: transit gateway (security-group referencing: inbound rules only, same region, enabled on the TGW and both attachments; SG_REFERENCE_ACROSS_TGW, ours).",
    "queries": [q(F, RDS, "unreachable", {A1: blk, A2: blk})]})

# 7b. The same reference with referencing support on: it counts.
d["describe-transit-gateways.json"] = tgw_doc("enable")
write("transit-gateway-sg-reference-with-referencing-support", d, {
    "story": "As transit-gateway-sg-reference-does-not-cross, but tgw-0f1c000000000001 has SecurityGroupReferencingSupport enabled, and both VPC attachments keep theirs enabled (the attachment default): the inbound reference to sg-0f1a000000000001 matches across the transit gateway, reachable.",
    "rule": "Gateways: transit gateway (security-group referencing: inbound rules only, same region, enabled on the TGW and both attachments).",
    "queries": [q(F, RDS, "reachable", {A1: ok, A2: ok})]})

def base_egress():
    d = base_private()
    d["describe-vpcs.json"]["Vpcs"] = [vpc(VPC_A, "10.20.0.0/16", "payments-spoke"), vpc(VPC_E, "10.90.0.0/16", "egress")]
    d["describe-subnets.json"]["Subnets"] = d["describe-subnets.json"]["Subnets"][:4] + [
        subnet(SE[0], VPC_E, "10.90.240.0/28", "us-east-1a", "egress-tgw-a", 11),
        subnet(SE[1], VPC_E, "10.90.240.16/28", "us-east-1b", "egress-tgw-b", 11),
        subnet(SE[2], VPC_E, "10.90.0.0/24", "us-east-1a", "egress-public-a"),
        subnet(SE[3], VPC_E, "10.90.1.0/24", "us-east-1b", "egress-public-b")]
    IGW = "igw-0f1e000000000001"
    d["describe-route-tables.json"] = {"RouteTables": [
        rtb("rtb-0f1a000000000001", VPC_A, "payments-main", [route("10.20.0.0/16", local=True)], main=True),
        rtb("rtb-0f1a000000000002", VPC_A, "payments-app",
            [route("10.20.0.0/16", local=True), route("0.0.0.0/0", TransitGatewayId=TGW)], SA[:2]),
        rtb("rtb-0f1e000000000001", VPC_E, "egress-main", [route("10.90.0.0/16", local=True)], main=True),
        rtb("rtb-0f1e000000000002", VPC_E, "egress-tgw-a",
            [route("10.90.0.0/16", local=True), route("0.0.0.0/0", NatGatewayId="nat-0f1e000000000001")], SE[:1]),
        rtb("rtb-0f1e000000000003", VPC_E, "egress-tgw-b",
            [route("10.90.0.0/16", local=True), route("0.0.0.0/0", NatGatewayId="nat-0f1e000000000002")], SE[1:2]),
        rtb("rtb-0f1e000000000004", VPC_E, "egress-public",
            [route("10.90.0.0/16", local=True), route("0.0.0.0/0", GatewayId=IGW),
             route("10.0.0.0/8", TransitGatewayId=TGW)], SE[2:4])]}
    d["describe-network-acls.json"] = {"NetworkAcls": [nacl("acl-0f1a000000000001", VPC_A, SA), nacl("acl-0f1e000000000001", VPC_E, SE)]}
    d["describe-security-groups.json"] = {"SecurityGroups": [sg(FUNC_SG, VPC_A, "payments-api", [])]}
    d["describe-internet-gateways.json"] = {"InternetGateways": [{
        "Attachments": [{"State": "available", "VpcId": VPC_E}], "InternetGatewayId": IGW, "OwnerId": ACCT,
        "Tags": tags("egress-igw")}]}
    def nat(nid, sid, eip, private):
        return {"CreateTime": "2024-02-01T10:10:00+00:00", "NatGatewayAddresses": [{
            "AllocationId": "eipalloc-" + nid[4:], "NetworkInterfaceId": "eni-" + nid[4:], "PrivateIp": private,
            "PublicIp": eip, "IsPrimary": True, "Status": "succeeded"}], "NatGatewayId": nid, "State": "available",
            "SubnetId": sid, "VpcId": VPC_E, "ConnectivityType": "public", "Tags": tags(nid)}
    d["describe-nat-gateways.json"] = {"NatGateways": [
        nat("nat-0f1e000000000001", SE[2], "203.0.113.10", "10.90.0.10"),
        nat("nat-0f1e000000000002", SE[3], "203.0.113.11", "10.90.1.10")]}
    del d["describe-db-instances.json"]
    d["describe-transit-gateway-vpc-attachments.json"] = {"TransitGatewayVpcAttachments": [
        vpc_attachment(ATT_A, VPC_A, SA[2:4]), vpc_attachment(ATT_E, VPC_E, SE[0:2])]}
    d["describe-transit-gateway-attachments.json"] = {"TransitGatewayAttachments": [
        attachment(ATT_A, VPC_A, TRTB), attachment(ATT_E, VPC_E, TRTB)]}
    d["get-transit-gateway-route-table-associations-" + TRTB + ".json"] = {"TransitGatewayRouteTableId": TRTB,
        "Associations": [link(ATT_A, VPC_A, "associated"), link(ATT_E, VPC_E, "associated")]}
    d["get-transit-gateway-route-table-propagations-" + TRTB + ".json"] = {"TransitGatewayRouteTableId": TRTB,
        "TransitGatewayRouteTablePropagations": [link(ATT_A, VPC_A, "enabled"), link(ATT_E, VPC_E, "enabled")]}
    d["search-transit-gateway-routes-" + TRTB + ".json"] = {"TransitGatewayRouteTableId": TRTB, "Routes": [
        tgw_route("0.0.0.0/0", ATT_E, VPC_E, type_="static"), tgw_route("10.20.0.0/16", ATT_A, VPC_A),
        tgw_route("10.90.0.0/16", ATT_E, VPC_E)], "AdditionalRoutesAvailable": False}
    return d

# 8. Centralised egress through an egress VPC's NAT gateways.
d = base_egress()
write("transit-gateway-centralised-egress", d, {
    "story": "Centralised egress: the spoke VPC vpc-0f1a000000000001 has no NAT or internet gateway; its app subnets send 0.0.0.0/0 to tgw-0f1c000000000001. The TGW table has a static 0.0.0.0/0 to the egress VPC's attachment tgw-attach-0f1c000000000003; there, each AZ's attachment subnet routes 0.0.0.0/0 to the NAT gateway of its AZ, the NAT gateways sit in public subnets (0.0.0.0/0 to igw-0f1e000000000001) whose table routes 10.0.0.0/8 back to the transit gateway, and the TGW table routes 10.20.0.0/16 back to the spoke: reachable from both subnets.",
    "rule": "Gateways: transit gateway (TGW route tables, return routes); public NAT gateway in a public subnet; Routing: targets tgw-, nat-, igw-.",
    "queries": [q(F, "internet", "reachable", {A1: ok, A2: ok}, port=443)]})

# 9. The egress VPC does not route the spoke back.
d = base_egress()
d["describe-route-tables.json"]["RouteTables"][5]["Routes"] = [
    route("10.90.0.0/16", local=True), route("0.0.0.0/0", GatewayId="igw-0f1e000000000001")]
blk = ("unreachable", ["NO_ROUTE_TO_DESTINATION@rtb-0f1e000000000004"])
write("transit-gateway-egress-missing-return-route", d, {
    "story": "As transit-gateway-centralised-egress, but the egress VPC's public subnets (route table rtb-0f1e000000000004, where the NAT gateways are) have no route for the spoke's addresses: the NAT gateways' replies to 10.20.1.0/24 and 10.20.2.0/24 follow 0.0.0.0/0 to the internet gateway instead of going back to tgw-0f1c000000000001, so no connection completes.",
    "rule": "Gateways: transit gateway, return routes (the NAT gateway's subnet must route the spoke CIDR back to the transit gateway).",
    "queries": [q(F, "internet", "unreachable", {A1: blk, A2: blk}, port=443)]})

# 10. The data VPC's attachment waits for acceptance (it was created from another account).
d = base_private()
d["describe-transit-gateway-vpc-attachments.json"]["TransitGatewayVpcAttachments"][1]["State"] = "pendingAcceptance"
d["describe-transit-gateway-attachments.json"]["TransitGatewayAttachments"][1]["State"] = "pendingAcceptance"
blk = ("unreachable", ["BAD_STATE_ATTACHMENT@tgw-attach-0f1c000000000002"])
write("transit-gateway-attachment-pending-acceptance", d, {
    "story": "As transit-gateway-vpc-to-vpc-rds, but the data VPC's attachment tgw-attach-0f1c000000000002 was requested from the data account and is still 'pendingAcceptance': until the transit gateway's owner accepts it, no traffic crosses it, whatever the route tables say.",
    "rule": "Gateways: transit gateway (an attachment must be available; Reachability Analyzer BAD_STATE_ATTACHMENT).",
    "queries": [q(F, RDS, "unreachable", {A1: blk, A2: blk})]})

# 11. The replies cannot enter the transit gateway: no attachment subnet in the database's AZ.
d = base_private()
d["describe-transit-gateway-vpc-attachments.json"]["TransitGatewayVpcAttachments"][1]["SubnetIds"] = [SB[3]]
blk = ("unreachable", ["TGW_ATTACHMENT_NOT_IN_AZ@tgw-attach-0f1c000000000002"])
write("transit-gateway-destination-az-not-attached", d, {
    "story": "As transit-gateway-vpc-to-vpc-rds, but the data VPC's attachment tgw-attach-0f1c000000000002 has a subnet in us-east-1b only, while ledger-db runs in us-east-1a. The requests get through (the transit gateway delivers them through its us-east-1b interface and the VPC's local route), but ledger-db's replies leave a us-east-1a subnet whose route points at the transit gateway, and resources in an AZ without an attachment subnet cannot reach it: no connection completes, from either function subnet.",
    "rule": "Gateways: transit gateway, attachment subnets per AZ, return routes (the replies enter the transit gateway in the destination's AZ).",
    "queries": [q(F, RDS, "unreachable", {A1: blk, A2: blk})]})

# 12. The spoke's attachment subnets have a NACL that only admits the data VPC.
d = base_private()
acls = d["describe-network-acls.json"]["NetworkAcls"]
acls[0]["Associations"] = [a for a in acls[0]["Associations"] if a["SubnetId"] not in SA[2:4]]
custom = nacl("acl-0f1a000000000002", VPC_A, SA[2:4])
custom["IsDefault"] = False
custom["Entries"] = [
    {"CidrBlock": "0.0.0.0/0", "Egress": True, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
    {"CidrBlock": "0.0.0.0/0", "Egress": True, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767},
    {"CidrBlock": "10.30.0.0/16", "Egress": False, "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 100},
    {"CidrBlock": "0.0.0.0/0", "Egress": False, "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32767}]
acls.append(custom)
blk = ("unreachable", ["SUBNET_ACL_RESTRICTION@acl-0f1a000000000002"])
write("transit-gateway-attachment-subnet-nacl", d, {
    "story": "As transit-gateway-vpc-to-vpc-rds, but the spoke's attachment subnets (tgw-attach-a, tgw-attach-b) have their own network ACL acl-0f1a000000000002, whose inbound rules admit only the data VPC (10.30.0.0/16), as if it guarded traffic arriving from the transit gateway. AWS evaluates an attachment subnet's inbound rules on the traffic from the VPC's resources to the transit gateway (by source address): the function's packets from 10.20.1.0/24 and 10.20.2.0/24 are denied on their way in.",
    "rule": "Network ACLs: checked where traffic enters or leaves a subnet; Gateways: transit gateway (AWS 'Network ACLs for transit gateways': the attachment subnet's inbound rules see traffic from the resources to the transit gateway, its outbound rules traffic from the transit gateway to the resources).",
    "queries": [q(F, RDS, "unreachable", {A1: blk, A2: blk})]})

# 13. The function's outbound rule references the database's group: outbound references never cross.
d = base_private()
d["describe-security-groups.json"]["SecurityGroups"][0]["IpPermissionsEgress"] = [tcp_from_group(5432, DB_SG)]
d["describe-transit-gateways.json"] = tgw_doc("enable")
blk = ("unreachable", ["SG_REFERENCE_ACROSS_TGW@sg-0f1a000000000001"])
write("transit-gateway-sg-egress-reference", d, {
    "story": "As transit-gateway-vpc-to-vpc-rds, with security-group referencing enabled on tgw-0f1c000000000001, but the function's group sg-0f1a000000000001 allows outbound 5432 only to ledger-db's group sg-0f1b000000000001. AWS supports security-group references across a transit gateway in inbound rules only: the outbound reference does not match, and the function's own group drops the connection.",
    "rule": "Security groups: egress of the function's groups; Gateways: transit gateway (security-group referencing: inbound rules only).",
    "queries": [q(F, RDS, "unreachable", {A1: blk, A2: blk})]})

# 14. The egress VPC's gateway endpoint for S3 does not serve the spoke.
d = base_egress()
PL = "pl-63a5400a"
d["describe-managed-prefix-lists.json"] = {"PrefixLists": [{
    "PrefixListId": PL, "PrefixListName": "com.amazonaws.us-east-1.s3", "AddressFamily": "IPv4", "State": "create-complete",
    "OwnerId": "AWS", "Cidrs": ["3.5.0.0/19", "52.216.0.0/15"]}]}
d["describe-vpc-endpoints.json"] = {"VpcEndpoints": [{
    "VpcEndpointId": "vpce-0f1e000000000001", "VpcEndpointType": "Gateway", "VpcId": VPC_E,
    "ServiceName": "com.amazonaws.us-east-1.s3", "State": "available",
    "RouteTableIds": ["rtb-0f1e000000000002", "rtb-0f1e000000000003"], "SubnetIds": [], "Groups": [],
    "PrivateDnsEnabled": False, "NetworkInterfaceIds": [], "OwnerId": ACCT}]}
for table in d["describe-route-tables.json"]["RouteTables"][3:5]:
    table["Routes"].append({"DestinationPrefixListId": PL, "GatewayId": "vpce-0f1e000000000001",
                            "Origin": "CreateRoute", "State": "active"})
blk = ("unreachable", ["VPCE_NOT_REACHABLE_THROUGH_TGW@vpce-0f1e000000000001"])
write("transit-gateway-egress-gateway-endpoint-not-shared", d, {
    "story": "As transit-gateway-centralised-egress, and the egress VPC also has an S3 gateway endpoint vpce-0f1e000000000001 on its attachment subnets' route tables, meant to save NAT charges for every spoke. For S3 the prefix-list route wins over 0.0.0.0/0 there, but a gateway endpoint only carries traffic from its own VPC's resources, not traffic arriving through the transit gateway: the spoke's S3 calls are dropped. The internet question is about the public internet at large, judged by the covering route (0.0.0.0/0 to the NAT gateway, which works): S3's ranges (3.5.0.0/19, 52.216.0.0/15) taking the endpoint route is only a note there, so the internet is reachable.",
    "rule": "Gateways: gateway endpoints are not usable across peering/TGW/VPN; a gateway endpoint's prefix-list route wins over 0.0.0.0/0 (VPCE_NOT_REACHABLE_THROUGH_TGW, ours). How a destination is found: `internet` is judged by the covering route; narrower routes are notes.",
    "queries": [q(F, "s3", "unreachable", {A1: blk, A2: blk}),
                q(F, "internet", "reachable", {A1: ("reachable", []), A2: ("reachable", [])}, port=443)]})

# 15. Centralised inspection: the spokes' TGW table sends everything to an inspection VPC, whose
# attachment subnets send it to a Gateway Load Balancer endpoint (the firewall appliances).
VPC_I = "vpc-0f1d000000000001"
SI = ["subnet-0f1d000000000001", "subnet-0f1d000000000002", "subnet-0f1d000000000003", "subnet-0f1d000000000004",
      "subnet-0f1d000000000005", "subnet-0f1d000000000006"]
ATT_I = "tgw-attach-0f1c000000000004"
TRTB_SPOKES, TRTB_FIREWALL = "tgw-rtb-0f1c000000000021", "tgw-rtb-0f1c000000000022"
GWLBE = ["vpce-0f1d0000000000a1", "vpce-0f1d0000000000b1"]
NAT_I = ["nat-0f1d000000000001", "nat-0f1d000000000002"]
IGW_I = "igw-0f1d000000000001"

def base_inspection(appliance_mode="enable"):
    """Spoke A (function) and data spoke B (ledger-db) send everything to the transit gateway; the
    spokes' TGW table sends 0.0.0.0/0 to the inspection VPC, whose TGW subnets send it to the GWLB
    endpoint of their zone; after inspection, the endpoint subnets route the spokes back to the
    transit gateway and the internet to the NAT gateway of their zone (AWS's centralised inspection
    and egress model)."""
    d = base_private()
    d["describe-vpcs.json"]["Vpcs"].append(vpc(VPC_I, "10.100.0.0/16", "inspection"))
    d["describe-subnets.json"]["Subnets"] += [
        subnet(SI[0], VPC_I, "10.100.240.0/28", "us-east-1a", "inspection-tgw-a", 11),
        subnet(SI[1], VPC_I, "10.100.240.16/28", "us-east-1b", "inspection-tgw-b", 11),
        subnet(SI[2], VPC_I, "10.100.241.0/28", "us-east-1a", "inspection-gwlbe-a", 11),
        subnet(SI[3], VPC_I, "10.100.241.16/28", "us-east-1b", "inspection-gwlbe-b", 11),
        subnet(SI[4], VPC_I, "10.100.0.0/24", "us-east-1a", "inspection-public-a"),
        subnet(SI[5], VPC_I, "10.100.1.0/24", "us-east-1b", "inspection-public-b")]
    def gwlbe_route(cidr, vpce):
        return {"DestinationCidrBlock": cidr, "GatewayId": vpce, "Origin": "CreateRoute", "State": "active"}
    tables = d["describe-route-tables.json"]["RouteTables"]
    tables[1]["Routes"] = [route("10.20.0.0/16", local=True), route("0.0.0.0/0", TransitGatewayId=TGW)]
    tables[3]["Routes"] = [route("10.30.0.0/16", local=True), route("0.0.0.0/0", TransitGatewayId=TGW)]
    tables += [
        rtb("rtb-0f1d000000000001", VPC_I, "inspection-main", [route("10.100.0.0/16", local=True)], main=True),
        rtb("rtb-0f1d000000000002", VPC_I, "inspection-tgw-a",
            [route("10.100.0.0/16", local=True), gwlbe_route("0.0.0.0/0", GWLBE[0])], SI[0:1]),
        rtb("rtb-0f1d000000000003", VPC_I, "inspection-tgw-b",
            [route("10.100.0.0/16", local=True), gwlbe_route("0.0.0.0/0", GWLBE[1])], SI[1:2]),
        rtb("rtb-0f1d000000000004", VPC_I, "inspection-gwlbe-a",
            [route("10.100.0.0/16", local=True), route("0.0.0.0/0", NatGatewayId=NAT_I[0]),
             route("10.0.0.0/8", TransitGatewayId=TGW)], SI[2:3]),
        rtb("rtb-0f1d000000000005", VPC_I, "inspection-gwlbe-b",
            [route("10.100.0.0/16", local=True), route("0.0.0.0/0", NatGatewayId=NAT_I[1]),
             route("10.0.0.0/8", TransitGatewayId=TGW)], SI[3:4]),
        rtb("rtb-0f1d000000000006", VPC_I, "inspection-public-a",
            [route("10.100.0.0/16", local=True), route("0.0.0.0/0", GatewayId=IGW_I),
             gwlbe_route("10.0.0.0/8", GWLBE[0])], SI[4:5]),
        rtb("rtb-0f1d000000000007", VPC_I, "inspection-public-b",
            [route("10.100.0.0/16", local=True), route("0.0.0.0/0", GatewayId=IGW_I),
             gwlbe_route("10.0.0.0/8", GWLBE[1])], SI[5:6])]
    d["describe-network-acls.json"]["NetworkAcls"].append(nacl("acl-0f1d000000000001", VPC_I, SI))
    d["describe-internet-gateways.json"] = {"InternetGateways": [{
        "Attachments": [{"State": "available", "VpcId": VPC_I}], "InternetGatewayId": IGW_I, "OwnerId": ACCT,
        "Tags": tags("inspection-igw")}]}
    def nat(nid, sid, eip, private):
        return {"CreateTime": "2024-02-01T10:10:00+00:00", "NatGatewayAddresses": [{
            "AllocationId": "eipalloc-" + nid[4:], "NetworkInterfaceId": "eni-" + nid[4:], "PrivateIp": private,
            "PublicIp": eip, "IsPrimary": True, "Status": "succeeded"}], "NatGatewayId": nid, "State": "available",
            "SubnetId": sid, "VpcId": VPC_I, "ConnectivityType": "public", "Tags": tags(nid)}
    d["describe-nat-gateways.json"] = {"NatGateways": [
        nat(NAT_I[0], SI[4], "203.0.113.20", "10.100.0.10"), nat(NAT_I[1], SI[5], "203.0.113.21", "10.100.1.10")]}
    d["describe-vpc-endpoints.json"] = {"VpcEndpoints": [{
        "VpcEndpointId": vpce, "VpcEndpointType": "GatewayLoadBalancer", "VpcId": VPC_I,
        "ServiceName": "com.amazonaws.vpce.us-east-1.vpce-svc-0f1d000000000001", "State": "available",
        "RouteTableIds": [], "SubnetIds": [sid], "Groups": [], "IpAddressType": "ipv4", "PrivateDnsEnabled": False,
        "RequesterManaged": False, "NetworkInterfaceIds": ["eni-" + vpce[5:]], "DnsEntries": [],
        "CreationTimestamp": "2024-02-01T10:20:00+00:00", "Tags": tags("inspection-" + sid[-1]), "OwnerId": ACCT}
        for vpce, sid in zip(GWLBE, SI[2:4])]}
    att_i = vpc_attachment(ATT_I, VPC_I, SI[0:2])
    att_i["Options"]["ApplianceModeSupport"] = appliance_mode
    d["describe-transit-gateway-vpc-attachments.json"]["TransitGatewayVpcAttachments"].append(att_i)
    d["describe-transit-gateway-attachments.json"] = {"TransitGatewayAttachments": [
        attachment(ATT_A, VPC_A, TRTB_SPOKES), attachment(ATT_B, VPC_B, TRTB_SPOKES),
        attachment(ATT_I, VPC_I, TRTB_FIREWALL)]}
    def table(tid, name):
        return {"TransitGatewayRouteTableId": tid, "TransitGatewayId": TGW, "State": "available",
                "DefaultAssociationRouteTable": False, "DefaultPropagationRouteTable": False,
                "CreationTime": "2024-02-01T10:00:00+00:00", "Tags": tags(name)}
    d["describe-transit-gateway-route-tables.json"] = {"TransitGatewayRouteTables": [
        table(TRTB_SPOKES, "spokes"), table(TRTB_FIREWALL, "firewall")]}
    tgw = d["describe-transit-gateways.json"]["TransitGateways"][0]["Options"]
    tgw.update({"DefaultRouteTableAssociation": "disable", "DefaultRouteTablePropagation": "disable"})
    tgw.pop("AssociationDefaultRouteTableId"); tgw.pop("PropagationDefaultRouteTableId")
    for key in list(d):
        if TRTB in key: del d[key]
    d[f"get-transit-gateway-route-table-associations-{TRTB_SPOKES}.json"] = {
        "TransitGatewayRouteTableId": TRTB_SPOKES,
        "Associations": [link(ATT_A, VPC_A, "associated"), link(ATT_B, VPC_B, "associated")]}
    d[f"get-transit-gateway-route-table-propagations-{TRTB_SPOKES}.json"] = {
        "TransitGatewayRouteTableId": TRTB_SPOKES, "TransitGatewayRouteTablePropagations": []}
    d[f"search-transit-gateway-routes-{TRTB_SPOKES}.json"] = {"TransitGatewayRouteTableId": TRTB_SPOKES, "Routes": [
        tgw_route("0.0.0.0/0", ATT_I, VPC_I, type_="static")], "AdditionalRoutesAvailable": False}
    d[f"get-transit-gateway-route-table-associations-{TRTB_FIREWALL}.json"] = {
        "TransitGatewayRouteTableId": TRTB_FIREWALL, "Associations": [link(ATT_I, VPC_I, "associated")]}
    d[f"get-transit-gateway-route-table-propagations-{TRTB_FIREWALL}.json"] = {
        "TransitGatewayRouteTableId": TRTB_FIREWALL,
        "TransitGatewayRouteTablePropagations": [link(ATT_A, VPC_A, "enabled"), link(ATT_B, VPC_B, "enabled")]}
    d[f"search-transit-gateway-routes-{TRTB_FIREWALL}.json"] = {"TransitGatewayRouteTableId": TRTB_FIREWALL, "Routes": [
        tgw_route("10.20.0.0/16", ATT_A, VPC_A), tgw_route("10.30.0.0/16", ATT_B, VPC_B)],
        "AdditionalRoutesAvailable": False}
    return d

INSPECTION_STORY = (
    "Centralised inspection, as AWS documents it (Network Firewall and Gateway Load Balancer deployment models): the "
    "spoke VPC vpc-0f1a000000000001 (payments-api) and the data spoke vpc-0f1b000000000001 (ledger-db) send "
    "0.0.0.0/0 to tgw-0f1c000000000001. Their attachments are associated with the TGW table "
    "tgw-rtb-0f1c000000000021, whose only route sends 0.0.0.0/0 to the inspection VPC's attachment "
    "tgw-attach-0f1c000000000004 (vpc-0f1d000000000001); that attachment is associated with "
    "tgw-rtb-0f1c000000000022, where both spokes propagate their CIDRs. In the inspection VPC each zone's TGW "
    "subnet sends 0.0.0.0/0 to the Gateway Load Balancer endpoint of its zone (vpce-0f1d0000000000a1 in us-east-1a, "
    "vpce-0f1d0000000000b1 in us-east-1b), whose subnets route 10.0.0.0/8 back to the transit gateway and "
    "0.0.0.0/0 to their zone's NAT gateway. Every connection from the function, to ledger-db or to the internet, "
    "crosses the transit gateway into the inspection VPC and is handed to the firewall appliances behind the "
    "endpoint of the function's zone, which lambda-reach does not follow: ROUTE_TARGET_NOT_ANALYZED at that "
    "endpoint, the path not confirmed. There is no missing route: a route straight to ledger-db's attachment or "
    "to a NAT gateway would bypass the inspection, and no fix may propose one.")
INSPECTION_RULE = (
    "Routing: traffic a transit gateway delivers into a VPC leaves the attachment subnet by that subnet's route "
    "table (docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html); a route to an appliance (a Gateway Load "
    "Balancer or firewall endpoint) is not followed (ROUTE_TARGET_NOT_ANALYZED). AWS Network Firewall deployment "
    "models / centralised inspection (docs.aws.amazon.com/network-firewall/latest/developerguide/"
    "vpc-config-tgw-multi-az.html).")
at_zone = lambda vpce: ("unreachable", [f"ROUTE_TARGET_NOT_ANALYZED@{vpce}"])
d = base_inspection()
write("transit-gateway-inspection-vpc-gateway-load-balancer", d, {
    "story": INSPECTION_STORY + " Appliance mode is enabled on the inspection VPC's attachment, as AWS requires "
             "for a stateful appliance.",
    "rule": INSPECTION_RULE,
    "queries": [q(F, RDS, "unreachable", {A1: at_zone(GWLBE[0]), A2: at_zone(GWLBE[1])}),
                q(F, "internet", "unreachable", {A1: at_zone(GWLBE[0]), A2: at_zone(GWLBE[1])}, port=443)]})

# 16. The same, with appliance mode off on the inspection VPC's attachment: a note says so.
d = base_inspection(appliance_mode="disable")
write("transit-gateway-inspection-vpc-appliance-mode-off", d, {
    "story": INSPECTION_STORY + " But appliance mode is off (ApplianceModeSupport 'disable') on the inspection VPC's "
             "attachment tgw-attach-0f1c000000000004: the transit gateway keeps each direction in the zone it "
             "entered from, so a connection between the function in one zone and ledger-db in the other passes one "
             "zone's firewall one way and the other's on the way back, which a stateful firewall drops (AWS: "
             "appliance mode must be enabled on the inspection VPC's attachment). The blockers are the same; a note "
             "says that appliance mode is off.",
    "rule": INSPECTION_RULE + " Transit gateway appliance mode (docs.aws.amazon.com/vpc/latest/tgw/"
             "transit-gateway-appliance-scenario.html).",
    "queries": [q(F, RDS, "unreachable", {A1: at_zone(GWLBE[0]), A2: at_zone(GWLBE[1])})]})
