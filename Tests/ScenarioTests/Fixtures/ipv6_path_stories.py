"""Writes the IPv6 path scenario folders (ipv6-peering-*, ipv6-transit-gateway-*, ipv6-dns64-*
beside this file) from two base topologies: AWS CLI shapes in the files, and each story's
expected answer written by hand below from the rules (docs/semantics.md: IPv6 over a peering
and a transit gateway, DNS64; AWS's VPC peering and transit gateway documentation), never from
lambda-reach's output.

    python3 ipv6_path_stories.py .
"""
import copy, json, os, sys

ROOT = sys.argv[1]
ACCT = "123456789012"
REGION = "us-east-1"


def tags(name): return [{"Key": "Name", "Value": name}]


def vpc(vid, cidr, ipv6, name):
    return {"CidrBlock": cidr, "DhcpOptionsId": "dopt-0d6a000000000001", "State": "available", "VpcId": vid,
            "OwnerId": ACCT, "InstanceTenancy": "default",
            "CidrBlockAssociationSet": [{"AssociationId": vid.replace("vpc-", "vpc-cidr-assoc-"), "CidrBlock": cidr,
                                         "CidrBlockState": {"State": "associated"}}],
            "Ipv6CidrBlockAssociationSet": [{"AssociationId": vid.replace("vpc-", "vpc-cidr-assoc-6"),
                                             "Ipv6CidrBlock": ipv6, "Ipv6CidrBlockState": {"State": "associated"},
                                             "NetworkBorderGroup": REGION, "Ipv6Pool": "Amazon"}],
            "IsDefault": False, "Tags": tags(name)}


def subnet(sid, vid, cidr, ipv6, az, name, dns64=False):
    azid = {"us-east-1a": "use1-az4", "us-east-1b": "use1-az6"}[az]
    return {"AvailabilityZone": az, "AvailabilityZoneId": azid, "AvailableIpAddressCount": 250, "CidrBlock": cidr,
            "DefaultForAz": False, "MapPublicIpOnLaunch": False, "State": "available", "SubnetId": sid, "VpcId": vid,
            "OwnerId": ACCT, "AssignIpv6AddressOnCreation": False, "EnableDns64": dns64,
            "Ipv6Native": False,
            "Ipv6CidrBlockAssociationSet": [{"AssociationId": "subnet-cidr-assoc-" + sid[len("subnet-"):],
                                             "Ipv6CidrBlock": ipv6, "Ipv6CidrBlockState": {"State": "associated"},
                                             "Ipv6AddressAttribute": "public", "IpSource": "amazon"}],
            "Tags": tags(name), "SubnetArn": f"arn:aws:ec2:{REGION}:{ACCT}:subnet/{sid}"}


def route(cidr, **target):
    key = "DestinationIpv6CidrBlock" if ":" in cidr else "DestinationCidrBlock"
    r = {key: cidr, "Origin": "CreateRoute", "State": "active"}
    if target.get("local"):
        r.update({"GatewayId": "local", "Origin": "CreateRouteTable"})
    for k in ("VpcPeeringConnectionId", "TransitGatewayId", "NatGatewayId", "GatewayId", "EgressOnlyInternetGatewayId"):
        if k in target: r[k] = target[k]
    return r


def rtb(rid, vid, name, routes, subnets=(), main=False):
    assoc = []
    if main:
        assoc.append({"Main": True, "RouteTableAssociationId": "rtbassoc-f" + rid[5:], "RouteTableId": rid,
                      "AssociationState": {"State": "associated"}})
    for s in subnets:
        assoc.append({"Main": False, "RouteTableAssociationId": "rtbassoc-" + s[len("subnet-"):], "RouteTableId": rid,
                      "SubnetId": s, "AssociationState": {"State": "associated"}})
    return {"Associations": assoc, "PropagatingVgws": [], "RouteTableId": rid, "Routes": routes, "Tags": tags(name),
            "VpcId": vid, "OwnerId": ACCT}


def entry(egress, number, action, cidr):
    e = {"Egress": egress, "Protocol": "-1", "RuleAction": action, "RuleNumber": number}
    e["Ipv6CidrBlock" if ":" in cidr else "CidrBlock"] = cidr
    return e


def nacl(aid, vid, subnets, ipv6=True):
    """A VPC's default ACL as AWS creates it in a VPC with an IPv6 block: allow all, both families."""
    entries = [entry(True, 100, "allow", "0.0.0.0/0"), entry(True, 32767, "deny", "0.0.0.0/0"),
               entry(False, 100, "allow", "0.0.0.0/0"), entry(False, 32767, "deny", "0.0.0.0/0")]
    if ipv6:
        entries += [entry(True, 101, "allow", "::/0"), entry(True, 32768, "deny", "::/0"),
                    entry(False, 101, "allow", "::/0"), entry(False, 32768, "deny", "::/0")]
    return {"Associations": [{"NetworkAclAssociationId": f"aclassoc-{s[7:]}", "NetworkAclId": aid, "SubnetId": s}
                             for s in subnets],
            "Entries": entries, "IsDefault": True, "NetworkAclId": aid, "Tags": [], "VpcId": vid, "OwnerId": ACCT}


