import Foundation
import GRDB
import ReachCore
import ReachInventory
import Testing

/// The loader reads the large tables of a whole inventory in their stored order (a scan), not in
/// their IDs' order, and takes each security group's rules as the run of rows lambda-reach
/// writes them in. A file changed by something else (rows deleted and inserted again) can
/// store them in any order: the model must be the same, so a group whose rules
/// are not one run in order has them read again, in order.
@Suite("An inventory whose rows are stored in another order loads the same model")
struct StoredOrderTests {
    /// Tables rewritten in another order, and the order: the rows in reverse, and the rules
    /// by ordinal first, so that every group's rules are scattered, last first.
    static let reorderings = [
        ("security_group_rules", "ordinal DESC, group_id, is_egress"),
        ("security_groups", "rowid DESC"), ("vpcs", "rowid DESC"), ("subnets", "rowid DESC"),
        ("route_tables", "rowid DESC"), ("route_table_associations", "rowid DESC"),
        ("network_acls", "rowid DESC"), ("network_acl_associations", "rowid DESC"),
        ("nat_gateways", "rowid DESC"), ("vpc_endpoints", "rowid DESC"), ("lambda_functions", "rowid DESC"),
        ("rds_databases", "rowid DESC"),
    ]

    @Test("every large table stored in reverse, each group's rules scattered and last first")
    func sameModel() throws {
        let scratch = try Scratch("stored-order")
        let written = try OrganisationGenerator.imported(into: scratch, as: "written.sqlite")
        let reorderedPath = scratch.path("reordered.sqlite")
        try FileManager.default.copyItem(atPath: written.path, toPath: reorderedPath)
        do {
            // Rows are deleted and inserted again: the children's cascades must not fire.
            var configuration = Configuration()
            configuration.foreignKeysEnabled = false
            let queue = try DatabaseQueue(path: reorderedPath, configuration: configuration)
            try queue.write { db in
                for (table, order) in Self.reorderings {
                    try db.execute(sql: "CREATE TEMP TABLE stored AS SELECT * FROM \(table)")
                    try db.execute(sql: "DELETE FROM \(table)")
                    try db.execute(sql: "INSERT INTO \(table) SELECT * FROM stored ORDER BY \(order)")
                    try db.execute(sql: "DROP TABLE stored")
                }
            }
            // The rules really are out of order now: a later rule of a group before an earlier one.
            let inversions = try queue.read { db in
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT count(*) FROM security_group_rules a JOIN security_group_rules b
                          ON a.group_id = b.group_id AND a.is_egress = b.is_egress
                         AND a.rowid < b.rowid AND a.ordinal > b.ordinal
                        """) ?? 0
            }
            #expect(inversions > 100)
        }
        let reordered = try InventoryStore(path: reorderedPath, create: false)
        #expect(try written.dump() == reordered.dump(), "the same rows, in another order")

        let expected = try NetworkLoader(store: written).load()
        let loaded = try NetworkLoader(store: reordered).load()
        #expect(expected.securityGroups.values.contains { $0.ingress.count > 3 && $0.egress.count > 0 })
        #expect(Self.differing(loaded.securityGroups, expected.securityGroups) == [])
        #expect(Self.differing(loaded.vpcs, expected.vpcs) == [])
        #expect(Self.differing(loaded.subnets, expected.subnets) == [])
        #expect(Self.differing(loaded.routeTables, expected.routeTables) == [])
        #expect(Self.differing(loaded.networkACLs, expected.networkACLs) == [])
        #expect(Self.differing(loaded.natGateways, expected.natGateways) == [])
        #expect(Self.differing(loaded.endpoints, expected.endpoints) == [])
        #expect(Self.differing(loaded.functions, expected.functions) == [])
        #expect(Self.differing(loaded.databases, expected.databases) == [])
        #expect(loaded.functions.count == 12)
    }

    /// The keys whose values differ between `a` and `b` (or that one of them lacks), sorted: a
    /// failure names them rather than print two whole models.
    static func differing<Value: Equatable>(_ a: [String: Value], _ b: [String: Value]) -> [String] {
        Set(a.keys).union(b.keys).filter { a[$0] != b[$0] }.sorted()
    }
}
