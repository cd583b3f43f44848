"""Helpers for the story scripts: build a topology in moto with boto3.

Every story script imports this module, builds its topology against the endpoint in
MOTO_ENDPOINT (credentials and region come from the environment the test sets), and prints
one JSON object that names the IDs it created ({"private_a": "subnet-...", ...}) and nothing
else: the test substitutes them into expected.json.
"""

import io
import json
import os
import sys
import zipfile

import boto3

ENDPOINT = os.environ["MOTO_ENDPOINT"]
if not ENDPOINT.startswith("http://127.0.0.1:"):
    sys.exit("MOTO_ENDPOINT must be a loopback moto_server (http://127.0.0.1:PORT)")

_clients = {}


def client(service, region=None):
    key = (service, region)
    if key not in _clients:
        _clients[key] = boto3.client(service, endpoint_url=ENDPOINT, region_name=region)
    return _clients[key]


def ec2(region=None):
    return client("ec2", region)


def name_it(resource_id, name, region=None):
    ec2(region).create_tags(Resources=[resource_id], Tags=[{"Key": "Name", "Value": name}])
    return resource_id


def vpc(cidr, name, dns_hostnames=True, region=None):
    vpc_id = ec2(region).create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
    if dns_hostnames:
        ec2(region).modify_vpc_attribute(VpcId=vpc_id, EnableDnsHostnames={"Value": True})
    return name_it(vpc_id, name, region)


def subnet(vpc_id, cidr, zone, name, region=None):
    subnet_id = ec2(region).create_subnet(VpcId=vpc_id, CidrBlock=cidr, AvailabilityZone=zone)["Subnet"]["SubnetId"]
    return name_it(subnet_id, name, region)


def internet_gateway(vpc_id, region=None):
    igw = ec2(region).create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2(region).attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc_id)
    return igw


def nat_gateway(subnet_id, region=None):
    allocation = ec2(region).allocate_address(Domain="vpc")["AllocationId"]
    return ec2(region).create_nat_gateway(SubnetId=subnet_id, AllocationId=allocation)["NatGateway"]["NatGatewayId"]


def route_table(vpc_id, subnets, routes=(), name=None, region=None):
    """routes: (destination CIDR, {"GatewayId": ...} or {"NatGatewayId": ...} ...)."""
    table = ec2(region).create_route_table(VpcId=vpc_id)["RouteTable"]["RouteTableId"]
    for destination, target in routes:
        ec2(region).create_route(RouteTableId=table, DestinationCidrBlock=destination, **target)
    for subnet_id in subnets:
        ec2(region).associate_route_table(RouteTableId=table, SubnetId=subnet_id)
    if name:
        name_it(table, name, region)
    return table


def security_group(vpc_id, name, ingress=(), egress=None, region=None):
    """ingress/egress: IpPermissions. egress None keeps AWS's allow-all egress rule."""
    group = ec2(region).create_security_group(GroupName=name, Description=name, VpcId=vpc_id)["GroupId"]
    if ingress:
        ec2(region).authorize_security_group_ingress(GroupId=group, IpPermissions=list(ingress))
    if egress is not None:
        ec2(region).revoke_security_group_egress(
            GroupId=group, IpPermissions=[{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        if egress:
            ec2(region).authorize_security_group_egress(GroupId=group, IpPermissions=list(egress))
    return group


def tcp(port, cidr=None, group=None, to_port=None):
    permission = {"IpProtocol": "tcp", "FromPort": port, "ToPort": to_port or port}
    if cidr:
        permission["IpRanges"] = [{"CidrIp": cidr}]
    if group:
        permission["UserIdGroupPairs"] = [{"GroupId": group}]
    return permission


ENI_ACTIONS = [
    "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
]
LOGS_ACTIONS = ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]


def role(name, actions=ENI_ACTIONS + LOGS_ACTIONS):
    """An execution role Lambda can assume, with an inline policy allowing `actions`."""
    iam = client("iam")
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    if actions:
        policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}]}
        iam.put_role_policy(RoleName=name, PolicyName=f"{name}-policy", PolicyDocument=json.dumps(policy))
    return arn


