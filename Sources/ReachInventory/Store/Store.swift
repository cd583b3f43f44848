import Foundation
import GRDB

/// The SQLite inventory: created from schema.sql, checked on open, written in one transaction.
public final class InventoryStore {
    /// The schema version this build reads and writes; schema.sql records it in `lr_meta`.
    public static let schemaVersion = 3
    /// The whole schema, as embedded from schema.sql at build time.
    public static var schemaSQL: String { EmbeddedSchema.sql }

    public let path: String
    let queue: DatabaseQueue

    /// Opens the inventory at `path`, creating it when the file does not exist (or is empty)
    /// and `create` is true. Refuses a file that is not a lambda-reach inventory, and one
    /// written by another schema version.
    public init(path: String, create: Bool) throws(InventoryError) {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && !create {
            throw InventoryError.noInventory(path: path)
        }
        if exists {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                throw InventoryError.notAnInventory(path: path, reason: "it is a directory")
            }
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.readonly = false
        // Several lambda-reach processes may read one inventory at once (scripts, CI jobs).
        configuration.busyMode = .timeout(10)
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            // GRDB reads the file as it opens it: a text file is refused here.
            throw InventoryError.notAnInventory(path: path, reason: "it is not an SQLite database")
        } catch {
            throw InventoryError.notAnInventory(path: path, reason: "\(error)")
        }
        do {
            // Touch the file so that a file that is not SQLite is refused here, with no write.
            _ = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw InventoryError.notAnInventory(path: path, reason: "it is not an SQLite database")
        } catch {
            throw InventoryError.notAnInventory(path: path, reason: "\(error)")
        }
        try checkOrCreate(create: create)
    }

    private func checkOrCreate(create: Bool) throws(InventoryError) {
        do {
            let empty = try queue.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") == 0
            }
            if empty && create {
                try queue.write { db in try db.execute(sql: Self.schemaSQL) }
                return
            }
            try queue.read { db in
                let tables = try String.fetchAll(
                    db,
                    sql:
                        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
                if tables.isEmpty { throw InventoryError.noInventory(path: path) }
                guard tables.contains("lr_meta"),
                    let application = try String.fetchOne(
                        db, sql: "SELECT value FROM lr_meta WHERE key = 'application'"),
                    application == "lambda-reach"
                else {
                    throw InventoryError.notAnInventory(
                        path: path,
                        reason:
                            "it is an SQLite database with other tables (\(tables.prefix(5).joined(separator: ", ")))")
                }
                let version = try String.fetchOne(db, sql: "SELECT value FROM lr_meta WHERE key = 'schema_version'")
                guard version == String(Self.schemaVersion) else {
                    throw InventoryError.schemaVersionMismatch(
                        path: path, found: version ?? "none", expected: Self.schemaVersion)
                }
            }
        } catch let error as InventoryError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw InventoryError.notAnInventory(path: path, reason: "it is not an SQLite database")
        } catch {
            throw InventoryError.database(path: path, message: "\(error)")
        }
    }

    /// Runs `body` in one read transaction.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.read(body)
    }

    /// Runs `body` on the connection outside an implicit read-only transaction: the loader
    /// keeps its selection in TEMP tables, which a read-only transaction refuses.
    func session<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.inDatabase(body)
    }

    /// Runs `body` in one write transaction: either all of it lands, or none of it.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try queue.write(body)
    }

    /// Every table's rows in a stable order, as text: what the determinism tests compare.
    public func dump(excludingColumns excluded: Set<String> = []) throws -> String {
        try queue.read { db in
            var out = ""
            let tables = try String.fetchAll(
                db,
                sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            for table in tables {
                let columns = try db.columns(in: table).map(\.name)
                out += "== \(table)\n"
                let kept = columns.filter { !excluded.contains($0) }
                let order = columns.map { "\"\($0)\"" }.joined(separator: ", ")
                let rows = try GRDB.Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\" ORDER BY \(order)")
                for row in rows {
                    out +=
                        kept.map { column in
                            let value: DatabaseValue = row[column]
                            return value.isNull ? "NULL" : value.description
                        }.joined(separator: "|") + "\n"
                }
            }
            return out
        }
    }
}

/// Problems with the inventory file itself.
public enum InventoryError: Error, CustomStringConvertible, Sendable {
    case noInventory(path: String)
    case notAnInventory(path: String, reason: String)
    case schemaVersionMismatch(path: String, found: String, expected: Int)
    case database(path: String, message: String)

    public var description: String {
        switch self {
        case .noInventory(let path):
            return
                "no inventory at \(path): run `lambda-reach import PATH...` first (or name one with --db / LAMBDA_REACH_DB)"
        case .notAnInventory(let path, let reason):
            return
                "\(path) is not a lambda-reach inventory (\(reason)); refusing to touch it. Name another file with --db."
        case .schemaVersionMismatch(let path, let found, let expected):
            return
                "\(path) was written with inventory schema version \(found); this lambda-reach reads version \(expected). Import your exports again into a new file (--db)."
        case .database(let path, let message):
            return "\(path): \(message)"
        }
    }
}
