import Foundation
import TestSupport
import Testing

/// One story folder: `build.py` builds a topology in moto and prints the IDs it made;
/// `expected.json` says what `query` must answer about it once collected and imported.
struct Story: CustomTestStringConvertible, Sendable {
    var name: String
    var directory: URL
    var testDescription: String { name }

    static let root = Bundle.module.resourceURL!.appendingPathComponent("Stories")

    static var all: [Story] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter {
            FileManager.default.fileExists(
                atPath: root.appendingPathComponent($0).appendingPathComponent("expected.json").path)
        }.sorted().map { Story(name: $0, directory: root.appendingPathComponent($0)) }
    }

    func expectations() throws -> StoryExpectations {
        try JSONDecoder().decode(
            StoryExpectations.self, from: Data(contentsOf: directory.appendingPathComponent("expected.json")))
    }
}

/// expected.json. `${name}` anywhere in a string is replaced by the ID the build script printed
/// under `name`. Blocker lists are exact sets of `CODE@component`; a missing `blockers` means none.
struct StoryExpectations: Decodable, Sendable {
    struct Query: Decodable, Sendable {
        var function: String
        var target: String
        var port: Int?
        var verdict: String
        var blockers: [String]?
        var subnets: [String: SubnetExpectation]?
        var failingAvailabilityZones: [String]?
    }
    struct SubnetExpectation: Decodable, Sendable {
        var verdict: String
        var blockers: [String]
    }
    var story: String
    /// The region the story builds in (default us-east-1); collect is asked for all of them.
    var region: String?
    var queries: [Query]
}

/// The JSON contract of `query --format json`, as much of it as the stories check.
struct AnswerJSON: Decodable, Sendable {
    struct Blocker: Decodable, Sendable {
        var code: String
        var component: String
        var label: String { "\(code)@\(component)" }
    }
    struct Subnet: Decodable, Sendable {
        var subnet: String
        var availabilityZone: String
        var verdict: String
        var blockers: [Blocker]
    }
    var verdict: String
    var subnets: [Subnet]
    var blockers: [Blocker]
    var failingAvailabilityZones: [String]
    var notes: [String]
}

/// Everything the stories share: one moto_server holding every story's topology (each story
/// has its own VPCs, names and CIDRs), collected once and imported once. Collecting per story
/// would run the same ~25 aws processes eleven times over; the stories' answers come from one
/// account exactly as they would from a real one.
struct WorldState: Sendable {
    var scratch: Scratch
    var regions: [String]
    /// Per story: the IDs its build script printed, or why it failed.
    var ids: [String: Result<[String: String], MotoError>]
    var collect: CommandResult
    var importing: CommandResult
    var exportProblems: [String]
    var audit: CommandResult?
    /// The same account collected again (eu-west-1, and ap-south-1 as a region the account
    /// has not enabled) through an aws CLI that is denied IAM and has no RDS proxies, into a
    /// folder that holds a stale IAM file from "an earlier run".
    var denied: DeniedRun
    var seconds: Double
    /// How long each phase took, for the log.
    var phases: [String]
}

struct DeniedRun: Sendable {
    var collect: CommandResult
    var staleIAMFileRemoved: Bool
    var importing: CommandResult
    /// webhook-relay -> internet and -> logs, from the inventory without IAM data.
    var internet: CommandResult
    var logs: CommandResult
}

/// The world, built once for the whole suite (the first test that needs it waits for it).
actor World {
    static let shared = World()
    private var building: Task<WorldState, Error>?

    func state(_ tools: Toolbox) async throws -> WorldState {
        if let building { return try await building.value }
        let task = Task { try await Gate.stories.run { try buildWorld(tools) } }
        building = task
        return try await task.value
    }
}

/// Removed when the test process exits: the inventory outlives every single test.
nonisolated(unsafe) var worldScratch: String?