def function(name, role_arn, subnets, groups, region=None):
    """A Lambda function in `subnets` with `groups` (moto needs a role and a zip)."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("index.py", "def handler(event, context):\n    return {}\n")
    vpc_config = {"SubnetIds": list(subnets), "SecurityGroupIds": list(groups)} if subnets else {}
    created = client("lambda", region).create_function(
        FunctionName=name, Runtime="python3.12", Role=role_arn, Handler="index.handler",
        Code={"ZipFile": archive.getvalue()}, VpcConfig=vpc_config)
    return created["FunctionArn"]


def network_acl(vpc_id, subnets, entries, region=None):
    """A custom NACL (moto gives it no rules, not even the final 32767 deny) with `entries`:
    (rule number, egress, protocol "6"/"-1", allow/deny, cidr, (from, to) or None)."""
    client_ = ec2(region)
    acl = client_.create_network_acl(VpcId=vpc_id)["NetworkAcl"]["NetworkAclId"]
    for number, egress, protocol, action, cidr, ports in entries:
        entry = {"NetworkAclId": acl, "RuleNumber": number, "Protocol": protocol, "RuleAction": action,
                 "Egress": egress, "CidrBlock": cidr}
        if ports:
            entry["PortRange"] = {"From": ports[0], "To": ports[1]}
        client_.create_network_acl_entry(**entry)
    for subnet_id in subnets:
        current = client_.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [subnet_id]}])
        for candidate in current["NetworkAcls"]:
            for association in candidate["Associations"]:
                if association["SubnetId"] == subnet_id:
                    client_.replace_network_acl_association(
                        AssociationId=association["NetworkAclAssociationId"], NetworkAclId=acl)
    return acl


def db_instance(identifier, subnets, groups, engine="postgres", zone=None, region=None):
    rds = client("rds", region)
    group_name = f"{identifier}-subnets"
    rds.create_db_subnet_group(DBSubnetGroupName=group_name, DBSubnetGroupDescription=identifier, SubnetIds=list(subnets))
    arguments = dict(
        DBInstanceIdentifier=identifier, DBInstanceClass="db.t3.micro", Engine=engine, MasterUsername="app",
        MasterUserPassword="not-a-secret-0", AllocatedStorage=20, DBSubnetGroupName=group_name,
        VpcSecurityGroupIds=list(groups))
    if zone:
        arguments["AvailabilityZone"] = zone
    rds.create_db_instance(**arguments)
    return identifier


def peering(requester_vpc, accepter_vpc, region=None):
    pcx = ec2(region).create_vpc_peering_connection(VpcId=requester_vpc, PeerVpcId=accepter_vpc)
    pcx_id = pcx["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    ec2(region).accept_vpc_peering_connection(VpcPeeringConnectionId=pcx_id)
    return pcx_id


def gateway_endpoint(vpc_id, service, route_tables, region=None):
    region_name = ec2(region).meta.region_name
    return ec2(region).create_vpc_endpoint(
        VpcId=vpc_id, ServiceName=f"com.amazonaws.{region_name}.{service}", RouteTableIds=list(route_tables),
        VpcEndpointType="Gateway")["VpcEndpoint"]["VpcEndpointId"]


def interface_endpoint(vpc_id, service, subnets, groups, private_dns=True, region=None):
    region_name = ec2(region).meta.region_name
    return ec2(region).create_vpc_endpoint(
        VpcId=vpc_id, ServiceName=f"com.amazonaws.{region_name}.{service}", SubnetIds=list(subnets),
        SecurityGroupIds=list(groups), VpcEndpointType="Interface", PrivateDnsEnabled=private_dns)["VpcEndpoint"]["VpcEndpointId"]


def transit_gateway(name, region=None):
    """A transit gateway; moto gives it a default route table that new attachments associate with."""
    gateway = ec2(region).create_transit_gateway(Description=name)["TransitGateway"]
    name_it(gateway["TransitGatewayId"], name, region)
    return gateway["TransitGatewayId"], gateway["Options"]["AssociationDefaultRouteTableId"]


def transit_gateway_attachment(gateway_id, vpc_id, subnets, route_table_id, region=None):
    """A VPC attachment with one subnet per AZ in `subnets`, propagating into `route_table_id`.
    moto does not derive propagated routes (nor print a static route's attachment), so the
    routes come from the propagation, as lambda-reach derives them when none is exported."""
    attachment = ec2(region).create_transit_gateway_vpc_attachment(
        TransitGatewayId=gateway_id, VpcId=vpc_id, SubnetIds=list(subnets))["TransitGatewayVpcAttachment"]
    attachment_id = attachment["TransitGatewayAttachmentId"]
    ec2(region).enable_transit_gateway_route_table_propagation(
        TransitGatewayRouteTableId=route_table_id, TransitGatewayAttachmentId=attachment_id)
    return attachment_id


def done(ids):
    """Prints the IDs the expectations refer to: the only output of a story script."""
    print(json.dumps(ids, sort_keys=True))