def permission(port, ipv4=(), ipv6=(), groups=()):
    p = {"IpProtocol": "tcp" if port else "-1", "IpRanges": [{"CidrIp": c} for c in ipv4],
         "Ipv6Ranges": [{"CidrIpv6": c} for c in ipv6], "PrefixListIds": [],
         "UserIdGroupPairs": [{"GroupId": g, "UserId": ACCT} for g in groups]}
    if port: p.update({"FromPort": port, "ToPort": port})
    return p


def sg(gid, vid, name, ingress):
    return {"Description": name, "GroupName": name, "IpPermissions": ingress, "OwnerId": ACCT, "GroupId": gid,
            "IpPermissionsEgress": [permission(None, ipv4=["0.0.0.0/0"], ipv6=["::/0"])], "VpcId": vid}


def eni(eid, sid, vid, az, ipv4, ipv6, groups, description):
    return {"NetworkInterfaceId": eid, "SubnetId": sid, "VpcId": vid, "AvailabilityZone": az,
            "InterfaceType": "interface", "Description": description, "OwnerId": ACCT, "Status": "in-use",
            "RequesterManaged": False, "PrivateIpAddress": ipv4,
            "PrivateIpAddresses": [{"PrivateIpAddress": ipv4, "Primary": True}],
            "Ipv6Addresses": [{"Ipv6Address": ipv6, "IsPrimaryIpv6": False}],
            "Groups": [{"GroupId": g, "GroupName": g} for g in groups]}


FUNC_SG, DEST_SG = "sg-0d6a000000000001", "sg-0d6b000000000001"
VPC_A, VPC_B, VPC_C = "vpc-0d6a000000000001", "vpc-0d6b000000000001", "vpc-0d6c000000000001"
A6, B6, C6 = "2600:1f18:60::/56", "2600:1f18:70::/56", "2600:1f18:80::/56"
SA = ["subnet-0d6a000000000001", "subnet-0d6a000000000002", "subnet-0d6a000000000003", "subnet-0d6a000000000004"]
SB = ["subnet-0d6b000000000001", "subnet-0d6b000000000002", "subnet-0d6b000000000003", "subnet-0d6b000000000004"]
RTB_A, RTB_B = "rtb-0d6a000000000002", "rtb-0d6b000000000002"
ACL_A, ACL_B = "acl-0d6a000000000001", "acl-0d6b000000000001"
PCX = "pcx-0d6a000000000001"
ENI_CIDR, ENI_REF = "eni-0d6b000000000001", "eni-0d6b000000000002"
ADDR_CIDR, ADDR_REF = "2600:1f18:70:1::10", "2600:1f18:70:1::20"
F = "ledger-sync"


def function(subnets, dual_stack=True, name=F):
    return {"Functions": [{
        "FunctionName": name, "FunctionArn": f"arn:aws:lambda:{REGION}:{ACCT}:function:{name}",
        "Runtime": "python3.12",
        "Role": f"arn:aws:iam::{ACCT}:role/{name}-role", "Handler": "app.handler", "CodeSize": 4096, "Timeout": 30,
        "MemorySize": 256, "LastModified": "2024-05-14T09:21:37.000+0000", "Version": "$LATEST",
        "VpcConfig": {"SubnetIds": subnets, "SecurityGroupIds": [FUNC_SG], "VpcId": VPC_A,
                      "Ipv6AllowedForDualStack": dual_stack},
        "State": "Active", "LastUpdateStatus": "Successful", "PackageType": "Zip", "Architectures": ["arm64"]}]}


