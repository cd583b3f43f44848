# An isolated VPC (no NAT, no internet gateway) with S3 and DynamoDB gateway endpoints on the
# function's route table. The function's security group allows egress only to the two
# services' prefix lists on 443.
import os, sys
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from motokit import *

vpc_id = vpc("10.30.0.0/16", "ingest")
private_a = subnet(vpc_id, "10.30.1.0/24", "us-east-1a", "private-a")
private_b = subnet(vpc_id, "10.30.2.0/24", "us-east-1b", "private-b")
table = route_table(vpc_id, [private_a, private_b], [], "private")
s3 = gateway_endpoint(vpc_id, "s3", [table])
dynamodb = gateway_endpoint(vpc_id, "dynamodb", [table])
lists = {p["PrefixListName"]: p["PrefixListId"] for p in ec2().describe_managed_prefix_lists()["PrefixLists"]}
s3_list = lists["com.amazonaws.us-east-1.s3"]
dynamodb_list = lists["com.amazonaws.us-east-1.dynamodb"]
group = security_group(vpc_id, "ingest", egress=[
    {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": s3_list}]},
    {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "PrefixListIds": [{"PrefixListId": dynamodb_list}]},
])
function("ingest", role("ingest-role"), [private_a, private_b], [group])
done({"private_a": private_a, "private_b": private_b, "private_rt": table, "s3_endpoint": s3,
      "dynamodb_endpoint": dynamodb, "s3_list": s3_list, "dynamodb_list": dynamodb_list, "sg": group})
