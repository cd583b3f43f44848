import Foundation
import TestSupport
import Testing

/// The built binary, as a user runs it: exit codes, messages, formats, determinism.
@Suite("lambda-reach end to end", .serialized)
struct EndToEndTests {
    /// An inventory with every scenario imported, shared by the read-only tests below.
    static let folders = [
        "public-subnet-trap", "partial-one-az-without-nat", "multiple-blockers", "peering-missing-return-route",
        "interface-endpoint-private-dns-off-no-nat", "private-subnet-with-nat", "no-vpc-config",
        "role-missing-eni-permissions",
    ]

    static func importScenarios(_ name: String) -> String {
        let db = temporaryDatabase(name)
        let result = try! Binary.run(
            ["import", "--db", db] + folders.map { Repository.scenarios.appendingPathComponent($0).path })
        precondition(result.status == 0, "import failed: \(result.stderr)")
        return db
    }

    static let scenarios = importScenarios("scenarios")

    @Test("the demo answers every sample question as expected")
    func demo() throws {
        let result = try Binary.run(["demo"], in: Repository.root)
        #expect(result.status == 0, "\(result.stdout.suffix(2000))\n\(result.stderr)")
        #expect(result.stdout.contains("17 of 17 answers as expected"))
        #expect(!result.stdout.contains("NOT as expected"))
        // Every sample file is an export it models: the demo imports without a warning.
        #expect(!result.stderr.contains("warning"), "\(result.stderr)")
    }

