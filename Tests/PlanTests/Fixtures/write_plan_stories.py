"""Writes the --plan story folders beside this file: plan.json (a `terraform show -json PLANFILE`
written by hand in the format of Terraform's JSON output documentation, see tfplan.py),
inventory/ (the AWS CLI exports of the account before apply) and expected.json.

One model per story gives both the Terraform prior state and the AWS CLI exports, so that the
`before` values, `prior_state` and the inventory agree ID for ID. The expected answers are
written by hand below from Terraform's, the AWS provider's and AWS's documentation and from
docs/semantics.md and docs/blocker-codes.md, never from lambda-reach's output.

    python3 write_plan_stories.py
"""
import copy
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tfplan import (UNK, Res, plan_json, const, refs, ref_attr, cfg_resource, provider_config,
                    dump)

HERE = os.path.dirname(os.path.abspath(__file__))
ACCT = "123456789012"
REGION = "us-east-1"
AZ_ID = {"us-east-1a": "use1-az4", "us-east-1b": "use1-az6", "us-east-1c": "use1-az1"}
VPC_ACCESS = "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"
ASSUME = ('{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":'
          '{"Service":"lambda.amazonaws.com"}}],"Version":"2012-10-17"}')
MODULE_SOURCE = "terraform-aws-modules/vpc/aws"
MODULE_VERSION = "5.14.0"
SERVICE_TAGS = {"Service": "orders"}

URL_TF_JSON = "https://developer.hashicorp.com/terraform/internals/json-format"
URL_SG = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group"
URL_SGR = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group_rule"
URL_RT = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/route_table"
URL_ROUTE = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/route"
URL_RTA = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/route_table_association"
URL_DSG = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_security_group"
URL_DACL = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_network_acl"
URL_DRT = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/default_route_table"
URL_LAMBDA = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function"
URL_MODULE = "https://registry.terraform.io/modules/terraform-aws-modules/vpc/aws/5.14.0"
URL_NAT = "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html"
URL_RTB_AWS = "https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html"
URL_NACL_AWS = "https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html"
URL_REPLACE_ASSOC = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ReplaceRouteTableAssociation.html"


# ==== the model: one VPC as AWS has it ========================================================

class Net:
    """A VPC as AWS has it before apply. IDs are `<prefix>-0a1b2c3d4e5f6<story><nnn>`."""

    def __init__(self, story, name="orders", cidr="10.0.0.0/16"):
        self.s, self.name, self.cidr = story, name, cidr
        self.vpc = self.id("vpc", 1)
        self.dopt = self.id("dopt", 121)
        self.acl = self.id("acl", 101)
        self.default_sg = self.id("sg", 91)
        self.main_rtb = self.id("rtb", 21)
        self.main_assoc = self.id("rtbassoc", 30)
        self.igw = None
        self.subnets = {}    # key -> dict(id, cidr, az, name)
        self.rtbs = {}       # key -> dict(id, name, routes=[(cidr, kind, target)], assoc={subnet_key: assoc_id})
        self.nats = {}       # key -> dict(id, subnet, alloc, assoc, eni, private_ip, public_ip, name)
        self.sgs = {}        # key -> dict(id, name, description, ingress=[rule], egress=[rule])
        self.default_sg_rules = True
        self.functions = []
        self.dbs = []

    def id(self, prefix, n):
        return f"{prefix}-0a1b2c3d4e5f6{self.s}{n:03d}"

    def add_subnet(self, key, n, cidr, az, name, free=250):
        self.subnets[key] = dict(n=n, id=self.id("subnet", n), cidr=cidr, az=az, name=name, free=free,
                                 acl_assoc=self.id("aclassoc", 100 + n))

    def add_rtb(self, key, n, name, routes=(), subnets=()):
        self.rtbs[key] = dict(id=self.id("rtb", n), name=name, routes=list(routes),
                              assoc={s: self.id("rtbassoc", 20 + self.subnets[s]["n"]) for s in subnets})

    def add_nat(self, key, n, subnet, private_ip, public_ip, name):
        self.nats[key] = dict(id=self.id("nat", 50 + n), subnet=subnet, alloc=self.id("eipalloc", 60 + n),
                              eip_assoc=self.id("eipassoc", 70 + n), eni=self.id("eni", 80 + n),
                              private_ip=private_ip, public_ip=public_ip, name=name)

    def rtb_of(self, subnet_key):
        for r in self.rtbs.values():
            if subnet_key in r["assoc"]:
                return r
        return None


def sg_rule(proto="-1", from_port=0, to_port=0, cidrs=(), groups=(), description=""):
    return dict(proto=proto, from_port=from_port, to_port=to_port, cidrs=list(cidrs),
                groups=list(groups), description=description)


ALL_OUT = sg_rule(cidrs=["0.0.0.0/0"])


def base_network(story, nat_per_az=True, name="orders", octet=None):
    """terraform-aws-modules/vpc/aws 5.14.0 with two AZs, deployed: the IDs AWS gave it. `story` is one
    hex digit of the IDs; `octet` the third octet's first digit of the NAT gateways' public addresses
    (the story's, when it is a decimal digit)."""
    n = Net(story, name)
    octet = story if octet is None else octet
    n.igw = n.id("igw", 41)
    n.add_subnet("public-a", 11, "10.0.101.0/24", "us-east-1a", f"{name}-public-us-east-1a", 249)
    n.add_subnet("public-b", 12, "10.0.102.0/24", "us-east-1b", f"{name}-public-us-east-1b", 249)
    n.add_subnet("private-a", 13, "10.0.1.0/24", "us-east-1a", f"{name}-private-us-east-1a", 247)
    n.add_subnet("private-b", 14, "10.0.2.0/24", "us-east-1b", f"{name}-private-us-east-1b", 247)
    n.add_nat("a", 1, "public-a", "10.0.101.184", f"52.4.{octet}0.17", f"{name}-us-east-1a")
    if nat_per_az:
        n.add_nat("b", 2, "public-b", "10.0.102.37", f"52.4.{octet}0.29", f"{name}-us-east-1b")
    n.add_rtb("public", 22, f"{name}-public", [("0.0.0.0/0", "igw", n.igw)], ["public-a", "public-b"])
    if nat_per_az:
        n.add_rtb("private-a", 23, f"{name}-private-us-east-1a",
                  [("0.0.0.0/0", "nat", n.nats["a"]["id"])], ["private-a"])
        n.add_rtb("private-b", 24, f"{name}-private-us-east-1b",
                  [("0.0.0.0/0", "nat", n.nats["b"]["id"])], ["private-b"])
    else:
        n.add_rtb("private-a", 23, f"{name}-private", [("0.0.0.0/0", "nat", n.nats["a"]["id"])],
                  ["private-a", "private-b"])
    return n


def add_orders_function(n, sg_ids, subnets=("private-a", "private-b")):
    n.functions.append(dict(name="orders", role=f"arn:aws:iam::{ACCT}:role/orders-lambda",
                            subnets=[n.subnets[s]["id"] for s in subnets], sgs=list(sg_ids),
                            sha="k3Jq1m0vWc8P5y7ZB2dQ4tFh6aXn9sRe0LuGiKoYpVw=", size=48213,
                            modified="2024-10-21T08:14:52.118+0000"))


# ==== AWS CLI exports ==========================================================================

def tag_list(name):
    return [{"Key": "Name", "Value": name}] if name else []


def tags_with_service(name, extra=True):
    t = tag_list(name)
    if extra:
        t.append({"Key": "Service", "Value": "orders"})
    return t


