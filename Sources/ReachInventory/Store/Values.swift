import Foundation
import GRDB
import GRDBSQLite

/// A value in the inventory that lambda-reach cannot use: of the wrong type (a BLOB where text
/// is expected), or outside what AWS allows (a port of 10^12, a rule number of Int64.min, a
/// CIDR of `banana`). Only a file changed outside lambda-reach holds one; the command stops
/// with this error, naming the table, the row and the column, rather than crash or answer from
/// a value it does not understand.
public struct InventoryValueError: Error, CustomStringConvertible, Sendable {
    /// The inventory file.
    public var path: String
    public var table: String
    /// The row, by its key columns: `group_id 'sg-1', ordinal 3`.
    public var row: String
    public var column: String
    /// What is wrong: `a BLOB where text is expected`, `70000 is not a port (0-65535)`.
    public var problem: String

    public init(path: String, table: String, row: String, column: String, problem: String) {
        self.path = path
        self.table = table
        self.row = row
        self.column = column
        self.problem = problem
    }

    public var description: String {
        "\(path): table \(table), row \(row), column \(column): \(problem). lambda-reach never writes such a value: the file was changed by something else; import your exports again into a new inventory (--db)"
    }
}

/// What is wrong with column `column` of a row, before the table and row are known.
struct CellProblem: Error {
    var column: Int
    var problem: String
}

/// The columns of the row a statement is on, read by index, each checked for the type the
/// schema gives it. SQLite stores any value in any column (its types are affinities), so a file
/// edited by hand can hold a BLOB or a REAL anywhere; GRDB's typed subscripts trap on a NULL,
/// and quietly read a BLOB as text or text as 0. These ask SQLite for the column's type and
/// say what is wrong instead. They read the statement directly, as GRDB's own fast path does:
/// the loader reads millions of values for an organisation's audit.
struct Cells {
    let statement: SQLiteStatement

    /// SQLite's type of column `index` (SQLITE_INTEGER, SQLITE_TEXT, ...).
    @inline(__always)
    func type(_ index: Int) -> CInt { sqlite3_column_type(statement, CInt(index)) }

    /// The text of a TEXT column, all its bytes (a NUL in it included). Invalid UTF-8, which
    /// SQLite does not check, is repaired with U+FFFD rather than trusted.
    @inline(__always)
    func string(_ index: Int) -> String {
        let count = Int(sqlite3_column_bytes(statement, CInt(index)))
        guard let bytes = sqlite3_column_text(statement, CInt(index)), count > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Whether column `index` is text whose bytes are `string`'s UTF-8: how a run of rows
    /// with the same parent is followed without making each row's ID a `String`.
    @inline(__always)
    func text(_ index: Int, equals string: String) -> Bool {
        guard type(index) == SQLITE_TEXT else { return false }
        let bytes = sqlite3_column_text(statement, CInt(index))
        let count = Int(sqlite3_column_bytes(statement, CInt(index)))
        return string.utf8.withContiguousStorageIfAvailable { own in
            guard own.count == count else { return false }
            guard count > 0, let bytes, let start = own.baseAddress else { return count == 0 }
            return memcmp(start, bytes, count) == 0
        } ?? (string == self.string(index))
    }

    /// The bytes of TEXT column `index`, valid only during `body`: parsed in place (a CIDR)
    /// rather than made into a `String` first. Nil when the column is not text.
    @inline(__always)
    func withText<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard type(index) == SQLITE_TEXT else { return nil }
        let bytes = sqlite3_column_text(statement, CInt(index))
        let count = Int(sqlite3_column_bytes(statement, CInt(index)))
        return body(UnsafeBufferPointer(start: count > 0 ? bytes : nil, count: count))
    }

    /// Text; NULL or another type is a problem.
    func text(_ index: Int) throws(CellProblem) -> String {
        guard type(index) == SQLITE_TEXT else { throw unexpected(index, expected: "text") }
        return string(index)
    }

    /// Text or NULL.
    func optionalText(_ index: Int) throws(CellProblem) -> String? {
        switch type(index) {
        case SQLITE_TEXT: return string(index)
        case SQLITE_NULL: return nil
        default: throw unexpected(index, expected: "text")
        }
    }

