import Foundation
import TestSupport
import Testing

/// The built binary, as a CI job runs it: 0 nothing at or above --fail-on, 1 something, 2 an
/// error, 64 bad arguments.
@Suite("lambda-reach audit: exit status and files", .serialized)
struct ExitStatusTests {
    /// The placement fixture imported with the binary itself, once.
    static let database: String = {
        let path = try! scratchDirectory("exit").appendingPathComponent("placement.sqlite").path
        let result = try? Binary.run(["import", "--db", path, Fixtures.url("placement").path])
        precondition(result?.status == 0, "import failed: \(result?.stderr ?? "no binary")")
        return path
    }()

    static func audit(_ arguments: [String]) throws -> Binary.Result {
        try Binary.run(["audit", "--db", database] + arguments)
    }

    @Test(
        "exit status",
        arguments: [
            ([], 1 as Int32),
            (["--fail-on", "never"], 0),
            (["--function", "balanced"], 0),
            (["--function", "balanced", "--fail-on", "warning"], 0),
            (["--function", "one-subnet"], 0),
            (["--function", "one-subnet", "--fail-on", "warning"], 1),
            (["--function", "half-nat", "--targets", "dynamodb,s3"], 0),
            (["--function", "half-nat", "--targets", "defaults"], 1),
            (["--vpc", "vpc-0ad10100000000001", "--format", "json"], 1),
            (["--format", "sarif", "--fail-on", "never"], 0),
            (["--function", "no-such-function"], 2),
            (["--vpc", "vpc-0123456789abcdef0"], 2),
            (["--expect", "/nonexistent/expect.yaml"], 2),
            (["--baseline", "/nonexistent/baseline.json"], 2),
            (["--targets", "nowhere"], 64),
            (["--targets", ""], 64),
            (["--format", "xml"], 64),
            (["--fail-on", "sometimes"], 64),
        ] as [([String], Int32)])
    func status(_ arguments: [String], _ status: Int32) throws {
        let result = try Self.audit(arguments)
        #expect(result.status == status, "audit \(arguments.joined(separator: " ")): \(result.stderr)")
        if status == 2 { #expect(result.stderr.hasPrefix("lambda-reach: error:"), "\(result.stderr)") }
    }

    @Test("LAMBDA_REACH_TIMINGS: each stage's wall-clock and CPU time on stderr, the report unchanged")
    func timings() throws {
        let arguments = ["audit", "--db", Self.database, "--format", "json", "--fail-on", "never"]
        let plain = try Binary.run(arguments)
        let timed = try Binary.run(arguments, environment: ["LAMBDA_REACH_TIMINGS": "1"])
        #expect(plain.status == 0 && timed.status == 0, "\(timed.stderr)")
        #expect(timed.stdout == plain.stdout)
        #expect(plain.stderr.isEmpty, "\(plain.stderr)")
        // The lines Benchmarks/run.py parses: `lambda-reach: timing: STAGE WALL ms, cpu CPU ms`.
        let pattern = /lambda-reach: timing: (.+) ([0-9]+\.[0-9]) ms, cpu ([0-9]+\.[0-9]) ms/
        let lines = timed.stderr.split(separator: "\n")
        var stages: [(name: String, wall: Double, cpu: Double)] = []
        for line in lines {
            guard let match = try pattern.wholeMatch(in: line) else {
                Issue.record("not a timing line: \(line)")
                continue
            }
            stages.append((String(match.1), Double(match.2)!, Double(match.3)!))
        }
        #expect(
            stages.map(\.name) == [
                "load", "plan", "walk keys", "skeleton walks", "walks", "functions", "free walks", "assemble",
                "output", "total",
            ])
        // The total is the sum of the stages, for the wall clock and the CPU alike (each printed
        // to a tenth of a millisecond).
        guard let total = stages.last else { return }
        let stagesOnly = stages.dropLast()
        #expect(abs(stagesOnly.reduce(0) { $0 + $1.wall } - total.wall) <= 0.1 * Double(stages.count))
        #expect(abs(stagesOnly.reduce(0) { $0 + $1.cpu } - total.cpu) <= 0.1 * Double(stages.count))
        // Loading the inventory reads it: some CPU time, on some thread.
        #expect(stages[0].cpu > 0)
    }

