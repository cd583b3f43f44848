import Foundation
import ReachCore
import ReachInventory
import ReachReport
import TestSupport
import Testing

/// One template scenario folder (Fixtures/README.md): templates, maybe an inventory, and the
/// answers CloudFormation's and AWS's documentation give.
struct TemplateScenario: CustomTestStringConvertible, Sendable {
    var name: String
    var directory: URL
    var testDescription: String { name }

    static let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static var all: [TemplateScenario] {
        fixtureFolders(in: root).map { TemplateScenario(name: $0.name, directory: $0.directory) }
    }

    struct Expected: Decodable {
        struct Query: Decodable {
            var function: String
            var target: String
            var port: Int?
            var `protocol`: String?
            var verdict: String
            var subnets: [String: StoryExpectations.ExpectedSubnet]?
            var blockers: [String]?
            var notes: [String]?
        }
        struct Failure: Decodable { var contains: [String] }
        var story: String
        var rule: String
        var templates: [String]
        var inventory: String?
        var parameters: [String]?
        var parametersFile: String?
        var account: String?
        var region: String?
        var queries: [Query]?
        var notAnalysed: [String]?
        var error: Failure?
    }

    func expected() throws -> Expected {
        try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: directory.appendingPathComponent("expected.json")))
    }

    /// The templates laid over the folder's inventory (or over nothing), as `--template` does.
    func overlay(_ expected: Expected) throws -> TemplateOverlay {
        var base: InventoryStore?
        if let inventory = expected.inventory {
            let path = try scratchDirectory("template-\(name)").appendingPathComponent("inventory.sqlite").path
            let store = try InventoryStore(path: path, create: true)
            _ = try Importer(store: store).importPaths([directory.appendingPathComponent(inventory).path])
            base = store
        }
        var parameters: [String: String] = [:]
        if let file = expected.parametersFile {
            parameters = try TemplateParameters.load(directory.appendingPathComponent(file).path)
        }
        for parameter in expected.parameters ?? [] {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            parameters[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        let options = TemplateOptions(
            account: expected.account ?? "123456789012", region: expected.region ?? "us-east-1",
            parameters: parameters)
        return try TemplateOverlay.apply(
            expected.templates.map { directory.appendingPathComponent($0).path }, options: options, over: base)
    }
}

/// `PrivateSubnetA (/…/template.yaml:42)` -> `PrivateSubnetA`: the fixtures name planned
/// resources by logical ID.
func logical(_ name: String) -> String {
    guard name.hasSuffix(")"), let open = name.range(of: " (", options: .backwards),
        name[open.upperBound...].contains(":")
    else { return name }
    return String(name[..<open.lowerBound])
}

/// The answer with every planned name shortened to its logical ID.
func shortened(_ answer: Answer) -> Answer {
    var answer = answer
    let rename = { (blocker: Blocker) -> Blocker in
        var blocker = blocker
        blocker.component = logical(blocker.component)
        return blocker
    }
    answer.blockers = answer.blockers.map(rename)
    answer.subnets = answer.subnets.map { subnet in
        var subnet = subnet
        subnet.subnet = logical(subnet.subnet)
        subnet.blockers = subnet.blockers.map(rename)
        return subnet
    }
    return answer
}

@Suite("Template scenarios: real and hand-written templates, answers from CloudFormation's documentation")
struct TemplateScenarioTests {
    @Test("there are template scenarios for the corpus, SAM, CDK, live VPCs, deployed stacks and errors")
    func coverage() {
        let names = TemplateScenario.all.map(\.name)
        #expect(names.count >= 30)
        for prefix in ["corpus-", "sam-", "cdk-", "live-vpc-", "deployed-stack-", "error-"] {
            #expect(names.contains { $0.hasPrefix(prefix) }, "no scenario starts with \(prefix)")
        }
    }

    @Test("answers match expected.json", arguments: TemplateScenario.all)
    func scenario(_ scenario: TemplateScenario) throws {
        let expected = try scenario.expected()
        if let failure = expected.error {
            do {
                _ = try scenario.overlay(expected)
                Issue.record("the templates were accepted; expected an error containing \(failure.contains)")
            } catch let error as TemplateError {
                for part in failure.contains {
                    #expect(error.description.contains(part), "\(error.description) does not contain \(part)")
                }
            }
            return
        }
        let overlay = try scenario.overlay(expected)
        if let notAnalysed = expected.notAnalysed {
            #expect(Set(overlay.notAnalysed.keys) == Set(notAnalysed))
        }
        let reachability = Reachability(store: overlay.store)
        let queries = try #require(expected.queries)
        #expect(!queries.isEmpty)
        for query in queries {
            let function = overlay.functionAliases[query.function] ?? query.function
            let raw = try reachability.answer(
                function: function, target: try Target(parsing: overlay.target(query.target)), port: query.port,
                ipProtocol: query.protocol == "udp" ? .udp : .tcp)
            let answer = overlay.annotate(raw)
            let story = StoryExpectations.Query(
                function: query.function, target: query.target, port: query.port, protocol: query.protocol,
                verdict: query.verdict, subnets: query.subnets, blockers: query.blockers)
            let problems = StoryExpectations.mismatches(shortened(answer), story)
            #expect(problems.isEmpty, "\(query.function) -> \(query.target): \(problems.joined(separator: "; "))")
            for note in query.notes ?? [] {
                #expect(answer.notes.contains { $0.contains(note) }, "no note contains \(note): \(answer.notes)")
            }
        }
    }
}
