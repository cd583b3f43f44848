"""Writes the private-NAT scenario folders (private-nat-* and public-nat-forwards-* beside this
file) from one base topology, AWS's design for overlapping networks and private IPv4 exhaustion:
functions in subnets of a secondary, non-routable range (100.64.0.0/16) route private
destinations to a NAT gateway in a routable subnet of their VPC, whose own route table sends
them on to a transit gateway; the destination sees the NAT gateway's private address. AWS CLI
shapes in the files; each story's expected answer is written by hand below from the rules
(docs/semantics.md; AWS's whitepaper on private NAT gateways: it "performs source network address
translation on requests from instances in non-routable subnet", using its own private address),
never from lambda-reach's output.

    python3 private_nat_stories.py .
"""
import json, os, sys, copy

ROOT = sys.argv[1]
ACCT = "123456789012"
REGION = "us-east-1"

def tags(name): return [{"Key": "Name", "Value": name}]

def vpc(vid, cidrs, name):
    return {"CidrBlock": cidrs[0], "DhcpOptionsId": "dopt-0f7a000000000001", "State": "available", "VpcId": vid,
            "OwnerId": ACCT, "InstanceTenancy": "default",
            "CidrBlockAssociationSet": [{"AssociationId": vid.replace("vpc-", "vpc-cidr-assoc-")[:-1] + str(i + 1),
                                         "CidrBlock": c, "CidrBlockState": {"State": "associated"}}
                                        for i, c in enumerate(cidrs)],
            "IsDefault": False, "Tags": tags(name)}

def subnet(sid, vid, cidr, az, name, count=250, public=False):
    azid = {"us-east-1a": "use1-az4", "us-east-1b": "use1-az6"}[az]
    return {"AvailabilityZone": az, "AvailabilityZoneId": azid, "AvailableIpAddressCount": count, "CidrBlock": cidr,
            "DefaultForAz": False, "MapPublicIpOnLaunch": public, "State": "available", "SubnetId": sid,
            "VpcId": vid, "OwnerId": ACCT, "AssignIpv6AddressOnCreation": False, "Ipv6CidrBlockAssociationSet": [],
            "Tags": tags(name), "SubnetArn": f"arn:aws:ec2:{REGION}:{ACCT}:subnet/{sid}"}

def route(cidr, **target):
    r = {"DestinationCidrBlock": cidr, "Origin": "CreateRoute", "State": "active"}
    if target.get("local"):
        r.update({"GatewayId": "local", "Origin": "CreateRouteTable"})
    for k in ("TransitGatewayId", "NatGatewayId", "GatewayId"):
        if k in target: r[k] = target[k]
    return r

def rtb(rid, vid, name, routes, subnets=(), main=False):
    assoc = []
    if main:
        assoc.append({"Main": True, "RouteTableAssociationId": "rtbassoc-" + rid[4:8] + "ff" + rid[10:],
                      "RouteTableId": rid, "AssociationState": {"State": "associated"}})
    for s in subnets:
        assoc.append({"Main": False, "RouteTableAssociationId": "rtbassoc-" + s[len("subnet-"):], "RouteTableId": rid,
                      "SubnetId": s, "AssociationState": {"State": "associated"}})
    return {"Associations": assoc, "PropagatingVgws": [], "RouteTableId": rid, "Routes": routes, "Tags": tags(name),
            "VpcId": vid, "OwnerId": ACCT}

def entry(egress, num, action, cidr="0.0.0.0/0"):
    return {"CidrBlock": cidr, "Egress": egress, "Protocol": "-1", "RuleAction": action, "RuleNumber": num}

def nacl(aid, vid, subnets, entries=None, default=True):
    if entries is None:
        entries = [entry(True, 100, "allow"), entry(False, 100, "allow")]
    return {"Associations": [{"NetworkAclAssociationId": f"aclassoc-{s[7:]}", "NetworkAclId": aid, "SubnetId": s}
                             for s in subnets],
            "Entries": entries + [entry(True, 32767, "deny"), entry(False, 32767, "deny")],
            "IsDefault": default, "NetworkAclId": aid, "Tags": [], "VpcId": vid, "OwnerId": ACCT}

def sg(gid, vid, name, ingress):
    return {"Description": name, "GroupName": name, "IpPermissions": ingress, "OwnerId": ACCT, "GroupId": gid,
            "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [],
                                     "PrefixListIds": [], "UserIdGroupPairs": []}],
            "VpcId": vid}

