"""Builds an AWS Organization of three accounts in moto, for the many-account collect test.

The management account (moto's default, 123456789012) creates the organisation and two member
accounts; moto gives each member the role OrganizationAccountAccessRole, as AWS does. Each
member, through that role, gets a VPC named after it. The script prints one JSON object: the
accounts, and temporary credentials of each member's role (for the --profile run).
"""

import json
import os
import sys

import boto3

ENDPOINT = os.environ["MOTO_ENDPOINT"]
if not ENDPOINT.startswith("http://127.0.0.1:"):
    sys.exit("MOTO_ENDPOINT must be a loopback moto_server (http://127.0.0.1:PORT)")

organizations = boto3.client("organizations", endpoint_url=ENDPOINT)
organizations.create_organization(FeatureSet="ALL")
members = {}
for name in ("network", "workloads"):
    created = organizations.create_account(Email=f"{name}@example.com", AccountName=name)
    members[name] = created["CreateAccountStatus"]["AccountId"]

sts = boto3.client("sts", endpoint_url=ENDPOINT)
credentials = {}
vpcs = {}
for name, account in members.items():
    role = sts.assume_role(
        RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole", RoleSessionName="build")["Credentials"]
    credentials[name] = {
        "AccessKeyId": role["AccessKeyId"], "SecretAccessKey": role["SecretAccessKey"],
        "SessionToken": role["SessionToken"]}
    ec2 = boto3.client(
        "ec2", endpoint_url=ENDPOINT, aws_access_key_id=role["AccessKeyId"],
        aws_secret_access_key=role["SecretAccessKey"], aws_session_token=role["SessionToken"])
    vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16" if name == "network" else "10.41.0.0/16")["Vpc"]["VpcId"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": f"{name}-vpc"}])
    vpcs[name] = vpc

print(json.dumps({"management": "123456789012", "members": members, "vpcs": vpcs, "credentials": credentials}))
