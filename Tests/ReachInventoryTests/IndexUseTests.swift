import Foundation
import GRDB
import ReachCore
import ReachInventory
import Testing

/// A question or an import on a 10,000-VPC organisation must cost what the organisation's size
/// says, not its square (issue 26: a query at 10,000 VPCs <= 1.2x the query at 100; import
/// time per MB constant). That holds only while every statement that runs per question, per
/// file or per record finds its rows through an index: one full scan of a big table in such a
/// statement (a `WHERE a IN (...) OR b IN (...)` that SQLite cannot split, a filter on an
/// unindexed column or on an expression of the key) grows with the organisation. Timing cannot
/// show that on a fixture this small, but SQLite's query plan can: each statement is asked for
/// its plan, and no step may scan a table of the inventory.
@Suite("Questions and imports read the inventory through indexes")
struct IndexUseTests {
    @Test(
        "no statement of a question scans a table",
        arguments: ["internet", "rds:db-app", "RDS:DB-APP", "aws:dynamodb", "aws:logs", "ip:10.0.1.10:443"])
    func question(target: String) throws {
        let scratch = try Scratch("plans")
        let store = try scratch.store()
        _ = try importPaths([Fixtures.roundTrip.path], into: store)
        let parsed = try Target(parsing: target)
        let trace = try Trace.statements(store) {
            let reachability = Reachability(store: store)
            let arn = try reachability.functionArn("fn-app")
            _ = try reachability.network(forFunction: arn, target: parsed)
        }
        #expect(trace.queries.count > 20, "the trace saw the question's queries: \(trace.queries.count)")
        // `ip:` targets find the VPC holding the address by reading every VPC's CIDR blocks:
        // one small row per VPC block, the one read that grows with the organisation by design
        // (a containment test is not an index lookup). GRDB counts the schema's entries when
        // it opens the inventory. `own` is the transit gateways of the wanted VPCs (a CTE).
        let allowed = ["SCAN vpc_cidr_blocks", "SCAN sqlite_master", "SCAN own"]
        for statement in trace.queries {
            let scans = try Trace.fullScans(statement, store: store).filter { scan in
                !allowed.contains { scan.hasPrefix($0) }
            }
            #expect(scans.isEmpty, "\(scans) in:\n\(statement)")
        }
    }

    /// An import runs statements per record (replacing a copy, merging rules, deleting a
    /// record's older rows) and per file; a re-import and a file listed twice run them all.
    /// Statements that run once per import (the final reference checks, per scope) may read a
    /// table whole; a statement run more than once may not.
    @Test("no statement an import repeats scans a table")
    func reimport() throws {
        let scratch = try Scratch("plans")
        let store = try scratch.store()
        _ = try importPaths([Fixtures.roundTrip.path], into: store)
        // The same account again, with its describe-vpcs and VPC attributes listed twice
        // (a later copy replaces the earlier one's rows, record by record).
        let folder = try scratch.copy(Fixtures.roundTrip, to: "again")
        for name in [
            "describe-vpcs.json", "describe-vpc-attribute-dns-support.json", "describe-security-groups.json",
            "describe-security-group-rules.json", "list-functions.json",
        ] {
            try FileManager.default.copyItem(
                atPath: folder + "/" + name, toPath: folder + "/zz-copy-" + name)
        }
        let trace = try Trace.statements(store) {
            _ = try importPaths([folder], into: store, account: "111122223333", region: "eu-west-1")
        }
        let repeated = trace.queriesByText.filter { $0.value.count > 1 }
        #expect(repeated.count > 20, "the trace saw the import's repeated statements: \(repeated.count)")
        for (text, instances) in repeated.sorted(by: { $0.key < $1.key }) {
            // GRDB reads the schema (sqlite_master, sqlite_temp_master) as it needs it.
            let scans = try Trace.fullScans(instances[0], store: store).filter { !$0.hasPrefix("SCAN sqlite_") }
            #expect(scans.isEmpty, "\(scans), \(instances.count) times, in:\n\(text)")
        }
    }
}

/// The statements run on an inventory's connection while `body` runs.
private struct Trace {
    /// Each query's SQL with its arguments (`expandedSQL`: a plan needs no bindings), in order.
    var queries: [String]
    /// The same, grouped by the statement's text before binding.
    var queriesByText: [String: [String]]

    static func statements(_ store: InventoryStore, during body: () throws -> Void) throws -> Trace {
        let seen = Statements()
        try store.read { db in
            db.trace(options: .statement) { event in
                if case .statement(let statement) = event { seen.add(statement.sql, statement.expandedSQL) }
            }
        }
        defer { try? store.read { db in db.trace(options: .statement, nil) } }
        try body()
        // Transaction control and pragmas have no plan (and must not be prepared again here:
        // GRDB tracks the transaction state from the statements it prepares).
        let queries = seen.all.filter { statement in
            let verb = statement.text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(7).uppercased()
            return ["SELECT", "INSERT", "WITH", "DELETE", "UPDATE"].contains { verb.hasPrefix($0) }
        }
        return Trace(
            queries: queries.map(\.expanded),
            queriesByText: Dictionary(grouping: queries, by: \.text).mapValues { $0.map(\.expanded) })
    }

    /// The plan steps of `sql` that read a whole table: `SCAN t`, with or without an index (a
    /// covering index scan still reads every row). Scans of the question's own temporary
    /// tables (`wanted_*`, a few rows) and of subqueries' results are not the inventory's.
    static func fullScans(_ sql: String, store: InventoryStore) throws -> [String] {
        try store.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN \(sql)").compactMap { row -> String? in
                let detail: String = row["detail"]
                guard detail.hasPrefix("SCAN ") else { return nil }
                let table = detail.dropFirst(5).prefix { $0 != " " }
                if table.hasPrefix("wanted_") || table.hasPrefix("(subquery") || table == "CONSTANT" { return nil }
                return detail
            }
        }
    }
}

/// The statements a trace saw (the trace runs on the connection's queue; the test reads them
/// after).
private final class Statements: @unchecked Sendable {
    private let lock = NSLock()
    private var statements: [(text: String, expanded: String)] = []

    func add(_ text: String, _ expanded: String) { lock.withLock { statements.append((text, expanded)) } }
    var all: [(text: String, expanded: String)] { lock.withLock { statements } }
}
