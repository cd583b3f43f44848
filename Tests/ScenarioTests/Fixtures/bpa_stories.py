"""Writes the VPC Block Public Access (BPA) scenario folders (`bpa-*`). Each family is built from
one working base topology (fidelity_stories.py's builders), and each story differs from it by
its BPA setting. The expected answers are written by hand below from AWS's rules, never from
lambda-reach's output:

- https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa.html: bidirectional mode
  blocks all traffic to and from internet gateways and egress-only internet gateways (except
  excluded VPCs and subnets); ingress-only mode blocks internet traffic into the VPCs and allows
  only traffic to and from NAT gateways and egress-only internet gateways; an allow-egress
  exclusion lets outbound traffic out, blocks inbound, and applies only in bidirectional mode.
- https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa-basics.html: a NAT gateway's
  traffic is blocked (it needs the internet gateway); an exclusion for a VPC applies to all its
  subnets; the subnet whose traffic goes to the internet gateway is the one that needs the
  exclusion, "other subnets sending traffic to the appliance subnet and not to the internet
  gateway do not need to be added as exclusions"; transit gateways, VPN and other private
  connectivity are not affected.
- https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa-example.html: scenario 3
  (ingress-only: instances behind the NAT gateway and the egress-only gateway still reach the
  internet, instances with public IPs in public subnets do not) and scenario 6 (bidirectional:
  nothing reaches the internet).
- https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa-assess-impact-main.html:
  Reachability Analyzer's explanation code is VPC_BLOCK_PUBLIC_ACCESS_ENABLED.

    python3 bpa_stories.py .

IDs: <prefix>-0fd<family><vpc letter><12 digits>; families c (NAT), d (IPv6), e (a public
database in another account), f (hairpin through NAT).
"""
import fidelity_stories as f
from fidelity_stories import ACCT, ACCT2, REGION, Net, every, q, route, story, tcp, write

BPA = "VPC_BLOCK_PUBLIC_ACCESS_ENABLED"


def states(n, mode):
    """describe-vpcs and describe-subnets as the AWS CLI prints them with BPA: every VPC and
    subnet carries BlockPublicAccessStates."""
    for item in n.vpcs + n.subnets:
        item["BlockPublicAccessStates"] = {"InternetGatewayBlockMode": mode}


def options(n, mode, exclusions_allowed="allowed", managed_by="account"):
    """describe-vpc-block-public-access-options."""
    n.extra["describe-vpc-block-public-access-options.json"] = {"VpcBlockPublicAccessOptions": {
        "AwsAccountId": n.account, "AwsRegion": REGION,
        "State": "default-state" if mode == "off" else "update-complete",
        "InternetGatewayBlockMode": mode,
        "Reason": "Default State" if mode == "off" else "VPC Block Public Access is enabled",
        "LastUpdateTimestamp": "2025-02-03T10:21:40.000Z", "ManagedBy": managed_by,
        "ExclusionsAllowed": exclusions_allowed}}


def exclusions(n, items):
    """describe-vpc-block-public-access-exclusions: (number, mode, 'vpc/ID' or 'subnet/ID', state)."""
    n.extra["describe-vpc-block-public-access-exclusions.json"] = {"VpcBlockPublicAccessExclusions": [{
        "ExclusionId": n.id("vpcbpa-exclude", "x", number), "InternetGatewayExclusionMode": mode,
        "ResourceArn": f"arn:aws:ec2:{REGION}:{n.account}:{resource}", "State": state,
        "Reason": "Exclusion created", "CreationTimestamp": "2025-02-03T10:25:02.000Z",
        "LastUpdateTimestamp": "2025-02-03T10:25:09.000Z", "Tags": []}
        for number, mode, resource, state in items]}


RULE_NAT = ("VPC Block Public Access: bidirectional mode drops a NAT gateway's traffic at the internet gateway (a NAT "
            "gateway needs the internet gateway), ingress-only mode lets it out and its replies back; what decides is "
            "the mode of the NAT gateway's subnet (the subnet that sends to the internet gateway), with its exclusion "
            "or its VPC's: allow-bidirectional exempts it from any mode, allow-egress lets outbound traffic out in "
            "bidirectional mode. The function's subnets, which send to the NAT gateway, do not decide.")