    @Test("exit status: 0 reachable, 1 unreachable, 1 partial")
    func verdictExitCodes() throws {
        #expect(
            try Binary.run(["query", "--db", Self.scenarios, "--function", "orders-api", "--to", "internet"]).status
                == 0)
        #expect(
            try Binary.run(["query", "--db", Self.scenarios, "--function", "geoip-lookup", "--to", "internet"]).status
                == 1)
        let partial = try Binary.run([
            "query", "--db", Self.scenarios, "--function", "catalog-sync", "--to", "internet",
        ])
        #expect(partial.status == 1)
        #expect(partial.stdout.contains("PARTIAL"))
        #expect(partial.stdout.contains("us-east-1b"))
    }

    @Test("an unknown function is an error (2) that lists close matches")
    func unknownFunction() throws {
        let result = try Binary.run(["query", "--db", Self.scenarios, "--function", "orders-apy", "--to", "internet"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no function named 'orders-apy'"))
        #expect(result.stderr.contains("orders-api"))
        #expect(result.stdout.isEmpty)
    }

    @Test("an unknown database is an error (2) that lists close matches")
    func unknownDatabase() throws {
        let result = try Binary.run([
            "query", "--db", Self.scenarios, "--function", "orders-api", "--to", "rds:nothing-here",
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no RDS DB instance, cluster, proxy or proxy endpoint named 'nothing-here'"))
    }

    @Test("a bad target is a usage error (64) that says what a target is")
    func badTarget() throws {
        let result = try Binary.run([
            "query", "--db", Self.scenarios, "--function", "orders-api", "--to", "ip:999.1.1.1",
        ])
        #expect(result.status == 64)
        #expect(result.stderr.contains("is not a target"))
    }

    @Test("no inventory: an error (2) that says to import first")
    func noInventory() throws {
        let result = try Binary.run(["query", "--db", temporaryDatabase(), "--function", "f", "--to", "internet"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("lambda-reach import"))
    }

    @Test("a refused import into a new inventory leaves no file, and an audit of an empty inventory is an error (2)")
    func emptyInventoryFailsTheGate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lr-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad/Vpcs.json")
        try FileManager.default.createDirectory(
            at: bad.deletingLastPathComponent(), withIntermediateDirectories: true)
        try #"{"Vpcs": [{"VpcId": "bad"}]}"#.write(to: bad, atomically: true, encoding: .utf8)
        let path = temporaryDatabase("refused")
        let refused = try Binary.run(["import", "--db", path, bad.path])
        #expect(refused.status == 2)
        #expect(!FileManager.default.fileExists(atPath: path), "a refused import left \(path) behind")
        // An inventory that holds nothing (an import of nothing): the audit does not pass.
        let nothing = folder.appendingPathComponent("empty/e.json")
        try FileManager.default.createDirectory(
            at: nothing.deletingLastPathComponent(), withIntermediateDirectories: true)
        try "{}".write(to: nothing, atomically: true, encoding: .utf8)
        let empty = temporaryDatabase("empty")
        #expect(try Binary.run(["import", "--db", empty, nothing.path]).status == 0)
        let audit = try Binary.run(["audit", "--db", empty, "--format", "sarif"])
        #expect(audit.status == 2)
        #expect(audit.stderr.contains("holds nothing"), "\(audit.stderr)")
    }

    @Test("a database that is not ours is refused and left as it was")
    func foreignDatabase() throws {
        let path = temporaryDatabase("notes")
        try "my notes, not a database".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try Binary.run([
            "import", "--db", path, Repository.scenarios.appendingPathComponent("public-subnet-trap").path,
        ])
        #expect(result.status == 2)
        #expect(result.stderr.contains("is not a lambda-reach inventory"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "my notes, not a database")
    }

    @Test("LAMBDA_REACH_DB names the inventory when --db is absent")
    func environmentDatabase() throws {
        let result = try Binary.run(["functions"], environment: ["LAMBDA_REACH_DB": Self.scenarios])
        #expect(result.status == 0)
        #expect(result.stdout.contains("orders-api"))
    }

    @Test("functions shows each state, and says when the export has none (plain list-functions prints none)")
    func functionStates() throws {
        let result = try Binary.run(["functions", "--db", Self.scenarios])
        #expect(result.status == 0)
        #expect(result.stdout.contains("refund-worker [state not exported]  arn:aws:lambda:"), "\(result.stdout)")
        #expect(result.stdout.contains("charge-worker [Active]  arn:aws:lambda:"), "\(result.stdout)")
    }

    @Test("no colour when the output is not a terminal, even with TERM set")
    func noColourInPipes() throws {
        let result = try Binary.run(
            ["why", "geoip-lookup", "--db", Self.scenarios, "--to", "internet"], environment: ["TERM": "xterm-256color"]
        )
        #expect(!result.stdout.contains("\u{1B}["))
    }

    @Test("same inventory, same bytes: query JSON and why text are deterministic")
    func determinism() throws {
        let arguments = [
            "query", "--db", Self.scenarios, "--function", "fx-rates", "--to", "internet", "--format", "json",
        ]
        let first = try Binary.run(arguments)
        let second = try Binary.run(arguments)
        #expect(first.stdout == second.stdout)
        let db2 = Self.importScenarios("again")
        let third = try Binary.run([
            "query", "--db", db2, "--function", "fx-rates", "--to", "internet", "--format", "json",
        ])
        #expect(first.stdout == third.stdout)
    }

    @Test("the JSON contract: schemaVersion 1 and the documented keys")
    func jsonContract() throws {
        let result = try Binary.run([
            "query", "--db", Self.scenarios, "--function", "catalog-sync", "--to", "internet", "--format", "json",
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["schemaVersion"] as? Int == 1)
        for key in ["function", "target", "protocol", "port", "verdict", "subnets", "blockers", "notes"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        #expect(object["verdict"] as? String == "partial")
        let subnets = try #require(object["subnets"] as? [[String: Any]])
        #expect(subnets.count == 2)
        for subnet in subnets {
            for key in ["subnet", "availabilityZone", "verdict", "hops", "blockers"] { #expect(subnet[key] != nil) }
        }
        let blockers = subnets.flatMap { ($0["blockers"] as? [[String: Any]]) ?? [] }
        #expect(blockers.count == 1)
        for key in ["code", "component", "message", "fix"] { #expect(blockers.first?[key] is String) }
    }

    @Test("import reports bad input with the file and JSON path, exit 2, and writes nothing")
    func badInput() throws {
        let directory = testScratchRoot.appendingPathComponent("bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("subnets.json")
        try #"{"Subnets": [{"SubnetId": "subnet-1", "VpcId": 5}]}"#.write(to: file, atomically: true, encoding: .utf8)
        let db = temporaryDatabase()
        let result = try Binary.run(["import", "--db", db, file.path])
        #expect(result.status == 2)
        #expect(result.stderr.contains("subnets.json: $.Subnets[0].VpcId: expected a string, found a number"))
    }
}

/// Golden text and JSON for a handful of stories: what a person and a script see.
@Suite("golden output")
struct GoldenOutputTests {
    static let cases: [(name: String, function: String, target: String)] = [
        ("public-subnet-trap", "geoip-lookup", "internet"),
        ("partial-one-az-without-nat", "catalog-sync", "internet"),
        ("multiple-blockers", "fx-rates", "internet"),
        ("peering-missing-return-route", "ledger-sync", "rds:ledger-db"),
        ("private-dns-off-no-nat", "token-minter", "aws:secretsmanager"),
        ("no-vpc-config", "invoice-mailer", "rds:billing-db"),
        ("role-missing-eni-permissions", "refund-worker", "internet"),
    ]

    @Test("query text, why text and query JSON match their golden files", arguments: cases.map(\.name))
    func golden(_ name: String) throws {
        let entry = Self.cases.first { $0.name == name }!
        let db = EndToEndTests.scenarios
        let query = try Binary.run(["query", "--db", db, "--function", entry.function, "--to", entry.target])
        #expect(query.stderr.isEmpty, "\(query.stderr)")
        try expectGolden(query.stdout, "\(name).query.txt")
        try expectGolden(
            try Binary.run(["why", entry.function, "--db", db, "--to", entry.target]).stdout, "\(name).why.txt")
        try expectGolden(
            try Binary.run([
                "query", "--db", db, "--function", entry.function, "--to", entry.target, "--format", "json",
            ]).stdout, "\(name).json")
    }
}

/// What the commands say of their own inputs (consistency red team, findings 3-6).
@Suite("lambda-reach end to end: arguments and listings say what they are")
struct CommandWordsTests {
    @Test("a port in --to and another in --port is a usage error (64) naming both; the same port twice is not")
    func twoPorts() throws {
        let db = EndToEndTests.scenarios
        let both = try Binary.run([
            "query", "--db", db, "--function", "orders-api", "--to", "ip:10.0.0.5:443", "--port", "80",
        ])
        #expect(both.status == 64, "\(both.stderr)")
        #expect(both.stderr.contains("names port 443 and --port names 80"), "\(both.stderr)")
        #expect(both.stdout.isEmpty)
        let why = try Binary.run(["why", "orders-api", "--db", db, "--to", "ip:10.0.0.5:443", "--port", "80"])
        #expect(why.status == 64, "\(why.stderr)")
        let same = try Binary.run([
            "query", "--db", db, "--function", "orders-api", "--to", "ip:10.0.0.5:443", "--port", "443",
        ])
        #expect([0, 1].contains(same.status), "\(same.stderr)")
    }

    @Test("the demo outside the repository says where it looked and what it needs, exit 2")
    func demoOutsideTheRepository() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lr-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Binary.run(["demo"], in: folder)
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "no folder of sample topologies at \(folder.appendingPathComponent("SampleTopologies").path)"),
            "\(result.stderr)")
        #expect(result.stderr.contains("--samples PATH"), "\(result.stderr)")
        #expect(!result.stderr.contains("NSCocoaErrorDomain"), "\(result.stderr)")
    }

    @Test("import's help says the one fact a file's name gives: the prefix list of an entries file")
    func importHelp() throws {
        let help = try Binary.run(["import", "--help"]).stdout
        let words = help.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("never by its name. A name gives one fact only"), "\(help)")
        #expect(words.contains("is read from a pl-... in the file's name"), "\(help)")
    }

    @Test("a VpcConfig with security groups and no subnet is listed as such, not as no VpcConfig")
    func groupsWithoutSubnetsListing() throws {
        let db = temporaryDatabase("groups-without-subnets")
        let imported = try Binary.run([
            "import", "--db", db,
            Repository.scenarios.appendingPathComponent("vpc-config-security-groups-without-subnets").path,
        ])
        #expect(imported.status == 0, "\(imported.stderr)")
        let listing = try Binary.run(["functions", "--db", db]).stdout
        #expect(
            listing.contains(
                "VpcConfig without subnets (not attached): it names security groups (sg-e0209000000000002) but no subnet, a VpcConfig AWS rejects"
            ), "\(listing)")
        #expect(!listing.contains("no VpcConfig"), "\(listing)")
    }
}
