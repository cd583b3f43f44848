import Foundation
import ReachCore
import ReachInventory
import ReachReport
import Testing

/// The fixtures: AWS CLI exports per story, with the findings the rules give beside them.
enum Fixtures {
    static let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    /// The audit's own stories, one or more rules each (expected.json lists every finding).
    static let stories = ["placement", "endpoints-and-dns", "state-and-role", "missing-and-tenancy"]
    /// Scenario folders copied from Tests/ScenarioTests/Fixtures.
    static var scenarios: [String] {
        let names =
            (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("scenarios").path)) ?? []
        return names.sorted().map { "scenarios/\($0)" }
    }
    static let expectations = root.appendingPathComponent("expectations")

    /// Golden files live in the source tree so that re-recording updates them.
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden")

    static func url(_ name: String) -> URL { root.appendingPathComponent(name) }
}

/// A fresh folder under the temporary directory.
func scratchDirectory(_ label: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
        "lambda-reach-audit-\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Imports `folders` into a fresh inventory.
func inventory(_ folders: [URL]) throws -> InventoryStore {
    let path = try scratchDirectory("db").appendingPathComponent("inventory.sqlite").path
    let store = try InventoryStore(path: path, create: true)
    _ = try Importer(store: store).importPaths(folders.map(\.path))
    return store
}

/// The whole network of a fixture folder, loaded as the audit command loads it.
func network(_ fixture: String) throws -> Network {
    try NetworkLoader(store: try inventory([Fixtures.url(fixture)])).load(.all)
}

/// What a fixture's expected.json says.
struct ExpectedFindings: Decodable {
    var story: String
    /// `--targets` for the fixture, when it does not use the defaults.
    var targets: String?
    /// `rule | function | target | component`, `-` for none.
    var findings: [String]

    static func load(_ fixture: String) throws -> ExpectedFindings {
        try JSONDecoder().decode(
            ExpectedFindings.self, from: Data(contentsOf: Fixtures.url(fixture).appendingPathComponent("expected.json"))
        )
    }

    /// The request `targets` describes, as `--targets` reads it.
    var request: AuditRequest {
        var request = AuditRequest()
        if let targets {
            let items = targets.split(separator: ",").map(String.init)
            request.defaultTargets = items.contains("defaults")
            request.extraTargets = items.filter { $0 != "defaults" }.map { try! Target(parsing: $0) }
        }
        return request
    }
}

/// `rule | function | target | component`, as expected.json spells findings.
func line(_ finding: Finding) -> String {
    [finding.rule, finding.function.isEmpty ? "-" : finding.function, finding.target ?? "-", finding.component]
        .joined(separator: " | ")
}

/// Both sides of a set comparison, for a message that says what differs.
func difference(expected: [String], actual: [String]) -> String {
    let missing = Set(expected).subtracting(actual).sorted()
    let unexpected = Set(actual).subtracting(expected).sorted()
    return (missing.map { "missing:    \($0)" } + unexpected.map { "unexpected: \($0)" }).joined(separator: "\n")
}

/// Compares `actual` with the golden file `name` byte for byte, showing the first lines that
/// differ; LAMBDA_REACH_RECORD_GOLDEN=1 re-records it instead.
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = Fixtures.golden.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["LAMBDA_REACH_RECORD_GOLDEN"] == "1" {
        try FileManager.default.createDirectory(at: Fixtures.golden, withIntermediateDirectories: true)
        try actual.write(to: url, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        Issue.record(
            "missing golden file \(url.path): run with LAMBDA_REACH_RECORD_GOLDEN=1 to record it",
            sourceLocation: sourceLocation)
        return
    }
    guard expected != actual else { return }
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var diff: [String] = []
    for index in 0..<max(a.count, b.count) where index >= a.count || index >= b.count || a[index] != b[index] {
        diff.append(
            "line \(index + 1):\n  - \(index < a.count ? String(a[index]) : "<end of file>")\n  + \(index < b.count ? String(b[index]) : "<end of file>")"
        )
        if diff.count == 10 {
            diff.append("...")
            break
        }
    }
    Issue.record(
        "\(name) differs from its golden file (\(a.count) lines expected, \(b.count) actual; LAMBDA_REACH_RECORD_GOLDEN=1 re-records it):\n\(diff.joined(separator: "\n"))",
        sourceLocation: sourceLocation)
}

/// The built `lambda-reach` binary, run as a user (or a CI job) runs it.
enum Binary {
    /// The folder of the test bundle holds the products of the same build.
    static let url = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("lambda-reach")

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary with a clean environment (no colour, no LAMBDA_REACH_DB) plus `environment`.
    static func run(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws
        -> Result
    {
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            Issue.record("no lambda-reach binary at \(url.path): build it first (swift build --build-tests)")
            throw CocoaError(.fileNoSuchFile)
        }
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
        ].merging(environment) { _, new in new }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read before waiting: a large report would otherwise fill the pipe and block.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }
}