# ===========================================================================================
# c. A function behind a NAT gateway.
# ===========================================================================================

def nat_base(s3_endpoint=False):
    n = Net(12)
    A = n.vpc("a", "10.72.0.0/16", "checkout")
    IGW = n.igw("a", "checkout-igw")
    NAT = n.id("nat", "a", 1)
    S3PL = "pl-63a5400a"
    pub = n.rtb("a", 2, "checkout-public", [route("0.0.0.0/0", IGW)])
    app_routes = [route("0.0.0.0/0", NAT)]
    VPCE = n.id("vpce", "a", 1)
    if s3_endpoint:
        app_routes.append({"DestinationPrefixListId": S3PL, "GatewayId": VPCE, "Origin": "CreateRoute",
                           "State": "active"})
    app = n.rtb("a", 3, "checkout-app", app_routes)
    p1 = n.subnet("a", 1, "10.72.0.0/24", "us-east-1a", "checkout-public-a", rtb=pub, public=True)
    a2 = n.subnet("a", 2, "10.72.1.0/24", "us-east-1a", "checkout-app-a", rtb=app)
    a3 = n.subnet("a", 3, "10.72.2.0/24", "us-east-1b", "checkout-app-b", rtb=app)
    n.nat("a", 1, p1, "10.72.0.10", "52.72.0.10", "checkout-nat")
    fn = n.sg("a", 2, "ledger-sync", [], description="Lambda function ledger-sync")
    n.function("ledger-sync", [a2, a3], [fn], A)
    if s3_endpoint:
        n.extra["describe-vpc-endpoints.json"] = {"VpcEndpoints": [{
            "VpcEndpointId": VPCE, "VpcEndpointType": "Gateway", "VpcId": A,
            "ServiceName": f"com.amazonaws.{REGION}.s3", "State": "available",
            "PolicyDocument": "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                              "\"Action\":\"*\",\"Resource\":\"*\"}]}",
            "RouteTableIds": [app], "SubnetIds": [], "Groups": [], "IpAddressType": "ipv4",
            "PrivateDnsEnabled": False, "RequesterManaged": False, "NetworkInterfaceIds": [], "DnsEntries": [],
            "CreationTimestamp": "2024-01-22T14:03:51+00:00", "Tags": [], "OwnerId": ACCT}]}
        n.extra["describe-managed-prefix-lists.json"] = {"PrefixLists": [{
            "PrefixListId": S3PL, "AddressFamily": "IPv4", "State": "create-complete",
            "PrefixListArn": f"arn:aws:ec2:{REGION}:aws:prefix-list/{S3PL}",
            "PrefixListName": f"com.amazonaws.{REGION}.s3", "Tags": [], "OwnerId": "AWS"}]}
    return n, dict(A=A, IGW=IGW, NAT=NAT, app=app, p1=p1, a2=a2, a3=a3, fn=fn, VPCE=VPCE)


def nat_text(x):
    return (f"ledger-sync runs in checkout {x['A']} (10.72.0.0/16), in private subnets {x['a2']} (us-east-1a) and "
            f"{x['a3']} (us-east-1b) whose table {x['app']} sends 0.0.0.0/0 to NAT gateway {x['NAT']}; the NAT "
            f"gateway sits in the public subnet {x['p1']}, whose table sends 0.0.0.0/0 to the attached {x['IGW']}. "
            "The function's group allows all egress and every subnet uses the default allow-all network ACL: "
            "without BPA the internet is reachable from both subnets.")


