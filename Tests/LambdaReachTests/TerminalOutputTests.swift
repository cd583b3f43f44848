import Foundation
import GRDB
import TestSupport
import Testing

/// Names and IDs from the inventory reach the terminal escaped: an ESC, BEL, CR, newline or
/// bidi override in them cannot clear the screen, set the window title, or forge a line.
@Suite("terminal output: control characters from data are shown, not obeyed", .serialized)
struct TerminalOutputTests {
    /// A function name that clears the screen, sets the title, returns the carriage, starts a
    /// line of its own and reverses what follows.
    static let hostileName =
        "geoip-lookup\u{1B}[2J\u{1B}]0;pwned\u{07}\r  subnet-x (us-east-1a): reachable via igw-forged\n\u{202E}evil\u{85}"

    /// The scenarios' inventory with geoip-lookup (which cannot reach the internet) renamed to
    /// `hostileName`, and its subnets' AZ holding an ESC, as a hand edit could.
    static func database() throws -> String {
        let path = temporaryDatabase("hostile")
        try FileManager.default.copyItem(atPath: EndToEndTests.scenarios, toPath: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(
                sql: "UPDATE lambda_functions SET function_name = ? WHERE function_name = 'geoip-lookup'",
                arguments: [hostileName])
            try db.execute(
                sql: """
                    UPDATE subnets SET availability_zone = availability_zone || char(27) || '[31m'
                    WHERE subnet_id IN (SELECT subnet_id FROM lambda_function_subnets f JOIN lambda_functions l
                      ON l.function_arn = f.function_arn WHERE l.function_name = ?)
                    """, arguments: [hostileName])
        }
        try queue.close()
        return path
    }

    static let arn = "arn:aws:lambda:us-east-1:123456789012:function:geoip-lookup"

    /// No control character of those the renderers escape, in `text`; newlines only as the
    /// renderer's own line ends.
    func expectClean(_ text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let bad = text.unicodeScalars.filter { scalar in
            (scalar.value < 0x20 && scalar != "\n") || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
        }
        #expect(
            bad.isEmpty, "\(what) passes \(bad.map { String($0.value, radix: 16) })", sourceLocation: sourceLocation)
        // The forged line never starts a line of its own.
        for line in text.split(separator: "\n") {
            #expect(!line.hasPrefix("  subnet-x"), "\(what) has a forged line: \(line)", sourceLocation: sourceLocation)
        }
    }

    @Test("functions, query, why and audit show the name escaped")
    func commands() throws {
        let database = try Self.database()
        for arguments in [
            ["functions"], ["query", "--function", Self.arn, "--to", "internet"],
            ["query", "--function", Self.arn, "--to", "s3"], ["why", Self.arn, "--to", "internet"], ["audit"],
        ] {
            let result = try Binary.run(arguments + ["--db", database])
            #expect([0, 1].contains(result.status), "\(arguments): \(result.stderr)")
            expectClean(result.stdout, "\(arguments)")
            expectClean(result.stderr, "\(arguments) (stderr)")
            #expect(
                result.stdout.contains("geoip-lookup\\x1b[2J\\x1b]0;pwned\\x07\\r"), "\(arguments): \(result.stdout)")
            #expect(result.stdout.contains("\\n\\u{202e}evil\\u{85}"), "\(arguments)")
        }
    }

    @Test("JSON keeps the name's bytes, escaped by JSON itself")
    func json() throws {
        let result = try Binary.run(["functions", "--format", "json", "--db", try Self.database()])
        #expect(result.status == 0)
        #expect(result.stdout.contains("geoip-lookup\\u001b[2J"), "\(result.stdout.prefix(400))")
        #expect(!result.stdout.contains("\u{1B}"))
    }

    @Test("an error message names the input escaped")
    func errorMessage() throws {
        let result = try Binary.run([
            "query", "--db", try Self.database(), "--function", "nope\u{1B}]0;title\u{07}\nline", "--to", "internet",
        ])
        #expect(result.status == 2)
        expectClean(result.stderr, "the error")
        #expect(result.stderr.contains("nope\\x1b]0;title\\x07\\nline"), "\(result.stderr)")
    }

    @Test("the advice to run why quotes the name for the shell")
    func whyAdviceQuoted() throws {
        let result = try Binary.run(["query", "--function", Self.arn, "--to", "internet", "--db", try Self.database()])
        #expect(result.status == 1, "geoip-lookup cannot reach the internet: \(result.stdout)")
        let advice = result.stdout.split(separator: "\n").first { $0.contains("lambda-reach why") }
        #expect(advice?.contains("(lambda-reach why 'geoip-lookup\\x1b[2J") == true, "\(result.stdout)")
        #expect(advice?.hasSuffix("' --to internet explains it)") == true, "\(result.stdout)")
    }
}
