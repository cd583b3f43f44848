import Foundation
import ReachInventory
import Testing

@testable import ReachCore

/// How the audit plans and numbers its work: the questions of functions placed alike are
/// planned once, and walks are numbered by (skeleton, group set) pairs.
@Suite("Audit planning")
struct PlanningTests {
    @Test("pairs are numbered in the order they first come, as a dictionary numbers them")
    func pairNumbers() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<20 {
            // Small ranges make repeats common; large ones reach the upper bits of the key.
            let range = round % 2 == 0 ? 0..<8 : 0..<(1 << 31)
            let pairs = (0..<(50 + round * 40)).map { _ in
                (Int.random(in: range, using: &generator), Int.random(in: range, using: &generator))
            }
            var table = Audit.PairNumbers(capacity: pairs.count)
            var expected: [[Int]: Int] = [:]
            var added = 0
            for (first, second) in pairs {
                let number = table.index(of: first, second) { added += 1 }
                let known = expected[[first, second]]
                if known == nil { expected[[first, second]] = expected.count }
                #expect(number == expected[[first, second]], "(\(first), \(second))")
            }
            #expect(table.count == expected.count && added == expected.count)
        }
        // The extremes of the key, and pairs that differ only by which number is which.
        var table = Audit.PairNumbers(capacity: 4)
        #expect(table.index(of: 0, 0) {} == 0)
        #expect(table.index(of: (1 << 32) - 1, (1 << 32) - 1) {} == 1)
        #expect(table.index(of: 1, 0) {} == 2)
        #expect(table.index(of: 0, 1) {} == 3)
        #expect(table.index(of: 0, 0) {} == 0 && table.index(of: 1, 0) {} == 2)
        #expect(table.index(of: (1 << 32) - 1, (1 << 32) - 1) {} == 1 && table.count == 4)
    }

    /// Two databases called `ledger`, one per account, and a function of each account in the
    /// same shared VPC: each function's `rds:ledger` is its own account's database, though the
    /// two are placed alike otherwise.
    @Test("functions of one VPC in different accounts resolve a database name in their own account")
    func placementsKeepAccounts() throws {
        var network = try network("placement")
        let template = try #require(network.functions.values.first { $0.name == "balanced" })
        let vpc = try #require(network.subnets[template.subnetIds[0]]?.vpcId)
        var other = template
        other.arn = "arn:aws:lambda:\(template.region):999988887777:function:balanced-elsewhere"
        other.name = "balanced-elsewhere"
        other.accountId = "999988887777"
        network.functions[other.arn] = other
        for (account, port) in [(template.accountId, 5432), (other.accountId, 3306)] {
            let key = "\(account)/\(template.region)/instance/ledger"
            network.databases[key] = RDSDatabase(
                key: key, kind: .instance, identifier: "ledger", accountId: account, region: template.region,
                port: port, vpcId: vpc, subnetIds: template.subnetIds, securityGroupIds: template.securityGroupIds)
        }
        network.index()
        var request = AuditRequest()
        request.defaultTargets = false
        request.extraTargets = [.database("ledger")]
        request.functions = [FunctionPattern("balanced*")]
        let result = Audit(network: network).run(request)
        let ports = Dictionary(
            uniqueKeysWithValues: result.functions.map { ($0.function, $0.targets.map(\.port)) })
        #expect(ports == ["balanced": [5432], "balanced-elsewhere": [3306]])
    }

    /// Two functions of one placement (same VPC, account and region) whose numbers of security
    /// groups differ ask different questions: a walk's fixes list the function's groups, as
    /// placeholders counted by the question. Numbering the second with the first's questions
    /// would list one group where it has two.
    @Test("functions placed alike with different numbers of groups get their own groups in the fixes")
    func placementQuestionsCountGroups() throws {
        var network = try network("placement")
        let template = try #require(network.functions.values.first { $0.name == "public-only" })
        let vpc = try #require(network.subnets[template.subnetIds[0]]?.vpcId)
        let second = try #require(
            network.securityGroups.values.filter { $0.vpcId == vpc && !template.securityGroupIds.contains($0.id) }
                .map(\.id).min())
        var other = template
        other.arn = template.arn + "-two-groups"
        other.name = "public-only-two-groups"
        other.securityGroupIds = template.securityGroupIds + [second]
        network.functions[other.arn] = other
        var request = AuditRequest()
        request.defaultTargets = false
        request.extraTargets = [.internet]
        request.functions = [FunctionPattern("public-only*")]
        let result = Audit(network: network).run(request)
        let solver = Solver(network: network)
        for function in [template, other] {
            let finding = try #require(
                result.findings.first { $0.function == function.name && $0.rule.hasPrefix("reach-") },
                "\(function.name)")
            let answer = try solver.answer(Question(function: function, target: .internet))
            #expect(finding.fix == AuditWording.fixes(answer.allBlockers.map(answer.words(of:))), "\(function.name)")
            #expect(
                finding.fix.contains("SecurityGroupIds=\(function.securityGroupIds.joined(separator: ","))"),
                "\(finding.fix)")
        }
    }

    /// An expectation adds a cell to the functions it names only: the cells the others share
    /// with them are left as they were.
    @Test("an expectation's question is asked of the functions it names, not of their neighbours")
    func expectationsStayOwn() throws {
        let network = try network("placement")
        var request = AuditRequest()
        request.defaultTargets = false
        request.extraTargets = [.internet]
        request.functions = [FunctionPattern("one-subnet"), FunctionPattern("one-zone")]
        // Both functions are in the same VPC and account: one placement.
        request.expectations = [
            Expectation(
                functions: FunctionPattern("one-zone"), requirement: .reach,
                target: .address(try #require(IPv4Address("10.0.0.9")), port: 8443))
        ]
        let audit = Audit(network: network)
        let result = audit.run(request)
        #expect(result.functions.map(\.function) == ["one-subnet", "one-zone"])
        #expect(result.functions.allSatisfy { $0.targets.map(\.target) == ["internet"] })
        let outcome = try #require(result.expectations.first)
        #expect(outcome.functionsChecked == 1)
    }
}
