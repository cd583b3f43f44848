import Foundation
import ReachCore
import ReachInventory
import ReachReport
import Testing

@Suite("The matrix gives the verdicts `query` gives")
struct SolverAgreementTests {
    /// Every cell of the matrix against `Solver.answer(_:)` for the same function and target,
    /// over the audit's stories and the scenario folders copied from ScenarioTests: the
    /// verdict, the failing zones and every blocker with its words and fix. The audit shares
    /// walks between functions placed alike; the solver never does.
    @Test("cell by cell, blocker by blocker", arguments: Fixtures.stories + Fixtures.scenarios)
    func agreement(_ fixture: String) throws {
        let network = try network(fixture)
        let solver = Solver(network: network)
        // The defaults, and for a scenario the targets of its questions too (an address, a
        // database across a peering, IPv6).
        var request = AuditRequest()
        request.extraTargets = try ScenarioQuestions.load(fixture).map { try Target(parsing: $0.target) }
        let result = Audit(network: network).run(request)
        #expect(result.functions.count == network.functions.count)
        for row in result.functions {
            let function = try #require(network.functions[row.functionArn])
            for cell in row.targets {
                let target = try Target(parsing: cell.target)
                let answer = try solver.answer(
                    Question(function: function, target: target))
                let label = "\(fixture): \(row.function) -> \(cell.target)"
                #expect(cell.verdict == answer.verdict, "\(label)")
                #expect(cell.port == answer.port && cell.ipProtocol == answer.ipProtocol, "\(label)")
                #expect(
                    cell.failingAvailabilityZones
                        == (answer.verdict == .reachable ? [] : answer.failingAvailabilityZones), "\(label)")
                #expect(cell.blockers == answer.allBlockers.map(BlockerKey.init), "\(label)")
            }
        }
    }

    /// The scenario folders say what the AWS rules give (expected.json, written from
    /// aws-semantics.md): where a question is also a cell of the matrix, the cell says the same.
    @Test("scenario answers", arguments: Fixtures.scenarios)
    func scenarioVerdicts(_ fixture: String) throws {
        let queries = try ScenarioQuestions.load(fixture)
        // The questions' targets besides the defaults: a database across a peering, an address.
        var request = AuditRequest()
        request.extraTargets = try queries.map { try Target(parsing: $0.target) }
        let result = Audit(network: try network(fixture)).run(request)
        var compared = 0
        for query in queries where query.protocol ?? "tcp" == "tcp" {
            guard let row = result.functions.first(where: { $0.function == query.function }),
                let cell = row.targets.first(where: { $0.target == query.target }),
                query.port == nil || query.port == cell.port
            else { continue }
            compared += 1
            #expect(cell.verdict.rawValue == query.verdict, "\(fixture): \(query.function) -> \(query.target)")
        }
        #expect(compared > 0, "\(fixture): no question of expected.json was compared")
    }

    @Test("functions sharing a walk get their own name in its fixes")
    func sharedWalkNames() throws {
        // public-only and public-and-private both sit in public-b with the same group: they
        // share that subnet's walks, whose public-subnet-trap fix names the function to move.
        let network = try network("placement")
        let result = Audit(network: network).run(AuditRequest())
        for name in ["public-only", "public-and-private"] {
            let row = try #require(result.functions.first { $0.function == name })
            let internet = try #require(row.targets.first { $0.target == "internet" })
            #expect(internet.blockers.contains { $0.code.rawValue == "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS" })
            // The cell names its blockers; their words are in the function's finding.
            let finding = try #require(
                result.findings.first { $0.function == name && $0.target == "internet" && $0.rule.hasPrefix("reach-") })
            #expect(finding.message.contains("IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"), "\(finding.message)")
            #expect(finding.fix.contains("--function-name \(name) "), "\(finding.fix)")
        }
    }

    @Test("functions placed alike share their walks")
    func sharing() throws {
        // placement: nine functions with one security group over ten distinct subnets, 17
        // function-subnet pairs, five targets each (plus nothing hidden: s3 and dynamodb are
        // defaults): 85 walks asked, 50 distinct.
        let result = Audit(network: try network("placement")).run(AuditRequest())
        #expect(result.walks.asked == 85)
        #expect(result.walks.distinct == 50)
    }

    @Test("a function without VpcConfig is audited against the default public targets")
    func outsideVPC() throws {
        let result = Audit(network: try network("scenarios/no-vpc-config")).run(AuditRequest())
        for row in result.functions where row.vpcs.isEmpty {
            #expect(row.targets.map(\.target) == ["internet", "dynamodb", "s3", "logs"])
            #expect(row.targets.allSatisfy { $0.verdict == .reachable })
        }
    }
}

/// The questions of a scenario folder's expected.json (none for the audit's own stories).
struct ScenarioQuestions: Decodable {
    struct Query: Decodable {
        var function: String
        var target: String
        var port: Int?
        var `protocol`: String?
        var verdict: String
    }
    var queries: [Query]

    static func load(_ fixture: String) throws -> [Query] {
        guard fixture.hasPrefix("scenarios/") else { return [] }
        return try JSONDecoder().decode(
            ScenarioQuestions.self,
            from: Data(contentsOf: Fixtures.url(fixture).appendingPathComponent("expected.json"))
        ).queries
    }
}
