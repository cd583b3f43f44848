# The function sits in a public subnet: its route table sends 0.0.0.0/0 straight to the
# internet gateway, but a Lambda ENI never has a public IP. Built in eu-west-1, the second
# region collect is asked for.
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from motokit import *

R = "eu-west-1"
vpc_id = vpc("10.20.0.0/16", "webhooks", region=R)
public_a = subnet(vpc_id, "10.20.0.0/24", "eu-west-1a", "public-a", region=R)
igw = internet_gateway(vpc_id, region=R)
table = route_table(vpc_id, [public_a], [("0.0.0.0/0", {"GatewayId": igw})], "public", region=R)
group = security_group(vpc_id, "webhook-relay", region=R)
function("webhook-relay", role("webhook-relay-role"), [public_a], [group], region=R)
done({"public_a": public_a, "igw": igw, "public_rt": table})