def tcp_from_cidr(port, cidr):
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": cidr}], "Ipv6Ranges": [],
            "PrefixListIds": [], "UserIdGroupPairs": []}

def tcp_from_group(port, gid):
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [], "Ipv6Ranges": [],
            "PrefixListIds": [], "UserIdGroupPairs": [{"GroupId": gid, "UserId": ACCT}]}

def nat(nid, sid, vid, private_ip, public_ip=None):
    address = {"NetworkInterfaceId": nid.replace("nat-", "eni-"), "PrivateIp": private_ip, "IsPrimary": True,
               "Status": "succeeded"}
    if public_ip:
        address.update({"AllocationId": nid.replace("nat-", "eipalloc-"), "PublicIp": public_ip})
    return {"CreateTime": "2024-03-11T09:11:00+00:00", "NatGatewayAddresses": [address], "NatGatewayId": nid,
            "State": "available", "SubnetId": sid, "VpcId": vid, "Tags": [],
            "ConnectivityType": "public" if public_ip else "private"}

def interface(eni, sid, vid, az, address, groups, description, itype="interface"):
    return {"NetworkInterfaceId": eni, "SubnetId": sid, "VpcId": vid, "AvailabilityZone": az, "InterfaceType": itype,
            "Description": description, "OwnerId": ACCT, "Status": "in-use", "PrivateIpAddress": address,
            "PrivateIpAddresses": [{"PrivateIpAddress": address, "Primary": True}],
            "Groups": [{"GroupId": g, "GroupName": g} for g in groups]}

TGW = "tgw-0f7c000000000001"
TRTB = "tgw-rtb-0f7c000000000001"
ATT_W, ATT_L, ATT_VPN = "tgw-attach-0f7c000000000001", "tgw-attach-0f7c000000000002", "tgw-attach-0f7c000000000003"
VPN = "vpn-0f7c000000000001"
VPC_W, VPC_L = "vpc-0f7a000000000001", "vpc-0f7b000000000001"
# Workloads: the functions' subnets (non-routable), the NAT gateways' (routable), the attachment's.
LAMBDA_A, LAMBDA_B = "subnet-0f7a000000000001", "subnet-0f7a000000000002"
ROUTABLE_A, ROUTABLE_B = "subnet-0f7a000000000003", "subnet-0f7a000000000004"
TGW_W_A, TGW_W_B = "subnet-0f7a000000000005", "subnet-0f7a000000000006"
PUBLIC_A = "subnet-0f7a000000000007"
LEDGER_A, LEDGER_B = "subnet-0f7b000000000001", "subnet-0f7b000000000002"
TGW_L_A, TGW_L_B = "subnet-0f7b000000000003", "subnet-0f7b000000000004"
NAT_A, NAT_B = "nat-0f7a000000000003", "nat-0f7a000000000004"
NAT_PUBLIC = "nat-0f7a000000000007"
FUNC_SG, LEDGER_SG, DB_SG = "sg-0f7a000000000001", "sg-0f7b000000000001", "sg-0f7b000000000002"
RTB_LAMBDA_A, RTB_LAMBDA_B, RTB_ROUTABLE = "rtb-0f7a000000000002", "rtb-0f7a000000000003", "rtb-0f7a000000000004"
RTB_PUBLIC = "rtb-0f7a000000000005"
RTB_LEDGER = "rtb-0f7b000000000002"
ACL_ROUTABLE = "acl-0f7a000000000002"

def tgw_doc(sg_ref="disable"):
    return {"TransitGateways": [{
        "TransitGatewayId": TGW, "TransitGatewayArn": f"arn:aws:ec2:{REGION}:{ACCT}:transit-gateway/{TGW}",
        "State": "available", "OwnerId": ACCT, "Description": "hub", "CreationTime": "2024-02-01T10:00:00+00:00",
        "Options": {"AmazonSideAsn": 64512, "AutoAcceptSharedAttachments": "disable",
                    "DefaultRouteTableAssociation": "enable", "AssociationDefaultRouteTableId": TRTB,
                    "DefaultRouteTablePropagation": "disable", "VpnEcmpSupport": "enable", "DnsSupport": "enable",
                    "SecurityGroupReferencingSupport": sg_ref, "MulticastSupport": "disable"},
        "Tags": tags("hub")}]}

