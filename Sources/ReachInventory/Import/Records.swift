import GRDB

/// An account and a region: the unit that a re-import replaces. IAM data uses region `global`.
public struct Scope: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var accountId: String
    public var region: String
    public init(accountId: String, region: String) {
        self.accountId = accountId
        self.region = region
    }
    public static func < (lhs: Scope, rhs: Scope) -> Bool {
        (lhs.accountId, lhs.region) < (rhs.accountId, rhs.region)
    }
    public var description: String { "\(accountId)/\(region)" }
}

/// The kinds of resource an import replaces. Most are replaced as a whole within a scope
/// (re-importing describe-subnets for an account and region replaces its subnets); a few are
/// replaced record by record because their exports name one resource at a time.
enum ResourceKind: String, CaseIterable, Comparable {
    case vpcs
    case vpcAttributes = "vpc-attributes"
    case subnets
    case routeTables = "route-tables"
    case internetGateways = "internet-gateways"
    case egressOnlyInternetGateways = "egress-only-internet-gateways"
    case natGateways = "nat-gateways"
    case vpcEndpoints = "vpc-endpoints"
    case securityGroups = "security-groups"
    case networkACLs = "network-acls"
    case prefixLists = "prefix-lists"
    case prefixListEntries = "prefix-list-entries"
    case peeringConnections = "vpc-peering-connections"
    case transitGateways = "transit-gateways"
    case transitGatewayAttachments = "transit-gateway-attachments"
    case transitGatewayVPCAttachments = "transit-gateway-vpc-attachments"
    case transitGatewayRouteTables = "transit-gateway-route-tables"
    /// Per TGW route table: its associations, propagations and routes (one call each).
    case transitGatewayAssociations = "transit-gateway-route-table-associations"
    case transitGatewayPropagations = "transit-gateway-route-table-propagations"
    case transitGatewayRoutes = "transit-gateway-routes"
    case networkInterfaces = "network-interfaces"
    case functions = "lambda-functions"
    case singleFunction = "lambda-function"
    case dbSubnetGroups = "rds-db-subnet-groups"
    case dbInstances = "rds-db-instances"
    case dbClusters = "rds-db-clusters"
    case dbProxies = "rds-db-proxies"
    case roles = "iam-roles"
    case policies = "iam-policies"

    static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// The transit-gateway kinds, whose references are checked as warnings after an import.
    var isTransitGateway: Bool { rawValue.hasPrefix("transit-gateway") }

    /// What a summary calls these.
    var label: String { self == .singleFunction ? ResourceKind.functions.rawValue : rawValue }

    /// How a re-import replaces what the inventory has of this kind.
    enum Replacement {
        /// DELETE statements with one `?` for the scope_id; children follow by ON DELETE CASCADE.
        case wholeScope([String])
        /// One DELETE statement with a `?` for the record's ID, and a second for its scope_id
        /// when `scoped` (the ID can repeat across scopes).
        case perRecord(String, scoped: Bool)
    }

