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
        /// `--stack-name`: each template's stack, by the template's file name.
        var stackNames: [String: String]?
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
        let stackNames = Dictionary(
            uniqueKeysWithValues: (expected.stackNames ?? [:]).map {
                (directory.appendingPathComponent($0.key).path, $0.value)
            })
        let options = TemplateOptions(
            account: expected.account ?? "123456789012", region: expected.region ?? "us-east-1",
            parameters: parameters, stackNames: stackNames)
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

/// The words of answers whose template leaves something unknown: they say it is unknown, and
/// their fixes name nothing that is not a real ID.
@Suite("Template unknowns in words and fixes")
struct TemplateUnknownWordsTests {
    func answer(_ folder: String, function: String, target: String, port: Int) throws -> Answer {
        let scenario = try #require(TemplateScenario.all.first { $0.name == folder })
        let overlay = try scenario.overlay(try scenario.expected())
        return overlay.annotate(
            try Reachability(store: overlay.store).answer(
                function: overlay.functionAliases[function] ?? function,
                target: try Target(parsing: overlay.target(target)), port: port))
    }

    @Test("a rule to a literal prefix list, the S3 list's ID unknown: the fix looks the ID up, no placeholder")
    func prefixListUnknown() throws {
        let answer = try answer(
            "sg-egress-literal-prefix-list-without-prefix-lists-is-unknown", function: "Fn", target: "s3", port: 443)
        let blocker = try #require(answer.subnets.first?.blockers.first)
        let words = answer.words(of: blocker)
        #expect(words.message.contains("pl-63a5400a, which a rule names, may be it"), "\(words.message)")
        #expect(!words.fix.contains("prefix list}"), "a placeholder in the fix: \(words.fix)")
        #expect(
            words.fix.contains(
                "--filters Name=prefix-list-name,Values=com.amazonaws.us-east-1.s3 --query 'PrefixLists[0].PrefixListId'"
            ),
            "\(words.fix)")
        #expect(words.fix.contains("PrefixListIds=[{PrefixListId=$pl}]"), "\(words.fix)")
    }

    @Test("an RDS proxy without VpcSecurityGroupIds: its groups are unknown, and the target's fix admits a CIDR")
    func proxyGroupsUnknown() throws {
        let answer = try answer(
            "rds-proxy-without-security-groups-is-unknown", function: "Fn", target: "rds:orders-proxy", port: 5432)
        let blockers = try #require(answer.subnets.first?.blockers)
        let unknown = try #require(blockers.first { $0.code == .securityGroupNotFound })
        let words = answer.words(of: unknown)
        #expect(words.message.contains("security groups are not known"), "\(words.message)")
        #expect(!words.fix.contains("describe-security-groups"), "an export cannot add it: \(words.fix)")
        let target = try #require(blockers.first { $0.code == .proxyTargetUnreachable })
        let fix = answer.words(of: target).fix
        #expect(fix.contains("--cidr 10.0.1.0/24"), "\(fix)")
        #expect(!fix.contains("unresolved"), "\(fix)")
    }
}
