"""Writes inventory/ of the template stories rds-proxy-endpoint-template-* (beside this file): the
account of the scenario fixtures rds-proxy-endpoint-* (Tests/ScenarioTests/Fixtures/
rds_proxy_endpoint_stories.py, which this imports), without their additional endpoint orders-app:
the function app in an application VPC (10.1.0.0/16), RDS proxy orders-proxy (POSTGRESQL) and its
target, the RDS instance orders-pg, in a data VPC (10.0.0.0/16), no peering or transit gateway
between them. describe-db-proxy-endpoints lists the proxy's default endpoint only; the templates
add orders-app.

    python3 rds_proxy_endpoint_inventories.py
"""
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "ScenarioTests", "Fixtures"))
import rds_proxy_endpoint_stories as stories  # noqa: E402

STORIES = ["rds-proxy-endpoint-template-in-front-of-live-proxy",
           "rds-proxy-endpoint-template-group-does-not-admit-function",
           "rds-proxy-endpoint-template-read-only-in-front-of-an-instance"]


def inventory():
    docs = stories.base()
    endpoints = docs["describe-db-proxy-endpoints.json"]["DBProxyEndpoints"]
    docs["describe-db-proxy-endpoints.json"]["DBProxyEndpoints"] = [e for e in endpoints if e["IsDefault"]]
    return docs


def main():
    for name in STORIES:
        folder = os.path.join(HERE, name, "inventory")
        if os.path.isdir(folder):
            shutil.rmtree(folder)
        os.makedirs(folder)
        for fname, doc in inventory().items():
            with open(os.path.join(folder, fname), "w") as out:
                json.dump(doc, out, indent=4)
                out.write("\n")


if __name__ == "__main__":
    main()
