"""Writes the scenario folders about what a service's name resolves to before a route carries the
call (gateway-endpoints-*, central-*-beside-spoke-gateway-endpoints*) and about the addresses an
interface endpoint's name resolves to (interface-endpoint-acl-*), beside this file: AWS CLI shapes
in the files, each story's expected answer written by hand below from the rules (semantics.md,
organisation-rules.md, AWS's Route 53 and PrivateLink documentation), never from lambda-reach's
output.

    python3 endpoint_dns_stories.py .

The rules:
- Route 53 Resolver answers a name inside a private hosted zone associated with the VPC from that
  zone only: no record for it is NXDOMAIN, not the public answer
  (docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html).
- A gateway endpoint is a route for the service's prefix list, its public addresses
  (docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html): it carries a call only when
  the name resolved to them.
- An interface endpoint's private DNS name (and a zone's alias to its regional DNS name) resolves
  to the private addresses of its network interfaces, one in each of its subnets
  (docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html, PrivateDnsEnabled);
  the client connects to any of them. Network ACLs filter traffic entering and leaving a subnet,
  not within it (docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html).
"""
import json, os, sys

ROOT = sys.argv[1]
ACCT = "123456789012"
REGION = "us-east-1"
ALLOW_ALL_POLICY = ("{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                    "\"Action\":\"*\",\"Resource\":\"*\"}]}")
VPCE_ZONE = "Z7HUB22UULQXV"
S3_PL, DDB_PL = "pl-63a5400a", "pl-02cd2c6b"


def tags(name):
    return [{"Key": "Name", "Value": name}]


def vpc(vid, cidr, name):
    return {"CidrBlock": cidr, "DhcpOptionsId": "dopt-0d5a000000000001", "State": "available", "VpcId": vid,
            "OwnerId": ACCT, "InstanceTenancy": "default",
            "CidrBlockAssociationSet": [{"AssociationId": vid.replace("vpc-", "vpc-cidr-assoc-"), "CidrBlock": cidr,
                                         "CidrBlockState": {"State": "associated"}}],
            "IsDefault": False, "Tags": tags(name)}


def subnet(sid, vid, cidr, az, name):
    azid = {"us-east-1a": "use1-az4", "us-east-1b": "use1-az6"}[az]
    return {"AvailabilityZone": az, "AvailabilityZoneId": azid, "AvailableIpAddressCount": 250, "CidrBlock": cidr,
            "DefaultForAz": False, "MapPublicIpOnLaunch": False, "State": "available", "SubnetId": sid, "VpcId": vid,
            "OwnerId": ACCT, "AssignIpv6AddressOnCreation": False, "Ipv6CidrBlockAssociationSet": [],
            "Tags": tags(name), "SubnetArn": f"arn:aws:ec2:{REGION}:{ACCT}:subnet/{sid}"}


def route(destination, **target):
    r = {"Origin": "CreateRoute", "State": "active"}
    if destination.startswith("pl-"):
        r["DestinationPrefixListId"] = destination
    else:
        r["DestinationCidrBlock"] = destination
    if target.get("local"):
        r.update({"GatewayId": "local", "Origin": "CreateRouteTable"})
    for k in ("NatGatewayId", "GatewayId", "VpcPeeringConnectionId"):
        if k in target:
            r[k] = target[k]
    return r


def rtb(rid, vid, name, routes, subnets=(), main=False):
    assoc = []
    if main:
        assoc.append({"Main": True, "RouteTableAssociationId": "rtbassoc-" + rid[4:8] + "ff" + rid[10:], "RouteTableId": rid,
                      "AssociationState": {"State": "associated"}})
    for s in subnets:
        assoc.append({"Main": False, "RouteTableAssociationId": "rtbassoc-" + s[len("subnet-"):], "RouteTableId": rid,
                      "SubnetId": s, "AssociationState": {"State": "associated"}})
    return {"Associations": assoc, "PropagatingVgws": [], "RouteTableId": rid, "Routes": routes, "Tags": tags(name),
            "VpcId": vid, "OwnerId": ACCT}


def acl_entry(number, egress, action, cidr="0.0.0.0/0", protocol="-1", ports=None):
    e = {"CidrBlock": cidr, "Egress": egress, "Protocol": protocol, "RuleAction": action, "RuleNumber": number}
    if ports:
        e["PortRange"] = {"From": ports[0], "To": ports[1]}
    return e


def acl(aid, vid, subnets, entries=None, default=True):
    if entries is None:
        entries = [acl_entry(100, True, "allow"), acl_entry(100, False, "allow")]
    entries = entries + [acl_entry(32767, True, "deny"), acl_entry(32767, False, "deny")]
    return {"Associations": [{"NetworkAclAssociationId": "aclassoc-" + s[len("subnet-"):], "NetworkAclId": aid,
                              "SubnetId": s} for s in subnets],
            "Entries": entries, "IsDefault": default, "NetworkAclId": aid, "Tags": [], "VpcId": vid, "OwnerId": ACCT}


def perm(protocol, port=None, cidrs=()):
    p = {"IpProtocol": protocol, "IpRanges": [{"CidrIp": c} for c in cidrs], "Ipv6Ranges": [], "PrefixListIds": [],
         "UserIdGroupPairs": []}
    if port is not None:
        p.update({"FromPort": port, "ToPort": port})
    return p


def group(gid, vid, name, ingress, description):
    return {"Description": description, "GroupName": name, "IpPermissions": ingress, "OwnerId": ACCT, "GroupId": gid,
            "IpPermissionsEgress": [perm("-1", cidrs=["0.0.0.0/0"])], "Tags": [], "VpcId": vid}


