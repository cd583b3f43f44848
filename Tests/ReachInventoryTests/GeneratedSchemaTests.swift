import GRDB
import Testing

@testable import ReachInventory

/// The Swift names generated from schema.sql (Plugins/EmbedSchema) against the tables SQLite
/// makes of the same file: a generator that misread a column would put values in the wrong
/// place, and only this comparison would say so.
@Suite("Names generated from schema.sql")
struct GeneratedSchemaTests {
    @Test("every table and column, in SQLite's order, with its position")
    func columnsMatchTheDatabase() throws {
        let scratch = try Scratch("generated")
        let store = try scratch.store()
        let tables = try store.read { db in
            try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
        }
        #expect(Table.allCases.map(\.rawValue) == tables)
        for table in Table.allCases {
            let names = try store.read { db in try db.columns(in: table.rawValue).map(\.name) }
            #expect(table.columns.map(\.name) == names, "\(table.rawValue)")
            #expect(table.columns.map(\.position) == Array(names.indices), "\(table.rawValue)")
            #expect(table.columns.allSatisfy { $0.table == table.rawValue }, "\(table.rawValue)")
        }
    }

    @Test("a generated row puts each value under its column, and leaves scope_id to the writer")
    func rowsByColumn() {
        let row = Row.subnetIpv6CidrBlocks(subnetId: "subnet-1".databaseValue, cidr: "2600::/64".databaseValue)
        #expect(row[Schema.SubnetIpv6CidrBlocks.subnetId] == "subnet-1".databaseValue)
        #expect(row[Schema.SubnetIpv6CidrBlocks.cidr] == "2600::/64".databaseValue)
        let vpc = Row.vpcs(vpcId: "vpc-1".databaseValue, name: "main".databaseValue)
        #expect(vpc[Schema.Vpcs.scopeId] == .null)
        #expect(vpc[Schema.Vpcs.name] == "main".databaseValue)
        #expect(vpc.values.count == Schema.Vpcs.columns.count)
    }

    @Test("the version is the one schema.sql inserts into lr_meta")
    func version() {
        #expect(Schema.version == InventoryStore.schemaVersion)
        #expect(Schema.sql.contains("VALUES ('schema_version', '\(Schema.version)');"))
    }
}