def cli_inventory(n, module_tags=True):
    vpcs = {"Vpcs": [{
        "CidrBlock": n.cidr, "DhcpOptionsId": n.dopt, "State": "available", "VpcId": n.vpc,
        "OwnerId": ACCT, "InstanceTenancy": "default",
        "CidrBlockAssociationSet": [{"AssociationId": n.id("vpc-cidr-assoc", 131), "CidrBlock": n.cidr,
                                     "CidrBlockState": {"State": "associated"}}],
        "IsDefault": False, "Tags": tags_with_service(n.name, module_tags)}]}
    subnets = {"Subnets": [{
        "AvailabilityZone": s["az"], "AvailabilityZoneId": AZ_ID[s["az"]],
        "AvailableIpAddressCount": s["free"], "CidrBlock": s["cidr"], "DefaultForAz": False,
        "MapPublicIpOnLaunch": False, "MapCustomerOwnedIpOnLaunch": False, "State": "available",
        "SubnetId": s["id"], "VpcId": n.vpc, "OwnerId": ACCT, "AssignIpv6AddressOnCreation": False,
        "Ipv6CidrBlockAssociationSet": [], "Tags": tags_with_service(s["name"], module_tags),
        "SubnetArn": f"arn:aws:ec2:{REGION}:{ACCT}:subnet/{s['id']}", "EnableDns64": False,
        "Ipv6Native": False,
        "PrivateDnsNameOptionsOnLaunch": {"HostnameType": "ip-name", "EnableResourceNameDnsARecord": False,
                                          "EnableResourceNameDnsAAAARecord": False}}
        for s in n.subnets.values()]}

    def route(cidr, kind, target):
        r = {"DestinationCidrBlock": cidr}
        r[{"igw": "GatewayId", "nat": "NatGatewayId"}[kind]] = target
        r.update({"Origin": "CreateRoute", "State": "active"})
        return r

    local = {"DestinationCidrBlock": n.cidr, "GatewayId": "local", "Origin": "CreateRouteTable",
             "State": "active"}
    tables = [{"Associations": [{"Main": True, "RouteTableAssociationId": n.main_assoc,
                                 "RouteTableId": n.main_rtb, "AssociationState": {"State": "associated"}}],
               "PropagatingVgws": [], "RouteTableId": n.main_rtb, "Routes": [local],
               "Tags": tags_with_service(f"{n.name}-default", module_tags) if module_tags else [],
               "VpcId": n.vpc, "OwnerId": ACCT}]
    for r in n.rtbs.values():
        tables.append({
            "Associations": [{"Main": False, "RouteTableAssociationId": aid, "RouteTableId": r["id"],
                              "SubnetId": n.subnets[s]["id"], "AssociationState": {"State": "associated"}}
                             for s, aid in r["assoc"].items()],
            "PropagatingVgws": [], "RouteTableId": r["id"],
            "Routes": [local] + [route(*x) for x in r["routes"]],
            "Tags": tags_with_service(r["name"], module_tags), "VpcId": n.vpc, "OwnerId": ACCT})
    igws = {"InternetGateways": [{"Attachments": [{"State": "available", "VpcId": n.vpc}],
                                  "InternetGatewayId": n.igw, "OwnerId": ACCT,
                                  "Tags": tags_with_service(n.name, module_tags)}]}
    nats = {"NatGateways": [{
        "CreateTime": "2024-10-14T09:02:11+00:00",
        "NatGatewayAddresses": [{"AllocationId": g["alloc"], "NetworkInterfaceId": g["eni"],
                                 "PrivateIp": g["private_ip"], "PublicIp": g["public_ip"],
                                 "AssociationId": g["eip_assoc"], "IsPrimary": True, "Status": "succeeded"}],
        "NatGatewayId": g["id"], "State": "available", "SubnetId": n.subnets[g["subnet"]]["id"],
        "VpcId": n.vpc, "Tags": tags_with_service(g["name"], module_tags), "ConnectivityType": "public"}
        for g in n.nats.values()]}

    def entry(egress, num, action, v6=False):
        e = {"Egress": egress, "Protocol": "-1", "RuleAction": action, "RuleNumber": num}
        e["Ipv6CidrBlock" if v6 else "CidrBlock"] = "::/0" if v6 else "0.0.0.0/0"
        return e

    entries = [entry(True, 100, "allow"), entry(True, 101, "allow", True), entry(True, 32767, "deny"),
               entry(False, 100, "allow"), entry(False, 101, "allow", True), entry(False, 32767, "deny")]
    if not module_tags:
        entries = [e for e in entries if e["RuleNumber"] != 101]
    acls = {"NetworkAcls": [{
        "Associations": [{"NetworkAclAssociationId": s["acl_assoc"], "NetworkAclId": n.acl, "SubnetId": s["id"]}
                         for s in n.subnets.values()],
        "Entries": entries, "IsDefault": True, "NetworkAclId": n.acl,
        "Tags": tags_with_service(f"{n.name}-default", module_tags) if module_tags else [],
        "VpcId": n.vpc, "OwnerId": ACCT}]}

    def perm(rule):
        p = {"IpProtocol": rule["proto"]}
        if rule["proto"] != "-1":
            p.update({"FromPort": rule["from_port"], "ToPort": rule["to_port"]})
        p["IpRanges"] = [dict({"CidrIp": c}, **({"Description": rule["description"]} if rule["description"] else {}))
                         for c in rule["cidrs"]]
        p.update({"Ipv6Ranges": [], "PrefixListIds": []})
        p["UserIdGroupPairs"] = [dict({"GroupId": g, "UserId": ACCT},
                                      **({"Description": rule["description"]} if rule["description"] else {}))
                                 for g in rule["groups"]]
        return p

    default_in = [perm(sg_rule(groups=[n.default_sg]))] if n.default_sg_rules else []
    default_out = [perm(ALL_OUT)] if n.default_sg_rules else []
    groups = [{"Description": "default VPC security group", "GroupName": "default",
               "IpPermissions": default_in, "OwnerId": ACCT, "GroupId": n.default_sg,
               "IpPermissionsEgress": default_out,
               "Tags": tags_with_service(f"{n.name}-default", module_tags) if module_tags else [],
               "VpcId": n.vpc,
               "SecurityGroupArn": f"arn:aws:ec2:{REGION}:{ACCT}:security-group/{n.default_sg}"}]
    for g in n.sgs.values():
        groups.append({"Description": g["description"], "GroupName": g["name"],
                       "IpPermissions": [perm(r) for r in g["ingress"]], "OwnerId": ACCT, "GroupId": g["id"],
                       "IpPermissionsEgress": [perm(r) for r in g["egress"]],
                       "Tags": [{"Key": "Service", "Value": "orders"}], "VpcId": n.vpc,
                       "SecurityGroupArn": f"arn:aws:ec2:{REGION}:{ACCT}:security-group/{g['id']}"})
    out = {"describe-vpcs.json": vpcs, "describe-subnets.json": subnets,
           "describe-route-tables.json": {"RouteTables": tables}, "describe-internet-gateways.json": igws,
           "describe-nat-gateways.json": nats, "describe-network-acls.json": acls,
           "describe-security-groups.json": {"SecurityGroups": groups}}
    if n.functions:
        out["list-functions.json"] = {"Functions": [{
            "FunctionName": f["name"],
            "FunctionArn": f"arn:aws:lambda:{REGION}:{ACCT}:function:{f['name']}",
            "Runtime": "python3.12", "Role": f["role"], "Handler": "app.handler", "CodeSize": f["size"],
            "Description": "", "Timeout": 30, "MemorySize": 256, "LastModified": f["modified"],
            "CodeSha256": f["sha"], "Version": "$LATEST",
            "VpcConfig": {"SubnetIds": f["subnets"], "SecurityGroupIds": f["sgs"], "VpcId": n.vpc,
                          "Ipv6AllowedForDualStack": False},
            "TracingConfig": {"Mode": "PassThrough"},
            "RevisionId": "3e8a4f0c-7b1d-4c55-9a61-2f0d9e4b7c13", "State": "Active",
            "LastUpdateStatus": "Successful", "PackageType": "Zip", "Architectures": ["x86_64"],
            "EphemeralStorage": {"Size": 512}, "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
            "LoggingConfig": {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{f['name']}"}}
            for f in n.functions]}
    if n.dbs:
        out["describe-db-instances.json"] = {"DBInstances": [{
            "DBInstanceIdentifier": d["identifier"], "DBInstanceClass": "db.t4g.micro", "Engine": "postgres",
            "DBInstanceStatus": "available", "MasterUsername": "orders", "DBName": "orders",
            "Endpoint": {"Address": d["address"], "Port": 5432, "HostedZoneId": "Z2R2ITUGPM61AM"},
            "AllocatedStorage": 20, "InstanceCreateTime": "2024-10-14T09:31:40.112000+00:00",
            "PreferredBackupWindow": "07:12-07:42", "BackupRetentionPeriod": 7, "DBSecurityGroups": [],
            "VpcSecurityGroups": [{"VpcSecurityGroupId": g, "Status": "active"} for g in d["sgs"]],
            "AvailabilityZone": "us-east-1a",
            "DBSubnetGroup": {"DBSubnetGroupName": d["subnet_group"], "DBSubnetGroupDescription": "orders database",
                              "VpcId": n.vpc, "SubnetGroupStatus": "Complete",
                              "Subnets": [{"SubnetIdentifier": n.subnets[s]["id"],
                                           "SubnetAvailabilityZone": {"Name": n.subnets[s]["az"]},
                                           "SubnetOutpost": {}, "SubnetStatus": "Active"}
                                          for s in d["subnets"]]},
            "MultiAZ": False, "EngineVersion": "16.4", "AutoMinorVersionUpgrade": True,
            "PubliclyAccessible": False, "StorageType": "gp3", "DbInstancePort": 0,
            "StorageEncrypted": True, "DbiResourceId": d["resource_id"],
            "DBInstanceArn": f"arn:aws:rds:{REGION}:{ACCT}:db:{d['identifier']}",
            "DeletionProtection": True}
            for d in n.dbs]}
    return out


def write_inventory(folder, n, module_tags=True):
    inv = os.path.join(folder, "inventory")
    os.makedirs(inv, exist_ok=True)
    for f in os.listdir(inv):
        os.remove(os.path.join(inv, f))
    for name, doc in cli_inventory(n, module_tags).items():
        dump(os.path.join(inv, name), doc)


# ==== Terraform values (AWS provider 5.72 attribute sets) ======================================

def tags_for(name, service=True):
    t = {}
    if name:
        t["Name"] = name
    if service:
        t.update(SERVICE_TAGS)
    return t


def v_vpc(n=None, name="orders", tags=None):
    t = tags if tags is not None else tags_for(name)
    if n is None:
        return {"arn": UNK, "assign_generated_ipv6_cidr_block": None, "cidr_block": "10.0.0.0/16",
                "default_network_acl_id": UNK, "default_route_table_id": UNK,
                "default_security_group_id": UNK, "dhcp_options_id": UNK, "enable_dns_hostnames": True,
                "enable_dns_support": True, "enable_network_address_usage_metrics": UNK, "id": UNK,
                "instance_tenancy": "default", "ipv4_ipam_pool_id": None, "ipv4_netmask_length": None,
                "ipv6_association_id": UNK, "ipv6_cidr_block": UNK,
                "ipv6_cidr_block_network_border_group": UNK, "ipv6_ipam_pool_id": None,
                "ipv6_netmask_length": None, "main_route_table_id": UNK, "owner_id": UNK, "tags": t,
                "tags_all": dict(t)}
    return {"arn": f"arn:aws:ec2:{REGION}:{ACCT}:vpc/{n.vpc}", "assign_generated_ipv6_cidr_block": False,
            "cidr_block": n.cidr, "default_network_acl_id": n.acl, "default_route_table_id": n.main_rtb,
            "default_security_group_id": n.default_sg, "dhcp_options_id": n.dopt,
            "enable_dns_hostnames": True, "enable_dns_support": True,
            "enable_network_address_usage_metrics": False, "id": n.vpc, "instance_tenancy": "default",
            "ipv4_ipam_pool_id": None, "ipv4_netmask_length": None, "ipv6_association_id": "",
            "ipv6_cidr_block": "", "ipv6_cidr_block_network_border_group": "", "ipv6_ipam_pool_id": "",
            "ipv6_netmask_length": 0, "main_route_table_id": n.main_rtb, "owner_id": ACCT, "tags": t,
            "tags_all": dict(t)}


def v_subnet(cidr, az, name, n=None, key=None, vpc_id=UNK, tags=None):
    t = tags if tags is not None else tags_for(name)
    if n is None:
        return {"arn": UNK, "assign_ipv6_address_on_creation": False, "availability_zone": az,
                "availability_zone_id": UNK, "cidr_block": cidr, "customer_owned_ipv4_pool": None,
                "enable_dns64": False, "enable_lni_at_device_index": UNK,
                "enable_resource_name_dns_a_record_on_launch": False,
                "enable_resource_name_dns_aaaa_record_on_launch": False, "id": UNK,
                "ipv6_cidr_block": None, "ipv6_cidr_block_association_id": UNK, "ipv6_native": False,
                "map_customer_owned_ip_on_launch": None, "map_public_ip_on_launch": False,
                "outpost_arn": None, "owner_id": UNK, "private_dns_hostname_type_on_launch": UNK,
                "tags": t, "tags_all": dict(t), "timeouts": None, "vpc_id": vpc_id}
    sid = n.subnets[key]["id"]
    return {"arn": f"arn:aws:ec2:{REGION}:{ACCT}:subnet/{sid}", "assign_ipv6_address_on_creation": False,
            "availability_zone": az, "availability_zone_id": AZ_ID[az], "cidr_block": cidr,
            "customer_owned_ipv4_pool": "", "enable_dns64": False, "enable_lni_at_device_index": 0,
            "enable_resource_name_dns_a_record_on_launch": False,
            "enable_resource_name_dns_aaaa_record_on_launch": False, "id": sid, "ipv6_cidr_block": "",
            "ipv6_cidr_block_association_id": "", "ipv6_native": False,
            "map_customer_owned_ip_on_launch": False, "map_public_ip_on_launch": False, "outpost_arn": "",
            "owner_id": ACCT, "private_dns_hostname_type_on_launch": "ip-name", "tags": t,
            "tags_all": dict(t), "timeouts": None, "vpc_id": n.vpc}


def v_igw(n=None, name="orders", tags=None):
    t = tags if tags is not None else tags_for(name)
    if n is None:
        return {"arn": UNK, "id": UNK, "owner_id": UNK, "tags": t, "tags_all": dict(t), "timeouts": None,
                "vpc_id": UNK}
    return {"arn": f"arn:aws:ec2:{REGION}:{ACCT}:internet-gateway/{n.igw}", "id": n.igw, "owner_id": ACCT,
            "tags": t, "tags_all": dict(t), "timeouts": None, "vpc_id": n.vpc}


def route_obj(cidr, kind, target):
    r = {"carrier_gateway_id": "", "cidr_block": cidr, "core_network_arn": "",
         "destination_prefix_list_id": "", "egress_only_gateway_id": "", "gateway_id": "",
         "ipv6_cidr_block": "", "local_gateway_id": "", "nat_gateway_id": "", "network_interface_id": "",
         "transit_gateway_id": "", "vpc_endpoint_id": "", "vpc_peering_connection_id": ""}
    r[{"igw": "gateway_id", "nat": "nat_gateway_id"}[kind]] = target
    return r


def v_rtb(name, n=None, key=None, tags=None, inline_routes=None, vpc_id=UNK):
    """inline_routes: the routes of the configuration's `route` blocks (known at plan), or None when the
    configuration has no `route` argument (then `route` is computed: unknown at create, and in state
    whatever AWS has, including routes made by aws_route resources)."""
    t = tags if tags is not None else tags_for(name)
    if n is None:
        return {"arn": UNK, "id": UNK, "owner_id": UNK, "propagating_vgws": UNK,
                "route": UNK if inline_routes is None else inline_routes, "tags": t, "tags_all": dict(t),
                "timeouts": None, "vpc_id": vpc_id}
    r = n.rtbs[key]
    return {"arn": f"arn:aws:ec2:{REGION}:{ACCT}:route-table/{r['id']}", "id": r["id"], "owner_id": ACCT,
            "propagating_vgws": [], "route": [route_obj(*x) for x in r["routes"]], "tags": t,
            "tags_all": dict(t), "timeouts": None, "vpc_id": n.vpc}


def v_route(rtb_id=UNK, nat_id=None, igw_id=None, n=None):
    """aws_route to 0.0.0.0/0. With n (state), rtb_id and the target are the AWS IDs."""
    if n is None:
        return {"carrier_gateway_id": None, "core_network_arn": None, "destination_cidr_block": "0.0.0.0/0",
                "destination_ipv6_cidr_block": None, "destination_prefix_list_id": None,
                "egress_only_gateway_id": None, "gateway_id": igw_id, "id": UNK, "instance_id": UNK,
                "instance_owner_id": UNK, "local_gateway_id": None, "nat_gateway_id": nat_id,
                "network_interface_id": UNK, "origin": UNK, "route_table_id": rtb_id, "state": UNK,
                "timeouts": {"create": "5m", "delete": None, "update": None}, "transit_gateway_id": None,
                "vpc_endpoint_id": None, "vpc_peering_connection_id": None}
    return {"carrier_gateway_id": "", "core_network_arn": "", "destination_cidr_block": "0.0.0.0/0",
            "destination_ipv6_cidr_block": "", "destination_prefix_list_id": "", "egress_only_gateway_id": "",
            "gateway_id": igw_id or "", "id": f"r-{rtb_id}1080289494", "instance_id": "",
            "instance_owner_id": "", "local_gateway_id": "", "nat_gateway_id": nat_id or "",
            "network_interface_id": "", "origin": "CreateRoute", "route_table_id": rtb_id, "state": "active",
            "timeouts": {"create": "5m", "delete": None, "update": None}, "transit_gateway_id": "",
            "vpc_endpoint_id": "", "vpc_peering_connection_id": ""}


def v_assoc(subnet_id=UNK, rtb_id=UNK, assoc_id=UNK):
    return {"gateway_id": None if assoc_id is UNK else "", "id": assoc_id, "route_table_id": rtb_id,
            "subnet_id": subnet_id}


def v_eip(name, n=None, key=None, tags=None):
    t = tags if tags is not None else tags_for(name)
    if n is None:
        return {"address": None, "allocation_id": UNK, "arn": UNK, "associate_with_private_ip": None,
                "association_id": UNK, "carrier_ip": UNK, "customer_owned_ip": UNK,
                "customer_owned_ipv4_pool": None, "domain": "vpc", "id": UNK, "instance": UNK,
                "network_border_group": UNK, "network_interface": UNK, "private_dns": UNK, "private_ip": UNK,
                "ptr_record": UNK, "public_dns": UNK, "public_ip": UNK, "public_ipv4_pool": UNK, "tags": t,
                "tags_all": dict(t), "timeouts": None, "vpc": UNK}
    g = n.nats[key]
    return {"address": None, "allocation_id": g["alloc"],
            "arn": f"arn:aws:ec2:{REGION}:{ACCT}:elastic-ip/{g['alloc']}", "associate_with_private_ip": None,
            "association_id": g["eip_assoc"], "carrier_ip": "", "customer_owned_ip": "",
            "customer_owned_ipv4_pool": "", "domain": "vpc", "id": g["alloc"], "instance": "",
            "network_border_group": REGION, "network_interface": g["eni"],
            "private_dns": f"ip-{g['private_ip'].replace('.', '-')}.ec2.internal", "private_ip": g["private_ip"],
            "ptr_record": "", "public_dns": f"ec2-{g['public_ip'].replace('.', '-')}.compute-1.amazonaws.com",
            "public_ip": g["public_ip"], "public_ipv4_pool": "amazon", "tags": t, "tags_all": dict(t),
            "timeouts": None, "vpc": True}


def v_nat(name, n=None, key=None, tags=None, subnet_id=UNK, allocation_id=UNK):
    t = tags if tags is not None else tags_for(name)
    if n is None:
        return {"allocation_id": allocation_id, "association_id": UNK, "connectivity_type": "public", "id": UNK,
                "network_interface_id": UNK, "private_ip": UNK, "public_ip": UNK,
                "secondary_allocation_ids": UNK, "secondary_private_ip_address_count": UNK,
                "secondary_private_ip_addresses": UNK, "subnet_id": subnet_id, "tags": t, "tags_all": dict(t),
                "timeouts": None}
    g = n.nats[key]
    return {"allocation_id": g["alloc"], "association_id": g["eip_assoc"], "connectivity_type": "public",
            "id": g["id"], "network_interface_id": g["eni"], "private_ip": g["private_ip"],
            "public_ip": g["public_ip"], "secondary_allocation_ids": [],
            "secondary_private_ip_address_count": 0, "secondary_private_ip_addresses": [],
            "subnet_id": n.subnets[g["subnet"]]["id"], "tags": t, "tags_all": dict(t), "timeouts": None}


def v_default_sg(n=None, name="orders-default"):
    t = tags_for(name)
    if n is None:
        return {"arn": UNK, "description": UNK, "egress": UNK, "id": UNK, "ingress": UNK, "name": UNK,
                "name_prefix": UNK, "owner_id": UNK, "revoke_rules_on_delete": False, "tags": t,
                "tags_all": dict(t), "vpc_id": UNK}
    return {"arn": f"arn:aws:ec2:{REGION}:{ACCT}:security-group/{n.default_sg}",
            "description": "default VPC security group", "egress": [], "id": n.default_sg, "ingress": [],
            "name": "default", "name_prefix": "", "owner_id": ACCT, "revoke_rules_on_delete": False, "tags": t,
            "tags_all": dict(t), "vpc_id": n.vpc}


def acl_rule(cidr, num):
    return {"action": "allow", "cidr_block": "" if ":" in cidr else cidr, "from_port": 0, "icmp_code": 0,
            "icmp_type": 0, "ipv6_cidr_block": cidr if ":" in cidr else "", "protocol": "-1", "rule_no": num,
            "to_port": 0}


def v_default_acl(n=None, name="orders-default"):
    t = tags_for(name)
    rules = [acl_rule("0.0.0.0/0", 100), acl_rule("::/0", 101)]
    if n is None:
        return {"arn": UNK, "default_network_acl_id": UNK, "egress": rules, "id": UNK,
                "ingress": copy.deepcopy(rules), "owner_id": UNK, "subnet_ids": UNK, "tags": t,
                "tags_all": dict(t), "vpc_id": UNK}
    return {"arn": f"arn:aws:ec2:{REGION}:{ACCT}:network-acl/{n.acl}", "default_network_acl_id": n.acl,
            "egress": rules, "id": n.acl, "ingress": copy.deepcopy(rules), "owner_id": ACCT,
            "subnet_ids": sorted(s["id"] for s in n.subnets.values()), "tags": t, "tags_all": dict(t),
            "vpc_id": n.vpc}


def v_default_rtb(n=None, name="orders-default"):
    t = tags_for(name)
    if n is None:
        return {"arn": UNK, "default_route_table_id": UNK, "id": UNK, "owner_id": UNK, "propagating_vgws": [],
                "route": UNK, "tags": t, "tags_all": dict(t), "timeouts": {"create": "5m", "update": "5m"},
                "vpc_id": UNK}
    return {"arn": f"arn:aws:ec2:{REGION}:{ACCT}:route-table/{n.main_rtb}", "default_route_table_id": n.main_rtb,
            "id": n.main_rtb, "owner_id": ACCT, "propagating_vgws": [], "route": [], "tags": t,
            "tags_all": dict(t), "timeouts": {"create": "5m", "update": "5m"}, "vpc_id": n.vpc}


def tf_sg_rule(rule):
    """An inline rule as the provider stores it (set element, zero values for what is not set)."""
    return {"cidr_blocks": list(rule["cidrs"]), "description": rule["description"],
            "from_port": rule["from_port"], "ipv6_cidr_blocks": [], "prefix_list_ids": [],
            "protocol": rule["proto"], "security_groups": list(rule["groups"]), "self": False,
            "to_port": rule["to_port"]}


def v_sg(name, description, egress, n=None, key=None, vpc_id=UNK, ingress=None):
    """egress/ingress: lists of rules given by inline blocks, or None when the configuration has no such
    blocks (then the attribute is computed: unknown at create; in state, what AWS has)."""
    t = dict(SERVICE_TAGS)
    if n is None:
        return {"arn": UNK, "description": description,
                "egress": UNK if egress is None else [tf_sg_rule(r) for r in egress], "id": UNK,
                "ingress": UNK if ingress is None else [tf_sg_rule(r) for r in ingress], "name": name,
                "name_prefix": UNK, "owner_id": UNK, "revoke_rules_on_delete": False, "tags": t,
                "tags_all": dict(t), "timeouts": None, "vpc_id": vpc_id}
    g = n.sgs[key]
    return {"arn": f"arn:aws:ec2:{REGION}:{ACCT}:security-group/{g['id']}", "description": description,
            "egress": [tf_sg_rule(r) for r in g["egress"]], "id": g["id"],
            "ingress": [tf_sg_rule(r) for r in g["ingress"]], "name": name, "name_prefix": "",
            "owner_id": ACCT, "revoke_rules_on_delete": False, "tags": t, "tags_all": dict(t), "timeouts": None,
            "vpc_id": n.vpc}


def v_sgr(rule_id, sgr_id, sg_id, rule, source_sg=None):
    return {"cidr_blocks": list(rule["cidrs"]) or None, "description": rule["description"] or None,
            "from_port": rule["from_port"], "id": rule_id, "ipv6_cidr_blocks": None, "prefix_list_ids": None,
            "protocol": rule["proto"], "security_group_id": sg_id, "security_group_rule_id": sgr_id,
            "self": False, "source_security_group_id": source_sg or "", "timeouts": None,
            "to_port": rule["to_port"], "type": "ingress"}


def v_role(created=True):
    t = dict(SERVICE_TAGS)
    if created:
        return {"arn": UNK, "assume_role_policy": ASSUME, "create_date": UNK, "description": None,
                "force_detach_policies": False, "id": UNK, "inline_policy": UNK, "managed_policy_arns": UNK,
                "max_session_duration": 3600, "name": "orders-lambda", "name_prefix": UNK, "path": "/",
                "permissions_boundary": None, "tags": t, "tags_all": dict(t), "unique_id": UNK}
    return {"arn": f"arn:aws:iam::{ACCT}:role/orders-lambda", "assume_role_policy": ASSUME,
            "create_date": "2024-10-14T09:25:03Z", "description": "", "force_detach_policies": False,
            "id": "orders-lambda", "inline_policy": [], "managed_policy_arns": [VPC_ACCESS],
            "max_session_duration": 3600, "name": "orders-lambda", "name_prefix": "", "path": "/",
            "permissions_boundary": "", "tags": t, "tags_all": dict(t), "unique_id": "AROAQ3EGRSX5T2ZJ7N4KD"}


def v_attach(created=True):
    return {"id": UNK if created else "orders-lambda-20241014092504118300000001", "policy_arn": VPC_ACCESS,
            "role": "orders-lambda"}


def v_log_group(created=True):
    t = dict(SERVICE_TAGS)
    if created:
        return {"arn": UNK, "id": UNK, "kms_key_id": None, "log_group_class": UNK, "name": "/aws/lambda/orders",
                "name_prefix": UNK, "retention_in_days": 14, "skip_destroy": False, "tags": t,
                "tags_all": dict(t)}
    return {"arn": f"arn:aws:logs:{REGION}:{ACCT}:log-group:/aws/lambda/orders", "id": "/aws/lambda/orders",
            "kms_key_id": "", "log_group_class": "STANDARD", "name": "/aws/lambda/orders", "name_prefix": "",
            "retention_in_days": 14, "skip_destroy": False, "tags": t, "tags_all": dict(t)}


SOURCE_HASH = "k3Jq1m0vWc8P5y7ZB2dQ4tFh6aXn9sRe0LuGiKoYpVw="


def v_lambda(vpc_config, n=None):
    """vpc_config: [{ipv6_allowed_for_dual_stack, security_group_ids, subnet_ids, vpc_id}] (UNK allowed)."""
    t = dict(SERVICE_TAGS)
    common = {"code_signing_config_arn": None, "dead_letter_config": [], "description": None,
              "environment": [], "file_system_config": [], "filename": "build/orders.zip",
              "function_name": "orders", "handler": "app.handler", "image_config": [], "image_uri": None,
              "kms_key_arn": None, "layers": None, "memory_size": 256, "package_type": "Zip", "publish": False,
              "replace_security_groups_on_destroy": None, "replacement_security_group_ids": None,
              "reserved_concurrent_executions": -1, "runtime": "python3.12", "s3_bucket": None, "s3_key": None,
              "s3_object_version": None, "skip_destroy": False, "snap_start": [],
              "source_code_hash": SOURCE_HASH, "tags": t, "tags_all": dict(t), "timeout": 30, "timeouts": None,
              "vpc_config": vpc_config}
    if n is None:
        v = {"architectures": UNK, "arn": UNK, "code_sha256": UNK, "ephemeral_storage": UNK, "id": UNK,
             "invoke_arn": UNK, "last_modified": UNK, "logging_config": UNK, "qualified_arn": UNK,
             "qualified_invoke_arn": UNK, "role": UNK, "signing_job_arn": UNK,
             "signing_profile_version_arn": UNK, "source_code_size": UNK, "tracing_config": UNK,
             "version": UNK}
    else:
        f = n.functions[0]
        arn = f"arn:aws:lambda:{REGION}:{ACCT}:function:orders"
        inv = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{arn}/invocations"
        v = {"architectures": ["x86_64"], "arn": arn, "code_sha256": f["sha"],
             "ephemeral_storage": [{"size": 512}], "id": "orders", "invoke_arn": inv,
             "last_modified": f["modified"],
             "logging_config": [{"application_log_level": "", "log_format": "Text",
                                 "log_group": "/aws/lambda/orders", "system_log_level": ""}],
             "qualified_arn": f"{arn}:$LATEST", "qualified_invoke_arn": inv.replace(arn, f"{arn}:$LATEST"),
             "role": f["role"], "signing_job_arn": "", "signing_profile_version_arn": "",
             "source_code_size": f["size"], "tracing_config": [{"mode": "PassThrough"}], "version": "$LATEST"}
        common["description"] = ""
        common["kms_key_arn"] = ""
        common["layers"] = []
        common["image_uri"] = ""
        common["code_signing_config_arn"] = ""
    v.update(common)
    return dict(sorted(v.items()))


def vpc_cfg(sg_ids, subnet_ids, vpc_id):
    return [{"ipv6_allowed_for_dual_stack": False, "security_group_ids": sg_ids, "subnet_ids": subnet_ids,
             "vpc_id": vpc_id}]


# ==== configuration of the root module's application (the same in every story with it) =======

def cfg_app(sg_egress=True, vpc_id_expr=None, subnet_expr=None, sg_expr=None, with_sg=True):
    out = []
    if with_sg:
        sg = {"description": const("orders Lambda function"), "name": const("orders-lambda"),
              "tags": const(SERVICE_TAGS), "vpc_id": vpc_id_expr}
        if sg_egress:
            sg["egress"] = const([{"cidr_blocks": ["0.0.0.0/0"], "description": None, "from_port": 0,
                                   "ipv6_cidr_blocks": None, "prefix_list_ids": None, "protocol": "-1",
                                   "security_groups": None, "self": None, "to_port": 0}])
        out.append(cfg_resource("aws_security_group.lambda", dict(sorted(sg.items())), schema_version=1))
    out += [
        cfg_resource("aws_cloudwatch_log_group.orders",
                     {"name": const("/aws/lambda/orders"), "retention_in_days": const(14),
                      "tags": const(SERVICE_TAGS)}),
        cfg_resource("aws_iam_role.orders",
                     {"assume_role_policy": {}, "name": const("orders-lambda"), "tags": const(SERVICE_TAGS)}),
        cfg_resource("aws_iam_role_policy_attachment.orders_vpc_access",
                     {"policy_arn": const(VPC_ACCESS),
                      "role": refs(*ref_attr("aws_iam_role.orders", "name"))}),
        cfg_resource("aws_lambda_function.orders",
                     {"filename": const("build/orders.zip"), "function_name": const("orders"),
                      "handler": const("app.handler"), "memory_size": const(256),
                      "role": refs(*ref_attr("aws_iam_role.orders", "arn")), "runtime": const("python3.12"),
                      "source_code_hash": {}, "tags": const(SERVICE_TAGS), "timeout": const(30),
                      "vpc_config": [{"security_group_ids": sg_expr, "subnet_ids": subnet_expr}]},
                     depends_on=["aws_cloudwatch_log_group.orders",
                                 "aws_iam_role_policy_attachment.orders_vpc_access"]),
    ]
    return out


APP_DEPS = {
    "aws_iam_role_policy_attachment": ["aws_iam_role.orders"],
    "aws_lambda_function": ["aws_cloudwatch_log_group.orders", "aws_iam_role.orders",
                            "aws_iam_role_policy_attachment.orders_vpc_access", "aws_security_group.lambda"],
}


# ==== terraform-aws-modules/vpc/aws 5.14.0 =====================================================

MODULE_VARS = {
    "azs": ([], "A list of availability zones names or ids in the region"),
    "cidr": ("10.0.0.0/16", "(Optional) The IPv4 CIDR block for the VPC. CIDR can be explicitly set or it can be "
                            "derived from IPAM using `ipv4_netmask_length` & `ipv4_ipam_pool_id`"),
    "create_igw": (True, "Controls if an Internet Gateway is created for public subnets and the related routes "
                         "that connect them"),
    "create_vpc": (True, "Controls if VPC should be created (it affects almost all resources)"),
    "database_subnets": ([], "A list of database subnets inside the VPC"),
    "default_route_table_propagating_vgws": ([], "List of virtual gateways for propagation"),
    "enable_dns_hostnames": (True, "Should be true to enable DNS hostnames in the VPC"),
    "enable_dns_support": (True, "Should be true to enable DNS support in the VPC"),
    "enable_flow_log": (False, "Whether or not to enable VPC Flow Logs"),
    "enable_ipv6": (False, "Requests an Amazon-provided IPv6 CIDR block with a /56 prefix length for the VPC. "
                           "You cannot specify the range of IP addresses, or the size of the CIDR block"),
    "enable_nat_gateway": (False, "Should be true if you want to provision NAT Gateways for each of your private "
                                  "networks"),
    "enable_vpn_gateway": (False, "Should be true if you want to create a new VPN Gateway resource and attach it "
                                  "to the VPC"),
    "instance_tenancy": ("default", "A tenancy option for instances launched into the VPC"),
    "manage_default_network_acl": (True, "Should be true to adopt and manage Default Network ACL"),
    "manage_default_route_table": (True, "Should be true to manage default route table"),
    "manage_default_security_group": (True, "Should be true to adopt and manage default security group"),
    "map_public_ip_on_launch": (False, "Specify true to indicate that instances launched into the subnet should "
                                       "be assigned a public IP address. Default is `false`"),
    "name": ("", "Name to be used on all the resources as identifier"),
    "nat_gateway_destination_cidr_block": ("0.0.0.0/0", "Used to pass a custom destination route for private NAT "
                                           "Gateway. If not specified, the default 0.0.0.0/0 is used as a "
                                           "destination route"),
    "one_nat_gateway_per_az": (False, "Should be true if you want only one NAT Gateway per availability zone. "
                                      "Requires `var.azs` to be set, and the number of `public_subnets` created "
                                      "to be greater than or equal to the number of availability zones "
                                      "specified in `var.azs`"),
    "private_subnet_suffix": ("private", "Suffix to append to private subnets name"),
    "private_subnets": ([], "A list of private subnets inside the VPC"),
    "public_subnet_suffix": ("public", "Suffix to append to public subnets name"),
    "public_subnets": ([], "A list of public subnets inside the VPC"),
    "reuse_nat_ips": (False, "Should be true if you don't want EIPs to be created for your NAT Gateways and will "
                             "instead pass them in via the 'external_nat_ip_ids' variable"),
    "single_nat_gateway": (False, "Should be true if you want to provision a single shared NAT Gateway across all "
                                  "of your private networks"),
    "tags": ({}, "A map of tags to add to all resources"),
    "vpc_tags": ({}, "Additional tags for the VPC"),
}


def module_configuration(single_nat):
    """configuration.root_module.module_calls.vpc for terraform-aws-modules/vpc/aws 5.14.0, abridged:
    the resource blocks of the module that the plan instantiates, a few that expand to no instance
    (count = 0), the outputs the root uses and the variables those read. Expressions as main.tf
    writes them (references only: locals and function calls are not evaluated in this format)."""
    vpc0 = lambda attr: refs(*ref_attr("aws_vpc.this[0]", attr))
    tags = lambda *extra: refs("var.name", *extra, "var.tags")
    res = [
        cfg_resource("aws_vpc.this",
                     {"assign_generated_ipv6_cidr_block": refs("var.enable_ipv6", "var.use_ipam_pool"),
                      "cidr_block": refs("var.use_ipam_pool", "var.cidr"),
                      "enable_dns_hostnames": refs("var.enable_dns_hostnames"),
                      "enable_dns_support": refs("var.enable_dns_support"),
                      "instance_tenancy": refs("var.instance_tenancy"),
                      "tags": refs("var.name", "var.tags", "var.vpc_tags")},
                     schema_version=1, count=refs("local.create_vpc")),
        cfg_resource("aws_subnet.public",
                     {"availability_zone": refs("var.azs", "count.index"),
                      "cidr_block": refs("var.public_subnet_ipv6_native", "var.public_subnets", "count.index"),
                      "map_public_ip_on_launch": refs("var.map_public_ip_on_launch"),
                      "tags": refs("var.public_subnet_names", "count.index", "var.name",
                                   "var.public_subnet_suffix", "var.azs", "var.tags", "var.public_subnet_tags",
                                   "var.public_subnet_tags_per_az"),
                      "vpc_id": refs("local.vpc_id")},
                     schema_version=1,
                     count=refs("local.create_public_subnets", "var.one_nat_gateway_per_az",
                                "local.len_public_subnets", "var.azs")),
        cfg_resource("aws_route_table.public",
                     {"tags": refs("var.create_multiple_public_route_tables", "var.name",
                                   "var.public_subnet_suffix", "var.azs", "count.index", "var.tags",
                                   "var.public_route_table_tags"),
                      "vpc_id": refs("local.vpc_id")},
                     count=refs("local.create_public_subnets", "local.num_public_route_tables")),
        cfg_resource("aws_route_table_association.public",
                     {"route_table_id": refs("aws_route_table.public", "var.create_multiple_public_route_tables",
                                             "count.index"),
                      "subnet_id": refs("aws_subnet.public", "count.index")},
                     count=refs("local.create_public_subnets", "local.len_public_subnets")),
        cfg_resource("aws_route.public_internet_gateway",
                     {"destination_cidr_block": const("0.0.0.0/0"),
                      "gateway_id": refs(*ref_attr("aws_internet_gateway.this[0]", "id")),
                      "route_table_id": refs("aws_route_table.public", "count.index"),
                      "timeouts": {"create": const("5m")}},
                     count=refs("local.create_public_subnets", "var.create_igw", "local.num_public_route_tables")),
        cfg_resource("aws_subnet.private",
                     {"availability_zone": refs("var.azs", "count.index"),
                      "cidr_block": refs("var.private_subnet_ipv6_native", "var.private_subnets", "count.index"),
                      "tags": refs("var.private_subnet_names", "count.index", "var.name",
                                   "var.private_subnet_suffix", "var.azs", "var.tags", "var.private_subnet_tags",
                                   "var.private_subnet_tags_per_az"),
                      "vpc_id": refs("local.vpc_id")},
                     schema_version=1, count=refs("local.create_private_subnets", "local.len_private_subnets")),
        cfg_resource("aws_route_table.private",
                     {"tags": refs("var.single_nat_gateway", "var.name", "var.private_subnet_suffix", "var.azs",
                                   "count.index", "var.tags", "var.private_route_table_tags"),
                      "vpc_id": refs("local.vpc_id")},
                     count=refs("local.create_private_subnets", "local.max_subnet_length",
                                "local.nat_gateway_count")),
        cfg_resource("aws_route_table_association.private",
                     {"route_table_id": refs("aws_route_table.private", "var.single_nat_gateway", "count.index"),
                      "subnet_id": refs("aws_subnet.private", "count.index")},
                     count=refs("local.create_private_subnets", "local.len_private_subnets")),
        cfg_resource("aws_subnet.database",
                     {"availability_zone": refs("var.azs", "count.index"),
                      "cidr_block": refs("var.database_subnet_ipv6_native", "var.database_subnets", "count.index"),
                      "vpc_id": refs("local.vpc_id")},
                     schema_version=1, count=refs("local.create_database_subnets", "local.len_database_subnets")),
        cfg_resource("aws_internet_gateway.this",
                     {"tags": refs("var.name", "var.tags", "var.igw_tags"), "vpc_id": refs("local.vpc_id")},
                     count=refs("local.create_public_subnets", "var.create_igw")),
        cfg_resource("aws_egress_only_internet_gateway.this",
                     {"tags": refs("var.name", "var.tags", "var.igw_tags"), "vpc_id": refs("local.vpc_id")},
                     count=refs("local.create_vpc", "var.create_egress_only_igw", "var.enable_ipv6",
                                "local.max_subnet_length")),
        cfg_resource("aws_eip.nat",
                     {"domain": const("vpc"),
                      "tags": refs("var.name", "var.azs", "var.single_nat_gateway", "count.index", "var.tags",
                                   "var.nat_eip_tags")},
                     count=refs("local.create_vpc", "var.enable_nat_gateway", "var.reuse_nat_ips",
                                "local.nat_gateway_count"),
                     depends_on=["aws_internet_gateway.this"]),
        cfg_resource("aws_nat_gateway.this",
                     {"allocation_id": refs("local.nat_gateway_ips", "var.single_nat_gateway", "count.index"),
                      "subnet_id": refs("aws_subnet.public", "var.single_nat_gateway", "count.index"),
                      "tags": refs("var.name", "var.azs", "var.single_nat_gateway", "count.index", "var.tags",
                                   "var.nat_gateway_tags")},
                     count=refs("local.create_vpc", "var.enable_nat_gateway", "local.nat_gateway_count"),
                     depends_on=["aws_internet_gateway.this"]),
        cfg_resource("aws_route.private_nat_gateway",
                     {"destination_cidr_block": refs("var.nat_gateway_destination_cidr_block"),
                      "nat_gateway_id": refs("aws_nat_gateway.this", "count.index"),
                      "route_table_id": refs("aws_route_table.private", "count.index"),
                      "timeouts": {"create": const("5m")}},
                     count=refs("local.create_vpc", "var.enable_nat_gateway", "local.nat_gateway_count")),
        cfg_resource("aws_vpn_gateway.this",
                     {"vpc_id": refs("local.vpc_id")},
                     count=refs("local.create_vpc", "var.enable_vpn_gateway")),
        cfg_resource("aws_default_security_group.this",
                     {"tags": refs("var.default_security_group_name", "var.name", "var.tags",
                                   "var.default_security_group_tags"),
                      "vpc_id": vpc0("id")},
                     schema_version=1, count=refs("local.create_vpc", "var.manage_default_security_group")),
        cfg_resource("aws_default_network_acl.this",
                     {"default_network_acl_id": vpc0("default_network_acl_id"), "subnet_ids": const(None),
                      "tags": refs("var.default_network_acl_name", "var.name", "var.tags",
                                   "var.default_network_acl_tags")},
                     count=refs("local.create_vpc", "var.manage_default_network_acl")),
        cfg_resource("aws_default_route_table.default",
                     {"default_route_table_id": vpc0("default_route_table_id"),
                      "propagating_vgws": refs("var.default_route_table_propagating_vgws"),
                      "tags": refs("var.default_route_table_name", "var.name", "var.tags",
                                   "var.default_route_table_tags"),
                      "timeouts": {"create": const("5m"), "update": const("5m")}},
                     count=refs("local.create_vpc", "var.manage_default_route_table")),
        cfg_resource("aws_flow_log.this",
                     {"vpc_id": refs("local.vpc_id")},
                     count=refs("local.enable_flow_log")),
    ]
    outputs = {
        "natgw_ids": {"expression": refs("aws_nat_gateway.this"), "description": "List of NAT Gateway IDs"},
        "private_subnets": {"expression": refs("aws_subnet.private"),
                            "description": "List of IDs of private subnets"},
        "public_subnets": {"expression": refs("aws_subnet.public"), "description": "List of IDs of public subnets"},
        "vpc_id": {"expression": refs(*ref_attr("aws_vpc.this[0]", "id")), "description": "The ID of the VPC"},
    }
    variables = {k: {"default": d, "description": desc} for k, (d, desc) in sorted(MODULE_VARS.items())}
    call = {"source": MODULE_SOURCE,
            "expressions": {"azs": const(["us-east-1a", "us-east-1b"]), "cidr": const("10.0.0.0/16"),
                            "enable_nat_gateway": const(True), "name": const("orders"),
                            "one_nat_gateway_per_az": const(not single_nat),
                            "private_subnets": const(["10.0.1.0/24", "10.0.2.0/24"]),
                            "public_subnets": const(["10.0.101.0/24", "10.0.102.0/24"]),
                            "single_nat_gateway": const(single_nat), "tags": const(SERVICE_TAGS)},
            "module": {"outputs": outputs, "resources": res, "variables": variables},
            "version_constraint": MODULE_VERSION}
    return call


def module_resources(single_nat, n=None, prior=None):
    """The module's resource instances. Without n: all created (a fresh plan). With n (the deployed
    one-NAT-per-AZ network) and single_nat: the plan that flips single_nat_gateway to true."""
    M = "module.vpc"
    out = []
    azs = ["us-east-1a", "us-east-1b"]
    sub = {"public": ["10.0.101.0/24", "10.0.102.0/24"], "private": ["10.0.1.0/24", "10.0.2.0/24"]}
    nat_count = 1 if single_nat else 2
    dep = lambda *a: [f"{M}.{x}" for x in a]
    if n is None:
        out.append(Res("aws_vpc", "this", 0, M, after=v_vpc(), schema_version=1))
        out.append(Res("aws_internet_gateway", "this", 0, M, after=v_igw(), depends_on=dep("aws_vpc.this")))
        for tier in ("public", "private"):
            for i, az in enumerate(azs):
                out.append(Res("aws_subnet", tier, i, M,
                               after=v_subnet(sub[tier][i], az, f"orders-{tier}-{az}"), schema_version=1,
                               depends_on=dep("aws_vpc.this")))
                out.append(Res("aws_route_table_association", tier, i, M, after=v_assoc(),
                               depends_on=dep(f"aws_route_table.{tier}", f"aws_subnet.{tier}", "aws_vpc.this")))
        out.append(Res("aws_route_table", "public", 0, M, after=v_rtb("orders-public"),
                       depends_on=dep("aws_vpc.this")))
        out.append(Res("aws_route", "public_internet_gateway", 0, M, after=v_route(igw_id=UNK),
                       depends_on=dep("aws_internet_gateway.this", "aws_route_table.public", "aws_vpc.this")))
        for i in range(nat_count):
            name = f"orders-{azs[i]}"
            out.append(Res("aws_eip", "nat", i, M, after=v_eip(name),
                           depends_on=dep("aws_internet_gateway.this", "aws_vpc.this")))
            out.append(Res("aws_nat_gateway", "this", i, M, after=v_nat(name),
                           depends_on=dep("aws_eip.nat", "aws_internet_gateway.this", "aws_subnet.public",
                                          "aws_vpc.this")))
            rt_name = "orders-private" if single_nat else f"orders-private-{azs[i]}"
            out.append(Res("aws_route_table", "private", i, M, after=v_rtb(rt_name),
                           depends_on=dep("aws_vpc.this")))
            out.append(Res("aws_route", "private_nat_gateway", i, M, after=v_route(nat_id=UNK),
                           depends_on=dep("aws_eip.nat", "aws_internet_gateway.this", "aws_nat_gateway.this",
                                          "aws_route_table.private", "aws_subnet.public", "aws_vpc.this")))
        out.append(Res("aws_default_security_group", "this", 0, M, after=v_default_sg(), schema_version=1,
                       depends_on=dep("aws_vpc.this")))
        out.append(Res("aws_default_network_acl", "this", 0, M, after=v_default_acl(),
                       depends_on=dep("aws_vpc.this")))
        out.append(Res("aws_default_route_table", "default", 0, M, after=v_default_rtb(),
                       depends_on=dep("aws_vpc.this")))
        return out

    # The deployed module (one NAT per AZ), and what flipping single_nat_gateway to true does to it.
    def keep(rtype, name, index, value, schema_version=0, deps=()):
        out.append(Res(rtype, name, index, M, before=value, after=copy.deepcopy(value),
                       schema_version=schema_version, depends_on=dep(*deps)))

    keep("aws_vpc", "this", 0, v_vpc(n), 1)
    keep("aws_internet_gateway", "this", 0, v_igw(n), deps=["aws_vpc.this"])
    keys = {"public": ["public-a", "public-b"], "private": ["private-a", "private-b"]}
    for tier in ("public", "private"):
        for i, az in enumerate(azs):
            key = keys[tier][i]
            keep("aws_subnet", tier, i, v_subnet(sub[tier][i], az, f"orders-{tier}-{az}", n, key), 1,
                 ["aws_vpc.this"])
    rt_pub = n.rtbs["public"]
    keep("aws_route_table", "public", 0, v_rtb("orders-public", n, "public"), deps=["aws_vpc.this"])
    keep("aws_route", "public_internet_gateway", 0, v_route(rt_pub["id"], igw_id=n.igw, n=n),
         deps=["aws_internet_gateway.this", "aws_route_table.public", "aws_vpc.this"])
    for i, key in enumerate(keys["public"]):
        keep("aws_route_table_association", "public", i,
             v_assoc(n.subnets[key]["id"], rt_pub["id"], rt_pub["assoc"][key]),
             deps=["aws_route_table.public", "aws_subnet.public", "aws_vpc.this"])
    nat_deps = ["aws_eip.nat", "aws_internet_gateway.this", "aws_subnet.public", "aws_vpc.this"]
    route_deps = ["aws_eip.nat", "aws_internet_gateway.this", "aws_nat_gateway.this", "aws_route_table.private",
                  "aws_subnet.public", "aws_vpc.this"]
    for i, (nat_key, rt_key) in enumerate([("a", "private-a"), ("b", "private-b")]):
        name = f"orders-{azs[i]}"
        eip, nat = v_eip(name, n, nat_key), v_nat(name, n, nat_key)
        rt = v_rtb(f"orders-private-{azs[i]}", n, rt_key)
        route = v_route(n.rtbs[rt_key]["id"], nat_id=n.nats[nat_key]["id"], n=n)
        if i == 0:
            keep("aws_eip", "nat", 0, eip, deps=["aws_internet_gateway.this", "aws_vpc.this"])
            keep("aws_nat_gateway", "this", 0, nat, deps=nat_deps)
            keep("aws_route", "private_nat_gateway", 0, route, deps=route_deps)
            renamed = copy.deepcopy(rt)
            renamed["tags"]["Name"] = renamed["tags_all"]["Name"] = "orders-private"
            out.append(Res("aws_route_table", "private", 0, M, before=rt, after=renamed,
                           depends_on=dep("aws_vpc.this")))
        else:
            reason = "delete_because_count_index"
            out.append(Res("aws_eip", "nat", 1, M, before=eip, reason=reason,
                           depends_on=dep("aws_internet_gateway.this", "aws_vpc.this")))
            out.append(Res("aws_nat_gateway", "this", 1, M, before=nat, reason=reason, depends_on=dep(*nat_deps)))
            out.append(Res("aws_route", "private_nat_gateway", 1, M, before=route, reason=reason,
                           depends_on=dep(*route_deps)))
            out.append(Res("aws_route_table", "private", 1, M, before=rt, reason=reason,
                           depends_on=dep("aws_vpc.this")))
    for i, key in enumerate(keys["private"]):
        rt_key = "private-a" if i == 0 else "private-b"
        before = v_assoc(n.subnets[key]["id"], n.rtbs[rt_key]["id"], n.rtbs[rt_key]["assoc"][key])
        after = copy.deepcopy(before)
        after["route_table_id"] = n.rtbs["private-a"]["id"]
        out.append(Res("aws_route_table_association", "private", i, M, before=before, after=after,
                       depends_on=dep("aws_route_table.private", "aws_subnet.private", "aws_vpc.this")))
    keep("aws_default_security_group", "this", 0, v_default_sg(n), 1, ["aws_vpc.this"])
    keep("aws_default_network_acl", "this", 0, v_default_acl(n), deps=["aws_vpc.this"])
    keep("aws_default_route_table", "default", 0, v_default_rtb(n), deps=["aws_vpc.this"])
    return out


def app_resources(created, n=None, sg_after=None, sg_before=None, lambda_before=None, lambda_after=None,
                  with_sg=True, lambda_deps=None):
    out = []
    if created:
        out.append(Res("aws_iam_role", "orders", after=v_role(True)))
        out.append(Res("aws_iam_role_policy_attachment", "orders_vpc_access", after=v_attach(True),
                       depends_on=APP_DEPS["aws_iam_role_policy_attachment"]))
        out.append(Res("aws_cloudwatch_log_group", "orders", after=v_log_group(True)))
    else:
        for rtype, name, v in (("aws_iam_role", "orders", v_role(False)),
                               ("aws_iam_role_policy_attachment", "orders_vpc_access", v_attach(False)),
                               ("aws_cloudwatch_log_group", "orders", v_log_group(False))):
            out.append(Res(rtype, name, before=v, after=copy.deepcopy(v), depends_on=APP_DEPS.get(rtype, ())))
    if with_sg:
        out.append(Res("aws_security_group", "lambda", before=sg_before, after=sg_after, schema_version=1))
    deps = APP_DEPS["aws_lambda_function"] if lambda_deps is None else lambda_deps
    out.append(Res("aws_lambda_function", "orders", before=lambda_before, after=lambda_after, depends_on=deps))
    return out


# ==== the stories ==============================================================================

def story_folder(name):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    return folder


def write_story(name, plan, expected, net=None, module_tags=True):
    folder = story_folder(name)
    dump(os.path.join(folder, "plan.json"), plan)
    if net is not None:
        write_inventory(folder, net, module_tags)
    dump(os.path.join(folder, "expected.json"), expected)


def both(verdict, blockers=()):
    return {"verdict": verdict, "blockers": list(blockers)}


def module_story(name, single_nat):
    rs = module_resources(single_nat)
    sg_after = v_sg("orders-lambda", "orders Lambda function", [ALL_OUT])
    lam = v_lambda(vpc_cfg(UNK, UNK, UNK))
    rs += app_resources(True, sg_after=sg_after, lambda_after=lam)
    for r in rs:
        if r.type == "aws_security_group":
            r.depends_on = ["module.vpc.aws_vpc.this"]
        if r.type == "aws_lambda_function":
            r.depends_on = r.depends_on + ["module.vpc.aws_subnet.private", "module.vpc.aws_vpc.this"]
    config = {"provider_config": provider_config(),
              "root_module": {
                  "resources": cfg_app(vpc_id_expr=refs("module.vpc.vpc_id", "module.vpc"),
                                       subnet_expr=refs("module.vpc.private_subnets", "module.vpc"),
                                       sg_expr=refs(*ref_attr("aws_security_group.lambda", "id"))),
                  "module_calls": {"vpc": module_configuration(single_nat)}}}
    return plan_json(rs, config, timestamp="2024-11-04T09:30:00Z")


def s1_one_nat_per_az():
    plan = module_story("vpc-module-one-nat-per-az", single_nat=False)
    subnets = {"module.vpc.aws_subnet.private[0]": both("reachable"),
               "module.vpc.aws_subnet.private[1]": both("reachable")}
    expected = {
        "story": "A new stack, nothing deployed yet (no prior state, no inventory): terraform-aws-modules/vpc/aws "
                 "5.14.0 as module.vpc with two AZs, enable_nat_gateway = true, single_nat_gateway = false and "
                 "one_nat_gateway_per_az = true, so the module makes one NAT gateway (aws_nat_gateway.this[i], "
                 "Elastic IP aws_eip.nat[i]) in each public subnet and one private route table per AZ "
                 "(aws_route_table.private[i]) whose aws_route.private_nat_gateway[i] sends 0.0.0.0/0 to the NAT "
                 "gateway of the same AZ; aws_route_table_association.private[i] ties private subnet i to table i; "
                 "the public table routes 0.0.0.0/0 to aws_internet_gateway.this[0]. The module also adopts the "
                 "VPC's default security group (no rules), default network ACL (allow all, IPv4 and IPv6) and main "
                 "route table (no routes). The root adds aws_security_group.lambda with an allow-all egress block "
                 "and aws_lambda_function.orders (function_name orders) whose vpc_config.subnet_ids is "
                 "module.vpc.private_subnets: every ID is unknown until apply, and the configuration's references "
                 "(vpc_config.subnet_ids -> module.vpc.private_subnets -> aws_subnet.private) name the subnets. "
                 "Instance i of a counted resource that refers to another counted resource by "
                 "element(x[*].id, count.index) takes instance i (module main.tf). From each private subnet: its "
                 "table, 0.0.0.0/0 to the NAT gateway in the same AZ, whose public subnet routes 0.0.0.0/0 to the "
                 "attached internet gateway; the default ACL allows all; the group allows all out: reachable "
                 "from both subnets.",
        "rule": "terraform-aws-modules/vpc/aws 5.14.0 main.tf: nat_gateway_count = length(var.azs) with "
                "one_nat_gateway_per_az, route_table_id = element(aws_route_table.private[*].id, "
                "var.single_nat_gateway ? 0 : count.index) (" + URL_MODULE + "); aws_security_group: an egress "
                "block is kept, AWS's default egress rule is removed (" + URL_SG + "); aws_default_network_acl "
                "replaces the default ACL's rules with the configuration's (" + URL_DACL + "); Terraform JSON "
                "output format: unknown values are omitted from after and marked in after_unknown, references "
                "name what an expression depends on (" + URL_TF_JSON + "). semantics.md, Routing and Gateways: "
                "public NAT gateway in a subnet routed to an attached internet gateway.",
        "plan": "plan.json",
        "inventory": None,
        "queries": [{"function": "orders", "target": "internet", "port": 443, "verdict": "reachable",
                     "subnets": subnets, "blockers": []}],
        "notAnalysed": ["aws_cloudwatch_log_group"],
    }
    write_story("vpc-module-one-nat-per-az", plan, expected)


def s2_single_nat():
    plan = module_story("vpc-module-single-nat-gateway", single_nat=True)
    subnets = {"module.vpc.aws_subnet.private[0]": both("reachable"),
               "module.vpc.aws_subnet.private[1]": both("reachable")}
    expected = {
        "story": "The same new stack as vpc-module-one-nat-per-az with single_nat_gateway = true (and "
                 "one_nat_gateway_per_az = false): nat_gateway_count is 1, so there is one Elastic IP "
                 "(aws_eip.nat[0]), one NAT gateway (aws_nat_gateway.this[0], in aws_subnet.public[0], "
                 "us-east-1a), one private route table (aws_route_table.private[0], named orders-private) with "
                 "aws_route.private_nat_gateway[0] to that NAT gateway, and both "
                 "aws_route_table_association.private[0] and [1] tie their subnet to that one table "
                 "(element(aws_route_table.private[*].id, 0)). The function's two subnets (us-east-1a and "
                 "us-east-1b) share the NAT gateway of us-east-1a: reachable from both. That the us-east-1b "
                 "subnet depends on a NAT gateway in another AZ (and pays cross-AZ data transfer) is an audit "
                 "finding, not a blocker of the query.",
        "rule": "terraform-aws-modules/vpc/aws 5.14.0 main.tf: nat_gateway_count = 1 when single_nat_gateway; "
                "README 'Single NAT Gateway' (" + URL_MODULE + "); NAT gateways: a NAT gateway serves any "
                "subnet whose route table sends traffic to it, in any AZ of the VPC; it is redundant within its "
                "own AZ only (" + URL_NAT + "). semantics.md, Routing: which table, which route.",
        "plan": "plan.json",
        "inventory": None,
        "queries": [{"function": "orders", "target": "internet", "port": 443, "verdict": "reachable",
                     "subnets": subnets, "blockers": []}],
        "notAnalysed": ["aws_cloudwatch_log_group"],
    }
    write_story("vpc-module-single-nat-gateway", plan, expected)


def s3_switch_to_single_nat():
    n = base_network(3)
    n.default_sg_rules = False
    n.sgs["lambda"] = dict(id=n.id("sg", 92), name="orders-lambda", description="orders Lambda function",
                           ingress=[], egress=[ALL_OUT])
    add_orders_function(n, [n.sgs["lambda"]["id"]])
    rs = module_resources(True, n)
    sg = v_sg("orders-lambda", "orders Lambda function", None, n, "lambda")
    lam = v_lambda(vpc_cfg([n.sgs["lambda"]["id"]],
                           [n.subnets["private-a"]["id"], n.subnets["private-b"]["id"]], n.vpc), n)
    rs += app_resources(False, n, sg_before=sg, sg_after=copy.deepcopy(sg), lambda_before=lam,
                        lambda_after=copy.deepcopy(lam))
    for r in rs:
        if r.type == "aws_security_group":
            r.depends_on = ["module.vpc.aws_vpc.this"]
        if r.type == "aws_lambda_function":
            r.depends_on = r.depends_on + ["module.vpc.aws_subnet.private", "module.vpc.aws_vpc.this"]
    config = {"provider_config": provider_config(),
              "root_module": {
                  "resources": cfg_app(vpc_id_expr=refs("module.vpc.vpc_id", "module.vpc"),
                                       subnet_expr=refs("module.vpc.private_subnets", "module.vpc"),
                                       sg_expr=refs(*ref_attr("aws_security_group.lambda", "id"))),
                  "module_calls": {"vpc": module_configuration(True)}}}
    plan = plan_json(rs, config, timestamp="2024-11-05T14:02:37Z")
    a, b = n.subnets["private-a"]["id"], n.subnets["private-b"]["id"]
    expected = {
        "story": "orders runs in the two private subnets of module.vpc (terraform-aws-modules/vpc/aws 5.14.0), "
                 f"deployed with one NAT gateway per AZ: {a} (us-east-1a) uses {n.rtbs['private-a']['id']} -> "
                 f"{n.nats['a']['id']}, {b} (us-east-1b) uses {n.rtbs['private-b']['id']} -> {n.nats['b']['id']} "
                 "(the inventory and the plan's prior_state). The plan flips single_nat_gateway to true to save a "
                 "NAT gateway: nat_gateway_count drops from 2 to 1, so aws_eip.nat[1], aws_nat_gateway.this[1], "
                 "aws_route.private_nat_gateway[1] and aws_route_table.private[1] are deleted "
                 "(delete_because_count_index); aws_route_table.private[0] is updated in place (its Name tag "
                 "becomes orders-private); aws_route_table_association.private[1] is updated in place: its "
                 f"route_table_id changes from {n.rtbs['private-b']['id']} to {n.rtbs['private-a']['id']} (the "
                 "provider does this with ReplaceRouteTableAssociation, it is not a replacement of the resource); "
                 f"aws_nat_gateway.this[0] and aws_route.private_nat_gateway[0] stay. After apply both subnets use "
                 f"{n.rtbs['private-a']['id']} -> {n.nats['a']['id']}: reachable, as today. During apply nothing "
                 "orders the deletion of aws_route.private_nat_gateway[1] (and of aws_nat_gateway.this[1], which "
                 "waits only for that route) after the association's move: the us-east-1b subnet can be left "
                 "with a table without its 0.0.0.0/0 route, or a route to a NAT gateway being deleted, for a "
                 "while, and connections open through that NAT gateway are cut when it goes: the answer notes a "
                 "window of unreachability and names the deleted route. This is the migration the module's "
                 "issues about changing the NAT layout (#106, #186, #506) warn about. aws_route_table.private[0] "
                 "still lists its 0.0.0.0/0 route in before/after because the provider reads the table's routes "
                 "from AWS; the configuration has no route blocks, so the table owns no routes: the routes are the "
                 "aws_route resources'.",
        "rule": "AWS provider aws_route_table_association: route_table_id is updated in place (no ForceNew; "
                "ReplaceRouteTableAssociation) (" + URL_RTA + ", " + URL_REPLACE_ASSOC + "); aws_route_table: "
                "`route` is in attribute-as-blocks mode, omitting it ignores existing routes (" + URL_RT + "); "
                "Terraform JSON output: delete_because_count_index, before/after of update and no-op "
                "(" + URL_TF_JSON + "); terraform-aws-modules/vpc/aws main.tf (" + URL_MODULE + "). "
                "semantics.md, Routing: which table, which route.",
        "plan": "plan.json",
        "inventory": "inventory",
        "queries": [{"function": "orders", "target": "internet", "port": 443, "verdict": "reachable",
                     "subnets": {a: both("reachable"), b: both("reachable")}, "blockers": [],
                     "notes": ["module.vpc.aws_route.private_nat_gateway[1]"]}],
        "today": [{"function": "orders", "target": "internet", "port": 443, "verdict": "reachable",
                   "subnets": {a: both("reachable"), b: both("reachable")}, "blockers": []}],
        "notAnalysed": ["aws_cloudwatch_log_group"],
    }
    write_story("vpc-module-switch-to-single-nat", plan, expected, n)


def network_root_resources(n, nat_route_count, with_database=False):
    """A hand-written root-module network shaped like the module (count-indexed), deployed as n."""
    out = []
    azs = ["us-east-1a", "us-east-1b"]

    def keep(rtype, name, index, value, schema_version=0, deps=()):
        out.append(Res(rtype, name, index, before=value, after=copy.deepcopy(value),
                       schema_version=schema_version, depends_on=deps))

    keep("aws_vpc", "main", None, v_vpc(n, tags={"Name": "orders"}), 1)
    keep("aws_internet_gateway", "main", None, v_igw(n, tags={"Name": "orders"}), deps=["aws_vpc.main"])
    for tier in ("public", "private"):
        for i, az in enumerate(azs):
            key = f"{tier}-{'ab'[i]}"
            s = n.subnets[key]
            keep("aws_subnet", tier, i, v_subnet(s["cidr"], az, s["name"], n, key, tags={"Name": s["name"]}), 1,
                 ["aws_vpc.main"])
    pub = n.rtbs["public"]
    inline = [route_obj("0.0.0.0/0", "igw", n.igw)]
    keep("aws_route_table", "public", None, v_rtb("orders-public", n, "public", tags={"Name": "orders-public"}),
         deps=["aws_internet_gateway.main", "aws_vpc.main"])
    for i, key in enumerate(["public-a", "public-b"]):
        keep("aws_route_table_association", "public", i, v_assoc(n.subnets[key]["id"], pub["id"], pub["assoc"][key]),
             deps=["aws_internet_gateway.main", "aws_route_table.public", "aws_subnet.public", "aws_vpc.main"])
    for i, (nat_key, rt_key, sub_key) in enumerate([("a", "private-a", "private-a"), ("b", "private-b", "private-b")]):
        name = f"orders-{azs[i]}"
        keep("aws_eip", "nat", i, v_eip(name, n, nat_key, tags={"Name": name}))
        keep("aws_nat_gateway", "this", i, v_nat(name, n, nat_key, tags={"Name": name}),
             deps=["aws_eip.nat", "aws_subnet.public", "aws_vpc.main"])
        keep("aws_route_table", "private", i,
             v_rtb(f"orders-private-{azs[i]}", n, rt_key, tags={"Name": f"orders-private-{azs[i]}"}),
             deps=["aws_vpc.main"])
        route = v_route(n.rtbs[rt_key]["id"], nat_id=n.nats[nat_key]["id"], n=n)
        route_deps = ["aws_eip.nat", "aws_nat_gateway.this", "aws_route_table.private", "aws_subnet.public",
                      "aws_vpc.main"]
        if i < nat_route_count:
            keep("aws_route", "private_nat_gateway", i, route, deps=route_deps)
        else:
            out.append(Res("aws_route", "private_nat_gateway", i, before=route,
                           reason="delete_because_count_index", depends_on=route_deps))
        keep("aws_route_table_association", "private", i,
             v_assoc(n.subnets[sub_key]["id"], n.rtbs[rt_key]["id"], n.rtbs[rt_key]["assoc"][sub_key]),
             deps=["aws_route_table.private", "aws_subnet.private", "aws_vpc.main"])
    return out, inline


def cfg_network_root(nat_routes_expr):
    vpc_id = refs(*ref_attr("aws_vpc.main", "id"))
    return [
        cfg_resource("aws_eip.nat", {"domain": const("vpc"), "tags": refs("var.azs", "count.index")},
                     count=refs("var.azs")),
        cfg_resource("aws_internet_gateway.main", {"tags": const({"Name": "orders"}), "vpc_id": vpc_id}),
        cfg_resource("aws_nat_gateway.this",
                     {"allocation_id": refs("aws_eip.nat", "count.index"),
                      "subnet_id": refs("aws_subnet.public", "count.index"),
                      "tags": refs("var.azs", "count.index")},
                     count=refs("var.azs")),
        cfg_resource("aws_route.private_nat_gateway",
                     {"destination_cidr_block": const("0.0.0.0/0"),
                      "nat_gateway_id": refs("aws_nat_gateway.this", "count.index"),
                      "route_table_id": refs("aws_route_table.private", "count.index"),
                      "timeouts": {"create": const("5m")}},
                     count=nat_routes_expr),
        cfg_resource("aws_route_table.private", {"tags": refs("var.azs", "count.index"), "vpc_id": vpc_id},
                     count=refs("var.azs")),
        cfg_resource("aws_route_table.public",
                     {"route": refs(*ref_attr("aws_internet_gateway.main", "id")),
                      "tags": const({"Name": "orders-public"}), "vpc_id": vpc_id}),
        cfg_resource("aws_route_table_association.private",
                     {"route_table_id": refs("aws_route_table.private", "count.index"),
                      "subnet_id": refs("aws_subnet.private", "count.index")},
                     count=refs("var.azs")),
        cfg_resource("aws_route_table_association.public",
                     {"route_table_id": refs(*ref_attr("aws_route_table.public", "id")),
                      "subnet_id": refs("aws_subnet.public", "count.index")},
                     count=refs("var.azs")),
        cfg_resource("aws_subnet.private",
                     {"availability_zone": refs("var.azs", "count.index"),
                      "cidr_block": refs("count.index"), "tags": refs("var.azs", "count.index"),
                      "vpc_id": vpc_id},
                     schema_version=1, count=refs("var.azs")),
        cfg_resource("aws_subnet.public",
                     {"availability_zone": refs("var.azs", "count.index"),
                      "cidr_block": refs("count.index"), "tags": refs("var.azs", "count.index"),
                      "vpc_id": vpc_id},
                     schema_version=1, count=refs("var.azs")),
        cfg_resource("aws_vpc.main",
                     {"cidr_block": const("10.0.0.0/16"), "enable_dns_hostnames": const(True),
                      "tags": const({"Name": "orders"})},
                     schema_version=1),
    ]


def s4_nat_route_deleted():
    n = base_network(4)
    n.sgs["lambda"] = dict(id=n.id("sg", 92), name="orders-lambda", description="orders Lambda function",
                           ingress=[], egress=[ALL_OUT])
    add_orders_function(n, [n.sgs["lambda"]["id"]])
    rs, _ = network_root_resources(n, nat_route_count=1)
    config = {"provider_config": provider_config(),
              "root_module": {
                  "resources": cfg_network_root(refs("var.nat_route_azs")),
                  "variables": {"azs": {"default": ["us-east-1a", "us-east-1b"]},
                                "nat_route_azs": {"default": ["us-east-1a", "us-east-1b"],
                                                  "description": "AZs whose private route table sends "
                                                                 "0.0.0.0/0 to the AZ's NAT gateway"}}}}
    plan = plan_json(rs, config, variables={"azs": ["us-east-1a", "us-east-1b"], "nat_route_azs": ["us-east-1a"]},
                     timestamp="2024-11-06T11:47:09Z")
    a, b = n.subnets["private-a"]["id"], n.subnets["private-b"]["id"]
    rtb_b = n.rtbs["private-b"]["id"]
    expected = {
        "story": "The orders network is a hand-written root module (aws_vpc.main, aws_subnet.public[0..1] and "
                 "private[0..1], one NAT gateway per AZ, aws_route_table.private[i] with "
                 "aws_route.private_nat_gateway[i] to aws_nat_gateway.this[i], count = length(var.nat_route_azs) "
                 "for the routes). orders (deployed by another stack: list-functions only) runs in "
                 f"{a} (us-east-1a) and {b} (us-east-1b) and reaches the internet from both today. A change "
                 "meant to move us-east-1b's egress elsewhere in a later step sets nat_route_azs = "
                 "[\"us-east-1a\"]: the plan deletes aws_route.private_nat_gateway[1] "
                 f"({rtb_b}'s 0.0.0.0/0 -> {n.nats['b']['id']}, delete_because_count_index) and nothing else. "
                 f"After apply {rtb_b} has only its local route: from {b} the internet is unreachable "
                 f"(NO_ROUTE_TO_DESTINATION at {rtb_b}), from {a} it is reachable: partial. "
                 "aws_route_table.private[1] is a no-op whose before/after still show the 0.0.0.0/0 route, since "
                 "the provider reads a table's routes from AWS; its configuration has no route blocks, so that "
                 "list is not the table's routes after apply (the deleted aws_route is). aws_route_table.public, "
                 "whose configuration has an inline route block, owns its routes.",
        "rule": "AWS provider aws_route_table: `route` is processed in attribute-as-blocks mode; omitting it "
                "ignores existing routes; a table with inline routes cannot be used with aws_route resources "
                "(" + URL_RT + ", " + URL_ROUTE + "); Terraform JSON output format: [\"delete\"] with "
                "action_reason delete_because_count_index (" + URL_TF_JSON + "). semantics.md, How a destination "
                "is found: the source's route table decides first (NO_ROUTE_TO_DESTINATION); The function's side: "
                "one source per subnet (partial).",
        "plan": "plan.json",
        "inventory": "inventory",
        "queries": [{"function": "orders", "target": "internet", "port": 443, "verdict": "partial",
                     "subnets": {a: both("reachable"),
                                 b: both("unreachable", [f"NO_ROUTE_TO_DESTINATION@{rtb_b}"])},
                     "blockers": []}],
        "today": [{"function": "orders", "target": "internet", "port": 443, "verdict": "reachable",
                   "subnets": {a: both("reachable"), b: both("reachable")}, "blockers": []}],
        "notAnalysed": [],
    }
    write_story("nat-route-deleted", plan, expected, n, module_tags=False)


def app_network(story, octet=None):
    """The platform team's VPC (not in the app stack's state): the module layout plus database subnets."""
    n = base_network(story, octet=octet)
    n.add_subnet("database-a", 15, "10.0.21.0/24", "us-east-1a", "orders-db-us-east-1a", 250)
    n.add_subnet("database-b", 16, "10.0.22.0/24", "us-east-1b", "orders-db-us-east-1b", 250)
    n.add_rtb("database", 25, "orders-db", [], ["database-a", "database-b"])
    return n


def s5_sg_rule_removed():
    n = app_network(5)
    n.default_sg_rules = False
    lam_sg, db_sg = n.id("sg", 92), n.id("sg", 93)
    from_lambda = sg_rule("tcp", 5432, 5432, groups=[lam_sg], description="orders Lambda function")
    from_vpn = sg_rule("tcp", 5432, 5432, cidrs=["10.200.0.0/16"], description="ops VPN")
    n.sgs["lambda"] = dict(id=lam_sg, name="orders-lambda", description="orders Lambda function", ingress=[],
                           egress=[ALL_OUT])
    n.sgs["db"] = dict(id=db_sg, name="orders-db", description="orders database", ingress=[from_vpn, from_lambda],
                       egress=[])
    add_orders_function(n, [lam_sg])
    n.dbs.append(dict(identifier="orders-db", address="orders-db.c9kz4vq2m1ab.us-east-1.rds.amazonaws.com",
                      sgs=[db_sg], subnet_group="orders-db", subnets=["database-a", "database-b"],
                      resource_id="db-5QZ3N7XK2WJ4R6TPVA8MB1CYDE"))
    private_ids = [n.subnets["private-a"]["id"], n.subnets["private-b"]["id"]]
    db_ids = [n.subnets["database-a"]["id"], n.subnets["database-b"]["id"]]
    keep = lambda rtype, name, v, sv=0, deps=(): Res(rtype, name, before=v, after=copy.deepcopy(v),
                                                     schema_version=sv, depends_on=deps)
    rs = [
        keep("aws_iam_role", "orders", v_role(False)),
        keep("aws_iam_role_policy_attachment", "orders_vpc_access", v_attach(False), deps=["aws_iam_role.orders"]),
        keep("aws_cloudwatch_log_group", "orders", v_log_group(False)),
        keep("aws_security_group", "lambda", v_sg("orders-lambda", "orders Lambda function", None, n, "lambda"), 1),
        keep("aws_security_group", "db", v_sg("orders-db", "orders database", None, n, "db"), 1),
        keep("aws_security_group_rule", "db_from_vpn",
             v_sgr("sgrule-2261806425", n.id("sgr", 141), db_sg, from_vpn), 2, ["aws_security_group.db"]),
        Res("aws_security_group_rule", "db_from_lambda",
            before=v_sgr("sgrule-3486157172", n.id("sgr", 142), db_sg, from_lambda, source_sg=lam_sg),
            reason="delete_because_no_resource_config", schema_version=2,
            depends_on=["aws_security_group.db", "aws_security_group.lambda"]),
        keep("aws_lambda_function", "orders", v_lambda(vpc_cfg([lam_sg], private_ids, n.vpc), n),
             deps=APP_DEPS["aws_lambda_function"]),
        keep("aws_db_subnet_group", "orders", v_db_subnet_group(n, db_ids)),
        keep("aws_db_instance", "orders", v_db_instance(n, db_sg), 2,
             ["aws_db_subnet_group.orders", "aws_security_group.db"]),
    ]
    res_cfg = [c for c in cfg_app(vpc_id_expr=refs("var.vpc_id"), subnet_expr=refs("var.private_subnet_ids"),
                                  sg_expr=refs(*ref_attr("aws_security_group.lambda", "id")))]
    res_cfg += [
        cfg_resource("aws_db_instance.orders",
                     {"allocated_storage": const(20), "db_name": const("orders"),
                      "db_subnet_group_name": refs(*ref_attr("aws_db_subnet_group.orders", "name")),
                      "deletion_protection": const(True), "engine": const("postgres"),
                      "engine_version": const("16.4"), "identifier": const("orders-db"),
                      "instance_class": const("db.t4g.micro"), "manage_master_user_password": const(True),
                      "skip_final_snapshot": const(False), "storage_encrypted": const(True),
                      "tags": const(SERVICE_TAGS), "username": const("orders"),
                      "vpc_security_group_ids": refs(*ref_attr("aws_security_group.db", "id"))},
                     schema_version=2),
        cfg_resource("aws_db_subnet_group.orders",
                     {"description": const("orders database"), "name": const("orders-db"),
                      "subnet_ids": refs("var.database_subnet_ids"), "tags": const(SERVICE_TAGS)}),
        cfg_resource("aws_security_group.db",
                     {"description": const("orders database"), "name": const("orders-db"),
                      "tags": const(SERVICE_TAGS), "vpc_id": refs("var.vpc_id")},
                     schema_version=1),
        cfg_resource("aws_security_group_rule.db_from_vpn",
                     {"cidr_blocks": const(["10.200.0.0/16"]), "description": const("ops VPN"),
                      "from_port": const(5432), "protocol": const("tcp"),
                      "security_group_id": refs(*ref_attr("aws_security_group.db", "id")),
                      "to_port": const(5432), "type": const("ingress")},
                     schema_version=2),
    ]
    config = {"provider_config": provider_config(),
              "root_module": {"resources": sorted(res_cfg, key=lambda r: r["address"]),
                              "variables": {"database_subnet_ids": {}, "private_subnet_ids": {},
                                            "vpc_id": {}}}}
    plan = plan_json(rs, config, variables={"vpc_id": n.vpc, "private_subnet_ids": private_ids,
                                            "database_subnet_ids": db_ids},
                     timestamp="2024-11-07T16:20:44Z")
    a, b = private_ids
    expected = {
        "story": "The orders application stack (its own state; the VPC is the platform team's, passed in as "
                 f"variables) has the function's group {lam_sg} (aws_security_group.lambda, allow-all egress) and "
                 f"the database's group {db_sg} (aws_security_group.db, no inline rules) with two separate rules: "
                 "aws_security_group_rule.db_from_vpn (tcp 5432 from 10.200.0.0/16, the ops VPN) and "
                 f"aws_security_group_rule.db_from_lambda (tcp 5432 from {lam_sg}). orders runs in {a} and {b}; "
                 "orders-db (postgres, port 5432, not publicly accessible) is in the database subnets of the same "
                 "VPC: reachable today. A clean-up removes the db_from_lambda block from the configuration: the "
                 "plan deletes that rule (delete_because_no_resource_config). After apply the database's group "
                 "admits 5432 only from 10.200.0.0/16, which contains neither private subnet and is no group of "
                 f"the function: unreachable from both subnets, ENI_SG_RULES_MISMATCH at {db_sg} (the group still "
                 "has a rule, so not SG_HAS_NO_RULES). aws_security_group.db is a no-op whose before/after still "
                 "list the lambda rule among its ingress, since the provider reads the group's rules from AWS; "
                 "its configuration has no ingress blocks, so that list is not what the group keeps: the rule "
                 "belongs to the deleted aws_security_group_rule.",
        "rule": "AWS provider aws_security_group_rule / aws_security_group: a group with no inline rules is used "
                "with separate rule resources, and deleting the rule resource revokes the rule (" + URL_SGR +
                ", " + URL_SG + "); Terraform JSON output format: [\"delete\"], "
                "delete_because_no_resource_config (" + URL_TF_JSON + "). semantics.md, Security groups: ingress "
                "at the destination must admit the function's subnet by CIDR or one of its groups by reference "
                "(ENI_SG_RULES_MISMATCH on the destination's first group); Services as destinations: RDS.",
        "plan": "plan.json",
        "inventory": "inventory",
        "queries": [{"function": "orders", "target": "rds:orders-db", "port": 5432, "verdict": "unreachable",
                     "subnets": {a: both("unreachable", [f"ENI_SG_RULES_MISMATCH@{db_sg}"]),
                                 b: both("unreachable", [f"ENI_SG_RULES_MISMATCH@{db_sg}"])},
                     "blockers": []}],
        "today": [{"function": "orders", "target": "rds:orders-db", "port": 5432, "verdict": "reachable",
                   "subnets": {a: both("reachable"), b: both("reachable")}, "blockers": []}],
        "notAnalysed": ["aws_cloudwatch_log_group"],
    }
    write_story("sg-rule-removed-database", plan, expected, n)


def v_db_subnet_group(n, subnet_ids):
    t = dict(SERVICE_TAGS)
    return {"arn": f"arn:aws:rds:{REGION}:{ACCT}:subgrp:orders-db", "description": "orders database",
            "id": "orders-db", "name": "orders-db", "name_prefix": "", "subnet_ids": sorted(subnet_ids),
            "supported_network_types": ["IPV4"], "tags": t, "tags_all": dict(t), "vpc_id": n.vpc}


def v_db_instance(n, sg):
    d = n.dbs[0]
    t = dict(SERVICE_TAGS)
    return {"address": d["address"], "allocated_storage": 20, "allow_major_version_upgrade": None,
            "apply_immediately": False, "arn": f"arn:aws:rds:{REGION}:{ACCT}:db:orders-db",
            "auto_minor_version_upgrade": True, "availability_zone": "us-east-1a", "backup_retention_period": 7,
            "backup_window": "07:12-07:42", "ca_cert_identifier": "rds-ca-rsa2048-g1", "db_name": "orders",
            "db_subnet_group_name": "orders-db", "deletion_protection": True,
            "endpoint": f"{d['address']}:5432", "engine": "postgres", "engine_version": "16.4",
            "engine_version_actual": "16.4", "hosted_zone_id": "Z2R2ITUGPM61AM", "id": d["resource_id"],
            "identifier": "orders-db", "identifier_prefix": "", "instance_class": "db.t4g.micro",
            "manage_master_user_password": True,
            "master_user_secret": [{"kms_key_id": f"arn:aws:kms:{REGION}:{ACCT}:key/5c1b0f3e-8d2a-4f61-9b7e-3a0c6d2e9f41",
                                    "secret_arn": f"arn:aws:secretsmanager:{REGION}:{ACCT}:secret:rds!db-5QZ3N7XK-Yt2b9c",
                                    "secret_status": "active"}],
            "multi_az": False, "password": None, "port": 5432, "publicly_accessible": False,
            "resource_id": d["resource_id"], "skip_final_snapshot": False, "status": "available",
            "storage_encrypted": True, "storage_type": "gp3", "tags": t, "tags_all": dict(t),
            "timeouts": None, "username": "orders", "vpc_security_group_ids": [sg]}


def s6_new_sg_without_egress():
    n = base_network(6)
    add_orders_function(n, [n.default_sg])
    private_ids = [n.subnets["private-a"]["id"], n.subnets["private-b"]["id"]]
    lam_before = v_lambda(vpc_cfg([n.default_sg], private_ids, n.vpc), n)
    lam_after = copy.deepcopy(lam_before)
    lam_after["vpc_config"][0]["security_group_ids"] = UNK
    sg_after = v_sg("orders-lambda", "orders Lambda function", None, vpc_id=n.vpc)
    # the function's state (before the change) depends on no group of this configuration
    rs = app_resources(False, n, sg_after=sg_after, lambda_before=lam_before, lambda_after=lam_after,
                       lambda_deps=[d for d in APP_DEPS["aws_lambda_function"] if d != "aws_security_group.lambda"])
    config = {"provider_config": provider_config(),
              "root_module": {
                  "resources": sorted(cfg_app(sg_egress=False, vpc_id_expr=refs("var.vpc_id"),
                                              subnet_expr=refs("var.private_subnet_ids"),
                                              sg_expr=refs(*ref_attr("aws_security_group.lambda", "id"))),
                                      key=lambda r: r["address"]),
                  "variables": {"private_subnet_ids": {}, "vpc_id": {}}}}
    plan = plan_json(rs, config, variables={"vpc_id": n.vpc, "private_subnet_ids": private_ids},
                     timestamp="2024-11-08T10:05:51Z")
    a, b = private_ids
    expected = {
        "story": f"orders (aws_lambda_function.orders) runs in {a} and {b} with the VPC's default security group "
                 f"{n.default_sg}, which still has AWS's rules (all out): it reaches the internet through the NAT "
                 "gateways today. The change gives the function its own group: the plan creates "
                 "aws_security_group.lambda (name orders-lambda, no ingress and no egress blocks) and updates the "
                 "function in place, vpc_config.security_group_ids = [aws_security_group.lambda.id] (unknown "
                 "until apply, tied to the group by the configuration's references). AWS gives a new group an "
                 "allow-all egress rule, but the AWS provider removes it when it creates a group in a VPC, and "
                 "re-creates only the configuration's egress blocks: none here. In the plan, egress (and ingress) "
                 "of the new group are unknown (after_unknown), since they are computed attributes the "
                 "configuration leaves out; what they become follows from the provider's rule, not from the "
                 "plan. After apply the function's only group has no rule at all in the outbound direction: "
                 "unreachable from both subnets, SG_HAS_NO_RULES at aws_security_group.lambda (named by its "
                 "address, since it does not exist yet).",
        "rule": "AWS provider aws_security_group, NOTE on Egress rules: 'By default, AWS creates an ALLOW ALL "
                "egress rule when creating a new Security Group inside of a VPC. When creating a new Security "
                "Group inside a VPC, Terraform will remove this default rule, and require you specifically "
                "re-create it if you desire that rule' (" + URL_SG + "); aws_lambda_function vpc_config is "
                "updated in place (" + URL_LAMBDA + "). blocker-codes.md: SG_HAS_NO_RULES when the groups "
                "concerned have no rule at all in that direction. semantics.md, Security groups: egress is the "
                "union of the function's groups.",
        "plan": "plan.json",
        "inventory": "inventory",
        "queries": [{"function": "orders", "target": "internet", "port": 443, "verdict": "unreachable",
                     "subnets": {a: both("unreachable", ["SG_HAS_NO_RULES@aws_security_group.lambda"]),
                                 b: both("unreachable", ["SG_HAS_NO_RULES@aws_security_group.lambda"])},
                     "blockers": [], "notes": ["egress"]}],
        "today": [{"function": "orders", "target": "internet", "port": 443, "verdict": "reachable",
                   "subnets": {a: both("reachable"), b: both("reachable")}, "blockers": []}],
        "notAnalysed": ["aws_cloudwatch_log_group"],
    }
    write_story("new-security-group-without-egress", plan, expected, n, module_tags=False)


def s7_unknown_subnet():
    n = base_network(7, nat_per_az=False)
    nat = n.nats["a"]["id"]
    sub = v_subnet("10.0.3.0/24", "us-east-1c", "orders-private-us-east-1c", vpc_id=n.vpc,
                   tags={"Name": "orders-private-us-east-1c", "Service": "orders"})
    rs = [
        Res("aws_subnet", "private", 0, after=sub, schema_version=1),
        Res("aws_route_table", "private", after=v_rtb("orders-private-c", vpc_id=n.vpc,
                                                      tags={"Name": "orders-private-c", "Service": "orders"})),
        Res("aws_route", "private_nat_gateway", after=v_route(nat_id=nat)),
        Res("aws_route_table_association", "private", 0, after=v_assoc()),
    ]
    sg_after = v_sg("orders-lambda", "orders Lambda function", [ALL_OUT], vpc_id=n.vpc)
    lam = v_lambda(vpc_cfg(UNK, UNK, UNK))
    rs += app_resources(True, sg_after=sg_after, lambda_after=lam)
    config = {"provider_config": provider_config(),
              "root_module": {
                  "resources": sorted(
                      cfg_app(vpc_id_expr=refs("var.vpc_id"),
                              subnet_expr=refs(*ref_attr("aws_subnet.private[0]", "id")),
                              sg_expr=refs(*ref_attr("aws_security_group.lambda", "id"))) + [
                          cfg_resource("aws_route.private_nat_gateway",
                                       {"destination_cidr_block": const("0.0.0.0/0"),
                                        "nat_gateway_id": refs("var.nat_gateway_id"),
                                        "route_table_id": refs(*ref_attr("aws_route_table.private", "id")),
                                        "timeouts": {"create": const("5m")}}),
                          cfg_resource("aws_route_table.private",
                                       {"tags": const({"Name": "orders-private-c", "Service": "orders"}),
                                        "vpc_id": refs("var.vpc_id")}),
                          cfg_resource("aws_route_table_association.private",
                                       {"route_table_id": refs(*ref_attr("aws_route_table.private", "id")),
                                        "subnet_id": refs("aws_subnet.private", "count.index")},
                                       count=refs("var.private_subnets")),
                          cfg_resource("aws_subnet.private",
                                       {"availability_zone": const("us-east-1c"),
                                        "cidr_block": refs("var.private_subnets", "count.index"),
                                        "tags": const({"Name": "orders-private-us-east-1c", "Service": "orders"}),
                                        "vpc_id": refs("var.vpc_id")},
                                       schema_version=1, count=refs("var.private_subnets")),
                      ], key=lambda r: r["address"]),
                  "variables": {"nat_gateway_id": {}, "private_subnets": {}, "vpc_id": {}}}}
    plan = plan_json(rs, config, variables={"vpc_id": n.vpc, "nat_gateway_id": nat,
                                            "private_subnets": ["10.0.3.0/24"]},
                     timestamp="2024-11-12T08:41:26Z")
    expected = {
        "story": f"A new application stack in the existing VPC {n.vpc} (passed as var.vpc_id; the inventory is the "
                 f"account as it is: public subnets, the internet gateway and one NAT gateway {nat} in us-east-1a, "
                 "passed as var.nat_gateway_id). The plan creates aws_subnet.private[0] (10.0.3.0/24, us-east-1c), "
                 "aws_route_table.private with aws_route.private_nat_gateway (0.0.0.0/0 -> the existing NAT "
                 "gateway, known in the plan), aws_route_table_association.private[0], aws_security_group.lambda "
                 "(allow-all egress block) and aws_lambda_function.orders in [aws_subnet.private[0].id]. The "
                 "subnet's id is unknown until apply (after_unknown.id), and so is the function's "
                 "vpc_config.subnet_ids (the provider plans a set that holds an unknown value as unknown); the "
                 "configuration's "
                 "references (vpc_config.subnet_ids -> aws_subnet.private[0].id, aws_subnet.private[0]) resolve it "
                 "to the address aws_subnet.private[0], the association's (subnet_id -> aws_subnet.private with "
                 "count.index, route_table_id -> aws_route_table.private) tie that subnet to the new table, and the "
                 "route's route_table_id to the same table. The new subnet has no network ACL association, so AWS "
                 "associates it with the VPC's default ACL (allow all). From the new subnet: 0.0.0.0/0 -> "
                 f"{nat}, whose public subnet routes to the attached internet gateway: reachable (a NAT gateway "
                 "serves subnets of other AZs too).",
        "rule": "Terraform JSON output format: after omits unknown values, after_unknown marks them, references "
                "list what an expression refers to, with the instance key (" + URL_TF_JSON + "); network ACLs: "
                "a subnet not associated with an ACL uses the VPC's default ACL (" + URL_NACL_AWS + "); NAT "
                "gateways (" + URL_NAT + "). semantics.md, Routing: which table; Gateways: public NAT gateway.",
        "plan": "plan.json",
        "inventory": "inventory",
        "queries": [{"function": "orders", "target": "internet", "port": 443, "verdict": "reachable",
                     "subnets": {"aws_subnet.private[0]": both("reachable")}, "blockers": []}],
        "notAnalysed": ["aws_cloudwatch_log_group"],
    }
    write_story("unknown-subnet-through-reference", plan, expected, n, module_tags=False)


ASSOC_OF = {"public-a": "public", "public-b": "public", "private-a": "private-a", "private-b": "private-b",
            "database-a": "database", "database-b": "database"}


def database_tier_root(n, private_b=None):
    """The hand-written root module of `association-moved` and the association stories: one resource per
    subnet (aws_subnet.private_a, ...), a NAT gateway per AZ, and the database tier's table
    aws_route_table.database with only the local route, deployed as n (the function runs in private-a
    and private-b). Returns the resource changes and the configuration's resources; every resource is
    kept, except private-b's association: `private_b(value, deps)` gives its changes and configuration
    entries when the story changes it."""
    azs = ["us-east-1a", "us-east-1b"]
    out = []

    def keep(rtype, name, value, sv=0, deps=()):
        out.append(Res(rtype, name, before=value, after=copy.deepcopy(value), schema_version=sv, depends_on=deps))

    keep("aws_vpc", "main", v_vpc(n, tags={"Name": "orders"}), 1)
    keep("aws_internet_gateway", "main", v_igw(n, tags={"Name": "orders"}), deps=["aws_vpc.main"])
    for key in ("public-a", "public-b", "private-a", "private-b", "database-a", "database-b"):
        s = n.subnets[key]
        keep("aws_subnet", key.replace("-", "_"), v_subnet(s["cidr"], s["az"], s["name"], n, key,
                                                          tags={"Name": s["name"]}), 1, ["aws_vpc.main"])
    keep("aws_route_table", "public", v_rtb("orders-public", n, "public", tags={"Name": "orders-public"}),
         deps=["aws_internet_gateway.main", "aws_vpc.main"])
    keep("aws_route_table", "database", v_rtb("orders-db", n, "database", tags={"Name": "orders-db"}),
         deps=["aws_vpc.main"])
    for nat_key in ("a", "b"):
        name = f"orders-us-east-1{nat_key}"
        rt_key = f"private-{nat_key}"
        keep("aws_eip", f"nat_{nat_key}", v_eip(name, n, nat_key, tags={"Name": name}))
        keep("aws_nat_gateway", nat_key, v_nat(name, n, nat_key, tags={"Name": name}),
             deps=[f"aws_eip.nat_{nat_key}", f"aws_subnet.public_{nat_key}", "aws_vpc.main"])
        keep("aws_route_table", f"private_{nat_key}",
             v_rtb(f"orders-private-us-east-1{nat_key}", n, rt_key, tags={"Name": f"orders-private-us-east-1{nat_key}"}),
             deps=["aws_vpc.main"])
        keep("aws_route", f"private_{nat_key}_nat",
             v_route(n.rtbs[rt_key]["id"], nat_id=n.nats[nat_key]["id"], n=n),
             deps=[f"aws_eip.nat_{nat_key}", f"aws_nat_gateway.{nat_key}", f"aws_route_table.private_{nat_key}",
                   f"aws_subnet.public_{nat_key}", "aws_vpc.main"])
    vpc_id = refs(*ref_attr("aws_vpc.main", "id"))
    cfg = [
        cfg_resource("aws_vpc.main", {"cidr_block": const("10.0.0.0/16"), "enable_dns_hostnames": const(True),
                                      "tags": const({"Name": "orders"})}, schema_version=1),
        cfg_resource("aws_internet_gateway.main", {"tags": const({"Name": "orders"}), "vpc_id": vpc_id}),
        cfg_resource("aws_route_table.public",
                     {"route": refs(*ref_attr("aws_internet_gateway.main", "id")),
                      "tags": const({"Name": "orders-public"}), "vpc_id": vpc_id}),
        cfg_resource("aws_route_table.database", {"tags": const({"Name": "orders-db"}), "vpc_id": vpc_id}),
    ]
    for key in ("public-a", "public-b", "private-a", "private-b", "database-a", "database-b"):
        s = n.subnets[key]
        cfg.append(cfg_resource(f"aws_subnet.{key.replace('-', '_')}",
                                {"availability_zone": const(s["az"]), "cidr_block": const(s["cidr"]),
                                 "tags": const({"Name": s["name"]}), "vpc_id": vpc_id}, schema_version=1))
    for k in ("a", "b"):
        cfg += [
            cfg_resource(f"aws_eip.nat_{k}", {"domain": const("vpc"), "tags": const({"Name": f"orders-us-east-1{k}"})}),
            cfg_resource(f"aws_nat_gateway.{k}",
                         {"allocation_id": refs(*ref_attr(f"aws_eip.nat_{k}", "id")),
                          "subnet_id": refs(*ref_attr(f"aws_subnet.public_{k}", "id")),
                          "tags": const({"Name": f"orders-us-east-1{k}"})}),
            cfg_resource(f"aws_route_table.private_{k}",
                         {"tags": const({"Name": f"orders-private-us-east-1{k}"}), "vpc_id": vpc_id}),
            cfg_resource(f"aws_route.private_{k}_nat",
                         {"destination_cidr_block": const("0.0.0.0/0"),
                          "nat_gateway_id": refs(*ref_attr(f"aws_nat_gateway.{k}", "id")),
                          "route_table_id": refs(*ref_attr(f"aws_route_table.private_{k}", "id"))}),
        ]
    for key, rt_key in ASSOC_OF.items():
        rt = n.rtbs[rt_key]
        name = key.replace("-", "_")
        tf_rt = rt_key.replace("-", "_")
        value = v_assoc(n.subnets[key]["id"], rt["id"], rt["assoc"][key])
        deps = [f"aws_route_table.{tf_rt}", f"aws_subnet.{name}", "aws_vpc.main"]
        if key == "private-b" and private_b is not None:
            changes, entries = private_b(value, deps)
            out += changes
            cfg += entries
            continue
        keep("aws_route_table_association", name, value, deps=deps)
        cfg.append(cfg_resource(f"aws_route_table_association.{name}",
                                {"route_table_id": refs(*ref_attr(f"aws_route_table.{tf_rt}", "id")),
                                 "subnet_id": refs(*ref_attr(f"aws_subnet.{name}", "id"))}))
    return out, cfg


def assoc_cfg(name, table, subnet="private_b"):
    return cfg_resource(f"aws_route_table_association.{name}",
                        {"route_table_id": refs(*ref_attr(f"aws_route_table.{table}", "id")),
                         "subnet_id": refs(*ref_attr(f"aws_subnet.{subnet}", "id"))})


def s8_association_moved():
    n = app_network(8)
    n.sgs["lambda"] = dict(id=n.id("sg", 92), name="orders-lambda", description="orders Lambda function",
                           ingress=[], egress=[ALL_OUT])
    add_orders_function(n, [n.sgs["lambda"]["id"]])

    def moved(value, deps):
        after = copy.deepcopy(value)
        after["route_table_id"] = n.rtbs["database"]["id"]
        return ([Res("aws_route_table_association", "private_b", before=value, after=after, depends_on=deps)],
                [assoc_cfg("private_b", "database")])

    out, cfg = database_tier_root(n, moved)
    config = {"provider_config": provider_config(),
              "root_module": {"resources": sorted(cfg, key=lambda r: r["address"])}}
    plan = plan_json(out, config, timestamp="2024-11-13T13:18:02Z")
    a, b = n.subnets["private-a"]["id"], n.subnets["private-b"]["id"]
    rtb_db = n.rtbs["database"]["id"]
    expected = {
        "story": "The orders network is a hand-written root module with one resource per subnet "
                 "(aws_subnet.private_a, private_b, ...), a NAT gateway per AZ (aws_route.private_a_nat, "
                 "private_b_nat) and a database tier whose table aws_route_table.database "
                 f"({rtb_db}) has only the local route. orders (list-functions only) runs in {a} and {b} and "
                 "reaches the internet from both today. A change that adds the database associations copies a "
                 "block over aws_route_table_association.private_b: its route_table_id becomes "
                 f"aws_route_table.database.id. The plan updates the association in place (route_table_id "
                 f"{n.rtbs['private-b']['id']} -> {rtb_db}; the provider moves an association with "
                 f"ReplaceRouteTableAssociation). After apply {b} uses {rtb_db}: no route for 0.0.0.0/0, "
                 f"NO_ROUTE_TO_DESTINATION at {rtb_db}; {a} still reaches the internet: partial.",
        "rule": "AWS provider aws_route_table_association: route_table_id is updated in place (" + URL_RTA + ", "
                + URL_REPLACE_ASSOC + "); route tables: a subnet uses the table explicitly associated with it "
                "(" + URL_RTB_AWS + "). semantics.md, Routing: which table; How a destination is found "
                "(NO_ROUTE_TO_DESTINATION); The function's side: one source per subnet (partial).",
        "plan": "plan.json",
        "inventory": "inventory",
        "queries": [{"function": "orders", "target": "internet", "port": 443, "verdict": "partial",
                     "subnets": {a: both("reachable"),
                                 b: both("unreachable", [f"NO_ROUTE_TO_DESTINATION@{rtb_db}"])},
                     "blockers": []}],
        "today": [{"function": "orders", "target": "internet", "port": 443, "verdict": "reachable",
                   "subnets": {a: both("reachable"), b: both("reachable")}, "blockers": []}],
        "notAnalysed": [],
    }
    write_story("association-moved", plan, expected, n, module_tags=False)


URL_BPA = "https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa.html"
URL_BPA_BASICS = "https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa-basics.html"
URL_TF_BPA_OPTIONS = ("https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/"
                      "vpc_block_public_access_options")
URL_TF_BPA_EXCLUSION = ("https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/"
                        "vpc_block_public_access_exclusion")


def s9_bpa_options_one_nat_subnet_excluded():
    n = base_network(9)
    n.sgs["lambda"] = dict(id=n.id("sg", 92), name="orders-lambda", description="orders Lambda function",
                           ingress=[], egress=[ALL_OUT])
    add_orders_function(n, [n.sgs["lambda"]["id"]])
    rs, _ = network_root_resources(n, nat_route_count=2)
    public_a = n.subnets["public-a"]["id"]
    rs.append(Res("aws_vpc_block_public_access_options", "this",
                  after={"aws_account_id": UNK, "aws_region": UNK, "id": UNK,
                         "internet_gateway_block_mode": "block-bidirectional", "timeouts": None}))
    rs.append(Res("aws_vpc_block_public_access_exclusion", "nat", 0,
                  after={"id": UNK, "internet_gateway_exclusion_mode": "allow-egress", "resource_arn": UNK,
                         "subnet_id": public_a, "tags": None, "tags_all": UNK, "timeouts": None, "vpc_id": UNK},
                  depends_on=["aws_subnet.public", "aws_vpc.main"]))
    config = {"provider_config": provider_config(),
              "root_module": {
                  "resources": cfg_network_root(refs("var.azs")) + [
                      cfg_resource("aws_vpc_block_public_access_exclusion.nat",
                                   {"internet_gateway_exclusion_mode": const("allow-egress"),
                                    "subnet_id": refs("aws_subnet.public[0].id", "aws_subnet.public[0]",
                                                      "aws_subnet.public")},
                                   count=refs("var.excluded_nat_azs")),
                      cfg_resource("aws_vpc_block_public_access_options.this",
                                   {"internet_gateway_block_mode": const("block-bidirectional")}),
                  ],
                  "variables": {"azs": {"default": ["us-east-1a", "us-east-1b"]},
                                "excluded_nat_azs": {"default": ["us-east-1a"],
                                                     "description": "AZs whose NAT gateway's public subnet is "
                                                                    "excluded from VPC Block Public Access"}}}}
    plan = plan_json(rs, config, variables={"azs": ["us-east-1a", "us-east-1b"], "excluded_nat_azs": ["us-east-1a"]},
                     timestamp="2025-02-04T09:12:31Z")
    a, b = n.subnets["private-a"]["id"], n.subnets["private-b"]["id"]
    public_b = n.subnets["public-b"]["id"]
    expected = {
        "story": "The orders network is the hand-written root module of nat-route-deleted (one NAT gateway per AZ, "
                 f"each in its AZ's public subnet; aws_route_table.private[i] sends 0.0.0.0/0 to "
                 f"aws_nat_gateway.this[i]); orders runs in {a} (us-east-1a) and {b} (us-east-1b) and reaches the "
                 "internet from both today. The plan turns VPC Block Public Access on for the account and region "
                 "(aws_vpc_block_public_access_options.this, internet_gateway_block_mode block-bidirectional) and "
                 "excludes only us-east-1a's NAT gateway subnet "
                 f"{public_a} (aws_vpc_block_public_access_exclusion.nat[0], allow-egress, one per "
                 "var.excluded_nat_azs). In bidirectional mode a NAT gateway's traffic is dropped at the internet "
                 "gateway unless its own subnet is excluded: from "
                 f"{a} the internet stays reachable through the excluded {public_a}, from {b} it is not "
                 f"(VPC_BLOCK_PUBLIC_ACCESS_ENABLED at {public_b}, us-east-1b's NAT gateway subnet): partial.",
        "rule": "AWS provider aws_vpc_block_public_access_options and aws_vpc_block_public_access_exclusion ("
                + URL_TF_BPA_OPTIONS + ", " + URL_TF_BPA_EXCLUSION + "); VPC Block Public Access: bidirectional "
                "mode blocks a NAT gateway's traffic (it needs the internet gateway), an allow-egress exclusion "
                "lets a subnet's outbound traffic out (" + URL_BPA + ", " + URL_BPA_BASICS + "). semantics.md, "
                "Gateways: VPC Block Public Access (the NAT gateway's subnet decides); The function's side: one "
                "source per subnet (partial).",
        "plan": "plan.json",
        "inventory": "inventory",
        "queries": [{"function": "orders", "target": "internet", "port": 443, "verdict": "partial",
                     "subnets": {a: both("reachable"),
                                 b: both("unreachable", [f"VPC_BLOCK_PUBLIC_ACCESS_ENABLED@{public_b}"])},
                     "blockers": []}],
        "today": [{"function": "orders", "target": "internet", "port": 443, "verdict": "reachable",
                   "subnets": {a: both("reachable"), b: both("reachable")}, "blockers": []}],
        "notAnalysed": [],
    }
    write_story("bpa-options-created-one-nat-subnet-excluded", plan, expected, n, module_tags=False)


def s10_default_sg_adopted_by_reference():
    n = base_network("a", octet=1)
    # Today the function has its own group, which allows only PostgreSQL inside the VPC.
    pg = sg_rule("tcp", 5432, 5432, cidrs=["10.0.0.0/16"])
    n.sgs["lambda"] = dict(id=n.id("sg", 92), name="orders-lambda", description="orders Lambda function",
                           ingress=[], egress=[pg])
    add_orders_function(n, [n.sgs["lambda"]["id"]])
    private_ids = [n.subnets["private-a"]["id"], n.subnets["private-b"]["id"]]
    lam_before = v_lambda(vpc_cfg([n.sgs["lambda"]["id"]], private_ids, n.vpc), n)
    lam_after = copy.deepcopy(lam_before)
    lam_after["vpc_config"][0]["security_group_ids"] = UNK
    https_out = sg_rule("tcp", 443, 443, cidrs=["0.0.0.0/0"])
    dsg = v_default_sg(name="orders-default")
    dsg["egress"] = [tf_sg_rule(https_out)]
    dsg["ingress"] = []
    dsg["vpc_id"] = n.vpc
    rs = app_resources(False, n, with_sg=False, lambda_before=lam_before, lambda_after=lam_after,
                       lambda_deps=[d for d in APP_DEPS["aws_lambda_function"] if d != "aws_security_group.lambda"]
                       + ["aws_default_security_group.default"])
    rs.append(Res("aws_default_security_group", "default", after=dsg, schema_version=1))
    egress_expr = const([{"cidr_blocks": ["0.0.0.0/0"], "description": None, "from_port": 443,
                          "ipv6_cidr_blocks": None, "prefix_list_ids": None, "protocol": "tcp",
                          "security_groups": None, "self": None, "to_port": 443}])
    config = {"provider_config": provider_config(),
              "root_module": {
                  "resources": sorted(
                      cfg_app(with_sg=False, subnet_expr=refs("var.private_subnet_ids"),
                              sg_expr=refs(*ref_attr("aws_default_security_group.default", "id"))) + [
                          cfg_resource("aws_default_security_group.default",
                                       {"egress": egress_expr, "tags": const(tags_for("orders-default")),
                                        "vpc_id": refs("var.vpc_id")}, schema_version=1)],
                      key=lambda r: r["address"]),
                  "variables": {"private_subnet_ids": {}, "vpc_id": {}}}}
    plan = plan_json(rs, config, variables={"vpc_id": n.vpc, "private_subnet_ids": private_ids},
                     timestamp="2024-11-15T14:02:37Z")
    a, b = private_ids
    sg = n.default_sg
    expected = {
        "story": f"orders (aws_lambda_function.orders) runs in {a} and {b} with its own group "
                 f"{n.sgs['lambda']['id']} (egress: tcp 5432 to 10.0.0.0/16 only): the internet on 443 is "
                 "unreachable today. The change moves the function to the VPC's default security group, managed "
                 "for the first time by aws_default_security_group.default (vpc_id = var.vpc_id, one egress block: "
                 "tcp 443 to 0.0.0.0/0, no ingress block), and sets vpc_config.security_group_ids = "
                 "[aws_default_security_group.default.id]. Terraform does not create that group: it adopts the "
                 f"default group AWS made with the VPC, {sg}, which always exists; its id is known only after "
                 "apply in the plan (a resource being created), and the configuration's references tie the "
                 "function's security_group_ids to aws_default_security_group.default, whose vpc_id names the VPC "
                 "and so the group. On adoption the provider removes every rule of the group and creates the "
                 "configuration's: after apply the group allows tcp 443 out to anywhere and nothing else. The "
                 "private subnets route 0.0.0.0/0 to the NAT gateways: internet on 443 is reachable from both "
                 "subnets, and on 80 it is not (ENI_SG_RULES_MISMATCH at the adopted group, named by its ID).",
        "rule": "AWS provider aws_default_security_group: 'Provides a resource to manage a default security group. "
                "This resource can manage the default security group of the default or a non-default VPC'; 'When "
                "Terraform first begins managing the default security group, it immediately removes all ingress "
                "and egress rules in the Security Group. It then creates any rules specified in the "
                "configuration' (" + URL_DSG + "). Amazon VPC: every VPC has a default security group, which "
                "cannot be deleted. Terraform JSON output format: after_unknown, references (" + URL_TF_JSON +
                "). semantics.md, Security groups: egress of the function's groups.",
        "plan": "plan.json",
        "inventory": "inventory",
        "queries": [{"function": "orders", "target": "internet", "port": 443, "verdict": "reachable",
                     "subnets": {a: both("reachable"), b: both("reachable")}, "blockers": []},
                    {"function": "orders", "target": "internet", "port": 80, "verdict": "unreachable",
                     "subnets": {a: both("unreachable", [f"ENI_SG_RULES_MISMATCH@{sg}"]),
                                 b: both("unreachable", [f"ENI_SG_RULES_MISMATCH@{sg}"])},
                     "blockers": []}],
        "today": [{"function": "orders", "target": "internet", "port": 443, "verdict": "unreachable",
                   "subnets": {a: both("unreachable", [f"ENI_SG_RULES_MISMATCH@{n.sgs['lambda']['id']}"]),
                               b: both("unreachable", [f"ENI_SG_RULES_MISMATCH@{n.sgs['lambda']['id']}"])},
                   "blockers": []}],
        "notAnalysed": ["aws_cloudwatch_log_group"],
    }
    write_story("default-security-group-adopted-by-reference", plan, expected, n, module_tags=False)



# ==== a created association meets the subnet's explicit association ===========================

URL_TF_GRAPH = "https://developer.hashicorp.com/terraform/internals/graph"
URL_TF_BEHAVIOR = "https://developer.hashicorp.com/terraform/language/resources/behavior#resource-dependencies"
URL_TF_LIFECYCLE = "https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#create_before_destroy"
URL_ASSOCIATE = "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_AssociateRouteTable.html"
ALREADY_ASSOCIATED = ("AWS provider aws_route_table_association: the create calls AssociateRouteTable, retried only on "
                      "InvalidRouteTableID.NotFound, and 'Attempting to associate a route table with a subnet or "
                      "gateway, where either is already associated, will result in an error (e.g., "
                      "Resource.AlreadyAssociated: the specified association for route table rtb-4176657279 "
                      "conflicts with an existing association) unless you first import the original association' "
                      "(" + URL_RTA + "; internal/service/ec2/vpc_route_table_association.go; "
                      "hashicorp/terraform-provider-aws#73, #38960; " + URL_ASSOCIATE + ")")


def s11_association_created_for_associated_subnet():
    n = base_network("b", octet=2)
    n.sgs["lambda"] = dict(id=n.id("sg", 92), name="orders-lambda", description="orders Lambda function",
                           ingress=[], egress=[ALL_OUT])
    add_orders_function(n, [n.sgs["lambda"]["id"]])
    a, b = n.subnets["private-a"]["id"], n.subnets["private-b"]["id"]
    rtb_b, assoc_b = n.rtbs["private-b"]["id"], n.rtbs["private-b"]["assoc"]["private-b"]
    tags = {"Name": "orders-isolated", "Service": "orders"}
    rs = [
        Res("aws_route_table", "isolated", after=v_rtb("orders-isolated", vpc_id=n.vpc, tags=tags)),
        Res("aws_route_table_association", "private_b", after=v_assoc(subnet_id=b)),
    ]
    config = {"provider_config": provider_config(),
              "root_module": {
                  "resources": [
                      cfg_resource("aws_route_table.isolated", {"tags": const(tags), "vpc_id": refs("var.vpc_id")}),
                      cfg_resource("aws_route_table_association.private_b",
                                   {"route_table_id": refs(*ref_attr("aws_route_table.isolated", "id")),
                                    "subnet_id": refs("var.private_b_subnet_id")}),
                  ],
                  "variables": {"private_b_subnet_id": {}, "vpc_id": {}}}}
    plan = plan_json(rs, config, variables={"vpc_id": n.vpc, "private_b_subnet_id": b},
                     timestamp="2024-11-18T09:12:44Z")
    expected = {
        "story": f"The platform team's VPC module (another state: the inventory is the account as it is) associates "
                 f"the private subnets with one table per AZ; {b} (us-east-1b) is explicitly associated with "
                 f"{rtb_b} (0.0.0.0/0 -> {n.nats['b']['id']}) by {assoc_b}. orders (list-functions only) runs in "
                 f"{a} and {b} and reaches the internet from both. The orders team, meaning to take {b} off the "
                 "internet, plans a table of its own, aws_route_table.isolated (local route only), and "
                 f"aws_route_table_association.private_b associating var.private_b_subnet_id = {b} with it. The "
                 f"plan cannot show the conflict: {assoc_b} is not in this state. The provider's create calls "
                 "AssociateRouteTable and never ReplaceRouteTableAssociation; EC2 refuses an association for a "
                 "subnet that already has one (Resource.AlreadyAssociated), so terraform apply fails at "
                 f"aws_route_table_association.private_b (the table is still made). {b} keeps {rtb_b}: after "
                 "apply orders still reaches the internet from both subnets, and the answer says the apply fails.",
        "rule": ALREADY_ASSOCIATED + ". semantics.md, Routing: which table.",
        "plan": "plan.json",
        "inventory": "inventory",
        "queries": [{"function": "orders", "target": "internet", "port": 443, "verdict": "reachable",
                     "subnets": {a: both("reachable"), b: both("reachable")}, "blockers": [],
                     "notes": ["Deploy error: aws_route_table_association.private_b associates " + b,
                               "Resource.AlreadyAssociated", f"This run keeps {b} on {rtb_b}"]}],
        "today": [{"function": "orders", "target": "internet", "port": 443, "verdict": "reachable",
                   "subnets": {a: both("reachable"), b: both("reachable")}, "blockers": []}],
        "notAnalysed": [],
    }
    write_story("association-created-for-subnet-already-associated-fails", plan, expected, n, module_tags=False)


def s12_association_renamed_apply_order_decides():
    n = app_network("c", octet=11)
    n.sgs["lambda"] = dict(id=n.id("sg", 92), name="orders-lambda", description="orders Lambda function",
                           ingress=[], egress=[ALL_OUT])
    add_orders_function(n, [n.sgs["lambda"]["id"]])
    rtb_db = n.rtbs["database"]["id"]

    def renamed(value, deps):
        return ([Res("aws_route_table_association", "private_b", before=value,
                     reason="delete_because_no_resource_config", depends_on=deps),
                 Res("aws_route_table_association", "private_b_database",
                     after=v_assoc(value["subnet_id"], rtb_db))],
                [assoc_cfg("private_b_database", "database")])

    out, cfg = database_tier_root(n, renamed)
    config = {"provider_config": provider_config(),
              "root_module": {"resources": sorted(cfg, key=lambda r: r["address"])}}
    plan = plan_json(out, config, timestamp="2024-11-19T15:40:08Z")
    a, b = n.subnets["private-a"]["id"], n.subnets["private-b"]["id"]
    assoc_b = n.rtbs["private-b"]["assoc"]["private-b"]
    expected = {
        "story": "The orders network of association-moved (a hand-written root module, one resource per subnet, a "
                 f"NAT gateway per AZ, the database tier's table aws_route_table.database {rtb_db} with only the "
                 f"local route). orders runs in {a} and {b} and reaches the internet from both today. A refactor "
                 f"moves {b} to the database table by renaming its association's block, without a moved block: "
                 f"the plan deletes aws_route_table_association.private_b ({assoc_b}, "
                 "delete_because_no_resource_config) and creates aws_route_table_association.private_b_database "
                 f"for the same subnet. Nothing orders the two (neither depends on the other): Terraform walks "
                 "its graph in parallel, ordered only by dependencies. If the destroy (DisassociateRouteTable) "
                 "completes first, the create succeeds; if AssociateRouteTable comes first, EC2 refuses it "
                 f"(Resource.AlreadyAssociated), the apply fails, and the destroy still runs, leaving {b} on the "
                 "VPC's main table until apply runs again (hashicorp/terraform-provider-aws#38960: 'works "
                 "inconsistently and fails from time to time'). The answer takes the plan's end state, "
                 f"{b} on {rtb_db} (NO_ROUTE_TO_DESTINATION at {rtb_db}; {a} reachable: partial), and says that "
                 "the apply can fail on the order.",
        "rule": "Terraform applies unrelated resources in parallel: 'Terraform can make changes to several "
                "unrelated resources in parallel' (" + URL_TF_BEHAVIOR + "); the graph is walked in parallel, a "
                "node once its dependencies are (" + URL_TF_GRAPH + "); " + ALREADY_ASSOCIATED + ". semantics.md, "
                "Routing: which table; How a destination is found (NO_ROUTE_TO_DESTINATION).",
        "plan": "plan.json",
        "inventory": "inventory",
        "queries": [{"function": "orders", "target": "internet", "port": 443, "verdict": "partial",
                     "subnets": {a: both("reachable"),
                                 b: both("unreachable", [f"NO_ROUTE_TO_DESTINATION@{rtb_db}"])},
                     "blockers": [],
                     "notes": ["Apply order: aws_route_table_association.private_b_database associates " + b,
                               "Resource.AlreadyAssociated", "main route table"]}],
        "today": [{"function": "orders", "target": "internet", "port": 443, "verdict": "reachable",
                   "subnets": {a: both("reachable"), b: both("reachable")}, "blockers": []}],
        "notAnalysed": [],
    }
    write_story("association-renamed-apply-order-decides", plan, expected, n, module_tags=False)


def s13_association_replaced_create_before_destroy():
    n = app_network("d", octet=12)
    n.sgs["lambda"] = dict(id=n.id("sg", 92), name="orders-lambda", description="orders Lambda function",
                           ingress=[], egress=[ALL_OUT])
    add_orders_function(n, [n.sgs["lambda"]["id"]])
    rtb_db = n.rtbs["database"]["id"]

    def replaced(value, deps):
        return ([Res("aws_route_table_association", "private_b", before=value,
                     after=v_assoc(value["subnet_id"], rtb_db), action=["create", "delete"],
                     reason="replace_by_request", depends_on=deps)],
                [assoc_cfg("private_b", "database")])

    out, cfg = database_tier_root(n, replaced)
    config = {"provider_config": provider_config(),
              "root_module": {"resources": sorted(cfg, key=lambda r: r["address"])}}
    plan = plan_json(out, config, timestamp="2024-11-20T10:27:51Z")
    a, b = n.subnets["private-a"]["id"], n.subnets["private-b"]["id"]
    rtb_b, assoc_b = n.rtbs["private-b"]["id"], n.rtbs["private-b"]["assoc"]["private-b"]
    expected = {
        "story": "The orders network of association-moved, whose associations carry lifecycle "
                 f"{{ create_before_destroy = true }}. orders runs in {a} and {b} and reaches the internet from "
                 f"both today. A change points aws_route_table_association.private_b at the database table "
                 f"({rtb_db}, local route only) and is planned with -replace=aws_route_table_association.private_b: "
                 "the association is replaced (action_reason replace_by_request), and with create_before_destroy "
                 "the actions are [\"create\",\"delete\"]: the new association is made before the old one "
                 f"({assoc_b}) is destroyed. The create calls AssociateRouteTable for {b}, which still has "
                 f"{assoc_b}: EC2 refuses it (Resource.AlreadyAssociated), the apply fails at the create, and the "
                 f"destroy, which waits for it, never runs. {b} keeps {rtb_b}: after apply orders still reaches the "
                 "internet from both subnets, and the answer says the apply fails (an update of route_table_id, "
                 "without -replace, moves the subnet with ReplaceRouteTableAssociation).",
        "rule": "Terraform create_before_destroy: 'Terraform will instead destroy the existing object and then create "
                "a new replacement object ... create_before_destroy ... the new replacement object is created first, "
                "and the prior object is destroyed after the replacement is created' (" + URL_TF_LIFECYCLE + "); "
                "JSON output format: [\"create\",\"delete\"] (" + URL_TF_JSON + "); " + ALREADY_ASSOCIATED
                + ". semantics.md, Routing: which table.",
        "plan": "plan.json",
        "inventory": "inventory",
        "queries": [{"function": "orders", "target": "internet", "port": 443, "verdict": "reachable",
                     "subnets": {a: both("reachable"), b: both("reachable")}, "blockers": [],
                     "notes": ["Deploy error: aws_route_table_association.private_b associates " + b,
                               "create_before_destroy", f"This run keeps {b} on {rtb_b}"]}],
        "today": [{"function": "orders", "target": "internet", "port": 443, "verdict": "reachable",
                   "subnets": {a: both("reachable"), b: both("reachable")}, "blockers": []}],
        "notAnalysed": [],
    }
    write_story("association-replaced-create-before-destroy-fails", plan, expected, n, module_tags=False)

if __name__ == "__main__":
    s1_one_nat_per_az()
    s2_single_nat()
    s3_switch_to_single_nat()
    s4_nat_route_deleted()
    s5_sg_rule_removed()
    s6_new_sg_without_egress()
    s7_unknown_subnet()
    s8_association_moved()
    s9_bpa_options_one_nat_subnet_excluded()
    s10_default_sg_adopted_by_reference()
    s11_association_created_for_associated_subnet()
    s12_association_renamed_apply_order_decides()
    s13_association_replaced_create_before_destroy()
