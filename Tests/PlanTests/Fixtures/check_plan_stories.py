"""Checks that each story folder agrees with itself: plan.json is Terraform's plan shape (every
resource change has a matching planned value unless deleted, `before` equals the prior state,
after_unknown marks only what `after` lacks), and the prior state agrees with inventory/ (the
AWS CLI exports before apply): every subnet, route table, association, route, NAT gateway,
security group rule and Lambda VpcConfig that Terraform's state records is what AWS reports.

    python3 check_plan_stories.py      # exits 1 and names each disagreement
"""
import glob
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
problems = []


def problem(story, text):
    problems.append(f"{story}: {text}")


def walk_modules(module):
    yield from module.get("resources", [])
    for child in module.get("child_modules", []):
        yield from walk_modules(child)


def load_inventory(folder):
    inv = {}
    for f in glob.glob(os.path.join(folder, "*.json")):
        inv.update(json.load(open(f)))
    return inv


def check_plan_shape(story, plan):
    assert plan["format_version"] == "1.2", story
    planned = {r["address"]: r for r in walk_modules(plan["planned_values"]["root_module"])}
    prior = {r["address"]: r for r in walk_modules(plan.get("prior_state", {}).get("values", {})
                                                   .get("root_module", {}))}
    for rc in plan["resource_changes"]:
        addr, c = rc["address"], rc["change"]
        if c["actions"] == ["delete"]:
            if addr in planned:
                problem(story, f"{addr} deleted but in planned_values")
            if c["after"] is not None or c["after_sensitive"] is not False:
                problem(story, f"{addr} delete with an after value")
        else:
            if addr not in planned:
                problem(story, f"{addr} missing from planned_values")
            elif planned[addr]["values"] != c["after"]:
                problem(story, f"{addr} planned values differ from change.after")
        if c["actions"] == ["create"]:
            if c["before"] is not None or addr in prior:
                problem(story, f"{addr} created but has a prior state")
        else:
            if addr not in prior:
                problem(story, f"{addr} has no prior state")
            elif prior[addr]["values"] != c["before"]:
                problem(story, f"{addr} before differs from prior_state")
        if c["actions"] == ["no-op"] and c["before"] != c["after"]:
            problem(story, f"{addr} no-op with different before/after")
        unknown = c["after_unknown"]
        if c["after"] is not None and unknown:
            for k, v in unknown.items():
                if v is True and k in c["after"]:
                    problem(story, f"{addr}.{k} both known and unknown")
        if rc.get("module_address") and not addr.startswith(rc["module_address"] + "."):
            problem(story, f"{addr} outside its module_address")
    return prior


