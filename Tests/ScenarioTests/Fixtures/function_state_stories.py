"""Writes the function-state scenario folders (function-*/ beside this file), a VpcConfig with
subnets and no security group, and the Active variant of role-missing-eni-permissions, each from
one working base by the one setting it is about. The AWS CLI shapes are the base's; each story's expected answer is written by hand
below from AWS's rules, never from lambda-reach's output:

- Lambda function states (https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html):
  "Lambda does not invoke a function during pending state. Any invocations or other API actions
  that operate on the function will fail"; "Functions can only be successfully invoked while
  active"; Failed: "you must delete and recreate the function"; Inactive: "When you try to
  invoke a function that is inactive, the invocation fails and Lambda sets the function to
  pending state until the function resources are recreated. If Lambda fails to recreate the
  resources, the function returns to the inactive state."
- Execution role (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html): the
  network-interface permissions "are required only to create ENIs, not to invoke your VPC
  function".

    python3 function_state_stories.py .
"""
import copy
import json
import os
import shutil
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "."
BASE = "private-subnet-with-nat"
ROLE_BASE = "role-missing-eni-permissions"
ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders-api"
S3, S4 = "subnet-e0202000000000003", "subnet-e0202000000000004"


def load(folder):
    docs = {}
    for name in sorted(os.listdir(os.path.join(ROOT, folder))):
        if name.endswith(".json") and name != "expected.json":
            with open(os.path.join(ROOT, folder, name)) as f:
                docs[name] = json.load(f)
    return docs


def write(name, docs, story, rule, queries):
    folder = os.path.join(ROOT, name)
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    for fname, doc in docs.items():
        with open(os.path.join(folder, fname), "w") as out:
            json.dump(doc, out, indent=4)
            out.write("\n")
    with open(os.path.join(folder, "expected.json"), "w") as out:
        json.dump({"story": story, "rule": rule, "queries": queries}, out, indent=4)
        out.write("\n")


def q(function, target, verdict, subnets, subnet_verdict, port, blockers=()):
    return {"function": function, "target": target, "port": port, "protocol": "tcp", "verdict": verdict,
            "subnets": {s: {"verdict": subnet_verdict, "blockers": []} for s in subnets},
            "blockers": list(blockers)}


def with_state(state=None, code=None, reason=None, update=None, update_code=None):
    docs = load(BASE)
    fn = docs["list-functions.json"]["Functions"][0]
    for key in ("State", "StateReason", "StateReasonCode", "LastUpdateStatus", "LastUpdateStatusReasonCode"):
        fn.pop(key, None)
    for key, value in (("State", state), ("StateReason", reason), ("StateReasonCode", code),
                       ("LastUpdateStatus", update), ("LastUpdateStatusReasonCode", update_code)):
        if value is not None:
            fn[key] = value
    return docs


BASE_STORY = ("orders-api runs in two private subnets whose tables send 0.0.0.0/0 to a NAT gateway of their AZ, "
              "each in a public subnet routed to the attached internet gateway (the working base, "
              "private-subnet-with-nat).")
STATES = "Lambda function states: only an Active function is invoked"
NOT_ACTIVE = [f"LAMBDA_FUNCTION_NOT_ACTIVE@{ARN}"]


