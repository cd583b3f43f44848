import Foundation
import GRDB
import ReachInventory
import Testing

/// Where the fixtures are: `Fixtures/corpus/<snapshot>/` (Batfish's snapshots, copied from
/// batfish/batfish; Fixtures/README.md says from where) and `Fixtures/roundtrip/` (one small
/// account covering every document shape the importer knows).
enum Fixtures {
    static let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    static let corpus = root.appendingPathComponent("corpus")
    static let roundTrip = root.appendingPathComponent("roundtrip")

    static func snapshot(_ name: String) -> URL { corpus.appendingPathComponent(name) }
}

/// A scratch directory per test, removed at the end. Its name has a space in it on purpose:
/// users keep exports in folders such as `~/AWS exports/`, and messages must still name the
/// whole path.
final class Scratch {
    let url: URL

    init(_ label: String = "test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("lambda-reach \(label)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    var path: String { url.path }

    func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }

    /// A fresh inventory in this directory.
    func store(_ name: String = "inventory.sqlite") throws -> InventoryStore {
        try InventoryStore(path: path(name), create: true)
    }

    /// Writes `text` to `relative` (creating folders) and returns the file's path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    /// Copies a fixture folder or file into this directory under `relative`.
    @discardableResult
    func copy(_ source: URL, to relative: String) throws -> String {
        let destination = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(
            at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: destination)
        return destination.path
    }
}

/// A fixed import time, so that dumps compare equal across runs.
let fixedDate = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

@discardableResult
func importPaths(
    _ paths: [String], into store: InventoryStore, account: String? = nil, region: String? = nil,
    at date: Date = fixedDate
) throws -> ImportSummary {
    try Importer(store: store, options: ImportOptions(account: account, region: region, importedAt: date)).importPaths(
        paths)
}

/// Rows in `table`.
func rowCount(_ store: InventoryStore, _ table: String) throws -> Int {
    try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? 0 }
}

/// Rows per table for the tables named.
func rowCounts(_ store: InventoryStore, _ tables: [String]) throws -> [String: Int] {
    var counts: [String: Int] = [:]
    for table in tables { counts[table] = try rowCount(store, table) }
    return counts
}

/// The scopes of the inventory as `account/region`, sorted.
func scopes(_ store: InventoryStore) throws -> [String] {
    try store.read { db in
        try String.fetchAll(db, sql: "SELECT account_id || '/' || region FROM scopes ORDER BY 1")
    }
}

/// `account/region` of the scope that holds `id` in `table` (by its first column).
func scope(of id: String, in table: String, store: InventoryStore) throws -> String? {
    try store.read { db in
        let key = try db.columns(in: table)[0].name
        return try String.fetchOne(
            db,
            sql: """
                SELECT s.account_id || '/' || s.region FROM "\(table)" t JOIN scopes s ON s.scope_id = t.scope_id
                WHERE t."\(key)" = ?
                """, arguments: [id])
    }
}

/// A dump split into its tables, each a set of row lines: for "these rows are still there" checks.
func dumpTables(_ dump: String) -> [String: Set<String>] {
    var tables: [String: Set<String>] = [:]
    var current = ""
    for line in dump.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
        if line.hasPrefix("== ") {
            current = String(line.dropFirst(3))
            tables[current, default: []] = []
        } else {
            tables[current, default: []].insert(String(line))
        }
    }
    return tables
}

/// A value as text, strings without quotes: `NULL`, `42`, `subnet-0a`.
func plain(_ value: DatabaseValue) -> String {
    switch value.storage {
    case .null: return "NULL"
    case .int64(let number): return String(number)
    case .double(let number): return String(number)
    case .string(let text): return text
    case .blob(let data): return data.base64EncodedString()
    }
}

/// The bytes of a file (nil when it does not exist).
func fileBytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

