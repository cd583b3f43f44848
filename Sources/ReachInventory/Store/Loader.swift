import Foundation
import GRDB
import ReachCore

/// Which part of the inventory to turn into a network model.
public enum LoadScope: Sendable {
    /// Everything: what an audit needs.
    case all
    /// The VPCs given, the VPCs peered with them or attached to the same transit gateways, and
    /// the functions given: what one query needs, so that a query on a large organisation does
    /// not read all of it.
    case vpcs(Set<String>, functions: Set<String>)
}

/// The inventory -> network model stage.
public struct NetworkLoader {
    public let store: InventoryStore

    public init(store: InventoryStore) { self.store = store }

    /// Builds the network model for `scope`, from one snapshot of the inventory: every SELECT
    /// runs in one read transaction (the caller's `InventoryStore.snapshot`, or one of its
    /// own), so that an import committed meanwhile is either all seen or not at all.
    public func load(_ scope: LoadScope = .all) throws -> Network {
        try store.session { db in
            var loader = Load(db: db, path: store.path)
            try loader.prepare(scope)
            // Security-group rules are half of an organisation's rows: for a whole
            // organisation they are read on a second connection, on another core, while this
            // one reads the rest. A question reads a few VPCs' rows, not worth a connection.
            var groups: SecurityGroupsRead?
            if case .all = scope, try store.journalMode(db) != "wal" {
                groups = SecurityGroupsRead.start(path: store.path)
            }
            return try loader.run(securityGroups: groups)
        }
    }

    /// The VPCs a question about `functionArn` touches: the function's (from its subnets),
    /// plus `extraVPCs` (a database's).
    public func vpcs(forFunction functionArn: String) throws -> Set<String> {
        try store.read { db in
            var result = Set<String>()
            try db.eachRow(
                """
                SELECT DISTINCT s.vpc_id, s.subnet_id FROM lambda_function_subnets f JOIN subnets s ON s.subnet_id = f.subnet_id
                WHERE f.function_arn = ? ORDER BY 1
                """, arguments: [functionArn], table: "subnets", key: [1], path: store.path
            ) { row in result.insert(try row.text(0)) }
            return result
        }
    }

    /// The VPC of a database, by identifier, when it is known.
    public func vpcs(forDatabase identifier: String) throws -> Set<String> {
        try store.read { db in
            var result = Set<String>()
            try db.eachRow(
                "SELECT vpc_id, db_key FROM rds_databases WHERE identifier = ? AND vpc_id IS NOT NULL",
                arguments: [identifier], table: "rds_databases", key: [1], path: store.path
            ) { row in result.insert(try row.text(0)) }
            try db.eachRow(
                """
                SELECT g.vpc_id, g.db_subnet_group_name FROM rds_databases d JOIN rds_db_subnet_groups g
                  ON g.scope_id = d.scope_id AND g.db_subnet_group_name = d.db_subnet_group_name
                WHERE d.identifier = ? AND g.vpc_id IS NOT NULL
                """, arguments: [identifier], table: "rds_db_subnet_groups", key: [1], path: store.path
            ) { row in result.insert(try row.text(0)) }
            return result
        }
    }

    /// The VPC that holds `address` in one of its subnets (for `ip:` targets).
    public func vpcs(containing address: IPv4Address) throws -> Set<String> {
        try store.read { db in
            var result = Set<String>()
            try db.eachRow(
                "SELECT vpc_id, cidr FROM vpc_cidr_blocks WHERE family = 'ipv4' ORDER BY 1, 2",
                table: "vpc_cidr_blocks", key: [0, 1], path: store.path
            ) { row in
                if try Load.ipv4CIDR(row, 1).contains(address) { result.insert(try row.text(0)) }
            }
            return result
        }
    }
}

/// One run of the loader inside a read transaction.
///
/// Every value is read for the type its column has in schema.sql and checked against what AWS
/// allows (`Cells.text(_:)` and the like, in Values.swift): a file changed by hand can hold
/// anything in any column, and a value the model cannot take is an `InventoryValueError`
/// naming its table, row and column, never a trap and never a value quietly left out.
///
/// An audit loads a whole organisation (at 1,000 VPCs: 220,000 security-group rules, 10,000
/// functions), so the reading is written for speed, in one style throughout:
/// - every SELECT names its columns, and its rows are read in place through a cursor
///   (`eachRow`) by column index, so that GRDB decodes each value straight from SQLite: no row
///   is copied and no column is looked up by name. Keep a SELECT's column list and the
///   `row.text(n)` (or `optionalText`, `integer`, `flag`: Values.swift) that read it side by side;
/// - children (rules, routes, entries, ...) are parsed as they stream in and grouped by their
///   parent's ID (`grouped`), each group in the order of the query's ORDER BY;
/// - for a question (`.vpcs`), every SELECT is restricted to the wanted VPCs and functions and
///   what they name, so that a query reads a few VPCs' rows whatever the organisation's size.
private struct Load {
    let db: Database
    /// The inventory, for messages.
    let path: String
    var network = Network()
    /// SQL fragment selecting the wanted VPC IDs, or nil for all.
    var wanted: String?
    var functionFilter: String?
    /// The wanted VPC IDs (peered ones included), or nil for all.
    var wantedVPCs: Set<String>?
    /// Parsed policy documents by their text: endpoints and roles repeat the same few.
    var policies: [String: PolicyDocument?] = [:]
    /// Parsed CIDRs by their text: rules, routes and ACL entries repeat the same few per VPC
    /// (its subnets, 0.0.0.0/0), and a lookup is several times cheaper than a parse.
    var cidrs: [String: IPv4CIDR?] = [:]

    init(db: Database, path: String) {
        self.db = db
        self.path = path
    }

    /// `Database.eachRow` for this inventory.
    func eachRow(
        _ sql: String, table: String, key: [Int] = [0], joined: [Int: String] = [:],
        _ body: (Cells) throws -> Void
    ) throws {
        try db.eachRow(sql, table: table, key: key, joined: joined, path: path, body)
    }

    /// `Database.grouped` for this inventory.
    func grouped<T>(
        _ sql: String, table: String, key: [Int] = [0], joined: [Int: String] = [:],
        _ value: (Cells) throws -> T?
    ) throws -> [String: [T]] {
        try db.grouped(sql, table: table, key: key, joined: joined, path: path, value)
    }

