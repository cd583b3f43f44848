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

    /// This scope's row in `db`, made when it is not there yet: what every row of the scope
    /// names in its scope_id.
    func id(in db: Database) throws -> Int64? {
        let s = Schema.Scopes.self
        try db.execute(
            sql: "INSERT OR IGNORE INTO \(s.table) (\(s.accountId), \(s.region)) VALUES (?, ?)",
            arguments: [accountId, region])
        return try Int64.fetchOne(
            db, sql: "SELECT \(s.scopeId) FROM \(s.table) WHERE \(s.accountId) = ? AND \(s.region) = ?",
            arguments: [accountId, region])
    }
}

/// The kinds of resource an import replaces. Most are replaced as a whole within a scope
/// (re-importing describe-subnets for an account and region replaces its subnets); a few are
/// replaced record by record because their exports name one resource at a time.
enum ResourceKind: String, CaseIterable, Comparable {
    case vpcs
    case vpcAttributes = "vpc-attributes"
    case dhcpOptions = "dhcp-options"
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
    /// Lambda Managed Instances' capacity providers (list-capacity-providers): where the
    /// instances of the functions that name one run.
    case capacityProviders = "lambda-capacity-providers"
    /// get-capacity-provider: one provider, replaced by itself.
    case singleCapacityProvider = "lambda-capacity-provider"
    case dbSubnetGroups = "rds-db-subnet-groups"
    case dbInstances = "rds-db-instances"
    case dbClusters = "rds-db-clusters"
    case dbProxies = "rds-db-proxies"
    /// A proxy's additional endpoints (describe-db-proxy-endpoints), each with subnets and
    /// security groups of its own.
    case dbProxyEndpoints = "rds-db-proxy-endpoints"
    /// Per proxy: describe-db-proxy-targets names one proxy's targets at a time.
    case dbProxyTargets = "rds-db-proxy-targets"
    case roles = "iam-roles"
    case policies = "iam-policies"
    case cloudFormationExports = "cloudformation-exports"
    /// Per stack: describe-stack-resources names one stack at a time.
    case cloudFormationStackResources = "cloudformation-stack-resources"
    /// Per zone: an account's name for a zone ID, from describe-availability-zones and from
    /// its describe-subnets.
    case availabilityZones = "availability-zones"
    case ramResourceShares = "ram-resource-shares"
    case ramResources = "ram-resources"
    case ramPrincipals = "ram-principals"
    /// Per VPC: list-hosted-zones-by-vpc names one VPC at a time.
    case hostedZoneAssociations = "hosted-zone-vpc-associations"
    /// Per hosted zone: list-resource-record-sets names one zone at a time.
    case hostedZoneRecords = "hosted-zone-records"
    case resolverRules = "resolver-rules"
    case resolverRuleAssociations = "resolver-rule-associations"
    /// VPC Block Public Access: the account's mode in a region (one record per scope), and its
    /// exclusions.
    case blockPublicAccessOptions = "vpc-block-public-access-options"
    case blockPublicAccessExclusions = "vpc-block-public-access-exclusions"

