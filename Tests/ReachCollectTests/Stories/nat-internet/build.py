# Private subnets in two zones route 0.0.0.0/0 to a NAT gateway in a public subnet whose
# route table sends it to an attached internet gateway.
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from motokit import *

vpc_id = vpc("10.10.0.0/16", "orders")
public_a = subnet(vpc_id, "10.10.0.0/24", "us-east-1a", "public-a")
private_a = subnet(vpc_id, "10.10.1.0/24", "us-east-1a", "private-a")
private_b = subnet(vpc_id, "10.10.2.0/24", "us-east-1b", "private-b")
igw = internet_gateway(vpc_id)
route_table(vpc_id, [public_a], [("0.0.0.0/0", {"GatewayId": igw})], "public")
nat = nat_gateway(public_a)
private_rt = route_table(vpc_id, [private_a, private_b], [("0.0.0.0/0", {"NatGatewayId": nat})], "private")
group = security_group(vpc_id, "orders-api")
function("orders-api", role("orders-api-role"), [private_a, private_b], [group])
done({"private_a": private_a, "private_b": private_b, "nat": nat, "igw": igw, "private_rt": private_rt, "sg": group, "vpc": vpc_id})
