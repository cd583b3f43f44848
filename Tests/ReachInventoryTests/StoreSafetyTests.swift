import Foundation
import GRDB
import ReachCore
import ReachInventory
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The inventory file as something else may have left it: another application's database, a
/// file locked by another process, a folder that cannot hold a new file, values edited by hand.
@Suite("The inventory file: other applications' databases, locks, folders, values edited by hand")
struct StoreSafetyTests {
    /// Opens `path` for an import (create: true) and returns the error; the file's bytes must
    /// not change.
    func refuse(_ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> InventoryError? {
        let before = fileBytes(path)
        let error = #expect(throws: InventoryError.self, sourceLocation: sourceLocation) {
            _ = try InventoryStore(path: path, create: true)
        }
        #expect(fileBytes(path) == before, "the refused file is left as it was", sourceLocation: sourceLocation)
        return error
    }

    /// An SQLite file made by running `sql`.
    func sqliteFile(_ scratch: Scratch, _ name: String, _ sql: String) throws -> String {
        let path = scratch.path(name)
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
        try queue.close()
        return path
    }

    @Test(
        "another application's SQLite file without a table is refused, not taken for an empty inventory",
        arguments: [
            ("a view only", "CREATE VIEW answers AS SELECT 42 AS answer", "answers"),
            ("only user_version", "PRAGMA user_version = 7", "user_version 7"),
            ("only application_id", "PRAGMA application_id = 1196444237", "application_id 1196444237"),
            ("a view and a user_version", "CREATE VIEW settings AS SELECT 1; PRAGMA user_version = 3", "settings"),
        ])
    func foreignWithoutTables(what: String, sql: String, mentioned: String) throws {
        let scratch = try Scratch("foreign-\(what.split(separator: " ").joined(separator: "-"))")
        let path = try sqliteFile(scratch, "other.sqlite", sql)
        guard case .notAnInventory(let reported, let reason)? = refuse(path) else {
            Issue.record("\(what): expected notAnInventory")
            return
        }
        #expect(reported == path)
        #expect(reason.contains(mentioned), "\(what): \(reason)")
        // Reading is refused the same way, not reported as "no inventory".
        #expect(throws: InventoryError.self) { _ = try InventoryStore(path: path, create: false) }
    }

    @Test("a new inventory carries lambda-reach's application_id; an empty file and a blank SQLite file become one")
    func applicationID() throws {
        let scratch = try Scratch("application-id")
        let blank = try sqliteFile(scratch, "blank.sqlite", "SELECT 1")
        for path in [scratch.path("new.sqlite"), try scratch.write("empty.sqlite", ""), blank] {
            _ = try InventoryStore(path: path, create: true)
            let id = try DatabaseQueue(path: path).read { db in try Int32.fetchOne(db, sql: "PRAGMA application_id") }
            #expect(id == InventoryStore.applicationID, "\(path)")
            #expect(InventoryStore.applicationID == 0x4C52_6368, "\"LRch\"")
            // And it opens again, for reading.
            _ = try InventoryStore(path: path, create: false)
        }
    }

    @Test("an inventory without the application_id (or with another one) is refused, and says why")
    func inventoryWithoutApplicationID() throws {
        let scratch = try Scratch("no-application-id")
        let path = scratch.path("inventory.sqlite")
        _ = try InventoryStore(path: path, create: true)
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA application_id = 0") }
        try queue.close()
        guard case .notAnInventory(_, let reason)? = refuse(path) else {
            Issue.record("expected notAnInventory")
            return
        }
        #expect(reason.contains("earlier lambda-reach"), "\(reason)")

        let other = try DatabaseQueue(path: path)
        try other.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA application_id = 42") }
        try other.close()
        guard case .notAnInventory(_, let otherReason)? = refuse(path) else {
            Issue.record("expected notAnInventory")
            return
        }
        #expect(otherReason.contains("another application (application_id 42"), "\(otherReason)")
    }

