"""Writes the scenario folders about which Route 53 Resolver answers a function's names (its DHCP
options' DNS servers, a Resolver rule's targets) and about services whose names are not
SERVICE.REGION.amazonaws.com, beside this file: AWS CLI shapes in the files, each story's expected
answer written by hand below from the rules (semantics.md, organisation-rules.md, AWS's Route 53,
VPC and PrivateLink documentation), never from lambda-reach's output.

    python3 dns_resolver_stories.py .

The rules:
- "Forwarding private DNS queries to any VPC CIDR + 2 address from on-premises or other VPC DNS
  servers is not supported" (docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-overview-DSN-queries-to-vpc.html):
  a DNS server in another VPC answers with that VPC's Resolver (its private hosted zones, its
  interface endpoints' private DNS), an inbound endpoint in another VPC too, and a server on
  premises or a public one as public DNS does.
- A publicly accessible DB instance's name "resolves to the private IP address" only "when you
  connect from within the same VPC", to the public one from outside
  (docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html, PubliclyAccessible),
  and from a peered VPC privately only with AllowDnsResolutionFromRemoteVpc: asked of the VPC whose
  Resolver answers.
- A forwarding rule's targets must be reachable from the outbound endpoint
  (docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-forwarding-outbound-queries.html):
  its queries are traffic from the endpoint's subnets, routed and filtered by network ACLs.
- A private API is called at {restapi-id}.execute-api.{region}.amazonaws.com
  (docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-test-invoke-url.html);
  ECR's API at api.ecr.REGION.amazonaws.com (docs.aws.amazon.com/general/latest/gr/ecr.html).
"""
import json, os, sys

ROOT = sys.argv[1]
ACCT = "123456789012"
REGION = "us-east-1"
ALLOW_ALL_POLICY = ("{\"Version\":\"2008-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                    "\"Action\":\"*\",\"Resource\":\"*\"}]}")
VPCE_ZONE = "Z7HUB22UULQXV"
AZ_ID = {"us-east-1a": "use1-az4", "us-east-1b": "use1-az6"}


def ident(kind, story, n):
    """An AWS-shaped ID, unique to the story: kind-0d9<story><13 hex digits>."""
    return f"{kind}-0d9{story:x}{n:013x}"


def tags(name):
    return [{"Key": "Name", "Value": name}]