    var replacement: Replacement {
        switch self {
        case .vpcs: return .wholeScope(["DELETE FROM vpcs WHERE scope_id = ?"])
        case .vpcAttributes:
            return .perRecord("DELETE FROM vpc_attributes WHERE vpc_id || '/' || attribute = ?", scoped: false)
        case .subnets: return .wholeScope(["DELETE FROM subnets WHERE scope_id = ?"])
        case .routeTables: return .wholeScope(["DELETE FROM route_tables WHERE scope_id = ?"])
        case .internetGateways: return .wholeScope(["DELETE FROM internet_gateways WHERE scope_id = ?"])
        case .egressOnlyInternetGateways:
            return .wholeScope(["DELETE FROM egress_only_internet_gateways WHERE scope_id = ?"])
        case .natGateways: return .wholeScope(["DELETE FROM nat_gateways WHERE scope_id = ?"])
        case .vpcEndpoints: return .wholeScope(["DELETE FROM vpc_endpoints WHERE scope_id = ?"])
        case .securityGroups: return .wholeScope(["DELETE FROM security_groups WHERE scope_id = ?"])
        case .networkACLs: return .wholeScope(["DELETE FROM network_acls WHERE scope_id = ?"])
        case .prefixLists: return .wholeScope(["DELETE FROM prefix_lists WHERE scope_id = ?"])
        case .prefixListEntries:
            return .perRecord("DELETE FROM prefix_list_entries WHERE prefix_list_id = ? AND scope_id = ?", scoped: true)
        case .peeringConnections: return .wholeScope(["DELETE FROM vpc_peering_connections WHERE scope_id = ?"])
        case .transitGateways: return .wholeScope(["DELETE FROM transit_gateways WHERE scope_id = ?"])
        case .transitGatewayAttachments:
            return .wholeScope(["DELETE FROM transit_gateway_attachments WHERE scope_id = ?"])
        case .transitGatewayVPCAttachments:
            return .wholeScope(["DELETE FROM transit_gateway_vpc_attachments WHERE scope_id = ?"])
        case .transitGatewayRouteTables:
            return .wholeScope(["DELETE FROM transit_gateway_route_tables WHERE scope_id = ?"])
        case .transitGatewayAssociations:
            return .perRecord(
                "DELETE FROM transit_gateway_route_table_associations WHERE transit_gateway_route_table_id = ?",
                scoped: false)
        case .transitGatewayPropagations:
            return .perRecord(
                "DELETE FROM transit_gateway_route_table_propagations WHERE transit_gateway_route_table_id = ?",
                scoped: false)
        case .transitGatewayRoutes:
            return .perRecord(
                "DELETE FROM transit_gateway_routes WHERE transit_gateway_route_table_id = ?", scoped: false)
        case .networkInterfaces: return .wholeScope(["DELETE FROM network_interfaces WHERE scope_id = ?"])
        case .functions: return .wholeScope(["DELETE FROM lambda_functions WHERE scope_id = ?"])
        case .singleFunction: return .perRecord("DELETE FROM lambda_functions WHERE function_arn = ?", scoped: false)
        case .dbSubnetGroups: return .wholeScope(["DELETE FROM rds_db_subnet_groups WHERE scope_id = ?"])
        case .dbInstances: return .wholeScope(["DELETE FROM rds_databases WHERE scope_id = ? AND kind = 'instance'"])
        case .dbClusters: return .wholeScope(["DELETE FROM rds_databases WHERE scope_id = ? AND kind = 'cluster'"])
        case .dbProxies: return .wholeScope(["DELETE FROM rds_databases WHERE scope_id = ? AND kind = 'proxy'"])
        case .roles: return .wholeScope(["DELETE FROM iam_roles WHERE scope_id = ?"])
        case .policies: return .wholeScope(["DELETE FROM iam_policies WHERE scope_id = ?"])
        }
    }
}

/// One row to insert: a table and its values in the table's column order.
struct Row {
    var table: Table
    var values: [DatabaseValue]
    /// Where a child row came from inside its resource (`Associations[2]`), for messages about
    /// the references it holds; nil for a resource's own row.
    var path: String? = nil
}

/// One resource from a document: its own row and its children's, kept together so that a
/// resource seen twice replaces itself whole.
struct ResourceRecord {
    var kind: ResourceKind
    var id: String
    var rows: [Row]
    /// Where the record came from, for messages: `Subnets.json $.Subnets[3]`.
    var origin: String
    /// What the decoder merged or left out of the element, for warnings.
    var notes: [RecordNote] = []
}

/// Something a decoder merged or left out of one element: `path` is relative to the element
/// (`Attachments[1]`), and the document adds where the element is.
struct RecordNote {
    var path: String
    var message: String
}

/// An element that is left out of the import with a warning: AWS could have printed it, but
/// lambda-reach cannot keep it safely (an IAM path with `$` in it). `path` is relative to the
/// element.
struct SkippedRecord: Error {
    var path: [String]
    var reason: String
}