def eni(eid, sub, ip, gid, gname, description, interface_type="vpc_endpoint"):
    e = {"AvailabilityZone": sub["AvailabilityZone"], "Description": description,
         "Groups": [{"GroupId": gid, "GroupName": gname}], "InterfaceType": interface_type, "Ipv6Addresses": [],
         "MacAddress": "0e:" + ":".join(eid[-10:][i:i + 2] for i in range(0, 10, 2)), "NetworkInterfaceId": eid,
         "OwnerId": ACCT, "PrivateDnsName": f"ip-{ip.replace('.', '-')}.ec2.internal", "PrivateIpAddress": ip,
         "PrivateIpAddresses": [{"Primary": True, "PrivateDnsName": f"ip-{ip.replace('.', '-')}.ec2.internal",
                                 "PrivateIpAddress": ip}],
         "RequesterManaged": interface_type == "vpc_endpoint", "SourceDestCheck": True, "Status": "in-use",
         "SubnetId": sub["SubnetId"], "TagSet": [], "VpcId": sub["VpcId"]}
    if interface_type == "vpc_endpoint":
        e["RequesterId"] = "727180483921"
    return e


def regional_name(service, vpce):
    return f"{vpce}-7k2q9xwd.{service}.{REGION}.vpce.amazonaws.com"


def interface_endpoint(vpce, vid, service, subnets, enis, gid, gname, private_dns=False, inbound_only=False):
    entries = [{"DnsName": regional_name(service, vpce), "HostedZoneId": VPCE_ZONE}] + [
        {"DnsName": f"{vpce}-7k2q9xwd-{s['AvailabilityZone']}.{service}.{REGION}.vpce.amazonaws.com",
         "HostedZoneId": VPCE_ZONE} for s in subnets]
    dns_options = {"DnsRecordIpType": "ipv4"}
    if private_dns:
        entries.append({"DnsName": f"{service}.{REGION}.amazonaws.com", "HostedZoneId": "Z2ZZ9P8XQ4S3PB"})
        if service == "s3":
            entries.append({"DnsName": f"*.{service}.{REGION}.amazonaws.com", "HostedZoneId": "Z2ZZ9P8XQ4S3PB"})
            dns_options["PrivateDnsOnlyForInboundResolverEndpoint"] = inbound_only
    return {"VpcEndpointId": vpce, "VpcEndpointType": "Interface", "VpcId": vid,
            "ServiceName": f"com.amazonaws.{REGION}.{service}", "State": "available", "PolicyDocument": ALLOW_ALL_POLICY,
            "RouteTableIds": [], "SubnetIds": [s["SubnetId"] for s in subnets],
            "Groups": [{"GroupId": gid, "GroupName": gname}], "IpAddressType": "ipv4", "DnsOptions": dns_options,
            "PrivateDnsEnabled": private_dns, "RequesterManaged": False, "NetworkInterfaceIds": enis,
            "DnsEntries": entries, "CreationTimestamp": "2024-03-04T09:12:40+00:00", "Tags": tags(f"{service}"),
            "OwnerId": ACCT}


def gateway_endpoint(vpce, vid, service, tables):
    return {"VpcEndpointId": vpce, "VpcEndpointType": "Gateway", "VpcId": vid,
            "ServiceName": f"com.amazonaws.{REGION}.{service}", "State": "available", "PolicyDocument": ALLOW_ALL_POLICY,
            "RouteTableIds": tables, "SubnetIds": [], "Groups": [], "IpAddressType": "ipv4",
            "PrivateDnsEnabled": False, "RequesterManaged": False, "NetworkInterfaceIds": [], "DnsEntries": [],
            "CreationTimestamp": "2024-01-22T14:03:51+00:00", "Tags": [], "OwnerId": ACCT}


