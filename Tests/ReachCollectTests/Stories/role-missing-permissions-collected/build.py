# A working NAT path, and two execution roles collected with iam get-account-authorization-details:
# mailer's allows only writing logs, mailer-notifier's only the network-interface actions. moto creates
# both functions Active. AWS: the network-interface permissions "are required only to create
# ENIs, not to invoke your VPC function", so mailer, Active, runs on the interfaces it has; the
# logs actions are needed whenever the function writes, so mailer-notifier's output is lost.
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
logs_only = role("mailer-role", actions=LOGS_ACTIONS)
function("mailer", logs_only, [private_a], [group])
eni_only = role("mailer-notifier-role", actions=ENI_ACTIONS)
function("mailer-notifier", eni_only, [private_a], [group])
done({"private_a": private_a, "mailer_role": logs_only, "notifier_role": eni_only})
