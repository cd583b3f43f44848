import Foundation
import ReachInventory
import ReachReport
import Testing

@testable import ReachCore

@Suite("Audit rules: every finding of every fixture, and nothing else")
struct RuleTests {
    /// Each story's expected.json lists every finding the rules give, written from
    /// aws-semantics.md and docs/audit.md: a rule fires exactly for the functions listed and
    /// stays silent for the others (the control functions: balanced, steady, sound, ...).
    @Test("findings match expected.json", arguments: Fixtures.stories)
    func findings(_ story: String) throws {
        let expected = try ExpectedFindings.load(story)
        let result = Audit(network: try network(story)).run(try expected.request)
        let actual = result.findings.map(line)
        #expect(
            actual.sorted() == expected.findings.sorted(),
            "\(story):\n\(difference(expected: expected.findings, actual: actual))")
        #expect(Set(actual).count == actual.count, "\(story): a finding is reported twice")
    }

    @Test(
        "the logs facts added to another target's are the logs facts worked out whole",
        arguments: Fixtures.stories + Fixtures.scenarios)
    func logsFacts(_ fixture: String) throws {
        let network = try network(fixture)
        let solver = Solver(network: network)
        for function in network.functions.values.sorted(by: { $0.arn < $1.arn }) {
            let whole = solver.functionFacts(function, target: .logs)
            let added = solver.logsFacts(adding: solver.functionFacts(function, target: .internet), of: function)
            #expect(added.blockers == whole.blockers, "\(function.name)")
            #expect(added.notes == whole.notes, "\(function.name)")
            #expect(added.groups == whole.groups && added.subnets == whole.subnets, "\(function.name)")
        }
    }

    @Test("findings come in Finding.ordered order, however the audit sorted them")
    func order() throws {
        var all: [Finding] = []
        var functions: [LambdaFunction] = []
        for story in Fixtures.stories {
            let network = try network(story)
            let result = Audit(network: network).run(try ExpectedFindings.load(story).request)
            #expect(result.findings == Finding.sorted(result.findings), "\(story)")
            all += result.findings
            functions += network.functions.values
        }
        // Across stories too, shuffled, with findings about no function among them.
        var unowned = Finding(rule: .expectationUnmatched, function: nil, component: "x", message: "m", fix: "f")
        all += [unowned]
        unowned.component = "a"
        all += [unowned]
        // The same key again, other words: only the first in the order stays.
        unowned.message = "another"
        all += [unowned]
        var seen = Set<String>()
        functions = functions.sorted { ($0.name, $0.arn) < ($1.name, $1.arn) }.filter { seen.insert($0.arn).inserted }
        // One function, one rule: the target decides, then the component.
        let function = try #require(functions.first)
        for (target, component) in [("aws:b", "vpce-1"), ("aws:a", "vpce-2"), ("aws:a", "vpce-0")] {
            all.append(
                Finding(
                    rule: .interfaceEndpointPrivateDNSOff, function: function, target: target, component: component,
                    message: "m", fix: "f"))
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3 {
            let shuffled = all.shuffled(using: &generator)
            // No two findings of the stories share a key, but the added ones do: keep the first.
            var seen = Set<FindingKey>()
            let expected = Finding.sorted(shuffled).filter { seen.insert($0.key).inserted }
            #expect(Audit.sortedUnique(shuffled, functions: functions) == expected)
            // In groups, as the audit keeps them (one per function): the same.
            var groups: [[Finding]] = [[]]
            for finding in shuffled {
                if Bool.random(using: &generator) { groups.append([]) }
                groups[groups.count - 1].append(finding)
            }
            #expect(Audit.sortedUnique(groups: groups, functions: functions) == expected)
        }
    }

    @Test("every rule of the catalogue fires in some fixture")
    func everyRuleFires() throws {
        var fired = Set<String>()
        for story in Fixtures.stories {
            for finding in try ExpectedFindings.load(story).findings {
                fired.insert(String(finding.split(separator: " ")[0]))
            }
        }
        let withExpectations = try JSONDecoder().decode(
            ExpectedFindings.self,
            from: Data(contentsOf: Fixtures.expectations.appendingPathComponent("placement-expected.json")))
        for finding in withExpectations.findings { fired.insert(String(finding.split(separator: " ")[0])) }
        let catalogue = Set(AuditRule.all.map(\.id))
        #expect(
            catalogue.subtracting(fired).isEmpty, "rules no fixture exercises: \(catalogue.subtracting(fired).sorted())"
        )
        #expect(
            fired.subtracting(catalogue).isEmpty,
            "expected findings name unknown rules: \(fired.subtracting(catalogue).sorted())")
    }

    @Test("rule IDs are unique and kebab-case; findings carry their rule's severity, words and a fix")
    func findingsAreComplete() throws {
        let ids = AuditRule.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.allSatisfy { $0.isLowercase || $0 == "-" }, "\(id)")
        }
        for story in Fixtures.stories {
            let result = Audit(network: try network(story)).run(try ExpectedFindings.load(story).request)
            for finding in result.findings {
                let rule = try #require(AuditRule.named(finding.rule))
                #expect(finding.severity == rule.severity, "\(line(finding))")
                #expect(!finding.message.isEmpty && !finding.fix.isEmpty, "\(line(finding))")
                // The shared walks' stand-in for a function's name never shows.
                #expect(!finding.message.unicodeScalars.contains("\u{1}"), "\(line(finding))")
                #expect(!finding.fix.unicodeScalars.contains("\u{1}"), "\(line(finding))")
            }
        }
    }

    @Test("a near miss stays silent: 16 free addresses is not low, a NAT gateway in the same zone is not cross-AZ")
    func nearMisses() throws {
        let network = try network("placement")
        var request = AuditRequest()
        request.functions = [FunctionPattern("balanced")]
        let result = Audit(network: network).run(request)
        #expect(result.findings.isEmpty, "\(result.findings.map(line))")
        let privateB = try #require(network.subnets.values.first { $0.name == "private-b" })
        #expect(privateB.availableIPAddressCount == Audit.lowAddressThreshold)
    }

    @Test("a configuration finding that repeats a reach-* blocker is left out")
    func noRepeats() throws {
        // api cannot reach aws:sqs because the endpoint's group refuses it: one reach-unreachable
        // finding at that group, no interface-endpoint-sg-denies-function finding beside it.
        let result = Audit(network: try network("endpoints-and-dns")).run(AuditRequest())
        let atSQS = result.findings.filter { $0.target == "aws:sqs" }.map(\.rule)
        #expect(atSQS == ["reach-unreachable"])
    }

    @Test("a transit-gateway attachment missing a zone makes the subnets differ")
    func transitGatewayZones() throws {
        // payments-api reaches rds:ledger-db from us-east-1a only: the spoke's attachment has no
        // subnet in us-east-1b. The subnets-differ finding names the failing subnet's route
        // table and carries the blocker's fix (add the attachment subnet).
        var request = AuditRequest()
        request.extraTargets = [.database("ledger-db")]
        let result = Audit(network: try network("scenarios/transit-gateway-attachment-missing-az")).run(request)
        let differ = try #require(result.findings.first { $0.rule == "subnets-differ-across-azs" })
        #expect(differ.function == "payments-api")
        #expect(differ.message.contains("subnet-0f1a000000000002 (us-east-1b"))
        #expect(differ.fix.contains("modify-transit-gateway-vpc-attachment"))
        #expect(result.findings.contains { $0.rule == "reach-partial" && $0.target == "rds:ledger-db" })
    }

    @Test("VPC Block Public Access on one zone's NAT subnet only makes the subnets differ")
    func blockPublicAccessZones() throws {
        // ledger-sync reaches the internet from us-east-1a only: us-east-1b's NAT gateway sits in
        // a subnet that BPA blocks (bidirectional, no exclusion). The finding names the failing
        // subnet and carries the blocker's fix, the exclusion of that NAT subnet.
        let result = Audit(network: try network("scenarios/bpa-bidirectional-one-zone-nat-subnet-excluded")).run(
            AuditRequest())
        let differ = try #require(result.findings.first { $0.rule == "subnets-differ-across-azs" })
        #expect(differ.function == "ledger-sync")
        #expect(differ.message.contains("subnet-0fdca000000000003 (us-east-1b"), "\(differ.message)")
        #expect(
            differ.fix.contains(
                "aws ec2 create-vpc-block-public-access-exclusion --region us-east-1 --subnet-id subnet-0fdca000000000004 --internet-gateway-exclusion-mode allow-egress"
            ), "\(differ.fix)")
        let partial = try #require(result.findings.first { $0.rule == "reach-partial" && $0.target == "internet" })
        #expect(partial.component == "subnet-0fdca000000000004")
    }

    @Test("--function and --vpc select functions; defaults can be extended")
    func selection() throws {
        let network = try network("endpoints-and-dns")
        let batchVPC = try #require(network.vpcs.values.first { $0.name == "batch" }).id
        var request = AuditRequest()
        request.vpcs = [batchVPC]
        #expect(Audit(network: network).run(request).functions.map(\.function) == ["batch"])
        request = AuditRequest()
        request.functions = [FunctionPattern("a*"), FunctionPattern("arn:aws:lambda:*:function:batch")]
        request.extraTargets = [.awsService("sts"), .internet]
        let result = Audit(network: network).run(request)
        #expect(result.functions.map(\.function) == ["api", "batch"])
        #expect(
            result.functions[0].targets.map(\.target) == [
                "internet", "dynamodb", "s3", "logs", "aws:kms", "aws:secretsmanager", "aws:sqs", "aws:sts",
            ])
        request.defaultTargets = false
        #expect(Audit(network: network).run(request).functions[0].targets.map(\.target) == ["aws:sts", "internet"])
    }

    @Test("function patterns: * and ?, case-sensitive, ARNs for arn: patterns")
    func patterns() {
        #expect(FunctionPattern("fn-*").matches(text: "fn-0001-002"))
        #expect(FunctionPattern("fn-000?-00?").matches(text: "fn-0001-002"))
        #expect(!FunctionPattern("fn-000?").matches(text: "fn-00012"))
        #expect(!FunctionPattern("Orders").matches(text: "orders"))
        #expect(FunctionPattern("*").matches(text: ""))
        #expect(FunctionPattern("*a*b*").matches(text: "xxaxxbxx"))
        #expect(!FunctionPattern("*a*b").matches(text: "xxaxxbxx"))
        let function = LambdaFunction(
            arn: "arn:aws:lambda:eu-west-1:123456789012:function:orders", name: "orders", accountId: "123456789012",
            region: "eu-west-1")
        #expect(FunctionPattern("arn:aws:lambda:eu-west-1:*").matches(function))
        #expect(!FunctionPattern("arn:aws:lambda:us-east-1:*").matches(function))
    }

    @Test("same inventory, same bytes: two audits of fresh imports render identically")
    func deterministic() throws {
        for story in Fixtures.stories {
            let request = try ExpectedFindings.load(story).request
            let first = Audit(network: try network(story)).run(request)
            let second = Audit(network: try network(story)).run(request)
            let context = AuditReport.Context(inventory: "inventory.sqlite")
            for format in AuditFormat.allCases {
                #expect(
                    AuditReport.render(first, format: format, context: context, style: Style(enabled: false))
                        == AuditReport.render(second, format: format, context: context, style: Style(enabled: false)),
                    "\(story) as \(format)")
            }
        }
    }
}
