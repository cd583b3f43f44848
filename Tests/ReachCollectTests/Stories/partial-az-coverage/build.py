# The function runs in two zones, but only zone a's private route table has the default route
# to the NAT gateway; zone b's table was created without one.
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from motokit import *

vpc_id = vpc("10.90.0.0/16", "notify")
public_a = subnet(vpc_id, "10.90.0.0/24", "us-east-1a", "public-a")
private_a = subnet(vpc_id, "10.90.1.0/24", "us-east-1a", "private-a")
private_b = subnet(vpc_id, "10.90.2.0/24", "us-east-1b", "private-b")
igw = internet_gateway(vpc_id)
route_table(vpc_id, [public_a], [("0.0.0.0/0", {"GatewayId": igw})], "public")
nat = nat_gateway(public_a)
rt_a = route_table(vpc_id, [private_a], [("0.0.0.0/0", {"NatGatewayId": nat})], "private-a")
rt_b = route_table(vpc_id, [private_b], [], "private-b")
group = security_group(vpc_id, "notifier")
function("notifier", role("notifier-role"), [private_a, private_b], [group])
done({"private_a": private_a, "private_b": private_b, "rt_a": rt_a, "rt_b": rt_b})
