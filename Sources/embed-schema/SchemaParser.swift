import Foundation

/// What the generator needs of schema.sql: its tables with their columns in order, and the
/// schema version. A small reader of the SQL lambda-reach writes there (CREATE TABLE with
/// column and table constraints, comments, string literals), not of all SQL: anything it
/// does not understand fails the build with the line to look at.
struct ParsedSchema {
    struct Column {
        /// As schema.sql spells it: `subnet_id`.
        var name: String
        /// Declared NOT NULL without a DEFAULT: an insert must give it.
        var isRequired: Bool
    }

    struct Table {
        var name: String
        var columns: [Column]
    }

    var tables: [Table]
    var version: Int
}

struct SchemaError: Error, CustomStringConvertible {
    var message: String
    var description: String { "schema.sql: \(message)" }
}

enum SchemaParser {
    /// The key of the `lr_meta` row that holds the schema version.
    static let versionKey = "schema_version"

    static func parse(_ sql: String) throws -> ParsedSchema {
        let statements = split(stripComments(sql), on: ";")
        var tables: [ParsedSchema.Table] = []
        var versions: [Int] = []
        for statement in statements {
            let words = statement.split(whereSeparator: \.isWhitespace).prefix(3).map { $0.uppercased() }
            if words.starts(with: ["CREATE", "TABLE"]) {
                tables.append(try table(statement))
            } else if words.starts(with: ["INSERT", "INTO"]), let version = try version(statement) {
                versions.append(version)
            }
        }
        guard versions.count == 1 else {
            throw SchemaError(
                message:
                    "expected one `INSERT INTO lr_meta (key, value) VALUES ('\(versionKey)', 'N');`, found \(versions.count)"
            )
        }
        return ParsedSchema(tables: tables, version: versions[0])
    }

    /// `CREATE TABLE name (column type constraints, ..., table constraints) [WITHOUT ROWID]`.
    static func table(_ statement: String) throws -> ParsedSchema.Table {
        guard let open = statement.firstIndex(of: "("), let close = statement.lastIndex(of: ")") else {
            throw SchemaError(message: "a CREATE TABLE without a column list: \(statement.prefix(60))")
        }
        let head = statement[..<open].split(whereSeparator: \.isWhitespace)
        guard head.count == 3 else {
            throw SchemaError(message: "expected `CREATE TABLE name (`, found `\(head.joined(separator: " "))`")
        }
        let name = String(head[2])
        var columns: [ParsedSchema.Column] = []
        for item in split(String(statement[statement.index(after: open)..<close]), on: ",") {
            let words = item.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let first = words.first else { continue }
            // Table constraints name columns declared before them; they declare none.
            if ["PRIMARY", "UNIQUE", "FOREIGN", "CHECK", "CONSTRAINT"].contains(first.uppercased()) { continue }
            guard first.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "_" }), first.first?.isLetter == true
            else {
                throw SchemaError(
                    message:
                        "table \(name): column name `\(first)` is not lower_snake_case (the generated names need it)")
            }
            let definition = words.dropFirst().joined(separator: " ").uppercased()
            columns.append(
                ParsedSchema.Column(
                    name: first,
                    isRequired: definition.contains("NOT NULL") && !definition.contains("DEFAULT")))
        }
        guard !columns.isEmpty else { throw SchemaError(message: "table \(name) has no columns") }
        return ParsedSchema.Table(name: name, columns: columns)
    }

    /// The version an `INSERT INTO lr_meta` statement records, if it records it.
    static func version(_ statement: String) throws -> Int? {
        let literals = stringLiterals(statement)
        guard let position = literals.firstIndex(of: versionKey) else { return nil }
        guard position + 1 < literals.count, let version = Int(literals[position + 1]), version > 0 else {
            throw SchemaError(
                message: "the '\(versionKey)' row of lr_meta must hold a positive whole number: \(statement)")
        }
        return version
    }

    /// `sql` without `-- ...` comments (outside string literals).
    static func stripComments(_ sql: String) -> String {
        var out = ""
        var inString = false
        var iterator = sql.makeIterator()
        var pending: Character?
        while let character = pending ?? iterator.next() {
            pending = nil
            if character == "'" { inString.toggle() }
            if !inString && character == "-" {
                let next = iterator.next()
                if next == "-" {
                    while let skipped = iterator.next(), skipped != "\n" {}
                    out.append("\n")
                    continue
                }
                pending = next
            }
            out.append(character)
        }
        return out
    }

    /// `text` split at `separator` where it is outside parentheses and string literals, each
    /// part trimmed, empty parts dropped.
    static func split(_ text: String, on separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var inString = false
        for character in text {
            if character == "'" { inString.toggle() }
            if !inString {
                if character == "(" { depth += 1 }
                if character == ")" { depth -= 1 }
                if character == separator && depth == 0 {
                    parts.append(current)
                    current = ""
                    continue
                }
            }
            current.append(character)
        }
        parts.append(current)
        return parts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// The contents of the string literals of `statement`, in order.
    static func stringLiterals(_ statement: String) -> [String] {
        var literals: [String] = []
        var current: String?
        for character in statement {
            if character == "'" {
                if let text = current {
                    literals.append(text)
                    current = nil
                } else {
                    current = ""
                }
            } else if current != nil {
                current!.append(character)
            }
        }
        return literals
    }
}