def common():
    """Two dual-stack VPCs: the function's A (two app subnets, two small ones for a transit
    gateway's attachment) and B, whose interfaces hold the addresses asked for: ENI_CIDR's group
    admits A's IPv6 block on 443, ENI_REF's group admits the function's group on 443."""
    d = {}
    d["describe-vpcs.json"] = {"Vpcs": [vpc(VPC_A, "10.60.0.0/16", A6, "ledger-app"),
                                        vpc(VPC_B, "10.70.0.0/16", B6, "ledger-data")]}
    d["describe-subnets.json"] = {"Subnets": [
        subnet(SA[0], VPC_A, "10.60.1.0/24", "2600:1f18:60:1::/64", "us-east-1a", "app-a"),
        subnet(SA[1], VPC_A, "10.60.2.0/24", "2600:1f18:60:2::/64", "us-east-1b", "app-b"),
        subnet(SA[2], VPC_A, "10.60.240.0/28", "2600:1f18:60:f0::/64", "us-east-1a", "tgw-a"),
        subnet(SA[3], VPC_A, "10.60.240.16/28", "2600:1f18:60:f1::/64", "us-east-1b", "tgw-b"),
        subnet(SB[0], VPC_B, "10.70.1.0/24", "2600:1f18:70:1::/64", "us-east-1a", "data-a"),
        subnet(SB[1], VPC_B, "10.70.2.0/24", "2600:1f18:70:2::/64", "us-east-1b", "data-b"),
        subnet(SB[2], VPC_B, "10.70.240.0/28", "2600:1f18:70:f0::/64", "us-east-1a", "tgw-a"),
        subnet(SB[3], VPC_B, "10.70.240.16/28", "2600:1f18:70:f1::/64", "us-east-1b", "tgw-b")]}
    d["describe-network-acls.json"] = {"NetworkAcls": [nacl(ACL_A, VPC_A, SA), nacl(ACL_B, VPC_B, SB)]}
    d["describe-security-groups.json"] = {"SecurityGroups": [
        sg(FUNC_SG, VPC_A, "ledger-sync", []),
        sg(DEST_SG, VPC_B, "ledger-api", [permission(443, ipv4=["10.60.0.0/16"], ipv6=[A6])]),
        sg("sg-0d6b000000000002", VPC_B, "ledger-api-by-group", [permission(443, groups=[FUNC_SG])])]}
    d["describe-network-interfaces.json"] = {"NetworkInterfaces": [
        eni(ENI_CIDR, SB[0], VPC_B, "us-east-1a", "10.70.1.10", ADDR_CIDR, [DEST_SG], "ledger api"),
        eni(ENI_REF, SB[0], VPC_B, "us-east-1a", "10.70.1.20", ADDR_REF, ["sg-0d6b000000000002"], "ledger api 2")]}
    d["describe-internet-gateways.json"] = {"InternetGateways": []}
    d["describe-egress-only-internet-gateways.json"] = {"EgressOnlyInternetGateways": []}
    d["describe-nat-gateways.json"] = {"NatGateways": []}
    d["list-functions.json"] = function(SA[:2])
    return d


def peering_doc(status="active"):
    def side(vid, cidr, ipv6):
        return {"CidrBlock": cidr, "CidrBlockSet": [{"CidrBlock": cidr}], "Ipv6CidrBlockSet": [{"Ipv6CidrBlock": ipv6}],
                "OwnerId": ACCT, "PeeringOptions": {"AllowDnsResolutionFromRemoteVpc": False,
                                                    "AllowEgressFromLocalClassicLinkToRemoteVpc": False,
                                                    "AllowEgressFromLocalVpcToRemoteClassicLink": False},
                "VpcId": vid, "Region": REGION}
    return {"VpcPeeringConnections": [{
        "AccepterVpcInfo": side(VPC_B, "10.70.0.0/16", B6), "RequesterVpcInfo": side(VPC_A, "10.60.0.0/16", A6),
        "Status": {"Code": status, "Message": status}, "Tags": tags("ledger-app-to-data"),
        "VpcPeeringConnectionId": PCX}]}


def base_peering():
    """A and B peered by PCX: each app/data table routes the other VPC's IPv4 and IPv6 blocks to it."""
    d = common()
    d["describe-vpc-peering-connections.json"] = peering_doc()
    d["describe-route-tables.json"] = {"RouteTables": [
        rtb("rtb-0d6a000000000001", VPC_A, "app-main", [route("10.60.0.0/16", local=True), route(A6, local=True)],
            main=True),
        rtb(RTB_A, VPC_A, "app", [route("10.60.0.0/16", local=True), route(A6, local=True),
                                  route("10.70.0.0/16", VpcPeeringConnectionId=PCX),
                                  route(B6, VpcPeeringConnectionId=PCX)], SA[:2]),
        rtb("rtb-0d6b000000000001", VPC_B, "data-main", [route("10.70.0.0/16", local=True), route(B6, local=True)],
            main=True),
        rtb(RTB_B, VPC_B, "data", [route("10.70.0.0/16", local=True), route(B6, local=True),
                                   route("10.60.0.0/16", VpcPeeringConnectionId=PCX),
                                   route(A6, VpcPeeringConnectionId=PCX)], SB[:2])]}
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


def q(target, verdict, subnets, port=443, blockers=(), function=F):
    e = {"function": function, "target": target, "port": port, "protocol": "tcp", "verdict": verdict}
    e["subnets"] = {s: {"verdict": v, "blockers": list(b)} for s, (v, b) in subnets.items()}
    e["blockers"] = list(blockers)
    return e


ok = ("reachable", [])
A1, A2 = SA[0], SA[1]
CIDR_T, REF_T = f"ip:[{ADDR_CIDR}]", f"ip:[{ADDR_REF}]"


def both(code_at):
    return {A1: ("unreachable", [code_at]), A2: ("unreachable", [code_at])}