def nat_stories():
    F = "ledger-sync"

    n, x = nat_base()
    states(n, "block-bidirectional")
    options(n, "block-bidirectional")
    exclusions(n, [])
    S = [x["a2"], x["a3"]]
    blocked = lambda: every(S, "unreachable", [f"{BPA}@{x['p1']}"])
    write("bpa-bidirectional-drops-nat-traffic", n.documents(), story(
        nat_text(x) + " The account has turned VPC Block Public Access on in us-east-1 in bidirectional mode "
        "(describe-vpc-block-public-access-options, block-bidirectional) and has no exclusion: the NAT gateway's "
        f"traffic is dropped at the internet gateway, so internet and S3 (no endpoint: through the NAT gateway) "
        f"are unreachable from both subnets, {BPA} at the NAT gateway's subnet {x['p1']}.",
        RULE_NAT,
        [q(F, "internet", "unreachable", blocked(), port=443),
         q(F, "s3", "unreachable", blocked(), port=443)]))

    n, x = nat_base()
    states(n, "block-ingress")
    options(n, "block-ingress")
    exclusions(n, [])
    write("bpa-ingress-only-allows-nat-traffic", n.documents(), story(
        nat_text(x) + " BPA is on in ingress-only mode (block-ingress), which blocks connections from the internet "
        "but lets NAT gateways and egress-only internet gateways out, since they only let connections be made "
        "outward (AWS's advanced example, scenario 3): the internet is still reachable from both subnets.",
        RULE_NAT,
        [q(F, "internet", "reachable", every([x["a2"], x["a3"]]), port=443)]))

    n, x = nat_base()
    # The subnets' states print the account's mode: whether AWS prints an exclusion's effect in a
    # subnet's BlockPublicAccessStates is not documented, and the answer must not depend on it.
    states(n, "block-bidirectional")
    options(n, "block-bidirectional")
    exclusions(n, [(1, "allow-egress", f"subnet/{x['p1']}", "create-complete")])
    write("bpa-bidirectional-nat-subnet-excluded-allow-egress", n.documents(), story(
        nat_text(x) + f" BPA is on in bidirectional mode, and the NAT gateway's subnet {x['p1']} has an allow-egress "
        f"exclusion ({n.id('vpcbpa-exclude', 'x', 1)}, create-complete): outbound internet traffic from that subnet "
        "is allowed, so the NAT gateway's traffic leaves through the internet gateway and its replies come back. "
        "The function's subnets need no exclusion of their own: they send to the NAT gateway, not to the internet "
        "gateway. The internet is reachable from both subnets.",
        RULE_NAT,
        [q(F, "internet", "reachable", every([x["a2"], x["a3"]]), port=443)]))

    n, x = nat_base()
    states(n, "block-bidirectional")
    options(n, "block-bidirectional")
    exclusions(n, [(1, "allow-egress", f"subnet/{x['a2']}", "create-complete"),
                   (2, "allow-bidirectional", f"subnet/{x['a3']}", "create-complete")])
    write("bpa-bidirectional-function-subnets-excluded-not-nat", n.documents(), story(
        nat_text(x) + f" BPA is on in bidirectional mode, and the exclusions were made for the function's own "
        f"subnets ({x['a2']} allow-egress, {x['a3']} allow-bidirectional) instead of the NAT gateway's: the function "
        "subnets send to the NAT gateway, not to the internet gateway, and the NAT gateway's subnet "
        f"{x['p1']}, which does send to it, is still blocked: internet unreachable from both subnets, {BPA} at "
        f"{x['p1']}.",
        RULE_NAT,
        [q(F, "internet", "unreachable", every([x["a2"], x["a3"]], "unreachable", [f"{BPA}@{x['p1']}"]),
           port=443)]))

    n, x = nat_base(s3_endpoint=True)
    states(n, "block-bidirectional")
    options(n, "block-bidirectional")
    exclusions(n, [])
    S = [x["a2"], x["a3"]]
    write("bpa-bidirectional-gateway-endpoint-s3-untouched", n.documents(), story(
        nat_text(x) + f" The table {x['app']} also sends the S3 prefix list pl-63a5400a to gateway endpoint "
        f"{x['VPCE']}. BPA is on in bidirectional mode with no exclusion: the internet through the NAT gateway is "
        f"unreachable ({BPA} at {x['p1']}), but S3 through the gateway endpoint never crosses an internet gateway, "
        "and BPA does not touch private connectivity: S3 is reachable from both subnets.",
        RULE_NAT + " Gateway endpoints are not affected.",
        [q(F, "s3", "reachable", every(S), port=443),
         q(F, "internet", "unreachable", every(S, "unreachable", [f"{BPA}@{x['p1']}"]), port=443)]))

    # One NAT gateway per zone, each in its zone's public subnet; only us-east-1a's is excluded.
    n, x = nat_base()
    p4 = n.subnet("a", 4, "10.72.3.0/24", "us-east-1b", "checkout-public-b", rtb=n.id("rtb", "a", 2), public=True)
    nat2 = n.nat("a", 2, p4, "10.72.3.10", "52.72.3.10", "checkout-nat-b")
    app_b = n.rtb("a", 5, "checkout-app-b", [route("0.0.0.0/0", nat2)])
    table_a = n.find(n.rtbs, "RouteTableId", x["app"])
    moved = [a for a in table_a["Associations"] if a.get("SubnetId") == x["a3"]]
    table_a["Associations"] = [a for a in table_a["Associations"] if a.get("SubnetId") != x["a3"]]
    for association in moved:
        association["RouteTableId"] = app_b
    n.find(n.rtbs, "RouteTableId", app_b)["Associations"] += moved
    states(n, "block-bidirectional")
    options(n, "block-bidirectional")
    exclusions(n, [(1, "allow-egress", f"subnet/{x['p1']}", "create-complete")])
    write("bpa-bidirectional-one-zone-nat-subnet-excluded", n.documents(), story(
        f"ledger-sync runs in checkout {x['A']}, in private subnets {x['a2']} (us-east-1a, table {x['app']} -> "
        f"NAT gateway {x['NAT']} in the public subnet {x['p1']}) and {x['a3']} (us-east-1b, table {app_b} -> NAT "
        f"gateway {nat2} in the public subnet {p4}); both public subnets route 0.0.0.0/0 to {x['IGW']}. BPA is on in "
        f"bidirectional mode, and only us-east-1a's NAT subnet {x['p1']} is excluded (allow-egress): from {x['a2']} "
        f"the internet is reachable, from {x['a3']} it is not ({BPA} at {p4}): partial, the intermittent timeouts "
        "of invocations placed in us-east-1b.",
        RULE_NAT,
        [q(F, "internet", "partial",
           {x["a2"]: ("reachable", []), x["a3"]: ("unreachable", [f"{BPA}@{p4}"])}, port=443)]))

    n, x = nat_base()
    states(n, "off")
    options(n, "off")
    exclusions(n, [])
    write("bpa-off-everywhere", n.documents(), story(
        nat_text(x) + " The exports say BPA is off: describe-vpc-block-public-access-options prints "
        "InternetGatewayBlockMode off (default-state), no exclusion, and every VPC and subnet's "
        "BlockPublicAccessStates is off. Nothing changes: the internet is reachable from both subnets.",
        "VPC Block Public Access: off blocks nothing.",
        [q(F, "internet", "reachable", every([x["a2"], x["a3"]]), port=443)]))

    n, x = nat_base()
    states(n, "block-bidirectional")
    write("bpa-subnet-states-only-bidirectional", n.documents(), story(
        nat_text(x) + " Only describe-subnets and describe-vpcs were exported, and they print BlockPublicAccessStates "
        "block-bidirectional for every subnet and the VPC; the account's options and exclusions were not. The "
        f"NAT gateway's subnet {x['p1']} is reported blocked, so the NAT gateway's traffic is dropped: internet "
        f"unreachable, {BPA} at {x['p1']}, and the answer says that exclusions were not exported.",
        RULE_NAT + " Without the options and exclusions, a subnet's own BlockPublicAccessStates gives its mode.",
        [q(F, "internet", "unreachable", every([x["a2"], x["a3"]], "unreachable", [f"{BPA}@{x['p1']}"]),
           port=443)]))