def vpc_attachment(aid, vid, subnets):
    return {"TransitGatewayAttachmentId": aid, "TransitGatewayId": TGW, "VpcId": vid, "VpcOwnerId": ACCT,
            "State": "available", "SubnetIds": subnets, "CreationTime": "2024-02-01T10:05:00+00:00",
            "Options": {"DnsSupport": "enable", "SecurityGroupReferencingSupport": "enable", "Ipv6Support": "disable",
                        "ApplianceModeSupport": "disable"}, "Tags": []}

def attachment(aid, resource, rtype="vpc"):
    return {"TransitGatewayAttachmentId": aid, "TransitGatewayId": TGW, "TransitGatewayOwnerId": ACCT,
            "ResourceOwnerId": ACCT, "ResourceType": rtype, "ResourceId": resource, "State": "available",
            "CreationTime": "2024-02-01T10:05:00+00:00", "Tags": [],
            "Association": {"TransitGatewayRouteTableId": TRTB, "State": "associated"}}

def link(aid, resource, state, rtype="vpc"):
    return {"TransitGatewayAttachmentId": aid, "ResourceId": resource, "ResourceType": rtype, "State": state}

def tgw_route(cidr, aid, resource, rtype="vpc"):
    # Static: AWS's design routes only the routable ranges between the VPCs (propagation would
    # add the non-routable 100.64.0.0/16, which every such VPC reuses).
    return {"DestinationCidrBlock": cidr, "Type": "static", "State": "active",
            "TransitGatewayAttachments": [{"ResourceId": resource, "TransitGatewayAttachmentId": aid,
                                           "ResourceType": rtype}]}