class World:
    """One account's exports, in the shapes the AWS CLI prints."""

    def __init__(self, story):
        self.story = story
        self.n = 0
        self.docs = {k: [] for k in ("Vpcs", "Subnets", "RouteTables", "NetworkAcls", "SecurityGroups",
                                     "NetworkInterfaces", "VpcEndpoints", "VpcPeeringConnections", "InternetGateways",
                                     "NatGateways", "DhcpOptions", "DBInstances", "Functions")}
        self.files = {}
        self.zones = {}  # vpc -> [(zone, name)]
        self.rules, self.associations = [], []

    def id(self, kind):
        self.n += 1
        return ident(kind, self.story, self.n)

    def vpc(self, name, cidr, dopt="default"):
        vid = self.id("vpc")
        self.docs["Vpcs"].append({
            "CidrBlock": cidr, "DhcpOptionsId": dopt, "State": "available", "VpcId": vid, "OwnerId": ACCT,
            "InstanceTenancy": "default", "CidrBlockAssociationSet": [{
                "AssociationId": vid.replace("vpc-", "vpc-cidr-assoc-"), "CidrBlock": cidr,
                "CidrBlockState": {"State": "associated"}}], "IsDefault": False, "Tags": tags(name)})
        for key in ("EnableDnsSupport", "EnableDnsHostnames"):
            self.files[f"describe-vpc-attribute-{vid}-{key}.json"] = {"VpcId": vid, key: {"Value": True}}
        main = self.id("rtb")
        self.docs["RouteTables"].append({
            "Associations": [{"Main": True, "RouteTableAssociationId": main.replace("rtb-", "rtbassoc-"),
                              "RouteTableId": main, "AssociationState": {"State": "associated"}}],
            "PropagatingVgws": [], "RouteTableId": main, "Routes": [self.local(cidr)], "Tags": tags(name + "-main"),
            "VpcId": vid, "OwnerId": ACCT})
        aid = self.id("acl")
        self.docs["NetworkAcls"].append({
            "Associations": [], "Entries": [
                {"CidrBlock": "0.0.0.0/0", "Egress": e, "Protocol": "-1", "RuleAction": a, "RuleNumber": n}
                for e in (True, False) for n, a in ((100, "allow"), (32767, "deny"))],
            "IsDefault": True, "NetworkAclId": aid, "Tags": [], "VpcId": vid, "OwnerId": ACCT})
        self.group(vid, "default", ingress=[], description="default VPC security group")
        return vid

    @staticmethod
    def local(cidr):
        return {"DestinationCidrBlock": cidr, "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"}

    def cidr_of(self, vid):
        return next(v["CidrBlock"] for v in self.docs["Vpcs"] if v["VpcId"] == vid)

    def subnet(self, vid, name, cidr, az):
        sid = self.id("subnet")
        self.docs["Subnets"].append({
            "AvailabilityZone": az, "AvailabilityZoneId": AZ_ID[az], "AvailableIpAddressCount": 250, "CidrBlock": cidr,
            "DefaultForAz": False, "MapPublicIpOnLaunch": False, "State": "available", "SubnetId": sid, "VpcId": vid,
            "OwnerId": ACCT, "AssignIpv6AddressOnCreation": False, "Ipv6CidrBlockAssociationSet": [],
            "Tags": tags(name), "SubnetArn": f"arn:aws:ec2:{REGION}:{ACCT}:subnet/{sid}"})
        acl = next(a for a in self.docs["NetworkAcls"] if a["VpcId"] == vid and a["IsDefault"])
        acl["Associations"].append({"NetworkAclAssociationId": sid.replace("subnet-", "aclassoc-"),
                                    "NetworkAclId": acl["NetworkAclId"], "SubnetId": sid})
        return sid

    def table(self, vid, name, subnets, routes):
        rid = self.id("rtb")
        self.docs["RouteTables"].append({
            "Associations": [{"Main": False, "RouteTableAssociationId": s.replace("subnet-", "rtbassoc-"),
                              "RouteTableId": rid, "SubnetId": s, "AssociationState": {"State": "associated"}}
                             for s in subnets],
            "PropagatingVgws": [], "RouteTableId": rid, "Routes": [self.local(self.cidr_of(vid))] + routes,
            "Tags": tags(name), "VpcId": vid, "OwnerId": ACCT})
        return rid

    def acl(self, vid, name, subnets, entries):
        """A network ACL of its own for `subnets`: `entries` (number, egress, action, protocol, ports, cidr)."""
        aid = self.id("acl")
        default = next(a for a in self.docs["NetworkAcls"] if a["VpcId"] == vid and a["IsDefault"])
        default["Associations"] = [a for a in default["Associations"] if a["SubnetId"] not in subnets]
        rows = []
        for number, egress, action, protocol, ports, cidr in entries:
            row = {"CidrBlock": cidr, "Egress": egress, "Protocol": protocol, "RuleAction": action,
                   "RuleNumber": number}
            if ports:
                row["PortRange"] = {"From": ports[0], "To": ports[1]}
            rows.append(row)
        rows += [{"CidrBlock": "0.0.0.0/0", "Egress": e, "Protocol": "-1", "RuleAction": "deny",
                  "RuleNumber": 32767} for e in (True, False)]
        self.docs["NetworkAcls"].append({
            "Associations": [{"NetworkAclAssociationId": s.replace("subnet-", "aclassoc-"),
                              "NetworkAclId": aid, "SubnetId": s} for s in subnets],
            "Entries": rows, "IsDefault": False, "NetworkAclId": aid, "Tags": tags(name), "VpcId": vid,
            "OwnerId": ACCT})
        return aid

    def group(self, vid, name, ingress=(), egress=None, description=None):
        gid = self.id("sg")
        if egress is None:
            egress = [perm("-1", cidrs=["0.0.0.0/0"])]
        self.docs["SecurityGroups"].append({
            "Description": description or name, "GroupName": name, "IpPermissions": list(ingress), "OwnerId": ACCT,
            "GroupId": gid, "IpPermissionsEgress": list(egress), "Tags": [], "VpcId": vid})
        return gid

    def subnet_doc(self, sid):
        return next(s for s in self.docs["Subnets"] if s["SubnetId"] == sid)

    def eni(self, sid, ip, groups, description, interface_type="interface", requester=None, public=None):
        eid = self.id("eni")
        sub = self.subnet_doc(sid)
        e = {"AvailabilityZone": sub["AvailabilityZone"], "Description": description,
             "Groups": [{"GroupId": g, "GroupName": g} for g in groups], "InterfaceType": interface_type,
             "Ipv6Addresses": [], "MacAddress": "0e:00:00:00:00:" + eid[-2:], "NetworkInterfaceId": eid,
             "OwnerId": ACCT, "PrivateIpAddress": ip, "PrivateIpAddresses": [{"Primary": True, "PrivateIpAddress": ip}],
             "RequesterManaged": requester is not None, "SourceDestCheck": True, "Status": "in-use",
             "SubnetId": sid, "TagSet": [], "VpcId": sub["VpcId"],
             "Attachment": {"AttachmentId": eid.replace("eni-", "eni-attach-"), "DeviceIndex": 1,
                            "Status": "attached", "InstanceOwnerId": "amazon-aws"}}
        if requester:
            e["RequesterId"] = requester
        if public:
            association = {"IpOwnerId": "amazon", "PublicIp": public,
                           "PublicDnsName": "ec2-" + public.replace(".", "-") + ".compute-1.amazonaws.com"}
            e["Association"] = association
            e["PrivateIpAddresses"][0]["Association"] = association
        self.docs["NetworkInterfaces"].append(e)
        return eid

    def igw(self, vid):
        gid = self.id("igw")
        self.docs["InternetGateways"].append({"Attachments": [{"State": "available", "VpcId": vid}],
                                              "InternetGatewayId": gid, "OwnerId": ACCT, "Tags": []})
        return gid

    def nat(self, vid, sid, private, public):
        nid = self.id("nat")
        eni = self.eni(sid, private, [], f"Interface for NAT Gateway {nid}", interface_type="nat_gateway",
                       requester="036872051663", public=public)
        self.docs["NatGateways"].append({
            "CreateTime": "2024-06-03T10:10:42+00:00", "NatGatewayAddresses": [{
                "AllocationId": nid.replace("nat-", "eipalloc-"), "NetworkInterfaceId": eni, "PrivateIp": private,
                "PublicIp": public, "AssociationId": nid.replace("nat-", "eipassoc-"), "IsPrimary": True,
                "Status": "succeeded"}],
            "NatGatewayId": nid, "State": "available", "SubnetId": sid, "VpcId": vid, "Tags": [],
            "ConnectivityType": "public"})
        return nid

    def peering(self, requester, accepter, dns_from_requester=False, dns_from_accepter=False):
        pid = self.id("pcx")

        def side(vid, dns):
            cidr = self.cidr_of(vid)
            return {"CidrBlock": cidr, "CidrBlockSet": [{"CidrBlock": cidr}], "OwnerId": ACCT, "VpcId": vid,
                    "Region": REGION, "PeeringOptions": {
                        "AllowDnsResolutionFromRemoteVpc": dns, "AllowEgressFromLocalClassicLinkToRemoteVpc": False,
                        "AllowEgressFromLocalVpcToRemoteClassicLink": False}}
        self.docs["VpcPeeringConnections"].append({
            "AccepterVpcInfo": side(accepter, dns_from_accepter), "RequesterVpcInfo": side(requester, dns_from_requester),
            "Status": {"Code": "active", "Message": "Active"}, "Tags": [], "VpcPeeringConnectionId": pid})
        return pid

    def dhcp(self, servers, domain="ec2.internal"):
        did = self.id("dopt")
        self.docs["DhcpOptions"].append({"DhcpConfigurations": [
            {"Key": "domain-name", "Values": [{"Value": domain}]},
            {"Key": "domain-name-servers", "Values": [{"Value": s} for s in servers]}],
            "DhcpOptionsId": did, "OwnerId": ACCT, "Tags": []})
        return did

    def interface_endpoint(self, vid, service, placements, groups, private_dns=True, hosts=None):
        """An interface endpoint for com.amazonaws.REGION.`service` with an interface at each (subnet,
        address) of `placements`; `hosts`: the private DNS names AWS lists for it (by default
        SERVICE.REGION.amazonaws.com)."""
        eid = self.id("vpce")
        enis = [self.eni(s, ip, groups, f"VPC Endpoint Interface {eid}", interface_type="vpc_endpoint",
                         requester="727180483921") for s, ip in placements]
        # AWS names an endpoint's regional DNS name after the service's host name.
        short = {"ecr.api": "api.ecr", "ecr.dkr": "dkr.ecr", "sagemaker.runtime": "runtime.sagemaker"}.get(service, service)
        entries = [{"DnsName": f"{eid}-7k2q9xwd.{short}.{REGION}.vpce.amazonaws.com", "HostedZoneId": VPCE_ZONE}]
        if private_dns:
            entries += [{"DnsName": h, "HostedZoneId": "Z2ZZ9P8XQ4S3PB"}
                        for h in (hosts or [f"{service}.{REGION}.amazonaws.com"])]
        self.docs["VpcEndpoints"].append({
            "VpcEndpointId": eid, "VpcEndpointType": "Interface", "VpcId": vid,
            "ServiceName": f"com.amazonaws.{REGION}.{service}", "State": "available",
            "PolicyDocument": ALLOW_ALL_POLICY, "RouteTableIds": [], "SubnetIds": [s for s, _ in placements],
            "Groups": [{"GroupId": g, "GroupName": g} for g in groups], "IpAddressType": "ipv4",
            "DnsOptions": {"DnsRecordIpType": "ipv4"}, "PrivateDnsEnabled": private_dns, "RequesterManaged": False,
            "NetworkInterfaceIds": enis, "DnsEntries": entries, "CreationTimestamp": "2024-11-05T13:20:44+00:00",
            "Tags": [], "OwnerId": ACCT})
        return eid, entries[0]["DnsName"]

    def database(self, ident_, vid, subnets, groups, ip, public=None):
        sn = {s["SubnetId"]: s for s in self.docs["Subnets"]}
        self.docs["DBInstances"].append({
            "DBInstanceIdentifier": ident_, "DBInstanceClass": "db.t4g.medium", "Engine": "postgres",
            "DBInstanceStatus": "available", "MasterUsername": "postgres",
            "Endpoint": {"Address": f"{ident_}.c8xq2lkv7d1m.{REGION}.rds.amazonaws.com", "Port": 5432,
                         "HostedZoneId": "Z2R2ITUGPM61AM"},
            "AllocatedStorage": 20, "InstanceCreateTime": "2024-05-20T08:47:31.512000+00:00",
            "DBSecurityGroups": [], "VpcSecurityGroups": [{"VpcSecurityGroupId": g, "Status": "active"} for g in groups],
            "AvailabilityZone": sn[subnets[0]]["AvailabilityZone"],
            "DBSubnetGroup": {"DBSubnetGroupName": ident_ + "-subnets", "DBSubnetGroupDescription": ident_,
                              "VpcId": vid, "SubnetGroupStatus": "Complete",
                              "Subnets": [{"SubnetIdentifier": s, "SubnetAvailabilityZone": {
                                  "Name": sn[s]["AvailabilityZone"]}, "SubnetOutpost": {}, "SubnetStatus": "Active"}
                                  for s in subnets]},
            "MultiAZ": False, "EngineVersion": "16.4", "PubliclyAccessible": public is not None, "StorageType": "gp3",
            "DBInstanceArn": f"arn:aws:rds:{REGION}:{ACCT}:db:{ident_}", "NetworkType": "IPV4"})
        self.eni(subnets[0], ip, groups, "RDSNetworkInterface", requester="amazon-rds", public=public)

    def function(self, name, vid, subnets, groups):
        self.docs["Functions"].append({
            "FunctionName": name, "FunctionArn": f"arn:aws:lambda:{REGION}:{ACCT}:function:{name}",
            "Runtime": "python3.12", "Role": f"arn:aws:iam::{ACCT}:role/{name}-role", "Handler": "app.handler",
            "CodeSize": 48054, "Description": "", "Timeout": 30, "MemorySize": 256,
            "LastModified": "2025-02-11T14:27:09.000+0000", "CodeSha256": "PEar8dpPyqBSszXc1gtCLf2go9jUT9pyxrOoFobgEOU=",
            "Version": "$LATEST", "VpcConfig": {"SubnetIds": subnets, "SecurityGroupIds": groups, "VpcId": vid,
                                                "Ipv6AllowedForDualStack": False},
            "TracingConfig": {"Mode": "PassThrough"}, "RevisionId": "b4c12ff6-12bb-5e7d-86b2-bc6f04a3c495",
            "State": "Active", "LastUpdateStatus": "Successful", "PackageType": "Zip", "Architectures": ["x86_64"],
            "EphemeralStorage": {"Size": 512}, "LoggingConfig": {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{name}"}})

    def zone(self, vids, name, records):
        """A private hosted zone named `name` (no final dot), associated with `vids`, holding `records`
        besides its NS and SOA."""
        zid = "Z0D9" + f"{self.story:x}".upper() + f"{self.n + 1:015d}"
        self.n += 1
        apex = name + "."
        for vid in vids:
            self.zones.setdefault(vid, []).append((zid, apex))
        self.files[f"route53-list-resource-record-sets-{zid}.json"] = {"HostedZoneId": zid, "ResourceRecordSets": records + [
            {"Name": apex, "Type": "NS", "TTL": 172800, "ResourceRecords": [{"Value": "ns-1536.awsdns-00.co.uk."}]},
            {"Name": apex, "Type": "SOA", "TTL": 900, "ResourceRecords": [
                {"Value": "ns-1536.awsdns-00.co.uk. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"}]}],
            "IsTruncated": False, "MaxItems": "300"}
        return zid

    def rule(self, domain, targets, outbound, vids, name):
        rid = self.id("rslvr-rr")
        self.rules.append({
            "Id": rid, "CreatorRequestId": name, "Arn": f"arn:aws:route53resolver:{REGION}:{ACCT}:resolver-rule/{rid}",
            "DomainName": domain, "Status": "COMPLETE", "StatusMessage": "Successfully created Resolver Rule.",
            "RuleType": "FORWARD", "Name": name, "TargetIps": [{"Ip": ip, "Port": 53, "Protocol": "Do53"} for ip in targets],
            "ResolverEndpointId": outbound, "OwnerId": ACCT, "ShareStatus": "NOT_SHARED",
            "CreationTime": "2024-11-05T13:20:44.000000Z", "ModificationTime": "2024-11-05T13:20:44.000000Z"})
        for vid in vids:
            self.associations.append({"Id": self.id("rslvr-rrassoc"), "ResolverRuleId": rid, "Name": name,
                                      "VPCId": vid, "Status": "COMPLETE", "StatusMessage": ""})
        return rid

    def resolver_endpoint(self, direction, placements, groups):
        """A Route 53 Resolver endpoint (`direction` in or out): its network interfaces, which Route 53
        names after it."""
        eid = self.id(f"rslvr-{direction}")
        for sid, ip in placements:
            self.eni(sid, ip, groups, f"Route 53 Resolver: {eid}:{self.id('rni')}", requester="AROAEXAMPLE:route53resolver")
        return eid

    def write(self, name, story, rule, queries):
        folder = os.path.join(ROOT, name)
        os.makedirs(folder, exist_ok=True)
        for old in os.listdir(folder):
            if old.endswith(".json"):
                os.remove(os.path.join(folder, old))
        calls = {"Vpcs": "describe-vpcs", "Subnets": "describe-subnets", "RouteTables": "describe-route-tables",
                 "NetworkAcls": "describe-network-acls", "SecurityGroups": "describe-security-groups",
                 "NetworkInterfaces": "describe-network-interfaces", "VpcEndpoints": "describe-vpc-endpoints",
                 "VpcPeeringConnections": "describe-vpc-peering-connections",
                 "InternetGateways": "describe-internet-gateways", "NatGateways": "describe-nat-gateways",
                 "DhcpOptions": "describe-dhcp-options", "DBInstances": "rds-describe-db-instances",
                 "Functions": "list-functions"}
        files = dict(self.files)
        for key, items in self.docs.items():
            if items or key == "Vpcs":
                files[calls[key] + ".json"] = {key: items}
        for vid in sorted({v["VpcId"] for v in self.docs["Vpcs"]}):
            files[f"route53-list-hosted-zones-by-vpc-{vid}.json"] = {
                "HostedZoneSummaries": [{"HostedZoneId": z, "Name": n, "Owner": {"OwningAccount": ACCT}}
                                        for z, n in self.zones.get(vid, [])], "VPCId": vid, "VPCRegion": REGION}
        if self.rules:
            files["route53resolver-list-resolver-rules.json"] = {"ResolverRules": self.rules}
            files["route53resolver-list-resolver-rule-associations.json"] = {
                "ResolverRuleAssociations": self.associations}
        for file, doc in files.items():
            with open(os.path.join(folder, file), "w") as f:
                json.dump(doc, f, indent=4)
                f.write("\n")
        with open(os.path.join(folder, "expected.json"), "w") as f:
            json.dump({"story": story, "rule": rule, "queries": queries}, f, indent=2)
            f.write("\n")


def perm(protocol, port=None, cidrs=(), groups=()):
    p = {"IpProtocol": protocol, "IpRanges": [{"CidrIp": c} for c in cidrs], "Ipv6Ranges": [], "PrefixListIds": [],
         "UserIdGroupPairs": [{"GroupId": g, "UserId": ACCT} for g in groups]}
    if port is not None:
        p.update({"FromPort": port, "ToPort": port})
    return p


def dns_ingress(cidr):
    return [perm("udp", 53, cidrs=[cidr]), perm("tcp", 53, cidrs=[cidr])]


def peered_route(cidr, pcx):
    return {"DestinationCidrBlock": cidr, "VpcPeeringConnectionId": pcx, "Origin": "CreateRoute", "State": "active"}


def query(function, target, verdict, subnets, port=443, dns=None):
    q = {"function": function, "target": target, "port": port, "protocol": "tcp", "verdict": verdict,
         "subnets": {sid: {"verdict": v, "blockers": list(b)} for sid, (v, b) in subnets.items()}, "blockers": []}
    if dns:
        q["dns"] = dns
    return q


RESOLVER_OVERVIEW = "docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-overview-DSN-queries-to-vpc.html"
PUBLICLY_ACCESSIBLE = "docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html (PubliclyAccessible)"


# ---------------------------------------------------------------------------------------------
# 1. A DNS server in a peered VPC answers with that VPC's names, not the function's VPC's.

def dns_server_in_peered_vpc():
    w = World(1)
    dopt = w.dhcp(["10.92.0.10"], domain="corp.example.com")
    app = w.vpc("orders", "10.91.0.0/16", dopt=dopt)
    hub = w.vpc("directory", "10.92.0.0/16")
    a = w.subnet(app, "orders-a", "10.91.1.0/24", "us-east-1a")
    b = w.subnet(app, "orders-b", "10.91.2.0/24", "us-east-1b")
    h = w.subnet(hub, "directory-a", "10.92.0.0/24", "us-east-1a")
    pcx = w.peering(app, hub)
    rtb = w.table(app, "orders-private", [a, b], [peered_route("10.92.0.0/16", pcx)])
    w.table(hub, "directory", [h], [peered_route("10.91.0.0/16", pcx)])
    fn = w.group(app, "orders-fn")
    vpce_sg = w.group(app, "secrets-endpoint", ingress=[perm("tcp", 443, cidrs=["10.91.0.0/16"])])
    dns_sg = w.group(hub, "domain-controllers", ingress=dns_ingress("10.0.0.0/8"))
    w.eni(h, "10.92.0.10", [dns_sg], "Primary network interface")
    vpce, _ = w.interface_endpoint(app, "secretsmanager", [(a, "10.91.1.50"), (b, "10.91.2.50")], [vpce_sg])
    w.function("orders", app, [a, b], [fn])
    w.write(
        "dns-server-in-peered-vpc-answers-without-the-functions-private-names",
        f"The VPC orders {app} (10.91.0.0/16) runs the function orders in {a} and {b} (group {fn}, all egress); its "
        f"table {rtb} has the local route and 10.92.0.0/16 -> {pcx}, no route to the internet. orders has a Secrets "
        f"Manager interface endpoint {vpce} with private DNS on (interfaces 10.91.1.50 and 10.91.2.50, whose group "
        "admits tcp 443 from the VPC). Its DHCP options set " + dopt + " names one DNS server, 10.92.0.10: a "
        f"directory's domain controller in the peered VPC directory {hub}, whose group admits udp and tcp 53 from "
        "10.0.0.0/8; the peering routes both ways. The function's queries reach it. That server resolves what it "
        "does not hold itself through its own VPC's Resolver: forwarding to orders' Amazon DNS server (10.91.0.2) "
        "is not supported by AWS, and the endpoint's private DNS name is in orders' Resolver only. directory has no "
        "endpoint and no private zone for secretsmanager.us-east-1.amazonaws.com: the answer is the public endpoint, "
        f"which orders cannot reach: NO_ROUTE_TO_DESTINATION at {rtb} from both subnets; the fix gives orders DHCP "
        "options that name AmazonProvidedDNS (or a NAT gateway).",
        f"semantics.md, Names are resolved by the DHCP options' DNS servers: a DNS server in another VPC answers "
        f"with that VPC's Resolver ({RESOLVER_OVERVIEW}: 'Forwarding private DNS queries to any VPC CIDR + 2 address "
        "from on-premises or other VPC DNS servers is not supported'); an interface endpoint's private DNS is a "
        "private hosted zone associated with its own VPC only (CreateVpcEndpoint PrivateDnsEnabled).",
        [query("orders", "aws:secretsmanager", "unreachable",
               {a: ("unreachable", [f"NO_ROUTE_TO_DESTINATION@{rtb}"]),
                b: ("unreachable", [f"NO_ROUTE_TO_DESTINATION@{rtb}"])})])


# ---------------------------------------------------------------------------------------------
# 2. Public DNS servers: no endpoint private DNS, a public database's public address.

def public_dns_servers():
    w = World(2)
    dopt = w.dhcp(["8.8.8.8", "8.8.4.4"])
    app = w.vpc("reports", "10.93.0.0/16", dopt=dopt)
    a = w.subnet(app, "reports-a", "10.93.1.0/24", "us-east-1a")
    b = w.subnet(app, "reports-b", "10.93.2.0/24", "us-east-1b")
    pa = w.subnet(app, "reports-public-a", "10.93.100.0/24", "us-east-1a")
    pb = w.subnet(app, "reports-public-b", "10.93.101.0/24", "us-east-1b")
    igw = w.igw(app)
    nat = w.nat(app, pa, "10.93.100.10", "44.207.83.115")
    rtb = w.table(app, "reports-private", [a, b], [
        {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": nat, "Origin": "CreateRoute", "State": "active"}])
    w.table(app, "reports-public", [pa, pb], [
        {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw, "Origin": "CreateRoute", "State": "active"}])
    fn = w.group(app, "reports-fn", egress=[perm("udp", 53, cidrs=["0.0.0.0/0"]), perm("tcp", 53, cidrs=["0.0.0.0/0"]),
                                            perm("tcp", 443, cidrs=["10.93.0.0/16"]),
                                            perm("tcp", 5432, cidrs=["10.93.0.0/16"])])
    vpce_sg = w.group(app, "secrets-endpoint", ingress=[perm("tcp", 443, cidrs=["10.93.0.0/16"])])
    db_sg = w.group(app, "databases", ingress=[perm("tcp", 5432, groups=[fn])])
    vpce, _ = w.interface_endpoint(app, "secretsmanager", [(a, "10.93.1.50"), (b, "10.93.2.50")], [vpce_sg])
    w.database("reports-db", app, [pa, pb], [db_sg], "10.93.100.20", public="3.214.10.20")
    w.database("ledger-db", app, [a, b], [db_sg], "10.93.1.20")
    w.function("reports", app, [a, b], [fn])
    both = lambda *blockers: {s: ("unreachable", list(blockers)) for s in (a, b)}
    w.write(
        "dns-servers-public-resolver-answers-as-public-dns",
        f"The VPC reports {app} (10.93.0.0/16) runs the function reports in {a} and {b}, whose table {rtb} routes "
        f"0.0.0.0/0 to the NAT gateway {nat} (Elastic IP 44.207.83.115). The function's group {fn} allows udp and tcp "
        "53 anywhere, and tcp 443 and 5432 only to the VPC's own range: it means to reach Secrets Manager through "
        f"the VPC's interface endpoint {vpce} (private DNS on) and its databases privately. The VPC's DHCP options "
        f"{dopt} name 8.8.8.8 and 8.8.4.4, public resolvers, reached through the NAT gateway. They answer as public "
        "DNS does: secretsmanager.us-east-1.amazonaws.com is the public endpoint (the endpoint's private DNS is in "
        "the VPC's own Resolver only), so the call goes to a public address the function's group does not let out "
        f"(ENI_SG_RULES_MISMATCH at {fn}). reports-db is publicly accessible (public address 3.214.10.20) in the "
        "function's own VPC; its name resolves to the private address only when asked of the VPC's own Resolver: "
        "public DNS gives the public address, which the group does not let out either, and which the database's "
        f"group {db_sg} (tcp 5432 from {fn} only) would not admit from the NAT gateway's Elastic IP. ledger-db is not "
        "publicly accessible: its name resolves to its private address in public DNS too, and it is reachable.",
        f"semantics.md, Names are resolved by the DHCP options' DNS servers: a server outside the VPCs answers as "
        f"public DNS does ({RESOLVER_OVERVIEW}); Public addresses: a publicly accessible database's name resolves to "
        f"its private address only from within its VPC, asked of that VPC's Resolver ({PUBLICLY_ACCESSIBLE}), and "
        "one that is not publicly accessible has a name that resolves to its private address.",
        [query("reports", "aws:secretsmanager", "unreachable", both(f"ENI_SG_RULES_MISMATCH@{fn}")),
         query("reports", "rds:reports-db", "unreachable",
               both(f"ENI_SG_RULES_MISMATCH@{fn}", f"ENI_SG_RULES_MISMATCH@{db_sg}"), port=5432),
         query("reports", "rds:ledger-db", "reachable", {a: ("reachable", []), b: ("reachable", [])}, port=5432)])


# ---------------------------------------------------------------------------------------------
# 3. An inbound endpoint in a peered hub: the hub's Resolver answers, and from there a public
# database of the function's own VPC resolves to its public address.

def inbound_endpoint_public_database():
    w = World(3)
    dopt = w.dhcp(["10.95.1.53", "10.95.2.53"])
    app = w.vpc("ledger", "10.94.0.0/16", dopt=dopt)
    hub = w.vpc("dns-hub", "10.95.0.0/16")
    a = w.subnet(app, "ledger-a", "10.94.1.0/24", "us-east-1a")
    pa = w.subnet(app, "ledger-public-a", "10.94.100.0/24", "us-east-1a")
    pb = w.subnet(app, "ledger-public-b", "10.94.101.0/24", "us-east-1b")
    ha = w.subnet(hub, "dns-hub-a", "10.95.1.0/24", "us-east-1a")
    hb = w.subnet(hub, "dns-hub-b", "10.95.2.0/24", "us-east-1b")
    igw = w.igw(app)
    nat = w.nat(app, pa, "10.94.100.10", "44.207.83.116")
    pcx = w.peering(app, hub)
    rtb = w.table(app, "ledger-private", [a], [peered_route("10.95.0.0/16", pcx), {
        "DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": nat, "Origin": "CreateRoute", "State": "active"}])
    w.table(app, "ledger-public", [pa, pb], [
        {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw, "Origin": "CreateRoute", "State": "active"}])
    w.table(hub, "dns-hub", [ha, hb], [peered_route("10.94.0.0/16", pcx)])
    fn = w.group(app, "ledger-fn")
    resolver_sg = w.group(hub, "inbound-resolver", ingress=dns_ingress("10.0.0.0/8"))
    inbound = w.resolver_endpoint("in", [(ha, "10.95.1.53"), (hb, "10.95.2.53")], [resolver_sg])
    db_sg = w.group(app, "ledger-db", ingress=[perm("tcp", 5432, groups=[fn])])
    w.database("ledger-db", app, [pa, pb], [db_sg], "10.94.100.20", public="3.214.10.21")
    w.function("ledger", app, [a], [fn])
    w.write(
        "dns-servers-hub-inbound-endpoint-public-database-resolves-public",
        f"The VPC ledger {app} (10.94.0.0/16) runs the function ledger in {a} (group {fn}, all egress), whose table "
        f"{rtb} routes 10.95.0.0/16 to the peering {pcx} and 0.0.0.0/0 to the NAT gateway {nat} (Elastic IP "
        f"44.207.83.116). ledger-db, publicly accessible (public address 3.214.10.21), is in ledger's public subnets; "
        f"its group {db_sg} admits tcp 5432 from {fn} only. ledger's DHCP options {dopt} name 10.95.1.53 and "
        f"10.95.2.53, the network interfaces of the Route 53 Resolver inbound endpoint {inbound} in the peered VPC "
        f"dns-hub {hub}, whose group admits udp and tcp 53 from 10.0.0.0/8: dns-hub's Resolver answers ledger's "
        "queries. A publicly accessible database's name resolves to its private address only when asked from "
        f"within its own VPC, or from a peered VPC whose peering lets its names resolve there "
        f"(AllowDnsResolutionFromRemoteVpc on ledger's side of {pcx}), which is off: dns-hub's Resolver answers the "
        "public address, even for a function in ledger. The connection leaves through the NAT gateway and the "
        f"internet and arrives from 44.207.83.116, which {db_sg} does not admit: ENI_SG_RULES_MISMATCH at {db_sg}.",
        f"semantics.md, DNS servers that are another VPC's Resolver inbound endpoint, and Public addresses: the "
        f"publicly accessible database's rule ({PUBLICLY_ACCESSIBLE}; AllowDnsResolutionFromRemoteVpc, "
        "docs.aws.amazon.com/vpc/latest/peering/vpc-peering-dns.html) asked of the VPC whose Resolver answers.",
        [query("ledger", "rds:ledger-db", "unreachable", {a: ("unreachable", [f"ENI_SG_RULES_MISMATCH@{db_sg}"])},
               port=5432)])


# ---------------------------------------------------------------------------------------------
# 4. A "." forwarding rule to resolvers on premises, whose range an unconnected VPC also has.

def forward_every_name_on_premises():
    w = World(4)
    app = w.vpc("sync", "10.96.0.0/16")
    legacy = w.vpc("legacy-unconnected", "10.50.0.0/16")
    a = w.subnet(app, "sync-a", "10.96.1.0/24", "us-east-1a")
    pa = w.subnet(app, "sync-public-a", "10.96.100.0/24", "us-east-1a")
    pb = w.subnet(app, "sync-public-b", "10.96.101.0/24", "us-east-1b")
    oa = w.subnet(app, "dns-out-a", "10.96.8.0/24", "us-east-1a")
    ob = w.subnet(app, "dns-out-b", "10.96.9.0/24", "us-east-1b")
    la = w.subnet(legacy, "legacy-a", "10.50.0.0/24", "us-east-1a")
    igw = w.igw(app)
    nat = w.nat(app, pa, "10.96.100.10", "44.207.83.117")
    vgw = "vgw-0d94000000000000a"
    rtb = w.table(app, "sync-private", [a, oa, ob], [
        {"DestinationCidrBlock": "10.50.0.0/16", "GatewayId": vgw, "Origin": "CreateRoute", "State": "active"},
        {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": nat, "Origin": "CreateRoute", "State": "active"}])
    w.table(app, "sync-public", [pa, pb], [
        {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw, "Origin": "CreateRoute", "State": "active"}])
    fn = w.group(app, "sync-fn")
    out_sg = w.group(app, "resolver-outbound")
    outbound = w.resolver_endpoint("out", [(oa, "10.96.8.10"), (ob, "10.96.9.10")], [out_sg])
    legacy_sg = w.group(legacy, "legacy-dns", ingress=dns_ingress("0.0.0.0/0"))
    w.eni(la, "10.50.0.10", [legacy_sg], "Primary network interface")
    vpce_sg = w.group(app, "sqs-endpoint", ingress=[perm("tcp", 443, cidrs=["10.96.0.0/16"])])
    vpce, _ = w.interface_endpoint(app, "sqs", [(a, "10.96.1.50")], [vpce_sg])
    db_sg = w.group(app, "sync-db", ingress=[perm("tcp", 5432, groups=[fn])])
    w.database("sync-db", app, [pa, pb], [db_sg], "10.96.100.20", public="3.214.10.22")
    rule = w.rule(".", ["10.50.0.10", "10.50.0.11"], outbound, [app], "all-to-on-premises")
    w.function("sync", app, [a], [fn])
    w.write(
        "forward-rule-every-name-to-on-premises-resolvers",
        f"The VPC sync {app} (10.96.0.0/16) runs the function sync in {a} (group {fn}, all egress), whose table "
        f"{rtb} (shared with the Resolver outbound endpoint {outbound}'s subnets) routes 10.50.0.0/16 to the virtual "
        f"private gateway {vgw} (a VPN to the data centre) and 0.0.0.0/0 to the NAT gateway {nat} (Elastic IP "
        f"44.207.83.117). The Resolver rule {rule}, FORWARD for '.', every name, to 10.50.0.10 and 10.50.0.11 "
        f"through {outbound}, is associated with sync: the resolvers on premises answer every name sync's Resolver "
        "does not answer from a more specific zone or rule. A VPC legacy-unconnected "
        f"{legacy} has the same range, 10.50.0.0/16, and even an interface at 10.50.0.10, but nothing joins it to "
        "sync: the queries go where the route table sends them, the VPN, which lambda-reach does not follow (a "
        "note). Resolvers on premises answer as public DNS does. sqs: sync's own interface endpoint "
        f"{vpce} with private DNS is a private zone for sqs.us-east-1.amazonaws.com, more specific than '.', so "
        f"sync's Resolver answers it itself: reachable through {vpce}. sync-db, publicly accessible (3.214.10.22) in "
        "sync's own public subnets, is named under rds.amazonaws.com, which no zone of sync holds: the rule sends "
        "the name on premises, public DNS gives the public address, and the connection leaves through the NAT "
        f"gateway, arriving from 44.207.83.117, which the database's group {db_sg} (tcp 5432 from {fn}) does not "
        f"admit: ENI_SG_RULES_MISMATCH at {db_sg}.",
        "organisation-rules.md, Route 53 Resolver rules: the most specific domain wins, and an interface endpoint's "
        "private DNS is a private zone for the service's name; a forwarding rule's targets are where the outbound "
        "endpoint's route tables send them; resolvers on premises answer as public DNS does "
        f"({RESOLVER_OVERVIEW}); Public addresses: {PUBLICLY_ACCESSIBLE}.",
        [query("sync", "aws:sqs", "reachable", {a: ("reachable", [])}),
         query("sync", "rds:sync-db", "unreachable", {a: ("unreachable", [f"ENI_SG_RULES_MISMATCH@{db_sg}"])},
               port=5432)])


# ---------------------------------------------------------------------------------------------
# 5. A forwarding rule's queries, dropped on their way: a network ACL at the targets, a route
# table without a route from the outbound endpoint's subnets.

def forward_rule_queries_dropped(story, name, hub_acl_blocks, outbound_route):
    w = World(story)
    spoke = w.vpc("payments", "10.97.0.0/16")
    hub = w.vpc("shared-services", "10.98.0.0/16")
    fa = w.subnet(spoke, "payments-a", "10.97.1.0/24", "us-east-1a")
    oa = w.subnet(spoke, "dns-out-a", "10.97.8.0/24", "us-east-1a")
    ob = w.subnet(spoke, "dns-out-b", "10.97.9.0/24", "us-east-1b")
    ia = w.subnet(hub, "dns-in-a", "10.98.3.0/24", "us-east-1a")
    ib = w.subnet(hub, "dns-in-b", "10.98.4.0/24", "us-east-1b")
    ea = w.subnet(hub, "endpoints-a", "10.98.1.0/24", "us-east-1a")
    pcx = w.peering(spoke, hub)
    w.table(spoke, "payments-app", [fa], [peered_route("10.98.0.0/16", pcx)])
    out_rtb = w.table(spoke, "dns-out", [oa, ob], [peered_route("10.98.0.0/16", pcx)] if outbound_route else [])
    w.table(hub, "shared-services", [ia, ib, ea], [peered_route("10.97.0.0/16", pcx)])
    acl = None
    if hub_acl_blocks:
        # Written for HTTPS to the endpoints and its replies: DNS to the inbound endpoint was forgotten.
        acl = w.acl(hub, "dns-in", [ia, ib], [
            (100, True, "allow", "-1", None, "0.0.0.0/0"),
            (100, False, "allow", "6", (443, 443), "0.0.0.0/0"),
            (110, False, "allow", "6", (1024, 65535), "0.0.0.0/0")])
    fn = w.group(spoke, "payments-fn")
    out_sg = w.group(spoke, "resolver-outbound")
    in_sg = w.group(hub, "resolver-inbound", ingress=dns_ingress("10.0.0.0/8"))
    vpce_sg = w.group(hub, "central-endpoints", ingress=[perm("tcp", 443, cidrs=["10.0.0.0/8"])])
    outbound = w.resolver_endpoint("out", [(oa, "10.97.8.10"), (ob, "10.97.9.10")], [out_sg])
    inbound = w.resolver_endpoint("in", [(ia, "10.98.3.53"), (ib, "10.98.4.53")], [in_sg])
    vpce, _ = w.interface_endpoint(hub, "secretsmanager", [(ea, "10.98.1.50")], [vpce_sg])
    rule = w.rule("secretsmanager.us-east-1.amazonaws.com", ["10.98.3.53", "10.98.4.53"], outbound, [spoke],
                  "central-secretsmanager")
    w.function("payments", spoke, [fa], [fn])
    setting = (
        f"The network ACL {acl} of the inbound endpoint's subnets admits inbound tcp 443 and tcp 1024-65535 only: "
        "the queries, udp 53, are denied there (its final rule), from both of the outbound endpoint's subnets, to "
        f"both targets: SUBNET_ACL_RESTRICTION at {acl}, whose fix admits udp 53 from both subnets."
        if hub_acl_blocks else
        f"The outbound endpoint's subnets have their own table {out_rtb}, with the local route only: no route takes "
        f"the queries to 10.98.0.0/16, and they are dropped there: NO_ROUTE_TO_DESTINATION at {out_rtb}, whose fix "
        f"adds the route to {pcx}.")
    blocker = f"SUBNET_ACL_RESTRICTION@{acl}" if hub_acl_blocks else f"NO_ROUTE_TO_DESTINATION@{out_rtb}"
    w.write(
        name,
        f"The VPC payments {spoke} (10.97.0.0/16) runs the function payments in {fa} (group {fn}, all egress), "
        f"peered through {pcx} with shared-services {hub} (10.98.0.0/16), routes both ways for the function's "
        f"subnet and the hub's. The hub holds a Secrets Manager interface endpoint {vpce} (private DNS on) and the "
        f"Route 53 Resolver inbound endpoint {inbound} (10.98.3.53, 10.98.4.53; its group admits udp and tcp 53 from "
        f"10.0.0.0/8). The Resolver rule {rule}, FORWARD for secretsmanager.us-east-1.amazonaws.com to the inbound "
        f"endpoint's addresses through payments' outbound endpoint {outbound} (10.97.8.10 in {oa}, 10.97.9.10 in "
        f"{ob}, all egress), is associated with payments: the hub's Resolver would answer with its endpoint. The "
        "queries are traffic from the outbound endpoint's subnets: their route table and the network ACLs both "
        f"ways decide as for any traffic. {setting} A query that gets no answer leaves the name unresolved (a rule's "
        "answer is final): the function never connects.",
        "organisation-rules.md, Inbound endpoints as targets: 'Make sure that all the target IP addresses are "
        "reachable from the Resolver endpoints' (docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
        "resolver-forwarding-outbound-queries.html): the outbound endpoint's queries are routed from its subnets and "
        "filtered by network ACLs both ways (docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html).",
        [query("payments", "aws:secretsmanager", "unreachable", {fa: ("unreachable", [blocker])})])


# ---------------------------------------------------------------------------------------------
# 6. Services whose names are not SERVICE.REGION.amazonaws.com, centralised in a hub.

def central_named_otherwise():
    w = World(7)
    spoke = w.vpc("builds", "10.99.0.0/16")
    hub = w.vpc("endpoints-hub", "10.100.0.0/16")
    a = w.subnet(spoke, "builds-a", "10.99.1.0/24", "us-east-1a")
    b = w.subnet(spoke, "builds-b", "10.99.2.0/24", "us-east-1b")
    ha = w.subnet(hub, "hub-a", "10.100.1.0/24", "us-east-1a")
    hb = w.subnet(hub, "hub-b", "10.100.2.0/24", "us-east-1b")
    pcx = w.peering(spoke, hub)
    rtb = w.table(spoke, "builds-private", [a, b], [peered_route("10.100.0.0/16", pcx)])
    w.table(hub, "hub", [ha, hb], [peered_route("10.99.0.0/16", pcx)])
    fn = w.group(spoke, "builder")
    vpce_sg = w.group(hub, "hub-endpoints", ingress=[perm("tcp", 443, cidrs=["10.0.0.0/8"])])
    made = {}
    for n, service in enumerate(("ecr.api", "ecr.dkr", "sagemaker.runtime", "execute-api")):
        made[service] = w.interface_endpoint(
            hub, service, [(ha, f"10.100.1.{50 + n}"), (hb, f"10.100.2.{50 + n}")], [vpce_sg], private_dns=False)

    def alias(name, service):
        return {"Name": name + ".", "Type": "A", "AliasTarget": {
            "HostedZoneId": VPCE_ZONE, "DNSName": made[service][1] + ".", "EvaluateTargetHealth": True}}
    z_api = w.zone([spoke], "api.ecr.us-east-1.amazonaws.com", [alias("api.ecr.us-east-1.amazonaws.com", "ecr.api")])
    z_dkr = w.zone([spoke], "dkr.ecr.us-east-1.amazonaws.com", [
        alias("dkr.ecr.us-east-1.amazonaws.com", "ecr.dkr"), alias("*.dkr.ecr.us-east-1.amazonaws.com", "ecr.dkr")])
    z_sm = w.zone([spoke], "runtime.sagemaker.us-east-1.amazonaws.com", [
        alias("runtime.sagemaker.us-east-1.amazonaws.com", "sagemaker.runtime")])
    z_api_gw = w.zone([spoke], "execute-api.us-east-1.amazonaws.com", [
        alias("execute-api.us-east-1.amazonaws.com", "execute-api")])
    w.function("builder", spoke, [a, b], [fn])
    reach = lambda: {s: ("reachable", []) for s in (a, b)}
    w.write(
        "central-endpoints-zones-for-services-named-otherwise",
        f"The VPC builds {spoke} (10.99.0.0/16) runs the function builder in {a} and {b} (group {fn}, all egress); "
        f"its table {rtb} routes 10.100.0.0/16 to the peering {pcx} with endpoints-hub {hub}, and nothing to the "
        "internet. The hub holds interface endpoints, private DNS off, for ecr.api, ecr.dkr, sagemaker.runtime and "
        "execute-api (interfaces in both hub subnets, their group admitting tcp 443 from 10.0.0.0/8), published to "
        "builds by private hosted zones associated with it, each named as the service is called: ECR's API is "
        f"api.ecr.us-east-1.amazonaws.com (zone {z_api}, an alias at its apex to the ecr.api endpoint), Docker "
        f"pulls from a registry's name, ACCOUNT.dkr.ecr.us-east-1.amazonaws.com (zone {z_dkr}, the apex and the "
        f"wildcard *.dkr.ecr.us-east-1.amazonaws.com), SageMaker Runtime is runtime.sagemaker.us-east-1.amazonaws.com "
        f"(zone {z_sm}). Each name resolves to its hub endpoint, reached over the peering: reachable. A private API "
        "is called at {rest-api-id}.execute-api.us-east-1.amazonaws.com, and the zone "
        f"{z_api_gw} (execute-api.us-east-1.amazonaws.com) holds only an apex record: Route 53 answers a name under "
        f"it from the zone alone, NXDOMAIN: DNS_NAME_NOT_RESOLVED at {z_api_gw}, whose fix adds the wildcard record.",
        "semantics.md, Interface endpoints: the service's name an SDK calls (docs.aws.amazon.com/general/latest/gr/"
        "ecr.html: 'When connecting to Amazon ECR through an AWS PrivateLink VPC endpoint, you must use the api.ecr "
        "endpoint'; docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-test-invoke-url.html: "
        "{restapi-id}.execute-api.{region}.amazonaws.com; SageMaker's runtime.sagemaker); organisation-rules.md, "
        "Private hosted zones: a matching zone without the record is NXDOMAIN, and a wildcard answers the names "
        "under it.",
        [query("builder", "aws:ecr.api", "reachable", reach(),
               dns={"name": "api.ecr.us-east-1.amazonaws.com", "endpoint": made["ecr.api"][0], "via": z_api}),
         query("builder", "aws:ecr.dkr", "reachable", reach(),
               dns={"name": "{registry-id}.dkr.ecr.us-east-1.amazonaws.com", "endpoint": made["ecr.dkr"][0],
                    "via": z_dkr}),
         query("builder", "aws:sagemaker.runtime", "reachable", reach(),
               dns={"name": "runtime.sagemaker.us-east-1.amazonaws.com", "endpoint": made["sagemaker.runtime"][0],
                    "via": z_sm}),
         query("builder", "aws:execute-api", "unreachable",
               {s: ("unreachable", [f"DNS_NAME_NOT_RESOLVED@{z_api_gw}"]) for s in (a, b)})])


# ---------------------------------------------------------------------------------------------
# 7. DHCP options naming another VPC's Amazon DNS server; DHCP options not exported.

def dhcp_names_other_vpcs_amazon_dns():
    w = World(8)
    dopt = w.dhcp(["10.102.0.2"])
    app = w.vpc("signing", "10.101.0.0/16", dopt=dopt)
    hub = w.vpc("hub", "10.102.0.0/16")
    a = w.subnet(app, "signing-a", "10.101.1.0/24", "us-east-1a")
    h = w.subnet(hub, "hub-a", "10.102.0.0/24", "us-east-1a")
    pcx = w.peering(app, hub, dns_from_requester=True, dns_from_accepter=True)
    w.table(app, "signing", [a], [peered_route("10.102.0.0/16", pcx)])
    w.table(hub, "hub", [h], [peered_route("10.101.0.0/16", pcx)])
    fn = w.group(app, "signer")
    vpce_sg = w.group(app, "kms-endpoint", ingress=[perm("tcp", 443, cidrs=["10.101.0.0/16"])])
    w.interface_endpoint(app, "kms", [(a, "10.101.1.50")], [vpce_sg])
    w.function("signer", app, [a], [fn])
    w.write(
        "dhcp-options-name-another-vpcs-amazon-dns-server",
        f"The VPC signing {app} (10.101.0.0/16) runs the function signer in {a}, beside a KMS interface endpoint "
        f"with private DNS on. Its DHCP options {dopt} name 10.102.0.2 as the DNS server: the Amazon DNS server of "
        f"the peered VPC hub {hub} (its base address + 2), peered through {pcx} with DNS resolution allowed both "
        "ways, which does not change that: a VPC's Amazon DNS server answers only queries from inside its VPC. "
        "The function's queries get no answer, no name resolves: DESTINATION_NOT_LISTENING at 10.102.0.2. The "
        "fix that works gives signing DHCP options that name AmazonProvidedDNS (create-dhcp-options, then "
        "associate-dhcp-options), not a zone association or a forward.",
        "semantics.md, Names are resolved by the DHCP options' DNS servers: a VPC's Amazon DNS server answers its "
        "own VPC's queries (docs.aws.amazon.com/vpc/latest/userguide/AmazonDNS-concepts.html); a DHCP option set "
        "cannot be changed: a new one is created and associated "
        "(docs.aws.amazon.com/vpc/latest/userguide/DHCPOptionSetConcepts.html).",
        [query("signer", "aws:kms", "unreachable", {a: ("unreachable", ["DESTINATION_NOT_LISTENING@10.102.0.2"])})])


def dhcp_options_not_exported():
    w = World(9)
    app = w.vpc("orders", "10.103.0.0/16", dopt="dopt-0d9900000000000ff")
    a = w.subnet(app, "orders-a", "10.103.1.0/24", "us-east-1a")
    w.table(app, "orders", [a], [])
    fn = w.group(app, "orders-fn")
    vpce_sg = w.group(app, "secrets-endpoint", ingress=[perm("tcp", 443, cidrs=["10.103.0.0/16"])])
    vpce, _ = w.interface_endpoint(app, "secretsmanager", [(a, "10.103.1.50")], [vpce_sg])
    w.function("orders", app, [a], [fn])
    w.write(
        "dhcp-options-set-not-exported-private-dns-taken-as-amazon",
        f"The VPC orders {app} names the DHCP option set dopt-0d9900000000000ff, which no describe-dhcp-options "
        "output in the import lists: which DNS servers its functions ask is not known. AWS's default, and the "
        "answer's assumption, is the Amazon DNS server, whose private DNS for the Secrets Manager interface "
        f"endpoint {vpce} (private DNS on) answers: reachable through it, with a note that the answer rests on "
        "that assumption (servers of the account's own would answer otherwise), and an import warning that names "
        "the set.",
        "semantics.md, Names are resolved by the DHCP options' DNS servers: when the DHCP options were not "
        "exported, the default decides (every VPC has the Amazon DNS server unless its set names others; "
        "docs.aws.amazon.com/vpc/latest/userguide/DHCPOptionSetConcepts.html), and the answer says so.",
        [query("orders", "aws:secretsmanager", "reachable", {a: ("reachable", [])})])


dns_server_in_peered_vpc()
public_dns_servers()
inbound_endpoint_public_database()
forward_every_name_on_premises()
forward_rule_queries_dropped(5, "forward-rule-queries-dropped-by-network-acl-at-targets", True, True)
forward_rule_queries_dropped(6, "forward-rule-outbound-subnets-without-route-to-targets", False, False)
central_named_otherwise()
dhcp_names_other_vpcs_amazon_dns()
dhcp_options_not_exported()
