#!/usr/bin/env python3
"""Writes the Lambda Managed Instances scenario fixtures: a function whose CapacityProviderConfig
names a capacity provider (list-capacity-providers), and no VpcConfig of its own.

One VPC, 10.70.0.0/16, account 123456789012, us-east-1: a public subnet with the NAT gateway,
two private subnets (the provider's, one per zone) and two database subnets. The provider's
instances have group sg-0c1a0000000000002 (all egress); the database's group admits it on 5432.

Run from this folder: python3 lmi_stories.py
"""
import json
import os

ACCOUNT = "123456789012"
REGION = "us-east-1"
VPC = "vpc-0c1a0000000000001"
PROVIDER_ARN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:capacity-provider:orders-capacity"


def ident(prefix, n):
    return f"{prefix}-0c1a{n:013d}"


PUBLIC, PRIVATE_A, PRIVATE_B, DB_A, DB_B = (ident("subnet", n) for n in range(1, 6))
RTB_PUBLIC, RTB_PRIVATE, RTB_DB = (ident("rtb", n) for n in range(1, 4))
SG_DEFAULT, SG_INSTANCES, SG_DB = (ident("sg", n) for n in range(1, 4))
NAT, IGW, ACL = ident("nat", 1), ident("igw", 1), ident("acl", 1)


def subnet(sid, cidr, zone, zone_id, name):
    return {
        "AvailabilityZone": zone, "AvailabilityZoneId": zone_id, "AvailableIpAddressCount": 250,
        "CidrBlock": cidr, "DefaultForAz": False, "MapPublicIpOnLaunch": sid == PUBLIC,
        "State": "available", "SubnetId": sid, "VpcId": VPC, "OwnerId": ACCOUNT,
        "AssignIpv6AddressOnCreation": False, "Ipv6CidrBlockAssociationSet": [],
        "Tags": [{"Key": "Name", "Value": name}],
        "SubnetArn": f"arn:aws:ec2:{REGION}:{ACCOUNT}:subnet/{sid}", "EnableDns64": False, "Ipv6Native": False,
    }


def route_table(rid, subnets, extra_routes, main=False):
    associations = [
        {"Main": False, "RouteTableAssociationId": f"rtbassoc-0c1a{int(rid[-3:]) * 10 + i:013d}", "RouteTableId": rid,
         "SubnetId": s, "AssociationState": {"State": "associated"}}
        for i, s in enumerate(subnets)
    ]
    if main:
        associations.append({"Main": True, "RouteTableAssociationId": "rtbassoc-0c1a0000000000900",
                             "RouteTableId": rid, "AssociationState": {"State": "associated"}})
    return {
        "Associations": associations, "PropagatingVgws": [], "RouteTableId": rid,
        "Routes": [{"DestinationCidrBlock": "10.70.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable",
                    "State": "active"}] + extra_routes,
        "Tags": [], "VpcId": VPC, "OwnerId": ACCOUNT,
    }


def all_egress():
    return [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": [],
             "UserIdGroupPairs": []}]


def group(gid, name, ingress, egress):
    return {"Description": name, "GroupName": name, "IpPermissions": ingress, "OwnerId": ACCOUNT, "GroupId": gid,
            "IpPermissionsEgress": egress, "VpcId": VPC}