def base():
    """Workloads VPC (10.81.0.0/24 routable, 100.64.0.0/16 not) with a private NAT gateway per
    zone; ledger VPC (10.61.0.0/16); one transit gateway with a VPN to the network on premises."""
    d = {}
    d["describe-vpcs.json"] = {"Vpcs": [vpc(VPC_W, ["10.81.0.0/24", "100.64.0.0/16"], "workloads"),
                                        vpc(VPC_L, ["10.61.0.0/16"], "ledger")]}
    d["describe-subnets.json"] = {"Subnets": [
        subnet(LAMBDA_A, VPC_W, "100.64.0.0/18", "us-east-1a", "lambda-a", 16379),
        subnet(LAMBDA_B, VPC_W, "100.64.64.0/18", "us-east-1b", "lambda-b", 16379),
        subnet(ROUTABLE_A, VPC_W, "10.81.0.64/27", "us-east-1a", "routable-a", 26),
        subnet(ROUTABLE_B, VPC_W, "10.81.0.96/27", "us-east-1b", "routable-b", 26),
        subnet(TGW_W_A, VPC_W, "10.81.0.128/28", "us-east-1a", "tgw-attach-a", 11),
        subnet(TGW_W_B, VPC_W, "10.81.0.144/28", "us-east-1b", "tgw-attach-b", 11),
        subnet(LEDGER_A, VPC_L, "10.61.1.0/24", "us-east-1a", "ledger-a"),
        subnet(LEDGER_B, VPC_L, "10.61.2.0/24", "us-east-1b", "ledger-b"),
        subnet(TGW_L_A, VPC_L, "10.61.255.0/28", "us-east-1a", "tgw-attach-a", 11),
        subnet(TGW_L_B, VPC_L, "10.61.255.16/28", "us-east-1b", "tgw-attach-b", 11)]}
    local_w = [route("10.81.0.0/24", local=True), route("100.64.0.0/16", local=True)]
    d["describe-route-tables.json"] = {"RouteTables": [
        rtb("rtb-0f7a000000000001", VPC_W, "workloads-main", list(local_w), main=True),
        # Each zone's functions send private destinations to their zone's NAT gateway.
        rtb(RTB_LAMBDA_A, VPC_W, "lambda-a", local_w + [route("10.0.0.0/8", NatGatewayId=NAT_A),
                                                        route("192.168.0.0/16", NatGatewayId=NAT_A)], [LAMBDA_A]),
        rtb(RTB_LAMBDA_B, VPC_W, "lambda-b", local_w + [route("10.0.0.0/8", NatGatewayId=NAT_B),
                                                        route("192.168.0.0/16", NatGatewayId=NAT_B)], [LAMBDA_B]),
        # The NAT gateways' subnets (and the attachment's) send them on to the transit gateway.
        rtb(RTB_ROUTABLE, VPC_W, "routable", local_w + [route("10.0.0.0/8", TransitGatewayId=TGW),
                                                        route("192.168.0.0/16", TransitGatewayId=TGW)],
            [ROUTABLE_A, ROUTABLE_B, TGW_W_A, TGW_W_B]),
        rtb("rtb-0f7b000000000001", VPC_L, "ledger-main", [route("10.61.0.0/16", local=True)], main=True),
        rtb(RTB_LEDGER, VPC_L, "ledger", [route("10.61.0.0/16", local=True),
                                         route("10.81.0.0/24", TransitGatewayId=TGW)],
            [LEDGER_A, LEDGER_B, TGW_L_A, TGW_L_B])]}
    d["describe-network-acls.json"] = {"NetworkAcls": [
        nacl("acl-0f7a000000000001", VPC_W, [LAMBDA_A, LAMBDA_B, ROUTABLE_A, ROUTABLE_B, TGW_W_A, TGW_W_B]),
        nacl("acl-0f7b000000000001", VPC_L, [LEDGER_A, LEDGER_B, TGW_L_A, TGW_L_B])]}
    d["describe-security-groups.json"] = {"SecurityGroups": [
        sg(FUNC_SG, VPC_W, "batch", []),
        # The ledger admits the workloads VPC's routable range: where its NAT gateways are.
        sg(LEDGER_SG, VPC_L, "ledger", [tcp_from_cidr(443, "10.81.0.0/24")]),
        sg(DB_SG, VPC_L, "ledger-db", [tcp_from_cidr(5432, "10.81.0.0/24")])]}
    d["describe-internet-gateways.json"] = {"InternetGateways": []}
    d["describe-nat-gateways.json"] = {"NatGateways": [nat(NAT_A, ROUTABLE_A, VPC_W, "10.81.0.74"),
                                                      nat(NAT_B, ROUTABLE_B, VPC_W, "10.81.0.106")]}
    d["describe-network-interfaces.json"] = {"NetworkInterfaces": [
        interface("eni-0f7a000000000003", ROUTABLE_A, VPC_W, "us-east-1a", "10.81.0.74", [],
                  f"Interface for NAT Gateway {NAT_A}", "nat_gateway"),
        interface("eni-0f7a000000000004", ROUTABLE_B, VPC_W, "us-east-1b", "10.81.0.106", [],
                  f"Interface for NAT Gateway {NAT_B}", "nat_gateway"),
        interface("eni-0f7b000000000050", LEDGER_A, VPC_L, "us-east-1a", "10.61.1.50", [LEDGER_SG], "ledger api")]}
    d["list-functions.json"] = {"Functions": [{
        "FunctionName": "batch", "FunctionArn": f"arn:aws:lambda:{REGION}:{ACCT}:function:batch",
        "Runtime": "python3.12", "Role": f"arn:aws:iam::{ACCT}:role/batch-role", "Handler": "app.handler",
        "CodeSize": 4096, "Timeout": 30, "MemorySize": 256, "LastModified": "2024-05-14T09:21:37.000+0000",
        "Version": "$LATEST",
        "VpcConfig": {"SubnetIds": [LAMBDA_A, LAMBDA_B], "SecurityGroupIds": [FUNC_SG], "VpcId": VPC_W,
                      "Ipv6AllowedForDualStack": False},
        "State": "Active", "LastUpdateStatus": "Successful", "PackageType": "Zip", "Architectures": ["arm64"]}]}
    d["describe-db-instances.json"] = {"DBInstances": [{
        "DBInstanceIdentifier": "ledger-db", "DBInstanceClass": "db.t4g.medium", "Engine": "postgres",
        "DBInstanceStatus": "available",
        "Endpoint": {"Address": "ledger-db.c9akciq32.us-east-1.rds.amazonaws.com", "Port": 5432},
        "AvailabilityZone": "us-east-1a", "MultiAZ": False, "PubliclyAccessible": False,
        "VpcSecurityGroups": [{"VpcSecurityGroupId": DB_SG, "Status": "active"}],
        "DBSubnetGroup": {"DBSubnetGroupName": "ledger-db-subnets", "VpcId": VPC_L, "SubnetGroupStatus": "Complete",
                          "Subnets": [{"SubnetIdentifier": LEDGER_A, "SubnetAvailabilityZone": {"Name": "us-east-1a"},
                                       "SubnetStatus": "Active"},
                                      {"SubnetIdentifier": LEDGER_B, "SubnetAvailabilityZone": {"Name": "us-east-1b"},
                                       "SubnetStatus": "Active"}]},
        "DBInstanceArn": f"arn:aws:rds:{REGION}:{ACCT}:db:ledger-db"}]}
    d["describe-transit-gateways.json"] = tgw_doc()
    d["describe-transit-gateway-vpc-attachments.json"] = {"TransitGatewayVpcAttachments": [
        vpc_attachment(ATT_W, VPC_W, [TGW_W_A, TGW_W_B]), vpc_attachment(ATT_L, VPC_L, [TGW_L_A, TGW_L_B])]}
    d["describe-transit-gateway-attachments.json"] = {"TransitGatewayAttachments": [
        attachment(ATT_W, VPC_W), attachment(ATT_L, VPC_L), attachment(ATT_VPN, VPN, "vpn")]}
    d["describe-transit-gateway-route-tables.json"] = {"TransitGatewayRouteTables": [{
        "TransitGatewayRouteTableId": TRTB, "TransitGatewayId": TGW, "State": "available",
        "DefaultAssociationRouteTable": True, "DefaultPropagationRouteTable": False,
        "CreationTime": "2024-02-01T10:00:00+00:00", "Tags": tags("hub")}]}
    d[f"get-transit-gateway-route-table-associations-{TRTB}.json"] = {"TransitGatewayRouteTableId": TRTB,
        "Associations": [link(ATT_W, VPC_W, "associated"), link(ATT_L, VPC_L, "associated"),
                         link(ATT_VPN, VPN, "associated", "vpn")]}
    d[f"get-transit-gateway-route-table-propagations-{TRTB}.json"] = {"TransitGatewayRouteTableId": TRTB,
        "TransitGatewayRouteTablePropagations": []}
    d[f"search-transit-gateway-routes-{TRTB}.json"] = {"TransitGatewayRouteTableId": TRTB, "Routes": [
        tgw_route("10.81.0.0/24", ATT_W, VPC_W), tgw_route("10.61.0.0/16", ATT_L, VPC_L),
        tgw_route("192.168.0.0/16", ATT_VPN, VPN, "vpn")], "AdditionalRoutesAvailable": False}
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

