import Foundation
import ReachCore
import ReachInventory
import Testing

/// One scenario folder: AWS CLI exports and the answers the rules give (expected.json).
struct Scenario: CustomTestStringConvertible, Sendable {
    var name: String
    var directory: URL
    var testDescription: String { name }

    static let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    static var all: [Scenario] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: root.appendingPathComponent($0).appendingPathComponent("expected.json").path) }
            .sorted().map { Scenario(name: $0, directory: root.appendingPathComponent($0)) }
    }
}

struct ExpectedAnswers: Decodable {
    struct Query: Decodable {
        var function: String
        var target: String
        var port: Int?
        var `protocol`: String?
        var verdict: String
        var subnets: [String: ExpectedSubnet]?
        var blockers: [String]?
    }
    struct ExpectedSubnet: Decodable {
        var verdict: String
        var blockers: [String]
    }
    var story: String
    var queries: [Query]
}

/// Imports a folder into a fresh inventory and answers its questions.
func answers(for directory: URL) throws -> (Reachability, ExpectedAnswers) {
    let db = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-\(UUID().uuidString).sqlite").path
    let store = try InventoryStore(path: db, create: true)
    _ = try Importer(store: store).importPaths([directory.path])
    let expected = try JSONDecoder().decode(ExpectedAnswers.self, from: Data(contentsOf: directory.appendingPathComponent("expected.json")))
    return (Reachability(store: store), expected)
}

@Suite("Scenario fixtures: one story per rule of aws-semantics.md")
struct ScenarioTests {
    @Test("answers match expected.json", arguments: Scenario.all)
    func scenario(_ scenario: Scenario) throws {
        let (reachability, expected) = try answers(for: scenario.directory)
        #expect(!expected.queries.isEmpty)
        for query in expected.queries {
            let target = try Target(parsing: query.target)
            let ipProtocol: IPProtocol = query.protocol == "udp" ? .udp : .tcp
            let answer = try reachability.answer(function: query.function, target: target, port: query.port, ipProtocol: ipProtocol)
            let label = "\(query.function) -> \(query.target)"
            #expect(answer.verdict.rawValue == query.verdict, "\(label): verdict \(answer.verdict), blockers \(answer.allBlockers.map { "\($0.code)@\($0.component)" })")
            let functionBlockers = Set(answer.blockers.map { "\($0.code)@\($0.component)" })
            #expect(functionBlockers == Set(query.blockers ?? []), "\(label): function-level blockers")
            let expectedSubnets = query.subnets ?? [:]
            #expect(Set(answer.subnets.map(\.subnet)) == Set(expectedSubnets.keys), "\(label): subnets")
            for subnet in answer.subnets {
                guard let want = expectedSubnets[subnet.subnet] else { continue }
                #expect(subnet.verdict.rawValue == want.verdict, "\(label) from \(subnet.subnet): verdict, blockers \(subnet.blockers.map { "\($0.code)@\($0.component)" })")
                #expect(Set(subnet.blockers.map { "\($0.code)@\($0.component)" }) == Set(want.blockers), "\(label) from \(subnet.subnet): blockers")
            }
        }
    }
}
