import Foundation
import GRDB

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

/// Reading a row's columns by index, each checked for the type the schema gives it. SQLite
/// stores any value in any column (its types are affinities), so a file edited by hand can
/// hold a BLOB or a REAL anywhere; GRDB's typed subscripts trap on a NULL and quietly turn
/// text into 0. These read a column's `DatabaseValue` (which never fails, and costs what a
/// typed read costs) and say what is wrong instead.
extension GRDB.Row {
    /// The value at `index`, whatever it is.
    @inline(__always)
    func value(_ index: Int) -> DatabaseValue { self[index] }

    /// Text; NULL or another type is a problem.
    func text(_ index: Int) throws(CellProblem) -> String {
        switch value(index).storage {
        case .string(let text): return text
        case let other: throw CellProblem(column: index, problem: Self.unexpected(other, expected: "text"))
        }
    }

    /// Text or NULL.
    func optionalText(_ index: Int) throws(CellProblem) -> String? {
        switch value(index).storage {
        case .string(let text): return text
        case .null: return nil
        case let other: throw CellProblem(column: index, problem: Self.unexpected(other, expected: "text"))
        }
    }

    /// An integer; NULL or another type is a problem.
    func integer(_ index: Int) throws(CellProblem) -> Int {
        guard let value = try optionalInteger(index) else {
            throw CellProblem(column: index, problem: "NULL where an integer is expected")
        }
        return value
    }

    /// An integer or NULL. (Int is 64 bits wide on every platform lambda-reach builds for.)
    func optionalInteger(_ index: Int) throws(CellProblem) -> Int? {
        switch value(index).storage {
        case .int64(let number): return Int(number)
        case .null: return nil
        case let other: throw CellProblem(column: index, problem: Self.unexpected(other, expected: "an integer"))
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

    /// A description of the row by its `key` columns, for a message: `group_id 'sg-1', ordinal 3`.
    func describe(key: [Int], names: [String]) -> String {
        key.filter { $0 < count }.map { index in
            let name = index < names.count ? names[index] : "column \(index + 1)"
            return "\(name) \(Self.shown(value(index)))"
        }.joined(separator: ", ")
    }

    /// A value as a message shows it: text quoted (and cut short), a BLOB by its size.
    static func shown(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: return "NULL"
        case .int64(let number): return String(number)
        case .double(let number): return String(number)
        case .string(let text): return quoted(text)
        case .blob(let data): return "a BLOB of \(data.count) bytes"
        }
    }

    /// Text as a message shows it: quoted, cut short after 80 characters.
    static func quoted(_ text: String) -> String {
        "'" + (text.count > 80 ? String(text.prefix(80)) + "..." : text) + "'"
    }

    static func unexpected(_ storage: DatabaseValue.Storage, expected: String) -> String {
        let found: String
        switch storage {
        case .null: found = "NULL"
        case .int64(let number): found = "the integer \(number)"
        case .double(let number): found = "the real number \(number)"
        case .string(let text): found = "the text \(quoted(text))"
        case .blob(let data): found = "a BLOB of \(data.count) bytes"
        }
        return "\(found) where \(expected) is expected"
    }
}

extension Database {
    /// Calls `body` with each row of `sql`, a SELECT from `table`. The row is read in place and
    /// valid only during the call: read its columns by index (`row.text(0)`), in the order the
    /// SELECT lists them. A `CellProblem` from `body` becomes an `InventoryValueError` naming
    /// the table (`joined[column]` for a column from a joined table), the row by its `key`
    /// columns, and the column.
    func eachRow(
        _ sql: String, arguments: StatementArguments = StatementArguments(), table: String, key: [Int] = [0],
        joined: [Int: String] = [:], path: String, _ body: (GRDB.Row) throws -> Void
    ) throws {
        let statement = try makeStatement(sql: sql)
        let rows = try GRDB.Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            do {
                try body(row)
            } catch let problem as CellProblem {
                let names = statement.columnNames
                let row = row.describe(key: key, names: names)
                throw InventoryValueError(
                    path: path, table: joined[problem.column] ?? table,
                    row: joined[problem.column] == nil ? row : "joined to \(table) \(row)",
                    column: problem.column < names.count ? names[problem.column] : "\(problem.column + 1)",
                    problem: problem.problem)
            }
        }
    }

    /// What `value` makes of each row of `sql` (nil skips the row), grouped by column 0, the
    /// parent's ID (which must be text); each group in the query's order.
    func grouped<T>(
        _ sql: String, table: String, key: [Int] = [0], joined: [Int: String] = [:], path: String,
        _ value: (GRDB.Row) throws -> T?
    ) throws -> [String: [T]] {
        var groups: [String: [T]] = [:]
        try eachRow(sql, table: table, key: key, joined: joined, path: path) { row in
            let parent = try row.text(0)
            if let value = try value(row) { groups[parent, default: []].append(value) }
        }
        return groups
    }
}
