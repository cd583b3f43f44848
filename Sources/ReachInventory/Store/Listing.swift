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
    /// Lambda Managed Instances: the capacity provider's ARN, whose subnets and security groups
    /// `subnets` and `securityGroups` are; nil for any other function.
    public var capacityProvider: String?
    /// Whether that provider is in the inventory; nil for a function on none.
    public var capacityProviderExported: Bool?
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
        let fs = Schema.LambdaFunctionSubnets.self
        let s = Schema.Subnets.self
        var subnetColumns = Selection()
        let subnetFunction = subnetColumns.add(fs.functionArn, "f")
        let subnet = subnetColumns.add(fs.subnetId, "f")
        let lf = Schema.LambdaFunctions.self
        let az = Schema.AvailabilityZones.self
        // The zone as the function's account names it (names are mapped per account: a subnet
        // shared from another account has the owner's), else as the subnet's export does.
        let zone = subnetColumns.add(s.availabilityZone, "s")
        let accountZone = subnetColumns.add(az.zoneName, "az")
        let subnetVPC = subnetColumns.add(s.vpcId, "s")
        let subnetOrdinal = subnetColumns.add(fs.ordinal, "f")
        let fg = Schema.LambdaFunctionSecurityGroups.self
        var groupColumns = Selection()
        let groupFunction = groupColumns.add(fg.functionArn)
        let group = groupColumns.add(fg.groupId)
        let groupOrdinal = groupColumns.add(fg.ordinal)
        let f = Schema.LambdaFunctions.self
        let scopes = Schema.Scopes.self
        var columns = Selection()
        let arnColumn = columns.add(f.functionArn, "f")
        let name = columns.add(f.functionName, "f")
        let account = columns.add(scopes.accountId, "s")
        let region = columns.add(scopes.region, "s")
        let state = columns.add(f.state, "f")
        let stateReasonCode = columns.add(f.stateReasonCode, "f")
        let reportedVPC = columns.add(f.reportedVpcId, "f")
        let capacityProvider = columns.add(f.capacityProviderArn, "f")
        // A capacity provider's subnets (with zone and VPC) and groups, as a function's are.
        let ps = Schema.LambdaCapacityProviderSubnets.self
        let lp = Schema.LambdaCapacityProviders.self
        var providerSubnetColumns = Selection()
        let providerOfSubnet = providerSubnetColumns.add(ps.capacityProviderArn, "p")
        let providerSubnet = providerSubnetColumns.add(ps.subnetId, "p")
        let providerZone = providerSubnetColumns.add(s.availabilityZone, "s")
        let providerAccountZone = providerSubnetColumns.add(az.zoneName, "az")
        let providerSubnetVPC = providerSubnetColumns.add(s.vpcId, "s")
        let providerSubnetOrdinal = providerSubnetColumns.add(ps.ordinal, "p")
        let pg = Schema.LambdaCapacityProviderSecurityGroups.self
        var providerGroupColumns = Selection()
        let providerOfGroup = providerGroupColumns.add(pg.capacityProviderArn)
        let providerGroup = providerGroupColumns.add(pg.groupId)
        let providerGroupOrdinal = providerGroupColumns.add(pg.ordinal)
        var providerColumns = Selection()
        let providerARN = providerColumns.add(lp.capacityProviderArn)
        return try store.read { db in
            // (subnet, AZ, VPC) per function, in the function's order.
            let subnets = try db.grouped(
                """
                SELECT \(subnetColumns) FROM \(fs.table) f
                LEFT JOIN \(s.table) s ON s.\(s.subnetId) = f.\(fs.subnetId)
                LEFT JOIN \(lf.table) lf ON lf.\(lf.functionArn) = f.\(fs.functionArn)
                LEFT JOIN \(az.table) az ON az.\(az.scopeId) = lf.\(lf.scopeId) AND az.\(az.zoneId) = s.\(s.availabilityZoneId)
                ORDER BY f.\(fs.functionArn), f.\(fs.ordinal)
                """, table: subnetColumns.table, parent: subnetFunction, key: [subnetFunction, subnetOrdinal],
                joined: subnetColumns.joined, path: store.path
            ) { row in
                (
                    subnet: try row.text(subnet), zone: try row.optionalText(accountZone) ?? row.optionalText(zone),
                    vpc: try row.optionalText(subnetVPC)
                )
            }
            let groups = try db.grouped(
                "SELECT \(groupColumns) FROM \(fg.table) ORDER BY \(fg.functionArn), \(fg.ordinal)",
                table: groupColumns.table, parent: groupFunction, key: [groupFunction, groupOrdinal], path: store.path
            ) { try $0.text(group) }
            let providerSubnets = try db.grouped(
                """
                SELECT \(providerSubnetColumns) FROM \(ps.table) p
                LEFT JOIN \(s.table) s ON s.\(s.subnetId) = p.\(ps.subnetId)
                LEFT JOIN \(lp.table) lp ON lp.\(lp.capacityProviderArn) = p.\(ps.capacityProviderArn)
                LEFT JOIN \(az.table) az ON az.\(az.scopeId) = lp.\(lp.scopeId) AND az.\(az.zoneId) = s.\(s.availabilityZoneId)
                ORDER BY p.\(ps.capacityProviderArn), p.\(ps.ordinal)
                """, table: providerSubnetColumns.table, parent: providerOfSubnet,
                key: [providerOfSubnet, providerSubnetOrdinal], joined: providerSubnetColumns.joined, path: store.path
            ) { row in
                (
                    subnet: try row.text(providerSubnet),
                    zone: try row.optionalText(providerAccountZone) ?? row.optionalText(providerZone),
                    vpc: try row.optionalText(providerSubnetVPC)
                )
            }
            let providerGroups = try db.grouped(
                "SELECT \(providerGroupColumns) FROM \(pg.table) ORDER BY \(pg.capacityProviderArn), \(pg.ordinal)",
                table: providerGroupColumns.table, parent: providerOfGroup,
                key: [providerOfGroup, providerGroupOrdinal],
                path: store.path
            ) { try $0.text(providerGroup) }
            var providers = Set<String>()
            try db.eachRow(
                "SELECT \(providerColumns) FROM \(lp.table)", providerColumns, key: [providerARN], path: store.path
            ) { row in providers.insert(try row.text(providerARN)) }
            var result: [FunctionSummary] = []
            try db.eachRow(
                """
                SELECT \(columns)
                FROM \(f.table) f JOIN \(scopes.table) s ON s.\(scopes.scopeId) = f.\(f.scopeId)
                ORDER BY f.\(f.functionName), f.\(f.functionArn)
                """, columns, key: [arnColumn], path: store.path
            ) { row in
                let arn = try row.text(arnColumn)
                let provider = try row.optionalText(capacityProvider)
                // On a capacity provider, the function's network is the provider's.
                let placements = provider.map { providerSubnets[$0] ?? [] } ?? subnets[arn] ?? []
                var vpcs = Array(Set(placements.compactMap(\.vpc))).sorted()
                if vpcs.isEmpty, let reported = try row.optionalText(reportedVPC), !reported.isEmpty {
                    vpcs = [reported]
                }
                result.append(
                    FunctionSummary(
                        name: try row.text(name), arn: arn, account: try row.text(account),
                        region: try row.text(region),
                        state: try row.optionalText(state), stateReasonCode: try row.optionalText(stateReasonCode),
                        vpc: try placements.compactMap(\.vpc).first ?? row.optionalText(reportedVPC), vpcs: vpcs,
                        subnets: placements.map {
                            FunctionSummary.SubnetPlacement(subnet: $0.subnet, availabilityZone: $0.zone, vpc: $0.vpc)
                        },
                        securityGroups: provider.map { providerGroups[$0] ?? [] } ?? groups[arn] ?? [],
                        capacityProvider: provider, capacityProviderExported: provider.map(providers.contains)))
            }
            return result
        }
    }

    /// Rows per resource table per account/region, with when each kind was imported, read in
    /// one transaction.
    public func counts() throws -> [InventoryCount] {
        let tables = Self.countedTables()
        let scopes = Schema.Scopes.self
        let imports = Schema.Imports.self
        var columns = Selection()
        let account = columns.add(scopes.accountId, "s")
        let region = columns.add(scopes.region, "s")
        let count = columns.add("COUNT(*) AS n", from: scopes.table)
        let importedAt = columns.add(
            """
            (SELECT MAX(\(imports.importedAt)) FROM \(imports.table) i WHERE i.\(imports.scopeId) = s.\(scopes.scopeId) AND i.\(imports.kind) = ?) AS \(imports.importedAt)
            """, from: imports.table)
        return try store.read { db in
            var result: [InventoryCount] = []
            for (label, from, kind) in tables {
                try db.eachRow(
                    """
                    SELECT \(columns)
                    FROM \(from) JOIN \(scopes.table) s USING (\(scopes.scopeId)) GROUP BY s.\(scopes.scopeId) ORDER BY s.\(scopes.accountId), s.\(scopes.region)
                    """, arguments: [kind], columns, key: [account, region], path: store.path
                ) { row in
                    result.append(
                        InventoryCount(
                            account: try row.text(account), region: try row.text(region), resource: label,
                            count: try row.integer(count), importedAt: try row.optionalText(importedAt)))
                }
            }
            return result.sorted { ($0.account, $0.region, $0.resource) < ($1.account, $1.region, $1.resource) }
        }
    }

    /// Whether the inventory holds no resource of the kinds `counts()` lists. Each table is
    /// asked whether it has a row, which stops at the first: counting them reads every row (two
    /// million security-group rules in a large organisation), which an audit cannot spend just
    /// to refuse an empty inventory.
    public func holdsNothing() throws -> Bool {
        let scopes = Schema.Scopes.self
        return try store.read { db in
            for (_, from, _) in Self.countedTables() {
                let exists = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM \(from) JOIN \(scopes.table) USING (\(scopes.scopeId)))")
                if exists == true { return false }
            }
            return true
        }
    }

    /// Whether a Lambda functions document (`aws lambda list-functions` output, or a template's
    /// functions) was ever imported, for any account and region: the import records the kind
    /// even when the document lists no function (`{"Functions": []}`), so an account without
    /// functions is told apart from an inventory whose Lambda export is missing.
    public func hasFunctionsImport() throws -> Bool {
        let imports = Schema.Imports.self
        return try store.read { db in
            try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM \(imports.table) WHERE \(imports.kind) = ?)",
                arguments: [ResourceKind.functions.rawValue]) == true
        }
    }

    /// The tables `counts()` counts, each as its label, what to count from, and the kind whose
    /// import time goes with it.
    static func countedTables() -> [(String, String, String)] {
        func counted(_ label: String, _ table: String, _ kind: ResourceKind) -> (String, String, String) {
            (label, table, kind.rawValue)
        }
        /// A kind that is counted under its own name, in its table.
        func counted(_ kind: ResourceKind, _ table: Table) -> (String, String, String) {
            counted(kind.rawValue, table.rawValue, kind)
        }
        let routes = Schema.Routes.self
        let rules = Schema.SecurityGroupRules.self
        return [
            counted(.vpcs, .vpcs),
            // describe-vpc-attribute files: a VPC's DNS attributes, which may come without the VPC.
            counted(.vpcAttributes, .vpcAttributes), counted(.dhcpOptions, .dhcpOptions), counted(.subnets, .subnets),
            counted(.blockPublicAccessOptions, .vpcBlockPublicAccessOptions),
            counted(.blockPublicAccessExclusions, .vpcBlockPublicAccessExclusions),
            counted(.routeTables, .routeTables),
            counted(
                "routes", "\(routes.table) JOIN \(Table.routeTables.rawValue) USING (\(routes.routeTableId))",
                .routeTables),
            counted(.internetGateways, .internetGateways),
            counted(.egressOnlyInternetGateways, .egressOnlyInternetGateways),
            counted(.natGateways, .natGateways), counted(.vpcEndpoints, .vpcEndpoints),
            counted(.securityGroups, .securityGroups),
            counted(
                "security-group-rules", "\(rules.table) JOIN \(Table.securityGroups.rawValue) USING (\(rules.groupId))",
                .securityGroups),
            counted(.networkACLs, .networkAcls), counted(.prefixLists, .prefixLists),
            counted(.peeringConnections, .vpcPeeringConnections), counted(.transitGateways, .transitGateways),
            counted(.transitGatewayVPCAttachments, .transitGatewayVpcAttachments),
            counted(.transitGatewayAttachments, .transitGatewayAttachments),
            counted(.transitGatewayRouteTables, .transitGatewayRouteTables),
            counted(.transitGatewayRoutes, .transitGatewayRoutes),
            counted(.networkInterfaces, .networkInterfaces), counted(.functions, .lambdaFunctions),
            counted("rds-databases", Table.rdsDatabases.rawValue, .dbInstances), counted(.roles, .iamRoles),
            counted(.policies, .iamPolicies),
        ]
    }
}
