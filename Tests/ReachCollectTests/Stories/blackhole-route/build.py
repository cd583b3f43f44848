# Someone deleted the NAT gateway; the private route table still sends 0.0.0.0/0 to it. AWS
# shows that route as State blackhole; moto keeps it "active" and lists the NAT gateway as
# "deleted".
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from motokit import *

vpc_id = vpc("10.100.0.0/16", "cron")
public_a = subnet(vpc_id, "10.100.0.0/24", "us-east-1a", "public-a")
private_a = subnet(vpc_id, "10.100.1.0/24", "us-east-1a", "private-a")
igw = internet_gateway(vpc_id)
route_table(vpc_id, [public_a], [("0.0.0.0/0", {"GatewayId": igw})], "public")
nat = nat_gateway(public_a)
table = route_table(vpc_id, [private_a], [("0.0.0.0/0", {"NatGatewayId": nat})], "private")
ec2().delete_nat_gateway(NatGatewayId=nat)
group = security_group(vpc_id, "nightly-export")
function("nightly-export", role("nightly-export-role"), [private_a], [group])
done({"private_a": private_a, "nat": nat, "private_rt": table})
