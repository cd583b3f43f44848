import Foundation

// Turns schema.sql into Swift, so that the inventory has one definition and the built binary
// carries it (no resource bundle). The output, `Schema` and its companions, is what
// ReachInventory names tables and columns with; a column renamed in schema.sql is then a
// compile error wherever Swift code used the old name, never a value read from the wrong place.
//
// Emitted, for schema.sql's tables in order (Swift names are the SQL names in camel case:
// `subnet_ipv6_cidr_blocks` -> `SubnetIpv6CidrBlocks` and `.subnetIpv6CidrBlocks`,
// `available_ip_address_count` -> `availableIpAddressCount`):
// - `Schema.sql` (the text), `Schema.version` (the `schema_version` row of lr_meta);
// - per table, `Schema.Subnets.table` ("subnets"), one `Column` constant per column
//   (`Schema.Subnets.vpcId`: name and position) and `Schema.Subnets.columns`, in order;
// - `Table`, one case per table, with its `columns`;
// - `Row.subnets(subnetId:vpcId:...)`, a row to insert with each value named by its column:
//   NOT NULL columns without a DEFAULT must be given, the others default to NULL, and
//   `scope_id` is left to the writer, which fills it in once the scope has its row.
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: embed-schema SCHEMA.sql OUTPUT.swift\n".utf8))
    exit(2)
}
let sql = try String(contentsOfFile: arguments[1], encoding: .utf8)
let schema: ParsedSchema
do {
    schema = try SchemaParser.parse(sql)
} catch {
    // In the form build tools print, so that the failure points at the file.
    FileHandle.standardError.write(Data("\(arguments[1]): error: \(error)\n".utf8))
    exit(1)
}

/// The column that the writer fills in: every resource row belongs to a scope.
let writerColumn = "scope_id"

/// `subnet_id` -> `subnetId`; `upper` -> `SubnetId`.
func camel(_ snake: String, upper: Bool = false) -> String {
    let words = snake.split(separator: "_").map(String.init)
    return words.enumerated().map { index, word in
        index == 0 && !upper ? word : word.prefix(1).uppercased() + word.dropFirst()
    }.joined()
}

/// An identifier that may be a Swift keyword (`protocol`), usable as one.
func quoted(_ name: String) -> String { "`\(name)`" }

var fence = "#"
while sql.contains("\"\"\"" + fence) || sql.contains("\"" + fence) { fence += "#" }

var out = """
    // Generated from schema.sql by the EmbedSchema plugin (Sources/embed-schema). Do not edit.
    import GRDB

    /// schema.sql as this build knows it: the text every inventory is created from, its
    /// version, and each table's name and columns.
    enum Schema {
        /// The whole of schema.sql.
        static let sql = \(fence)\"\"\"
    \(sql)
    \"\"\"\(fence)

        /// The version schema.sql records in lr_meta (`'schema_version'`): an inventory of
        /// another version is refused.
        static let version = \(schema.version)

    """
var tableCases = ""
var tableColumns = ""
var rows = ""
for table in schema.tables {
    let type = camel(table.name, upper: true)
    let member = quoted(camel(table.name))
    var names = Set<String>()
    for column in table.columns {
        let name = camel(column.name)
        guard names.insert(name).inserted, !["table", "columns"].contains(name) else {
            FileHandle.standardError.write(
                Data(
                    "\(arguments[1]): error: table \(table.name): column \(column.name) makes a Swift name twice\n".utf8
                ))
            exit(1)
        }
    }
    out += """

            /// `\(table.name)`.
            enum \(type) {
                static let table = "\(table.name)"

        """
    for (position, column) in table.columns.enumerated() {
        out += """
                    static let \(quoted(camel(column.name))) = Column(table: table, name: "\(column.name)", position: \(position))

            """
    }
    out += """
                static let columns: [Column] = [\(table.columns.map { quoted(camel($0.name)) }.joined(separator: ", "))]
            }

        """
    tableCases += "    case \(member) = \"\(table.name)\"\n"
    tableColumns += "        case .\(member): return Schema.\(type).columns\n"
    let parameters = table.columns.filter { $0.name != writerColumn }.map { column in
        "\(quoted(camel(column.name))): DatabaseValue\(column.isRequired ? "" : " = .null")"
    }
    let values = table.columns.map { $0.name == writerColumn ? ".null" : quoted(camel($0.name)) }
    rows += """

            /// A row of `\(table.name)`, each value given by its column.
            static func \(member)(
                \(parameters.joined(separator: ",\n        "))
            ) -> Row {
                Row(table: .\(member), values: [\(values.joined(separator: ", "))])
            }

        """
}
out += """
    }

    /// The tables of schema.sql.
    enum Table: String, CaseIterable, Sendable {
    \(tableCases)
        /// The table's columns, in schema.sql's order (the order of a `Row`'s values).
        var columns: [Column] {
            switch self {
    \(tableColumns)        }
        }
    }

    extension Row {\(rows)}

    """
try out.write(toFile: arguments[2], atomically: true, encoding: .utf8)