RULE_PEERING = ("IPv6 over a peering: the function subnet's IPv6 route to the pcx-, the peer VPC's IPv6 blocks, "
                "the route back, IPv6 rules and NACL entries on both sides (docs/semantics.md, IPv6; AWS, Update "
                "your route tables for a VPC peering connection).")

# 1. The happy path, by an IPv6 block and by a reference to the function's group.
d = base_peering()
write("ipv6-peering-reachable", d, {
    "story": "ledger-sync is dual-stack (Ipv6AllowedForDualStack, subnets with IPv6 blocks of 2600:1f18:60::/56) in vpc-0d6a000000000001, peered with vpc-0d6b000000000001 (2600:1f18:70::/56) by pcx-0d6a000000000001, active, which lists both VPCs' IPv6 blocks. The app subnets' table routes 2600:1f18:70::/56 to the peering, the data subnets' table routes 2600:1f18:60::/56 back, the default ACLs allow ::/0 both ways. eni-0d6b000000000001 (2600:1f18:70:1::10) admits 443 from 2600:1f18:60::/56; eni-0d6b000000000002 (2600:1f18:70:1::20) admits 443 from the function's group, a reference that crosses a peering in one region: both reachable. On 22 neither group admits the function.",
    "rule": RULE_PEERING,
    "queries": [q(CIDR_T, "reachable", {A1: ok, A2: ok}),
                q(REF_T, "reachable", {A1: ok, A2: ok}),
                q(CIDR_T, "unreachable", both(f"ENI_SG_RULES_MISMATCH@{DEST_SG}"), port=22)]})

# 2. No IPv6 route to the peering: the IPv4 one does not carry IPv6.
d = base_peering()
d["describe-route-tables.json"]["RouteTables"][1]["Routes"] = [
    route("10.60.0.0/16", local=True), route(A6, local=True), route("10.70.0.0/16", VpcPeeringConnectionId=PCX)]
write("ipv6-peering-no-ipv6-route-to-peer", d, {
    "story": "As ipv6-peering-reachable, but the app subnets' table rtb-0d6a000000000002 routes only the data VPC's IPv4 block 10.70.0.0/16 to pcx-0d6a000000000001: IPv6 routes are looked up apart, and the table has no IPv6 route for 2600:1f18:70:1::10 (no ::/0 either), so the traffic is dropped at the function's own table. The IPv4 address of the same interface is reachable.",
    "rule": RULE_PEERING,
    "queries": [q(CIDR_T, "unreachable", both(f"NO_ROUTE_TO_DESTINATION@{RTB_A}")),
                q("ip:10.70.1.10", "reachable", {A1: ok, A2: ok})]})

# 3. The data VPC routes the IPv4 block back, not the IPv6 one.
d = base_peering()
d["describe-route-tables.json"]["RouteTables"][3]["Routes"] = [
    route("10.70.0.0/16", local=True), route(B6, local=True), route("10.60.0.0/16", VpcPeeringConnectionId=PCX)]
write("ipv6-peering-missing-return-route", d, {
    "story": "As ipv6-peering-reachable, but the data subnets' table rtb-0d6b000000000002 routes only 10.60.0.0/16 back to the peering, not 2600:1f18:60::/56: the requests reach 2600:1f18:70:1::10, the replies to the function's IPv6 address have no route back. A peering needs routes on both sides, for IPv6 as for IPv4.",
    "rule": RULE_PEERING,
    "queries": [q(CIDR_T, "unreachable", both(f"NO_ROUTE_TO_DESTINATION@{RTB_B}"))]})

# 4. An IPv6 block routed into the peering that the peer does not hold.
d = base_peering()
d["describe-vpcs.json"]["Vpcs"].append(vpc(VPC_C, "10.80.0.0/16", C6, "ledger-archive"))
d["describe-route-tables.json"]["RouteTables"][1]["Routes"].append(route("2600:1f18:80::/48", VpcPeeringConnectionId=PCX))
write("ipv6-peering-address-outside-peer-blocks", d, {
    "story": "As ipv6-peering-reachable, and the app table also sends 2600:1f18:80::/48 to pcx-0d6a000000000001, though that block is vpc-0d6c000000000001's, which the peering does not join: a peering carries traffic only to the peer VPC's own IPv6 blocks (2600:1f18:70::/56), and is not transitive.",
    "rule": RULE_PEERING + " PCX_REQUIRES_ADDRESS_IN_VPC_CIDR.",
    "queries": [q("ip:[2600:1f18:80:1::10]", "unreachable", both(f"PCX_REQUIRES_ADDRESS_IN_VPC_CIDR@{PCX}")),
                q(CIDR_T, "reachable", {A1: ok, A2: ok})]})

