"""Writes the plan stories proxy-endpoint-* (beside this file): aws_db_proxy_endpoint created,
updated and deleted in the account of the scenario fixtures rds-proxy-endpoint-*
(Tests/ScenarioTests/Fixtures/rds_proxy_endpoint_stories.py, which this imports for the AWS CLI
exports): the function app in an application VPC (10.1.0.0/16), RDS proxy orders-proxy
(POSTGRESQL) and its target orders-pg in a data VPC (10.0.0.0/16), no peering or transit gateway
between them. Plans are encoded by tfplan.py (see README.md); the expected answers are written
by hand from the AWS provider's and AWS's documentation:

- aws_db_proxy_endpoint (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_proxy_endpoint):
  db_proxy_endpoint_name, db_proxy_name, vpc_subnet_ids (required), vpc_security_group_ids and
  target_role (optional, "The default is READ_WRITE"); exported id
  `DB-PROXY-NAME/DB-PROXY-ENDPOINT-NAME`, arn, endpoint, is_default, vpc_id.
- CreateDBProxyEndpoint / ModifyDBProxyEndpoint: the endpoint's own subnets and groups, in
  another VPC than the proxy's if need be; VpcSecurityGroupIds can be changed in place.
- semantics.md, "RDS Proxy endpoints".

    python3 write_proxy_endpoint_plans.py && python3 check_plan_stories.py
"""
import copy
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "ScenarioTests", "Fixtures"))
import rds_proxy_endpoint_stories as live  # noqa: E402
from tfplan import UNK, Res, plan_json, const, refs, cfg_resource, provider_config, dump  # noqa: E402

URL_ENDPOINT = "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_proxy_endpoint"
URL_CREATE = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBProxyEndpoint.html"
URL_MODIFY = "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_ModifyDBProxyEndpoint.html"
URL_GUIDE = "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy-endpoints.html"
BATCH_SG = "sg-0e000000000000e02"
SETUP = ("The account before apply (inventory/, the scenario fixtures' rds-proxy-endpoint-* account): the function app "
         "runs in an application VPC (10.1.0.0/16, subnets 10.1.1.0/24 and 10.1.2.0/24, group "
         f"{live.FN_SG}); RDS proxy orders-proxy (POSTGRESQL, port 5432) and its target orders-pg live in a data VPC "
         "(10.0.0.0/16) with no peering or transit gateway to it; the proxy's group allows 5432 out to the database's "
         "group, which admits it. Each VPC's only route is local; the ACLs allow everything.")
RULE = ("AWS provider aws_db_proxy_endpoint (" + URL_ENDPOINT + "): the endpoint's own vpc_subnet_ids and "
        "vpc_security_group_ids, target_role defaulting to READ_WRITE. CreateDBProxyEndpoint (" + URL_CREATE + "): "
        "'You can also use DB proxy endpoints to access a DB proxy through a different VPC than the proxy's default "
        "VPC'. semantics.md, Services as destinations, 'RDS Proxy endpoints': the connection goes to the endpoint "
        "(its subnets, its own groups, on the proxy's port), which hands it to the proxy, whose own connection to its "
        "target is checked from its own subnets and groups.")


def inventory(with_endpoint, batch_group=False):
    docs = live.base()
    if not with_endpoint:
        endpoints = docs["describe-db-proxy-endpoints.json"]["DBProxyEndpoints"]
        docs["describe-db-proxy-endpoints.json"]["DBProxyEndpoints"] = [e for e in endpoints if e["IsDefault"]]
    if batch_group:
        docs["describe-security-groups.json"]["SecurityGroups"].append(
            live.group(BATCH_SG, "proxy-endpoint-batch", live.APP_VPC, [live.rule(5432, cidr="10.9.0.0/16")],
                       [live.rule(None, cidr="0.0.0.0/0")]))
    return docs


def state(groups):
    """aws_db_proxy_endpoint.orders_app as the provider reads back the live orders-app."""
    return {"arn": f"arn:aws:rds:us-east-1:{live.ACCOUNT}:db-proxy-endpoint:prx-endpoint-0e00000000000a001",
            "db_proxy_endpoint_name": "orders-app", "db_proxy_name": "orders-proxy",
            "endpoint": "orders-app.endpoint.proxy-c9akciq32lxp.us-east-1.rds.amazonaws.com",
            "id": "orders-proxy/orders-app", "is_default": False, "tags": {}, "tags_all": {},
            "target_role": "READ_WRITE", "timeouts": None, "vpc_id": live.APP_VPC,
            "vpc_security_group_ids": list(groups), "vpc_subnet_ids": [live.EP_A, live.EP_B]}


def configuration(with_resource=True):
    resources = []
    if with_resource:
        resources.append(cfg_resource("aws_db_proxy_endpoint.orders_app", {
            "db_proxy_endpoint_name": const("orders-app"), "db_proxy_name": const("orders-proxy"),
            "target_role": const("READ_WRITE"), "vpc_security_group_ids": refs("var.endpoint_security_group_ids"),
            "vpc_subnet_ids": refs("var.endpoint_subnet_ids")}))
    root = {"resources": resources}
    if with_resource:
        root["variables"] = {"endpoint_security_group_ids": {}, "endpoint_subnet_ids": {}}
    return {"provider_config": provider_config(), "root_module": root}