    static func < (lhs: ResourceKind, rhs: ResourceKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Whether the same ID names a different row in each account and region (an AWS-managed
    /// prefix list, a zone ID, a resource share seen by its owner and by a participant): two
    /// scopes' copies are then two records, not one resource listed twice.
    var idIsPerScope: Bool {
        switch self {
        case .prefixLists, .prefixListEntries, .cloudFormationExports, .cloudFormationStackResources,
            .availabilityZones, .ramResourceShares, .ramResources, .ramPrincipals, .resolverRules, .dbSubnetGroups,
            .blockPublicAccessOptions, .dbProxyTargets:
            return true
        default: return false
        }
    }

    /// The transit-gateway kinds, whose references are checked as warnings after an import.
    var isTransitGateway: Bool { rawValue.hasPrefix("transit-gateway") }

    /// What a summary calls these.
    var label: String {
        switch self {
        case .singleFunction: return ResourceKind.functions.rawValue
        case .singleCapacityProvider: return ResourceKind.capacityProviders.rawValue
        default: return rawValue
        }
    }

    /// How a re-import replaces what the inventory has of this kind.
    enum Replacement {
        /// Every row of `table` in the scope: those `condition` selects, with one `?` for the
        /// scope_id (`scope_id = ?`, and for rds_databases the kind); children follow by ON
        /// DELETE CASCADE.
        case wholeScope(table: Table, condition: String)
        /// One DELETE statement with a `?` for the record's ID, and a second for its scope_id
        /// when `scoped` (the ID can repeat across scopes).
        case perRecord(String, scoped: Bool)
    }

    var replacement: Replacement {
        switch self {
        case .vpcs: return .scope(.vpcs)
        case .vpcAttributes:
            let a = Schema.VpcAttributes.self
            // The record's ID is `vpc/attribute`: split in SQL, so that the primary key finds
            // the row (a condition on `vpc_id || '/' || attribute` read every row, per record).
            return .perRecord(
                """
                DELETE FROM \(a.table)
                WHERE \(a.vpcId) = substr(?1, 1, instr(?1, '/') - 1) AND \(a.attribute) = substr(?1, instr(?1, '/') + 1)
                """, scoped: false)
        case .dhcpOptions: return .scope(.dhcpOptions)
        case .subnets: return .scope(.subnets)
        case .routeTables: return .scope(.routeTables)
        case .internetGateways: return .scope(.internetGateways)
        case .egressOnlyInternetGateways: return .scope(.egressOnlyInternetGateways)
        case .natGateways: return .scope(.natGateways)
        case .vpcEndpoints: return .scope(.vpcEndpoints)
        case .securityGroups: return .scope(.securityGroups)
        case .networkACLs: return .scope(.networkAcls)
        case .prefixLists: return .scope(.prefixLists)
        case .prefixListEntries:
            return .record(Schema.PrefixListEntries.prefixListId, scope: Schema.PrefixListEntries.scopeId)
        case .peeringConnections: return .scope(.vpcPeeringConnections)
        case .transitGateways: return .scope(.transitGateways)
        case .transitGatewayAttachments: return .scope(.transitGatewayAttachments)
        case .transitGatewayVPCAttachments: return .scope(.transitGatewayVpcAttachments)
        case .transitGatewayRouteTables: return .scope(.transitGatewayRouteTables)
        case .transitGatewayAssociations:
            return .record(Schema.TransitGatewayRouteTableAssociations.transitGatewayRouteTableId)
        case .transitGatewayPropagations:
            return .record(Schema.TransitGatewayRouteTablePropagations.transitGatewayRouteTableId)
        case .transitGatewayRoutes: return .record(Schema.TransitGatewayRoutes.transitGatewayRouteTableId)
        case .networkInterfaces: return .scope(.networkInterfaces)
        case .functions: return .scope(.lambdaFunctions)
        case .singleFunction: return .record(Schema.LambdaFunctions.functionArn)
        case .capacityProviders: return .scope(.lambdaCapacityProviders)
        case .singleCapacityProvider: return .record(Schema.LambdaCapacityProviders.capacityProviderArn)
        case .dbSubnetGroups: return .scope(.rdsDbSubnetGroups)
        case .dbInstances: return .scope(.rdsDatabases, databaseKind: "instance")
        case .dbClusters: return .scope(.rdsDatabases, databaseKind: "cluster")
        case .dbProxies: return .scope(.rdsDatabases, databaseKind: "proxy")
        case .dbProxyEndpoints: return .scope(.rdsDatabases, databaseKind: "proxy-endpoint")
        case .dbProxyTargets:
            return .record(Schema.RdsDbProxyTargets.dbProxyName, scope: Schema.RdsDbProxyTargets.scopeId)
        case .roles: return .scope(.iamRoles)
        case .policies: return .scope(.iamPolicies)
        case .cloudFormationExports: return .scope(.cloudformationExports)
        case .cloudFormationStackResources:
            return .record(
                Schema.CloudformationStackResources.stackName, scope: Schema.CloudformationStackResources.scopeId)
        case .availabilityZones:
            return .record(Schema.AvailabilityZones.zoneId, scope: Schema.AvailabilityZones.scopeId)
        case .ramResourceShares: return .scope(.ramResourceShares)
        case .ramResources: return .scope(.ramResources)
        case .ramPrincipals: return .scope(.ramPrincipals)
        case .hostedZoneAssociations: return .record(Schema.HostedZoneVpcAssociations.vpcId)
        case .hostedZoneRecords: return .record(Schema.HostedZoneRecords.hostedZoneId)
        case .resolverRules: return .scope(.resolverRules)
        case .resolverRuleAssociations: return .scope(.resolverRuleAssociations)
        case .blockPublicAccessOptions: return .scope(.vpcBlockPublicAccessOptions)
        case .blockPublicAccessExclusions: return .scope(.vpcBlockPublicAccessExclusions)
        }
    }
}

extension ResourceKind.Replacement {
    /// Every row of `table` in the scope; of rds_databases, those of `databaseKind`.
    static func scope(_ table: Table, databaseKind: String? = nil) -> Self {
        let kind = databaseKind.map { " AND \(Schema.RdsDatabases.kind) = '\($0)'" } ?? ""
        let scope = table.columns[table.scopeColumn!]
        return .wholeScope(table: table, condition: "\(scope) = ?\(kind)")
    }

    /// The rows of the record whose ID is in `column`, and of the scope in `scope` when the ID
    /// can repeat across scopes.
    static func record(_ column: Column, scope: Column? = nil) -> Self {
        .perRecord(
            "DELETE FROM \(column.table) WHERE \(column) = ?\(scope.map { " AND \($0) = ?" } ?? "")",
            scoped: scope != nil)
    }
}

/// One row to insert: a table and its values in the table's column order. Made with the
/// generated `Row.subnets(subnetId:...)` and the like, which name every value by its column;
/// a value is read back by its column too (`row[Schema.Routes.state]`).
struct Row {
    var table: Table
    var values: [DatabaseValue]
    /// Where a child row came from inside its resource (`Associations[2]`), for messages about
    /// the references it holds; nil for a resource's own row.
    var path: String? = nil

    /// Whether two rows write the same values into the same table (where they were found
    /// aside).
    static func sameValues(_ lhs: Row, _ rhs: Row) -> Bool {
        lhs.table == rhs.table && lhs.values == rhs.values
    }

    /// This row, found at `path` inside its resource.
    func at(path: String) -> Row {
        var row = self
        row.path = path
        return row
    }

    /// The value of `column`, a column of this row's table.
    subscript(column: Column) -> DatabaseValue {
        get {
            assert(column.table == table.rawValue, "\(column.table).\(column) is not a column of \(table.rawValue)")
            return values[column.position]
        }
        set {
            assert(column.table == table.rawValue, "\(column.table).\(column) is not a column of \(table.rawValue)")
            values[column.position] = newValue
        }
    }
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

/// What the writer needs of a table: the generated `Table` (EmbeddedSchema.swift, from
/// schema.sql) gives its name and columns.
extension Table {
    /// The position of `scope_id`, which the writer fills in once the scope has its row.
    var scopeColumn: Int? { columns.firstIndex { $0.name == "scope_id" } }

    var insertSQL: String {
        "INSERT INTO \(rawValue) (\(columns.map(\.name).joined(separator: ", "))) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")))"
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
