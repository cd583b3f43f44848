import Foundation
import ReachInventory
import ReachReport
import Testing

@testable import ReachCore

/// What expectations/placement-expected.json says of each line of placement.yaml.
struct ExpectedOutcomes: Decodable {
    struct Outcome: Decodable {
        var line: Int
        var text: String
        var checked: Int
        var violations: Int
        var holds: Bool
    }
    var expectations: [Outcome]
    var findings: [String]
}

@Suite("--expect: the file format and the checks")
struct ExpectationTests {
    static func text(_ name: String) throws -> String {
        try String(contentsOf: Fixtures.expectations.appendingPathComponent(name), encoding: .utf8)
    }

    @Test("the YAML and the JSON file say the same")
    func yamlAndJSON() throws {
        let yaml = try ExpectationsFile.parse(try Self.text("placement.yaml"), file: "placement.yaml")
        let json = try ExpectationsFile.parse(try Self.text("placement.json"), file: "placement.json")
        #expect(yaml.count == 9)
        let strip = { (list: [ReachCore.Expectation]) in
            list.map { expectation -> ReachCore.Expectation in
                var copy = expectation
                copy.source = nil
                return copy
            }
        }
        #expect(strip(yaml) == strip(json))
        #expect(yaml.map { $0.source?.line ?? 0 } == [5, 6, 7, 8, 9, 10, 10, 12, 13])
        #expect(
            yaml[2]
                == ReachCore.Expectation(
                    functions: .any, requirement: .notReach, target: .database("orders"), port: 22,
                    source: SourceLine(file: "placement.yaml", line: 7),
                    text: "no function may reach rds:orders on port 22"))
        #expect(yaml[5].text == "crowded must reach dynamodb" && yaml[6].target == .database("orders"))
    }

    @Test(
        "sentence forms",
        arguments: [
            (
                "fn-* must reach rds:orders", "fn-*", ReachCore.Expectation.Requirement.reach, "rds:orders",
                nil as Int?, "tcp"
            ),
            ("no function may reach internet", "*", .notReach, "internet", nil, "tcp"),
            ("No Function must reach internet", "*", .notReach, "internet", nil, "tcp"),
            ("checkout must not reach aws:s3", "checkout", .notReach, "s3", nil, "tcp"),
            ("checkout may not reach s3", "checkout", .notReach, "s3", nil, "tcp"),
            ("every function must reach logs", "*", .reach, "logs", nil, "tcp"),
            ("all functions must reach dynamodb", "*", .reach, "dynamodb", nil, "tcp"),
            ("etl must reach ip:10.20.1.15:8443", "etl", .reach, "ip:10.20.1.15:8443", 8443, "tcp"),
            ("dns must reach ip:10.0.0.2 on udp port 53", "dns", .reach, "ip:10.0.0.2", 53, "udp"),
            ("etl  must   reach  rds:orders  port 6432", "etl", .reach, "rds:orders", 6432, "tcp"),
            (
                "arn:aws:lambda:*:function:etl must reach internet", "arn:aws:lambda:*:function:etl", .reach,
                "internet", nil, "tcp"
            ),
        ])
    func sentences(
        _ text: String, _ pattern: String, _ requirement: ReachCore.Expectation.Requirement, _ target: String,
        _ port: Int?,
        _ ipProtocol: String
    ) throws {
        let parsed = try ExpectationsFile.parse("- \"\(text)\"\n", file: "x.yaml")
        let expectation = try #require(parsed.first)
        #expect(parsed.count == 1)
        #expect(expectation.functions.pattern == pattern)
        #expect(expectation.requirement == requirement)
        #expect(expectation.target.description == target)
        // `port`: the port the question is asked on, by the one rule (`on port N`, else the
        // one the target names, else 443).
        #expect(expectation.target.port(asked: expectation.port) == port ?? 443)
        #expect(expectation.ipProtocol.description == ipProtocol)
    }

    @Test("an object names several functions and targets")
    func objects() throws {
        let parsed = try ExpectationsFile.parse(
            """
            expectations:
              - functions: [orders-*, billing]
                must-reach: [rds:orders, aws:secretsmanager]
                must-not-reach: internet
              - function: dns
                must-reach: ip:10.0.0.2
                port: 53
                protocol: udp
            """, file: "x.yaml")
        #expect(
            parsed.map(\.text) == [
                "orders-* must reach rds:orders", "orders-* must reach aws:secretsmanager",
                "orders-* must not reach internet",
                "billing must reach rds:orders", "billing must reach aws:secretsmanager",
                "billing must not reach internet",
                "dns must reach ip:10.0.0.2 on udp port 53",
            ])
        #expect(parsed.allSatisfy { $0.source?.file == "x.yaml" })
        #expect(parsed.map { $0.source?.line ?? 0 } == [2, 2, 2, 2, 2, 2, 5])
    }

    @Test(
        "mistakes are errors that say where and what was expected",
        arguments: [
            ("- fn must reach nowhere\n", 1, "'nowhere' is not a target"),
            (
                "expectations:\n  - fn must reach internet\n  - fn should reach internet\n", 3,
                "expected 'PATTERN must reach TARGET'"
            ),
            ("expectations:\n  - fn must reach internet on port 99999\n", 2, "'port' takes a number"),
            ("expectations:\n  - fn must reach internet eventually\n", 2, "cannot read 'eventually'"),
            (
                "expectations:\n  - fn must reach ip:10.0.0.5:443 on port 80\n", 2,
                "ip:10.0.0.5:443 names port 443 and the expectation port 80"
            ),
            (
                "expectations:\n  - function: fn\n    must-reach: ip:10.0.0.5:443\n    port: 80\n", 4,
                "ip:10.0.0.5:443 names port 443 and the expectation port 80"
            ),
            ("expectations:\n  - function: fn\n    must-reach: internet\n    colour: red\n", 4, "unknown key 'colour'"),
            ("expectations:\n  - function: fn\n", 2, "neither 'must-reach' nor 'must-not-reach'"),
            ("expectations:\n  - must-reach: internet\n", 2, "names no function"),
            ("expectations:\n  - function: fn\n    must-reach: internet\n    port: http\n", 4, "'port' takes a number"),
            ("expectation:\n  - fn must reach internet\n", 1, "unknown key 'expectation'"),
            ("version: 2\nexpectations: []\n", 1, "version 2"),
            ("expectations: fn must reach internet\n", 1, "must be a list"),
            ("expectations:\n  - [fn, internet]\n", 2, "expected a sentence"),
            ("expectations:\n  - fn must reach internet\n bad: [\n", 3, "not valid YAML or JSON"),
            ("", nil, "the file is empty"),
        ] as [(String, Int?, String)])
    func mistakes(_ text: String, _ line: Int?, _ message: String) {
        do {
            _ = try ExpectationsFile.parse(text, file: "expect.yaml")
            Issue.record("no error for \(text.debugDescription)")
        } catch {
            #expect(error.file == "expect.yaml")
            #expect(error.line == line, "\(error)")
            #expect(error.message.contains(message), "\(error)")
        }
    }

    @Test("a missing file is an error naming it")
    func missingFile() {
        #expect(throws: ExpectationsFileError.self) { try ExpectationsFile.load(path: "/nonexistent/expect.yaml") }
    }

    @Test("passing and violated lines over the placement fixture")
    func outcomes() throws {
        let expected = try JSONDecoder().decode(
            ExpectedOutcomes.self,
            from: Data(contentsOf: Fixtures.expectations.appendingPathComponent("placement-expected.json")))
        var request = AuditRequest()
        request.expectations = try ExpectationsFile.parse(try Self.text("placement.yaml"), file: "placement.yaml")
        let result = Audit(network: try network("placement")).run(request)
        #expect(result.expectations.count == expected.expectations.count)
        for (actual, want) in zip(result.expectations, expected.expectations) {
            #expect(actual.expectation.source?.line == want.line)
            #expect(actual.expectation.text == want.text)
            #expect(actual.functionsChecked == want.checked, "\(want.text)")
            #expect(actual.violations == want.violations, "\(want.text)")
            #expect(actual.passed == want.holds, "\(want.text)")
        }
        let actual = result.findings.map(line)
        #expect(
            actual.sorted() == expected.findings.sorted(), "\(difference(expected: expected.findings, actual: actual))")
        let violation = try #require(
            result.findings.first { $0.rule == "expectation-violated" && $0.function == "one-subnet" })
        #expect(violation.source == SourceLine(file: "placement.yaml", line: 9))
        #expect(
            violation.fix.contains(
                "aws ec2 delete-route --route-table-id rtb-0ad10800000000003 --destination-prefix-list-id pl-63a5400a"))
        // The table and the group are shared: the fix says who else each command changes, and
        // how to close the path for the one function alone.
        let lines = violation.fix.split(separator: "\n").map(String.init)
        let route = try #require(lines.firstIndex { $0.hasPrefix("aws ec2 delete-route") })
        #expect(lines[route + 1].hasPrefix("#   then 0.0.0.0/0 -> nat-0ad10500000000001 of rtb-0ad10800000000003"))
        #expect(
            lines[route + 2]
                == "#   rtb-0ad10800000000003 is also the route table of 2 other subnets (subnet-0ad10400000000006, subnet-0ad1040000000000a) and 6 other functions (balanced, cross-az-nat, crowded and 3 more): deleting the route cuts it for them too. To close the path for one-subnet alone, associate its subnets with a route table of their own (aws ec2 create-route-table, then aws ec2 replace-route-table-association)."
        )
        let revoke = try #require(lines.firstIndex { $0.hasPrefix("aws ec2 revoke-security-group-egress") })
        #expect(lines[revoke + 1].hasPrefix("#   sg-0ad10b00000000002 is also a security group of 8 other functions ("))
    }

    @Test("a must-not-reach fix on a table and a group no one else uses says nothing more")
    func closingAlone() throws {
        let network = try network("placement")
        let function = try #require(network.functions.values.first { $0.name == "one-subnet" })
        let users = ComponentUsers(network: network)
        #expect(users.routeTableNote("rtb-not-used-by-anyone", function: function) == nil)
        #expect(users.groupNote("sg-of-no-one", function: function) == nil)
        let narrow = SecurityGroupRule(
            number: 1, ipProtocol: .tcp, ports: PortRange(443, 443), peer: .cidr(IPv4CIDR("192.0.2.0/24")!))
        #expect(users.ingressNote(narrow, network: network, function: function) == nil)
        let wide = SecurityGroupRule(
            number: 1, ipProtocol: .tcp, ports: PortRange(443, 443), peer: .cidr(IPv4CIDR("0.0.0.0/0")!))
        #expect(
            users.ingressNote(wide, network: network, function: function)?.contains("all of 0.0.0.0/0, also ") == true)
    }

    @Test("an expectation decides its cells: a must-not-reach that holds leaves no reach-* finding")
    func expectationsDecide() throws {
        let network = try network("placement")
        var request = AuditRequest()
        request.functions = [FunctionPattern("half-nat")]
        #expect(Audit(network: network).run(request).findings.map(\.rule).contains("reach-partial"))
        request.expectations = [
            ReachCore.Expectation(functions: FunctionPattern("half-nat"), requirement: .notReach, target: .internet)
        ]
        let result = Audit(network: network).run(request)
        // Partial is not "does not reach": some invocations get through.
        #expect(result.findings.map(\.rule).sorted() == ["expectation-violated", "subnets-differ-across-azs"])
        request.functions = [FunctionPattern("public-only")]
        request.expectations = [ReachCore.Expectation(functions: .any, requirement: .notReach, target: .internet)]
        #expect(!Audit(network: network).run(request).findings.contains { $0.target == "internet" })
    }
}