# ===========================================================================================
# d. A dual-stack function: IPv6 through an egress-only internet gateway.
# ===========================================================================================

def ipv6_base():
    n = Net(13)
    A = n.vpc("a", "10.73.0.0/16", "telemetry")
    vpc = n.find(n.vpcs, "VpcId", A)
    vpc["Ipv6CidrBlockAssociationSet"] = [{
        "AssociationId": n.id("vpc-cidr-assoc", "a", 2), "Ipv6CidrBlock": "2600:1f18:73::/56",
        "Ipv6CidrBlockState": {"State": "associated"}, "NetworkBorderGroup": REGION, "Ipv6Pool": "Amazon"}]
    IGW = n.igw("a", "telemetry-igw")
    NAT = n.id("nat", "a", 1)
    EIGW = n.id("eigw", "a", 1)
    pub = n.rtb("a", 2, "telemetry-public", [route("0.0.0.0/0", IGW)])
    app = n.rtb("a", 3, "telemetry-app", [route("0.0.0.0/0", NAT), {
        "DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": EIGW, "Origin": "CreateRoute",
        "State": "active"}])
    for table in n.rtbs:
        table["Routes"].insert(1, {"DestinationIpv6CidrBlock": "2600:1f18:73::/56", "GatewayId": "local",
                                   "Origin": "CreateRouteTable", "State": "active"})
    p1 = n.subnet("a", 1, "10.73.0.0/24", "us-east-1a", "telemetry-public-a", rtb=pub, public=True)
    a2 = n.subnet("a", 2, "10.73.1.0/24", "us-east-1a", "telemetry-app-a", rtb=app)
    n.find(n.subnets, "SubnetId", a2)["Ipv6CidrBlockAssociationSet"] = [{
        "AssociationId": n.id("subnet-cidr-assoc", "a", 2), "Ipv6CidrBlock": "2600:1f18:73:1::/64",
        "Ipv6CidrBlockState": {"State": "associated"}}]
    n.nat("a", 1, p1, "10.73.0.10", "52.73.0.10", "telemetry-nat")
    # A dual-stack VPC's default network ACL has IPv6 entries beside the IPv4 ones.
    acl = n.find(n.acls, "NetworkAclId", n.id("acl", "a", 1))
    for egress in (True, False):
        acl["Entries"] += [
            {"Egress": egress, "Ipv6CidrBlock": "::/0", "Protocol": "-1", "RuleAction": "allow", "RuleNumber": 101},
            {"Egress": egress, "Ipv6CidrBlock": "::/0", "Protocol": "-1", "RuleAction": "deny", "RuleNumber": 32768}]
    fn = n.sg("a", 2, "metrics-push", [], egress=[{
        "IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [{"CidrIpv6": "::/0"}],
        "PrefixListIds": [], "UserIdGroupPairs": []}], description="Lambda function metrics-push")
    n.function("metrics-push", [a2], [fn], A)
    n.functions[-1]["VpcConfig"]["Ipv6AllowedForDualStack"] = True
    n.extra["describe-egress-only-internet-gateways.json"] = {"EgressOnlyInternetGateways": [{
        "EgressOnlyInternetGatewayId": EIGW, "Attachments": [{"State": "attached", "VpcId": A}],
        "Tags": f.tags("telemetry-eigw")}]}
    return n, dict(A=A, IGW=IGW, NAT=NAT, EIGW=EIGW, app=app, p1=p1, a2=a2)