def network(with_nat):
    private_routes = (
        [{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": NAT, "Origin": "CreateRoute", "State": "active"}]
        if with_nat else []
    )
    files = {
        "describe-vpcs.json": {"Vpcs": [{
            "CidrBlock": "10.70.0.0/16", "DhcpOptionsId": "default", "State": "available", "VpcId": VPC,
            "OwnerId": ACCOUNT, "InstanceTenancy": "default", "IsDefault": False,
            "CidrBlockAssociationSet": [{"AssociationId": "vpc-cidr-assoc-0c1a0000000000001",
                                         "CidrBlock": "10.70.0.0/16", "CidrBlockState": {"State": "associated"}}],
            "Tags": [{"Key": "Name", "Value": "orders"}]}]},
        "describe-subnets.json": {"Subnets": [
            subnet(PUBLIC, "10.70.0.0/24", "us-east-1a", "use1-az4", "orders-public-a"),
            subnet(PRIVATE_A, "10.70.1.0/24", "us-east-1a", "use1-az4", "orders-private-a"),
            subnet(PRIVATE_B, "10.70.2.0/24", "us-east-1b", "use1-az6", "orders-private-b"),
            subnet(DB_A, "10.70.10.0/24", "us-east-1a", "use1-az4", "orders-db-a"),
            subnet(DB_B, "10.70.11.0/24", "us-east-1b", "use1-az6", "orders-db-b"),
        ]},
        "describe-route-tables.json": {"RouteTables": [
            route_table(RTB_PUBLIC, [PUBLIC], [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": IGW,
                                                "Origin": "CreateRoute", "State": "active"}]),
            route_table(RTB_PRIVATE, [PRIVATE_A, PRIVATE_B], private_routes),
            route_table(RTB_DB, [DB_A, DB_B], [], main=True),
        ]},
        "describe-internet-gateways.json": {"InternetGateways": [{
            "Attachments": [{"State": "available", "VpcId": VPC}], "InternetGatewayId": IGW, "OwnerId": ACCOUNT,
            "Tags": []}]},
        "describe-nat-gateways.json": {"NatGateways": [{
            "CreateTime": "2025-12-01T09:00:00+00:00",
            "NatGatewayAddresses": [{"AllocationId": "eipalloc-0c1a0000000000001",
                                     "NetworkInterfaceId": "eni-0c1a0000000000901", "PrivateIp": "10.70.0.10",
                                     "PublicIp": "52.70.1.8", "IsPrimary": True, "Status": "succeeded"}],
            "NatGatewayId": NAT, "State": "available", "SubnetId": PUBLIC, "VpcId": VPC, "Tags": [],
            "ConnectivityType": "public"}] if with_nat else []},
        "describe-network-acls.json": {"NetworkAcls": [{
            "Associations": [{"NetworkAclAssociationId": f"aclassoc-0c1a000000000000{i}", "NetworkAclId": ACL,
                              "SubnetId": s} for i, s in enumerate([PUBLIC, PRIVATE_A, PRIVATE_B, DB_A, DB_B], 1)],
            "Entries": [
                {"CidrBlock": "0.0.0.0/0", "Egress": egress, "Protocol": "-1", "RuleAction": action,
                 "RuleNumber": number}
                for egress in (True, False) for action, number in (("allow", 100), ("deny", 32767))
            ],
            "IsDefault": True, "NetworkAclId": ACL, "Tags": [], "VpcId": VPC, "OwnerId": ACCOUNT}]},
        "describe-security-groups.json": {"SecurityGroups": [
            group(SG_DEFAULT, "default",
                  [{"IpProtocol": "-1", "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": [],
                    "UserIdGroupPairs": [{"GroupId": SG_DEFAULT, "UserId": ACCOUNT}]}], all_egress()),
            group(SG_INSTANCES, "orders-capacity-instances", [], all_egress()),
            group(SG_DB, "orders-db",
                  [{"FromPort": 5432, "ToPort": 5432, "IpProtocol": "tcp", "IpRanges": [], "Ipv6Ranges": [],
                    "PrefixListIds": [], "UserIdGroupPairs": [{"GroupId": SG_INSTANCES, "UserId": ACCOUNT}]}],
                  all_egress()),
        ]},
        "describe-db-instances.json": {"DBInstances": [{
            "DBInstanceIdentifier": "orders-db", "DBInstanceClass": "db.t4g.medium", "Engine": "postgres",
            "DBInstanceStatus": "available",
            "Endpoint": {"Address": "orders-db.c9akciq32lxp.us-east-1.rds.amazonaws.com", "Port": 5432,
                         "HostedZoneId": "Z2R2ITUGPM61AM"},
            "VpcSecurityGroups": [{"VpcSecurityGroupId": SG_DB, "Status": "active"}],
            "AvailabilityZone": "us-east-1a",
            "DBSubnetGroup": {"DBSubnetGroupName": "orders-db-subnets", "VpcId": VPC, "SubnetGroupStatus": "Complete",
                              "Subnets": [{"SubnetIdentifier": s, "SubnetAvailabilityZone": {"Name": z},
                                           "SubnetStatus": "Active"}
                                          for s, z in ((DB_A, "us-east-1a"), (DB_B, "us-east-1b"))]},
            "MultiAZ": False, "EngineVersion": "16.3", "PubliclyAccessible": False,
            "DBInstanceArn": f"arn:aws:rds:{REGION}:{ACCOUNT}:db:orders-db"}]},
        # The function as list-functions prints one of Lambda Managed Instances: its
        # CapacityProviderConfig, no VpcConfig.
        "list-functions.json": {"Functions": [{
            "FunctionName": "orders-worker",
            "FunctionArn": f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:orders-worker",
            "Runtime": "python3.13", "Role": f"arn:aws:iam::{ACCOUNT}:role/orders-worker-role",
            "Handler": "app.handler", "MemorySize": 2048, "Timeout": 30, "Version": "$LATEST",
            "PackageType": "Zip", "Architectures": ["arm64"],
            "CapacityProviderConfig": {"LambdaManagedInstancesCapacityProviderConfig": {
                "CapacityProviderArn": PROVIDER_ARN, "PerExecutionEnvironmentMaxConcurrency": 64,
                "ExecutionEnvironmentMemoryGiBPerVCpu": 2.0}},
            "LoggingConfig": {"LogFormat": "Text", "LogGroup": "/aws/lambda/orders-worker"}}]},
    }
    return files


def provider_file():
    return {"list-capacity-providers.json": {"CapacityProviders": [{
        "CapacityProviderArn": PROVIDER_ARN, "State": "Active",
        "VpcConfig": {"SubnetIds": [PRIVATE_A, PRIVATE_B], "SecurityGroupIds": [SG_INSTANCES]},
        "PermissionsConfig": {"CapacityProviderOperatorRoleArn": f"arn:aws:iam::{ACCOUNT}:role/orders-capacity-operator"},
        "InstanceRequirements": {"Architectures": ["arm64"]},
        "CapacityProviderScalingConfig": {"MaxVCpuCount": 64, "ScalingMode": "Auto"},
        "LastModified": "2025-12-01T09:00:00.000+0000"}]}}


def write(name, files, expected):
    os.makedirs(name, exist_ok=True)
    for file, document in files.items():
        with open(os.path.join(name, file), "w") as out:
            json.dump(document, out, indent=2)
            out.write("\n")
    with open(os.path.join(name, "expected.json"), "w") as out:
        json.dump(expected, out, indent=2)
        out.write("\n")


RULE = ("Lambda Managed Instances (semantics.md): a function with a CapacityProviderConfig runs on EC2 instances "
        "that Lambda launches in its capacity provider's subnets with the provider's security groups "
        "(CapacityProviderVpcConfig); it has no VpcConfig, and its traffic is walked from each of the provider's "
        "subnets as a VPC function's is.")


def both(verdict, blockers=lambda subnet: []):
    return {s: {"verdict": verdict, "blockers": blockers(s)} for s in (PRIVATE_A, PRIVATE_B)}


write("lmi-function-private-subnets-with-nat-reaches-internet", {**network(True), **provider_file()}, {
    "story": "orders-worker has no VpcConfig: its CapacityProviderConfig names orders-capacity, whose instances "
             "run in the private subnets subnet-0c1a0000000000002 and subnet-0c1a0000000000003 with group "
             "sg-0c1a0000000000002 (all egress). Their route table sends 0.0.0.0/0 to a NAT gateway in the public "
             "subnet: the internet is reachable from both of the provider's subnets, walked as a VPC function's.",
    "rule": RULE,
    "queries": [{"function": "orders-worker", "target": "internet", "port": 443, "protocol": "tcp",
                 "verdict": "reachable", "subnets": both("reachable"), "blockers": []}]})

write("lmi-function-private-subnets-without-nat-no-internet", {**network(False), **provider_file()}, {
    "story": "orders-worker runs on capacity provider orders-capacity, in private subnets whose route table "
             "rtb-0c1a0000000000002 has only its local route (no NAT gateway). Without VpcConfig, the function "
             "would have read as running in the Lambda-owned network, with internet access; its traffic leaves "
             "through the instances' interfaces in the provider's subnets, where no route leads out.",
    "rule": RULE + " NO_ROUTE_TO_DESTINATION at the subnet's route table.",
    "queries": [{"function": "orders-worker", "target": "internet", "port": 443, "protocol": "tcp",
                 "verdict": "unreachable",
                 "subnets": both("unreachable", lambda s: [f"NO_ROUTE_TO_DESTINATION@{RTB_PRIVATE}"]),
                 "blockers": []}]})

write("lmi-capacity-provider-not-exported", network(True), {
    "story": "orders-worker's CapacityProviderConfig names orders-capacity, but list-capacity-providers was not "
             "imported: the function's network is the provider's subnets and groups, which are unknown. It is not "
             "a function without VpcConfig in the Lambda-owned network: neither the internet nor the private "
             "database is answered as reachable, and the blocker names the provider to export.",
    "rule": "Lambda Managed Instances (semantics.md): the capacity provider decides the network; "
            "CAPACITY_PROVIDER_NOT_FOUND when it is not in the inventory.",
    "queries": [
        {"function": "orders-worker", "target": "internet", "port": 443, "protocol": "tcp",
         "verdict": "unreachable", "subnets": {}, "blockers": [f"CAPACITY_PROVIDER_NOT_FOUND@{PROVIDER_ARN}"]},
        {"function": "orders-worker", "target": "rds:orders-db", "port": 5432, "protocol": "tcp",
         "verdict": "unreachable", "subnets": {}, "blockers": [f"CAPACITY_PROVIDER_NOT_FOUND@{PROVIDER_ARN}"]},
    ]})

write("lmi-function-reaches-private-rds-admitting-provider-group", {**network(False), **provider_file()}, {
    "story": "orders-db (PostgreSQL, not publicly accessible) is in the database subnets; its group "
             "sg-0c1a0000000000003 admits tcp 5432 from sg-0c1a0000000000002, the capacity provider's group. "
             "orders-worker runs on the provider's instances, which carry that group: the database is reachable "
             "from both of the provider's subnets over the local route, where a function without VpcConfig "
             "could not reach it at all (LAMBDA_NOT_IN_VPC).",
    "rule": RULE + " Ingress of the destination's groups admits the source's group by reference.",
    "queries": [{"function": "orders-worker", "target": "rds:orders-db", "port": 5432, "protocol": "tcp",
                 "verdict": "reachable", "subnets": both("reachable"), "blockers": []}]})