def q(target, verdict, subnets, port=None):
    e = {"function": "batch", "target": target}
    if port: e["port"] = port
    e["protocol"] = "tcp"
    e["verdict"] = verdict
    e["subnets"] = {s: {"verdict": v, "blockers": list(b)} for s, (v, b) in subnets.items()}
    e["blockers"] = []
    return e

def both(blocker):
    return {LAMBDA_A: ("unreachable", [blocker]), LAMBDA_B: ("unreachable", [blocker])}

RULE = ("How a destination is found: a NAT gateway whose subnet routes a private destination on (a transit gateway, "
        "a peering) forwards it there with its own private address as the source (AWS, NAT gateways: 'You can route "
        "traffic from the NAT gateway through a transit gateway or a virtual private gateway', "
        "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html; it 'performs source network address "
        "translation on requests from instances in non-routable subnet', https://docs.aws.amazon.com/whitepapers/"
        "latest/building-scalable-secure-multi-vpc-network-infrastructure/private-nat-gateway.html): the "
        "destination's network ACL, security groups and routes back see that address.")
BASE_STORY = ("batch runs in the non-routable subnets 100.64.0.0/18 (us-east-1a) and 100.64.64.0/18 (us-east-1b) "
              "of the workloads VPC vpc-0f7a000000000001, whose routable range is 10.81.0.0/24: AWS's design for "
              "overlapping networks and private IPv4 exhaustion. Each zone's function subnet routes 10.0.0.0/8 to "
              "its zone's private NAT gateway (nat-0f7a000000000003 at 10.81.0.74, nat-0f7a000000000004 at "
              "10.81.0.106), whose routable subnet's table sends 10.0.0.0/8 on to tgw-0f7c000000000001; the "
              "transit gateway's table routes 10.61.0.0/16 to the ledger VPC and 10.81.0.0/24 back, and the "
              "ledger subnets route 10.81.0.0/24 to the transit gateway.")
ok = ("reachable", [])
ON_PREMISES = q("ip:192.168.10.5", "unreachable",
                {LAMBDA_A: ("unreachable", [f"ROUTE_TARGET_NOT_ANALYZED@{NAT_A}"]),
                 LAMBDA_B: ("unreachable", [f"ROUTE_TARGET_NOT_ANALYZED@{NAT_B}"])}, port=443)