    @Test("a file locked by another process for longer than the busy timeout says so")
    func locked() throws {
        let scratch = try Scratch("locked")
        let path = scratch.path("inventory.sqlite")
        _ = try InventoryStore(path: path, create: true)
        let opened = try InventoryStore(path: path, create: false, busyTimeout: 0.2)
        // Another connection takes the file for itself, as an import's commit does.
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true  // the lock is held across accesses
        let holder = try DatabaseQueue(path: path, configuration: configuration)
        try holder.inDatabase { db in try db.execute(sql: "BEGIN EXCLUSIVE") }
        defer { try? holder.inDatabase { db in try db.execute(sql: "ROLLBACK") } }

        let error = #expect(throws: InventoryError.self) {
            _ = try InventoryStore(path: path, create: false, busyTimeout: 0.2)
        }
        guard case .locked(let reported, _)? = error else {
            Issue.record("opening: expected locked, got \(String(describing: error))")
            return
        }
        #expect(reported == path)
        #expect(error!.description.contains("locked by another process (busy for 0.2 s); retry"), "\(error!)")
        #expect(!error!.description.contains("not a lambda-reach inventory"))

        // A store opened before the lock says the same when it reads.
        for read in [
            { _ = try InventoryListing(store: opened).functions() },
            { _ = try NetworkLoader(store: opened).load(.all) },
        ] as [() throws -> Void] {
            let readError = #expect(throws: InventoryError.self) { try read() }
            guard case .locked? = readError else {
                Issue.record("reading: expected locked, got \(String(describing: readError))")
                continue
            }
        }
    }

    @Test("a new inventory in a folder that does not exist: the folder is named, nothing is created")
    func missingFolder() throws {
        let scratch = try Scratch("missing-folder")
        let path = scratch.path("no/such/folder/inventory.sqlite")
        let error = #expect(throws: InventoryError.self) { _ = try InventoryStore(path: path, create: true) }
        guard case .cannotCreate(let reported, let reason)? = error else {
            Issue.record("expected cannotCreate, got \(String(describing: error))")
            return
        }
        #expect(reported == path)
        #expect(reason.contains("does not exist") && reason.contains("no/such/folder"), "\(reason)")
        #expect(!error!.description.contains("not a lambda-reach inventory"))
        #expect(!FileManager.default.fileExists(atPath: scratch.path("no")))
    }

    /// A folder this process cannot write in: a chmod 0555 folder for a user, a read-only
    /// file system's for root (which permission bits do not stop).
    func readOnlyFolder(_ scratch: Scratch) throws -> String? {
        if getuid() != 0 {
            let folder = scratch.path("read-only")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder)
            return folder
        }
        return ["/proc/sys", "/sys/fs/cgroup", "/proc"].first { access($0, W_OK) != 0 }
    }

    @Test("a new inventory in a read-only folder: the folder is named as read-only")
    func readOnly() throws {
        let scratch = try Scratch("read-only-folder")
        guard let folder = try readOnlyFolder(scratch) else {
            Issue.record("no read-only folder to test with (running as root, and no read-only file system found)")
            return
        }
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder) }
        let path = folder + "/lambda-reach-test-inventory.sqlite"
        let error = #expect(throws: InventoryError.self) { _ = try InventoryStore(path: path, create: true) }
        guard case .cannotCreate(_, let reason)? = error else {
            Issue.record("expected cannotCreate, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("read-only") && reason.contains(folder), "\(reason)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    // MARK: - Values edited by hand

    /// An inventory of the round-trip fixtures (every table has rows), changed by `sql` on a
    /// connection that enforces neither foreign keys nor CHECK constraints, as a hand edit with
    /// the sqlite3 shell can.
    func edited(_ scratch: Scratch, _ sql: String, _ arguments: StatementArguments = StatementArguments())
        throws -> InventoryStore
    {
        let path = scratch.path("edited.sqlite")
        try Self.importRoundTrip(into: path)
        try Self.edit(path, sql, arguments)
        return try InventoryStore(path: path, create: false)
    }

    /// A new inventory at `path` with the round-trip fixtures, and nothing the loader refuses:
    /// a NACL entry numbered beyond 32767, which older fixtures carried, is taken out.
    static func importRoundTrip(into path: String) throws {
        let store = try InventoryStore(path: path, create: true)
        try importPaths([Fixtures.roundTrip.path], into: store)
        try edit(path, "DELETE FROM network_acl_entries WHERE rule_number NOT BETWEEN 1 AND 32767")
    }

    static func edit(_ path: String, _ sql: String, _ arguments: StatementArguments = StatementArguments()) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            // A scratch file: no need to wait for the disk.
            try db.execute(sql: "PRAGMA synchronous = OFF")
            try db.execute(sql: sql, arguments: arguments)
        }
        try queue.close()
    }

    /// Runs `body`, which must fail with an `InventoryValueError` naming `table` and `column`.
    func expectValueError(
        table: String, column: String, mentions: [String] = [],
        sourceLocation: Testing.SourceLocation = #_sourceLocation,
        _ body: () throws -> Void
    ) {
        let error = #expect(
            throws: InventoryValueError.self, "\(table).\(column)", sourceLocation: sourceLocation
        ) { try body() }
        guard let error else { return }
        #expect(error.table == table, "\(error)", sourceLocation: sourceLocation)
        #expect(error.column == column, "\(error)", sourceLocation: sourceLocation)
        for fragment in mentions {
            #expect(error.description.contains(fragment), "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test("a BLOB in lambda_functions.state: `functions` and a load name the table, row and column")
    func blobInFunctionState() throws {
        let scratch = try Scratch("blob-state")
        let store = try edited(scratch, "UPDATE lambda_functions SET state = X'00FF10'")
        expectValueError(
            table: "lambda_functions", column: "state", mentions: ["BLOB of 3 bytes", "function_arn 'arn:"]
        ) {
            _ = try InventoryListing(store: store).functions()
        }
        expectValueError(table: "lambda_functions", column: "state") { _ = try NetworkLoader(store: store).load() }
    }

    @Test("a question by ARN or name reads the function's row with the checked readers: an error, never a trap")
    func questionReadsChecked() throws {
        let scratch = try Scratch("blob-name")
        let store = try edited(scratch, "UPDATE lambda_functions SET function_name = X'FF00FE'")
        let arn = "arn:aws:lambda:eu-west-1:111122223333:function:fn-app"
        do {
            _ = try Reachability(store: store).functionArn(arn)
            Issue.record("a BLOB name was read as a name")
        } catch {
            guard case .inventory(let problem) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(problem.table == "lambda_functions" && problem.column == "function_name", "\(problem)")
        }
    }

    @Test("values AWS never allows are errors naming table, row and column, not values for the solver")
    func valuesOutsideAWS() throws {
        let cases: [(sql: String, table: String, column: String, mentions: [String])] = [
            (
                "UPDATE network_acl_entries SET rule_number = -9223372036854775808 WHERE rule_number = 100",
                "network_acl_entries", "rule_number", ["-9223372036854775808 is not a network ACL rule number"]
            ),
            (
                "UPDATE security_group_rules SET from_port = 1000000000000 WHERE ip_protocol = 'tcp'",
                "security_group_rules", "from_port", ["1000000000000 is not a port (-1-65535)"]
            ),
            (
                "UPDATE network_acl_entries SET port_to = 70000 WHERE port_to IS NOT NULL",
                "network_acl_entries", "port_to", ["70000 is not a port"]
            ),
            (
                "UPDATE network_acl_entries SET protocol = '999' WHERE rule_number = 100",
                "network_acl_entries", "protocol", ["'999' is not a protocol"]
            ),
            ("UPDATE subnets SET cidr_block = 'banana'", "subnets", "cidr_block", ["'banana' is not an IPv4 CIDR"]),
            (
                "UPDATE network_acl_entries SET cidr_block = '10.0.0.0/33' WHERE cidr_block IS NOT NULL",
                "network_acl_entries", "cidr_block", ["'10.0.0.0/33' is not an IPv4 CIDR"]
            ),
            (
                "UPDATE routes SET destination_cidr = '0.0.0.0/' WHERE destination_cidr IS NOT NULL", "routes",
                "destination_cidr", ["is not an IPv4 CIDR"]
            ),
            (
                "UPDATE network_acl_entries SET rule_action = 'maybe'", "network_acl_entries", "rule_action",
                ["'maybe' is not allow or deny"]
            ),
            ("UPDATE vpcs SET name = X'FFFE'", "vpcs", "name", ["a BLOB of 2 bytes where text is expected"]),
            (
                "UPDATE scopes SET region = X'0001' WHERE scope_id = (SELECT scope_id FROM vpcs LIMIT 1)", "scopes",
                "region", ["a BLOB of 2 bytes where text is expected"]
            ),
            ("UPDATE vpcs SET is_default = 1.5", "vpcs", "is_default", ["the real number 1.5 where an integer"]),
            ("UPDATE rds_databases SET port = 99999", "rds_databases", "port", ["99999 is not a port"]),
            ("UPDATE vpcs SET is_default = 'yes'", "vpcs", "is_default", ["the text 'yes' where an integer"]),
        ]
        for (index, change) in cases.enumerated() {
            let scratch = try Scratch("outside-\(index)")
            let store = try edited(scratch, change.sql)
            expectValueError(table: change.table, column: change.column, mentions: change.mentions) {
                _ = try NetworkLoader(store: store).load()
            }
        }
    }

    /// The bytes of an inventory with a row in every table: the round-trip fixtures fill every
    /// table but the transit gateways', which the transit-gateway import test's documents fill.
    /// Made once for all the test cases below.
    static let pristine = Result { () throws -> Data in
        let scratch = try Scratch("any-value-pristine")
        let path = scratch.path("pristine.sqlite")
        try importRoundTrip(into: path)
        let store = try InventoryStore(path: path, create: false)
        try importPaths([try TransitGatewayImportTests().writeAll(scratch)], into: store)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// The tables of an inventory, from schema.sql.
    static let tables: [String] = {
        guard let queue = try? DatabaseQueue(),
            let names = try? queue.write({ db -> [String] in
                try db.execute(sql: InventoryStore.schemaSQL)
                return try String.fetchAll(
                    db,
                    sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1")
            })
        else { return [] }
        return names
    }()

    /// Every column of every table, set in one row to each of a few values a file can hold
    /// and lambda-reach never writes: `functions`, `inventory` and a load then an audit of
    /// everything must end with a result or an error, never a trap (a trap ends the test
    /// process, which fails the run). One test case per table, so that they run in parallel.
    @Test("any value in any column: no command traps", arguments: Self.tables)
    func anyValueAnywhere(table: String) throws {
        let scratch = try Scratch("any-value-\(table)")
        let pristine = scratch.path("pristine.sqlite")
        try Self.pristine.get().write(to: URL(fileURLWithPath: pristine))
        // The columns with their declared types, and the table's first row, found later by all
        // its values (WITHOUT ROWID tables have no rowid).
        let (columns, first) = try DatabaseQueue(path: pristine).read { db in
            (
                try db.columns(in: table).map { (name: $0.name, type: $0.type.uppercased()) },
                try GRDB.Row.fetchOne(db, sql: "SELECT * FROM \"\(table)\" LIMIT 1")
            )
        }
        guard let first else {
            Issue.record("\(table) has no row to change")
            return
        }
        let condition = first.columnNames.map { "\"\($0)\" IS ?" }.joined(separator: " AND ")
        let bytes = try Self.pristine.get()
        var mutations = 0
        for column in columns {
            // Invalid UTF-8 with a NUL in it and text anywhere; in a column of integers, the
            // most negative one too (in a TEXT column SQLite would store it as text).
            var hostile: [DatabaseValue] = [Data([0xFF, 0x00, 0xFE]).databaseValue, "banana".databaseValue]
            if column.type.contains("INT") { hostile.append(Int64.min.databaseValue) }
            for value in hostile {
                let path = scratch.path("mutated.sqlite")
                try bytes.write(to: URL(fileURLWithPath: path))
                let arguments = StatementArguments([value] + Array(first.databaseValues))
                do {
                    try Self.edit(path, "UPDATE \"\(table)\" SET \"\(column.name)\" = ? WHERE \(condition)", arguments)
                } catch {
                    continue  // NOT NULL, a primary key: SQLite itself refuses it
                }
                mutations += 1
                do {
                    let store = try InventoryStore(path: path, create: false)
                    _ = try InventoryListing(store: store).functions()
                    _ = try InventoryListing(store: store).counts()
                    let network = try NetworkLoader(store: store).load()
                    _ = Audit(network: network).run(AuditRequest())
                } catch let error as InventoryValueError {
                    #expect(
                        error.table.contains(table) || error.column == column.name,
                        "\(table).\(column.name) = \(value): the error names another place: \(error)")
                } catch {
                    // Refused otherwise (the file's own checks, SQL on a value it cannot use):
                    // an error, which is all this test asks.
                }
            }
        }
        // Every table has rows, and SQLite takes most values in most columns: the test did
        // change the table.
        #expect(mutations > 0, "no value could be written into \(table)")
    }
}
