import Foundation
import ReachCore
import ReachInventory
import ReachReport
import TestSupport
import Testing

/// The fixtures: AWS CLI exports per story, with the findings the rules give beside them.
enum Fixtures {
    static let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    /// The audit's own stories, one or more rules each (expected.json lists every finding),
    /// and the smaller ones of `checks`.
    static let stories = ["placement", "endpoints-and-dns", "state-and-role", "missing-and-tenancy"] + checks
    /// One configuration check each, as a red team probed it: `checks/NAME`.
    static let checks = [
        "split-default-route", "single-az-tier-without-nat", "single-az-full-subnet", "low-addresses-isolated-tier",
        "many-private-subnets", "cross-az-nat-in-private-subnet", "gateway-endpoints-deleted-and-failed",
        "endpoint-service-port", "s3-interface-beside-gateway", "endpoints-not-serving", "dynamodb-streams-endpoint",
        "dual-stack-public", "hub-private-hosted-zones", "shared-vpc-cross-az-nat",
    ].map { "checks/\($0)" }
    /// Every scenario folder of Tests/ScenarioTests/Fixtures, read where it is (no copy), as
    /// `scenarios/NAME`.
    static var scenarios: [String] { Repository.scenarioFolders.map { "scenarios/\($0.lastPathComponent)" } }
    static let expectations = root.appendingPathComponent("expectations")

    /// Golden files live in the source tree so that re-recording updates them.
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/golden")

    static func url(_ name: String) -> URL {
        if name.hasPrefix("scenarios/") {
            return Repository.scenarios.appendingPathComponent(String(name.dropFirst(10)))
        }
        return root.appendingPathComponent(name)
    }
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
        get throws {
            var request = AuditRequest()
            if let targets {
                let selection = try TargetSelection(parsing: targets)
                request.defaultTargets = selection.defaults
                request.extraTargets = selection.extra
            }
            return request
        }
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

/// Compares `actual` with the golden file `name` of this target (see `TestSupport.expectGolden`).
func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    try TestSupport.expectGolden(
        actual, at: Fixtures.golden.appendingPathComponent(name), sourceLocation: sourceLocation)
}