    /// The integer in column `index`, or nil when it holds something else (NULL, text, ...):
    /// for a reader that then takes another way rather than fail.
    @inline(__always)
    func integerIfAny(_ index: Int) -> Int? {
        type(index) == SQLITE_INTEGER ? Int(sqlite3_column_int64(statement, CInt(index))) : nil
    }

    /// An integer; NULL or another type is a problem.
    func integer(_ index: Int) throws(CellProblem) -> Int {
        guard type(index) == SQLITE_INTEGER else { throw unexpected(index, expected: "an integer") }
        return Int(sqlite3_column_int64(statement, CInt(index)))
    }

    /// An integer or NULL. (Int is 64 bits wide on every platform lambda-reach builds for.)
    func optionalInteger(_ index: Int) throws(CellProblem) -> Int? {
        switch type(index) {
        case SQLITE_INTEGER: return Int(sqlite3_column_int64(statement, CInt(index)))
        case SQLITE_NULL: return nil
        default: throw unexpected(index, expected: "an integer")
        }
    }

    /// An integer within `range`, or NULL.
    func optionalInteger(_ index: Int, in range: ClosedRange<Int>, _ noun: String) throws(CellProblem) -> Int? {
        guard let number = try optionalInteger(index) else { return nil }
        guard range.contains(number) else {
            throw CellProblem(
                column: index, problem: "\(number) is not \(noun) (\(range.lowerBound)-\(range.upperBound))")
        }
        return number
    }

    /// A boolean stored as 0/1, or NULL ("the export did not say").
    func flag(_ index: Int) throws(CellProblem) -> Bool? {
        guard let number = try optionalInteger(index) else { return nil }
        guard number == 0 || number == 1 else {
            throw CellProblem(column: index, problem: "\(number) is not a boolean (0 or 1)")
        }
        return number != 0
    }

    /// Column `index` as a message shows it: text quoted (and cut short), a BLOB by its size.
    func shown(_ index: Int) -> String {
        switch type(index) {
        case SQLITE_NULL: return "NULL"
        case SQLITE_INTEGER: return String(sqlite3_column_int64(statement, CInt(index)))
        case SQLITE_FLOAT: return String(sqlite3_column_double(statement, CInt(index)))
        case SQLITE_TEXT: return Self.quoted(string(index))
        default: return "a BLOB of \(sqlite3_column_bytes(statement, CInt(index))) bytes"
        }
    }

    /// The problem of column `index` not holding `expected`: what it holds instead.
    func unexpected(_ index: Int, expected: String) -> CellProblem {
        let found: String
        switch type(index) {
        case SQLITE_NULL: found = "NULL"
        case SQLITE_INTEGER: found = "the integer \(shown(index))"
        case SQLITE_FLOAT: found = "the real number \(shown(index))"
        case SQLITE_TEXT: found = "the text \(shown(index))"
        default: found = shown(index)
        }
        return CellProblem(column: index, problem: "\(found) where \(expected) is expected")
    }

    /// A description of the row by its `key` columns, for a message: `group_id 'sg-1', ordinal 3`.
    func describe(key: [Int], names: [String]) -> String {
        key.filter { $0 < names.count }.map { "\(names[$0]) \(shown($0))" }.joined(separator: ", ")
    }

    /// Text as a message shows it: quoted, cut short after 80 characters.
    static func quoted(_ text: String) -> String {
        "'" + (text.count > 80 ? String(text.prefix(80)) + "..." : text) + "'"
    }
}

/// The result columns of one SELECT, each named by its constant generated from schema.sql
/// (`Schema.Subnets.vpcId`). Adding a column gives its position in the result, and the rows are
/// read by that position (`row.text(vpc)`): worked out once per statement, it costs what a
/// literal index did, and no position is counted by hand. It also knows each column's table,
/// for messages about a value.
struct Selection: CustomStringConvertible {
    /// The table the rows are about: the first column's.
    private(set) var table = ""
    private(set) var items: [String] = []
    /// The table of each result column that comes from another (joined) table.
    private(set) var joined: [Int: String] = [:]

    /// Adds `column`, as `alias.column` when the SELECT names its tables by alias.
    mutating func add(_ column: Column, _ alias: String? = nil) -> Int {
        add(alias.map { "\($0).\(column)" } ?? column.name, from: column.table)
    }