def ipv6_stories():
    F = "metrics-push"

    def text(x):
        return (f"metrics-push is a dual-stack function (Ipv6AllowedForDualStack) in telemetry {x['A']}, in subnet "
                f"{x['a2']} (10.73.1.0/24 and 2600:1f18:73:1::/64) whose table {x['app']} sends ::/0 to egress-only "
                f"internet gateway {x['EIGW']} and 0.0.0.0/0 to NAT gateway {x['NAT']} in the public subnet "
                f"{x['p1']}. Its group allows all egress, IPv4 and IPv6.")

    n, x = ipv6_base()
    states(n, "block-bidirectional")
    options(n, "block-bidirectional")
    exclusions(n, [])
    write("bpa-bidirectional-drops-egress-only-gateway", n.documents(), story(
        text(x) + " BPA is on in bidirectional mode with no exclusion: all traffic to egress-only internet gateways "
        f"is blocked, so internet6 is unreachable, {BPA} at the function's own subnet {x['a2']} (the subnet that "
        f"sends to the egress-only gateway); IPv4 through the NAT gateway is blocked too, at {x['p1']}.",
        "VPC Block Public Access: bidirectional mode blocks all outbound traffic to egress-only internet gateways; "
        "the subnet that sends to the gateway decides. IPv6 is evaluated apart from IPv4.",
        [q(F, "internet6", "unreachable", every([x["a2"]], "unreachable", [f"{BPA}@{x['a2']}"]), port=443),
         q(F, "internet", "unreachable", every([x["a2"]], "unreachable", [f"{BPA}@{x['p1']}"]), port=443)]))

    n, x = ipv6_base()
    states(n, "block-ingress")
    options(n, "block-ingress")
    exclusions(n, [])
    write("bpa-ingress-only-allows-egress-only-gateway", n.documents(), story(
        text(x) + " BPA is on in ingress-only mode, which lets traffic to and from egress-only internet gateways "
        "and NAT gateways through (they only let connections be made outward): internet6 and internet are both "
        "reachable.",
        "VPC Block Public Access: ingress-only mode allows traffic to and from NAT gateways and egress-only "
        "internet gateways.",
        [q(F, "internet6", "reachable", every([x["a2"]]), port=443),
         q(F, "internet", "reachable", every([x["a2"]]), port=443)]))