def stories():
    docs = with_state("Failed", "ImageAccessDenied",
                      "Lambda does not have permission to access the ECR image. Check the ECR permissions.",
                      "Failed", "ImageAccessDenied")
    write("function-failed-for-a-reason-not-the-network", docs,
          BASE_STORY + " But the function is in state Failed with StateReasonCode ImageAccessDenied: Lambda could "
          "not read its container image. The network paths are fine, yet a Failed function is never invoked: "
          "every target is unreachable, with the function-level LAMBDA_FUNCTION_NOT_ACTIVE and no blocker on "
          "either subnet.",
          STATES + " (\"Functions can only be successfully invoked while active\"; Failed: \"you must delete and "
          "recreate the function\"), whatever the reason; LAMBDA_FUNCTION_NOT_ACTIVE, function-level.",
          [q("orders-api", "internet", "unreachable", [S3, S4], "unreachable", 443, NOT_ACTIVE)])

    docs = with_state("Pending", "Creating", "The function is being created.", "InProgress")
    write("function-pending-while-lambda-creates-its-interfaces", docs,
          BASE_STORY + " But the function is in state Pending (StateReasonCode Creating): Lambda is still creating "
          "its network interfaces and does not invoke it until it is Active. Unreachable for now, with the "
          "function-level LAMBDA_FUNCTION_NOT_ACTIVE and no blocker on either subnet.",
          STATES + " (\"Lambda does not invoke a function during pending state. Any invocations ... will fail\"); "
          "LAMBDA_FUNCTION_NOT_ACTIVE, function-level.",
          [q("orders-api", "internet", "unreachable", [S3, S4], "unreachable", 443, NOT_ACTIVE)])

    docs = with_state("Inactive", "SubnetOutOfIPAddresses",
                      "All subnets in the function's VPC configuration have no available IP addresses.")
    write("function-inactive-could-not-get-its-interfaces-back", docs,
          BASE_STORY + " But the function is Inactive with StateReasonCode SubnetOutOfIPAddresses, not Idle: Lambda "
          "reclaimed its network interfaces after an idle period and failed to create them again, so the function "
          "went back to Inactive. Every invocation fails until the cause is fixed: unreachable, with the "
          "function-level LAMBDA_FUNCTION_NOT_ACTIVE.",
          STATES + " (Inactive: \"If Lambda fails to recreate the resources, the function returns to the inactive "
          "state\"); LAMBDA_FUNCTION_NOT_ACTIVE, function-level.",
          [q("orders-api", "internet", "unreachable", [S3, S4], "unreachable", 443, NOT_ACTIVE)])

    docs = with_state("Inactive", "Idle", "The function is inactive because it has been idle for a long time.",
                      "Successful")
    write("function-inactive-idle-first-invocation-fails", docs,
          BASE_STORY + " The function is Inactive with StateReasonCode Idle: Lambda reclaimed its interfaces after "
          "a long idle period. The next invocation fails while Lambda creates them again, and the ones after it "
          "succeed along the same paths: reachable from both subnets, with a note that says so.",
          STATES + " (Inactive, Idle: the invocation that finds it inactive fails, and Lambda recreates the "
          "resources).",
          [q("orders-api", "internet", "reachable", [S3, S4], "reachable", 443)])

    docs = with_state("Active", update="InProgress")
    write("function-update-in-progress-previous-configuration-runs", docs,
          BASE_STORY + " The function is Active and an update is in progress (LastUpdateStatus InProgress): "
          "invocations use the previous configuration until it completes. The answer follows the exported "
          "configuration, reachable from both subnets, and a note says the running one may differ.",
          "Lambda function states while updating: \"invocations go to the function's previous code and "
          "configuration\".",
          [q("orders-api", "internet", "reachable", [S3, S4], "reachable", 443)])

    docs = with_state("Active", update="Successful")
    docs["list-functions.json"]["Functions"][0]["VpcConfig"]["SecurityGroupIds"] = []
    write("vpc-config-subnets-without-security-group", docs,
          BASE_STORY + " But its VpcConfig names the two subnets and no security group, which Lambda refuses "
          "(\"SubnetIds and SecurityIds must coexist or be both empty list\"): the export describes no function "
          "that runs, so nothing is reachable, with the function-level LAMBDA_VPC_CONFIG_INVALID. It is never "
          "analysed as a function without security groups.",
          "aws-semantics.md, The function's side: a VpcConfig AWS rejects is not a function that runs (an error "
          "verdict with the IDs, never reachable); Lambda's UpdateFunctionConfiguration refuses subnets without "
          "security groups.",
          [q("orders-api", "internet", "unreachable", [S3, S4], "unreachable", 443,
             [f"LAMBDA_VPC_CONFIG_INVALID@{ARN}"])])

    # The role story's other half: role-missing-eni-permissions exports no State (plain
    # list-functions prints none) and is taken as needing its interfaces; Active, the function
    # keeps running on them.
    docs = load(ROLE_BASE)
    for fn in docs["list-functions.json"]["Functions"]:
        if fn["FunctionName"] == "refund-worker":
            fn["State"], fn["LastUpdateStatus"] = "Active", "Successful"
    write("role-missing-eni-permissions-active-function-runs", docs,
          "As role-missing-eni-permissions, whose refund-worker is Active: its role has only "
          "AWSLambdaBasicExecutionRole, but the network-interface permissions are needed only to create the "
          "interfaces, not to invoke the function, and an Active function has its interfaces. The internet is "
          "reachable through the working NAT path; a note says it fails when Lambda next needs an interface. Its "
          "logs are written (the basic role allows them).",
          "Lambda execution role and user permissions: the ENI permissions \"are required only to create ENIs, "
          "not to invoke your VPC function\".",
          [q("refund-worker", "internet", "reachable", ["subnet-e0802000000000002"], "reachable", 443),
           q("refund-worker", "logs", "reachable", ["subnet-e0802000000000002"], "reachable", 443)])


if __name__ == "__main__":
    stories()