@Suite("A must-not-reach fix closes the path from every reachable subnet, and says what a deleted route leaves open")
struct ClosingEverySubnetTests {
    @Test("half-nat reaches dynamodb from two subnets: both tables' routes, and the NAT route that takes over in one")
    func everySubnet() throws {
        var request = AuditRequest()
        request.functions = [FunctionPattern("half-nat")]
        request.expectations = try ExpectationsFile.parse(
            "expectations:\n  - half-nat must not reach dynamodb\n", file: "expect.yaml")
        let result = Audit(network: try network("placement")).run(request)
        let violation = try #require(result.findings.first { $0.rule == "expectation-violated" })
        let lines = violation.fix.split(separator: "\n").map(String.init)
        let first = try #require(
            lines.firstIndex {
                $0.hasPrefix(
                    "aws ec2 delete-route --route-table-id rtb-0ad10800000000003 --destination-prefix-list-id pl-02cd2c6b"
                )
            })
        #expect(
            lines[first + 1]
                == "#   then 0.0.0.0/0 -> nat-0ad10500000000001 of rtb-0ad10800000000003 carries the traffic instead: the path stays open unless it goes too."
        )
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "aws ec2 delete-route --route-table-id rtb-0ad10800000000007 --destination-prefix-list-id pl-02cd2c6b"
                )
            }, "\(lines)")
    }
}
