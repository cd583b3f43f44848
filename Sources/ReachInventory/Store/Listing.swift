import Foundation
import GRDB
import ReachCore

/// One function as `lambda-reach functions` lists it.
public struct FunctionSummary: Sendable, Codable, Hashable {
    public struct SubnetPlacement: Sendable, Codable, Hashable {
        public var subnet: String
        public var availabilityZone: String?
    }
    public var name: String
    public var arn: String
    public var account: String
    public var region: String
    public var state: String?
    public var stateReasonCode: String?
    public var vpc: String?
    public var subnets: [SubnetPlacement]
    public var securityGroups: [String]
}

/// Counts of one resource kind in one account/region.
public struct InventoryCount: Sendable, Codable, Hashable {
    public var account: String
    public var region: String
    public var resource: String
    public var count: Int
    public var importedAt: String?
}

/// Read-only views of the inventory for people and scripts.
public struct InventoryListing {
    public let store: InventoryStore
    public init(store: InventoryStore) { self.store = store }

    /// Every function with its VPC (from its subnets), subnets with AZ, groups and state.
    public func functions() throws -> [FunctionSummary] {
        try store.read { db in
            let subnets = Dictionary(
                grouping: try GRDB.Row.fetchAll(
                    db,
                    sql: """
                        SELECT f.function_arn, f.subnet_id, s.availability_zone, s.vpc_id FROM lambda_function_subnets f
                        LEFT JOIN subnets s ON s.subnet_id = f.subnet_id ORDER BY f.function_arn, f.ordinal
                        """), by: { $0["function_arn"] as String })
            let groups = Dictionary(
                grouping: try GRDB.Row.fetchAll(
                    db,
                    sql:
                        "SELECT function_arn, group_id FROM lambda_function_security_groups ORDER BY function_arn, ordinal"
                ),
                by: { $0["function_arn"] as String })
            return try GRDB.Row.fetchAll(
                db,
                sql: """
                    SELECT f.*, s.account_id, s.region FROM lambda_functions f JOIN scopes s ON s.scope_id = f.scope_id
                    ORDER BY f.function_name, f.function_arn
                    """
            ).map { row in
                let arn: String = row["function_arn"]
                let placements = subnets[arn] ?? []
                return FunctionSummary(
                    name: row["function_name"], arn: arn, account: row["account_id"], region: row["region"],
                    state: row["state"], stateReasonCode: row["state_reason_code"],
                    vpc: placements.compactMap { $0["vpc_id"] as String? }.first ?? (row["reported_vpc_id"] as String?),
                    subnets: placements.map {
                        FunctionSummary.SubnetPlacement(
                            subnet: $0["subnet_id"], availabilityZone: $0["availability_zone"])
                    },
                    securityGroups: (groups[arn] ?? []).map { $0["group_id"] })
            }
        }
    }

    /// Rows per resource table per account/region, with when each kind was imported.
    public func counts() throws -> [InventoryCount] {
        let tables: [(String, String, String)] = [
            ("vpcs", "vpcs", "vpcs"), ("subnets", "subnets", "subnets"),
            ("route-tables", "route_tables", "route-tables"),
            ("routes", "routes JOIN route_tables USING (route_table_id)", "route-tables"),
            ("internet-gateways", "internet_gateways", "internet-gateways"),
            ("egress-only-internet-gateways", "egress_only_internet_gateways", "egress-only-internet-gateways"),
            ("nat-gateways", "nat_gateways", "nat-gateways"), ("vpc-endpoints", "vpc_endpoints", "vpc-endpoints"),
            ("security-groups", "security_groups", "security-groups"),
            ("security-group-rules", "security_group_rules JOIN security_groups USING (group_id)", "security-groups"),
            ("network-acls", "network_acls", "network-acls"), ("prefix-lists", "prefix_lists", "prefix-lists"),
            ("vpc-peering-connections", "vpc_peering_connections", "vpc-peering-connections"),
            ("transit-gateways", "transit_gateways", "transit-gateways"),
            (
                "transit-gateway-vpc-attachments", "transit_gateway_vpc_attachments",
                "transit-gateway-vpc-attachments"
            ),
            ("transit-gateway-attachments", "transit_gateway_attachments", "transit-gateway-attachments"),
            ("transit-gateway-route-tables", "transit_gateway_route_tables", "transit-gateway-route-tables"),
            ("transit-gateway-routes", "transit_gateway_routes", "transit-gateway-routes"),
            ("network-interfaces", "network_interfaces", "network-interfaces"),
            ("lambda-functions", "lambda_functions", "lambda-functions"),
            ("rds-databases", "rds_databases", "rds-db-instances"), ("iam-roles", "iam_roles", "iam-roles"),
            ("iam-policies", "iam_policies", "iam-policies"),
        ]
        return try store.read { db in
            var result: [InventoryCount] = []
            for (label, from, kind) in tables {
                let rows = try GRDB.Row.fetchAll(
                    db,
                    sql: """
                        SELECT s.account_id, s.region, COUNT(*) AS n,
                          (SELECT MAX(imported_at) FROM imports i WHERE i.scope_id = s.scope_id AND i.kind = ?) AS imported_at
                        FROM \(from) JOIN scopes s USING (scope_id) GROUP BY s.scope_id ORDER BY s.account_id, s.region
                        """, arguments: [kind])
                for row in rows {
                    result.append(
                        InventoryCount(
                            account: row["account_id"], region: row["region"], resource: label, count: row["n"],
                            importedAt: row["imported_at"]))
                }
            }
            return result.sorted { ($0.account, $0.region, $0.resource) < ($1.account, $1.region, $1.resource) }
        }
    }
}