/// Starts moto_server, runs every story's build script, collects (us-east-1 and eu-west-1),
/// imports, runs the denied collect, and stops the server whatever happens.
func buildWorld(_ tools: Toolbox) throws -> WorldState {
    let started = Date()
    let stories = Story.all
    let regions = Array(Set(stories.compactMap { try? $0.expectations().region } + ["us-east-1"])).sorted()
    let scratch = try Scratch("world")
    if ProcessInfo.processInfo.environment["KEEP_COLLECT_SCRATCH"] == nil {
        worldScratch = scratch.root.path
        atexit { if let path = worldScratch { try? FileManager.default.removeItem(atPath: path) } }
    }
    let environment = scratch.environment()
    let server = try MotoServer.start(tools.motoServer, environment: environment, log: scratch.motoLog)
    defer { server.stop() }

    // 1. Every story's topology, one script at a time: moto's backends are not safe for
    // concurrent writes, and two scripts at once made moto_server answer a create_subnet with
    // an internal error (boto3: "syntax error: line 1, column 0") on a busy CI machine. One at
    // a time costs about 15 seconds of the world's two to three minutes.
    let results = LockedResults<Result<[String: String], MotoError>>()
    let queue = DispatchQueue(label: "story-builds", attributes: .concurrent)
    let group = DispatchGroup()
    let slots = DispatchSemaphore(value: 1)
    for story in stories {
        slots.wait()
        group.enter()
        queue.async {
            defer {
                slots.signal()
                group.leave()
            }
            let result: Result<[String: String], MotoError>
            do {
                let build = try Command.run(
                    tools.python, [story.directory.appendingPathComponent("build.py").path],
                    environment: scratch.environment(extra: ["MOTO_ENDPOINT": server.endpoint]), timeout: 180)
                if build.status == 0,
                    let ids = try? JSONDecoder().decode([String: String].self, from: Data(build.stdout.utf8))
                {
                    result = .success(ids)
                } else {
                    result = .failure(
                        MotoError(
                            message:
                                "\(story.name)/build.py failed or printed something other than one JSON object of IDs:\n\(build.transcript)"
                        ))
                }
            } catch {
                result = .failure(MotoError(message: "\(story.name)/build.py did not run: \(error)"))
            }
            results.set(story.name, result)
        }
    }
    group.wait()
    var phases: [String] = []
    var mark = started
    func phase(_ name: String) {
        phases.append(String(format: "%@ %.1f s", name, Date().timeIntervalSince(mark)))
        mark = Date()
    }
    phase("moto_server and \(stories.count) build scripts")

    // 2. collect, import (and audit, when the binary has it).
    let regionArguments = regions.flatMap { ["--region", $0] }
    let collect = try Command.run(
        tools.lambdaReach,
        ["collect", "--endpoint-url", server.endpoint, "--out", scratch.exports.path] + regionArguments,
        environment: environment, timeout: 600)
    phase("collect")
    let importing = try Command.run(
        tools.lambdaReach, ["import", "--db", scratch.database.path, scratch.exports.path], environment: environment,
        timeout: 180)
    phase("import")
    var audit: CommandResult?
    let auditHelp = try Command.run(tools.lambdaReach, ["audit", "--help"], environment: environment, timeout: 60)
    if auditHelp.status == 0 && auditHelp.stdout.contains("lambda-reach audit") {
        audit = try Command.run(
            tools.lambdaReach, ["audit", "--db", scratch.database.path, "--format", "json"], environment: environment,
            timeout: 300)
    }

    phase("audit")

    // 3. The denied collect, through a wrapper that fails two calls in eu-west-1 and every
    //    call in ap-south-1.
    let deniedExports = scratch.root.appendingPathComponent("exports-denied")
    let staleIAM = deniedExports.appendingPathComponent(
        "123456789012/global/iam-get-account-authorization-details.json")
    try FileManager.default.createDirectory(at: staleIAM.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(#"{"RoleDetailList": [], "Policies": []}"#.utf8).write(to: staleIAM)
    let bin = scratch.root.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    let wrapper = bin.appendingPathComponent("aws")
    try """
    #!/bin/sh
    for argument in "$@"; do
      case "$argument" in
        ap-south-1)
          echo "" >&2
          echo "An error occurred (AuthFailure) when calling the operation: AWS was not able to validate the provided access credentials" >&2
          exit 254;;
        get-account-authorization-details)
          echo "" >&2
          echo "An error occurred (AccessDenied) when calling the GetAccountAuthorizationDetails operation: User: arn:aws:iam::123456789012:user/collector is not authorized to perform: iam:GetAccountAuthorizationDetails" >&2
          exit 254;;
        describe-db-proxies)
          echo "An error occurred (InvalidAction) when calling the DescribeDBProxies operation: DescribeDBProxies is not available in this region" >&2
          exit 254;;
      esac
    done
    exec "\(tools.aws.path)" "$@"

    """.write(to: wrapper, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
    let deniedEnvironment = scratch.environment(extra: ["PATH": bin.path + ":" + (environment["PATH"] ?? "")])
    let deniedCollect = try Command.run(
        tools.lambdaReach,
        [
            "collect", "--endpoint-url", server.endpoint, "--out", deniedExports.path, "--region", "eu-west-1",
            "--region",
            "ap-south-1",
        ],
        environment: deniedEnvironment, timeout: 600)
    server.stop()
    let deniedDatabase = scratch.root.appendingPathComponent("denied.sqlite").path
    let deniedImport = try Command.run(
        tools.lambdaReach, ["import", "--db", deniedDatabase, deniedExports.path], environment: environment,
        timeout: 180)
    func ask(_ target: String) throws -> CommandResult {
        try Command.run(
            tools.lambdaReach,
            ["query", "--db", deniedDatabase, "--function", "webhook-relay", "--to", target, "--format", "json"],
            environment: environment, timeout: 60)
    }
    let denied = DeniedRun(
        collect: deniedCollect, staleIAMFileRemoved: !FileManager.default.fileExists(atPath: staleIAM.path),
        importing: deniedImport, internet: try ask("internet"), logs: try ask("logs"))
    phase("denied collect, import, queries")

    return WorldState(
        scratch: scratch, regions: regions, ids: results.all, collect: collect, importing: importing,
        exportProblems: exportProblems(scratch.exports, regions: regions), audit: audit, denied: denied,
        seconds: Date().timeIntervalSince(started), phases: phases)
}

final class LockedResults<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: Value] = [:]
    func set(_ key: String, _ value: Value) {
        lock.lock()
        values[key] = value
        lock.unlock()
    }
    var all: [String: Value] {
        lock.lock()
        defer { lock.unlock() }
        return values
    }
}

/// The tools; when one is missing, the test is skipped with what to install printed (nil: the
/// caller returns), or, with CI=true, fails saying so.
func requireTools(sourceLocation: SourceLocation = #_sourceLocation) throws -> Toolbox? {
    switch Toolbox.locate() {
    case .success(let tools): return tools
    case .failure(let error):
        try ExternalTools.missing(error.description, sourceLocation: sourceLocation)
        return nil
    }
}

/// The verdicts of `audit --format json`'s reachability matrix, read leniently (the audit
/// command is younger than this suite): `functions[].targets[]` with `target` and `verdict`.
struct AuditMatrix {
    var verdicts: [String: String] = [:]

    init(_ json: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
            let functions = object["functions"] as? [[String: Any]]
        else { return }
        for function in functions {
            guard let name = function["function"] as? String else { continue }
            for target in function["targets"] as? [[String: Any]] ?? [] {
                guard let label = target["target"] as? String, let verdict = target["verdict"] as? String,
                    (target["port"] as? Int ?? 443) == 443, (target["protocol"] as? String ?? "tcp") == "tcp"
                else { continue }
                verdicts["\(name) \(label)"] = verdict
            }
        }
    }

    func verdict(function: String, target: String) -> String? { verdicts["\(function) \(target)"] }
}

/// Checks the collected folder's layout: one file per call and region where `import` finds it.
func exportProblems(_ exports: URL, regions: [String]) -> [String] {
    let manager = FileManager.default
    var problems: [String] = []
    let account = exports.appendingPathComponent("123456789012")
    let iam = account.appendingPathComponent("global/iam-get-account-authorization-details.json")
    if !manager.fileExists(atPath: iam.path) { problems.append("missing \(iam.path)") }
    let regional = [
        "ec2-describe-vpcs", "ec2-describe-subnets", "ec2-describe-route-tables", "ec2-describe-internet-gateways",
        "ec2-describe-egress-only-internet-gateways", "ec2-describe-nat-gateways", "ec2-describe-vpc-endpoints",
        "ec2-describe-security-groups", "ec2-describe-security-group-rules", "ec2-describe-network-acls",
        "ec2-describe-managed-prefix-lists", "ec2-describe-vpc-peering-connections", "ec2-describe-network-interfaces",
        "lambda-list-functions", "rds-describe-db-instances", "rds-describe-db-clusters", "rds-describe-db-proxies",
    ]
    func object(_ url: URL) -> [String: Any]? {
        (try? Data(contentsOf: url)).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }
    for region in regions {
        let folder = account.appendingPathComponent(region)
        for name in regional where object(folder.appendingPathComponent("\(name).json")) == nil {
            problems.append("\(region): missing or not a JSON object: \(name).json")
        }
        // Both DNS attributes of every VPC.
        let vpcs = (object(folder.appendingPathComponent("ec2-describe-vpcs.json"))?["Vpcs"] as? [[String: Any]] ?? [])
            .compactMap { $0["VpcId"] as? String }
        for vpc in vpcs {
            for (slug, key) in [
                ("enable-dns-support", "EnableDnsSupport"), ("enable-dns-hostnames", "EnableDnsHostnames"),
            ] {
                let file = folder.appendingPathComponent("ec2-describe-vpc-attribute/\(vpc)-\(slug).json")
                if object(file)?[key] == nil {
                    problems.append("\(region): no \(key) for \(vpc) in \(file.lastPathComponent)")
                }
            }
        }
        // The configuration (with State) of every VPC-attached function.
        let functions =
            object(folder.appendingPathComponent("lambda-list-functions.json"))?["Functions"] as? [[String: Any]] ?? []
        for function in functions {
            guard let name = function["FunctionName"] as? String,
                let subnets = (function["VpcConfig"] as? [String: Any])?["SubnetIds"] as? [Any], !subnets.isEmpty
            else { continue }
            let file = folder.appendingPathComponent("lambda-get-function-configuration/\(name).json")
            if object(file)?["FunctionArn"] == nil {
                problems.append("\(region): no get-function-configuration for \(name)")
            }
        }
        // Prefix-list entries carry the list's ID, which the CLI does not print.
        let entries = folder.appendingPathComponent("ec2-get-managed-prefix-list-entries")
        for name in (try? manager.contentsOfDirectory(atPath: entries.path)) ?? [] where name.hasSuffix(".json") {
            let id = String(name.dropLast(".json".count))
            if object(entries.appendingPathComponent(name))?["PrefixListId"] as? String != id {
                problems.append("\(region): \(name) has no \"PrefixListId\": \"\(id)\"")
            }
        }
        let leftovers = (manager.enumerator(atPath: folder.path)?.allObjects as? [String] ?? []).filter {
            $0.hasSuffix(".partial")
        }
        if !leftovers.isEmpty { problems.append("\(region): temporary files left behind: \(leftovers)") }
    }
    return problems
}

/// Replaces `${name}` with the ID the build script printed; unknown names stay visible.
func substitute(_ text: String, _ ids: [String: String]) -> String {
    var result = text
    for (name, id) in ids { result = result.replacingOccurrences(of: "${\(name)}", with: id) }
    return result
}

@Suite("collect -> import -> query against moto_server")
struct StoryTests {
    @Test("collect writes every call's file where import finds it, and import takes moto's data without a warning")
    func collectAndImport() async throws {
        guard let tools = try requireTools() else { return }
        let world = try await World.shared.state(tools)
        #expect(world.collect.status == 0, "collect failed:\n\(world.collect.transcript)")
        // moto implements neither ram list-resources nor list-principals, and answers
        // get-resource-shares --resource-owner OTHER-ACCOUNTS with a 500, as it does the two VPC
        // Block Public Access calls, rds describe-db-proxy-endpoints and lambda
        // list-capacity-providers: those eight calls per region fail (as warnings); every other
        // call succeeds.
        let motoGaps = [
            "ram get-resource-shares --resource-owner OTHER-ACCOUNTS", "ram list-resources --resource-owner SELF",
            "ram list-resources --resource-owner OTHER-ACCOUNTS", "ram list-principals --resource-owner SELF",
            "ec2 describe-vpc-block-public-access-options", "ec2 describe-vpc-block-public-access-exclusions",
            "rds describe-db-proxy-endpoints", "lambda list-capacity-providers",
        ]
        let warnings = world.collect.stderr.split(separator: "\n").filter { $0.contains("warning:") }
        let unexpected = warnings.filter { line in !motoGaps.contains { line.contains("`aws \($0) --region") } }
        #expect(unexpected.isEmpty, "collect warned:\n\(unexpected.joined(separator: "\n"))")
        #expect(
            world.collect.stdout.contains("\(motoGaps.count * world.regions.count) calls failed"),
            "collect:\n\(world.collect.transcript)")
        for region in world.regions {
            #expect(
                world.collect.stdout.contains("  \(region) "), "no summary line for \(region):\n\(world.collect.stdout)"
            )
        }
        #expect(world.exportProblems.isEmpty, "the collected folder:\n\(world.exportProblems.joined(separator: "\n"))")
        #expect(world.importing.status == 0, "import failed:\n\(world.importing.transcript)")
        #expect(
            !world.importing.stderr.contains("warning:"), "import warned about moto's data:\n\(world.importing.stderr)")
        print("moto world: \(String(format: "%.1f", world.seconds)) s (\(world.phases.joined(separator: ", ")))")
    }

    @Test("story", arguments: Story.all)
    func story(_ story: Story) async throws {
        guard let tools = try requireTools() else { return }
        let world = try await World.shared.state(tools)
        let expected = try story.expectations()
        let ids: [String: String]
        switch world.ids[story.name] {
        case .success(let printed): ids = printed
        case .failure(let error):
            Issue.record(Comment(rawValue: error.message))
            return
        case nil:
            Issue.record("\(story.name) was not built")
            return
        }
        let database = world.scratch.database.path
        let environment = world.scratch.environment()
        let answers = try await Gate.stories.run { () throws -> [CommandResult] in
            try expected.queries.map { query in
                var arguments = [
                    "query", "--db", database, "--function", query.function, "--to", query.target, "--format", "json",
                ]
                if let port = query.port { arguments += ["--port", String(port)] }
                return try Command.run(tools.lambdaReach, arguments, environment: environment, timeout: 60)
            }
        }
        for (query, result) in zip(expected.queries, answers) {
            let label = "\(story.name): \(query.function) -> \(query.target)"
            guard let answer = try? JSONDecoder().decode(AnswerJSON.self, from: Data(result.stdout.utf8)) else {
                Issue.record("\(label): no JSON answer:\n\(result.transcript)")
                continue
            }
            let summary =
                "verdict \(answer.verdict), blockers \(answer.blockers.map(\.label)), subnets \(answer.subnets.map { "\($0.subnet) \($0.verdict) \($0.blockers.map(\.label))" })"
            #expect(answer.verdict == query.verdict, "\(label): \(summary)")
            #expect(result.status == (query.verdict == "reachable" ? 0 : 1), "\(label): exit status \(result.status)")
            let functionBlockers = Set((query.blockers ?? []).map { substitute($0, ids) })
            #expect(
                Set(answer.blockers.map(\.label)) == functionBlockers, "\(label): function-level blockers; \(summary)")
            if let subnets = query.subnets {
                let want = Dictionary(uniqueKeysWithValues: subnets.map { (substitute($0.key, ids), $0.value) })
                #expect(Set(answer.subnets.map(\.subnet)) == Set(want.keys), "\(label): subnets; \(summary)")
                for subnet in answer.subnets {
                    guard let expectation = want[subnet.subnet] else { continue }
                    #expect(subnet.verdict == expectation.verdict, "\(label) from \(subnet.subnet): \(summary)")
                    #expect(
                        Set(subnet.blockers.map(\.label)) == Set(expectation.blockers.map { substitute($0, ids) }),
                        "\(label) from \(subnet.subnet): blockers; \(summary)")
                }
            }
            if let zones = query.failingAvailabilityZones {
                #expect(answer.failingAvailabilityZones == zones, "\(label): failing zones; \(summary)")
            }
        }
        if let audit = world.audit {
            // The audit command (built in parallel with this suite): it must answer about the
            // imported functions without an error, and where its matrix asks a story's
            // question (same function and target, tcp/443), give the story's verdict.
            #expect([0, 1].contains(audit.status), "audit:\n\(audit.transcript)")
            for function in Set(expected.queries.map(\.function)) {
                #expect(audit.stdout.contains(function), "audit does not mention \(function):\n\(audit.transcript)")
            }
            let matrix = AuditMatrix(audit.stdout)
            for query in expected.queries where query.port == nil || query.port == 443 {
                guard let verdict = matrix.verdict(function: query.function, target: query.target) else { continue }
                #expect(
                    verdict == query.verdict,
                    "\(story.name): audit says \(query.function) -> \(query.target) is \(verdict)")
            }
        }
    }
}