# 5. The data subnets' ACL has IPv4 entries only.
d = base_peering()
acls = d["describe-network-acls.json"]["NetworkAcls"]
acls[1] = nacl(ACL_B, VPC_B, SB, ipv6=False)
acls[1]["IsDefault"] = False
write("ipv6-peering-destination-nacl-ipv4-only", d, {
    "story": "As ipv6-peering-reachable, but the data subnets' network ACL acl-0d6b000000000001 has IPv4 entries only (allow 0.0.0.0/0 both ways): IPv4 entries do not match IPv6 traffic, so the request from the function's IPv6 address meets the final implicit deny at the destination's subnet. The same interface's IPv4 address is reachable.",
    "rule": RULE_PEERING + " Network ACLs: only IPv6 entries decide IPv6 traffic.",
    "queries": [q(CIDR_T, "unreachable", both(f"SUBNET_ACL_RESTRICTION@{ACL_B}")),
                q("ip:10.70.1.10", "reachable", {A1: ok, A2: ok})]})

# Transit gateway -------------------------------------------------------------------------
TGW = "tgw-0d6c000000000001"
TRTB = "tgw-rtb-0d6c000000000001"
ATT_A, ATT_B = "tgw-attach-0d6c000000000001", "tgw-attach-0d6c000000000002"


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


def vpc_attachment(aid, vid, subnets, ipv6="enable"):
    return {"TransitGatewayAttachmentId": aid, "TransitGatewayId": TGW, "VpcId": vid, "VpcOwnerId": ACCT,
            "State": "available", "SubnetIds": subnets, "CreationTime": "2024-02-01T10:05:00+00:00",
            "Options": {"DnsSupport": "enable", "SecurityGroupReferencingSupport": "enable", "Ipv6Support": ipv6,
                        "ApplianceModeSupport": "disable"}, "Tags": []}


def attachment(aid, vid):
    return {"TransitGatewayAttachmentId": aid, "TransitGatewayId": TGW, "TransitGatewayOwnerId": ACCT,
            "ResourceOwnerId": ACCT, "ResourceType": "vpc", "ResourceId": vid, "State": "available",
            "CreationTime": "2024-02-01T10:05:00+00:00", "Tags": [],
            "Association": {"TransitGatewayRouteTableId": TRTB, "State": "associated"}}


def link(aid, vid, state):
    return {"TransitGatewayAttachmentId": aid, "ResourceId": vid, "ResourceType": "vpc", "State": state}


def tgw_route(cidr, aid, vid, type_="propagated"):
    return {"DestinationCidrBlock": cidr, "Type": type_, "State": "active",
            "TransitGatewayAttachments": [{"ResourceId": vid, "TransitGatewayAttachmentId": aid, "ResourceType": "vpc"}]}


def base_tgw():
    """A and B attached to TGW with IPv6 support, both propagating into its one table (each VPC's
    IPv4 and IPv6 blocks); each app/data table routes the other VPC's blocks to the transit gateway."""
    d = common()
    d["describe-route-tables.json"] = {"RouteTables": [
        rtb("rtb-0d6a000000000001", VPC_A, "app-main", [route("10.60.0.0/16", local=True), route(A6, local=True)],
            main=True),
        rtb(RTB_A, VPC_A, "app", [route("10.60.0.0/16", local=True), route(A6, local=True),
                                  route("10.70.0.0/16", TransitGatewayId=TGW), route(B6, TransitGatewayId=TGW)],
            SA[:2]),
        rtb("rtb-0d6b000000000001", VPC_B, "data-main", [route("10.70.0.0/16", local=True), route(B6, local=True)],
            main=True),
        rtb(RTB_B, VPC_B, "data", [route("10.70.0.0/16", local=True), route(B6, local=True),
                                   route("10.60.0.0/16", TransitGatewayId=TGW), route(A6, TransitGatewayId=TGW)],
            SB[:2])]}
    d["describe-transit-gateways.json"] = tgw_doc()
    d["describe-transit-gateway-vpc-attachments.json"] = {"TransitGatewayVpcAttachments": [
        vpc_attachment(ATT_A, VPC_A, SA[2:4]), vpc_attachment(ATT_B, VPC_B, SB[2:4])]}
    d["describe-transit-gateway-attachments.json"] = {"TransitGatewayAttachments": [
        attachment(ATT_A, VPC_A), attachment(ATT_B, VPC_B)]}
    d["describe-transit-gateway-route-tables.json"] = {"TransitGatewayRouteTables": [{
        "TransitGatewayRouteTableId": TRTB, "TransitGatewayId": TGW, "State": "available",
        "DefaultAssociationRouteTable": True, "DefaultPropagationRouteTable": True,
        "CreationTime": "2024-02-01T10:00:00+00:00", "Tags": tags("hub-default")}]}
    d[f"get-transit-gateway-route-table-associations-{TRTB}.json"] = {"TransitGatewayRouteTableId": TRTB, "Associations": [
        link(ATT_A, VPC_A, "associated"), link(ATT_B, VPC_B, "associated")]}
    d[f"get-transit-gateway-route-table-propagations-{TRTB}.json"] = {"TransitGatewayRouteTableId": TRTB,
        "TransitGatewayRouteTablePropagations": [link(ATT_A, VPC_A, "enabled"), link(ATT_B, VPC_B, "enabled")]}
    d[f"search-transit-gateway-routes-{TRTB}.json"] = {"TransitGatewayRouteTableId": TRTB, "Routes": [
        tgw_route("10.60.0.0/16", ATT_A, VPC_A), tgw_route(A6, ATT_A, VPC_A),
        tgw_route("10.70.0.0/16", ATT_B, VPC_B), tgw_route(B6, ATT_B, VPC_B)], "AdditionalRoutesAvailable": False}
    return d