def q(target, verdict, blockers):
    return {"function": "app", "target": target, "port": 5432, "verdict": verdict,
            "subnets": {s: {"verdict": "unreachable" if blockers else "reachable", "blockers": list(blockers)}
                        for s in (live.FN_A, live.FN_B)}, "blockers": []}


def write(name, plan, expected, docs):
    folder = os.path.join(HERE, name)
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(os.path.join(folder, "inventory"))
    for fname, doc in docs.items():
        with open(os.path.join(folder, "inventory", fname), "w") as out:
            json.dump(doc, out, indent=4)
            out.write("\n")
    dump(os.path.join(folder, "plan.json"), plan)
    dump(os.path.join(folder, "expected.json"), expected)


def created():
    after = {"arn": UNK, "db_proxy_endpoint_name": "orders-app", "db_proxy_name": "orders-proxy", "endpoint": UNK,
             "id": UNK, "is_default": UNK, "tags": None, "tags_all": UNK, "target_role": "READ_WRITE",
             "timeouts": None, "vpc_id": UNK, "vpc_security_group_ids": [live.EP_SG],
             "vpc_subnet_ids": [live.EP_A, live.EP_B]}
    plan = plan_json([Res("aws_db_proxy_endpoint", "orders_app", after=after)], configuration(),
                     variables={"endpoint_security_group_ids": [live.EP_SG],
                                "endpoint_subnet_ids": [live.EP_A, live.EP_B]},
                     timestamp="2024-11-18T10:12:44Z")
    expected = {
        "story": SETUP + " Today the function has no way to the proxy: rds:orders-proxy, in the data VPC, has no route "
                 "from the application VPC. The plan creates aws_db_proxy_endpoint.orders_app, an additional endpoint "
                 "orders-app of the live proxy (db_proxy_name = \"orders-proxy\") in the application VPC's subnets "
                 f"10.1.11.0/24 and 10.1.12.0/24, with the group {live.EP_SG}, which admits 5432 from the function's "
                 "group: after apply the function reaches the endpoint within its own VPC (asked by its name or by "
                 "the resource's address), and the proxy reaches orders-pg in its own.",
        "rule": RULE, "plan": "plan.json", "inventory": "inventory",
        "queries": [q("rds:orders-app", "reachable", []),
                    q("rds:aws_db_proxy_endpoint.orders_app", "reachable", [])],
        "today": [q("rds:orders-proxy", "unreachable", ["NO_ROUTE_TO_DESTINATION@rtb-0e0000000000000a1"])],
        "notAnalysed": []}
    write("proxy-endpoint-created-in-app-vpc", plan, expected, inventory(with_endpoint=False))


def groups_updated():
    before = state([live.EP_SG])
    after = copy.deepcopy(before)
    after["vpc_security_group_ids"] = [BATCH_SG]
    plan = plan_json([Res("aws_db_proxy_endpoint", "orders_app", before=before, after=after)], configuration(),
                     variables={"endpoint_security_group_ids": [BATCH_SG],
                                "endpoint_subnet_ids": [live.EP_A, live.EP_B]},
                     timestamp="2024-11-18T10:20:03Z")
    expected = {
        "story": SETUP + f" The proxy's additional endpoint orders-app, in the application VPC, has the group "
                 f"{live.EP_SG}, which admits 5432 from the function's group: the function reaches it today. The plan "
                 f"updates aws_db_proxy_endpoint.orders_app in place, its vpc_security_group_ids now [{BATCH_SG}] "
                 "(proxy-endpoint-batch, which admits 5432 from 10.9.0.0/16 only): after apply the endpoint's only "
                 "group refuses the function.",
        "rule": RULE + " ModifyDBProxyEndpoint (" + URL_MODIFY + ") changes VpcSecurityGroupIds of an endpoint in "
                 "place.",
        "plan": "plan.json", "inventory": "inventory",
        "queries": [q("rds:orders-app", "unreachable", [f"ENI_SG_RULES_MISMATCH@{BATCH_SG}"])],
        "today": [q("rds:orders-app", "reachable", [])],
        "notAnalysed": []}
    write("proxy-endpoint-security-groups-updated", plan, expected, inventory(with_endpoint=True, batch_group=True))


def deleted():
    plan = plan_json([Res("aws_db_proxy_endpoint", "orders_app", before=state([live.EP_SG]), after=None,
                          reason="delete_because_no_resource_config")],
                     configuration(with_resource=False), timestamp="2024-11-18T10:31:57Z")
    expected = {
        "story": SETUP + f" The proxy's additional endpoint orders-app, in the application VPC (group {live.EP_SG}, "
                 "which admits the function), is how the function reaches the proxy today. The plan deletes "
                 "aws_db_proxy_endpoint.orders_app (its block removed from the configuration): after apply there is "
                 "no endpoint orders-app to ask for (PlanProxyEndpointTests asks, and is told so), and the proxy "
                 "itself has no route from the application VPC.",
        "rule": RULE + " Proxy endpoints (" + URL_GUIDE + "): a deleted endpoint accepts no connections.",
        "plan": "plan.json", "inventory": "inventory",
        "queries": [q("rds:orders-proxy", "unreachable", ["NO_ROUTE_TO_DESTINATION@rtb-0e0000000000000a1"])],
        "today": [q("rds:orders-app", "reachable", [])],
        "notAnalysed": []}
    write("proxy-endpoint-deleted", plan, expected, inventory(with_endpoint=True))


if __name__ == "__main__":
    created()
    groups_updated()
    deleted()