    mutating func prepare(_ scope: LoadScope) throws {
        guard case .vpcs(let vpcs, let functions) = scope else { return }
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS wanted_vpcs (vpc_id TEXT PRIMARY KEY)")
        try db.execute(sql: "DELETE FROM wanted_vpcs")
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS wanted_functions (arn TEXT PRIMARY KEY)")
        try db.execute(sql: "DELETE FROM wanted_functions")
        for vpc in vpcs.sorted() {
            try db.execute(sql: "INSERT OR IGNORE INTO wanted_vpcs VALUES (?)", arguments: [vpc])
        }
        for arn in functions.sorted() {
            try db.execute(sql: "INSERT OR IGNORE INTO wanted_functions VALUES (?)", arguments: [arn])
        }
        // Peered VPCs: a database or an address may sit across a peering connection.
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO wanted_vpcs
                SELECT accepter_vpc_id FROM vpc_peering_connections WHERE requester_vpc_id IN (SELECT vpc_id FROM wanted_vpcs)
                  AND accepter_vpc_id IS NOT NULL
                UNION SELECT requester_vpc_id FROM vpc_peering_connections WHERE accepter_vpc_id IN (SELECT vpc_id FROM wanted_vpcs)
                  AND requester_vpc_id IS NOT NULL
                """)
        // VPCs attached to the same transit gateways: a destination, or a centralised egress
        // VPC, one hop away through the transit gateway. Either describe call may be the one
        // exported, so both are read.
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO wanted_vpcs
                WITH attached (transit_gateway_id, vpc_id) AS (
                    SELECT transit_gateway_id, vpc_id FROM transit_gateway_vpc_attachments WHERE vpc_id IS NOT NULL
                    UNION SELECT transit_gateway_id, resource_id FROM transit_gateway_attachments
                    WHERE resource_type = 'vpc' AND resource_id IS NOT NULL)
                SELECT other.vpc_id FROM attached own JOIN attached other ON other.transit_gateway_id = own.transit_gateway_id
                WHERE own.vpc_id IN (SELECT vpc_id FROM wanted_vpcs)
                """)
        wanted = "(SELECT vpc_id FROM wanted_vpcs)"
        functionFilter = "(SELECT arn FROM wanted_functions)"
        var selected = Set<String>()
        try eachRow("SELECT vpc_id FROM wanted_vpcs", table: "vpc_peering_connections or transit gateway attachments") {
            row in selected.insert(try row.text(0))
        }
        wantedVPCs = selected
    }

    func filter(_ column: String, _ connector: String = "WHERE") -> String {
        guard let wanted else { return "" }
        return " \(connector) \(column) IN \(wanted)"
    }

    /// An IPv4 CIDR that must be one (`10.0.0.0/16`).
    static func ipv4CIDR(_ row: Cells, _ column: Int) throws(CellProblem) -> IPv4CIDR {
        let text = try row.text(column)
        guard let cidr = IPv4CIDR(text) else { throw Self.notA("an IPv4 CIDR (such as 10.0.0.0/16)", text, column) }
        return cidr
    }

    /// `text`, which must be an IPv6 CIDR (`2600:1f18::/56`), as stored.
    static func ipv6CIDR(_ text: String, _ column: Int) throws(CellProblem) -> String {
        guard IPv6CIDR(text) != nil else { throw Self.notA("an IPv6 CIDR (such as 2600:1f18::/56)", text, column) }
        return text
    }

    /// An IPv4 address, or NULL.
    static func ipv4Address(_ row: Cells, _ column: Int) throws(CellProblem) -> IPv4Address? {
        guard let text = try row.optionalText(column) else { return nil }
        guard let address = IPv4Address(text) else { throw Self.notA("an IPv4 address", text, column) }
        return address
    }

    /// A protocol as AWS writes it: a number 0-255, -1 for all, or a name.
    static func ipProtocol(_ row: Cells, _ column: Int) throws(CellProblem) -> IPProtocol {
        let text = try row.text(column)
        guard let parsed = IPProtocol(aws: text) else {
            throw Self.notA("a protocol (a number 0-255, -1 for all, tcp, udp, icmp or icmpv6)", text, column)
        }
        return parsed
    }

    static func notA(_ what: String, _ text: String, _ column: Int) -> CellProblem {
        CellProblem(column: column, problem: "\(Cells.quoted(text)) is not \(what)")
    }

    /// `ipv4CIDR`, parsed once per distinct text (see `cidrs`); NULL is nil.
    mutating func optionalCIDR(_ row: Cells, _ column: Int) throws(CellProblem) -> IPv4CIDR? {
        guard let text = try row.optionalText(column) else { return nil }
        guard let parsed = cidr(text) else { throw Self.notA("an IPv4 CIDR (such as 10.0.0.0/16)", text, column) }
        return parsed
    }

    /// The policy model of a stored document, parsed once per distinct text.
    mutating func policy(_ text: String?) -> PolicyDocument? {
        guard let text else { return nil }
        if let parsed = policies[text] { return parsed }
        let parsed = PolicyParser.parse(text)
        policies[text] = parsed
        return parsed
    }

    /// `IPv4CIDR(text)`, parsed once per distinct text.
    mutating func cidr(_ text: String) -> IPv4CIDR? {
        if let parsed = cidrs[text] { return parsed }
        let parsed = IPv4CIDR(text)
        cidrs[text] = parsed
        return parsed
    }

    /// Loads everything; the security groups from `securityGroups` when they are being read
    /// elsewhere (waited for last: nothing else needs them, not even `Network.index()`).
    mutating func run(securityGroups: SecurityGroupsRead? = nil) throws -> Network {
        try loadVPCs()
        try loadSubnets()
        try loadRouting()
        try loadGateways()
        try loadEndpoints()
        if securityGroups == nil { try loadSecurityGroups() }
        try loadNetworkACLs()
        try loadPrefixLists()
        try loadPeerings()
        try loadTransitGateways()
        try loadNetworkInterfaces()
        try loadFunctions()
        try loadDatabases()
        try loadRoles()
        // The lookups are built while the security groups may still be being read: they are
        // the longer read, and the lookups do not need them.
        network.index()
        if let securityGroups {
            // The other connection could not always share this one's snapshot (see
            // `SecurityGroupsRead`); then the groups are read here, in it.
            if let groups = securityGroups.wait() {
                network.securityGroups = groups
            } else {
                try loadSecurityGroups()
            }
        }
        return network
    }

    mutating func loadVPCs() throws {
        var ipv4: [String: [IPv4CIDR]] = [:]
        var ipv6: [String: [String]] = [:]
        try eachRow(
            "SELECT vpc_id, family, cidr FROM vpc_cidr_blocks\(filter("vpc_id")) ORDER BY vpc_id, cidr",
            table: "vpc_cidr_blocks", key: [0, 2]
        ) { row in
            let id = try row.text(0)
            switch try row.text(1) {
            case "ipv4": ipv4[id, default: []].append(try Self.ipv4CIDR(row, 2))
            case "ipv6": ipv6[id, default: []].append(try Self.ipv6CIDR(try row.text(2), 2))
            default: break
            }
        }
        // describe-vpc-attribute values, for VPC rows that do not say.
        var attributes: [String: [String: Bool]] = [:]
        try eachRow(
            "SELECT vpc_id, attribute, value FROM vpc_attributes\(filter("vpc_id")) ORDER BY vpc_id, attribute",
            table: "vpc_attributes", key: [0, 1]
        ) { row in
            attributes[try row.text(0), default: [:]][try row.text(1)] = try row.flag(2)
        }
        try eachRow(
            """
            SELECT v.vpc_id, s.account_id, s.region, v.cidr_block, v.is_default, v.instance_tenancy,
                   v.enable_dns_support, v.enable_dns_hostnames, v.name
            FROM vpcs v JOIN scopes s ON s.scope_id = v.scope_id\(filter("v.vpc_id")) ORDER BY v.vpc_id
            """, table: "vpcs", joined: [1: "scopes", 2: "scopes"]
        ) { row in
            let id = try row.text(0)
            let primary = try optionalCIDR(row, 3)
            var cidrs = ipv4[id] ?? []
            if cidrs.isEmpty, let primary { cidrs = [primary] }
            network.vpcs[id] = VPC(
                id: id, accountId: try row.text(1), region: try row.text(2), cidrs: cidrs, ipv6Cidrs: ipv6[id] ?? [],
                isDefault: try row.flag(4) ?? false, dedicatedTenancy: try row.optionalText(5) == "dedicated",
                enableDnsSupport: try row.flag(6) ?? attributes[id]?["enableDnsSupport"],
                enableDnsHostnames: try row.flag(7) ?? attributes[id]?["enableDnsHostnames"],
                name: try row.optionalText(8), primaryCIDR: primary)
        }
    }

    mutating func loadSubnets() throws {
        let ipv6 = try grouped(
            "SELECT subnet_id, cidr FROM subnet_ipv6_cidr_blocks WHERE subnet_id IN (SELECT subnet_id FROM subnets\(filter("vpc_id"))) ORDER BY 1, 2",
            table: "subnet_ipv6_cidr_blocks", key: [0, 1]
        ) { row in try Self.ipv6CIDR(try row.text(1), 1) }
        try eachRow(
            """
            SELECT subnet_id, vpc_id, availability_zone, cidr_block, available_ip_address_count,
                   map_public_ip_on_launch, name
            FROM subnets\(filter("vpc_id")) ORDER BY subnet_id
            """, table: "subnets"
        ) { row in
            let id = try row.text(0)
            network.subnets[id] = Subnet(
                id: id, vpcId: try row.text(1), availabilityZone: try row.optionalText(2) ?? "",
                cidr: try optionalCIDR(row, 3), ipv6Cidrs: ipv6[id] ?? [],
                availableIPAddressCount: try row.optionalInteger(4, in: 0...Int(Int32.max), "an address count"),
                mapPublicIPOnLaunch: try row.flag(5) ?? false, name: try row.optionalText(6))
        }
    }

    mutating func loadRouting() throws {
        let tableFilter = "route_table_id IN (SELECT route_table_id FROM route_tables\(filter("vpc_id")))"
        let routes = try grouped(
            """
            SELECT route_table_id, destination_cidr, destination_prefix_list_id, destination_ipv6_cidr,
                   target_kind, target_id, state, origin, ordinal
            FROM routes WHERE \(tableFilter) ORDER BY route_table_id, ordinal
            """, table: "routes", key: [0, 8]
        ) { row -> Route? in
            let destination: Route.Destination
            if let parsed = try optionalCIDR(row, 1) {
                destination = .cidr(parsed)
            } else if let list = try row.optionalText(2) {
                destination = .prefixList(list)
            } else if let ipv6 = try row.optionalText(3) {
                destination = .ipv6(try Self.ipv6CIDR(ipv6, 3))
            } else {
                return nil
            }
            return Route(
                destination: destination, targetKind: RouteTargetKind(rawValue: try row.text(4)) ?? .unknown,
                // A route carries traffic only when it is active (or its state was not
                // exported): any other state drops it, never the other way round.
                targetId: try row.optionalText(5),
                isBlackhole: (try row.optionalText(6)).map { $0 != "active" } ?? false,
                isPropagated: try row.optionalText(7) == "EnableVgwRoutePropagation")
        }
        var subnets: [String: [String]] = [:]
        var mainTables: Set<String> = []
        try eachRow(
            "SELECT route_table_id, subnet_id, is_main, association_id FROM route_table_associations WHERE \(tableFilter) ORDER BY route_table_id, association_id",
            table: "route_table_associations", key: [3]
        ) { row in
            let id = try row.text(0)
            if let subnet = try row.optionalText(1) { subnets[id, default: []].append(subnet) }
            if try row.flag(2) == true { mainTables.insert(id) }
        }
        try eachRow(
            "SELECT route_table_id, vpc_id FROM route_tables\(filter("vpc_id")) ORDER BY route_table_id",
            table: "route_tables"
        ) { row in
            let id = try row.text(0)
            network.routeTables[id] = RouteTable(
                id: id, vpcId: try row.text(1), routes: routes[id] ?? [],
                associatedSubnets: (subnets[id] ?? []).sorted(), isMain: mainTables.contains(id))
        }
    }

    /// Whether a gateway attachment in `state` attaches (a detaching or detached one does not).
    static func attaches(_ state: String?) -> Bool { ["available", "attached", nil].contains(state) }

    mutating func loadGateways() throws {
        // Gateways attached to the wanted VPCs or named by their routes (a detached gateway
        // still has to be found to say that it is detached).
        let referenced =
            wanted == nil
            ? ""
            : """
             WHERE internet_gateway_id IN (SELECT internet_gateway_id FROM internet_gateway_attachments\(filter("vpc_id")))
                OR internet_gateway_id IN (SELECT target_id FROM routes WHERE route_table_id IN
                   (SELECT route_table_id FROM route_tables\(filter("vpc_id"))))
            """
        let ofReferenced =
            wanted == nil
            ? "" : " WHERE internet_gateway_id IN (SELECT internet_gateway_id FROM internet_gateways\(referenced))"
        let attachments = try grouped(
            "SELECT internet_gateway_id, vpc_id, state FROM internet_gateway_attachments\(ofReferenced) ORDER BY 1, 2",
            table: "internet_gateway_attachments", key: [0, 1]
        ) { row in Self.attaches(try row.optionalText(2)) ? try row.text(1) : nil }
        try eachRow(
            "SELECT internet_gateway_id FROM internet_gateways\(referenced) ORDER BY 1", table: "internet_gateways"
        ) { row in
            let id = try row.text(0)
            network.internetGateways[id] = InternetGateway(id: id, attachedVPCs: attachments[id] ?? [])
        }
        let eigwAttachments = try grouped(
            "SELECT egress_only_internet_gateway_id, vpc_id, state FROM egress_only_internet_gateway_attachments ORDER BY 1, 2",
            table: "egress_only_internet_gateway_attachments", key: [0, 1]
        ) { row in Self.attaches(try row.optionalText(2)) ? try row.text(1) : nil }
        try eachRow(
            "SELECT egress_only_internet_gateway_id FROM egress_only_internet_gateways ORDER BY 1",
            table: "egress_only_internet_gateways"
        ) { row in
            let id = try row.text(0)
            network.egressOnlyInternetGateways[id] = InternetGateway(id: id, attachedVPCs: eigwAttachments[id] ?? [])
        }
        let natFilter =
            wanted == nil
            ? ""
            : " WHERE subnet_id IN (SELECT subnet_id FROM subnets\(filter("vpc_id"))) OR \(filter("vpc_id", "").trimmingCharacters(in: .whitespaces))"
        let ofWantedNATs =
            wanted == nil ? "" : " WHERE nat_gateway_id IN (SELECT nat_gateway_id FROM nat_gateways\(natFilter))"
        // (private, public) per address.
        let addresses = try grouped(
            "SELECT nat_gateway_id, private_ip, public_ip, ordinal FROM nat_gateway_addresses\(ofWantedNATs) ORDER BY 1, ordinal",
            table: "nat_gateway_addresses", key: [0, 3]
        ) { row in (try Self.ipv4Address(row, 1), try Self.ipv4Address(row, 2)) }
        try eachRow(
            "SELECT nat_gateway_id, subnet_id, vpc_id, state, connectivity_type FROM nat_gateways\(natFilter) ORDER BY nat_gateway_id",
            table: "nat_gateways"
        ) { row in
            let id = try row.text(0)
            let subnetId = try row.optionalText(1) ?? ""
            let own = addresses[id] ?? []
            network.natGateways[id] = NATGateway(
                id: id, vpcId: try row.optionalText(2) ?? network.subnets[subnetId]?.vpcId ?? "", subnetId: subnetId,
                state: try row.optionalText(3) ?? "available",
                isPublic: try row.optionalText(4)?.lowercased() != "private",
                privateAddresses: own.compactMap { $0.0 }, publicAddresses: own.compactMap { $0.1 })
        }
    }

    mutating func loadEndpoints() throws {
        let endpointFilter = "vpc_endpoint_id IN (SELECT vpc_endpoint_id FROM vpc_endpoints\(filter("vpc_id")))"
        let tables = try grouped(
            "SELECT vpc_endpoint_id, route_table_id FROM vpc_endpoint_route_tables WHERE \(endpointFilter) ORDER BY 1, 2",
            table: "vpc_endpoint_route_tables", key: [0, 1]
        ) { try $0.text(1) }
        let subnets = try grouped(
            "SELECT vpc_endpoint_id, subnet_id FROM vpc_endpoint_subnets WHERE \(endpointFilter) ORDER BY 1, 2",
            table: "vpc_endpoint_subnets", key: [0, 1]
        ) { try $0.text(1) }
        let groups = try grouped(
            "SELECT vpc_endpoint_id, group_id FROM vpc_endpoint_security_groups WHERE \(endpointFilter) ORDER BY 1, 2",
            table: "vpc_endpoint_security_groups", key: [0, 1]
        ) { try $0.text(1) }
        let enis = try grouped(
            "SELECT vpc_endpoint_id, network_interface_id FROM vpc_endpoint_network_interfaces WHERE \(endpointFilter) ORDER BY 1, 2",
            table: "vpc_endpoint_network_interfaces", key: [0, 1]
        ) { try $0.text(1) }
        try eachRow(
            """
            SELECT vpc_endpoint_id, vpc_id, endpoint_type, service_name, state, private_dns_enabled, policy_document
            FROM vpc_endpoints\(filter("vpc_id")) ORDER BY vpc_endpoint_id
            """, table: "vpc_endpoints"
        ) { row in
            let id = try row.text(0)
            let kind: VPCEndpoint.Kind
            switch try row.text(2).lowercased() {
            case "gateway": kind = .gateway
            case "interface": kind = .interface
            case "gatewayloadbalancer": kind = .gatewayLoadBalancer
            default: kind = .other
            }
            network.endpoints[id] = VPCEndpoint(
                id: id, vpcId: try row.text(1), kind: kind, serviceName: try row.text(3),
                state: try row.optionalText(4)?.lowercased() ?? "available",
                privateDNSEnabled: try row.flag(5) ?? false, policy: policy(try row.optionalText(6)),
                routeTableIds: tables[id] ?? [], subnetIds: subnets[id] ?? [], securityGroupIds: groups[id] ?? [],
                networkInterfaceIds: enis[id] ?? [])
        }
    }

    mutating func loadSecurityGroups() throws {
        // The wanted VPCs' groups, and any group a wanted function names (it may be elsewhere).
        let groupFilter =
            wanted == nil
            ? ""
            : " WHERE g.vpc_id IN \(wanted!) OR g.group_id IN (SELECT group_id FROM lambda_function_security_groups WHERE function_arn IN \(functionFilter!))"
        // Rules are numbered per direction as explanations show them: 1-based, in stored
        // order, counting only the rules the model understands. They arrive sorted by group,
        // and are gathered per group in that order. The groups then arrive in the same order,
        // so each finds its rules by walking the list alongside, with no dictionary (the
        // largest table of an organisation: 220,000 rules of 20,000 groups at 1,000 VPCs).
        var ruleSets: [(id: String, ingress: [SecurityGroupRule], egress: [SecurityGroupRule])] = []
        // A question's groups are few, and all their rules are read. For a whole inventory only
        // the rules of groups something wears (a function, a database, an endpoint, a network
        // interface) are read: only those are ever evaluated, since a rule that references a
        // group reads the group's members, never its rules. An organisation keeps many groups
        // nothing wears (at 1,000 VPCs, 40% of the rules). Either way SQLite seeks each group's
        // rules by the primary key, in its order; rules of a group not in the inventory are
        // skipped below.
        let ruleFilter =
            wanted == nil
            ? " WHERE r.group_id IN (\(Self.wornGroups))"
            : " WHERE r.group_id IN (SELECT g.group_id FROM security_groups g\(groupFilter))"
        try eachRow(
            """
            SELECT r.group_id, r.is_egress, \(Self.ruleColumns), r.ordinal
            FROM security_group_rules r\(ruleFilter)
            ORDER BY r.group_id, r.is_egress, r.ordinal
            """, table: "security_group_rules", key: [0, 1, 10]
        ) { row in
            let id = try row.text(0)
            if ruleSets.isEmpty || ruleSets[ruleSets.count - 1].id != id { ruleSets.append((id, [], [])) }
            let last = ruleSets.count - 1
            if try row.flag(1) == true {
                if let rule = try rule(row, from: 2, number: ruleSets[last].egress.count + 1) {
                    ruleSets[last].egress.append(rule)
                }
            } else if let rule = try rule(row, from: 2, number: ruleSets[last].ingress.count + 1) {
                ruleSets[last].ingress.append(rule)
            }
        }
        var next = 0
        // Room for the groups with rules read: for a question, about all its groups; for a
        // whole inventory, only those something wears (the table then grows as the other
        // groups are filed).
        network.securityGroups.reserveCapacity(ruleSets.count)
        try eachRow(
            """
            SELECT g.group_id, g.vpc_id, g.group_name, s.account_id, s.region
            FROM security_groups g JOIN scopes s ON s.scope_id = g.scope_id\(groupFilter) ORDER BY g.group_id
            """, table: "security_groups", joined: [3: "scopes", 4: "scopes"]
        ) { row in
            let id = try row.text(0)
            // Both lists are in SQLite's order of IDs (BINARY: by UTF-8 bytes), and so is
            // this comparison; the same ID, the common case, is found first by `==`.
            while next < ruleSets.count && ruleSets[next].id != id
                && ruleSets[next].id.utf8.lexicographicallyPrecedes(id.utf8)
            {
                next += 1
            }
            let own = next < ruleSets.count && ruleSets[next].id == id
            network.securityGroups[id] = SecurityGroup(
                id: id, vpcId: try row.optionalText(1) ?? "", name: try row.optionalText(2) ?? "",
                accountId: try row.text(3), region: try row.text(4),
                ingress: own ? ruleSets[next].ingress : [], egress: own ? ruleSets[next].egress : [])
        }
    }

    /// The IDs of the groups that something in the inventory wears: the only groups whose rules
    /// the solver evaluates (see `Network.securityGroups`).
    static let wornGroups = """
        SELECT group_id FROM lambda_function_security_groups
        UNION SELECT group_id FROM rds_database_security_groups
        UNION SELECT group_id FROM vpc_endpoint_security_groups
        UNION SELECT group_id FROM network_interface_security_groups
        """

    /// The columns `rule(_:from:number:)` reads, in its order.
    static let ruleColumns =
        "r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4, r.cidr_ipv6, r.prefix_list_id, r.referenced_group_id, r.security_group_rule_id"

    /// A rule from the `ruleColumns` of `row`, starting at column `first`; nil when it names
    /// no peer. A protocol, port or CIDR outside what AWS allows is an error: read as "all
    /// ports" or left out, it would change the answer.
    mutating func rule(_ row: Cells, from first: Int, number: Int) throws(CellProblem) -> SecurityGroupRule? {
        let ipProtocol = try Self.ipProtocol(row, first)
        // -1 is AWS's "any" for ICMP types and codes (and what it prints for all protocols).
        let from = try row.optionalInteger(first + 1, in: -1...65535, "a port")
        let to = try row.optionalInteger(first + 2, in: -1...65535, "a port")
        var ports = PortRange.all
        if ipProtocol.hasPorts, let from, let to {
            // TCP and UDP ranges are 0-65535, from <= to: AWS refuses anything else.
            guard from >= 0 else { throw CellProblem(column: first + 1, problem: "\(from) is not a port (0-65535)") }
            guard to >= from else {
                throw CellProblem(column: first + 2, problem: "\(to) is below the range's first port \(from)")
            }
            ports = PortRange(from, to)
        }
        let peer: SecurityGroupRule.Peer
        if let parsed = try optionalCIDR(row, first + 3) {
            peer = .cidr(parsed)
        } else if let cidr = try row.optionalText(first + 4) {
            peer = .ipv6(try Self.ipv6CIDR(cidr, first + 4))
        } else if let list = try row.optionalText(first + 5) {
            peer = .prefixList(list)
        } else if let group = try row.optionalText(first + 6) {
            peer = .group(group)
        } else {
            return nil
        }
        return SecurityGroupRule(
            number: number, ruleId: try row.optionalText(first + 7), ipProtocol: ipProtocol, ports: ports, peer: peer)
    }

    mutating func loadNetworkACLs() throws {
        let aclFilter = "network_acl_id IN (SELECT network_acl_id FROM network_acls\(filter("vpc_id")))"
        let entries = try grouped(
            """
            SELECT network_acl_id, is_egress, protocol, rule_number, rule_action, cidr_block, port_from, port_to,
              ipv6_cidr_block
            FROM network_acl_entries WHERE \(aclFilter) ORDER BY network_acl_id, is_egress, rule_number
            """, table: "network_acl_entries", key: [0, 1, 3]
        ) { row -> (isEgress: Bool, entry: NetworkACLEntry)? in
            // Every entry is read or refused: an entry left out is a DENY that no longer denies.
            let ipProtocol = try Self.ipProtocol(row, 2)
            // 1-32766 for the entries one writes, 32767 for the default ("*") entry.
            let number = try row.integer(3)
            guard (1...32767).contains(number) else {
                throw CellProblem(column: 3, problem: "\(number) is not a network ACL rule number (1-32767)")
            }
            let action = try row.text(4)
            guard action == "allow" || action == "deny" else { throw Self.notA("allow or deny", action, 4) }
            let from = try row.optionalInteger(6, in: 0...65535, "a port")
            let to = try row.optionalInteger(7, in: 0...65535, "a port")
            if let from, let to, to < from {
                throw CellProblem(column: 7, problem: "\(to) is below the range's first port \(from)")
            }
            let cidr = try optionalCIDR(row, 5)
            let ipv6 = try row.optionalText(8)
            let ipv6Cidr = try ipv6.map { text throws(CellProblem) in
                guard let parsed = IPv6CIDR(text) else { throw Self.notA("an IPv6 CIDR", text, 8) }
                return parsed
            }
            guard cidr != nil || ipv6Cidr != nil else {
                throw CellProblem(column: 5, problem: "NULL, and so is ipv6_cidr_block: the entry matches no address")
            }
            let entry = NetworkACLEntry(
                ruleNumber: number, ipProtocol: ipProtocol, allow: action == "allow", cidr: cidr, ipv6Cidr: ipv6Cidr,
                ports: from.flatMap { f in to.map { PortRange(f, $0) } } ?? .all)
            return (try row.flag(1) == true, entry)
        }
        let associations = try grouped(
            "SELECT network_acl_id, subnet_id FROM network_acl_associations WHERE \(aclFilter) ORDER BY 1, 2",
            table: "network_acl_associations", key: [0, 1]
        ) { try $0.text(1) }
        try eachRow(
            "SELECT network_acl_id, vpc_id, is_default FROM network_acls\(filter("vpc_id")) ORDER BY network_acl_id",
            table: "network_acls"
        ) { row in
            let id = try row.text(0)
            let own = entries[id] ?? []
            network.networkACLs[id] = NetworkACL(
                id: id, vpcId: try row.text(1), isDefault: try row.flag(2) ?? false,
                inbound: own.filter { !$0.isEgress }.map(\.entry), outbound: own.filter(\.isEgress).map(\.entry),
                associatedSubnets: associations[id] ?? [])
        }
    }

    mutating func loadPrefixLists() throws {
        // A list is known from describe-managed-prefix-lists, from its entries, or both.
        // The same AWS-managed list may be exported by several accounts of a region: one set.
        // IPv4 blocks; the IPv6 ones an AWS-managed list also holds are not modelled.
        let entries = try grouped(
            "SELECT DISTINCT prefix_list_id, cidr FROM prefix_list_entries ORDER BY 1, 2",
            table: "prefix_list_entries", key: [0, 1]
        ) { row -> IPv4CIDR? in
            let text = try row.text(1)
            if let parsed = IPv4CIDR(text) { return parsed }
            _ = try Self.ipv6CIDR(text, 1)
            return nil
        }
        var names: [String: String?] = [:]
        try eachRow("SELECT prefix_list_id, prefix_list_name FROM prefix_lists ORDER BY 1", table: "prefix_lists") {
            row in
            names.updateValue(try row.optionalText(1), forKey: try row.text(0))
        }
        for id in Set(names.keys).union(entries.keys).sorted() {
            let cidrs = entries[id] ?? []
            network.prefixLists[id] = PrefixList(id: id, name: names[id] ?? nil, cidrs: cidrs.isEmpty ? nil : cidrs)
        }
    }

    mutating func loadPeerings() throws {
        let peeringFilter =
            wanted == nil ? "" : " WHERE requester_vpc_id IN \(wanted!) OR accepter_vpc_id IN \(wanted!)"
        // Each side's IPv4 blocks (IPv6 ones are not modelled here).
        let cidrs = try grouped(
            """
            SELECT vpc_peering_connection_id, side, cidr FROM vpc_peering_connection_cidrs
            WHERE vpc_peering_connection_id IN (SELECT vpc_peering_connection_id FROM vpc_peering_connections\(peeringFilter))
            ORDER BY 1, 2, 3
            """, table: "vpc_peering_connection_cidrs", key: [0, 1, 2]
        ) { row -> (side: String, cidr: IPv4CIDR?) in
            let text = try row.text(2)
            if let parsed = IPv4CIDR(text) { return (try row.text(1), parsed) }
            _ = try Self.ipv6CIDR(text, 2)
            return (try row.text(1), nil)
        }
        try eachRow(
            """
            SELECT vpc_peering_connection_id, status_code, requester_vpc_id, requester_owner_id, requester_region,
                   accepter_vpc_id, accepter_owner_id, accepter_region, requester_allow_dns_resolution,
                   accepter_allow_dns_resolution
            FROM vpc_peering_connections\(peeringFilter) ORDER BY vpc_peering_connection_id
            """, table: "vpc_peering_connections"
        ) { row in
            let id = try row.text(0)
            // One side's columns start at `first`: VPC ID, owner, region; its DNS option at `dns`.
            func side(_ name: String, _ first: Int, dns: Int) throws(CellProblem) -> PeeringConnection.Side {
                var blocks = (cidrs[id] ?? []).filter { $0.side == name }.compactMap(\.cidr)
                let vpcId = try row.optionalText(first) ?? ""
                if blocks.isEmpty, let vpc = network.vpcs[vpcId] { blocks = vpc.cidrs }
                return PeeringConnection.Side(
                    vpcId: vpcId, accountId: try row.optionalText(first + 1), region: try row.optionalText(first + 2),
                    cidrs: blocks, allowsDNSResolutionFromRemoteVPC: try row.flag(dns))
            }
            network.peerings[id] = PeeringConnection(
                id: id, status: try row.optionalText(1) ?? "active", requester: try side("requester", 2, dns: 8),
                accepter: try side("accepter", 5, dns: 9))
        }
    }

    /// Transit gateways with their attachments and route tables. For a question, those of the
    /// transit gateways the wanted VPCs are attached to (all their attachments, so that a route
    /// to a VPC that is not loaded can still be named).
    mutating func loadTransitGateways() throws {
        let tgwFilter =
            wanted.map {
                """
                 WHERE transit_gateway_id IN (
                    SELECT transit_gateway_id FROM transit_gateway_vpc_attachments WHERE vpc_id IN \($0)
                    UNION SELECT transit_gateway_id FROM transit_gateway_attachments
                    WHERE resource_type = 'vpc' AND resource_id IN \($0))
                """
            } ?? ""
        try eachRow(
            """
            SELECT t.transit_gateway_id, t.owner_id, s.region, t.state, t.security_group_referencing_support,
                   t.association_default_route_table_id, t.propagation_default_route_table_id
            FROM transit_gateways t JOIN scopes s ON s.scope_id = t.scope_id\(tgwFilter.replacingOccurrences(of: " WHERE transit_gateway_id", with: " WHERE t.transit_gateway_id")) ORDER BY 1
            """, table: "transit_gateways", joined: [2: "scopes"]
        ) { row in
            let id = try row.text(0)
            network.transitGateways[id] = TransitGateway(
                id: id, ownerId: try row.optionalText(1), region: try row.text(2),
                state: try row.optionalText(3) ?? "available",
                securityGroupReferencing: try row.optionalText(4) == "enable",
                associationDefaultRouteTableId: try row.optionalText(5),
                propagationDefaultRouteTableId: try row.optionalText(6))
        }
        // Associations: get-transit-gateway-route-table-associations when exported, else the
        // Association that describe-transit-gateway-attachments prints.
        var associated: [String: String] = [:]
        try eachRow(
            """
            SELECT transit_gateway_attachment_id, transit_gateway_route_table_id FROM transit_gateway_route_table_associations
            WHERE COALESCE(state, 'associated') = 'associated' AND transit_gateway_route_table_id IN
              (SELECT transit_gateway_route_table_id FROM transit_gateway_route_tables\(tgwFilter))
            ORDER BY 1, 2
            """, table: "transit_gateway_route_table_associations", key: [0, 1]
        ) { row in
            let attachment = try row.text(0)
            if associated[attachment] == nil { associated[attachment] = try row.text(1) }
        }
        // With get-transit-gateway-route-table-associations imported, an attachment that is in
        // none of its lists is associated with no table; without it, only
        // describe-transit-gateway-attachments says (its Association).
        let associationsExported =
            try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM imports WHERE kind = 'transit-gateway-route-table-associations')")
            ?? false
        let subnets = try grouped(
            """
            SELECT transit_gateway_attachment_id, subnet_id FROM transit_gateway_vpc_attachment_subnets
            WHERE transit_gateway_attachment_id IN (SELECT transit_gateway_attachment_id FROM transit_gateway_vpc_attachments\(tgwFilter))
            ORDER BY 1, 2
            """, table: "transit_gateway_vpc_attachment_subnets", key: [0, 1]
        ) { try $0.text(1) }
        try eachRow(
            """
            SELECT transit_gateway_attachment_id, transit_gateway_id, vpc_id, state, security_group_referencing_support
            FROM transit_gateway_vpc_attachments\(tgwFilter) ORDER BY 1
            """, table: "transit_gateway_vpc_attachments"
        ) { row in
            let id = try row.text(0)
            let vpcId = try row.optionalText(2)
            network.transitGatewayAttachments[id] = TransitGatewayAttachment(
                id: id, transitGatewayId: try row.optionalText(1) ?? "", resourceType: "vpc", resourceId: vpcId,
                state: try row.optionalText(3) ?? "available", vpcId: vpcId, subnetIds: subnets[id] ?? [],
                associatedRouteTableId: associated[id],
                associationKnown: associated[id] != nil || associationsExported,
                securityGroupReferencing: try row.optionalText(4) != "disable")
        }
        // describe-transit-gateway-attachments: the other types, and the association of all.
        try eachRow(
            """
            SELECT transit_gateway_attachment_id, transit_gateway_id, resource_type, resource_id, state,
                   association_route_table_id, association_state
            FROM transit_gateway_attachments\(tgwFilter) ORDER BY 1
            """, table: "transit_gateway_attachments"
        ) { row in
            let id = try row.text(0)
            let association: String? =
                ["associated", nil].contains(try row.optionalText(6)) ? try row.optionalText(5) : nil
            if var known = network.transitGatewayAttachments[id] {
                if known.associatedRouteTableId == nil { known.associatedRouteTableId = association }
                known.associationKnown = true
                network.transitGatewayAttachments[id] = known
                return
            }
            let type = try row.optionalText(2) ?? "unknown"
            let resource = try row.optionalText(3)
            network.transitGatewayAttachments[id] = TransitGatewayAttachment(
                id: id, transitGatewayId: try row.optionalText(1) ?? "", resourceType: type, resourceId: resource,
                state: try row.optionalText(4) ?? "available", vpcId: type == "vpc" ? resource : nil,
                associatedRouteTableId: associated[id] ?? association)
        }
        let tableFilter =
            " WHERE transit_gateway_route_table_id IN (SELECT transit_gateway_route_table_id FROM transit_gateway_route_tables\(tgwFilter))"
        // Rows of one route share its ordinal run: consecutive rows with the same destination,
        // type and state are one ECMP route.
        var routes: [String: [TransitGatewayRoute]] = [:]
        try eachRow(
            """
            SELECT transit_gateway_route_table_id, destination_cidr, destination_prefix_list_id, route_type, state,
                   transit_gateway_attachment_id, ordinal
            FROM transit_gateway_routes\(tableFilter) ORDER BY 1, ordinal
            """, table: "transit_gateway_routes", key: [0, 6]
        ) { row in
            let table = try row.text(0)
            let destination: Route.Destination
            // A transit gateway routes IPv6 too: its routes' CIDRs are of either family (the
            // model keeps IPv6 ones, which IPv4 questions never match).
            if let text = try row.optionalText(1), text.utf8.contains(UInt8(ascii: ":")) {
                destination = .ipv6(try Self.ipv6CIDR(text, 1))
            } else if let parsed = try optionalCIDR(row, 1) {
                destination = .cidr(parsed)
            } else if let list = try row.optionalText(2) {
                destination = .prefixList(list)
            } else {
                return
            }
            let isStatic = try row.optionalText(3) != "propagated"
            // Active, or not exported, carries traffic; blackhole, pending, deleting, deleted do not.
            let isBlackhole = (try row.optionalText(4)).map { $0 != "active" } ?? false
            let attachment = try row.optionalText(5)
            if var last = routes[table]?.last, last.destination == destination, last.isStatic == isStatic,
                last.isBlackhole == isBlackhole, let attachment
            {
                last.attachmentIds.append(attachment)
                routes[table]![routes[table]!.count - 1] = last
                return
            }
            routes[table, default: []].append(
                TransitGatewayRoute(
                    destination: destination, isStatic: isStatic, isBlackhole: isBlackhole,
                    attachmentIds: attachment.map { [$0] } ?? []))
        }
        let propagations = try grouped(
            """
            SELECT transit_gateway_route_table_id, transit_gateway_attachment_id FROM transit_gateway_route_table_propagations\(tableFilter)
            AND COALESCE(state, 'enabled') = 'enabled' ORDER BY 1, 2
            """, table: "transit_gateway_route_table_propagations", key: [0, 1]
        ) { try $0.text(1) }
        try eachRow(
            "SELECT transit_gateway_route_table_id, transit_gateway_id, state FROM transit_gateway_route_tables\(tgwFilter) ORDER BY 1",
            table: "transit_gateway_route_tables"
        ) { row in
            let id = try row.text(0)
            network.transitGatewayRouteTables[id] = TransitGatewayRouteTable(
                id: id, transitGatewayId: try row.optionalText(1) ?? "", state: try row.optionalText(2) ?? "available",
                routes: (routes[id] ?? []) + propagatedRoutes(propagations[id] ?? [], present: routes[id] ?? []),
                propagatingAttachmentIds: propagations[id] ?? [])
        }
    }

    /// The routes a propagation puts in a table (the attached VPC's CIDRs), for the ones the
    /// export does not list: Batfish's snapshots carry static routes only, and an export made
    /// without search-transit-gateway-routes still has its propagations.
    func propagatedRoutes(_ attachmentIds: [String], present: [TransitGatewayRoute]) -> [TransitGatewayRoute] {
        var result: [TransitGatewayRoute] = []
        for attachmentId in attachmentIds {
            guard let vpcId = network.transitGatewayAttachments[attachmentId]?.vpcId,
                let vpc = network.vpcs[vpcId]
            else { continue }
            for cidr in vpc.cidrs {
                let listed = present.contains { $0.destination == .cidr(cidr) && !$0.isStatic }
                if !listed {
                    result.append(
                        TransitGatewayRoute(
                            destination: .cidr(cidr), isStatic: false, isBlackhole: false,
                            attachmentIds: [attachmentId]))
                }
            }
        }
        return result
    }

    mutating func loadNetworkInterfaces() throws {
        let eniFilter =
            "network_interface_id IN (SELECT network_interface_id FROM network_interfaces\(filter("vpc_id")))"
        let addresses = try grouped(
            "SELECT network_interface_id, private_ip, public_ip FROM network_interface_addresses WHERE \(eniFilter) ORDER BY 1, 2",
            table: "network_interface_addresses", key: [0, 1]
        ) { row in (try Self.ipv4Address(row, 1), try Self.ipv4Address(row, 2)) }
        let groups = try grouped(
            "SELECT network_interface_id, group_id FROM network_interface_security_groups WHERE \(eniFilter) ORDER BY 1, 2",
            table: "network_interface_security_groups", key: [0, 1]
        ) { try $0.text(1) }
        let ipv6Addresses = try grouped(
            "SELECT network_interface_id, ipv6_address FROM network_interface_ipv6_addresses WHERE \(eniFilter) ORDER BY 1, 2",
            table: "network_interface_ipv6_addresses", key: [0, 1]
        ) { row -> IPv6Address in
            let text = try row.text(1)
            guard let address = IPv6Address(text) else { throw Self.notA("an IPv6 address", text, 1) }
            return address
        }
        try eachRow(
            """
            SELECT network_interface_id, vpc_id, subnet_id, interface_type, description
            FROM network_interfaces\(filter("vpc_id")) ORDER BY network_interface_id
            """, table: "network_interfaces"
        ) { row in
            let id = try row.text(0)
            let subnetId = try row.optionalText(2) ?? ""
            network.networkInterfaces[id] = NetworkInterface(
                id: id, vpcId: try row.optionalText(1) ?? network.subnets[subnetId]?.vpcId ?? "", subnetId: subnetId,
                interfaceType: try row.optionalText(3) ?? "interface", description: try row.optionalText(4) ?? "",
                privateAddresses: (addresses[id] ?? []).compactMap(\.0),
                publicAddresses: (addresses[id] ?? []).compactMap(\.1), ipv6Addresses: ipv6Addresses[id] ?? [],
                securityGroupIds: groups[id] ?? [])
        }
    }

    mutating func loadFunctions() throws {
        let wantedFunctions = functionFilter.map { " WHERE f.function_arn IN \($0)" } ?? ""
        let subnets = try grouped(
            "SELECT function_arn, subnet_id, ordinal FROM lambda_function_subnets f\(wantedFunctions) ORDER BY 1, ordinal",
            table: "lambda_function_subnets", key: [0, 2]
        ) { try $0.text(1) }
        let groups = try grouped(
            "SELECT function_arn, group_id, ordinal FROM lambda_function_security_groups f\(wantedFunctions) ORDER BY 1, ordinal",
            table: "lambda_function_security_groups", key: [0, 2]
        ) { try $0.text(1) }
        try eachRow(
            """
            SELECT f.function_arn, f.function_name, s.account_id, s.region, f.role_arn, f.state, f.state_reason,
                   f.state_reason_code, f.reported_vpc_id, f.ipv6_allowed_for_dual_stack
            FROM lambda_functions f JOIN scopes s ON s.scope_id = f.scope_id\(wantedFunctions) ORDER BY f.function_arn
            """, table: "lambda_functions", joined: [2: "scopes", 3: "scopes"]
        ) { row in
            let arn = try row.text(0)
            network.functions[arn] = LambdaFunction(
                arn: arn, name: try row.text(1), accountId: try row.text(2), region: try row.text(3),
                roleArn: try row.optionalText(4), state: try row.optionalText(5), stateReason: try row.optionalText(6),
                stateReasonCode: try row.optionalText(7), subnetIds: subnets[arn] ?? [],
                securityGroupIds: groups[arn] ?? [], reportedVPCId: try row.optionalText(8),
                ipv6AllowedForDualStack: try row.flag(9) ?? false)
        }
    }

    mutating func loadDatabases() throws {
        // A database's VPC is its own, else its DB subnet group's, else its subnets'. For a
        // question, the SELECTs keep the databases whose first two say a wanted VPC or say
        // nothing (the subnets then decide, below). They are picked once, into a TEMP table,
        // by two indexed lookups (own VPC wanted; no VPC of its own): a question must not
        // read every database of the organisation, let alone once per SELECT.
        let groupJoin = """
            LEFT JOIN rds_db_subnet_groups g
              ON g.scope_id = d.scope_id AND g.db_subnet_group_name = COALESCE(d.db_subnet_group_name, '')
            """
        if let wanted {
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS wanted_databases (db_key TEXT PRIMARY KEY)")
            try db.execute(sql: "DELETE FROM wanted_databases")
            try db.execute(
                sql: """
                    INSERT INTO wanted_databases
                    SELECT db_key FROM rds_databases WHERE vpc_id IN \(wanted)
                    UNION SELECT d.db_key FROM rds_databases d \(groupJoin)
                    WHERE d.vpc_id IS NULL AND (g.vpc_id IS NULL OR g.vpc_id IN \(wanted))
                    """)
        }
        let selected = wanted == nil ? "" : " WHERE d.db_key IN (SELECT db_key FROM wanted_databases)"
        let ofSelected = wanted == nil ? "" : " WHERE db_key IN (SELECT db_key FROM wanted_databases)"
        let ofSelectedGroups =
            wanted == nil
            ? ""
            : " WHERE (scope_id, db_subnet_group_name) IN (SELECT d.scope_id, COALESCE(d.db_subnet_group_name, '') FROM rds_databases d\(selected))"
        // Per DB subnet group ("scope_id/name"): (subnet, availability zone).
        let groupSubnets = try grouped(
            """
            SELECT scope_id || '/' || db_subnet_group_name, subnet_id, availability_zone FROM rds_db_subnet_group_subnets\(ofSelectedGroups)
            ORDER BY 1, 2
            """, table: "rds_db_subnet_group_subnets", key: [0, 1]
        ) { row in (subnet: try row.text(1), zone: try row.optionalText(2)) }
        let ownSubnets = try grouped(
            "SELECT db_key, subnet_id FROM rds_database_subnets\(ofSelected) ORDER BY 1, 2",
            table: "rds_database_subnets", key: [0, 1]
        ) { try $0.text(1) }
        let groups = try grouped(
            "SELECT db_key, group_id FROM rds_database_security_groups\(ofSelected) ORDER BY 1, 2",
            table: "rds_database_security_groups", key: [0, 1]
        ) { try $0.text(1) }
        try eachRow(
            """
            SELECT d.db_key, d.kind, d.scope_id, d.db_subnet_group_name, d.availability_zone,
                   d.secondary_availability_zone, COALESCE(d.vpc_id, g.vpc_id) AS vpc_id, d.identifier, s.account_id, s.region,
                   d.engine, d.status, d.endpoint_address, d.port, d.publicly_accessible
            FROM rds_databases d JOIN scopes s ON s.scope_id = d.scope_id \(groupJoin)\(selected) ORDER BY d.db_key
            """, table: "rds_databases", joined: [6: "rds_databases or rds_db_subnet_groups", 8: "scopes", 9: "scopes"]
        ) { row in
            let key = try row.text(0)
            let kind = RDSDatabase.Kind(rawValue: try row.text(1)) ?? .instance
            var subnetIds = ownSubnets[key] ?? []
            if subnetIds.isEmpty {
                let candidates = groupSubnets["\(try row.integer(2))/\(try row.optionalText(3) ?? "")"] ?? []
                let zones = [try row.optionalText(4), try row.optionalText(5)].compactMap { $0 }
                let inZones = candidates.filter { zones.contains($0.zone ?? "") }
                // An instance sits in its zone's subnet (and its standby's); a cluster's
                // instances, or an instance whose zone is unknown, may be in any of them.
                subnetIds = (kind == .instance && !inZones.isEmpty ? inZones : candidates).map(\.subnet)
            }
            var vpcId = try row.optionalText(6)
            if vpcId == nil { vpcId = subnetIds.compactMap { subnetVPC($0) }.first }
            if let wantedVPCs, let vpcId, !wantedVPCs.contains(vpcId) { return }
            network.databases[key] = RDSDatabase(
                key: key, kind: kind, identifier: try row.text(7), accountId: try row.text(8), region: try row.text(9),
                engine: try row.optionalText(10), status: try row.optionalText(11), endpoint: try row.optionalText(12),
                port: try row.optionalInteger(13, in: 0...65535, "a port"), vpcId: vpcId, subnetIds: subnetIds,
                securityGroupIds: groups[key] ?? [], publiclyAccessible: try kind != .proxy && row.flag(14) == true)
        }
    }

    func subnetVPC(_ subnetId: String) -> String? {
        if let subnet = network.subnets[subnetId] { return subnet.vpcId }
        var vpc: String?
        try? db.eachRow(
            "SELECT vpc_id FROM subnets WHERE subnet_id = ?", arguments: [subnetId], table: "subnets", path: path
        ) { row in vpc = try row.text(0) }
        return vpc
    }

    mutating func loadRoles() throws {
        let roleFilter =
            functionFilter.map {
                " WHERE role_arn IN (SELECT role_arn FROM lambda_functions WHERE function_arn IN \($0))"
            } ?? ""
        let inline = try grouped(
            "SELECT role_arn, document, policy_name FROM iam_role_inline_policies\(roleFilter) ORDER BY 1, policy_name",
            table: "iam_role_inline_policies", key: [0, 2]
        ) { try $0.text(1) }
        // (policy ARN, policy name, document) per role.
        let attached = try grouped(
            """
            SELECT a.role_arn, a.policy_arn, a.policy_name, p.document FROM iam_role_attached_policies a
            LEFT JOIN iam_policies p ON p.policy_arn = a.policy_arn\(roleFilter.replacingOccurrences(of: "role_arn IN", with: "a.role_arn IN"))
            ORDER BY 1, 2
            """, table: "iam_role_attached_policies", key: [0, 1], joined: [3: "iam_policies"]
        ) { row in (arn: try row.text(1), name: try row.optionalText(2), document: try row.optionalText(3)) }
        try eachRow("SELECT role_arn, role_name FROM iam_roles\(roleFilter) ORDER BY role_arn", table: "iam_roles") {
            row in
            let arn = try row.text(0)
            let own = attached[arn] ?? []
            var documents = (inline[arn] ?? []).compactMap { policy($0) }
            documents += own.compactMap { policy($0.document) }
            network.roles[arn] = Role(
                arn: arn, name: try row.text(1), documents: documents,
                attachedPolicyNames: own.map { $0.name ?? String($0.arn.split(separator: "/").last ?? "") })
        }
        try eachRow(
            "SELECT DISTINCT s.account_id FROM imports i JOIN scopes s ON s.scope_id = i.scope_id WHERE i.kind = 'iam-roles'",
            table: "scopes"
        ) { row in network.accountsWithIAMData.insert(try row.text(0)) }
    }
}

