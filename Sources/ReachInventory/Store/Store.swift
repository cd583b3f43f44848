import Foundation
import GRDB

/// The SQLite inventory: created from schema.sql, checked on open, written in one transaction,
/// read one snapshot at a time.
public final class InventoryStore {
    /// The schema version this build reads and writes: the one schema.sql records in `lr_meta`
    /// (read from there at build time).
    public static let schemaVersion = Schema.version
    /// SQLite's `application_id` of every inventory: "LRch" in ASCII. Set when an inventory is
    /// created and checked whenever one is opened, so that another application's database is
    /// never taken for ours, whatever tables it has or lacks.
    public static let applicationID: Int32 = 0x4C52_6368
    /// The whole schema, as embedded from schema.sql at build time.
    public static var schemaSQL: String { Schema.sql }

    public let path: String
    let queue: DatabaseQueue
    /// How long a read or write waits for another process's lock before giving up.
    let busyTimeout: TimeInterval
    /// The connection while `snapshot(_:)` holds its read transaction open, and the thread
    /// that holds it: every read that thread makes in the snapshot runs there. Another
    /// thread's reads go through the queue as usual (and wait for the snapshot to end).
    private var pinnedConnection: (db: Database, thread: pthread_t)?
    private let pinLock = NSLock()

    /// The snapshot's connection, when the calling thread holds one.
    private var pinned: Database? {
        pinLock.withLock {
            guard let pinnedConnection, pthread_equal(pinnedConnection.thread, pthread_self()) != 0 else {
                return nil
            }
            return pinnedConnection.db
        }
    }

    /// Opens the inventory at `path`, creating it when the file does not exist (or is empty)
    /// and `create` is true. Refuses a file that is neither empty nor a lambda-reach inventory
    /// (by its `application_id` and `lr_meta`), and one written by another schema version.
    /// `busyTimeout`: how long to wait for another process's lock (an import in progress).
    public init(path: String, create: Bool, busyTimeout: TimeInterval = 10) throws(InventoryError) {
        self.path = path
        self.busyTimeout = busyTimeout
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue {
            throw InventoryError.notAnInventory(path: path, reason: "it is a directory")
        }
        if !exists {
            guard create else { throw InventoryError.noInventory(path: path) }
            try Self.checkFolder(for: path)
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.readonly = false
        // Several lambda-reach processes may read one inventory at once (scripts, CI jobs).
        configuration.busyMode = .timeout(busyTimeout)
        Self.profileStatements(&configuration)
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw Self.openingError(error, path: path, create: create && !exists, busyTimeout: busyTimeout)
        } catch {
            throw InventoryError.database(path: path, message: "\(error)")
        }
        try checkOrCreate(create: create)
    }

    /// With `LAMBDA_REACH_SQL_PROFILE=MS` set, every statement that takes at least MS
    /// milliseconds is printed on standard error with its time (`lambda-reach: sql: 1.2 ms:
    /// SELECT ...`): how a statement that reads a whole table where it should seek is found
    /// (Benchmarks/README.md). SQLite measures in whole milliseconds on some systems.
    private static func profileStatements(_ configuration: inout Configuration) {
        guard let text = ProcessInfo.processInfo.environment["LAMBDA_REACH_SQL_PROFILE"],
            let threshold = Double(text)
        else { return }
        configuration.prepareDatabase { db in
            db.trace(options: .profile) { event in
                guard case .profile(let statement, let duration) = event, duration * 1000 >= threshold else { return }
                let line = String(format: "lambda-reach: sql: %.1f ms: ", duration * 1000) + statement.sql + "\n"
                FileHandle.standardError.write(Data(line.utf8))
            }
        }
    }

    /// An inventory in memory, for one run: a copy of `source` (or empty), which the run may
    /// change (templates laid over it) while the file stays as it is. `name` is what messages
    /// call it.
    public static func scratch(copying source: InventoryStore?, name: String) throws -> InventoryStore {
        var configuration = Configuration()
        // The overlay replaces a deployed resource's rows without its children's cascade.
        configuration.foreignKeysEnabled = false
        let queue = try DatabaseQueue(configuration: configuration)
        if let source {
            try source.translatingBusy { try source.queue.backup(to: queue) }
        } else {
            try queue.write { db in
                try db.execute(sql: Self.schemaSQL)
                try db.execute(sql: "PRAGMA application_id = \(Self.applicationID)")
            }
        }
        return InventoryStore(queue: queue, path: name)
    }

