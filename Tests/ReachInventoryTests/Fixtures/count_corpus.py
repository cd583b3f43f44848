#!/usr/bin/env python3
"""Counts, from the JSON alone, the inventory rows each corpus snapshot should give.

usage: count_corpus.py [Fixtures/corpus]

The numbers CorpusImportTests asserts come from here, not from lambda-reach: one row per
resource, per associated CIDR, route, association (disassociated ones dropped), NACL entry
(one per direction and rule number), address and group as the AWS CLI lists them;
security-group permissions flattened to one rule per peer, identical rules once.
"""
import glob, json, os, sys

MODELLED = {"Vpcs", "Subnets", "RouteTables", "InternetGateways", "EgressOnlyInternetGateways", "NatGateways",
            "VpcEndpoints", "SecurityGroups", "SecurityGroupRules", "NetworkAcls", "PrefixLists", "Entries",
            "VpcPeeringConnections", "NetworkInterfaces", "Functions", "DBInstances", "DBClusters", "DBProxies",
            "RoleDetailList", "Policies", "AvailabilityZones"}


def count(snapshot):
    c, skipped = {}, set()

    def add(table, n=1):
        if n:
            c[table] = c.get(table, 0) + n

    # The account's zone names: one row per zone ID, from describe-availability-zones and from
    # the AvailabilityZone/AvailabilityZoneId pairs of describe-subnets.
    zones = set()

    for path in sorted(glob.glob(os.path.join(snapshot, "**", "*.json"), recursive=True)):
        doc = json.load(open(path))
        skipped |= {f"{os.path.basename(path)}: {k}" for k in doc if k not in MODELLED}
        for v in doc.get("Vpcs", []):
            add("vpcs")
            cidrs = {a["CidrBlock"] for a in v.get("CidrBlockAssociationSet", [])
                     if a.get("CidrBlockState", {}).get("State", "associated") == "associated"} | {v["CidrBlock"]}
            cidrs |= {a["Ipv6CidrBlock"] for a in v.get("Ipv6CidrBlockAssociationSet", [])
                      if a.get("Ipv6CidrBlockState", {}).get("State", "associated") == "associated"}
            add("vpc_cidr_blocks", len(cidrs))
        zones |= {z["ZoneId"] for z in doc.get("AvailabilityZones", []) if "ZoneId" in z}
        for s in doc.get("Subnets", []):
            if "AvailabilityZoneId" in s and "AvailabilityZone" in s:
                zones.add(s["AvailabilityZoneId"])
            add("subnets")
            add("subnet_ipv6_cidr_blocks", len({a["Ipv6CidrBlock"] for a in s.get("Ipv6CidrBlockAssociationSet", [])}))
        for r in doc.get("RouteTables", []):
            add("route_tables")
            add("routes", len(r.get("Routes", [])))
            add("route_table_associations", len([a for a in r.get("Associations", []) if a.get(
                "AssociationState", {}).get("State", "associated") in ("associated", "associating")]))
        for g in doc.get("InternetGateways", []):
            add("internet_gateways")
            add("internet_gateway_attachments", len(g.get("Attachments", [])))
        for n in doc.get("NatGateways", []):
            add("nat_gateways")
            add("nat_gateway_addresses", len(n.get("NatGatewayAddresses", [])))
        for e in doc.get("VpcEndpoints", []):
            add("vpc_endpoints")
            add("vpc_endpoint_route_tables", len(set(e.get("RouteTableIds", []))))
            add("vpc_endpoint_subnets", len(set(e.get("SubnetIds", []))))
            add("vpc_endpoint_security_groups", len({g["GroupId"] for g in e.get("Groups", [])}))
            add("vpc_endpoint_network_interfaces", len(set(e.get("NetworkInterfaceIds", []))))
            add("vpc_endpoint_dns_entries", len({d["DnsName"].lower().rstrip(".") for d in e.get("DnsEntries", [])}))
        for g in doc.get("SecurityGroups", []):
            add("security_groups")
            rules = set()
            for egress, permissions in ((False, g.get("IpPermissions", [])), (True, g.get("IpPermissionsEgress", []))):
                for p in permissions:
                    base = (egress, p["IpProtocol"].lower(), p.get("FromPort"), p.get("ToPort"))
                    rules |= {base + ("v4", r["CidrIp"]) for r in p.get("IpRanges", [])}
                    rules |= {base + ("v6", r["CidrIpv6"]) for r in p.get("Ipv6Ranges", [])}
                    rules |= {base + ("pl", r["PrefixListId"]) for r in p.get("PrefixListIds", [])}
                    rules |= {base + ("sg", r["GroupId"]) for r in p.get("UserIdGroupPairs", [])}
            add("security_group_rules", len(rules))
        for a in doc.get("NetworkAcls", []):
            add("network_acls")
            add("network_acl_entries", len({(e["Egress"], e["RuleNumber"]) for e in a.get("Entries", [])}))
            add("network_acl_associations", len({x["NetworkAclAssociationId"] for x in a.get("Associations", [])}))
        for p in doc.get("PrefixLists", []):
            add("prefix_lists")
            add("prefix_list_entries", len(set(p.get("Cidrs", []))))
        add("vpc_peering_connections", len(doc.get("VpcPeeringConnections", [])))
        for n in doc.get("NetworkInterfaces", []):
            add("network_interfaces")
            ips = {a["PrivateIpAddress"] for a in n.get("PrivateIpAddresses", [])} | (
                {n["PrivateIpAddress"]} if "PrivateIpAddress" in n else set())
            add("network_interface_addresses", len(ips))
            add("network_interface_ipv6_addresses", len({a["Ipv6Address"] for a in n.get("Ipv6Addresses", [])}))
            add("network_interface_security_groups", len({g["GroupId"] for g in n.get("Groups", [])}))
        add("rds_databases", len(doc.get("DBInstances", [])))
    add("availability_zones", len(zones))
    return c, skipped


if __name__ == "__main__":
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus")
    for snapshot in sorted(glob.glob(os.path.join(root, "*"))):
        tables, skipped = count(snapshot)
        print(os.path.basename(snapshot))
        for table in sorted(tables):
            print(f"  {table}: {tables[table]}")
        print("  skipped keys:", ", ".join(sorted(skipped)))