/// All the security groups of an inventory, read on their own connection and thread, in the
/// same snapshot as the loader's own connection.
///
/// Two connections to a file in SQLite's rollback-journal mode (lambda-reach's; WAL files are
/// read on one connection, see `NetworkLoader.load`) see the same data while both hold a read
/// transaction that started while the other's was open: an import can only commit once it has
/// the file to itself, and any read lock keeps it from that. So this read starts only after
/// the loader's transaction has taken its read lock, and the loader keeps that transaction
/// open until this read is over. The one thing that can come between is an import already
/// waiting to commit: it holds SQLite's PENDING lock, which lets no new reader in, and waits
/// for the loader's lock to go. This read then must not wait (the import would wait for it in
/// turn, for ten seconds): it gives up at once (`busyMode = .immediateError`), and the loader
/// reads the groups itself, in its own snapshot.
private final class SecurityGroupsRead: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the reading thread before it signals `done`; read only after `wait()`.
    private var result: [String: SecurityGroup]?

    /// Starts the read. Call it while the loader's read transaction holds its lock.
    static func start(path: String) -> SecurityGroupsRead {
        let read = SecurityGroupsRead()
        DispatchQueue.global().async {
            read.result = try? Self.read(path: path)
            read.done.signal()
        }
        return read
    }

    private static func read(path: String) throws -> [String: SecurityGroup] {
        var configuration = Configuration()
        configuration.readonly = true
        configuration.busyMode = .immediateError
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        var groups: [String: SecurityGroup] = [:]
        try queue.inDatabase { db in
            try db.inTransaction(.deferred) {
                var loader = Load(db: db, path: path)
                try loader.loadSecurityGroups()
                groups = loader.network.securityGroups
                return .commit
            }
        }
        return groups
    }

    /// The groups, or nil when they could not be read here (the lock was not to be had, or a
    /// value is wrong, which the loader's own read then reports).
    func wait() -> [String: SecurityGroup]? {
        done.wait()
        return result
    }
}