    private init(queue: DatabaseQueue, path: String) {
        self.queue = queue
        self.path = path
        self.busyTimeout = 0
    }

    /// A new inventory needs a folder it can be created in: say which problem it is, rather
    /// than SQLite's "unable to open database file".
    static func checkFolder(for path: String) throws(InventoryError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            throw InventoryError.cannotCreate(path: path, reason: "the folder \(folder) does not exist")
        }
        guard isDirectory.boolValue else {
            throw InventoryError.cannotCreate(path: path, reason: "\(folder) is not a folder")
        }
        // access(2), not the permission bits: it also says no on a read-only file system.
        guard access(folder, W_OK) == 0 else {
            let reason = errno == EROFS ? "is on a read-only file system" : "is read-only (not writable by this user)"
            throw InventoryError.cannotCreate(path: path, reason: "the folder \(folder) \(reason)")
        }
    }

    /// The error for a file SQLite would not open or read, by its cause.
    static func openingError(_ error: DatabaseError, path: String, create: Bool, busyTimeout: TimeInterval)
        -> InventoryError
    {
        switch error.resultCode {
        case .SQLITE_NOTADB:
            // GRDB reads the file as it opens it: a text file is refused here.
            return .notAnInventory(path: path, reason: "it is not an SQLite database")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .locked(path: path, seconds: busyTimeout)
        case .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            let reason = error.message ?? "\(error.resultCode)"
            return create ? .cannotCreate(path: path, reason: reason) : .cannotOpen(path: path, reason: reason)
        case .SQLITE_CORRUPT:
            return .notAnInventory(
                path: path, reason: "it is a damaged SQLite database (\(error.message ?? "corrupt"))")
        default:
            return .database(path: path, message: "\(error)")
        }
    }

    /// What the file holds: SQLite's header values and its schema objects.
    private struct FileIdentity {
        var applicationID: Int32
        var userVersion: Int32
        /// Every schema object: tables, views, indexes, triggers (SQLite's own included).
        var objects: [(type: String, name: String)]

        /// A file nothing has written: no schema object and no header value set. Only such a
        /// file (or a zero-byte one, which reads the same) becomes an inventory.
        var isEmpty: Bool { objects.isEmpty && applicationID == 0 && userVersion == 0 }
    }

    private static func identity(_ db: Database) throws -> FileIdentity {
        FileIdentity(
            applicationID: Int32(truncatingIfNeeded: try Int64.fetchOne(db, sql: "PRAGMA application_id") ?? 0),
            userVersion: Int32(truncatingIfNeeded: try Int64.fetchOne(db, sql: "PRAGMA user_version") ?? 0),
            objects: try GRDB.Row.fetchAll(db, sql: "SELECT type, name FROM sqlite_master ORDER BY type, name").map {
                (Self.text($0, 0), Self.text($0, 1))
            })
    }

    /// Column `index` of a schema row as text, whatever SQLite holds there.
    private static func text(_ row: GRDB.Row, _ index: Int) -> String {
        let value: DatabaseValue = row[index]
        switch value.storage {
        case .string(let text): return text
        default: return value.description
        }
    }

    private func checkOrCreate(create: Bool) throws(InventoryError) {
        do {
            let found = try queue.read { db in try Self.identity(db) }
            if found.isEmpty {
                guard create else { throw InventoryError.noInventory(path: path) }
                // Created under a write lock, the file checked again inside it: another
                // process may have created the inventory (or written something) meanwhile.
                let created = try queue.inDatabase { db in
                    var created = false
                    try db.inTransaction(.immediate) {
                        if try Self.identity(db).isEmpty {
                            try db.execute(sql: Self.schemaSQL)
                            try db.execute(sql: "PRAGMA application_id = \(Self.applicationID)")
                            created = true
                        }
                        return .commit
                    }
                    return created
                }
                if created { return }
            }
            try queue.read { db in try self.check(try Self.identity(db), db) }
        } catch let error as InventoryError {
            throw error
        } catch let error as DatabaseError {
            throw Self.openingError(error, path: path, create: false, busyTimeout: busyTimeout)
        } catch {
            throw InventoryError.database(path: path, message: "\(error)")
        }
    }

    /// Refuses a file that is not a lambda-reach inventory of this schema version.
    private func check(_ found: FileIdentity, _ db: Database) throws {
        let names = found.objects.filter { !$0.name.hasPrefix("sqlite_") }.map(\.name)
        let listed = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? ", ..." : "")
        let hasMeta = found.objects.contains { $0.type == "table" && $0.name == Schema.LrMeta.table }
        let meta = Schema.LrMeta.self
        let application =
            hasMeta
            ? try String.fetchOne(db, sql: "SELECT \(meta.value) FROM \(meta.table) WHERE \(meta.key) = 'application'")
            : nil
        guard found.applicationID == Self.applicationID else {
            let reason: String
            if application == "lambda-reach" && found.applicationID == 0 {
                reason =
                    "it was written by an earlier lambda-reach, which did not mark its files; import your exports again into a new file"
            } else if found.objects.isEmpty {
                reason =
                    "it is an SQLite database of another application (application_id \(found.applicationID), user_version \(found.userVersion))"
            } else if found.applicationID != 0 {
                reason =
                    "it is an SQLite database of another application (application_id \(found.applicationID): \(listed))"
            } else {
                reason = "it is an SQLite database with other contents (\(listed))"
            }
            throw InventoryError.notAnInventory(path: path, reason: reason)
        }
        guard application == "lambda-reach" else {
            throw InventoryError.notAnInventory(
                path: path, reason: "it carries lambda-reach's application_id but no lambda-reach tables (\(listed))")
        }
        let version = try String.fetchOne(
            db, sql: "SELECT \(meta.value) FROM \(meta.table) WHERE \(meta.key) = 'schema_version'")
        guard version == String(Self.schemaVersion) else {
            throw InventoryError.schemaVersionMismatch(
                path: path, found: version ?? "none", expected: Self.schemaVersion)
        }
    }

    /// Runs `body`, its reads of this store all in one read transaction: whatever an import in
    /// another process commits meanwhile, every SELECT sees the inventory as it was when the
    /// snapshot began. Nested snapshots share the outer one.
    public func snapshot<T>(_ body: () throws -> T) throws -> T {
        if pinned != nil { return try body() }
        return try translatingBusy {
            try queue.inDatabase { db in
                var result: T?
                // Deferred, not read-only: the loader keeps its selection in TEMP tables, which
                // GRDB's read-only mode (query_only) refuses; writing them takes no lock on the
                // inventory. The first SELECT takes the read lock, held until the end.
                try db.inTransaction(.deferred) {
                    _ = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master")
                    pinLock.withLock { pinnedConnection = (db, pthread_self()) }
                    defer { pinLock.withLock { pinnedConnection = nil } }
                    result = try body()
                    return .commit
                }
                return result!
            }
        }
    }

    /// Runs `body` in one read transaction (in the snapshot's, within `snapshot`).
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        if let pinned { return try body(pinned) }
        return try translatingBusy { try queue.read(body) }
    }

    /// Runs `body` in a transaction that may write TEMP tables (the loader keeps its
    /// selection there): the snapshot's, or one of its own.
    func session<T>(_ body: (Database) throws -> T) throws -> T {
        if let pinned { return try body(pinned) }
        return try snapshot { try body(pinned!) }
    }

    /// Runs `body` in one write transaction: either all of it lands, or none of it.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try translatingBusy { try queue.write(body) }
    }

    /// The journal mode of the file (`delete`, `wal`, ...), as the connection sees it.
    func journalMode(_ db: Database) throws -> String {
        (try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "").lowercased()
    }

    /// `body`, with SQLite's "database is locked" (after `busyTimeout`) said as what it is.
    private func translatingBusy<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
        {
            throw InventoryError.locked(path: path, seconds: busyTimeout)
        }
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
    /// Another process held a lock on the file for longer than `seconds`.
    case locked(path: String, seconds: TimeInterval)
    /// A new inventory cannot be made at `path` (a missing or read-only folder).
    case cannotCreate(path: String, reason: String)
    /// An existing file SQLite cannot open (permissions).
    case cannotOpen(path: String, reason: String)

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
        case .locked(let path, let seconds):
            let waited = seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
            return
                "\(path): the inventory is locked by another process (busy for \(waited) s); retry when it is done (an import holds it while it writes)"
        case .cannotCreate(let path, let reason):
            return "cannot create the inventory \(path): \(reason)"
        case .cannotOpen(let path, let reason):
            return "cannot open the inventory \(path): \(reason)"
        }
    }
}