    @Test("no inventory is an error (2) that says how to make one")
    func noInventory() throws {
        let path = try scratchDirectory("none").appendingPathComponent("missing.sqlite").path
        let result = try Binary.run(["audit", "--db", path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("lambda-reach import"))
    }

    @Test(
        "an inventory whose network was imported but no list-functions output is an error (2); {\"Functions\": []} is not"
    )
    func noLambdaExport() throws {
        // The placement story's network without its list-functions.json: an import that lost
        // the Lambda export, which would otherwise audit no function and pass.
        let folder = try scratchDirectory("no-lambda-export")
        let network = folder.appendingPathComponent("network")
        try FileManager.default.createDirectory(at: network, withIntermediateDirectories: true)
        let placement = Fixtures.url("placement")
        for name in try FileManager.default.contentsOfDirectory(atPath: placement.path)
        where name.hasPrefix("describe-") {
            try FileManager.default.copyItem(
                at: placement.appendingPathComponent(name), to: network.appendingPathComponent(name))
        }
        let path = folder.appendingPathComponent("network.sqlite").path
        #expect(try Binary.run(["import", "--db", path, network.path]).status == 0)
        for format in ["text", "json", "sarif"] {
            let result = try Binary.run(["audit", "--db", path, "--format", format])
            #expect(result.status == 2, "\(format): \(result.stdout)")
            #expect(result.stderr.hasPrefix("lambda-reach: error:"), "\(result.stderr)")
            #expect(result.stderr.contains("aws lambda list-functions"), "\(result.stderr)")
            #expect(result.stdout.isEmpty, "no report of no function")
        }
        // An account without functions prints {"Functions": []}: imported with the network, it
        // is a legitimate empty audit.
        try #"{"Functions": []}"#.write(
            to: network.appendingPathComponent("list-functions.json"), atomically: true, encoding: .utf8)
        let withNone = folder.appendingPathComponent("no-functions.sqlite").path
        #expect(try Binary.run(["import", "--db", withNone, network.path]).status == 0)
        let empty = try Binary.run(["audit", "--db", withNone])
        #expect(empty.status == 0, "\(empty.stderr)")
    }

    @Test("--expect: violated lines fail the run, held ones do not")
    func expectations() throws {
        let folder = try scratchDirectory("expect")
        let holds = folder.appendingPathComponent("holds.yaml")
        try "expectations:\n  - balanced must reach internet\n  - public-only must not reach internet\n".write(
            to: holds, atomically: true, encoding: .utf8)
        var result = try Self.audit([
            "--function", "balanced", "--function", "public-only", "--targets", "internet", "--expect", holds.path,
        ])
        // public-only's internet is expected to be unreachable; what is left is its placement.
        #expect(result.status == 1)
        #expect(result.stdout.contains("holds"))
        result = try Self.audit(["--function", "balanced", "--expect", holds.path])
        #expect(result.status == 0, "\(result.stdout)")
        let violated = folder.appendingPathComponent("violated.json")
        try #"{"expectations": ["balanced must not reach internet"]}"#.write(
            to: violated, atomically: true, encoding: .utf8)
        result = try Self.audit(["--function", "balanced", "--expect", violated.path, "--format", "json"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\"rule\" : \"expectation-violated\""))
        let broken = folder.appendingPathComponent("broken.yaml")
        try "expectations:\n  - balanced must reach the moon\n".write(to: broken, atomically: true, encoding: .utf8)
        result = try Self.audit(["--expect", broken.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("broken.yaml:2:"), "\(result.stderr)")
    }

    @Test("--write-baseline records and accepts; --baseline then passes, and reports what went away")
    func baseline() throws {
        let file = try scratchDirectory("baseline").appendingPathComponent("baseline.json")
        var result = try Self.audit(["--write-baseline", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("recorded 17 findings"))
        let recorded = try String(contentsOf: file, encoding: .utf8)
        result = try Self.audit(["--baseline", file.path, "--fail-on", "warning"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("17 suppressed by the baseline, 0 baseline entries no longer found"))
        result = try Self.audit(["--baseline", file.path, "--function", "crowded", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\"suppressed\" : 2"))
        // Rewriting the baseline from the same inventory gives the same bytes.
        result = try Self.audit(["--baseline", file.path, "--write-baseline", file.path])
        #expect(result.status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8) == recorded)
    }

    @Test("the same inventory gives the same bytes, in every format")
    func sameBytes() throws {
        for format in ["text", "json", "sarif"] {
            let first = try Self.audit(["--format", format])
            let second = try Self.audit(["--format", format])
            #expect(first.stdout == second.stdout, "\(format)")
            #expect(!first.stdout.isEmpty)
        }
    }
}