/// The tables an import writes, with their columns. The names must match schema.sql: a
/// mismatch fails the first import in the test suite.
enum Table: String, CaseIterable {
    case vpcs
    case vpcCidrBlocks = "vpc_cidr_blocks"
    case vpcAttributes = "vpc_attributes"
    case subnets
    case subnetIPv6CidrBlocks = "subnet_ipv6_cidr_blocks"
    case routeTables = "route_tables"
    case routes
    case routeTableAssociations = "route_table_associations"
    case internetGateways = "internet_gateways"
    case internetGatewayAttachments = "internet_gateway_attachments"
    case egressOnlyInternetGateways = "egress_only_internet_gateways"
    case egressOnlyInternetGatewayAttachments = "egress_only_internet_gateway_attachments"
    case natGateways = "nat_gateways"
    case natGatewayAddresses = "nat_gateway_addresses"
    case vpcEndpoints = "vpc_endpoints"
    case vpcEndpointRouteTables = "vpc_endpoint_route_tables"
    case vpcEndpointSubnets = "vpc_endpoint_subnets"
    case vpcEndpointSecurityGroups = "vpc_endpoint_security_groups"
    case vpcEndpointNetworkInterfaces = "vpc_endpoint_network_interfaces"
    case securityGroups = "security_groups"
    case securityGroupRules = "security_group_rules"
    case networkACLs = "network_acls"
    case networkACLEntries = "network_acl_entries"
    case networkACLAssociations = "network_acl_associations"
    case prefixLists = "prefix_lists"
    case prefixListEntries = "prefix_list_entries"
    case peeringConnections = "vpc_peering_connections"
    case peeringConnectionCidrs = "vpc_peering_connection_cidrs"
    case transitGateways = "transit_gateways"
    case transitGatewayAttachments = "transit_gateway_attachments"
    case transitGatewayVPCAttachments = "transit_gateway_vpc_attachments"
    case transitGatewayVPCAttachmentSubnets = "transit_gateway_vpc_attachment_subnets"
    case transitGatewayRouteTables = "transit_gateway_route_tables"
    case transitGatewayAssociations = "transit_gateway_route_table_associations"
    case transitGatewayPropagations = "transit_gateway_route_table_propagations"
    case transitGatewayRoutes = "transit_gateway_routes"
    case networkInterfaces = "network_interfaces"
    case networkInterfaceAddresses = "network_interface_addresses"
    case networkInterfaceIPv6Addresses = "network_interface_ipv6_addresses"
    case networkInterfaceSecurityGroups = "network_interface_security_groups"
    case functions = "lambda_functions"
    case functionSubnets = "lambda_function_subnets"
    case functionSecurityGroups = "lambda_function_security_groups"
    case dbSubnetGroups = "rds_db_subnet_groups"
    case dbSubnetGroupSubnets = "rds_db_subnet_group_subnets"
    case databases = "rds_databases"
    case databaseSubnets = "rds_database_subnets"
    case databaseSecurityGroups = "rds_database_security_groups"
    case roles = "iam_roles"
    case roleInlinePolicies = "iam_role_inline_policies"
    case roleAttachedPolicies = "iam_role_attached_policies"
    case policies = "iam_policies"