/// Runs an import that must fail, and checks what an operator would need from the message:
/// the file, the JSON path and what was expected; and that the inventory did not change at all.
@discardableResult
func expectImportFailure(
    _ paths: [String], into store: InventoryStore, file: String, jsonPath: String, mentions: [String],
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws -> ImportError? {
    let dumpBefore = try store.dump()
    let bytesBefore = fileBytes(store.path)
    let error = #expect(throws: ImportError.self, sourceLocation: sourceLocation) {
        try importPaths(paths, into: store)
    }
    if let error {
        #expect(error.file == file, "the error names the file", sourceLocation: sourceLocation)
        #expect(error.jsonPath == jsonPath, "the error names the JSON path", sourceLocation: sourceLocation)
        let text = error.description
        #expect(text.contains(file), "the message names the file: \(text)", sourceLocation: sourceLocation)
        #expect(text.contains(jsonPath), "the message names the JSON path: \(text)", sourceLocation: sourceLocation)
        for fragment in mentions {
            #expect(
                text.contains(fragment), "the message says \(fragment.debugDescription): \(text)",
                sourceLocation: sourceLocation)
        }
    }
    #expect(
        try store.dump() == dumpBefore, "the inventory is unchanged after a failed import",
        sourceLocation: sourceLocation)
    #expect(
        fileBytes(store.path) == bytesBefore, "the database file is unchanged after a failed import",
        sourceLocation: sourceLocation)
    return error
}

/// Every table the schema defines that holds resources, for count comparisons.
let resourceTables = [
    "vpcs", "vpc_cidr_blocks", "vpc_attributes", "dhcp_options", "dhcp_options_dns_servers", "subnets",
    "subnet_ipv6_cidr_blocks", "route_tables", "routes",
    "route_table_associations", "internet_gateways", "internet_gateway_attachments", "egress_only_internet_gateways",
    "egress_only_internet_gateway_attachments", "nat_gateways", "nat_gateway_addresses", "vpc_endpoints",
    "vpc_endpoint_route_tables", "vpc_endpoint_subnets", "vpc_endpoint_security_groups",
    "vpc_endpoint_network_interfaces", "security_groups", "security_group_rules", "network_acls", "network_acl_entries",
    "network_acl_associations", "prefix_lists", "prefix_list_entries", "vpc_peering_connections",
    "vpc_peering_connection_cidrs", "transit_gateways", "transit_gateway_attachments",
    "transit_gateway_vpc_attachments", "transit_gateway_vpc_attachment_subnets", "transit_gateway_route_tables",
    "transit_gateway_route_table_associations", "transit_gateway_route_table_propagations", "transit_gateway_routes",
    "network_interfaces", "network_interface_addresses",
    "network_interface_ipv6_addresses", "network_interface_security_groups", "lambda_functions",
    "lambda_function_subnets", "lambda_function_security_groups", "lambda_capacity_providers",
    "lambda_capacity_provider_subnets", "lambda_capacity_provider_security_groups", "rds_db_subnet_groups",
    "rds_db_subnet_group_subnets",
    "rds_db_proxy_targets", "rds_databases", "rds_database_subnets", "rds_database_security_groups", "iam_roles",
    "iam_role_inline_policies",
    "iam_role_attached_policies", "iam_policies", "cloudformation_exports", "cloudformation_stack_resources",
    "vpc_endpoint_dns_entries", "availability_zones", "ram_resource_shares", "ram_resources", "ram_principals",
    "hosted_zone_vpc_associations", "hosted_zone_records", "resolver_rules", "resolver_rule_target_ips",
    "resolver_rule_associations", "vpc_block_public_access_options", "vpc_block_public_access_exclusions",
]

/// `expected` with every resource table it does not name set to 0: a count test then also
/// says that nothing else was written.
func withZeros(_ expected: [String: Int]) -> [String: Int] {
    var all = Dictionary(uniqueKeysWithValues: resourceTables.map { ($0, 0) })
    for (table, count) in expected { all[table] = count }
    return all
}