def check_against_inventory(story, prior, inv):
    subnets = {s["SubnetId"]: s for s in inv.get("Subnets", [])}
    tables = {t["RouteTableId"]: t for t in inv.get("RouteTables", [])}
    nats = {g["NatGatewayId"]: g for g in inv.get("NatGateways", [])}
    groups = {g["GroupId"]: g for g in inv.get("SecurityGroups", [])}
    vpcs = {v["VpcId"]: v for v in inv.get("Vpcs", [])}
    functions = {f["FunctionName"]: f for f in inv.get("Functions", [])}
    acls = {a["NetworkAclId"]: a for a in inv.get("NetworkAcls", [])}
    dbs = {d["DBInstanceIdentifier"]: d for d in inv.get("DBInstances", [])}
    proxy_endpoints = {e["DBProxyEndpointName"]: e for e in inv.get("DBProxyEndpoints", []) if not e["IsDefault"]}
    assoc = {a["RouteTableAssociationId"]: a for t in tables.values() for a in t["Associations"]}
    for r in prior.values():
        t, v, a = r["type"], r["values"], r["address"]
        if t == "aws_vpc":
            if v["id"] not in vpcs or vpcs[v["id"]]["CidrBlock"] != v["cidr_block"]:
                problem(story, f"{a}: VPC {v['id']} not in the inventory as is")
            elif v["main_route_table_id"] not in tables or v["default_network_acl_id"] not in acls \
                    or v["default_security_group_id"] not in groups:
                problem(story, f"{a}: default resources not in the inventory")
        elif t == "aws_subnet":
            s = subnets.get(v["id"])
            if not s or (s["CidrBlock"], s["AvailabilityZone"], s["VpcId"]) != (v["cidr_block"],
                                                                                 v["availability_zone"], v["vpc_id"]):
                problem(story, f"{a}: subnet {v['id']} differs from the inventory")
        elif t in ("aws_route_table", "aws_default_route_table"):
            tb = tables.get(v["id"])
            if not tb:
                problem(story, f"{a}: table {v['id']} not in the inventory")
                continue
            routes = sorted((x["DestinationCidrBlock"], x.get("NatGatewayId") or x.get("GatewayId"))
                            for x in tb["Routes"] if x.get("GatewayId") != "local")
            state = sorted((x["cidr_block"], x["nat_gateway_id"] or x["gateway_id"]) for x in v["route"])
            if routes != state:
                problem(story, f"{a}: routes {state} but the inventory has {routes}")
        elif t == "aws_route":
            tb = tables.get(v["route_table_id"])
            target = v["nat_gateway_id"] or v["gateway_id"]
            if not tb or not any(x.get("DestinationCidrBlock") == v["destination_cidr_block"] and
                                 target in (x.get("NatGatewayId"), x.get("GatewayId")) for x in tb["Routes"]):
                problem(story, f"{a}: route not in the inventory")
            if v["id"] != f"r-{v['route_table_id']}1080289494":
                problem(story, f"{a}: route id {v['id']}")
        elif t == "aws_route_table_association":
            x = assoc.get(v["id"])
            if not x or (x["SubnetId"], x["RouteTableId"]) != (v["subnet_id"], v["route_table_id"]):
                problem(story, f"{a}: association {v['id']} differs from the inventory")
        elif t == "aws_nat_gateway":
            g = nats.get(v["id"])
            if not g or g["SubnetId"] != v["subnet_id"] or \
                    g["NatGatewayAddresses"][0]["AllocationId"] != v["allocation_id"] or \
                    g["NatGatewayAddresses"][0]["PublicIp"] != v["public_ip"]:
                problem(story, f"{a}: NAT gateway {v['id']} differs from the inventory")
        elif t == "aws_eip":
            if not any(g["NatGatewayAddresses"][0]["AllocationId"] == v["id"] and
                       g["NatGatewayAddresses"][0]["PublicIp"] == v["public_ip"] for g in nats.values()):
                problem(story, f"{a}: EIP {v['id']} on no NAT gateway of the inventory")
        elif t == "aws_internet_gateway":
            if not any(g["InternetGatewayId"] == v["id"] and g["Attachments"][0]["VpcId"] == v["vpc_id"]
                       for g in inv.get("InternetGateways", [])):
                problem(story, f"{a}: internet gateway {v['id']} not attached in the inventory")
        elif t in ("aws_security_group", "aws_default_security_group"):
            g = groups.get(v["id"])
            if not g:
                problem(story, f"{a}: group {v['id']} not in the inventory")
                continue
            for direction, key in (("ingress", "IpPermissions"), ("egress", "IpPermissionsEgress")):
                aws = sorted((p["IpProtocol"], p.get("FromPort", 0), p.get("ToPort", 0),
                              tuple(sorted(x["CidrIp"] for x in p["IpRanges"])),
                              tuple(sorted(x["GroupId"] for x in p["UserIdGroupPairs"]))) for p in g[key])
                tf = sorted((x["protocol"], x["from_port"], x["to_port"], tuple(sorted(x["cidr_blocks"])),
                             tuple(sorted(x["security_groups"]))) for x in v[direction])
                if aws != tf:
                    problem(story, f"{a}: {direction} {tf} but the inventory has {aws}")
        elif t == "aws_security_group_rule":
            g = groups.get(v["security_group_id"])
            key = "IpPermissions" if v["type"] == "ingress" else "IpPermissionsEgress"
            found = g and any(p["IpProtocol"] == v["protocol"] and p.get("FromPort") == v["from_port"] and
                              p.get("ToPort") == v["to_port"] and
                              ((v["source_security_group_id"] and
                                [x["GroupId"] for x in p["UserIdGroupPairs"]] == [v["source_security_group_id"]])
                               or (v["cidr_blocks"] and sorted(x["CidrIp"] for x in p["IpRanges"]) ==
                                   sorted(v["cidr_blocks"])))
                              for p in g[key])
            if not found:
                problem(story, f"{a}: rule not in the inventory")
        elif t == "aws_default_network_acl":
            acl = acls.get(v["id"])
            if not acl or sorted(x["SubnetId"] for x in acl["Associations"]) != sorted(v["subnet_ids"]):
                problem(story, f"{a}: default ACL differs from the inventory")
        elif t == "aws_lambda_function":
            f = functions.get(v["function_name"])
            vc = v["vpc_config"][0]
            if not f or sorted(f["VpcConfig"]["SubnetIds"]) != sorted(vc["subnet_ids"]) or \
                    sorted(f["VpcConfig"]["SecurityGroupIds"]) != sorted(vc["security_group_ids"]) or \
                    f["Role"] != v["role"] or f["CodeSha256"] != v["code_sha256"]:
                problem(story, f"{a}: function differs from list-functions")
        elif t == "aws_db_instance":
            d = dbs.get(v["identifier"])
            if not d or [x["VpcSecurityGroupId"] for x in d["VpcSecurityGroups"]] != v["vpc_security_group_ids"] \
                    or d["DBSubnetGroup"]["DBSubnetGroupName"] != v["db_subnet_group_name"]:
                problem(story, f"{a}: database differs from the inventory")
        elif t == "aws_db_proxy_endpoint":
            e = proxy_endpoints.get(v["db_proxy_endpoint_name"])
            if not e or (e["DBProxyName"], e["VpcId"], e["TargetRole"], e["Endpoint"], e["DBProxyEndpointArn"]) != \
                    (v["db_proxy_name"], v["vpc_id"], v["target_role"], v["endpoint"], v["arn"]) or \
                    sorted(e["VpcSubnetIds"]) != sorted(v["vpc_subnet_ids"]) or \
                    sorted(e["VpcSecurityGroupIds"]) != sorted(v["vpc_security_group_ids"]) or \
                    v["id"] != f"{v['db_proxy_name']}/{v['db_proxy_endpoint_name']}" or v["is_default"]:
                problem(story, f"{a}: proxy endpoint differs from describe-db-proxy-endpoints")
        elif t == "aws_db_subnet_group":
            if not any(d["DBSubnetGroup"]["DBSubnetGroupName"] == v["name"] and
                       sorted(x["SubnetIdentifier"] for x in d["DBSubnetGroup"]["Subnets"]) == v["subnet_ids"]
                       for d in dbs.values()):
                problem(story, f"{a}: subnet group differs from the inventory")


def main():
    for expected_path in sorted(glob.glob(os.path.join(HERE, "*", "expected.json"))):
        folder = os.path.dirname(expected_path)
        story = os.path.basename(folder)
        expected = json.load(open(expected_path))
        plan = json.load(open(os.path.join(folder, expected["plan"])))
        prior = check_plan_shape(story, plan)
        if expected.get("inventory"):
            inv = load_inventory(os.path.join(folder, expected["inventory"]))
            check_against_inventory(story, prior, inv)
            for q in expected.get("queries", []) + expected.get("today", []):
                for s in q["subnets"]:
                    if s.startswith("subnet-") and s not in {x["SubnetId"] for x in inv["Subnets"]}:
                        problem(story, f"query subnet {s} not in the inventory")
        elif prior:
            problem(story, "a prior state without an inventory")
        types = {rc["type"] for rc in plan["resource_changes"]}
        for t in expected.get("notAnalysed", []):
            if t not in types:
                problem(story, f"notAnalysed {t} has no resource in the plan")
    for p in problems:
        print(p)
    print(f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
