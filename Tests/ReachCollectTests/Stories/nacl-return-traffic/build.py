# A working NAT path, but the function's subnet has a custom network ACL that allows 443 out
# and 443 in: the replies come back to an ephemeral port (1024-65535), which no inbound rule
# allows. moto gives a custom ACL no rules at all (not even the final 32767 deny).
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from motokit import *

vpc_id = vpc("10.60.0.0/16", "payments")
public_a = subnet(vpc_id, "10.60.0.0/24", "us-east-1a", "public-a")
private_a = subnet(vpc_id, "10.60.1.0/24", "us-east-1a", "private-a")
igw = internet_gateway(vpc_id)
route_table(vpc_id, [public_a], [("0.0.0.0/0", {"GatewayId": igw})], "public")
nat = nat_gateway(public_a)
route_table(vpc_id, [private_a], [("0.0.0.0/0", {"NatGatewayId": nat})], "private")
acl = network_acl(vpc_id, [private_a], [
    (100, True, "6", "allow", "0.0.0.0/0", (443, 443)),
    (100, False, "6", "allow", "0.0.0.0/0", (443, 443)),
])
group = security_group(vpc_id, "payments-webhook")
function("payments-webhook", role("payments-webhook-role"), [private_a], [group])
done({"private_a": private_a, "acl": acl, "nat": nat})
