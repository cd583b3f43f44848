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
    /// A function of Lambda Managed Instances has its capacity provider's subnets.
    public func vpcs(forFunction functionArn: String) throws -> Set<String> {
        let f = Schema.LambdaFunctionSubnets.self
        let ps = Schema.LambdaCapacityProviderSubnets.self
        let lf = Schema.LambdaFunctions.self
        let s = Schema.Subnets.self
        var columns = Selection()
        let vpc = columns.add(s.vpcId, "s")
        let subnet = columns.add(s.subnetId, "s")
        return try store.read { db in
            var result = Set<String>()
            try db.eachRow(
                """
                SELECT DISTINCT \(columns) FROM \(f.table) f JOIN \(s.table) s ON s.\(s.subnetId) = f.\(f.subnetId)
                WHERE f.\(f.functionArn) = ?1
                UNION SELECT \(columns) FROM \(ps.table) p JOIN \(s.table) s ON s.\(s.subnetId) = p.\(ps.subnetId)
                WHERE p.\(ps.capacityProviderArn) = (SELECT \(lf.capacityProviderArn) FROM \(lf.table) WHERE \(lf.functionArn) = ?1)
                """, arguments: [functionArn], columns, key: [subnet], path: store.path
            ) { row in result.insert(try row.text(vpc)) }
            return result
        }
    }

    /// The VPC of a database, by identifier, when it is known. RDS identifiers are not case
    /// sensitive (AWS stores them in lower case): the identifier matches as the solver matches
    /// it (`Solver.resolveDatabase`), in any case, so that the database's VPC is loaded for it.
    public func vpcs(forDatabase identifier: String) throws -> Set<String> {
        let d = Schema.RdsDatabases.self
        let g = Schema.RdsDbSubnetGroups.self
        // SQLite's lower() folds ASCII only, and stored identifiers are ASCII (the importer
        // checks them): comparing them with the question's identifier lower-cased by Swift is
        // the solver's comparison, and finds the row through the index on lower(identifier).
        // A key or an ARN names one database (RDSDatabase.key(forReference:)).
        let key = RDSDatabase.key(forReference: identifier)
        // `proxy:orders`: the databases of the identifier (of any kind: a few more VPCs at most).
        let name = RDSDatabase.kindQualified(identifier)?.identifier ?? identifier
        let matches = key == nil ? "lower(d.\(d.identifier)) = ?" : "lower(d.\(d.dbKey)) = ?"
        let arguments: StatementArguments = [(key ?? name).lowercased()]
        var own = Selection()
        let ownVPC = own.add(d.vpcId, "d")
        let ownKey = own.add(d.dbKey, "d")
        var grouped = Selection()
        let groupVPC = grouped.add(g.vpcId, "g")
        let group = grouped.add(g.dbSubnetGroupName, "g")
        return try store.read { db in
            var result = Set<String>()
            try db.eachRow(
                "SELECT \(own) FROM \(d.table) d WHERE \(matches) AND d.\(d.vpcId) IS NOT NULL",
                arguments: arguments, own, key: [ownKey], path: store.path
            ) { row in result.insert(try row.text(ownVPC)) }
            try db.eachRow(
                """
                SELECT \(grouped) FROM \(d.table) d JOIN \(g.table) g
                  ON g.\(g.scopeId) = d.\(d.scopeId) AND g.\(g.dbSubnetGroupName) = d.\(d.dbSubnetGroupName)
                WHERE \(matches) AND g.\(g.vpcId) IS NOT NULL
                """, arguments: arguments, grouped, key: [group], path: store.path
            ) { row in result.insert(try row.text(groupVPC)) }
            return result
        }
    }

    /// The VPC that holds `address` in one of its subnets (for `ip:` targets).
    public func vpcs(containing address: IPv4Address) throws -> Set<String> {
        try vpcs(family: "ipv4") { row, cidr in try Load.ipv4CIDR(row, cidr).contains(address) }
    }

    /// The VPCs one of whose IPv6 blocks holds `address`: where an `ip:[...]` target may be (a
    /// peer, a VPC behind a transit gateway, one the internet reaches, or one nothing joins).
    public func vpcs(containingIPv6 address: IPv6Address) throws -> Set<String> {
        // A planned block without its range yet (`unresolved: ...`) holds no known address.
        try vpcs(family: "ipv6") { row, cidr in IPv6CIDR(try row.text(cidr))?.contains(address) == true }
    }

    /// The VPCs with a block of `family` that `holds` (given the row and the block's column).
    private func vpcs(family: String, holds: (Cells, Int) throws -> Bool) throws -> Set<String> {
        let b = Schema.VpcCidrBlocks.self
        var columns = Selection()
        let vpc = columns.add(b.vpcId)
        let cidr = columns.add(b.cidr)
        return try store.read { db in
            var result = Set<String>()
            try db.eachRow(
                "SELECT \(columns) FROM \(b.table) WHERE \(b.family) = '\(family)' ORDER BY \(b.vpcId), \(b.cidr)",
                columns, key: [vpc, cidr], path: store.path
            ) { row in
                if try holds(row, cidr) { result.insert(try row.text(vpc)) }
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
/// - rows that are filed by their own ID (subnets, route tables, functions, ...) are read in
///   the table's own order, with no ORDER BY: these tables have rowids, and reading one in its
///   ID's order is a seek into the table for each row (at 10,000 VPCs, 0.4 s against 0.1 s for
///   the subnets alone). The model is the same in any order; a bad value is still reported the
///   same way each time for the same file;
/// - for a question (`.vpcs`), every SELECT is restricted to the wanted VPCs and functions and
///   what they name, so that a query reads a few VPCs' rows whatever the organisation's size.
struct Load {
    let db: Database
    /// The inventory, for messages.
    let path: String
    var network = Network()
    /// SQL fragment selecting the wanted VPC IDs, or nil for all.
    var wanted: String?
    var functionFilter: String?
    /// SQL fragment selecting the scopes (account and region) of the wanted VPCs, their subnets
    /// and the wanted functions, or nil for all.
    var wantedScopes: String?
    /// The wanted VPC IDs (peered ones included), or nil for all.
    var wantedVPCs: Set<String>?
    /// Parsed policy documents by their text: endpoints and roles repeat the same few.
    var policies: [String: PolicyDocument?] = [:]

    init(db: Database, path: String) {
        self.db = db
        self.path = path
    }

    /// `Database.eachRow` for this inventory: the rows of `selection`, named in messages by
    /// their `key` columns.
    func eachRow(_ sql: String, _ selection: Selection, key: [Int], _ body: (Cells) throws -> Void) throws {
        try db.eachRow(sql, selection, key: key, path: path, body)
    }

    /// `Database.grouped` for this inventory: the rows of `selection` grouped by its `parent`
    /// column.
    func grouped<T>(
        _ sql: String, _ selection: Selection, parent: Int, key: [Int], _ value: (Cells) throws -> T?
    ) throws -> [String: [T]] {
        try db.grouped(
            sql, table: selection.table, parent: parent, key: key, joined: selection.joined, path: path, value)
    }

    /// The values of `child` for each value of `parent`, two text columns of one table, each
    /// list in order; `condition` (`IN (...)`, or nil for all rows) keeps the parents wanted.
    ///
    /// Each list is sorted here, in SQLite's order (BINARY: by UTF-8 bytes), not by an ORDER BY:
    /// in a table with rowids (associations) that would read the rows in the parent index's
    /// order, a seek per row.
    func children(of parent: Column, _ child: Column, _ condition: String? = nil) throws -> [String: [String]] {
        var columns = Selection()
        let id = columns.add(parent)
        let value = columns.add(child)
        return try grouped(
            "SELECT \(columns) FROM \(parent.table)\(Self.where(parent, condition))", columns, parent: id,
            key: [id, value]
        ) { try $0.text(value) }.mapValues { $0.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }
    }

    /// `IN (the wanted parents)`, the rows of `id`'s table in the wanted VPCs (by `vpc`), for the
    /// children of a question's parents; nil for a whole inventory. Its children are all read,
    /// and found by their parent's ID: a child of a parent not in the inventory is never asked
    /// for, and a filter on the whole parent table would read them in an index's order, a seek
    /// per row.
    func wantedParents(_ id: Column, vpc: Column) -> String? {
        wanted == nil ? nil : "IN (SELECT \(id) FROM \(id.table)\(filter(vpc)))"
    }

    /// ` WHERE column condition`, or nothing when there is no condition (a whole inventory).
    static func `where`(_ column: Column, _ condition: String?) -> String {
        condition.map { " WHERE \(column) \($0)" } ?? ""
    }

    /// The VPC and subnet (or "") of a row that names both, the VPC taken from the subnet when
    /// the row has none: exports of NAT gateways and network interfaces may leave it out.
    func placement(_ row: Cells, vpc: Int, subnet: Int) throws(CellProblem) -> (vpcId: String, subnetId: String) {
        let subnetId = try row.optionalText(subnet) ?? ""
        return (try row.optionalText(vpc) ?? network.subnets[subnetId]?.vpcId ?? "", subnetId)
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
        let p = Schema.VpcPeeringConnections.self
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO wanted_vpcs
                SELECT \(p.accepterVpcId) FROM \(p.table) WHERE \(p.requesterVpcId) IN (SELECT vpc_id FROM wanted_vpcs)
                  AND \(p.accepterVpcId) IS NOT NULL
                UNION SELECT \(p.requesterVpcId) FROM \(p.table) WHERE \(p.accepterVpcId) IN (SELECT vpc_id FROM wanted_vpcs)
                  AND \(p.requesterVpcId) IS NOT NULL
                """)
        // VPCs attached to the same transit gateways: a destination, or a centralised egress
        // VPC, one hop away through the transit gateway. Either describe call may be the one
        // exported, so both are read.
        let v = Schema.TransitGatewayVpcAttachments.self
        let a = Schema.TransitGatewayAttachments.self
        // Each side is a lookup by index (the wanted VPCs' gateways, then those gateways'
        // VPCs), never a pass over every attachment of the organisation.
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO wanted_vpcs
                WITH own (transit_gateway_id) AS (
                    SELECT \(v.transitGatewayId) FROM \(v.table) WHERE \(v.vpcId) IN (SELECT vpc_id FROM wanted_vpcs)
                    UNION SELECT \(a.transitGatewayId) FROM \(a.table)
                    WHERE \(a.resourceId) IN (SELECT vpc_id FROM wanted_vpcs) AND \(a.resourceType) = 'vpc')
                SELECT \(v.vpcId) FROM \(v.table)
                WHERE \(v.transitGatewayId) IN (SELECT transit_gateway_id FROM own) AND \(v.vpcId) IS NOT NULL
                UNION SELECT \(a.resourceId) FROM \(a.table)
                WHERE \(a.transitGatewayId) IN (SELECT transit_gateway_id FROM own) AND \(a.resourceType) = 'vpc'
                  AND \(a.resourceId) IS NOT NULL
                """)
        // The VPCs of the proxies whose endpoints are in the wanted VPCs: an endpoint hands its
        // connections to its proxy, which connects to the database from its own VPC.
        let rds = Schema.RdsDatabases.self
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO wanted_vpcs
                SELECT p.\(rds.vpcId) FROM \(rds.table) e JOIN \(rds.table) p
                  ON p.\(rds.scopeId) = e.\(rds.scopeId) AND p.\(rds.kind) = 'proxy'
                  AND lower(p.\(rds.identifier)) = lower(e.\(rds.dbProxyName))
                WHERE e.\(rds.vpcId) IN (SELECT vpc_id FROM wanted_vpcs) AND e.\(rds.kind) = 'proxy-endpoint'
                  AND p.\(rds.vpcId) IS NOT NULL
                """)
        // The VPCs of the endpoints that the wanted VPCs' private hosted zones name: a service
        // may resolve to an endpoint centralised in another VPC.
        let z = Schema.HostedZoneVpcAssociations.self
        let r = Schema.HostedZoneRecords.self
        let d = Schema.VpcEndpointDnsEntries.self
        let e = Schema.VpcEndpoints.self
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO wanted_vpcs
                SELECT e.\(e.vpcId) FROM \(z.table) z JOIN \(r.table) r ON r.\(r.hostedZoneId) = z.\(z.hostedZoneId)
                JOIN \(d.table) d ON d.\(d.dnsName) = r.\(r.aliasDnsName)
                JOIN \(e.table) e ON e.\(e.vpcEndpointId) = d.\(d.vpcEndpointId)
                WHERE z.\(z.vpcId) IN (SELECT vpc_id FROM wanted_vpcs)
                """)
        // The accounts and regions of what is loaded: their zone names and AWS-managed prefix
        // lists are the ones the answer uses.
        let vpcTable = Schema.Vpcs.self
        let subnets = Schema.Subnets.self
        let functionTable = Schema.LambdaFunctions.self
        try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS wanted_scopes (scope_id INTEGER PRIMARY KEY)")
        try db.execute(sql: "DELETE FROM wanted_scopes")
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO wanted_scopes
                SELECT \(vpcTable.scopeId) FROM \(vpcTable.table) WHERE \(vpcTable.vpcId) IN (SELECT vpc_id FROM wanted_vpcs)
                UNION SELECT \(subnets.scopeId) FROM \(subnets.table) WHERE \(subnets.vpcId) IN (SELECT vpc_id FROM wanted_vpcs)
                UNION SELECT \(functionTable.scopeId) FROM \(functionTable.table)
                WHERE \(functionTable.functionArn) IN (SELECT arn FROM wanted_functions)
                """)
        wanted = "(SELECT vpc_id FROM wanted_vpcs)"
        functionFilter = "(SELECT arn FROM wanted_functions)"
        wantedScopes = "(SELECT scope_id FROM wanted_scopes)"
        var selected = Set<String>()
        var columns = Selection()
        let vpc = columns.add("vpc_id", from: "vpc_peering_connections or transit gateway attachments")
        try eachRow("SELECT \(columns) FROM wanted_vpcs", columns, key: [vpc]) { row in
            selected.insert(try row.text(vpc))
        }
        wantedVPCs = selected
    }

    /// ` WHERE column IN (the wanted VPCs)` for a question, nothing for a whole inventory;
    /// `alias` qualifies the column, `connector` replaces WHERE.
    func filter(_ column: Column, _ alias: String? = nil, _ connector: String = "WHERE") -> String {
        guard let wanted else { return "" }
        return " \(connector) \(alias.map { "\($0)." } ?? "")\(column) IN \(wanted)"
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

    /// A VPC's or subnet's IPv6 block: a CIDR, or what a template or plan associates without
    /// saying its range (`unresolved: the Amazon-provided IPv6 block ...`). The block exists
    /// (the VPC is dual-stack, the function's ENI gets an address in it); only its range is
    /// unknown, and the solver says so wherever the range matters.
    static func ipv6Block(_ text: String, _ column: Int) throws(CellProblem) -> String {
        if text.hasPrefix("unresolved: ") { return text }
        return try ipv6CIDR(text, column)
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

    /// `ipv4CIDR`, or nil for NULL. Parsed from SQLite's bytes in place: an organisation has
    /// millions of rules and routes, and making each CIDR a `String` (to parse it, or to look
    /// it up among those parsed) cost more than parsing its bytes.
    func optionalCIDR(_ row: Cells, _ column: Int) throws(CellProblem) -> IPv4CIDR? {
        if let parsed = row.withText(column, { IPv4CIDR(utf8: $0) }), let parsed { return parsed }
        guard let text = try row.optionalText(column) else { return nil }
        throw Self.notA("an IPv4 CIDR (such as 10.0.0.0/16)", text, column)
    }

    /// The policy model of a stored document, parsed once per distinct text.
    mutating func policy(_ text: String?) -> PolicyDocument? {
        guard let text else { return nil }
        if let parsed = policies[text] { return parsed }
        let parsed = PolicyParser.parse(text)
        policies[text] = parsed
        return parsed
    }

    /// Loads everything; the security groups from `securityGroups` when they are being read
    /// elsewhere (waited for last: nothing else needs them, not even `Network.index()`).
    mutating func run(securityGroups: SecurityGroupsRead? = nil) throws -> Network {
        try loadVPCs()
        try loadSubnets()
        try loadBlockPublicAccess()
        try loadRouting()
        try loadGateways()
        try loadEndpoints()
        if securityGroups == nil { try loadSecurityGroups() }
        try loadNetworkACLs()
        try loadPeerings()
        try loadTransitGateways()
        // After the routes, rules and transit gateway routes: a question loads the lists they
        // name.
        try loadPrefixLists()
        try loadNetworkInterfaces()
        try loadFunctions()
        try loadDatabases()
        try loadRoles()
        try loadZoneNames()
        try loadDNS()
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
        linkCapacityProviderDefaultGroups()
        return network
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
final class SecurityGroupsRead: @unchecked Sendable {
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
