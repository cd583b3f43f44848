import Foundation
import GRDB
import ReachInventory
import Testing

/// A database file that is not a lambda-reach inventory, or one from another schema version,
/// is refused and left exactly as it was.
@Suite("The inventory file: refused when it is not ours, checked for its schema version")
struct StoreFileTests {
    /// Opens `path` as an inventory (with create: true, the import command's mode) and
    /// returns the error; the file's bytes must not change.
    func refuse(_ path: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> InventoryError? {
        let before = fileBytes(path)
        let error = #expect(throws: InventoryError.self, sourceLocation: sourceLocation) {
            _ = try InventoryStore(path: path, create: true)
        }
        #expect(fileBytes(path) == before, "the refused file is left as it was", sourceLocation: sourceLocation)
        return error
    }

    @Test("an SQLite database with another table")
    func foreignSQLite() throws {
        let scratch = try Scratch("foreign")
        let path = scratch.path("app.sqlite")
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
            try db.execute(sql: "INSERT INTO notes (body) VALUES ('keep me')")
        }
        try queue.close()

        let error = refuse(path)
        guard case .notAnInventory(let reported, let reason)? = error else {
            Issue.record("expected notAnInventory, got \(String(describing: error))")
            return
        }
        #expect(reported == path)
        #expect(reason.contains("notes"))
        #expect(error!.description.contains("refusing to touch it"))
        let rows = try DatabaseQueue(path: path).read { db in try String.fetchAll(db, sql: "SELECT body FROM notes") }
        #expect(rows == ["keep me"])
    }

    @Test("an SQLite database in WAL mode with another table")
    func foreignSQLiteInWALMode() throws {
        let scratch = try Scratch("foreign-wal")
        let path = scratch.path("app.sqlite")
        let pool = try DatabasePool(path: path)
        try pool.write { db in
            try db.execute(sql: "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
            try db.execute(sql: "INSERT INTO notes (body) VALUES ('keep me')")
        }
        try pool.close()
        #expect(fileBytes(path).map { [$0[18], $0[19]] } == [2, 2], "the file is in WAL mode")

        let error = refuse(path)
        guard case .notAnInventory(_, let reason)? = error else {
            Issue.record("expected notAnInventory, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("notes"))
    }

    @Test("a text file")
    func textFile() throws {
        let scratch = try Scratch("text")
        let path = try scratch.write("notes.txt", "These are my notes, not a database.\n")
        let error = refuse(path)
        guard case .notAnInventory(let reported, let reason)? = error else {
            Issue.record("expected notAnInventory, got \(String(describing: error))")
            return
        }
        #expect(reported == path)
        #expect(reason.contains("not an SQLite database"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "These are my notes, not a database.\n")
    }

    @Test("a directory")
    func directory() throws {
        let scratch = try Scratch("directory")
        guard case .notAnInventory(_, let reason)? = refuse(scratch.path) else {
            Issue.record("expected notAnInventory")
            return
        }
        #expect(reason.contains("directory"))
    }

    @Test("an inventory written by another schema version")
    func otherSchemaVersion() throws {
        let scratch = try Scratch("version")
        let path = scratch.path("inventory.sqlite")
        do {
            let store = try InventoryStore(path: path, create: true)
            try importPaths([Fixtures.snapshot("batfish-test-nat-gateway").path], into: store)
        }
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "UPDATE lr_meta SET value = '0' WHERE key = 'schema_version'") }
        try queue.close()

        let error = refuse(path)
        guard case .schemaVersionMismatch(let reported, let found, let expected)? = error else {
            Issue.record("expected schemaVersionMismatch, got \(String(describing: error))")
            return
        }
        #expect(reported == path)
        #expect(found == "0")
        #expect(expected == InventoryStore.schemaVersion)
        #expect(error!.description.contains("version 0"))
        #expect(error!.description.contains("version \(InventoryStore.schemaVersion)"))

        // Opening it for reading is refused the same way.
        #expect(throws: InventoryError.self) { _ = try InventoryStore(path: path, create: false) }
    }

    @Test("schema.sql records the version the store checks")
    func embeddedSchemaVersion() throws {
        #expect(InventoryStore.schemaSQL.contains("('schema_version', '\(InventoryStore.schemaVersion)')"))
        let scratch = try Scratch("meta")
        let store = try scratch.store()
        let meta = try store.read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT key, value FROM lr_meta ORDER BY key").map {
                "\($0["key"] as String)=\($0["value"] as String)"
            }
        }
        #expect(meta == ["application=lambda-reach", "schema_version=\(InventoryStore.schemaVersion)"])
    }

    @Test("no inventory, and not asked to create one")
    func missingInventory() throws {
        let scratch = try Scratch("missing")
        let path = scratch.path("absent.sqlite")
        let error = #expect(throws: InventoryError.self) { _ = try InventoryStore(path: path, create: false) }
        guard case .noInventory(let reported)? = error else {
            Issue.record("expected noInventory, got \(String(describing: error))")
            return
        }
        #expect(reported == path)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("an empty file becomes an inventory")
    func emptyFile() throws {
        let scratch = try Scratch("empty")
        let path = try scratch.write("new.sqlite", "")
        let store = try InventoryStore(path: path, create: true)
        #expect(try rowCounts(store, resourceTables) == withZeros([:]))
    }
}
