import Foundation

// Writes schema.sql into a Swift source file as a raw string literal, so that the inventory
// has one definition (schema.sql) and the built binary does not depend on a resource bundle.
let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: embed-schema SCHEMA.sql OUTPUT.swift\n".utf8))
    exit(2)
}
let sql = try String(contentsOfFile: arguments[1], encoding: .utf8)
var fence = "#"
while sql.contains("\"\"\"" + fence) || sql.contains("\"" + fence) { fence += "#" }
let source = """
    // Generated from schema.sql by the EmbedSchema plugin. Do not edit.
    enum EmbeddedSchema {
        static let sql = \(fence)\"\"\"
    \(sql)
    \"\"\"\(fence)
    }

    """
try source.write(toFile: arguments[2], atomically: true, encoding: .utf8)
