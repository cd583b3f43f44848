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

    /// Builds the network model for `scope`.
    public func load(_ scope: LoadScope = .all) throws -> Network {
        // Security-group rules are half of an organisation's rows: for a whole organisation
        // they are read on a second connection to the file, on another core, while this one
        // reads the rest. (Each SELECT is its own read either way: the loader never had one
        // snapshot.) A question reads a few VPCs' rows, not worth a connection.
        var groups: SecurityGroupsRead?
        if case .all = scope, FileManager.default.fileExists(atPath: store.path) {
            groups = SecurityGroupsRead.start(path: store.path)
        }
        return try store.session { db in
            var loader = Load(db: db)
            try loader.prepare(scope)
            return try loader.run(securityGroups: groups)
        }
    }

    /// The VPCs a question about `functionArn` touches: the function's (from its subnets),
    /// plus `extraVPCs` (a database's).
    public func vpcs(forFunction functionArn: String) throws -> Set<String> {
        try store.read { db in
            Set(
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT s.vpc_id FROM lambda_function_subnets f JOIN subnets s ON s.subnet_id = f.subnet_id
                        WHERE f.function_arn = ? ORDER BY 1
                        """, arguments: [functionArn]))
        }
    }

    /// The VPC of a database, by identifier, when it is known.
    public func vpcs(forDatabase identifier: String) throws -> Set<String> {
        try store.read { db in
            let direct = try String.fetchAll(
                db, sql: "SELECT vpc_id FROM rds_databases WHERE identifier = ? AND vpc_id IS NOT NULL",
                arguments: [identifier])
            let viaGroup = try String.fetchAll(
                db,
                sql: """
                    SELECT g.vpc_id FROM rds_databases d JOIN rds_db_subnet_groups g
                      ON g.scope_id = d.scope_id AND g.db_subnet_group_name = d.db_subnet_group_name
                    WHERE d.identifier = ? AND g.vpc_id IS NOT NULL
                    """, arguments: [identifier])
            return Set(direct + viaGroup)
        }
    }

    /// The VPC that holds `address` in one of its subnets (for `ip:` targets).
    public func vpcs(containing address: IPv4Address) throws -> Set<String> {
        try store.read { db in
            var result = Set<String>()
            for row in try GRDB.Row.fetchAll(
                db, sql: "SELECT vpc_id, cidr FROM vpc_cidr_blocks WHERE family = 'ipv4' ORDER BY 1, 2")
            {
                if let cidr = IPv4CIDR(row["cidr"] as String), cidr.contains(address) { result.insert(row["vpc_id"]) }
            }
            return result
        }
    }
}

/// One run of the loader inside a read transaction.
///
/// An audit loads a whole organisation (at 1,000 VPCs: 220,000 security-group rules, 10,000
/// functions), so the reading is written for speed, in one style throughout:
/// - every SELECT names its columns, and its rows are read in place through a cursor
///   (`eachRow`) by column index, so that GRDB decodes each value straight from SQLite: no row
///   is copied and no column is looked up by name. Keep a SELECT's column list and the
///   `row[n]` that read it side by side;
/// - children (rules, routes, entries, ...) are parsed as they stream in and grouped by their
///   parent's ID (`grouped`), each group in the order of the query's ORDER BY;
/// - for a question (`.vpcs`), every SELECT is restricted to the wanted VPCs and functions and
///   what they name, so that a query reads a few VPCs' rows whatever the organisation's size.
private struct Load {
    let db: Database
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

    init(db: Database) { self.db = db }

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
        wantedVPCs = Set(try String.fetchAll(db, sql: "SELECT vpc_id FROM wanted_vpcs"))
    }

    func filter(_ column: String, _ connector: String = "WHERE") -> String {
        guard let wanted else { return "" }
        return " \(connector) \(column) IN \(wanted)"
    }

    static func bool(_ row: GRDB.Row, _ column: Int) -> Bool? {
        (row[column] as Int?).map { $0 != 0 }
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
        if let securityGroups { network.securityGroups = try securityGroups.wait() }
        return network
    }

    mutating func loadVPCs() throws {
        var ipv4: [String: [IPv4CIDR]] = [:]
        var ipv6: [String: [String]] = [:]
        try db.eachRow("SELECT vpc_id, family, cidr FROM vpc_cidr_blocks\(filter("vpc_id")) ORDER BY vpc_id, cidr") {
            row in
            let id: String = row[0]
            switch row[1] as String {
            case "ipv4": if let cidr = IPv4CIDR(row[2] as String) { ipv4[id, default: []].append(cidr) }
            case "ipv6": ipv6[id, default: []].append(row[2])
            default: break
            }
        }
        // describe-vpc-attribute values, for VPC rows that do not say.
        var attributes: [String: [String: Bool]] = [:]
        try db.eachRow(
            "SELECT vpc_id, attribute, value FROM vpc_attributes\(filter("vpc_id")) ORDER BY vpc_id, attribute"
        ) { row in
            let id: String = row[0]
            attributes[id, default: [:]][row[1] as String] = (row[2] as Int) != 0
        }
        try db.eachRow(
            """
            SELECT v.vpc_id, s.account_id, s.region, v.cidr_block, v.is_default, v.instance_tenancy,
                   v.enable_dns_support, v.enable_dns_hostnames, v.name
            FROM vpcs v JOIN scopes s ON s.scope_id = v.scope_id\(filter("v.vpc_id")) ORDER BY v.vpc_id
            """
        ) { row in
            let id: String = row[0]
            var cidrs = ipv4[id] ?? []
            if cidrs.isEmpty, let primary = (row[3] as String?).flatMap(IPv4CIDR.init) { cidrs = [primary] }
            network.vpcs[id] = VPC(
                id: id, accountId: row[1], region: row[2], cidrs: cidrs, ipv6Cidrs: ipv6[id] ?? [],
                isDefault: Self.bool(row, 4) ?? false, dedicatedTenancy: (row[5] as String?) == "dedicated",
                enableDnsSupport: Self.bool(row, 6) ?? attributes[id]?["enableDnsSupport"],
                enableDnsHostnames: Self.bool(row, 7) ?? attributes[id]?["enableDnsHostnames"], name: row[8],
                primaryCIDR: (row[3] as String?).flatMap(IPv4CIDR.init))
        }
    }

    mutating func loadSubnets() throws {
        let ipv6 = try db.grouped(
            "SELECT subnet_id, cidr FROM subnet_ipv6_cidr_blocks WHERE subnet_id IN (SELECT subnet_id FROM subnets\(filter("vpc_id"))) ORDER BY 1, 2"
        ) { $0[1] as String }
        try db.eachRow(
            """
            SELECT subnet_id, vpc_id, availability_zone, cidr_block, available_ip_address_count,
                   map_public_ip_on_launch, name
            FROM subnets\(filter("vpc_id")) ORDER BY subnet_id
            """
        ) { row in
            let id: String = row[0]
            network.subnets[id] = Subnet(
                id: id, vpcId: row[1], availabilityZone: row[2] ?? "",
                cidr: (row[3] as String?).flatMap(IPv4CIDR.init), ipv6Cidrs: ipv6[id] ?? [],
                availableIPAddressCount: row[4], mapPublicIPOnLaunch: Self.bool(row, 5) ?? false, name: row[6])
        }
    }

    mutating func loadRouting() throws {
        let tableFilter = "route_table_id IN (SELECT route_table_id FROM route_tables\(filter("vpc_id")))"
        let routes = try db.grouped(
            """
            SELECT route_table_id, destination_cidr, destination_prefix_list_id, destination_ipv6_cidr,
                   target_kind, target_id, state, origin
            FROM routes WHERE \(tableFilter) ORDER BY route_table_id, ordinal
            """
        ) { row -> Route? in
            let destination: Route.Destination
            if let text = row[1] as String? {
                guard let parsed = cidr(text) else { return nil }
                destination = .cidr(parsed)
            } else if let list = row[2] as String? {
                destination = .prefixList(list)
            } else if let ipv6 = row[3] as String? {
                destination = .ipv6(ipv6)
            } else {
                return nil
            }
            return Route(
                destination: destination, targetKind: RouteTargetKind(rawValue: row[4]) ?? .unknown,
                targetId: row[5], isBlackhole: (row[6] as String?) == "blackhole",
                isPropagated: (row[7] as String?) == "EnableVgwRoutePropagation")
        }
        var subnets: [String: [String]] = [:]
        var mainTables: Set<String> = []
        try db.eachRow(
            "SELECT route_table_id, subnet_id, is_main FROM route_table_associations WHERE \(tableFilter) ORDER BY route_table_id, association_id"
        ) { row in
            let id: String = row[0]
            if let subnet = row[1] as String? { subnets[id, default: []].append(subnet) }
            if (row[2] as Int) != 0 { mainTables.insert(id) }
        }
        try db.eachRow("SELECT route_table_id, vpc_id FROM route_tables\(filter("vpc_id")) ORDER BY route_table_id") {
            row in
            let id: String = row[0]
            network.routeTables[id] = RouteTable(
                id: id, vpcId: row[1], routes: routes[id] ?? [], associatedSubnets: (subnets[id] ?? []).sorted(),
                isMain: mainTables.contains(id))
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
        let attachments = try db.grouped(
            "SELECT internet_gateway_id, vpc_id, state FROM internet_gateway_attachments\(ofReferenced) ORDER BY 1, 2"
        ) { row in Self.attaches(row[2]) ? row[1] as String : nil }
        try db.eachRow("SELECT internet_gateway_id FROM internet_gateways\(referenced) ORDER BY 1") { row in
            let id: String = row[0]
            network.internetGateways[id] = InternetGateway(id: id, attachedVPCs: attachments[id] ?? [])
        }
        let eigwAttachments = try db.grouped(
            "SELECT egress_only_internet_gateway_id, vpc_id, state FROM egress_only_internet_gateway_attachments ORDER BY 1, 2"
        ) { row in Self.attaches(row[2]) ? row[1] as String : nil }
        try db.eachRow("SELECT egress_only_internet_gateway_id FROM egress_only_internet_gateways ORDER BY 1") { row in
            let id: String = row[0]
            network.egressOnlyInternetGateways[id] = InternetGateway(id: id, attachedVPCs: eigwAttachments[id] ?? [])
        }
        let natFilter =
            wanted == nil
            ? ""
            : " WHERE subnet_id IN (SELECT subnet_id FROM subnets\(filter("vpc_id"))) OR \(filter("vpc_id", "").trimmingCharacters(in: .whitespaces))"
        let ofWantedNATs =
            wanted == nil ? "" : " WHERE nat_gateway_id IN (SELECT nat_gateway_id FROM nat_gateways\(natFilter))"
        // (private, public) per address.
        let addresses = try db.grouped(
            "SELECT nat_gateway_id, private_ip, public_ip FROM nat_gateway_addresses\(ofWantedNATs) ORDER BY 1, ordinal"
        ) { row in
            ((row[1] as String?).flatMap(IPv4Address.init), (row[2] as String?).flatMap(IPv4Address.init))
        }
        try db.eachRow(
            "SELECT nat_gateway_id, subnet_id, vpc_id, state, connectivity_type FROM nat_gateways\(natFilter) ORDER BY nat_gateway_id"
        ) { row in
            let id: String = row[0]
            let subnetId: String = row[1] ?? ""
            let own = addresses[id] ?? []
            network.natGateways[id] = NATGateway(
                id: id, vpcId: row[2] ?? network.subnets[subnetId]?.vpcId ?? "", subnetId: subnetId,
                state: row[3] ?? "available", isPublic: (row[4] as String?)?.lowercased() != "private",
                privateAddresses: own.compactMap { $0.0 }, publicAddresses: own.compactMap { $0.1 })
        }
    }

    mutating func loadEndpoints() throws {
        let endpointFilter = "vpc_endpoint_id IN (SELECT vpc_endpoint_id FROM vpc_endpoints\(filter("vpc_id")))"
        let tables = try db.grouped(
            "SELECT vpc_endpoint_id, route_table_id FROM vpc_endpoint_route_tables WHERE \(endpointFilter) ORDER BY 1, 2"
        ) { $0[1] as String }
        let subnets = try db.grouped(
            "SELECT vpc_endpoint_id, subnet_id FROM vpc_endpoint_subnets WHERE \(endpointFilter) ORDER BY 1, 2"
        ) { $0[1] as String }
        let groups = try db.grouped(
            "SELECT vpc_endpoint_id, group_id FROM vpc_endpoint_security_groups WHERE \(endpointFilter) ORDER BY 1, 2"
        ) { $0[1] as String }
        let enis = try db.grouped(
            "SELECT vpc_endpoint_id, network_interface_id FROM vpc_endpoint_network_interfaces WHERE \(endpointFilter) ORDER BY 1, 2"
        ) { $0[1] as String }
        try db.eachRow(
            """
            SELECT vpc_endpoint_id, vpc_id, endpoint_type, service_name, state, private_dns_enabled, policy_document
            FROM vpc_endpoints\(filter("vpc_id")) ORDER BY vpc_endpoint_id
            """
        ) { row in
            let id: String = row[0]
            let kind: VPCEndpoint.Kind
            switch (row[2] as String).lowercased() {
            case "gateway": kind = .gateway
            case "interface": kind = .interface
            case "gatewayloadbalancer": kind = .gatewayLoadBalancer
            default: kind = .other
            }
            network.endpoints[id] = VPCEndpoint(
                id: id, vpcId: row[1], kind: kind, serviceName: row[3],
                state: (row[4] as String?)?.lowercased() ?? "available",
                privateDNSEnabled: Self.bool(row, 5) ?? false, policy: policy(row[6]),
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
        try db.eachRow(
            """
            SELECT r.group_id, r.is_egress, \(Self.ruleColumns)
            FROM security_group_rules r\(ruleFilter)
            ORDER BY r.group_id, r.is_egress, r.ordinal
            """
        ) { row in
            let id: String = row[0]
            if ruleSets.isEmpty || ruleSets[ruleSets.count - 1].id != id { ruleSets.append((id, [], [])) }
            let last = ruleSets.count - 1
            if (row[1] as Int) != 0 {
                if let rule = rule(row, from: 2, number: ruleSets[last].egress.count + 1) {
                    ruleSets[last].egress.append(rule)
                }
            } else if let rule = rule(row, from: 2, number: ruleSets[last].ingress.count + 1) {
                ruleSets[last].ingress.append(rule)
            }
        }
        var next = 0
        // Room for the groups with rules read: for a question, about all its groups; for a
        // whole inventory, only those something wears (the table then grows as the other
        // groups are filed).
        network.securityGroups.reserveCapacity(ruleSets.count)
        try db.eachRow(
            """
            SELECT g.group_id, g.vpc_id, g.group_name, s.account_id, s.region
            FROM security_groups g JOIN scopes s ON s.scope_id = g.scope_id\(groupFilter) ORDER BY g.group_id
            """
        ) { row in
            let id: String = row[0]
            // Both lists are in SQLite's order of IDs (BINARY: by UTF-8 bytes), and so is
            // this comparison; the same ID, the common case, is found first by `==`.
            while next < ruleSets.count && ruleSets[next].id != id
                && ruleSets[next].id.utf8.lexicographicallyPrecedes(id.utf8)
            {
                next += 1
            }
            let own = next < ruleSets.count && ruleSets[next].id == id
            network.securityGroups[id] = SecurityGroup(
                id: id, vpcId: row[1] ?? "", name: row[2] ?? "", accountId: row[3], region: row[4],
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

    /// A rule from the `ruleColumns` of `row`, starting at column `first`; nil when the model
    /// cannot use it (unknown protocol, unparseable CIDR, no peer).
    mutating func rule(_ row: GRDB.Row, from first: Int, number: Int) -> SecurityGroupRule? {
        guard let ipProtocol = IPProtocol(aws: row[first]) else { return nil }
        let from: Int? = row[first + 1]
        let to: Int? = row[first + 2]
        var ports = PortRange.all
        if ipProtocol.hasPorts, let from, let to, from >= 0, to >= 0 { ports = PortRange(from, to) }
        let peer: SecurityGroupRule.Peer
        if let text = row[first + 3] as String? {
            guard let parsed = cidr(text) else { return nil }
            peer = .cidr(parsed)
        } else if let cidr = row[first + 4] as String? {
            peer = .ipv6(cidr)
        } else if let list = row[first + 5] as String? {
            peer = .prefixList(list)
        } else if let group = row[first + 6] as String? {
            peer = .group(group)
        } else {
            return nil
        }
        return SecurityGroupRule(
            number: number, ruleId: row[first + 7], ipProtocol: ipProtocol, ports: ports, peer: peer)
    }

    mutating func loadNetworkACLs() throws {
        let aclFilter = "network_acl_id IN (SELECT network_acl_id FROM network_acls\(filter("vpc_id")))"
        let entries = try db.grouped(
            """
            SELECT network_acl_id, is_egress, protocol, rule_number, rule_action, cidr_block, port_from, port_to,
              ipv6_cidr_block
            FROM network_acl_entries WHERE \(aclFilter) ORDER BY network_acl_id, is_egress, rule_number
            """
        ) { row -> (isEgress: Bool, entry: NetworkACLEntry)? in
            guard let ipProtocol = IPProtocol(aws: row[2]) else { return nil }
            let from: Int? = row[6]
            let to: Int? = row[7]
            let entry = NetworkACLEntry(
                ruleNumber: row[3], ipProtocol: ipProtocol, allow: (row[4] as String) == "allow",
                cidr: (row[5] as String?).flatMap { cidr($0) }, ipv6Cidr: (row[8] as String?).flatMap(IPv6CIDR.init),
                ports: from.flatMap { f in to.map { PortRange(f, $0) } } ?? .all)
            return ((row[1] as Int) != 0, entry)
        }
        let associations = try db.grouped(
            "SELECT network_acl_id, subnet_id FROM network_acl_associations WHERE \(aclFilter) ORDER BY 1, 2"
        ) { $0[1] as String }
        try db.eachRow(
            "SELECT network_acl_id, vpc_id, is_default FROM network_acls\(filter("vpc_id")) ORDER BY network_acl_id"
        ) { row in
            let id: String = row[0]
            let own = entries[id] ?? []
            network.networkACLs[id] = NetworkACL(
                id: id, vpcId: row[1], isDefault: Self.bool(row, 2) ?? false,
                inbound: own.filter { !$0.isEgress }.map(\.entry), outbound: own.filter(\.isEgress).map(\.entry),
                associatedSubnets: associations[id] ?? [])
        }
    }

    mutating func loadPrefixLists() throws {
        // A list is known from describe-managed-prefix-lists, from its entries, or both.
        // The same AWS-managed list may be exported by several accounts of a region: one set.
        let entries = try db.grouped("SELECT DISTINCT prefix_list_id, cidr FROM prefix_list_entries ORDER BY 1, 2") {
            $0[1] as String
        }
        var names: [String: String?] = [:]
        try db.eachRow("SELECT prefix_list_id, prefix_list_name FROM prefix_lists ORDER BY 1") { row in
            names.updateValue(row[1] as String?, forKey: row[0] as String)
        }
        for id in Set(names.keys).union(entries.keys).sorted() {
            let cidrs = (entries[id] ?? []).compactMap { IPv4CIDR($0) }
            network.prefixLists[id] = PrefixList(id: id, name: names[id] ?? nil, cidrs: cidrs.isEmpty ? nil : cidrs)
        }
    }

    mutating func loadPeerings() throws {
        let peeringFilter =
            wanted == nil ? "" : " WHERE requester_vpc_id IN \(wanted!) OR accepter_vpc_id IN \(wanted!)"
        let cidrs = try db.grouped(
            """
            SELECT vpc_peering_connection_id, side, cidr FROM vpc_peering_connection_cidrs
            WHERE vpc_peering_connection_id IN (SELECT vpc_peering_connection_id FROM vpc_peering_connections\(peeringFilter))
            ORDER BY 1, 2, 3
            """
        ) { row in (side: row[1] as String, cidr: IPv4CIDR(row[2] as String)) }
        try db.eachRow(
            """
            SELECT vpc_peering_connection_id, status_code, requester_vpc_id, requester_owner_id, requester_region,
                   accepter_vpc_id, accepter_owner_id, accepter_region, requester_allow_dns_resolution,
                   accepter_allow_dns_resolution
            FROM vpc_peering_connections\(peeringFilter) ORDER BY vpc_peering_connection_id
            """
        ) { row in
            let id: String = row[0]
            // One side's columns start at `first`: VPC ID, owner, region; its DNS option at `dns`.
            func side(_ name: String, _ first: Int, dns: Int) -> PeeringConnection.Side {
                var blocks = (cidrs[id] ?? []).filter { $0.side == name }.compactMap(\.cidr)
                let vpcId: String = row[first] ?? ""
                if blocks.isEmpty, let vpc = network.vpcs[vpcId] { blocks = vpc.cidrs }
                return PeeringConnection.Side(
                    vpcId: vpcId, accountId: row[first + 1], region: row[first + 2], cidrs: blocks,
                    allowsDNSResolutionFromRemoteVPC: Self.bool(row, dns))
            }
            network.peerings[id] = PeeringConnection(
                id: id, status: row[1] ?? "active", requester: side("requester", 2, dns: 8),
                accepter: side("accepter", 5, dns: 9))
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
        try db.eachRow(
            """
            SELECT t.transit_gateway_id, t.owner_id, s.region, t.state, t.security_group_referencing_support,
                   t.association_default_route_table_id, t.propagation_default_route_table_id
            FROM transit_gateways t JOIN scopes s ON s.scope_id = t.scope_id\(tgwFilter.replacingOccurrences(of: " WHERE transit_gateway_id", with: " WHERE t.transit_gateway_id")) ORDER BY 1
            """
        ) { row in
            let id: String = row[0]
            network.transitGateways[id] = TransitGateway(
                id: id, ownerId: row[1], region: row[2], state: row[3] ?? "available",
                securityGroupReferencing: (row[4] as String?) == "enable", associationDefaultRouteTableId: row[5],
                propagationDefaultRouteTableId: row[6])
        }
        // Associations: get-transit-gateway-route-table-associations when exported, else the
        // Association that describe-transit-gateway-attachments prints.
        var associated: [String: String] = [:]
        try db.eachRow(
            """
            SELECT transit_gateway_attachment_id, transit_gateway_route_table_id FROM transit_gateway_route_table_associations
            WHERE COALESCE(state, 'associated') = 'associated' AND transit_gateway_route_table_id IN
              (SELECT transit_gateway_route_table_id FROM transit_gateway_route_tables\(tgwFilter))
            ORDER BY 1, 2
            """
        ) { row in if associated[row[0] as String] == nil { associated[row[0]] = row[1] as String } }
        // With get-transit-gateway-route-table-associations imported, an attachment that is in
        // none of its lists is associated with no table; without it, only
        // describe-transit-gateway-attachments says (its Association).
        let associationsExported =
            try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM imports WHERE kind = 'transit-gateway-route-table-associations')")
            ?? false
        let subnets = try db.grouped(
            """
            SELECT transit_gateway_attachment_id, subnet_id FROM transit_gateway_vpc_attachment_subnets
            WHERE transit_gateway_attachment_id IN (SELECT transit_gateway_attachment_id FROM transit_gateway_vpc_attachments\(tgwFilter))
            ORDER BY 1, 2
            """
        ) { $0[1] as String }
        try db.eachRow(
            """
            SELECT transit_gateway_attachment_id, transit_gateway_id, vpc_id, state, security_group_referencing_support
            FROM transit_gateway_vpc_attachments\(tgwFilter) ORDER BY 1
            """
        ) { row in
            let id: String = row[0]
            network.transitGatewayAttachments[id] = TransitGatewayAttachment(
                id: id, transitGatewayId: row[1] ?? "", resourceType: "vpc", resourceId: row[2],
                state: row[3] ?? "available", vpcId: row[2], subnetIds: subnets[id] ?? [],
                associatedRouteTableId: associated[id],
                associationKnown: associated[id] != nil || associationsExported,
                securityGroupReferencing: (row[4] as String?) != "disable")
        }
        // describe-transit-gateway-attachments: the other types, and the association of all.
        try db.eachRow(
            """
            SELECT transit_gateway_attachment_id, transit_gateway_id, resource_type, resource_id, state,
                   association_route_table_id, association_state
            FROM transit_gateway_attachments\(tgwFilter) ORDER BY 1
            """
        ) { row in
            let id: String = row[0]
            let association: String? =
                ["associated", nil].contains(row[6] as String?) ? row[5] as String? : nil
            if var known = network.transitGatewayAttachments[id] {
                if known.associatedRouteTableId == nil { known.associatedRouteTableId = association }
                known.associationKnown = true
                network.transitGatewayAttachments[id] = known
                return
            }
            let type: String = row[2] ?? "unknown"
            network.transitGatewayAttachments[id] = TransitGatewayAttachment(
                id: id, transitGatewayId: row[1] ?? "", resourceType: type, resourceId: row[3],
                state: row[4] ?? "available", vpcId: type == "vpc" ? row[3] : nil,
                associatedRouteTableId: associated[id] ?? association)
        }
        let tableFilter =
            " WHERE transit_gateway_route_table_id IN (SELECT transit_gateway_route_table_id FROM transit_gateway_route_tables\(tgwFilter))"
        // Rows of one route share its ordinal run: consecutive rows with the same destination,
        // type and state are one ECMP route.
        var routes: [String: [TransitGatewayRoute]] = [:]
        try db.eachRow(
            """
            SELECT transit_gateway_route_table_id, destination_cidr, destination_prefix_list_id, route_type, state,
                   transit_gateway_attachment_id
            FROM transit_gateway_routes\(tableFilter) ORDER BY 1, ordinal
            """
        ) { row in
            let table: String = row[0]
            let destination: Route.Destination
            if let text = row[1] as String? {
                guard let parsed = cidr(text) else { return }
                destination = .cidr(parsed)
            } else if let list = row[2] as String? {
                destination = .prefixList(list)
            } else {
                return
            }
            let isStatic = (row[3] as String?) != "propagated"
            let isBlackhole = (row[4] as String?) == "blackhole"
            let attachment: String? = row[5]
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
        let propagations = try db.grouped(
            """
            SELECT transit_gateway_route_table_id, transit_gateway_attachment_id FROM transit_gateway_route_table_propagations\(tableFilter)
            AND COALESCE(state, 'enabled') = 'enabled' ORDER BY 1, 2
            """
        ) { $0[1] as String }
        try db.eachRow(
            "SELECT transit_gateway_route_table_id, transit_gateway_id, state FROM transit_gateway_route_tables\(tgwFilter) ORDER BY 1"
        ) { row in
            let id: String = row[0]
            network.transitGatewayRouteTables[id] = TransitGatewayRouteTable(
                id: id, transitGatewayId: row[1] ?? "", state: row[2] ?? "available",
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
        let addresses = try db.grouped(
            "SELECT network_interface_id, private_ip, public_ip FROM network_interface_addresses WHERE \(eniFilter) ORDER BY 1, 2"
        ) { row in (IPv4Address(row[1] as String), (row[2] as String?).flatMap(IPv4Address.init)) }
        let groups = try db.grouped(
            "SELECT network_interface_id, group_id FROM network_interface_security_groups WHERE \(eniFilter) ORDER BY 1, 2"
        ) { $0[1] as String }
        let ipv6Addresses = try db.grouped(
            "SELECT network_interface_id, ipv6_address FROM network_interface_ipv6_addresses WHERE \(eniFilter) ORDER BY 1, 2"
        ) { IPv6Address($0[1] as String) }
        try db.eachRow(
            """
            SELECT network_interface_id, vpc_id, subnet_id, interface_type, description
            FROM network_interfaces\(filter("vpc_id")) ORDER BY network_interface_id
            """
        ) { row in
            let id: String = row[0]
            let subnetId: String = row[2] ?? ""
            network.networkInterfaces[id] = NetworkInterface(
                id: id, vpcId: row[1] ?? network.subnets[subnetId]?.vpcId ?? "", subnetId: subnetId,
                interfaceType: row[3] ?? "interface", description: row[4] ?? "",
                privateAddresses: (addresses[id] ?? []).compactMap(\.0),
                publicAddresses: (addresses[id] ?? []).compactMap(\.1), ipv6Addresses: ipv6Addresses[id] ?? [],
                securityGroupIds: groups[id] ?? [])
        }
    }

    mutating func loadFunctions() throws {
        let wantedFunctions = functionFilter.map { " WHERE f.function_arn IN \($0)" } ?? ""
        let subnets = try db.grouped(
            "SELECT function_arn, subnet_id FROM lambda_function_subnets f\(wantedFunctions) ORDER BY 1, ordinal"
        ) { $0[1] as String }
        let groups = try db.grouped(
            "SELECT function_arn, group_id FROM lambda_function_security_groups f\(wantedFunctions) ORDER BY 1, ordinal"
        ) { $0[1] as String }
        try db.eachRow(
            """
            SELECT f.function_arn, f.function_name, s.account_id, s.region, f.role_arn, f.state, f.state_reason,
                   f.state_reason_code, f.reported_vpc_id, f.ipv6_allowed_for_dual_stack
            FROM lambda_functions f JOIN scopes s ON s.scope_id = f.scope_id\(wantedFunctions) ORDER BY f.function_arn
            """
        ) { row in
            let arn: String = row[0]
            network.functions[arn] = LambdaFunction(
                arn: arn, name: row[1], accountId: row[2], region: row[3], roleArn: row[4], state: row[5],
                stateReason: row[6], stateReasonCode: row[7], subnetIds: subnets[arn] ?? [],
                securityGroupIds: groups[arn] ?? [], reportedVPCId: row[8],
                ipv6AllowedForDualStack: Self.bool(row, 9) ?? false)
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
        let groupSubnets = try db.grouped(
            """
            SELECT scope_id || '/' || db_subnet_group_name, subnet_id, availability_zone FROM rds_db_subnet_group_subnets\(ofSelectedGroups)
            ORDER BY 1, 2
            """
        ) { row in (subnet: row[1] as String, zone: row[2] as String?) }
        let ownSubnets = try db.grouped(
            "SELECT db_key, subnet_id FROM rds_database_subnets\(ofSelected) ORDER BY 1, 2"
        ) { $0[1] as String }
        let groups = try db.grouped(
            "SELECT db_key, group_id FROM rds_database_security_groups\(ofSelected) ORDER BY 1, 2"
        ) { $0[1] as String }
        try db.eachRow(
            """
            SELECT d.db_key, d.kind, d.scope_id, d.db_subnet_group_name, d.availability_zone,
                   d.secondary_availability_zone, COALESCE(d.vpc_id, g.vpc_id), d.identifier, s.account_id, s.region,
                   d.engine, d.status, d.endpoint_address, d.port, d.publicly_accessible
            FROM rds_databases d JOIN scopes s ON s.scope_id = d.scope_id \(groupJoin)\(selected) ORDER BY d.db_key
            """
        ) { row in
            let key: String = row[0]
            let kind = RDSDatabase.Kind(rawValue: row[1]) ?? .instance
            var subnetIds = ownSubnets[key] ?? []
            if subnetIds.isEmpty {
                let candidates = groupSubnets["\(row[2] as Int64)/\(row[3] as String? ?? "")"] ?? []
                let zones = [row[4] as String?, row[5] as String?].compactMap { $0 }
                let inZones = candidates.filter { zones.contains($0.zone ?? "") }
                // An instance sits in its zone's subnet (and its standby's); a cluster's
                // instances, or an instance whose zone is unknown, may be in any of them.
                subnetIds = (kind == .instance && !inZones.isEmpty ? inZones : candidates).map(\.subnet)
            }
            var vpcId: String? = row[6]
            if vpcId == nil { vpcId = subnetIds.compactMap { subnetVPC($0) }.first }
            if let wantedVPCs, let vpcId, !wantedVPCs.contains(vpcId) { return }
            network.databases[key] = RDSDatabase(
                key: key, kind: kind, identifier: row[7], accountId: row[8], region: row[9], engine: row[10],
                status: row[11], endpoint: row[12], port: row[13], vpcId: vpcId, subnetIds: subnetIds,
                securityGroupIds: groups[key] ?? [], publiclyAccessible: kind != .proxy && Self.bool(row, 14) == true)
        }
    }

    func subnetVPC(_ subnetId: String) -> String? {
        if let subnet = network.subnets[subnetId] { return subnet.vpcId }
        return try? String.fetchOne(db, sql: "SELECT vpc_id FROM subnets WHERE subnet_id = ?", arguments: [subnetId])
    }

    mutating func loadRoles() throws {
        let roleFilter =
            functionFilter.map {
                " WHERE role_arn IN (SELECT role_arn FROM lambda_functions WHERE function_arn IN \($0))"
            } ?? ""
        let inline = try db.grouped(
            "SELECT role_arn, document FROM iam_role_inline_policies\(roleFilter) ORDER BY 1, policy_name"
        ) { $0[1] as String }
        // (policy ARN, policy name, document) per role.
        let attached = try db.grouped(
            """
            SELECT a.role_arn, a.policy_arn, a.policy_name, p.document FROM iam_role_attached_policies a
            LEFT JOIN iam_policies p ON p.policy_arn = a.policy_arn\(roleFilter.replacingOccurrences(of: "role_arn IN", with: "a.role_arn IN"))
            ORDER BY 1, 2
            """
        ) { row in (arn: row[1] as String, name: row[2] as String?, document: row[3] as String?) }
        try db.eachRow("SELECT role_arn, role_name FROM iam_roles\(roleFilter) ORDER BY role_arn") { row in
            let arn: String = row[0]
            let own = attached[arn] ?? []
            var documents = (inline[arn] ?? []).compactMap { policy($0) }
            documents += own.compactMap { policy($0.document) }
            network.roles[arn] = Role(
                arn: arn, name: row[1], documents: documents,
                attachedPolicyNames: own.map { $0.name ?? String($0.arn.split(separator: "/").last ?? "") })
        }
        network.accountsWithIAMData = Set(
            try String.fetchAll(
                db,
                sql:
                    "SELECT DISTINCT s.account_id FROM imports i JOIN scopes s ON s.scope_id = i.scope_id WHERE i.kind = 'iam-roles'"
            ))
    }
}

/// All the security groups of an inventory, read on their own connection and thread.
private final class SecurityGroupsRead: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the reading thread before it signals `done`; read only after `wait()`.
    private var result: Result<[String: SecurityGroup], Error> = .success([:])

    static func start(path: String) -> SecurityGroupsRead {
        let read = SecurityGroupsRead()
        DispatchQueue.global().async {
            read.result = Result {
                var configuration = Configuration()
                configuration.readonly = true
                configuration.busyMode = .timeout(10)
                return try DatabaseQueue(path: path, configuration: configuration).inDatabase { db in
                    var loader = Load(db: db)
                    try loader.loadSecurityGroups()
                    return loader.network.securityGroups
                }
            }
            read.done.signal()
        }
        return read
    }

    func wait() throws -> [String: SecurityGroup] {
        done.wait()
        return try result.get()
    }
}

extension Database {
    /// Calls `body` with each row of `sql`. The row is read in place and valid only during
    /// the call: read its columns by index (`row[0]`), in the order the SELECT lists them.
    fileprivate func eachRow(_ sql: String, _ body: (GRDB.Row) throws -> Void) throws {
        let rows = try GRDB.Row.fetchCursor(self, sql: sql)
        while let row = try rows.next() { try body(row) }
    }

    /// What `value` makes of each row of `sql` (nil skips the row), grouped by column 0, the
    /// parent's ID; each group in the query's order.
    fileprivate func grouped<T>(_ sql: String, _ value: (GRDB.Row) throws -> T?) throws -> [String: [T]] {
        var groups: [String: [T]] = [:]
        try eachRow(sql) { row in
            if let value = try value(row) { groups[row[0] as String, default: []].append(value) }
        }
        return groups
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