ROUTES_KEY = f"search-transit-gateway-routes-{TRTB}.json"
RULE_TGW = ("IPv6 through a transit gateway: the function subnet's IPv6 route to the tgw-, the TGW route table's "
            "IPv6 routes (longest prefix; a VPC's IPv6 CIDRs propagate only from an attachment with Ipv6Support "
            "enabled), the route back in the destination's table and in the TGW table, IPv6 rules and NACL entries "
            "(docs/semantics.md, IPv6; AWS CreateTransitGatewayVpcAttachmentRequestOptions).")

# 6. The happy path.
d = base_tgw()
write("ipv6-transit-gateway-reachable", d, {
    "story": "ledger-sync (dual-stack, vpc-0d6a000000000001, 2600:1f18:60::/56) and vpc-0d6b000000000001 (2600:1f18:70::/56) are attached to tgw-0d6c000000000001 with Ipv6Support enabled, both propagating into tgw-rtb-0d6c000000000001, which lists each VPC's IPv4 and IPv6 block to its attachment. The app table routes 2600:1f18:70::/56 to the transit gateway, the data table routes 2600:1f18:60::/56 back, the default ACLs allow ::/0, and eni-0d6b000000000001's group admits 443 from 2600:1f18:60::/56: reachable from both subnets.",
    "rule": RULE_TGW,
    "queries": [q(CIDR_T, "reachable", {A1: ok, A2: ok})]})

# 7. The data VPC's attachment without IPv6 support: its IPv6 block did not propagate.
d = base_tgw()
d["describe-transit-gateway-vpc-attachments.json"]["TransitGatewayVpcAttachments"][1] = vpc_attachment(
    ATT_B, VPC_B, SB[2:4], ipv6="disable")
d[ROUTES_KEY]["Routes"] = [r for r in d[ROUTES_KEY]["Routes"] if r["DestinationCidrBlock"] != B6]
write("ipv6-transit-gateway-attachment-ipv6-support-disabled", d, {
    "story": "As ipv6-transit-gateway-reachable, but the data VPC's attachment tgw-attach-0d6c000000000002 has Ipv6Support disabled (AWS's default): IPv6 routes do not propagate from it, so tgw-rtb-0d6c000000000001 has a propagated route for 10.70.0.0/16 and none for 2600:1f18:70::/56. The transit gateway drops the IPv6 traffic; the fix enables IPv6 support on the attachment (or adds a static route). The IPv4 address is reachable.",
    "rule": RULE_TGW + " TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT.",
    "queries": [q(CIDR_T, "unreachable", both(f"TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT@{TRTB}")),
                q("ip:10.70.1.10", "reachable", {A1: ok, A2: ok})]})

# 8. The same attachment, with a static IPv6 route: the setting does not filter IPv6 traffic.
d["search-transit-gateway-routes-" + TRTB + ".json"]["Routes"].append(tgw_route(B6, ATT_B, VPC_B, type_="static"))
write("ipv6-transit-gateway-static-route-without-ipv6-support", d, {
    "story": "As ipv6-transit-gateway-attachment-ipv6-support-disabled, with a static route for 2600:1f18:70::/56 to tgw-attach-0d6c000000000002 added to tgw-rtb-0d6c000000000001. AWS says the attachment's Ipv6Support setting does not filter IPv6 traffic (disabled, the attachment's interfaces get no IPv6 address and its IPv6 routes do not propagate): the static route carries it, reachable, with a note.",
    "rule": RULE_TGW,
    "queries": [q(CIDR_T, "reachable", {A1: ok, A2: ok})]})

# 9. No IPv6 route back in the data VPC.
d = base_tgw()
d["describe-route-tables.json"]["RouteTables"][3]["Routes"] = [
    route("10.70.0.0/16", local=True), route(B6, local=True), route("10.60.0.0/16", TransitGatewayId=TGW)]
write("ipv6-transit-gateway-missing-return-route", d, {
    "story": "As ipv6-transit-gateway-reachable, but the data subnets' table rtb-0d6b000000000002 routes only 10.60.0.0/16 back to the transit gateway: the replies to the function's IPv6 address have no route.",
    "rule": RULE_TGW,
    "queries": [q(CIDR_T, "unreachable", both(f"NO_ROUTE_TO_DESTINATION@{RTB_B}"))]})