    var columns: [String] {
        switch self {
        case .vpcs:
            return [
                "vpc_id", "scope_id", "owner_id", "state", "cidr_block", "instance_tenancy", "is_default",
                "enable_dns_support", "enable_dns_hostnames", "name",
            ]
        case .vpcCidrBlocks: return ["vpc_id", "cidr", "family", "state"]
        case .vpcAttributes: return ["vpc_id", "scope_id", "attribute", "value"]
        case .subnets:
            return [
                "subnet_id", "scope_id", "vpc_id", "owner_id", "availability_zone", "availability_zone_id",
                "cidr_block", "available_ip_address_count", "map_public_ip_on_launch",
                "assign_ipv6_address_on_creation", "state", "name",
            ]
        case .subnetIPv6CidrBlocks: return ["subnet_id", "cidr"]
        case .routeTables: return ["route_table_id", "scope_id", "vpc_id", "owner_id", "name"]
        case .routes:
            return [
                "route_table_id", "ordinal", "destination_cidr", "destination_ipv6_cidr",
                "destination_prefix_list_id", "target_kind", "target_id", "state", "origin",
            ]
        case .routeTableAssociations:
            return ["association_id", "route_table_id", "subnet_id", "gateway_id", "is_main", "state"]
        case .internetGateways: return ["internet_gateway_id", "scope_id", "owner_id", "name"]
        case .internetGatewayAttachments: return ["internet_gateway_id", "vpc_id", "state"]
        case .egressOnlyInternetGateways: return ["egress_only_internet_gateway_id", "scope_id", "name"]
        case .egressOnlyInternetGatewayAttachments: return ["egress_only_internet_gateway_id", "vpc_id", "state"]
        case .natGateways:
            return [
                "nat_gateway_id", "scope_id", "vpc_id", "subnet_id", "state", "connectivity_type", "failure_code",
                "name",
            ]
        case .natGatewayAddresses:
            return [
                "nat_gateway_id", "ordinal", "allocation_id", "network_interface_id", "private_ip", "public_ip",
                "is_primary",
            ]
        case .vpcEndpoints:
            return [
                "vpc_endpoint_id", "scope_id", "vpc_id", "endpoint_type", "service_name", "state",
                "private_dns_enabled", "policy_document", "name",
            ]
        case .vpcEndpointRouteTables: return ["vpc_endpoint_id", "route_table_id"]
        case .vpcEndpointSubnets: return ["vpc_endpoint_id", "subnet_id"]
        case .vpcEndpointSecurityGroups: return ["vpc_endpoint_id", "group_id"]
        case .vpcEndpointNetworkInterfaces: return ["vpc_endpoint_id", "network_interface_id"]
        case .securityGroups: return ["group_id", "scope_id", "vpc_id", "group_name", "description", "owner_id"]
        case .securityGroupRules:
            return [
                "group_id", "is_egress", "ordinal", "security_group_rule_id", "ip_protocol", "from_port",
                "to_port", "cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_group_id", "referenced_user_id",
                "referenced_vpc_id", "vpc_peering_connection_id", "description",
            ]
        case .networkACLs: return ["network_acl_id", "scope_id", "vpc_id", "is_default", "owner_id", "name"]
        case .networkACLEntries:
            return [
                "network_acl_id", "is_egress", "rule_number", "protocol", "rule_action", "cidr_block",
                "ipv6_cidr_block", "port_from", "port_to", "icmp_type", "icmp_code",
            ]
        case .networkACLAssociations: return ["association_id", "network_acl_id", "subnet_id"]
        case .prefixLists:
            return [
                "prefix_list_id", "scope_id", "prefix_list_name", "address_family", "owner_id", "state",
                "max_entries",
            ]
        case .prefixListEntries: return ["prefix_list_id", "scope_id", "cidr", "description"]
        case .peeringConnections:
            return [
                "vpc_peering_connection_id", "scope_id", "status_code", "requester_vpc_id", "requester_owner_id",
                "requester_region", "accepter_vpc_id", "accepter_owner_id", "accepter_region",
                "requester_allow_dns_resolution", "accepter_allow_dns_resolution", "name",
            ]
        case .peeringConnectionCidrs: return ["vpc_peering_connection_id", "side", "cidr"]
        case .transitGateways:
            return [
                "transit_gateway_id", "scope_id", "owner_id", "state", "default_route_table_association",
                "default_route_table_propagation", "association_default_route_table_id",
                "propagation_default_route_table_id", "security_group_referencing_support", "name",
            ]
        case .transitGatewayAttachments:
            return [
                "transit_gateway_attachment_id", "scope_id", "transit_gateway_id", "transit_gateway_owner_id",
                "resource_type", "resource_id", "resource_owner_id", "state", "association_route_table_id",
                "association_state", "name",
            ]
        case .transitGatewayVPCAttachments:
            return [
                "transit_gateway_attachment_id", "scope_id", "transit_gateway_id", "vpc_id", "vpc_owner_id", "state",
                "security_group_referencing_support", "appliance_mode_support", "name",
            ]
        case .transitGatewayVPCAttachmentSubnets: return ["transit_gateway_attachment_id", "subnet_id"]
        case .transitGatewayRouteTables:
            return [
                "transit_gateway_route_table_id", "scope_id", "transit_gateway_id", "state",
                "default_association_route_table", "default_propagation_route_table", "name",
            ]
        case .transitGatewayAssociations, .transitGatewayPropagations:
            return [
                "transit_gateway_route_table_id", "scope_id", "transit_gateway_attachment_id", "resource_type",
                "resource_id", "state",
            ]
        case .transitGatewayRoutes:
            return [
                "transit_gateway_route_table_id", "scope_id", "ordinal", "destination_cidr",
                "destination_prefix_list_id", "route_type", "state", "transit_gateway_attachment_id", "resource_type",
                "resource_id",
            ]
        case .networkInterfaces:
            return [
                "network_interface_id", "scope_id", "vpc_id", "subnet_id", "availability_zone", "interface_type",
                "description", "requester_id", "requester_managed", "status", "owner_id",
            ]
        case .networkInterfaceAddresses: return ["network_interface_id", "private_ip", "public_ip", "is_primary"]
        case .networkInterfaceIPv6Addresses: return ["network_interface_id", "ipv6_address"]
        case .networkInterfaceSecurityGroups: return ["network_interface_id", "group_id"]
        case .functions:
            return [
                "function_arn", "scope_id", "function_name", "role_arn", "runtime", "package_type", "state",
                "state_reason", "state_reason_code", "last_update_status", "last_update_status_reason_code",
                "reported_vpc_id", "ipv6_allowed_for_dual_stack",
            ]
        case .functionSubnets: return ["function_arn", "ordinal", "subnet_id"]
        case .functionSecurityGroups: return ["function_arn", "ordinal", "group_id"]
        case .dbSubnetGroups: return ["scope_id", "db_subnet_group_name", "vpc_id", "status"]
        case .dbSubnetGroupSubnets:
            return ["scope_id", "db_subnet_group_name", "subnet_id", "availability_zone", "status"]
        case .databases:
            return [
                "db_key", "scope_id", "kind", "identifier", "arn", "engine", "status", "endpoint_address", "port",
                "vpc_id", "availability_zone", "secondary_availability_zone", "multi_az", "publicly_accessible",
                "db_subnet_group_name", "db_cluster_identifier",
            ]
        case .databaseSubnets: return ["db_key", "subnet_id"]
        case .databaseSecurityGroups: return ["db_key", "group_id", "status"]
        case .roles: return ["role_arn", "scope_id", "role_name", "role_id", "path"]
        case .roleInlinePolicies: return ["role_arn", "policy_name", "document"]
        case .roleAttachedPolicies: return ["role_arn", "policy_arn", "policy_name"]
        case .policies: return ["policy_arn", "scope_id", "policy_name", "default_version_id", "document"]
        }
    }

    /// The position of `scope_id`, which the writer fills in once the scope has its row.
    var scopeColumn: Int? { columns.firstIndex(of: "scope_id") }

    var insertSQL: String {
        "INSERT INTO \(rawValue) (\(columns.joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
    }
}

/// Shorthands that turn optional Swift values into SQLite values.
extension Optional where Wrapped == String {
    var sql: DatabaseValue { self.map { $0.databaseValue } ?? .null }
}
extension Optional where Wrapped == Bool {
    var sql: DatabaseValue { self.map { ($0 ? 1 : 0).databaseValue } ?? .null }
}
extension Optional where Wrapped == Int {
    var sql: DatabaseValue { self.map { $0.databaseValue } ?? .null }
}
extension String {
    var sql: DatabaseValue { databaseValue }
}
extension Int {
    var sql: DatabaseValue { databaseValue }
}
extension Bool {
    var sql: DatabaseValue { (self ? 1 : 0).databaseValue }
}