# 1. AWS's design, working.
d = base()
write("private-nat-for-overlapping-networks-reaches-ledger-through-transit-gateway", d, {
    "story": BASE_STORY + " The ledger's groups admit 10.81.0.0/24, where the NAT gateways are, which is what the "
             "ledger sees: eni-0f7b000000000050 at 10.61.1.50 (443) and ledger-db (5432, in both ledger subnets) are "
             "reachable from both function subnets. 192.168.10.5 is on premises: the NAT gateways' subnet sends "
             "192.168.0.0/16 to the transit gateway too, whose table sends it to the VPN attachment "
             "tgw-attach-0f7c000000000003, which lambda-reach does not follow (ROUTE_TARGET_NOT_ANALYZED at each "
             "zone's NAT gateway, where the path leaves what it analyses).",
    "rule": RULE,
    "queries": [q("ip:10.61.1.50", "reachable", {LAMBDA_A: ok, LAMBDA_B: ok}, port=443),
                q("rds:ledger-db", "reachable", {LAMBDA_A: ok, LAMBDA_B: ok}),
                ON_PREMISES]})

# 2. The ledger admits the functions' range, which it never sees.
d = base()
d["describe-security-groups.json"]["SecurityGroups"][1]["IpPermissions"] = [tcp_from_cidr(443, "100.64.0.0/16")]
write("private-nat-destination-admits-function-subnets-not-nat-address", d, {
    "story": BASE_STORY + " The ledger's group sg-0f7b000000000001 admits 443 from 100.64.0.0/16, the functions' "
             "own range, and from nothing else: the traffic arrives from the NAT gateways' addresses (10.81.0.74, "
             "10.81.0.106), which the rule does not cover, so it is refused from both subnets.",
    "rule": RULE,
    "queries": [q("ip:10.61.1.50", "unreachable", both(f"ENI_SG_RULES_MISMATCH@{LEDGER_SG}"), port=443)]})

# 3. The ledger references the function's group: a NAT gateway wears none.
d = base()
d["describe-security-groups.json"]["SecurityGroups"][1]["IpPermissions"] = [tcp_from_group(443, FUNC_SG)]
d["describe-transit-gateways.json"] = tgw_doc("enable")
write("private-nat-destination-references-function-group", d, {
    "story": BASE_STORY + " The ledger's group sg-0f7b000000000001 admits 443 only from the function's group "
             "sg-0f7a000000000001, and security-group referencing is on for the transit gateway and both "
             "attachments, so the reference would match the function's own traffic across it. But the traffic "
             "reaches the ledger from the NAT gateways, which replaced the function's address with theirs and "
             "wear no security group: the reference matches nothing, refused from both subnets.",
    "rule": RULE + " Security groups: a reference matches the members of the group; a NAT gateway has no group.",
    "queries": [q("ip:10.61.1.50", "unreachable", both(f"ENI_SG_RULES_MISMATCH@{LEDGER_SG}"), port=443)]})

# 4. The ledger routes the functions' range back, not the NAT gateways' subnets.
d = base()
d["describe-route-tables.json"]["RouteTables"][5]["Routes"] = [
    route("10.61.0.0/16", local=True), route("100.64.0.0/16", TransitGatewayId=TGW)]
write("private-nat-destination-routes-back-function-range-not-nat-subnets", d, {
    "story": BASE_STORY.replace("and the ledger subnets route 10.81.0.0/24 to the transit gateway.",
                                "but the ledger subnets' table rtb-0f7b000000000002 routes 100.64.0.0/16 (the "
                                "functions' range) to the transit gateway instead of 10.81.0.0/24.")
             + " The requests reach the ledger, but its replies go to the NAT gateways' addresses (10.81.0.74, "
             "10.81.0.106), for which the table has no route: they cannot come back, from both subnets.",
    "rule": RULE + " Gateways: transit gateway, return routes.",
    "queries": [q("ip:10.61.1.50", "unreachable", both(f"NO_ROUTE_TO_DESTINATION@{RTB_LEDGER}"), port=443)]})

# 5. The NAT gateways' subnets' ACL, written for the functions' side only, drops the ledger's replies.
d = base()
acls = d["describe-network-acls.json"]["NetworkAcls"]
acls[0]["Associations"] = [a for a in acls[0]["Associations"] if a["SubnetId"] not in (ROUTABLE_A, ROUTABLE_B)]
acls.append(nacl(ACL_ROUTABLE, VPC_W, [ROUTABLE_A, ROUTABLE_B],
                 [entry(True, 100, "allow"), entry(False, 100, "allow", "100.64.0.0/16")], default=False))