    /// Adds an expression whose value comes from `table` (as messages name it).
    mutating func add(_ expression: String, from table: String) -> Int {
        if items.isEmpty {
            self.table = table
        } else if table != self.table {
            joined[items.count] = table
        }
        items.append(expression)
        return items.count - 1
    }

    /// The list, as the SELECT writes it.
    var description: String { items.joined(separator: ", ") }
}

extension Database {
    /// `eachRow(_:arguments:table:key:joined:path:_:)` for the rows of `selection`: the table
    /// and the joined columns come from it.
    func eachRow(
        _ sql: String, arguments: StatementArguments = StatementArguments(), _ selection: Selection, key: [Int],
        path: String, _ body: (Cells) throws -> Void
    ) throws {
        try eachRow(
            sql, arguments: arguments, table: selection.table, key: key, joined: selection.joined, path: path, body)
    }

    /// Calls `body` with each row of `sql`, a SELECT from `table`. The row is read in place and
    /// valid only during the call: read its columns by index (`row.text(0)`), in the order the
    /// SELECT lists them. A `CellProblem` from `body` becomes an `InventoryValueError` naming
    /// the table (`joined[column]` for a column from a joined table), the row by its `key`
    /// columns, and the column.
    func eachRow(
        _ sql: String, arguments: StatementArguments = StatementArguments(), table: String, key: [Int] = [0],
        joined: [Int: String] = [:], path: String, _ body: (Cells) throws -> Void
    ) throws {
        let statement = try makeStatement(sql: sql)
        // GRDB steps the statement; each row is read from it where it stands.
        let rows = try GRDB.Row.fetchCursor(statement, arguments: arguments)
        let cells = Cells(statement: statement.sqliteStatement)
        while try rows.next() != nil {
            do {
                try body(cells)
            } catch let problem as CellProblem {
                let names = statement.columnNames
                let row = cells.describe(key: key, names: names)
                throw InventoryValueError(
                    path: path, table: joined[problem.column] ?? table,
                    row: joined[problem.column] == nil ? row : "joined to \(table) \(row)",
                    column: problem.column < names.count ? names[problem.column] : "\(problem.column + 1)",
                    problem: problem.problem)
            }
        }
    }

    /// What `value` makes of each row of `sql` (nil skips the row), in runs of rows with the
    /// same `parent` (column), the parent's ID (which must be text): one run per parent when
    /// the query orders its rows by it. The IDs are made `String`s once per run.
    func runs<T>(
        _ sql: String, table: String, parent: Int = 0, key: [Int] = [0], joined: [Int: String] = [:],
        path: String, _ value: (Cells) throws -> T?
    ) throws -> [(parent: String, values: [T])] {
        var runs: [(parent: String, values: [T])] = []
        try eachRow(sql, table: table, key: key, joined: joined, path: path) { row in
            if runs.isEmpty || !row.text(parent, equals: runs[runs.count - 1].parent) {
                runs.append((try row.text(parent), []))
            }
            if let value = try value(row) { runs[runs.count - 1].values.append(value) }
        }
        return runs
    }

    /// What `value` makes of each row of `sql` (nil skips the row), grouped by column `parent`,
    /// the parent's ID (which must be text); each group in the query's order.
    func grouped<T>(
        _ sql: String, table: String, parent: Int = 0, key: [Int] = [0], joined: [Int: String] = [:],
        path: String, _ value: (Cells) throws -> T?
    ) throws -> [String: [T]] {
        // Every caller orders its rows by the parent, so a group is a run of rows: the parent's
        // ID is made a `String` and hashed once per run, not once per row (an organisation's
        // audit reads hundreds of thousands of children, mostly of long IDs and ARNs). A parent
        // in two runs (rows not in that order) still gets one group, in the order read.
        let runs = try runs(sql, table: table, parent: parent, key: key, joined: joined, path: path, value)
        var groups: [String: [T]] = [:]
        groups.reserveCapacity(runs.count)
        for run in runs where !run.values.isEmpty {
            if let earlier = groups.updateValue(run.values, forKey: run.parent) {
                groups[run.parent] = earlier + run.values
            }
        }
        return groups
    }
}
