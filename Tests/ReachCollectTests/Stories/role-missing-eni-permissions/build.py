# A working NAT path, but the execution role only allows writing logs: Lambda cannot create
# the function's network interfaces (ec2:CreateNetworkInterface and friends).
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from motokit import *

vpc_id = vpc("10.110.0.0/16", "mailer")
public_a = subnet(vpc_id, "10.110.0.0/24", "us-east-1a", "public-a")
private_a = subnet(vpc_id, "10.110.1.0/24", "us-east-1a", "private-a")
igw = internet_gateway(vpc_id)
route_table(vpc_id, [public_a], [("0.0.0.0/0", {"GatewayId": igw})], "public")
nat = nat_gateway(public_a)
route_table(vpc_id, [private_a], [("0.0.0.0/0", {"NatGatewayId": nat})], "private")
group = security_group(vpc_id, "mailer")
execution_role = role("mailer-role", actions=LOGS_ACTIONS)
function("mailer", execution_role, [private_a], [group])
done({"private_a": private_a, "role": execution_role})