/// Policy JSON (as stored) -> the policy model the solver evaluates.
enum PolicyParser {
    static func parse(_ text: String) -> PolicyDocument? {
        guard let value = try? JSONParser.parse(Data(text.utf8)), case .object(let object) = value else { return nil }
        var statements: [JSONValue] = []
        switch object["Statement"] {
        case .array(let list): statements = list
        case .object(let single): statements = [.object(single)]
        default: break
        }
        return PolicyDocument(
            statements: statements.compactMap { value in
                guard case .object(let statement) = value else { return nil }
                let strings = { (key: String) -> [String] in
                    switch statement[key] {
                    case .string(let text): return [text]
                    case .array(let list):
                        return list.compactMap { if case .string(let text) = $0 { return text } else { return nil } }
                    default: return []
                    }
                }
                var anyPrincipal = true
                switch statement["Principal"] {
                case .string(let text): anyPrincipal = text == "*"
                case .object(let principal):
                    if case .string(let aws) = principal["AWS"] {
                        anyPrincipal = aws == "*"
                    } else {
                        anyPrincipal = false
                    }
                default: break
                }
                let hasConditions: Bool
                if case .object(let condition) = statement["Condition"] {
                    hasConditions = !condition.members.isEmpty
                } else {
                    hasConditions = false
                }
                let resources = strings("Resource")
                return PolicyDocument.Statement(
                    allow: (strings("Effect").first ?? "Allow").lowercased() == "allow", actions: strings("Action"),
                    notActions: strings("NotAction"), resources: resources.isEmpty ? ["*"] : resources,
                    anyPrincipal: anyPrincipal, hasConditions: hasConditions)
            })
    }
}