# 10. No IPv6 route to the transit gateway in the function's table.
d = base_tgw()
d["describe-route-tables.json"]["RouteTables"][1]["Routes"] = [
    route("10.60.0.0/16", local=True), route(A6, local=True), route("10.70.0.0/16", TransitGatewayId=TGW)]
write("ipv6-transit-gateway-no-ipv6-route-to-gateway", d, {
    "story": "As ipv6-transit-gateway-reachable, but the app table rtb-0d6a000000000002 sends only 10.70.0.0/16 to the transit gateway: it has no IPv6 route for 2600:1f18:70:1::10, and the traffic is dropped there.",
    "rule": RULE_TGW,
    "queries": [q(CIDR_T, "unreachable", both(f"NO_ROUTE_TO_DESTINATION@{RTB_A}"))]})

# 11. A reference to the function's group does not cross without referencing support.
d = base_tgw()
write("ipv6-transit-gateway-sg-reference-does-not-cross", d, {
    "story": "As ipv6-transit-gateway-reachable, asking for eni-0d6b000000000002 (2600:1f18:70:1::20), whose group admits 443 only from the function's group sg-0d6a000000000001. Across a transit gateway a reference matches only with SecurityGroupReferencingSupport enabled on the transit gateway (here disabled, AWS's default) and on both attachments: for IPv6 as for IPv4.",
    "rule": RULE_TGW + " SG_REFERENCE_ACROSS_TGW.",
    "queries": [q(REF_T, "unreachable", both("SG_REFERENCE_ACROSS_TGW@sg-0d6b000000000002"))]})

# 11b. With referencing support on the transit gateway, it does.
d["describe-transit-gateways.json"] = tgw_doc("enable")
write("ipv6-transit-gateway-sg-reference-with-referencing-support", d, {
    "story": "As ipv6-transit-gateway-sg-reference-does-not-cross, with SecurityGroupReferencingSupport enabled on tgw-0d6c000000000001 (both attachments have it on): the reference admits the function, reachable.",
    "rule": RULE_TGW,
    "queries": [q(REF_T, "reachable", {A1: ok, A2: ok})]})

# DNS64 -----------------------------------------------------------------------------------
DB_SG = "sg-0d6a000000000003"
NAT, IGW, EIGW = "nat-0d6a000000000001", "igw-0d6a000000000001", "eigw-0d6a000000000001"
SA5 = "subnet-0d6a000000000005"