write("private-nat-subnet-acl-denies-replies-from-destination", d, {
    "story": BASE_STORY + " The routable subnets, where the NAT gateways are, have their own network ACL "
             "acl-0f7a000000000002: all traffic out, and in only from 100.64.0.0/16 (the functions). The NAT "
             "gateways take the functions' requests in and send them on to the ledger, but the ledger's replies "
             "(from 10.61.1.50 to the ephemeral ports of the NAT gateway's address) enter their subnet from "
             "10.61.0.0/16, which the ACL denies: refused from both subnets.",
    "rule": RULE + " Network ACLs: both ways, at every subnet crossed, a NAT gateway's included.",
    "queries": [q("ip:10.61.1.50", "unreachable", both(f"SUBNET_ACL_RESTRICTION@{ACL_ROUTABLE}"), port=443)]})

# 6. A public NAT gateway does the same for private destinations.
d = base()
d["describe-subnets.json"]["Subnets"].append(
    subnet(PUBLIC_A, VPC_W, "10.81.0.0/27", "us-east-1a", "public-a", 26, public=True))
d["describe-internet-gateways.json"] = {"InternetGateways": [{
    "Attachments": [{"State": "available", "VpcId": VPC_W}], "InternetGatewayId": "igw-0f7a000000000001",
    "OwnerId": ACCT, "Tags": tags("workloads")}]}
d["describe-nat-gateways.json"] = {"NatGateways": [nat(NAT_PUBLIC, PUBLIC_A, VPC_W, "10.81.0.10", "203.0.113.10")]}
d["describe-network-interfaces.json"]["NetworkInterfaces"][:2] = [
    interface("eni-0f7a000000000007", PUBLIC_A, VPC_W, "us-east-1a", "10.81.0.10", [],
              f"Interface for NAT Gateway {NAT_PUBLIC}", "nat_gateway")]
tables = d["describe-route-tables.json"]["RouteTables"]
local_w = [route("10.81.0.0/24", local=True), route("100.64.0.0/16", local=True)]
tables[1:4] = [
    rtb(RTB_LAMBDA_A, VPC_W, "lambda", local_w + [route("0.0.0.0/0", NatGatewayId=NAT_PUBLIC)], [LAMBDA_A, LAMBDA_B]),
    rtb(RTB_PUBLIC, VPC_W, "public", local_w + [route("0.0.0.0/0", GatewayId="igw-0f7a000000000001"),
                                                route("10.0.0.0/8", TransitGatewayId=TGW)], [PUBLIC_A]),
    rtb(RTB_ROUTABLE, VPC_W, "attachment", local_w + [route("10.0.0.0/8", TransitGatewayId=TGW)], [TGW_W_A, TGW_W_B])]
d["describe-network-acls.json"]["NetworkAcls"][0] = nacl(
    "acl-0f7a000000000001", VPC_W, [LAMBDA_A, LAMBDA_B, PUBLIC_A, TGW_W_A, TGW_W_B])
write("public-nat-forwards-private-destination-through-transit-gateway", d, {
    "story": "batch runs in the non-routable subnets 100.64.0.0/18 and 100.64.64.0/18 of vpc-0f7a000000000001 "
             "(routable range 10.81.0.0/24), whose one route table sends everything, 0.0.0.0/0, to the public "
             "NAT gateway nat-0f7a000000000007 (10.81.0.10, Elastic IP 203.0.113.10) in public-a. The public "
             "subnet's table sends 0.0.0.0/0 to the internet gateway and 10.0.0.0/8 to tgw-0f7c000000000001. A "
             "public NAT gateway forwards private traffic too, from its private address (AWS: 'you can use a "
             "public NAT gateway to connect to other VPCs or your on-premises network ... through a transit "
             "gateway'): the ledger, which admits and routes back 10.81.0.0/24, is reachable from both subnets "
             "at 10.61.1.50, and the internet through the internet gateway.",
    "rule": RULE,
    "queries": [q("ip:10.61.1.50", "reachable", {LAMBDA_A: ok, LAMBDA_B: ok}, port=443),
                q("internet", "reachable", {LAMBDA_A: ok, LAMBDA_B: ok}, port=443)]})