# ===========================================================================================
# e. A publicly accessible database in another account, reached through its internet gateway.
# ===========================================================================================

def public_db_stories():
    F, RDS = "report-builder", "rds:vendor-pg"

    def build(vendor_exclusions):
        docs, x = f.public_rds()
        # Both accounts export their BPA settings: the analytics account has it off; the vendor's
        # account blocks ingress, with `vendor_exclusions`.
        analytics, vendor = Net(5), Net(5, ACCT2)
        options(analytics, "off")
        exclusions(analytics, [])
        options(vendor, "block-ingress")
        exclusions(vendor, vendor_exclusions(x))
        for account, n in ((ACCT, analytics), (ACCT2, vendor)):
            for name, doc in n.extra.items():
                docs[f"{account}/{REGION}/{name}"] = doc
        for name, doc in docs.items():
            if name.endswith("describe-vpcs.json") or name.endswith("describe-subnets.json"):
                mode = "off" if name.startswith(ACCT + "/") else "block-ingress"
                for item in doc.get("Vpcs", []) + doc.get("Subnets", []):
                    item["BlockPublicAccessStates"] = {"InternetGatewayBlockMode": mode}
        return docs, x, vendor

    def text(x):
        return (f"report-builder runs in analytics {x['A']} (account {ACCT}) in private subnets {x['a2']} and "
                f"{x['a3']} whose table {x['app']} sends 0.0.0.0/0 to {x['NAT']}. vendor-pg is a PostgreSQL instance "
                f"with PubliclyAccessible true in {x['D']} of account {ACCT2}, in public subnets "
                f"{f.Net(5, ACCT2).id('subnet', 'd', 1)} and {f.Net(5, ACCT2).id('subnet', 'd', 2)} routed to the "
                f"attached {x['IGWD']}; its group admits 5432 from the NAT gateway's Elastic IP {f.NAT_EIP5}. From "
                "another VPC its endpoint resolves to its public IP, so the connection goes NAT gateway -> internet "
                "gateway -> the vendor's internet gateway -> the instance. The analytics account has BPA off.")

    d1, d2 = Net(5, ACCT2).id("subnet", "d", 1), Net(5, ACCT2).id("subnet", "d", 2)
    RULE = ("VPC Block Public Access: ingress-only mode (and bidirectional) blocks all internet traffic into the "
            "VPCs of the account and region, except VPCs or subnets excluded with allow-bidirectional (an allow-egress "
            "exclusion blocks inbound traffic); a connection to a public address of the inventory comes in through "
            "its VPC's internet gateway, so the destination subnet's mode decides. Each account's own setting "
            "applies. " + f.PUBLIC_RULE)

    docs, x, _ = build(lambda x: [])
    write("bpa-ingress-only-public-database-refused", docs, story(
        text(x) + f" The vendor's account has BPA on in ingress-only mode with no exclusion: connections from the "
        f"internet into its VPCs are dropped, so rds:vendor-pg is unreachable from both subnets, {BPA} at the "
        f"subnet the instance is in, {d1} (us-east-1a, its AvailabilityZone; the NAT gateway's side, in the "
        "analytics account, is off).",
        RULE,
        [q(F, RDS, "unreachable", every([x["a2"], x["a3"]], "unreachable", [f"{BPA}@{d1}"]), port=5432)]))

    docs, x, vendor = build(lambda x: [(1, "allow-bidirectional", f"vpc/{x['D']}", "create-complete")])
    write("bpa-ingress-only-public-database-vpc-excluded", docs, story(
        text(x) + f" The vendor's account has BPA on in ingress-only mode, and its database VPC {x['D']} has an "
        f"allow-bidirectional exclusion ({vendor.id('vpcbpa-exclude', 'x', 1)}), which applies to all of the VPC's "
        "subnets: internet traffic into them is allowed, and rds:vendor-pg is reachable from both subnets.",
        RULE,
        [q(F, RDS, "reachable", every([x["a2"], x["a3"]]), port=5432)]))