def base_dns64():
    """A alone: ledger-sync in two dual-stack app subnets, both with DNS64 on; a public NAT
    gateway in a public subnet; ledger-db (IPv4, in the data subnets of A). app-a's table routes
    64:ff9b::/96 to the NAT gateway, app-b's does not."""
    d = common()
    d["describe-vpcs.json"] = {"Vpcs": [vpc(VPC_A, "10.60.0.0/16", A6, "ledger-app")]}
    d["describe-subnets.json"] = {"Subnets": [
        subnet(SA[0], VPC_A, "10.60.1.0/24", "2600:1f18:60:1::/64", "us-east-1a", "app-a", dns64=True),
        subnet(SA[1], VPC_A, "10.60.2.0/24", "2600:1f18:60:2::/64", "us-east-1b", "app-b", dns64=True),
        subnet(SA[2], VPC_A, "10.60.10.0/24", "2600:1f18:60:a::/64", "us-east-1a", "data-a"),
        subnet(SA[3], VPC_A, "10.60.11.0/24", "2600:1f18:60:b::/64", "us-east-1b", "data-b"),
        subnet(SA5, VPC_A, "10.60.0.0/24", "2600:1f18:60:0::/64", "us-east-1a", "public-a")]}
    d["describe-network-acls.json"] = {"NetworkAcls": [nacl(ACL_A, VPC_A, SA + [SA5])]}
    d["describe-security-groups.json"] = {"SecurityGroups": [
        sg(FUNC_SG, VPC_A, "ledger-sync", []),
        sg(DB_SG, VPC_A, "ledger-db", [permission(5432, groups=[FUNC_SG])])]}
    d["describe-network-interfaces.json"] = {"NetworkInterfaces": []}
    d["describe-internet-gateways.json"] = {"InternetGateways": [{
        "Attachments": [{"State": "available", "VpcId": VPC_A}], "InternetGatewayId": IGW, "OwnerId": ACCT,
        "Tags": tags("ledger-igw")}]}
    d["describe-egress-only-internet-gateways.json"] = {"EgressOnlyInternetGateways": [{
        "Attachments": [{"State": "attached", "VpcId": VPC_A}], "EgressOnlyInternetGatewayId": EIGW,
        "Tags": tags("ledger-eigw")}]}
    d["describe-nat-gateways.json"] = {"NatGateways": [{
        "CreateTime": "2024-02-01T10:10:00+00:00", "NatGatewayAddresses": [{
            "AllocationId": "eipalloc-0d6a000000000001", "NetworkInterfaceId": "eni-0d6a0000000000f1",
            "PrivateIp": "10.60.0.10", "PublicIp": "203.0.113.60", "IsPrimary": True, "Status": "succeeded"}],
        "NatGatewayId": NAT, "State": "available", "SubnetId": SA5, "VpcId": VPC_A, "ConnectivityType": "public",
        "Tags": tags("ledger-nat")}]}
    d["describe-route-tables.json"] = {"RouteTables": [
        rtb("rtb-0d6a000000000001", VPC_A, "main", [route("10.60.0.0/16", local=True), route(A6, local=True)],
            SA[2:4], main=True),
        rtb("rtb-0d6a000000000003", VPC_A, "public",
            [route("10.60.0.0/16", local=True), route(A6, local=True), route("0.0.0.0/0", GatewayId=IGW),
             route("::/0", GatewayId=IGW)], [SA5]),
        rtb("rtb-0d6a000000000004", VPC_A, "app-a",
            [route("10.60.0.0/16", local=True), route(A6, local=True), route("0.0.0.0/0", NatGatewayId=NAT),
             route("::/0", EgressOnlyInternetGatewayId=EIGW), route("64:ff9b::/96", NatGatewayId=NAT)], [SA[0]]),
        rtb("rtb-0d6a000000000005", VPC_A, "app-b",
            [route("10.60.0.0/16", local=True), route(A6, local=True), route("0.0.0.0/0", NatGatewayId=NAT),
             route("::/0", EgressOnlyInternetGatewayId=EIGW)], [SA[1]])]}
    d["describe-db-instances.json"] = {"DBInstances": [{
        "DBInstanceIdentifier": "ledger-db", "DBInstanceClass": "db.t4g.medium", "Engine": "postgres",
        "DBInstanceStatus": "available",
        "Endpoint": {"Address": "ledger-db.c9akciq32.us-east-1.rds.amazonaws.com", "Port": 5432},
        "AvailabilityZone": "us-east-1a", "MultiAZ": False, "PubliclyAccessible": False, "NetworkType": "IPV4",
        "VpcSecurityGroups": [{"VpcSecurityGroupId": DB_SG, "Status": "active"}],
        "DBSubnetGroup": {"DBSubnetGroupName": "ledger-db-subnets", "VpcId": VPC_A, "SubnetGroupStatus": "Complete",
                          "Subnets": [{"SubnetIdentifier": SA[2], "SubnetAvailabilityZone": {"Name": "us-east-1a"},
                                       "SubnetStatus": "Active"},
                                      {"SubnetIdentifier": SA[3], "SubnetAvailabilityZone": {"Name": "us-east-1b"},
                                       "SubnetStatus": "Active"}]},
        "DBInstanceArn": f"arn:aws:rds:{REGION}:{ACCT}:db:ledger-db"}]}
    # ledger-report, in the same subnets, sends no IPv6 (Ipv6AllowedForDualStack false).
    d["list-functions.json"]["Functions"] += function(SA[:2], dual_stack=False, name="ledger-report")["Functions"]
    return d


# 12. DNS64 on both subnets; a NAT64 route in one.
d = base_dns64()
write("ipv6-dns64-synthesized-address-and-nat64-route", d, {
    "story": "ledger-sync is dual-stack in app-a and app-b of vpc-0d6a000000000001, both with DNS64 on (EnableDns64), and connects by name to ledger-db, an IPv4 database (NetworkType IPV4) of the same VPC whose group admits 5432 from the function's group. The Amazon DNS server answers the name's A query with the database's private IPv4 address and, DNS64 being on, its AAAA query with a synthesized address in 64:ff9b::/96. AWS documents the synthesis and that such addresses reach IPv4 destinations only through a route for 64:ff9b::/96 to a NAT gateway (NAT64); it does not say which answer a Lambda runtime connects to. The IPv4 path is reachable from both subnets, and the answer notes the synthesized address: app-a's table routes 64:ff9b::/96 to nat-0d6a000000000001, app-b's has no such route (::/0 to the egress-only gateway does not translate). ledger-report, in the same subnets without Ipv6AllowedForDualStack, sends no IPv6: DNS64 changes nothing for it.",
    "rule": "DNS64 (docs/semantics.md, IPv6: DNS64): EnableDns64 makes the Amazon DNS server answer names with IPv4 addresses only with synthesized 64:ff9b::/96 addresses, which need a route to a NAT gateway; the verdict follows the IPv4 path.",
    "queries": [q("rds:ledger-db", "reachable", {A1: ok, A2: ok}, port=5432),
                q("rds:ledger-db", "reachable", {A1: ok, A2: ok}, port=5432, function="ledger-report")]})