def function(name, subnets, groups, vid, sha, revision):
    return {"FunctionName": name, "FunctionArn": f"arn:aws:lambda:{REGION}:{ACCT}:function:{name}",
            "Runtime": "python3.12", "Role": f"arn:aws:iam::{ACCT}:role/{name}-role", "Handler": "app.handler",
            "CodeSize": 48054, "Description": "", "Timeout": 30, "MemorySize": 256,
            "LastModified": "2024-05-14T09:21:37.000+0000", "CodeSha256": sha, "Version": "$LATEST",
            "VpcConfig": {"SubnetIds": subnets, "SecurityGroupIds": groups, "VpcId": vid,
                          "Ipv6AllowedForDualStack": False},
            "TracingConfig": {"Mode": "PassThrough"}, "RevisionId": revision, "State": "Active",
            "LastUpdateStatus": "Successful", "PackageType": "Zip", "Architectures": ["arm64"],
            "EphemeralStorage": {"Size": 512}, "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
            "LoggingConfig": {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}"}}


def dns_attributes(docs, vid):
    docs[f"describe-vpc-attribute-{vid}-enable-dns-support.json"] = {"VpcId": vid, "EnableDnsSupport": {"Value": True}}
    docs[f"describe-vpc-attribute-{vid}-enable-dns-hostnames.json"] = {
        "VpcId": vid, "EnableDnsHostnames": {"Value": True}}


def zone_records(zone, apex, records):
    """list-resource-record-sets of a private zone: its NS and SOA and `records`."""
    return {"HostedZoneId": zone, "ResourceRecordSets": records + [
        {"Name": apex, "Type": "NS", "TTL": 172800, "ResourceRecords": [
            {"Value": "ns-1536.awsdns-00.co.uk."}, {"Value": "ns-0.awsdns-00.com."}]},
        {"Name": apex, "Type": "SOA", "TTL": 900, "ResourceRecords": [
            {"Value": "ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"}]}],
        "IsTruncated": False, "MaxItems": "300"}


def alias(name, service, vpce):
    return {"Name": name, "Type": "A", "AliasTarget": {"HostedZoneId": VPCE_ZONE,
                                                       "DNSName": regional_name(service, vpce) + ".",
                                                       "EvaluateTargetHealth": True}}


def query(function_name, target, verdict, subnets, dns=None):
    q = {"function": function_name, "target": target, "port": 443, "protocol": "tcp", "verdict": verdict,
         "subnets": {sid: {"verdict": v, "blockers": list(b)} for sid, (v, b) in subnets.items()}, "blockers": []}
    if dns:
        q["dns"] = dns
    return q


def write(name, docs, story, rule, queries):
    folder = os.path.join(ROOT, name)
    os.makedirs(folder, exist_ok=True)
    for old in os.listdir(folder):
        if old.endswith(".json"):
            os.remove(os.path.join(folder, old))
    for file, doc in docs.items():
        with open(os.path.join(folder, file), "w") as f:
            json.dump(doc, f, indent=4)
            f.write("\n")
    with open(os.path.join(folder, "expected.json"), "w") as f:
        json.dump({"story": story, "rule": rule, "queries": queries}, f, indent=2)
        f.write("\n")


# ---------------------------------------------------------------------------------------------
# 1. S3 and DynamoDB: the name first, then the gateway endpoint's route.

SPOKE, SPOKE_CIDR = "vpc-0d5a000000000001", "10.51.0.0/16"
HUB, HUB_CIDR = "vpc-0d5b000000000001", "10.52.0.0/16"
APP = [subnet("subnet-0d5a000000000001", SPOKE, "10.51.1.0/24", "us-east-1a", "orders-app-a"),
       subnet("subnet-0d5a000000000002", SPOKE, "10.51.2.0/24", "us-east-1b", "orders-app-b")]
PUBLIC = subnet("subnet-0d5a000000000003", SPOKE, "10.51.0.0/24", "us-east-1a", "orders-public-a")
HUB_EP = [subnet("subnet-0d5b000000000001", HUB, "10.52.1.0/24", "us-east-1a", "shared-endpoints-a"),
          subnet("subnet-0d5b000000000002", HUB, "10.52.2.0/24", "us-east-1b", "shared-endpoints-b")]
APP_IDS = [s["SubnetId"] for s in APP]
RTB_APP, RTB_PUBLIC, RTB_SPOKE_MAIN = "rtb-0d5a000000000002", "rtb-0d5a000000000003", "rtb-0d5a000000000001"
RTB_HUB, RTB_HUB_MAIN = "rtb-0d5b000000000002", "rtb-0d5b000000000001"
NAT, IGW, PCX = "nat-0d5a000000000001", "igw-0d5a000000000001", "pcx-0d5a000000000001"
S3_GW, DDB_GW = "vpce-0d5a000000000001", "vpce-0d5a000000000002"
SG_FN, SG_SPOKE_DEFAULT = "sg-0d5a000000000002", "sg-0d5a000000000001"
SG_HUB_EP, SG_HUB_DEFAULT = "sg-0d5b000000000002", "sg-0d5b000000000001"
FN = "orders-sync"


def spoke(hub=False, hub_ingress=(), hub_endpoints=(), hub_private_dns=False, spoke_zones=(), hub_zones=(),
          records=None, resolver_rule=None):
    """The orders VPC: orders-sync in two app subnets whose table routes 0.0.0.0/0 to a NAT gateway and the
    S3 and DynamoDB prefix lists to gateway endpoints. hub: a shared-services VPC peered with it, whose
    interface endpoints (hub_endpoints: services) admit hub_ingress. spoke_zones: (zone id, name) of the
    private zones associated with the spoke, records: zone id -> records."""
    docs = {}
    vpcs = [vpc(SPOKE, SPOKE_CIDR, "orders")]
    subnets = APP + [PUBLIC]
    app_routes = [route(SPOKE_CIDR, local=True), route("0.0.0.0/0", NatGatewayId=NAT),
                  route(S3_PL, GatewayId=S3_GW), route(DDB_PL, GatewayId=DDB_GW)]
    tables = [rtb(RTB_SPOKE_MAIN, SPOKE, "orders-main", [route(SPOKE_CIDR, local=True)], main=True),
              rtb(RTB_PUBLIC, SPOKE, "orders-public", [route(SPOKE_CIDR, local=True),
                                                       route("0.0.0.0/0", GatewayId=IGW)], [PUBLIC["SubnetId"]])]
    acls = [acl("acl-0d5a000000000001", SPOKE, APP_IDS + [PUBLIC["SubnetId"]])]
    groups = [group(SG_SPOKE_DEFAULT, SPOKE, "default", [], "default VPC security group"),
              group(SG_FN, SPOKE, "orders-sync", [], "Lambda function orders-sync")]
    endpoints = [gateway_endpoint(S3_GW, SPOKE, "s3", [RTB_APP]), gateway_endpoint(DDB_GW, SPOKE, "dynamodb", [RTB_APP])]
    enis = []
    if hub:
        vpcs.append(vpc(HUB, HUB_CIDR, "shared-services"))
        subnets += HUB_EP
        app_routes.append(route(HUB_CIDR, VpcPeeringConnectionId=PCX))
        tables += [rtb(RTB_HUB_MAIN, HUB, "shared-services-main", [route(HUB_CIDR, local=True)], main=True),
                   rtb(RTB_HUB, HUB, "shared-services-endpoints",
                       [route(HUB_CIDR, local=True), route(SPOKE_CIDR, VpcPeeringConnectionId=PCX)],
                       [s["SubnetId"] for s in HUB_EP])]
        acls.append(acl("acl-0d5b000000000001", HUB, [s["SubnetId"] for s in HUB_EP]))
        groups += [group(SG_HUB_DEFAULT, HUB, "default", [], "default VPC security group"),
                   group(SG_HUB_EP, HUB, "central-endpoints", [perm("tcp", 443, cidrs=list(hub_ingress))],
                         "HTTPS to the central interface endpoints")]
        for n, service in enumerate(hub_endpoints):
            vpce = f"vpce-0d5b00000000000{n + 1}"
            ids = [f"eni-0d5b0000000000{n + 1}{i + 1}" for i in range(2)]
            endpoints.append(interface_endpoint(vpce, HUB, service, HUB_EP, ids, SG_HUB_EP, "central-endpoints",
                                                private_dns=hub_private_dns, inbound_only=hub_private_dns))
            for i, s in enumerate(HUB_EP):
                enis.append(eni(ids[i], s, f"10.52.{i + 1}.{10 + n}", SG_HUB_EP, "central-endpoints",
                                f"VPC Endpoint Interface {vpce}"))
        docs["describe-vpc-peering-connections.json"] = {"VpcPeeringConnections": [{
            "AccepterVpcInfo": {"CidrBlock": HUB_CIDR, "CidrBlockSet": [{"CidrBlock": HUB_CIDR}], "OwnerId": ACCT,
                                "PeeringOptions": {"AllowDnsResolutionFromRemoteVpc": False,
                                                   "AllowEgressFromLocalClassicLinkToRemoteVpc": False,
                                                   "AllowEgressFromLocalVpcToRemoteClassicLink": False},
                                "VpcId": HUB, "Region": REGION},
            "RequesterVpcInfo": {"CidrBlock": SPOKE_CIDR, "CidrBlockSet": [{"CidrBlock": SPOKE_CIDR}], "OwnerId": ACCT,
                                 "PeeringOptions": {"AllowDnsResolutionFromRemoteVpc": False,
                                                    "AllowEgressFromLocalClassicLinkToRemoteVpc": False,
                                                    "AllowEgressFromLocalVpcToRemoteClassicLink": False},
                                 "VpcId": SPOKE, "Region": REGION},
            "Status": {"Code": "active", "Message": "Active"}, "Tags": tags("orders-to-shared-services"),
            "VpcPeeringConnectionId": PCX}]}
    tables.append(rtb(RTB_APP, SPOKE, "orders-app", app_routes, APP_IDS))
    docs["describe-vpcs.json"] = {"Vpcs": vpcs}
    docs["describe-subnets.json"] = {"Subnets": subnets}
    docs["describe-route-tables.json"] = {"RouteTables": tables}
    docs["describe-network-acls.json"] = {"NetworkAcls": acls}
    docs["describe-security-groups.json"] = {"SecurityGroups": groups}
    docs["describe-internet-gateways.json"] = {"InternetGateways": [{
        "Attachments": [{"State": "available", "VpcId": SPOKE}], "InternetGatewayId": IGW, "OwnerId": ACCT,
        "Tags": tags("orders-igw")}]}
    docs["describe-nat-gateways.json"] = {"NatGateways": [{
        "CreateTime": "2024-02-12T08:41:17+00:00",
        "NatGatewayAddresses": [{"AllocationId": "eipalloc-0d5a000000000001", "NetworkInterfaceId": "eni-0d5a000000000001",
                                 "PrivateIp": "10.51.0.140", "PublicIp": "54.165.9.77",
                                 "AssociationId": "eipassoc-0d5a000000000001", "IsPrimary": True,
                                 "Status": "succeeded"}],
        "NatGatewayId": NAT, "State": "available", "SubnetId": PUBLIC["SubnetId"], "VpcId": SPOKE,
        "Tags": tags("orders-nat-a"), "ConnectivityType": "public"}]}
    docs["describe-managed-prefix-lists.json"] = {"PrefixLists": [
        {"PrefixListId": pl, "AddressFamily": "IPv4", "State": "create-complete",
         "PrefixListArn": f"arn:aws:ec2:{REGION}:aws:prefix-list/{pl}", "PrefixListName": f"com.amazonaws.{REGION}.{svc}",
         "Tags": [], "OwnerId": "AWS"} for pl, svc in ((S3_PL, "s3"), (DDB_PL, "dynamodb"))]}
    docs["describe-vpc-endpoints.json"] = {"VpcEndpoints": endpoints}
    for vid in [v["VpcId"] for v in vpcs]:
        dns_attributes(docs, vid)
    docs["list-functions.json"] = {"Functions": [
        function(FN, APP_IDS, [SG_FN], SPOKE, "q8Tn3Vd2Lk7Wc5Rz1Hp9Xs4Jm6Gb0Fa2Ey8Ku3Oi5Nt=",
                 "5d0a7c21-3e9f-4b7d-a6c2-8f1e0d9b3a57")]}
    if resolver_rule:
        rule_id, domain = resolver_rule
        inbound, outbound = "rslvr-in-0d5b000000000001", "rslvr-out-0d5b000000000002"
        resolver_group = "sg-0d5b000000000003"
        groups.append(group(resolver_group, HUB, "dns-resolver-endpoints",
                            [perm("udp", 53, cidrs=[HUB_CIDR]), perm("tcp", 53, cidrs=[HUB_CIDR])],
                            "DNS between the Route 53 Resolver endpoints"))
        inbound_ips = ["10.52.1.53", "10.52.2.53"]
        for endpoint_id, ips, first in ((inbound, inbound_ips, 0x31), (outbound, ["10.52.1.54", "10.52.2.54"], 0x41)):
            for i, (s, ip) in enumerate(zip(HUB_EP, ips)):
                rni = f"rni-0d5b0000000000{first + i:02x}"
                enis.append(eni(f"eni-0d5b0000000000{first + i:02x}", s, ip, resolver_group, "dns-resolver-endpoints",
                                f"Route 53 Resolver: {endpoint_id}:{rni}", interface_type="interface"))
        docs["route53resolver-list-resolver-rules.json"] = {"ResolverRules": [
            {"Id": "rslvr-autodefined-rr-internet-resolver", "CreatorRequestId": "",
             "Arn": f"arn:aws:route53resolver:{REGION}::autodefined-rule/rslvr-autodefined-rr-internet-resolver",
             "DomainName": ".", "Status": "COMPLETE", "RuleType": "RECURSIVE", "Name": "Internet Resolver",
             "OwnerId": "Route 53 Resolver", "ShareStatus": "NOT_SHARED"},
            {"Id": rule_id, "CreatorRequestId": "central-s3", "Arn": f"arn:aws:route53resolver:{REGION}:{ACCT}:resolver-rule/{rule_id}",
             "DomainName": domain, "Status": "COMPLETE", "StatusMessage": "Successfully created Resolver Rule.",
             "RuleType": "FORWARD", "Name": "central-s3", "TargetIps": [{"Ip": ip, "Port": 53} for ip in inbound_ips],
             "ResolverEndpointId": outbound, "OwnerId": ACCT, "ShareStatus": "NOT_SHARED",
             "CreationTime": "2024-03-04T11:10:02.114Z", "ModificationTime": "2024-03-04T11:10:02.114Z"}]}
        docs["route53resolver-list-resolver-rule-associations.json"] = {"ResolverRuleAssociations": [
            {"Id": f"rslvr-autodefined-assoc-{vid}-internet-resolver",
             "ResolverRuleId": "rslvr-autodefined-rr-internet-resolver", "Name": "System Rule Association",
             "VPCId": vid, "Status": "COMPLETE", "StatusMessage": ""} for vid in (SPOKE, HUB)] + [
            {"Id": "rslvr-rrassoc-0d5a000000000001", "ResolverRuleId": rule_id, "Name": "orders-central-s3",
             "VPCId": SPOKE, "Status": "COMPLETE", "StatusMessage": ""}]}
    docs["describe-network-interfaces.json"] = {"NetworkInterfaces": enis}
    docs["route53-list-hosted-zones-by-vpc.json"] = {
        "HostedZoneSummaries": [{"HostedZoneId": z, "Name": n, "Owner": {"OwningAccount": ACCT}} for z, n in spoke_zones],
        "VPCId": SPOKE, "VPCRegion": REGION}
    if hub_zones:
        docs["route53-list-hosted-zones-by-vpc-hub.json"] = {
            "HostedZoneSummaries": [{"HostedZoneId": z, "Name": n, "Owner": {"OwningAccount": ACCT}}
                                    for z, n in hub_zones], "VPCId": HUB, "VPCRegion": REGION}
    for zone, name in list(spoke_zones) + [z for z in hub_zones if z not in spoke_zones]:
        docs[f"route53-list-resource-record-sets-{zone}.json"] = zone_records(zone, name, (records or {}).get(zone, []))
    return docs


def both(verdict, *blockers):
    return {sid: (verdict, blockers) for sid in APP_IDS}


SPOKE_STORY = (
    f"The VPC orders {SPOKE} (10.51.0.0/16) runs the function {FN} in {APP_IDS[0]} (us-east-1a) and {APP_IDS[1]} "
    f"(us-east-1b), group {SG_FN} (all egress). Their table {RTB_APP} has the local route, 0.0.0.0/0 -> {NAT} "
    f"(a public NAT gateway in {PUBLIC['SubnetId']}, whose table routes 0.0.0.0/0 to {IGW}), and the prefix-list "
    f"routes of two gateway endpoints: {S3_PL} (com.amazonaws.us-east-1.s3) -> {S3_GW} and {DDB_PL} "
    f"(com.amazonaws.us-east-1.dynamodb) -> {DDB_GW}, both with the default policy. Default network ACLs; "
    "enableDnsSupport and enableDnsHostnames on. The SDK calls S3 and DynamoDB by their regional names, "
    "s3.us-east-1.amazonaws.com (a bucket as BUCKET.s3.us-east-1.amazonaws.com) and dynamodb.us-east-1.amazonaws.com, "
    "and resolves them before it connects: a gateway endpoint's route covers only the services' public addresses, "
    "so it carries the calls only when the name resolves to them.")

GATEWAY_RULE = (
    "semantics.md, Services as destinations, DynamoDB and S3: the name first, then the route. Route 53 Resolver "
    "answers a name inside a private hosted zone associated with the VPC from that zone alone, NXDOMAIN when it has "
    "no record for it "
    "(docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html); a gateway "
    "endpoint is a route to the service's prefix list, its public addresses "
    "(docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html), used only when the name resolves to them; "
    "a name that resolves to an interface endpoint's addresses (a zone's alias, or a forwarding rule to a hub's "
    "Resolver) is reached as that endpoint, through its security groups.")


def gateway_stories():
    zone = "Z0D5A000000000000001"
    sqs = "vpce-0d5a000000000003"
    docs = spoke(spoke_zones=[(zone, "us-east-1.amazonaws.com.")],
                 records={zone: [alias("sqs.us-east-1.amazonaws.com.", "sqs", sqs)]})
    # The sqs endpoint the zone's one record names, in the orders VPC itself (private DNS off).
    sg_sqs = "sg-0d5a000000000003"
    docs["describe-security-groups.json"]["SecurityGroups"].append(
        group(sg_sqs, SPOKE, "sqs-endpoint", [perm("tcp", 443, cidrs=[SPOKE_CIDR])], "HTTPS to the sqs endpoint"))
    ids = ["eni-0d5a000000000031", "eni-0d5a000000000032"]
    docs["describe-vpc-endpoints.json"]["VpcEndpoints"].append(
        interface_endpoint(sqs, SPOKE, "sqs", APP, ids, sg_sqs, "sqs-endpoint"))
    docs["describe-network-interfaces.json"]["NetworkInterfaces"] += [
        eni(ids[i], s, f"10.51.{i + 1}.31", sg_sqs, "sqs-endpoint", f"VPC Endpoint Interface {sqs}")
        for i, s in enumerate(APP)]
    write("gateway-endpoints-under-a-regional-private-zone", docs,
          SPOKE_STORY + f" The VPC is also associated with the private hosted zone {zone}, named us-east-1.amazonaws.com "
          f"(made to publish an sqs interface endpoint {sqs} of the VPC, private DNS off, under the service's name): "
          "besides its NS and SOA it holds one record, sqs.us-east-1.amazonaws.com, an alias to the endpoint's regional "
          "DNS name. It covers every name under us-east-1.amazonaws.com, so Route 53 answers s3.us-east-1.amazonaws.com "
          "and dynamodb.us-east-1.amazonaws.com from it alone: NXDOMAIN. The SDK never connects, and the gateway "
          "endpoints' routes (and the NAT gateway) are never used: s3 and dynamodb are DNS_NAME_NOT_RESOLVED at the "
          f"zone, from both subnets. sqs.us-east-1.amazonaws.com resolves to {sqs}'s interfaces in both subnets, whose "
          "group admits 443 from the VPC: aws:sqs is reachable, through the zone. internet needs no name: the NAT "
          "gateway, reachable.",
          GATEWAY_RULE,
          [query(FN, "s3", "unreachable", both("unreachable", f"DNS_NAME_NOT_RESOLVED@{zone}")),
           query(FN, "dynamodb", "unreachable", both("unreachable", f"DNS_NAME_NOT_RESOLVED@{zone}")),
           query(FN, "aws:sqs", "reachable", both("reachable"),
                 dns={"name": "sqs.us-east-1.amazonaws.com", "endpoint": sqs, "via": zone}),
           query(FN, "internet", "reachable", both("reachable"))])

    hub_story = (
        f" The shared-services VPC {HUB} (10.52.0.0/16) is peered with it ({PCX}, active; {RTB_APP} routes 10.52.0.0/16 "
        f"to it, the hub's endpoint subnets' table {RTB_HUB} routes 10.51.0.0/16 back). The hub holds interface "
        f"endpoints for S3 (vpce-0d5b000000000001) and DynamoDB (vpce-0d5b000000000002), private DNS off, each with a "
        f"network interface in {HUB_EP[0]['SubnetId']} (us-east-1a) and {HUB_EP[1]['SubnetId']} (us-east-1b), group "
        f"{SG_HUB_EP}. Two private hosted zones publish them to the orders VPC: s3.us-east-1.amazonaws.com "
        "(Z0D5B000000000000001: an apex alias and the wildcard *.s3.us-east-1.amazonaws.com, both to the S3 "
        "endpoint's regional DNS name, so that bucket names resolve too) and dynamodb.us-east-1.amazonaws.com "
        "(Z0D5B000000000000002: an apex alias to the DynamoDB endpoint's), associated with both VPCs.")
    zones = [("Z0D5B000000000000001", "s3.us-east-1.amazonaws.com."),
             ("Z0D5B000000000000002", "dynamodb.us-east-1.amazonaws.com.")]
    records = {"Z0D5B000000000000001": [alias("s3.us-east-1.amazonaws.com.", "s3", "vpce-0d5b000000000001"),
                                        alias("\\052.s3.us-east-1.amazonaws.com.", "s3", "vpce-0d5b000000000001")],
               "Z0D5B000000000000002": [alias("dynamodb.us-east-1.amazonaws.com.", "dynamodb", "vpce-0d5b000000000002")]}
    dns = {"s3": {"name": "s3.us-east-1.amazonaws.com", "endpoint": "vpce-0d5b000000000001",
                  "via": "Z0D5B000000000000001"},
           "dynamodb": {"name": "dynamodb.us-east-1.amazonaws.com", "endpoint": "vpce-0d5b000000000002",
                        "via": "Z0D5B000000000000002"}}
    write("central-s3-dynamodb-endpoints-beside-spoke-gateway-endpoints",
          spoke(hub=True, hub_ingress=["10.0.0.0/8"], hub_endpoints=["s3", "dynamodb"], spoke_zones=zones,
                hub_zones=zones, records=records),
          SPOKE_STORY + hub_story + f" {SG_HUB_EP} admits tcp 443 from 10.0.0.0/8. In the orders VPC both names "
          "resolve through their zones to the hub endpoints' private addresses (10.52.1.x, 10.52.2.x), which the "
          "prefix-list routes do not cover: 10.52.0.0/16 -> the peering -> the hub's subnets, whose group admits the "
          "function's subnets, and back by 10.51.0.0/16 -> the peering. s3 and dynamodb are reachable from both "
          "subnets through the hub's endpoints, not through the spoke's gateway endpoints.",
          GATEWAY_RULE,
          [query(FN, "s3", "reachable", both("reachable"), dns=dns["s3"]),
           query(FN, "dynamodb", "reachable", both("reachable"), dns=dns["dynamodb"])])

    write("central-s3-dynamodb-endpoints-beside-spoke-gateway-endpoints-group-admits-hub-only",
          spoke(hub=True, hub_ingress=[HUB_CIDR], hub_endpoints=["s3", "dynamodb"], spoke_zones=zones,
                hub_zones=zones, records=records),
          SPOKE_STORY + hub_story + f" {SG_HUB_EP} admits tcp 443 from 10.52.0.0/16 only, the hub's own range. In the "
          "orders VPC both names resolve through their zones to the hub endpoints' addresses, so the calls go to "
          "the hub, whatever the gateway endpoints' routes say, and the endpoints' group refuses them: "
          f"ENI_SG_RULES_MISMATCH at {SG_HUB_EP}, from both subnets, for s3 and dynamodb.",
          GATEWAY_RULE,
          [query(FN, "s3", "unreachable", both("unreachable", f"ENI_SG_RULES_MISMATCH@{SG_HUB_EP}"), dns=dns["s3"]),
           query(FN, "dynamodb", "unreachable", both("unreachable", f"ENI_SG_RULES_MISMATCH@{SG_HUB_EP}"),
                 dns=dns["dynamodb"])])

    rule_id = "rslvr-rr-0d5a000000000001"
    docs = spoke(hub=True, hub_ingress=["10.0.0.0/8"], hub_endpoints=["s3"], hub_private_dns=True,
                 resolver_rule=(rule_id, "s3.us-east-1.amazonaws.com."))
    # The hub keeps its own S3 traffic on a gateway endpoint of its own, which its interface endpoint's
    # PrivateDnsOnlyForInboundResolverEndpoint requires.
    docs["describe-vpc-endpoints.json"]["VpcEndpoints"].append(
        gateway_endpoint("vpce-0d5b000000000009", HUB, "s3", [RTB_HUB]))
    hub_table = next(t for t in docs["describe-route-tables.json"]["RouteTables"] if t["RouteTableId"] == RTB_HUB)
    hub_table["Routes"].append(route(S3_PL, GatewayId="vpce-0d5b000000000009"))
    write("central-s3-endpoint-resolver-rule-beside-spoke-gateway-endpoints", docs,
          SPOKE_STORY + f" The shared-services VPC {HUB} (10.52.0.0/16) is peered with it ({PCX}, active, routes both "
          f"ways). The hub holds an S3 interface endpoint vpce-0d5b000000000001 (interfaces in {HUB_EP[0]['SubnetId']} "
          f"and {HUB_EP[1]['SubnetId']}, group {SG_HUB_EP}, which admits tcp 443 from 10.0.0.0/8) with private DNS on "
          "for inbound Resolver endpoints only (PrivateDnsOnlyForInboundResolverEndpoint; the hub's own traffic keeps "
          "to its gateway endpoint vpce-0d5b000000000009), and Route 53 Resolver endpoints: inbound "
          "rslvr-in-0d5b000000000001 (10.52.1.53, 10.52.2.53) and outbound rslvr-out-0d5b000000000002 (10.52.1.54, "
          "10.52.2.54), group sg-0d5b000000000003 (udp and tcp 53 from 10.52.0.0/16). The forwarding rule "
          f"{rule_id} for s3.us-east-1.amazonaws.com, targets the inbound endpoint's addresses, is associated with the "
          "orders VPC; no rule covers dynamodb.us-east-1.amazonaws.com, and the orders VPC has no private hosted zone. "
          "s3.us-east-1.amazonaws.com (and every name under it) is forwarded to the hub's Resolver, which answers with "
          "the S3 interface endpoint's addresses: the calls go over the peering to the hub's endpoint, whose group "
          "admits the function's subnets: s3 is reachable from both subnets through the hub's endpoint, not through the "
          f"spoke's gateway endpoint {S3_GW}. dynamodb.us-east-1.amazonaws.com resolves publicly: the prefix-list "
          f"route to {DDB_GW} carries the calls, reachable with no DNS step.",
          GATEWAY_RULE + " organisation-rules.md, Route 53 Resolver rules: a forwarding rule sends the name and its "
          "subdomains to the resolvers at its targets, which answer with their own VPC's endpoints.",
          [query(FN, "s3", "reachable", both("reachable"),
                 dns={"name": "s3.us-east-1.amazonaws.com", "endpoint": "vpce-0d5b000000000001", "via": rule_id}),
           query(FN, "dynamodb", "reachable", both("reachable"))])


# ---------------------------------------------------------------------------------------------
# 2. An interface endpoint's name resolves to its interfaces in every subnet it has.

DB_VPC, DB_CIDR = "vpc-0d5c000000000001", "10.53.0.0/16"
DB_APP = [subnet("subnet-0d5c000000000001", DB_VPC, "10.53.10.0/24", "us-east-1a", "orders-app-a"),
          subnet("subnet-0d5c000000000002", DB_VPC, "10.53.11.0/24", "us-east-1b", "orders-app-b")]
DATA = [subnet("subnet-0d5c000000000003", DB_VPC, "10.53.20.0/24", "us-east-1a", "orders-data-a"),
        subnet("subnet-0d5c000000000004", DB_VPC, "10.53.21.0/24", "us-east-1b", "orders-data-b")]
ACL_DATA = "acl-0d5c000000000002"
SG_SM, SG_KMS = "sg-0d5c000000000004", "sg-0d5c000000000005"
SM, KMS = "vpce-0d5c000000000001", "vpce-0d5c000000000002"


def acl_stories():
    app_ids, data_ids = [s["SubnetId"] for s in DB_APP], [s["SubnetId"] for s in DATA]
    # The data tier's ACL admits the app tier's range only: 443 in from it, the replies out to it.
    data_entries = [acl_entry(100, False, "allow", "10.53.10.0/23", "6", (443, 443)),
                    acl_entry(100, True, "allow", "10.53.10.0/23", "6", (1024, 65535))]
    docs = {"describe-vpcs.json": {"Vpcs": [vpc(DB_VPC, DB_CIDR, "orders-three-tier")]},
            "describe-subnets.json": {"Subnets": DB_APP + DATA},
            "describe-route-tables.json": {"RouteTables": [
                rtb("rtb-0d5c000000000001", DB_VPC, "orders-private", [route(DB_CIDR, local=True)], main=True)]},
            "describe-network-acls.json": {"NetworkAcls": [
                acl("acl-0d5c000000000001", DB_VPC, app_ids),
                acl(ACL_DATA, DB_VPC, data_ids, data_entries, default=False)]},
            "describe-security-groups.json": {"SecurityGroups": [
                group("sg-0d5c000000000001", DB_VPC, "default", [], "default VPC security group"),
                group("sg-0d5c000000000002", DB_VPC, "orders-api", [], "Lambda function orders-api"),
                group("sg-0d5c000000000003", DB_VPC, "orders-db-rotation", [], "Lambda function orders-db-rotation"),
                group(SG_SM, DB_VPC, "secretsmanager-endpoint", [perm("tcp", 443, cidrs=[DB_CIDR])],
                      "HTTPS to the secretsmanager endpoint"),
                group(SG_KMS, DB_VPC, "kms-endpoint", [perm("tcp", 443, cidrs=["10.53.10.0/23"])],
                      "HTTPS to the kms endpoint from the app tier")]},
            "describe-internet-gateways.json": {"InternetGateways": []},
            "describe-nat-gateways.json": {"NatGateways": []}}
    dns_attributes(docs, DB_VPC)
    endpoints, enis = [], []
    for n, (vpce, service, gid, gname) in enumerate(((SM, "secretsmanager", SG_SM, "secretsmanager-endpoint"),
                                                      (KMS, "kms", SG_KMS, "kms-endpoint"))):
        ids = [f"eni-0d5c0000000000{n + 1}{i + 1}" for i in range(2)]
        endpoints.append(interface_endpoint(vpce, DB_VPC, service, DATA, ids, gid, gname, private_dns=True))
        enis += [eni(ids[i], s, f"10.53.{20 + i}.{101 + n}", gid, gname, f"VPC Endpoint Interface {vpce}")
                 for i, s in enumerate(DATA)]
    docs["describe-vpc-endpoints.json"] = {"VpcEndpoints": endpoints}
    docs["describe-network-interfaces.json"] = {"NetworkInterfaces": enis}
    docs["list-functions.json"] = {"Functions": [
        function("orders-api", app_ids, ["sg-0d5c000000000002"], DB_VPC,
                 "Vb3n8Qx2Lw5Tz7Hk1Rd9Fm4Jc6Gp0Sa2Ey8Ku3Oi5Nt=", "2c4e6a80-1b3d-4f5a-9c7e-0d2b4f6a8c1e"),
        function("orders-db-rotation", data_ids, ["sg-0d5c000000000003"], DB_VPC,
                 "Kd7m2Wq9Xc4Vb1Nz6Hr3Tl8Fs5Gj0Pa2Ey8Ku3Oi5Nt=", "7e9a1c3e-5f7b-4d2a-8c6e-1a3c5e7b9d0f"),
        function("orders-db-rotation-a", [data_ids[0]], ["sg-0d5c000000000003"], DB_VPC,
                 "Hs4k9Pq1Zx6Cv3Bn8Mw2Lt7Rd5Gf0Ja2Ey8Ku3Oi5Nt=", "3b5d7f91-2c4e-4a6b-8d0f-2e4a6c8e0b1d")]}
    partial = {data_ids[0]: ("partial", [f"SUBNET_ACL_RESTRICTION@{ACL_DATA}"]),
               data_ids[1]: ("partial", [f"SUBNET_ACL_RESTRICTION@{ACL_DATA}"])}
    write("interface-endpoint-acl-blocks-the-other-subnets-interface-only", docs,
          f"The VPC orders-three-tier {DB_VPC} (10.53.0.0/16, one table with the local route only) has app subnets "
          f"{app_ids[0]} (10.53.10.0/24, us-east-1a) and {app_ids[1]} (10.53.11.0/24, us-east-1b) with the default "
          f"ACL, and data subnets {data_ids[0]} (10.53.20.0/24, us-east-1a) and {data_ids[1]} (10.53.21.0/24, "
          f"us-east-1b) with {ACL_DATA}, which admits only the app tier: tcp 443 in from 10.53.10.0/23 and the "
          "replies (1024-65535) out to it, nothing else. Interface endpoints for secretsmanager "
          f"({SM}, group {SG_SM}: 443 from 10.53.0.0/16) and kms ({KMS}, group {SG_KMS}: 443 from 10.53.10.0/23, the "
          "app tier only), private DNS on, each have a network interface in both data subnets (10.53.20.101 and "
          "10.53.21.101; 10.53.20.102 and 10.53.21.102). Each name resolves to both interfaces' addresses, and the "
          "SDK connects to either. orders-api (app subnets) reaches both interfaces of secretsmanager: reachable. "
          f"orders-db-rotation runs in the data subnets: to the interface in its own subnet no ACL applies, and the "
          f"group admits it; to the interface in the other data subnet, {ACL_DATA} refuses the traffic leaving its "
          "subnet (443 out to 10.53.2x.x) and entering the other: the connections to that interface fail, the others "
          "get through, so from each data subnet secretsmanager is partial, SUBNET_ACL_RESTRICTION at the ACL, and "
          "the answer partial. orders-db-rotation-a, in the first data subnet only, is partial the same way. kms's "
          f"group admits the app tier only: from the data subnets every connection is refused ({SG_KMS}, whatever "
          "the interface), and the ACL besides for the other subnet's: unreachable.",
          "semantics.md, Gateways, interface endpoints: the endpoint's name resolves to the addresses of its network "
          "interfaces, one per subnet "
          "(docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpcEndpoint.html, PrivateDnsEnabled), and the "
          "client connects to any of them; what blocks the way to some of them only (a route, a network ACL; "
          "within a subnet no ACL applies, docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html) fails "
          "those connections only: the subnet is partial. The endpoint's security groups refuse or admit every "
          "connection alike.",
          [query("orders-api", "aws:secretsmanager", "reachable",
                 {sid: ("reachable", []) for sid in app_ids}),
           query("orders-db-rotation", "aws:secretsmanager", "partial", partial),
           query("orders-db-rotation-a", "aws:secretsmanager", "partial", {data_ids[0]: partial[data_ids[0]]}),
           query("orders-db-rotation", "aws:kms", "unreachable",
                 {sid: ("unreachable", [f"ENI_SG_RULES_MISMATCH@{SG_KMS}", f"SUBNET_ACL_RESTRICTION@{ACL_DATA}"])
                  for sid in data_ids})])


gateway_stories()
acl_stories()