# ===========================================================================================
# f. Hairpin: a public address of the function's own VPC, through the NAT gateway.
# ===========================================================================================

def hairpin_story():
    F = "thumbnail-worker"
    docs, x = f.hairpin("52.7.8.9/32")
    n = Net(7)
    options(n, "block-ingress")
    exclusions(n, [])
    docs.update(n.extra)
    for item in docs["describe-vpcs.json"]["Vpcs"] + docs["describe-subnets.json"]["Subnets"]:
        item["BlockPublicAccessStates"] = {"InternetGatewayBlockMode": "block-ingress"}
    write("bpa-ingress-only-hairpin-refused", docs, story(
        f"thumbnail-worker runs in media {x['A']} in app subnets routed 0.0.0.0/0 to {x['NAT']} (Elastic IP "
        f"52.7.8.9). The origin server's interface {x['eni']} in the public subnet {x['p4']} has the public IP "
        f"54.90.1.2, and its group admits 443 from 52.7.8.9/32: without BPA, ip:54.90.1.2:443 is reachable by "
        "hairpin (out through the NAT gateway and the internet gateway, back in through the same internet "
        "gateway). BPA is on in ingress-only mode: the NAT gateway's traffic may leave, but the connection comes "
        f"back into the VPC from the internet, which ingress-only mode drops: {BPA} at {x['p4']}. The private "
        "address ip:10.90.3.50:443 takes the local route and never crosses the internet gateway: BPA has no part "
        f"in it, and the group refuses it as before (it arrives from the function's subnet, not 52.7.8.9), "
        f"ENI_SG_RULES_MISMATCH at {x['web']}.",
        "VPC Block Public Access: ingress-only mode lets NAT gateways out and blocks all internet traffic into the "
        "VPCs, a hairpin through the VPC's own internet gateway included. Public addresses: a public address of "
        "the function's own VPC is reached through NAT and the internet gateway (hairpin).",
        [q(F, "ip:54.90.1.2:443", "unreachable", every([x["a2"], x["a3"]], "unreachable", [f"{BPA}@{x['p4']}"]),
           port=443),
         q(F, "ip:10.90.3.50:443", "unreachable",
           every([x["a2"], x["a3"]], "unreachable", [f"ENI_SG_RULES_MISMATCH@{x['web']}"]), port=443)]))


if __name__ == "__main__":
    nat_stories()
    ipv6_stories()
    public_db_stories()
    hairpin_story()
    print("\n".join(f.WRITTEN))
