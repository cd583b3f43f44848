import Foundation
import GRDB
import ReachCore

/// One function as `lambda-reach functions` lists it.
public struct FunctionSummary: Sendable, Codable, Hashable {
    public struct SubnetPlacement: Sendable, Codable, Hashable {
        public var subnet: String
        public var availabilityZone: String?
        /// The subnet's VPC, nil when the subnet is not in the inventory.
        public var vpc: String?
    }
    public var name: String
    public var arn: String
    public var account: String
    public var region: String
    public var state: String?
    public var stateReasonCode: String?
    /// The VPC of the function's subnets (the first, when they are in several), else its
    /// VpcConfig's.
    public var vpc: String?
    /// Every VPC of the function's subnets, sorted. More than one is a VpcConfig AWS rejects.
    public var vpcs: [String]
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

    /// Every function with its VPC (from its subnets), subnets with AZ, groups and state, read
    /// in one transaction. A value of the wrong type (the file edited by hand) is an
    /// `InventoryValueError` naming its table, row and column.
    public func functions() throws -> [FunctionSummary] {
        try store.read { db in
            // (subnet, AZ, VPC) per function, in the function's order.
            let subnets = try db.grouped(
                """
                SELECT f.function_arn, f.subnet_id, s.availability_zone, s.vpc_id, f.ordinal FROM lambda_function_subnets f
                LEFT JOIN subnets s ON s.subnet_id = f.subnet_id ORDER BY f.function_arn, f.ordinal
                """, table: "lambda_function_subnets", key: [0, 4], joined: [2: "subnets", 3: "subnets"],
                path: store.path
            ) { row in (subnet: try row.text(1), zone: try row.optionalText(2), vpc: try row.optionalText(3)) }
            let groups = try db.grouped(
                "SELECT function_arn, group_id, ordinal FROM lambda_function_security_groups ORDER BY function_arn, ordinal",
                table: "lambda_function_security_groups", key: [0, 2], path: store.path
            ) { try $0.text(1) }
            var result: [FunctionSummary] = []
            try db.eachRow(
                """
                SELECT f.function_arn, f.function_name, s.account_id, s.region, f.state, f.state_reason_code,
                       f.reported_vpc_id
                FROM lambda_functions f JOIN scopes s ON s.scope_id = f.scope_id
                ORDER BY f.function_name, f.function_arn
                """, table: "lambda_functions", joined: [2: "scopes", 3: "scopes"], path: store.path
            ) { row in
                let arn = try row.text(0)
                let placements = subnets[arn] ?? []
                var vpcs = Array(Set(placements.compactMap(\.vpc))).sorted()
                if vpcs.isEmpty, let reported = try row.optionalText(6), !reported.isEmpty { vpcs = [reported] }
                result.append(
                    FunctionSummary(
                        name: try row.text(1), arn: arn, account: try row.text(2), region: try row.text(3),
                        state: try row.optionalText(4), stateReasonCode: try row.optionalText(5),
                        vpc: try placements.compactMap(\.vpc).first ?? row.optionalText(6), vpcs: vpcs,
                        subnets: placements.map {
                            FunctionSummary.SubnetPlacement(subnet: $0.subnet, availabilityZone: $0.zone, vpc: $0.vpc)
                        },
                        securityGroups: groups[arn] ?? []))
            }
            return result
        }
    }

    /// Rows per resource table per account/region, with when each kind was imported, read in
    /// one transaction.
    public func counts() throws -> [InventoryCount] {
        let tables: [(String, String, String)] = [
            ("vpcs", "vpcs", "vpcs"),
            // describe-vpc-attribute files: a VPC's DNS attributes, which may come without the VPC.
            ("vpc-attributes", "vpc_attributes", "vpc-attributes"), ("subnets", "subnets", "subnets"),
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
                try db.eachRow(
                    """
                    SELECT s.account_id, s.region, COUNT(*) AS n,
                      (SELECT MAX(imported_at) FROM imports i WHERE i.scope_id = s.scope_id AND i.kind = ?) AS imported_at
                    FROM \(from) JOIN scopes s USING (scope_id) GROUP BY s.scope_id ORDER BY s.account_id, s.region
                    """, arguments: [kind], table: "scopes", key: [0, 1], joined: [3: "imports"], path: store.path
                ) { row in
                    result.append(
                        InventoryCount(
                            account: try row.text(0), region: try row.text(1), resource: label,
                            count: try row.integer(2), importedAt: try row.optionalText(3)))
                }
            }
            return result.sorted { ($0.account, $0.region, $0.resource) < ($1.account, $1.region, $1.resource) }
        }
    }
}
