import Foundation
import ReachCore
import ReachInventory
import ReachReport
import TestSupport
import Testing

/// One scenario folder: AWS CLI exports and the answers the rules give (expected.json).
struct Scenario: CustomTestStringConvertible, Sendable {
    var name: String
    var directory: URL
    var testDescription: String { name }

    static let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")

    /// The scenario folder `name` imported into a new inventory, for tests that read an answer's
    /// words or notes beside what expected.json checks.
    static func imported(_ name: String) throws -> InventoryStore {
        let db = testScratchRoot.appendingPathComponent("scenario-\(name)-\(UUID().uuidString).sqlite").path
        let store = try InventoryStore(path: db, create: true)
        _ = try Importer(store: store).importPaths([root.appendingPathComponent(name).path])
        return store
    }

    static var all: [Scenario] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        return names.filter {
            FileManager.default.fileExists(
                atPath: root.appendingPathComponent($0).appendingPathComponent("expected.json").path)
        }.sorted().map { Scenario(name: $0, directory: root.appendingPathComponent($0)) }
    }
}

@Suite("Scenario fixtures: one story per rule of aws-semantics.md")
struct ScenarioTests {
    @Test("there is a scenario for every rule family")
    func coverage() {
        #expect(Scenario.all.count >= 50)
    }

    @Test("every blocker code is documented in docs/blocker-codes.md, and nothing else is")
    func codesDocumented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let documented = try String(
            contentsOf: root.appendingPathComponent("docs/blocker-codes.md"), encoding: .utf8)
        for code in BlockerCode.allCases {
            #expect(documented.contains("| `\(code.rawValue)` |"), "docs/blocker-codes.md does not list \(code)")
        }
        // The table lists no code the program does not have.
        let listed = documented.matches(of: /\n\| `([A-Z0-9_]+)` \|/).map { String($0.1) }
        #expect(
            Set(listed) == Set(BlockerCode.allCases.map(\.rawValue)),
            "\(Set(listed).symmetricDifference(Set(BlockerCode.allCases.map(\.rawValue))))")
    }

    @Test("every hop kind is in docs/json-contract.md's list, and the list names no other")
    func hopKindsDocumented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let contract = try String(contentsOf: root.appendingPathComponent("docs/json-contract.md"), encoding: .utf8)
        let start = try #require(contract.range(of: "Hop `kind`s:"))
        let list = contract[start.upperBound...].prefix { $0 != "." }
        let listed = list.matches(of: /`([a-z0-9-]+)`/).map { String($0.1) }
        #expect(Set(listed) == Set(HopKind.allCases.map(\.rawValue)))
        #expect(listed.count == HopKind.allCases.count, "listed twice: \(listed)")
    }

    @Test("answers match expected.json", arguments: Scenario.all)
    func scenario(_ scenario: Scenario) throws {
        let reachability = Reachability(store: try Scenario.imported(scenario.name))
        let expected = try StoryExpectations.load(from: scenario.directory)
        #expect(!expected.queries.isEmpty)
        for query in expected.queries {
            let answer = try reachability.answer(
                function: query.function, target: try Target(parsing: query.target), port: query.port,
                ipProtocol: query.ipProtocol)
            let problems = StoryExpectations.mismatches(answer, query)
            #expect(problems.isEmpty, "\(query.function) -> \(query.target): \(problems.joined(separator: "; "))")
        }
    }
}

@Suite("The words of a role that may not write logs: what it lacks, and a fix that fits the cause")
struct LogsPermissionWordsTests {
    @Test("an explicit Deny is named as one, and its fix removes it; a grant on another log group names the group")
    func denyAndScope() throws {
        let reachability = Reachability(store: try Scenario.imported("logs-role-explicit-deny-and-scoped-grants"))
        func words(_ function: String) throws -> BlockerWords {
            let answer = try reachability.answer(function: function, target: .logs, port: nil, ipProtocol: .tcp)
            let blocker = try #require(answer.allBlockers.first { $0.code == .roleMissingLogsPermissions })
            return answer.words(of: blocker)
        }
        let denied = try words("deny-writer")
        #expect(denied.message.contains("denies logs:PutLogEvents (an explicit Deny"), "\(denied.message)")
        // Attaching a policy cannot undo a Deny: the fix finds the statement instead.
        #expect(!denied.fix.contains("attach-role-policy"), "\(denied.fix)")
        #expect(denied.fix.contains("aws iam list-role-policies --role-name deny-logs-role"), "\(denied.fix)")
        let scoped = try words("other-group-writer")
        #expect(
            scoped.message.contains(
                "does not allow logs:CreateLogStream, logs:PutLogEvents on its log group /aws/lambda/other-group-writer"
            ),
            "\(scoped.message)")
        #expect(scoped.fix.contains("attach-role-policy --role-name other-group-role"), "\(scoped.fix)")
    }

    @Test("a grant on the log group's ARN without :* is named as one, with the ARN the writes are authorised against")
    func groupARNWithoutWildcard() throws {
        let reachability = Reachability(store: try Scenario.imported("logs-grant-on-log-group-arn-without-wildcard"))
        let answer = try reachability.answer(function: "group-arn-writer", target: .logs, port: nil, ipProtocol: .tcp)
        let blocker = try #require(answer.allBlockers.first { $0.code == .roleMissingLogsPermissions })
        let message = answer.words(of: blocker).message
        #expect(
            message.contains(
                "on other resources: CloudWatch Logs authorises them against the group's streams, which arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/group-arn-writer:* names"
            ), "\(message)")
    }
}

@Suite("Network-interface permissions on named resources: the words say what each action is authorised against")
struct ENIPermissionWordsTests {
    @Test("DescribeNetworkInterfaces needs \"*\"; CreateNetworkInterface the new interface and the function's subnets")
    func resources() throws {
        let reachability = Reachability(store: try Scenario.imported("role-eni-permissions-scoped-to-resources"))
        func message(_ function: String) throws -> String {
            let answer = try reachability.answer(function: function, target: .internet, port: nil, ipProtocol: .tcp)
            let blocker = try #require(answer.allBlockers.first { $0.code == .roleMissingENIPermissions })
            return answer.words(of: blocker).message
        }
        let describe = try message("describe-on-eni-arn")
        #expect(describe.contains("does not allow ec2:DescribeNetworkInterfaces (a statement allows"), "\(describe)")
        #expect(describe.contains("ec2:DescribeNetworkInterfaces needs \"Resource\": \"*\""), "\(describe)")
        let other = try message("create-in-other-subnet")
        #expect(
            other.contains(
                "ec2:CreateNetworkInterface needs the new network interface (network-interface/*) and the subnet subnet-0c7b2000000000002"
            ), "\(other)")
    }
}

@Suite("Conditions in the execution role: the region and the calls' origin are decided, other keys are said in a note")
struct RoleConditionWordsTests {
    @Test(
        "a grant in another region or from the customer's addresses is named as one that does not hold; a decided one is not noted"
    )
    func conditions() throws {
        let reachability = Reachability(store: try Scenario.imported("logs-role-grant-conditioned-on-region"))
        func answer(_ function: String) throws -> Answer {
            try reachability.answer(function: function, target: .logs, port: nil, ipProtocol: .tcp)
        }
        let other = try answer("grant-in-other-region")
        let blocker = try #require(other.allBlockers.first { $0.code == .roleMissingLogsPermissions })
        #expect(
            other.words(of: blocker).message.contains("only under conditions that do not hold for Lambda's calls"),
            "\(other.words(of: blocker).message)")
        // Lambda writes the logs from its own service: the target service sees the Lambda
        // service's address, which the grant's range does not take in.
        let sourceIP = try answer("grant-from-source-ip")
        let fromIP = try #require(sourceIP.allBlockers.first { $0.code == .roleMissingLogsPermissions })
        #expect(
            sourceIP.words(of: fromIP).message.contains(
                "(a statement allows logs:CreateLogStream, logs:PutLogEvents only under conditions that do not hold for Lambda's calls: Lambda makes them itself with the role, in the function's region, from the Lambda service's own addresses (aws:SourceIp)"
            ), "\(sourceIP.words(of: fromIP).message)")
        #expect(!sourceIP.notes.contains { $0.contains("does not evaluate") }, "\(sourceIP.notes)")
        for function in ["grant-in-own-region", "deny-outside-own-region"] {
            #expect(!(try answer(function)).notes.contains { $0.contains("does not evaluate") }, "\(function)")
        }
    }
}

@Suite(
    "A custom log group and a permissions boundary: the words name the group and the boundary, and the fix widens it")
struct LogsGroupAndBoundaryWordsTests {
    @Test("the log group is LoggingConfig.LogGroup; a boundary that caps the grant is named, and not removed")
    func groupAndBoundary() throws {
        let reachability = Reachability(store: try Scenario.imported("logs-custom-log-group-and-permissions-boundary"))
        func answer(_ function: String) throws -> Answer {
            try reachability.answer(function: function, target: .logs, port: nil, ipProtocol: .tcp)
        }
        let misscoped = try answer("shared-group-misscoped")
        let scope = try #require(misscoped.allBlockers.first { $0.code == .roleMissingLogsPermissions })
        #expect(
            misscoped.words(of: scope).message.contains("on its log group /platform/shared-logs"),
            "\(misscoped.words(of: scope).message)")
        let capped = try answer("boundary-capped")
        let boundary = try #require(capped.allBlockers.first { $0.code == .roleMissingLogsPermissions })
        let words = capped.words(of: boundary)
        #expect(words.message.contains("capped by its permissions boundary eni-only-boundary"), "\(words.message)")
        // The role already has a policy that grants the actions: attaching another changes nothing.
        #expect(!words.fix.contains("attach-role-policy"), "\(words.fix)")
        #expect(
            words.fix.hasPrefix(
                "aws iam create-policy-version --policy-arn arn:aws:iam::123456789012:policy/eni-only-boundary"),
            "\(words.fix)")
        let unexported = try answer("boundary-unexported")
        #expect(
            unexported.notes.contains {
                $0.contains("permissions boundary arn:aws:iam::123456789012:policy/platform-boundary was not exported")
            }, "\(unexported.notes)")
    }
}

@Suite("Middlebox routes on the way back: the words name the replies' route table; the fix makes the flow symmetric")
struct MiddleboxReturnWordsTests {
    @Test("the replies of 10.10.2.0/24 and of the NAT gateway's subnet go to an appliance the requests did not pass")
    func replies() throws {
        let reachability = Reachability(store: try Scenario.imported("middlebox-return-route-asymmetric"))
        for (target, table) in [
            (Target.address(try #require(IPv4Address("10.10.2.10")), port: 443), "rtb-0a000000000000c00"),
            (.internet, "rtb-0a000000000000b00"),
        ] {
            let answer = try reachability.answer(function: "fn", target: target)
            let blocker = try #require(answer.allBlockers.first { $0.code == .routeTargetNotAnalyzed })
            let words = answer.words(of: blocker)
            #expect(words.message.contains("route table \(table) of"), "\(target): \(words.message)")
            #expect(words.message.contains("asymmetric routing"), "\(target): \(words.message)")
            #expect(
                words.fix.contains(
                    "aws ec2 delete-route --route-table-id \(table) --destination-cidr-block 10.10.1.0/24"),
                "\(target): \(words.fix)")
        }
    }

    /// AWS supports only symmetric routing through an appliance: for an address the requests
    /// reach by the local route, the first fix sends them through the same appliance (a route
    /// in the function's table for the destination's subnet), and deleting the replies' route,
    /// which would take the traffic around the appliance, is only the alternative. Through a
    /// NAT gateway such a route would not carry the requests (they go to the NAT gateway).
    @Test("to an address in the VPC, the first fix routes the requests through the same appliance")
    func symmetricFix() throws {
        let reachability = Reachability(store: try Scenario.imported("middlebox-return-route-asymmetric"))
        let address = try reachability.answer(
            function: "fn", target: .address(try #require(IPv4Address("10.10.2.10")), port: 443))
        let blocker = try #require(address.allBlockers.first { $0.code == .routeTargetNotAnalyzed })
        let fix = address.words(of: blocker).fix
        #expect(
            fix.hasPrefix("aws ec2 create-route --route-table-id ")
                && fix.contains(
                    "--destination-cidr-block 10.10.2.0/24 --network-interface-id eni-0a00000000000a9f1"),
            "\(fix)")
        #expect(
            fix.contains("#   or, if the appliance is not meant to see this traffic: aws ec2 delete-route"), "\(fix)")
        let internet = try reachability.answer(function: "fn", target: .internet)
        let viaNAT = try #require(internet.allBlockers.first { $0.code == .routeTargetNotAnalyzed })
        #expect(internet.words(of: viaNAT).fix.hasPrefix("aws ec2 delete-route"), "\(internet.words(of: viaNAT).fix)")
    }
}

@Suite("A private address beyond a peering: the fix connects the VPCs, it does not send the traffic to a NAT gateway")
struct PeeringNotTransitiveWordsTests {
    @Test("10.30.1.10 is in a third VPC: peer it directly, and leave the route that reaches the peer")
    func privateAddress() throws {
        let reachability = Reachability(store: try Scenario.imported("peering-not-transitive-private-address"))
        let answer = try reachability.answer(
            function: "fn", target: .address(try #require(IPv4Address("10.30.1.10")), port: 443))
        let blocker = try #require(answer.allBlockers.first { $0.code == .peeringRequiresAddressInVPCCIDR })
        let fix = answer.words(of: blocker).fix
        #expect(
            fix.hasPrefix(
                "aws ec2 create-vpc-peering-connection --vpc-id vpc-0a00000000000000a --peer-vpc-id vpc-0c00000000000000c"
            ),
            "\(fix)")
        #expect(!fix.contains("nat-") && !fix.contains("replace-route"), "\(fix)")
    }
}

@Suite("A prefix list whose entries were not imported: the failing answer names it and how to import it")
struct UnknownPrefixListNotesTests {
    @Test("the database's ingress and the function's egress both name pl-0b5e000000000709")
    func notes() throws {
        let reachability = Reachability(store: try Scenario.imported("sg-prefix-list-entries-not-imported"))
        for (function, target, group) in [
            ("fn", try Target(parsing: "rds:db-pl"), "sg-0b5e000000000702"),
            ("fn-eg-pl", .internet, "sg-0b5e000000000701"),
        ] {
            let answer = try reachability.answer(function: function, target: target)
            #expect(
                answer.notes.contains {
                    $0.hasPrefix("Prefix list pl-0b5e000000000709, named by a rule of \(group), has no entries")
                        && $0.contains("aws ec2 get-managed-prefix-list-entries --prefix-list-id pl-0b5e000000000709")
                }, "\(function): \(answer.notes)")
        }
    }
}

@Suite("One network ACL missing entries both ways: one blocker, whose words and fix cover both")
struct ACLBothDirectionsWordsTests {
    @Test("the inbound entry for tcp 5432 and the outbound one for the replies are both in the fix")
    func bothEntries() throws {
        let reachability = Reachability(store: try Scenario.imported("nacl-blocks-both-directions"))
        let answer = try reachability.answer(function: "fn", target: try Target(parsing: "rds:db"))
        let blockers = answer.allBlockers.filter { $0.code == .subnetACLRestriction }
        #expect(blockers.count == 1)
        let words = answer.words(of: try #require(blockers.first))
        #expect(words.message.contains("blocks inbound tcp 5432"), "\(words.message)")
        #expect(words.message.contains("blocks outbound tcp 1024-65535"), "\(words.message)")
        let fixes = words.fix.split(separator: "\n")
        #expect(fixes.count == 2, "\(words.fix)")
        #expect(fixes.contains { $0.contains("--ingress") && $0.contains("From=5432,To=5432") }, "\(words.fix)")
        #expect(fixes.contains { $0.contains("--egress") && $0.contains("From=1024,To=65535") }, "\(words.fix)")
    }
}

@Suite("An internet gateway attached to another VPC: the fix does not try to attach it a second time")
struct IGWOfAnotherVPCWordsTests {
    @Test("the words name the VPC it is attached to, and the fix creates this VPC's own gateway")
    func otherVPC() throws {
        let reachability = Reachability(store: try Scenario.imported("igw-attached-to-another-vpc"))
        let answer = try reachability.answer(function: "fn", target: .internet)
        let blocker = try #require(answer.allBlockers.first { $0.code == .unassociatedComponent })
        let words = answer.words(of: blocker)
        #expect(words.message.contains("which is attached to vpc-0b00000000000000b, not to vpc-0a00000000000000a"))
        #expect(words.fix.hasPrefix("igw=$(aws ec2 create-internet-gateway"), "\(words.fix)")
        #expect(!words.fix.contains("--internet-gateway-id igw-0a00000000000000a"), "\(words.fix)")
        // The new gateway's ID goes to the route that needs it: no placeholder to fill in.
        #expect(words.fix.contains("aws ec2 replace-route --route-table-id rtb-"), "\(words.fix)")
        #expect(words.fix.contains("--destination-cidr-block 0.0.0.0/0 --gateway-id \"$igw\""), "\(words.fix)")
        #expect(!words.fix.contains("<"), "\(words.fix)")
    }
}

@Suite("A peer's route for the function's subnet that goes elsewhere: the fix replaces it")
struct PeeringReturnRouteWordsTests {
    @Test("10.10.1.0/24 goes to an appliance in the peer's table: replace-route, not create-route")
    func replaces() throws {
        let reachability = Reachability(store: try Scenario.imported("peering-return-route-to-appliance"))
        let answer = try reachability.answer(
            function: "fn", target: .address(try #require(IPv4Address("10.20.1.10")), port: 443))
        let blocker = try #require(answer.allBlockers.first { $0.code == .noRouteToDestination })
        let words = answer.words(of: blocker)
        #expect(words.message.contains("sends 10.10.1.0/24 to 10.10.1.0/24 -> eni-"), "\(words.message)")
        #expect(
            words.fix
                == "aws ec2 replace-route --route-table-id rtb-0b000000000000d00 --destination-cidr-block 10.10.1.0/24 --vpc-peering-connection-id pcx-0ab0000000000000a",
            "\(words.fix)")
    }
}

@Suite("A blackhole route with nothing broader behind it: the fix replaces it rather than leaving no route")
struct BlackholeWithoutFallbackWordsTests {
    @Test("10.30.0.0/16 to a transit gateway whose attachment is gone: replace-route, and where to look")
    func replaces() throws {
        let reachability = Reachability(store: try Scenario.imported("vpc-route-to-transit-gateway-blackhole"))
        let answer = try reachability.answer(function: "payments-api", target: try Target(parsing: "rds:ledger-db"))
        let blocker = try #require(answer.allBlockers.first { $0.code == .badStateRoute })
        let fix = answer.words(of: blocker).fix
        #expect(
            fix.hasPrefix(
                "aws ec2 replace-route --route-table-id rtb-0f1a000000000002 --destination-cidr-block 10.30.0.0/16 --transit-gateway-id"
            ),
            "\(fix)")
        #expect(!fix.contains("delete-route"), "\(fix)")
        #expect(fix.contains("describe-transit-gateway-vpc-attachments"), "\(fix)")
    }
}

@Suite("Fixes that must not fail or undo: internet routes, missing exports, ACL rule numbers, ports")
struct RobustFixWordsTests {
    /// The words of the first blocker with `code` in the answer of `function` for `target`.
    func words(_ scenario: String, _ target: Target, code: BlockerCode, function: String = "orders-api") throws
        -> (answer: Answer, words: BlockerWords)
    {
        let reachability = Reachability(store: try Scenario.imported(scenario))
        let answer = try reachability.answer(function: function, target: target, port: nil, ipProtocol: .tcp)
        let blocker = try #require(answer.allBlockers.first { $0.code == code }, "\(scenario): no \(code)")
        return (answer, answer.words(of: blocker))
    }

    @Test("a blackhole internet route in the NAT gateways' table goes back to the internet gateway, not to a NAT")
    func natSubnetRoute() throws {
        let fix = try words("nat-subnet-internet-route-blackhole", .internet, code: .badStateRoute).words.fix
        #expect(
            fix
                == "aws ec2 replace-route --route-table-id rtb-e0203000000000002 --destination-cidr-block 0.0.0.0/0 --gateway-id igw-e0205000000000001",
            "\(fix)")
        let detached = try words("internet-gateway-detached-route-blackhole", .internet, code: .badStateRoute)
        #expect(
            detached.words.fix.hasPrefix(
                "aws ec2 attach-internet-gateway --internet-gateway-id igw-e0205000000000001 --vpc-id vpc-e0201000000000001"
            ), "\(detached.words.fix)")
    }

    @Test("a detached egress-only gateway cannot be attached again: the fix creates one and points the route at it")
    func egressOnlyGateway() throws {
        let (_, words) = try words(
            "egress-only-gateway-detached", .address6(try #require(IPv6Address("2606:4700::1111")), port: nil),
            code: .unassociatedComponent)
        #expect(!words.fix.contains("attach-internet-gateway"), "\(words.fix)")
        #expect(
            words.fix.hasPrefix("eigw=$(aws ec2 create-egress-only-internet-gateway --vpc-id vpc-e0201000000000001"),
            "\(words.fix)")
        #expect(
            words.fix.contains("--destination-ipv6-cidr-block ::/0 --egress-only-internet-gateway-id \"$eigw\""),
            "\(words.fix)")
    }

    @Test("a NAT gateway in the function's own subnet: the fix moves the NAT, it does not make the subnet public")
    func natInFunctionSubnet() throws {
        let (_, words) = try words(
            "nat-gateway-in-function-subnet", .internet, code: .noRouteToDestination, function: "fn")
        #expect(words.fix.contains("aws ec2 create-nat-gateway --subnet-id subnet-"), "\(words.fix)")
        #expect(words.fix.contains("--nat-gateway-id \"$nat\""), "\(words.fix)")
        #expect(!words.fix.contains("--gateway-id igw-"), "\(words.fix)")
    }

    @Test("a deleted transit gateway attachment is recreated, not associated")
    func deletedAttachment() throws {
        let (answer, words) = try words(
            "transit-gateway-attachment-deleted", .internet, code: .badStateAttachment, function: "orders")
        #expect(words.fix.hasPrefix("aws ec2 create-transit-gateway-vpc-attachment"), "\(words.fix)")
        #expect(!answer.allBlockers.contains { $0.code == .unassociatedComponent }, "\(answer.allBlockers)")
    }

    @Test("an active route to a peering that was not exported asks for the export, and keeps the route")
    func notExported() throws {
        let (_, words) = try words(
            "route-to-peering-not-exported", .address(try #require(IPv4Address("172.16.1.10")), port: nil),
            code: .routeTargetNotAnalyzed)
        #expect(words.fix.hasPrefix("aws ec2 describe-vpc-peering-connections"), "\(words.fix)")
        #expect(!words.fix.contains("delete-route"), "\(words.fix)")
        // The whole kind, imported for the function's account and region: a file without
        // them would land in no known region, and a filtered one would replace the rest.
        #expect(
            words.fix.hasSuffix(
                "--region us-east-1 > vpc-peering-connections.json && lambda-reach import --account 123456789012 --region us-east-1 vpc-peering-connections.json"
            ), "\(words.fix)")
        #expect(words.message.contains("is active"), "\(words.message)")
    }

    @Test("a transit gateway route table whose routes were not exported: the propagated route used is noted")
    func transitGatewayRoutesNotExported() throws {
        let reachability = Reachability(
            store: try Scenario.imported("transit-gateway-routes-not-exported-propagation-decides"))
        let answer = try reachability.answer(
            function: "payments-api", target: .database("ledger-db"), port: nil, ipProtocol: .tcp)
        #expect(
            answer.notes.contains {
                $0.contains("The routes of transit gateway route table tgw-rtb-0f1c000000000001 were not exported")
                    && $0.contains("a static route for it (a blackhole, or one to another attachment) would win")
            }, "\(answer.notes)")
    }

    @Test("a cluster whose instances were not exported: the note names describe-db-instances, not the subnets")
    func clusterWriterNotExported() throws {
        let reachability = Reachability(store: try Scenario.imported("aurora-cluster-writer-not-exported"))
        let answer = try reachability.answer(
            function: "app", target: .database("orders-aurora"), port: nil, ipProtocol: .tcp)
        #expect(
            answer.notes.contains {
                $0.contains("describe-db-clusters does not list a cluster's subnets")
                    && $0.contains("aws rds describe-db-instances")
            }, "\(answer.notes)")
    }

    @Test("an ACL that allows only S3's ranges, the prefix list's entries not exported: the note names them")
    func serviceRangesNotExported() throws {
        let reachability = Reachability(
            store: try Scenario.imported("nacl-allows-s3-ranges-prefix-list-entries-not-exported"))
        let answer = try reachability.answer(
            function: "orders-fn", target: .awsService("s3"), port: nil, ipProtocol: .tcp)
        #expect(
            answer.notes.contains {
                $0.contains("Prefix list pl-63a5400a (s3's addresses in us-east-1) has no entries in the inventory")
                    && $0.contains("aws ec2 get-managed-prefix-list-entries --prefix-list-id pl-63a5400a")
            }, "\(answer.notes)")
    }

    @Test("a database without an endpoint yet is asked on its engine's default port")
    func creatingDatabasePort() throws {
        let (answer, _) = try words("rds-instance-creating-no-endpoint", .database("newdb"), code: .badState)
        #expect(answer.port == 5432)
    }

    @Test("each new ACL entry of one fix has its own rule number, and the same entry is created once")
    func aclNumbers() throws {
        for scenario in ["nacl-shared-with-nat-subnet-allows-udp-only", "nacl-rule-1-denies-all-egress"] {
            let fix = try words(scenario, .internet, code: .subnetACLRestriction).words.fix
            let lines = fix.split(separator: "\n").map(String.init)
            var numbers: Set<String> = []
            var entries: Set<String> = []
            for line in lines where line.contains("-network-acl-entry") {
                let direction = line.contains("--egress") ? "egress" : "ingress"
                let number = try #require(line.firstMatch(of: /--rule-number (\d+)/)).1
                #expect(numbers.insert("\(direction) \(number)").inserted, "\(scenario): \(direction) \(number) twice")
                let entry = line.replacing(/--rule-number \d+/, with: "")
                #expect(entries.insert(entry).inserted, "\(scenario): the same entry twice: \(line)")
            }
            #expect(!lines.isEmpty)
        }
        let ruleOne = try words("nacl-rule-1-denies-all-egress", .internet, code: .subnetACLRestriction).words.fix
        #expect(ruleOne.hasPrefix("aws ec2 replace-network-acl-entry"), "\(ruleOne)")
    }

    @Test("a blocklisted range is a note of internet, and a fix never allows it again")
    func aclBlocklist() throws {
        let reachability = Reachability(store: try Scenario.imported("nacl-blocklist-ranges-not-the-internet"))
        let answer = try reachability.answer(function: "virus-scan", target: .internet, port: nil, ipProtocol: .tcp)
        #expect(answer.verdict == .reachable)
        for (acl, range) in [
            ("acl-e190a000000000001", "185.220.101.0/24"), ("acl-e190a000000000002", "45.155.205.0/24"),
        ] {
            #expect(
                answer.notes.contains {
                    $0.contains("Network ACL \(acl)") && $0.contains("denies traffic to \(range)")
                },
                "\(answer.notes)")
        }
        // Only private ranges allowed besides the blocklist: the fix follows entry 100, so that
        // entry 50's deny still comes first.
        let fix = try words(
            "nacl-allows-only-private-ranges-with-blocklist", .internet, code: .subnetACLRestriction,
            function: "virus-scan"
        ).words.fix
        #expect(
            fix
                == "aws ec2 create-network-acl-entry --network-acl-id acl-e190a000000000001 --egress --protocol tcp --port-range From=443,To=443 --cidr-block 0.0.0.0/0 --rule-action allow --rule-number 110",
            "\(fix)")
    }

    @Test(
        "DNS servers of the DHCP options: udp 53 to the first one is allowed; one on premises is a note, and answers as public DNS does"
    )
    func dhcpDNSServers() throws {
        let (answer, words) = try words(
            "dns-servers-of-dhcp-options-filtered-by-security-group", .awsService("secretsmanager"),
            code: .eniSecurityGroupRulesMismatch, function: "secret-rotator")
        #expect(
            words.fix
                == "aws ec2 authorize-security-group-egress --group-id sg-0e14a000000000001 --ip-permissions 'IpProtocol=udp,FromPort=53,ToPort=53,UserIdGroupPairs=[{GroupId=sg-0e14a000000000004}]'",
            "\(words.fix)")
        #expect(answer.notes.contains { $0.contains("resolve only if those servers forward them to it (10.114.0.2)") })
        let reachability = Reachability(store: try Scenario.imported("dns-servers-on-premises-through-vpn"))
        let vpn = try reachability.answer(
            function: "secret-rotator", target: .awsService("secretsmanager"), port: nil, ipProtocol: .tcp)
        // The VPC's own endpoint's private DNS is not in a server on premises' answer.
        #expect(vpn.verdict == .unreachable)
        #expect(
            vpn.notes.contains {
                $0.contains("192.168.50.10 is reached by route 192.168.0.0/16 -> vgw-0e14a000000000001")
            }, "\(vpn.notes)")
        #expect(
            vpn.notes.contains {
                $0.contains(
                    "it answers as public DNS does: no private hosted zone, no interface endpoint's private DNS name")
                    && $0.contains(
                        "If it forwards names to a Route 53 Resolver inbound endpoint of vpc-0e14a000000000001")
            }, "\(vpn.notes)")
        let blocker = try #require(vpn.allBlockers.first { $0.code == .noRouteToDestination })
        #expect(
            vpn.words(of: blocker).fix.contains(
                "aws ec2 create-dhcp-options --dhcp-configurations Key=domain-name-servers,Values=AmazonProvidedDNS"),
            "\(vpn.words(of: blocker).fix)")
    }

    @Test("no network ACL in the inventory: the answer says the ACLs were not checked")
    func aclsNotExported() throws {
        let reachability = Reachability(store: try Scenario.imported("network-acls-not-exported"))
        let answer = try reachability.answer(function: "orders-api", target: .internet, port: nil, ipProtocol: .tcp)
        #expect(
            answer.notes.contains { $0.contains("network ACLs were taken as allowing everything") }, "\(answer.notes)")
    }

    @Test("IPv6: a link-local address is named as special-use; a peer's address is routed to the existing peering")
    func ipv6() throws {
        let special = try words(
            "ipv6-special-use-addresses", .address6(try #require(IPv6Address("fe80::1")), port: nil),
            code: .noRouteToDestination)
        #expect(
            special.words.message.contains("special-use IPv6 address (fe80::/10, link-local)"),
            "\(special.words.message)")
        let peer = try words(
            "ipv6-peer-address-over-internet-without-igw",
            .address6(try #require(IPv6Address("2600:1f18:beef:3401::20")), port: nil), code: .disconnectedVPCs)
        #expect(peer.words.fix.contains("--vpc-peering-connection-id pcx-e0211000000000001"), "\(peer.words.fix)")
    }

    @Test(
        "IPv6: a private block says why it is private and what reaches the internet; an unheld address is looked up by its IPv6 filter"
    )
    func ipv6PrivateAndUnheld() throws {
        for (scenario, why) in [
            ("ipv6-unique-local-block-not-on-internet", "it is unique-local (fc00::/7)"),
            ("ipv6-private-gua-block-not-advertised", "its Ipv6AddressAttribute is private"),
        ] {
            let found = try words(scenario, .internet6, code: .igwPublicIPAssociationForEgress, function: "v6-fn-1")
            #expect(found.words.message.contains(why), "\(scenario): \(found.words.message)")
            #expect(
                found.words.message.contains("AWS does not advertise private IPv6 addresses on the internet"),
                "\(found.words.message)")
            #expect(
                found.words.fix.contains("aws ec2 associate-subnet-cidr-block --subnet-id subnet-0f01c0000000000002"),
                "\(found.words.fix)")
        }
        let unheld = try words(
            "ipv6-address-nothing-holds", .address6(try #require(IPv6Address("2600:1f18:aaaa:aa02::1")), port: nil),
            code: .destinationNotListening, function: "worker")
        #expect(
            unheld.words.fix.contains("--filters Name=ipv6-addresses.ipv6-address,Values=2600:1f18:aaaa:aa02::1"),
            "\(unheld.words.fix)")
    }
}

@Suite("Centralised egress through a transit gateway: the fixes name the egress VPC's attachment")
struct TransitGatewayEgressWordsTests {
    @Test("a blackhole default route is replaced, not deleted; a missing one is created, towards the egress VPC")
    func egressAttachment() throws {
        for (scenario, verb) in [
            ("transit-gateway-default-route-blackhole-egress-vpc", "replace-transit-gateway-route"),
            ("transit-gateway-no-default-route-egress-vpc", "create-transit-gateway-route"),
        ] {
            let reachability = Reachability(store: try Scenario.imported(scenario))
            let answer = try reachability.answer(function: "orders", target: .internet, port: nil, ipProtocol: .tcp)
            let blocker = try #require(answer.allBlockers.first { $0.component == "tgw-rtb-0c00000000000001" })
            let fix = answer.words(of: blocker).fix
            #expect(
                fix
                    == "aws ec2 \(verb) --transit-gateway-route-table-id tgw-rtb-0c00000000000001 --destination-cidr-block 0.0.0.0/0 --transit-gateway-attachment-id tgw-attach-0c0000000000000e",
                "\(scenario): \(fix)")
        }
    }
}

@Suite("DHCP options that name the Amazon DNS server by its address: the path and the notes say it is that server")
struct AmazonDNSServerByAddressWordsTests {
    @Test("10.95.0.2, the VPC's base plus two, is the Amazon DNS server: no DNS-servers hop, no 'filtered' note")
    func basePlusTwo() throws {
        let reachability = Reachability(
            store: try Scenario.imported("dhcp-options-name-the-amazon-dns-server-by-address"))
        let answer = try reachability.answer(
            function: "report-signer", target: .awsService("secretsmanager"), port: nil, ipProtocol: .tcp)
        #expect(answer.verdict == .reachable)
        for subnet in answer.subnets {
            // The Amazon DNS server is asked without a walk: neither the options' hop nor the
            // queries' path (which ends at the Amazon DNS server) is part of the answer.
            #expect(
                !subnet.hops.contains { $0.kind == .dnsResolution || $0.kind == .amazonDNSServer }, "\(subnet.hops)")
        }
        #expect(!answer.notes.contains { $0.contains("not to the Amazon DNS server") }, "\(answer.notes)")
        #expect(
            answer.notes.contains {
                $0.contains("dopt-0e950000000000001") && $0.contains("10.95.0.2")
                    && $0.contains("is the Amazon DNS server")
            }, "\(answer.notes)")
    }
}

@Suite("Fixes across a region or an account: a rule names what AWS can match there")
struct CrossRegionAndAccountFixTests {
    @Test("an outbound reference to a group of another region matches nothing: the fix names the database's subnet")
    func crossRegionEgress() throws {
        let reachability = Reachability(store: try Scenario.imported("peering-cross-region-egress-by-reference"))
        let answer = try reachability.answer(function: "ledger-sync", target: try Target(parsing: "rds:ledger-db-west"))
        let blocker = try #require(answer.allBlockers.first { $0.component == "sg-0e25a000000000001" })
        let words = answer.words(of: blocker)
        #expect(words.message.contains("security-group references do not work across regions (us-east-1 -> us-west-2)"))
        #expect(words.fix.contains("IpRanges=[{CidrIp=10.20.1.0/24}]"), "\(words.fix)")
        #expect(!words.fix.contains("UserIdGroupPairs"), "\(words.fix)")
    }

    @Test("a database of another account admits the function's group with its UserId, not --source-group alone")
    func crossAccountIngress() throws {
        let reachability = Reachability(store: try Scenario.imported("peering-cross-account-rds-admits-other-group"))
        let answer = try reachability.answer(function: "ledger-sync", target: try Target(parsing: "rds:ledger-db"))
        let blocker = try #require(answer.allBlockers.first { $0.component == "sg-0e21a000000000002" })
        let fix = answer.words(of: blocker).fix
        // The group is the database account's: that account runs the fix.
        #expect(
            fix.hasPrefix(
                "# as account 210987654321, which owns sg-0e21a000000000002:\naws ec2 authorize-security-group-ingress --group-id sg-0e21a000000000002 --ip-permissions 'IpProtocol=tcp,FromPort=5432,ToPort=5432,UserIdGroupPairs=[{GroupId=sg-0e21a000000000001,UserId=123456789012}]'"
            ), "\(fix)")
        #expect(!fix.contains("--source-group"), "\(fix)")
    }

    @Test("a peer's group across an inter-region peering: its fix runs in the peer's region")
    func crossRegionIngress() throws {
        let reachability = Reachability(store: try Scenario.imported("peering-sg-reference-cross-region"))
        let answer = try reachability.answer(
            function: "ledger-sync", target: try Target(parsing: "rds:ledger-db-west"))
        let blocker = try #require(answer.subnets.first?.blockers.first { $0.component == "sg-0e25a000000000002" })
        let fix = answer.words(of: blocker).fix
        #expect(fix.hasPrefix("aws ec2 authorize-security-group-ingress --group-id sg-0e25a000000000002 "), "\(fix)")
        #expect(fix.hasSuffix(" --region us-west-2"), "\(fix)")
    }

    @Test("a network ACL of IPv4 entries only lacks IPv6 both ways: the fix creates both entries, numbered apart")
    func ipv6BothDirections() throws {
        let reachability = Reachability(store: try Scenario.imported("ipv6-ipv4-only-rules"))
        let answer = try reachability.answer(function: "v6-fn-4", target: .internet6)
        let blockers = answer.allBlockers.filter { $0.code == .subnetACLRestriction }
        #expect(blockers.count == 1)
        let fixes = answer.words(of: try #require(blockers.first)).fix.split(separator: "\n")
        #expect(fixes.count == 2, "\(fixes)")
        #expect(fixes.contains { $0.contains("--egress") && $0.contains("From=443,To=443 --ipv6-cidr-block ::/0") })
        #expect(fixes.contains { $0.contains("--ingress") && $0.contains("From=1024,To=65535 --ipv6-cidr-block ::/0") })
    }
}

@Suite("One hardened default group on both ends: its one blocker says and fixes both directions")
struct DefaultGroupBothEndsWordsTests {
    @Test("the fix adds the outbound rule and the inbound one: either alone leaves the connection blocked")
    func bothDirections() throws {
        let reachability = Reachability(store: try Scenario.imported("default-sg-hardened-function-and-database"))
        let answer = try reachability.answer(function: "orders-api", target: try Target(parsing: "rds:orders-db"))
        let blockers = answer.allBlockers.filter { $0.component == "sg-0a1b2c3d4e5f60000" }
        #expect(blockers.count == 1)
        let words = answer.words(of: try #require(blockers.first))
        #expect(words.message.contains("have no outbound rules at all"), "\(words.message)")
        #expect(words.message.contains("has no inbound rules"), "\(words.message)")
        let fixes = words.fix.split(separator: "\n")
        #expect(fixes.count == 2, "\(words.fix)")
        #expect(
            fixes.contains { $0.hasPrefix("aws ec2 authorize-security-group-egress --group-id sg-0a1b2c3d4e5f60000") })
        #expect(
            fixes.contains {
                $0.hasPrefix(
                    "aws ec2 authorize-security-group-ingress --group-id sg-0a1b2c3d4e5f60000 --protocol tcp --port 5432 --source-group sg-0a1b2c3d4e5f60000"
                )
            }, "\(words.fix)")
    }
}

@Suite("A route to a prefix list whose entries were not imported: every answer says so, and how to import them")
struct UnknownRoutePrefixListNotesTests {
    @Test("a private address carries the note naming the list, its table and its target; the internet at large not")
    func notes() throws {
        let reachability = Reachability(store: try Scenario.imported("route-to-prefix-list-entries-not-exported"))
        let address = try reachability.answer(
            function: "orders-api", target: .address(try #require(IPv4Address("10.50.1.10")), port: 443))
        let notes = address.notes.filter { $0.contains("prefix list pl-0c0ffee000000001 to vgw-0c0ffee000000001") }
        // One per route table of the function's subnets (each has the route).
        #expect(notes.count == 2, "\(address.notes)")
        #expect(
            notes.allSatisfy {
                $0.contains("aws ec2 get-managed-prefix-list-entries --prefix-list-id pl-0c0ffee000000001")
            }, "\(notes)")
        // The internet is judged by its covering route: a narrower list cannot change it.
        let internet = try reachability.answer(function: "orders-api", target: .internet)
        #expect(!internet.notes.contains { $0.contains("pl-0c0ffee000000001") }, "\(internet.notes)")
    }
}

@Suite("A local route whose target was replaced by an appliance that is gone: restore it, never delete it")
struct ReplacedLocalRouteWordsTests {
    @Test("the fix is replace-route --local-target; a narrower blackhole under the local route is deleted")
    func restores() throws {
        let reachability = Reachability(
            store: try Scenario.imported("local-route-replaced-by-an-appliance-that-is-gone"))
        let local = try reachability.answer(
            function: "reports-api", target: .address(try #require(IPv4Address("10.0.3.10")), port: 443))
        let blocker = try #require(local.allBlockers.first { $0.code == .badStateRoute })
        let fix = local.words(of: blocker).fix
        #expect(
            fix.hasPrefix(
                "aws ec2 replace-route --route-table-id rtb-0fd4a000000000004 --destination-cidr-block 10.0.0.0/16 --local-target"
            ), "\(fix)")
        #expect(!fix.contains("delete-route"), "\(fix)")
        let narrower = try reachability.answer(
            function: "orders-api", target: .address(try #require(IPv4Address("10.0.5.10")), port: 443))
        let narrowerFix = narrower.words(of: try #require(narrower.allBlockers.first { $0.code == .badStateRoute })).fix
        #expect(
            narrowerFix.hasPrefix(
                "aws ec2 delete-route --route-table-id rtb-0fd4a000000000002 --destination-cidr-block 10.0.5.0/24"),
            "\(narrowerFix)")
    }
}

@Suite(
    "A gateway endpoint's service list without entries beside a narrower public route: the answer says it could not weigh it"
)
struct UnknownServiceRangesRouteNotesTests {
    @Test("s3's answer names the narrower route and how to import the list's entries")
    func note() throws {
        let reachability = Reachability(
            store: try Scenario.imported("gateway-endpoint-ranges-entries-not-exported-narrower-route"))
        let answer = try reachability.answer(function: "orders-api", target: try Target(parsing: "s3"))
        let notes = answer.notes.filter { $0.contains("sends s3's prefix list pl-63a5400a") }
        #expect(notes.count == 1, "\(answer.notes)")
        #expect(notes.first?.contains("52.216.0.0/16 -> nat-0fd7a000000000007 (blackhole)") == true, "\(notes)")
        #expect(
            notes.first?.contains("aws ec2 get-managed-prefix-list-entries --prefix-list-id pl-63a5400a") == true,
            "\(notes)")
    }
}

@Suite("Two subnets' fixes to one shared network ACL: entries each needs alone are numbered apart")
struct SharedACLFixNumbersTests {
    @Test("the entry both need keeps one number; each subnet's own entry gets its own")
    func numbers() throws {
        let reachability = Reachability(store: try Scenario.imported("nacl-shared-by-two-subnets-fixes-numbered-apart"))
        let answer = try reachability.answer(function: "orders-api", target: .internet)
        let fixes = answer.subnets.map { subnet -> [String] in
            subnet.blockers.filter { $0.code == .subnetACLRestriction }.flatMap {
                answer.words(of: $0).fix.split(separator: "\n").map(String.init)
            }
        }
        #expect(fixes.count == 2)
        func number(_ line: String) -> String? { line.components(separatedBy: "--rule-number ").last }
        let shared = fixes.map { $0.filter { $0.contains("--cidr-block 0.0.0.0/0") } }
        let own = fixes.map { $0.filter { $0.contains("--cidr-block 10.0.") } }
        #expect(shared[0] == shared[1] && shared[0].count == 1, "\(fixes)")
        #expect(own[0].count == 1 && own[1].count == 1, "\(fixes)")
        let numbers = [shared[0][0], own[0][0], own[1][0]].compactMap(number)
        #expect(Set(numbers).count == 3, "every create has its own rule number: \(fixes)")
    }
}

@Suite("A public database across a transit gateway: its DNS support decides which address the name resolves to")
struct TransitGatewayDNSSupportTests {
    @Test("with DNS support on, the note says the name resolves privately and the path takes the transit gateway")
    func on() throws {
        let reachability = Reachability(store: try Scenario.imported("rds-public-transit-gateway-dns-support-on"))
        let answer = try reachability.answer(function: "invoice-writer", target: try Target(parsing: "rds:ledger-pg"))
        #expect(answer.verdict == .reachable)
        #expect(
            answer.notes.contains { $0.contains("both attached to transit gateway tgw-0fdcf000000000001") },
            "\(answer.notes)")
        #expect(answer.subnets.allSatisfy { $0.hops.contains { $0.component == "tgw-0fdcf000000000001" } })
    }

    @Test("with it off, the fix offers the security-group rule, or turning DNS support on")
    func off() throws {
        let reachability = Reachability(store: try Scenario.imported("rds-public-transit-gateway-dns-support-off"))
        let answer = try reachability.answer(function: "invoice-writer", target: try Target(parsing: "rds:ledger-pg"))
        let blocker = try #require(answer.subnets.first?.blockers.first)
        let fix = answer.words(of: blocker).fix.split(separator: "\n").map(String.init)
        #expect(fix.first?.hasPrefix("aws ec2 authorize-security-group-ingress") == true, "\(fix)")
        #expect(
            fix.dropFirst() == [
                "# or send the connection over transit gateway tgw-0fdcf000000000001, its name resolving privately:",
                "aws ec2 modify-transit-gateway --transit-gateway-id tgw-0fdcf000000000001 --options DnsSupport=enable",
            ], "\(fix)")
        #expect(
            answer.notes.contains { $0.contains("tgw-0fdcf000000000001's DnsSupport is disabled") }, "\(answer.notes)")
    }
}

@Suite("Function states: what each says, and what it asks")
struct FunctionStateWordsTests {
    func answer(_ fixture: String, _ function: String = "orders-api", to target: Target = .internet) throws -> Answer {
        try Reachability(store: try Scenario.imported(fixture)).answer(function: function, target: target)
    }

    @Test("a Failed function for a reason that is not the network says so, and to recreate it")
    func failedNotTheNetwork() throws {
        let answer = try answer("function-failed-for-a-reason-not-the-network")
        let blocker = try #require(answer.blockers.first { $0.code == .functionNotActive })
        let words = answer.words(of: blocker)
        #expect(words.message.contains("a reason that is not the network"), "\(words.message)")
        #expect(words.message.contains("Lambda says: Lambda does not have permission to access the ECR image."))
        #expect(words.fix.contains("delete the function and create it again"), "\(words.fix)")
        #expect(!words.fix.contains("update-function-configuration"), "no fix re-applies the same configuration")
    }

    @Test("a Pending function's fix waits for it to be Active")
    func pending() throws {
        let answer = try answer("function-pending-while-lambda-creates-its-interfaces")
        let blocker = try #require(answer.blockers.first { $0.code == .functionNotActive })
        #expect(answer.words(of: blocker).fix == "aws lambda wait function-active-v2 --function-name orders-api")
    }

    @Test("an idle Inactive function: the next invocation fails, the ones after it succeed")
    func inactiveIdle() throws {
        let answer = try answer("function-inactive-idle-first-invocation-fails")
        #expect(answer.verdict == .reachable)
        #expect(
            answer.notes.contains { $0.contains("The next invocation fails while Lambda re-creates them") },
            "\(answer.notes)")
    }

    @Test("an update in progress: the note says invocations use the previous configuration")
    func updateInProgress() throws {
        let answer = try answer("function-update-in-progress-previous-configuration-runs")
        #expect(answer.notes.contains { $0.contains("invocations use the previous code and configuration") })
    }

    @Test("an Active function without the network-interface permissions runs; the note names the gap and the fix")
    func activeWithoutENIPermissions() throws {
        let answer = try answer("role-missing-eni-permissions-active-function-runs", "refund-worker")
        #expect(answer.verdict == .reachable)
        let note = try #require(answer.notes.first { $0.contains("only to create the function's network interfaces") })
        #expect(note.contains("does not allow ec2:CreateNetworkInterface"), "\(note)")
        #expect(note.contains("aws iam attach-role-policy --role-name refund-worker-role"), "\(note)")
        // Without a State, the blocker stays, and its words say what Active would change.
        let unknown = try self.answer("role-missing-eni-permissions", "refund-worker")
        let blocker = try #require(unknown.blockers.first { $0.code == .roleMissingENIPermissions })
        #expect(unknown.words(of: blocker).message.contains("The function's state is not known"))
    }

    @Test("the audit's finding for an Active function without the ENI permissions says it runs until Lambda needs one")
    func activeWithoutENIPermissionsAuditWords() throws {
        let reachability = Reachability(
            store: try Scenario.imported("role-missing-eni-permissions-active-function-runs"))
        let findings = try reachability.audit(AuditRequest()).result.findings
        let finding = try #require(
            findings.first { $0.rule == "role-missing-eni-permissions" && $0.function == "refund-worker" })
        // AWS: the actions are "required only to create ENIs, not to invoke your VPC function".
        #expect(!finding.message.contains("needs new ones now"), "\(finding.message)")
        #expect(
            finding.message.contains("The function is Active and runs on the interfaces it has"), "\(finding.message)")
        #expect(
            finding.message.contains(
                "when Lambda next needs one: after an idle period (Inactive), on a change of its subnets or security groups"
            ), "\(finding.message)")
    }

    @Test("an attached policy that was not exported: the note says what was not checked, and the audit finds nothing")
    func unexportedCustomerPolicy() throws {
        let reachability = Reachability(store: try Scenario.imported("role-own-policy-not-exported-not-checked"))
        for target in [Target.internet, .logs] {
            let answer = try reachability.answer(function: "ledger-sync", target: target)
            #expect(answer.verdict == .reachable)
            let note = try #require(
                answer.notes.first {
                    $0.contains("arn:aws:iam::123456789012:policy/lambda-vpc-custom was not exported")
                },
                "\(answer.notes)")
            #expect(note.contains("--filter LocalManagedPolicy"), "\(note)")
        }
        var request = AuditRequest()
        request.defaultTargets = false
        request.extraTargets = [.internet, .logs]
        let findings = try reachability.audit(request).result.findings
        #expect(
            !findings.contains { $0.function == "ledger-sync" && $0.severity == .error },
            "\(findings.filter { $0.function == "ledger-sync" }.map(\.message))")
        #expect(
            !findings.contains { $0.fix.contains("AWSLambdaVPCAccessExecutionRole") && $0.function == "ledger-sync" })
    }

    @Test("a version or an alias is refused with what the inventory has; $LATEST is the function")
    func qualifiers() throws {
        let reachability = Reachability(store: try Scenario.imported("private-subnet-with-nat"))
        let arn = "arn:aws:lambda:us-east-1:123456789012:function:orders-api"
        #expect(try reachability.functionArn("\(arn):$LATEST") == arn)
        #expect(try reachability.functionArn("orders-api:$LATEST") == arn)
        for qualified in ["\(arn):1", "\(arn):prod", "orders-api:7"] {
            #expect {
                _ = try reachability.functionArn(qualified)
            } throws: { error in
                guard case .qualifiedFunction(let asked, let base, _) = error as? LookupError else { return false }
                return asked == qualified && base == arn
                    && String(describing: error).contains("the inventory has only the function's current configuration")
            }
        }
        #expect {
            _ = try reachability.functionArn("orders-ap:1")
        } throws: { error in
            guard case .unknownFunction(let name, let matches) = error as? LookupError else { return false }
            return name == "orders-ap:1" && matches == ["orders-api"]
        }
    }
}

@Suite("A public database's other way, privately: the fix names what is off, never what is on")
struct PrivateResolutionFixTests {
    func fix(_ fixture: String, _ function: String, _ database: String) throws -> String {
        let answer = try Reachability(store: try Scenario.imported(fixture)).answer(
            function: function, target: try Target(parsing: "rds:\(database)"))
        let blocker = try #require(answer.subnets.first?.blockers.first)
        return answer.words(of: blocker).fix
    }

    @Test("the peering allows DNS resolution but a VPC's DNS hostnames are off: the fix turns them on")
    func hostnamesOff() throws {
        let fix = try fix("rds-public-peering-dns-hostnames-off", "worker", "ledger")
        #expect(fix.contains("aws ec2 modify-vpc-attribute --vpc-id vpc-0app --enable-dns-hostnames"), "\(fix)")
        #expect(!fix.contains("modify-vpc-peering-connection-options"), "the option is on already: \(fix)")
    }

    @Test("the database's side does not allow DNS resolution: the fix is that side's option")
    func resolutionOff() throws {
        let fix = try fix("rds-public-peering-dns-resolution-off", "invoice-writer", "ledger-pg")
        #expect(fix.contains("--accepter-peering-connection-options AllowDnsResolutionFromRemoteVpc=true"), "\(fix)")
        #expect(!fix.contains("modify-vpc-attribute"), "\(fix)")
    }
}

@Suite("Fixes that aim at the cause: a private address, a transit gateway the VPC left")
struct FixCauseTests {
    @Test("a private address of an unpeered VPC: the fix joins the two VPCs, never a NAT gateway")
    func privateAddress() throws {
        let reachability = Reachability(store: try Scenario.imported("ip-target-no-route-in-function-table"))
        let answer = try reachability.answer(
            function: "report-sync", target: try Target(parsing: "ip:10.32.1.10:443"))
        let blocker = try #require(answer.subnets.first?.blockers.first)
        let words = answer.words(of: blocker)
        #expect(words.message.contains("in another VPC (vpc-0fd3c000000000001)"), "\(words.message)")
        #expect(
            words.fix.contains(
                "create-vpc-peering-connection --vpc-id vpc-0fd3a000000000001 --peer-vpc-id vpc-0fd3c000000000001"))
        #expect(!words.fix.contains("create-nat-gateway"), "\(words.fix)")
    }

    @Test("a function only in a public subnet of a VPC without private ones: the fix builds one, in a free block")
    func publicSubnetTrap() throws {
        let reachability = Reachability(store: try Scenario.imported("public-subnet-trap"))
        let answer = try reachability.answer(function: "geoip-lookup", target: .internet)
        let blocker = try #require(answer.subnets.first?.blockers.first)
        let fix = answer.words(of: blocker).fix
        // 10.105.101.0/24 is the public subnet; 10.105.0.0/24, the VPC's first block, is free.
        #expect(
            fix.contains(
                "private=$(aws ec2 create-subnet --vpc-id vpc-e0501000000000001 --cidr-block 10.105.0.0/24 --availability-zone-id use1-az4 "
            ), "\(fix)")
        #expect(fix.contains("aws ec2 associate-route-table --route-table-id \"$rtb\" --subnet-id \"$private\""))
        #expect(!fix.contains("<private subnets>"), "\(fix)")
    }

    @Test("a server's IPv6 replies to a connection from the internet: the route back is to its internet gateway")
    func ipv6ServerReturnRoute() throws {
        let reachability = Reachability(store: try Scenario.imported("ipv6-public-owner-no-return-route"))
        let answer = try reachability.answer(
            function: "worker", target: try Target(parsing: "ip:[2600:1f18:bbbb:bb01::50]:443"))
        let blocker = try #require(answer.subnets.first?.blockers.first)
        #expect(
            answer.words(of: blocker).fix
                == "aws ec2 create-route --route-table-id rtb-0peer --destination-ipv6-cidr-block ::/0 --gateway-id igw-0peer"
        )
    }

    @Test("a private address another table of the VPC routes: the fix copies that route")
    func siblingRoute() throws {
        let reachability = Reachability(store: try Scenario.imported("route-to-peering-not-exported"))
        let answer = try reachability.answer(function: "orders-api", target: try Target(parsing: "ip:172.16.1.10"))
        let subnet = try #require(answer.subnets.first { $0.subnet == "subnet-e0202000000000004" })
        let blocker = try #require(subnet.blockers.first)
        #expect(
            answer.words(of: blocker).fix
                == "aws ec2 create-route --route-table-id rtb-e0203000000000004 --destination-cidr-block 172.16.0.0/12 --vpc-peering-connection-id pcx-0abc0000000000001   # as rtb-e0203000000000003 does"
        )
    }

    @Test("a route to a transit gateway the VPC is no longer attached to: the fix attaches it again")
    func attachmentDeleted() throws {
        let reachability = Reachability(
            store: try Scenario.imported("vpc-route-to-transit-gateway-blackhole-attachment-deleted"))
        let answer = try reachability.answer(function: "payments-api", target: try Target(parsing: "rds:ledger-db"))
        let blocker = try #require(answer.subnets.first?.blockers.first)
        let words = answer.words(of: blocker)
        #expect(words.message.contains("has no available attachment to it"), "\(words.message)")
        #expect(
            words.fix.hasPrefix(
                "aws ec2 create-transit-gateway-vpc-attachment --transit-gateway-id tgw-0f1c000000000001 --vpc-id vpc-0f1a000000000001 --subnet-ids subnet-0f1a000000000001 subnet-0f1a000000000002"
            ), "\(words.fix)")
    }
}

@Suite("A route table that subnets of several zones share: one fix for all of them, runnable once")
struct SharedTableFixTests {
    /// Both of token-minter's subnets (us-east-1a, us-east-1b) use rtb-0e16a000000000002, and the
    /// VPC has no NAT gateway.
    func answer(_ target: String) throws -> Answer {
        let reachability = Reachability(store: try Scenario.imported("interface-endpoint-private-dns-off-no-nat"))
        return try reachability.answer(function: "token-minter", target: try Target(parsing: target))
    }

    func routeFixes(_ answer: Answer) throws -> [String] {
        try answer.subnets.map { subnet in
            let blocker = try #require(subnet.blockers.first { $0.code == .noRouteToDestination })
            return answer.words(of: blocker).fix
        }
    }

    @Test("a NAT gateway for a shared table: one, in the first zone, whichever subnet is asked about")
    func natForSharedTable() throws {
        let fixes = try routeFixes(try answer("aws:secretsmanager"))
        #expect(fixes.count == 2)
        // One route in rtb-0e16a000000000002 can lead to one NAT gateway: two different scripts
        // would create two, and the second create-route would fail (RouteAlreadyExists).
        #expect(Set(fixes).count == 1, "\(fixes)")
        #expect(fixes[0].contains("<a public subnet of vpc-0e16a000000000001 in us-east-1a>"), "\(fixes[0])")
    }

    @Test("a new interface endpoint: one, in one subnet per zone of the function, with a group admitting it")
    func interfaceEndpointForTheFunction() throws {
        let fixes = try routeFixes(try answer("aws:sqs"))
        #expect(Set(fixes).count == 1, "\(fixes)")
        let lines = fixes[0].split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "sg=$(aws ec2 create-security-group --vpc-id vpc-0e16a000000000001 --group-name sqs-interface-endpoint --description 'HTTPS to the sqs interface endpoint' --query GroupId --output text)"
        )
        #expect(
            lines.contains(
                "aws ec2 authorize-security-group-ingress --group-id \"$sg\" --protocol tcp --port 443 --source-group sg-0e16a000000000001"
            ), "\(lines)")
        #expect(
            lines.contains(
                "aws ec2 create-vpc-endpoint --vpc-endpoint-type Interface --vpc-id vpc-0e16a000000000001 --service-name com.amazonaws.us-east-1.sqs --subnet-ids subnet-0e16a000000000001 subnet-0e16a000000000002 --security-group-ids \"$sg\" --private-dns-enabled"
            ), "\(lines)")
        #expect(!fixes[0].contains("<a group admitting"), "\(fixes[0])")
    }
}

@Suite("A function outside any VPC moved into one: the fix says what it gives up there")
struct NotInVPCFixTests {
    @Test("no subnet of the database's VPC has a NAT route: the fix warns that the internet is lost")
    func losesTheInternet() throws {
        let reachability = Reachability(store: try Scenario.imported("no-vpc-config"))
        let answer = try reachability.answer(function: "invoice-mailer", target: try Target(parsing: "rds:billing-db"))
        let blocker = try #require(answer.blockers.first { $0.code == .lambdaNotInVPC })
        let fix = answer.words(of: blocker).fix
        #expect(
            fix.hasPrefix(
                "# no subnet of vpc-e0101000000000001 routes 0.0.0.0/0 to a NAT gateway: attached there, invoice-mailer loses the internet"
            ), "\(fix)")
        #expect(
            fix.hasSuffix(
                "--vpc-config SubnetIds=subnet-e0102000000000002,SecurityGroupIds=<a group that sg-e0109000000000002 admits>"
            ))
    }
}

@Suite("An RDS proxy's own connection: the words say it is the proxy's, and an unknown target is a note")
struct ProxyTargetWordsTests {
    func answer(_ scenario: String, _ target: String) throws -> Answer {
        try Reachability(store: try Scenario.imported(scenario)).answer(
            function: "app", target: try Target(parsing: target), port: nil, ipProtocol: .tcp)
    }

    @Test("the proxy's leg is hops after the proxy, and its blocker's fix admits the proxy's group")
    func databaseGroup() throws {
        let answer = try answer("rds-proxy-database-group-does-not-admit-proxy", "rds:orders-proxy")
        let subnet = try #require(answer.subnets.first)
        let proxyHop = try #require(subnet.hops.firstIndex { $0.component == "orders-proxy" })
        let leg = try #require(subnet.hops.firstIndex { if case .proxyConnection = $0.step { true } else { false } })
        #expect(leg > proxyHop)
        #expect(
            subnet.hops[leg].detail.contains("RDS proxy orders-proxy opens its own connection to its target orders-pg"))
        let blocker = try #require(subnet.blockers.first)
        let words = answer.words(of: blocker)
        #expect(words.message.contains("RDS proxy orders-proxy cannot open its own connection"), "\(words.message)")
        #expect(words.message.contains("from RDS proxy orders-proxy"), "\(words.message)")
        #expect(
            words.fix
                == "aws ec2 authorize-security-group-ingress --group-id sg-0d000000000000d01 --protocol tcp --port 5432 --source-group sg-0d000000000000a01"
        )
    }

    @Test("a stopped target: the fix starts it; UNAVAILABLE: AWS's reason and description are said")
    func stateAndHealth() throws {
        let stopped = try answer("rds-proxy-target-stopped", "rds:orders-proxy")
        let start = stopped.words(of: try #require(stopped.subnets.first?.blockers.first))
        #expect(start.message.contains("is in status 'stopped'"), "\(start.message)")
        #expect(start.fix == "aws rds start-db-instance --db-instance-identifier orders-pg")
        let unavailable = try answer("rds-proxy-target-health-unavailable", "rds:orders-proxy")
        let health = unavailable.words(of: try #require(unavailable.subnets.first?.blockers.first))
        #expect(
            health.message.contains(
                "UNAVAILABLE (AUTH_FAILURE: Proxy does not have any registered credentials for the target)"),
            "\(health.message)")
    }

    @Test("two databases could be the target: a note names the export, the verdict is the first leg's")
    func unknownTarget() throws {
        let answer = try answer("rds-proxy-two-candidate-databases-no-targets", "rds:orders-proxy")
        #expect(answer.verdict == .reachable)
        #expect(
            answer.notes.contains {
                $0.contains("several databases of its VPC could be its target (billing-pg, orders-pg)")
                    && $0.contains("aws rds describe-db-proxy-targets --db-proxy-name orders-proxy")
            }, "\(answer.notes)")
    }

    @Test("rds:orders naming an instance and a proxy is an error that lists the forms that name one")
    func sameName() throws {
        let reachability = Reachability(store: try Scenario.imported("rds-proxy-and-instance-same-name"))
        do {
            _ = try reachability.answer(function: "app", target: .database("orders"), port: nil, ipProtocol: .tcp)
            Issue.record("rds:orders was answered")
        } catch {
            let text = "\(error)"
            #expect(text.contains("names an RDS DB instance and an RDS proxy"), "\(text)")
            #expect(text.contains("rds:instance:orders or rds:proxy:orders"), "\(text)")
            #expect(text.contains("rds:proxy:123456789012:us-east-1:orders"), "\(text)")
        }
        // The audit asks each by kind, one column each: neither answer is lost.
        let row = try #require(try reachability.audit(AuditRequest()).result.functions.first)
        let cells = Dictionary(uniqueKeysWithValues: row.targets.map { ($0.target, $0.verdict) })
        #expect(cells["rds:instance:orders"] == .reachable, "\(cells)")
        #expect(cells["rds:proxy:orders"] == .unreachable, "\(cells)")
        #expect(cells["rds:orders"] == nil, "\(cells)")
    }
}

@Suite("What a transit gateway route table's export leaves out: the answer names it")
struct TransitGatewayPrefixListNoteTests {
    @Test("routes exported for another table only: the table that decides is said not to be")
    func routesOfAnotherTable() throws {
        let reachability = Reachability(
            store: try Scenario.imported("transit-gateway-routes-exported-for-another-table-only"))
        let answer = try reachability.answer(function: "payments-api", target: try Target(parsing: "rds:ledger-db"))
        #expect(
            answer.notes.contains {
                $0.hasPrefix("The routes of transit gateway route table tgw-rtb-0f1c000000000011 were not exported")
            }, "\(answer.notes)")
    }

    @Test("the blackhole reference may hold the database: a note says so, and how to import the entries")
    func note() throws {
        let reachability = Reachability(
            store: try Scenario.imported("transit-gateway-prefix-list-reference-entries-not-exported"))
        let answer = try reachability.answer(function: "payments-api", target: try Target(parsing: "rds:ledger-db"))
        #expect(
            answer.notes.contains {
                $0.hasPrefix(
                    "Transit gateway route table tgw-rtb-0f1c000000000011 routes prefix list pl-0f1c000000000001 as a blackhole, but the list's entries are not in the inventory"
                )
                    && $0.hasSuffix(
                        "aws ec2 get-managed-prefix-list-entries --prefix-list-id pl-0f1c000000000001 > pl-0f1c000000000001.json && lambda-reach import pl-0f1c000000000001.json"
                    )
            }, "\(answer.notes)")
    }
}

@Suite("Transit gateway fixes AWS accepts: prefix-list references, existing routes")
struct TransitGatewayFixCommandTests {
    func fix(_ story: String, subnet: String = "subnet-0f1a000000000001") throws -> String {
        let reachability = Reachability(store: try Scenario.imported(story))
        let answer = try reachability.answer(function: "payments-api", target: try Target(parsing: "rds:ledger-db"))
        let blocker = try #require(answer.subnets.first { $0.subnet == subnet }?.blockers.first)
        return answer.words(of: blocker).fix
    }

    @Test("a blackhole prefix-list reference is changed by modify-transit-gateway-prefix-list-reference")
    func prefixListReference() throws {
        #expect(
            try fix("transit-gateway-prefix-list-reference-blackhole")
                == "aws ec2 modify-transit-gateway-prefix-list-reference --transit-gateway-route-table-id tgw-rtb-0f1c000000000011 --prefix-list-id pl-0f1c000000000001 --no-blackhole --transit-gateway-attachment-id tgw-attach-0f1c000000000002"
        )
    }

    @Test("a return route that exists and goes elsewhere is replaced, not created again")
    func existingReturnRoute() throws {
        #expect(
            try fix("transit-gateway-return-route-to-a-peering-instead")
                == "aws ec2 replace-route --route-table-id rtb-0f1b000000000002 --destination-cidr-block 10.20.1.0/24 --transit-gateway-id tgw-0f1c000000000001"
        )
    }
}

@Suite("The audit's cross-AZ NAT finding for a route table that zones share: a table per zone")
struct NATCrossAZFixTests {
    @Test("pointing the shared table at another zone's NAT gateway would move the crossing: the fix splits the table")
    func sharedTable() throws {
        let reachability = Reachability(
            store: try Scenario.imported("nat-gateway-in-one-zone-for-a-table-two-zones-share"))
        let findings = try reachability.audit(AuditRequest()).result.findings
        let finding = try #require(findings.first(where: { $0.rule == "nat-gateway-cross-az" }))
        #expect(finding.component == "rtb-0aa0000000000002")
        let fix = finding.fix
        #expect(
            fix.hasPrefix(
                "# rtb-0aa0000000000002 serves subnets in us-east-1a, us-east-1b: give each zone its own route table"),
            "\(fix)")
        #expect(!fix.contains("replace-route"))
    }
}

@Suite("Peering fixes name the peering and the block that work: the destination's CIDR, the active peering, its status")
struct PeeringFixTests {
    func fix(_ story: String) throws -> String {
        let reachability = Reachability(store: try Scenario.imported(story))
        let answer = try reachability.answer(function: "fn", target: try Target(parsing: "rds:orders-db"))
        let blocker = try #require(answer.subnets.first?.blockers.first)
        return answer.words(of: blocker).fix
    }

    @Test("a database in the peer's secondary CIDR: the route is for that block, not the one that exists")
    func secondaryCIDR() throws {
        #expect(
            try fix("peering-route-missing-for-peer-secondary-cidr")
                == "aws ec2 create-route --route-table-id rtb-a059219f74889d0df --destination-cidr-block 100.64.0.0/16 --vpc-peering-connection-id pcx-1ddc74955e4e5c62c"
        )
    }

    @Test("a deleted peering still listed beside the active one: the route goes to the active one")
    func activePeeringFirst() throws {
        #expect(
            try fix("peering-route-missing-deleted-peering-still-listed")
                == "aws ec2 create-route --route-table-id rtb-a059219f74889d0df --destination-cidr-block 10.1.0.0/16 --vpc-peering-connection-id pcx-1ddc74955e4e5c62c"
        )
    }

    @Test("routes to a peering pending acceptance are blackholes until it is accepted: accept it")
    func pendingAcceptance() throws {
        let fix = try fix("peering-pending-acceptance-routes-are-blackholes")
        #expect(
            fix.hasPrefix("aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-1ddc74955e4e5c62c"),
            "\(fix)")
        #expect(!fix.contains("<a working"), "\(fix)")
    }

    @Test("routes to a deleted peering: a new peering, accepted, and the route pointed at it")
    func deleted() throws {
        let fix = try fix("peering-deleted-routes-are-blackholes")
        #expect(fix.hasPrefix("pcx=$(aws ec2 create-vpc-peering-connection --vpc-id "), "\(fix)")
        #expect(fix.contains("aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id \"$pcx\""), "\(fix)")
        #expect(
            fix.contains("aws ec2 replace-route --route-table-id rtb-a059219f74889d0df --destination-cidr-block "),
            "\(fix)")
    }
}

@Suite("An RDS proxy whose own connection is blocked from some of its subnets: partial, and which subnets")
struct ProxyPartialLegTests {
    @Test("the blocker names the proxy's subnets whose leg is blocked, and the audit finds reach-partial")
    func blockedFromOneProxySubnet() throws {
        let reachability = Reachability(store: try Scenario.imported("rds-proxy-database-acl-refuses-one-proxy-subnet"))
        let answer = try reachability.answer(
            function: "app", target: try Target(parsing: "rds:orders-proxy"), port: nil, ipProtocol: .tcp)
        #expect(answer.verdict == .partial)
        #expect(answer.subnets.allSatisfy { $0.verdict == .partial })
        let blocker = try #require(answer.allBlockers.first { $0.code == .proxyTargetUnreachable })
        let message = answer.words(of: blocker).message
        #expect(
            message.contains(
                "from its subnets subnet-0d00000000000c0a1 (not from subnet-0d00000000000c0b1)"), "\(message)")
        #expect(!message.contains("every connection through the proxy fails"), "\(message)")
        let findings = try reachability.audit(AuditRequest()).result.findings
        let partial = findings.filter { $0.rule == "reach-partial" && $0.target == "rds:orders-proxy" }
        #expect(partial.count == 1, "\(findings.map { "\($0.rule) \($0.target ?? "")" })")
        #expect(partial.first?.message.contains("only some of the time") == true, "\(partial.first?.message ?? "")")
    }
}

@Suite("Centralised inspection through a transit gateway: the path stops at the firewall, and no fix routes around it")
struct InspectionVPCWordsTests {
    @Test("the database's blockers are at the firewall endpoint, and their fixes add no route")
    func noBypass() throws {
        let reachability = Reachability(
            store: try Scenario.imported("transit-gateway-inspection-vpc-gateway-load-balancer"))
        for target in ["rds:ledger-db", "internet"] {
            let answer = try reachability.answer(function: "payments-api", target: try Target(parsing: target))
            for blocker in answer.subnets.flatMap(\.blockers) {
                let words = answer.words(of: blocker)
                #expect(blocker.code == .routeTargetNotAnalyzed, "\(target): \(blocker.code)")
                for bypass in ["create-route", "create-transit-gateway-route", "replace-route", "delete-route"] {
                    #expect(!words.fix.contains(bypass), "\(target): \(words.fix)")
                }
            }
            // Appliance mode is on: nothing to say about it.
            #expect(!answer.notes.contains { $0.contains("Appliance mode is off") }, "\(answer.notes)")
        }
    }

    @Test("with appliance mode off on the inspection VPC's attachment, a note says how to turn it on")
    func applianceModeOff() throws {
        let reachability = Reachability(
            store: try Scenario.imported("transit-gateway-inspection-vpc-appliance-mode-off"))
        let answer = try reachability.answer(function: "payments-api", target: try Target(parsing: "rds:ledger-db"))
        let notes = answer.notes.filter { $0.contains("Appliance mode is off on tgw-attach-0f1c000000000004") }
        #expect(notes.count == 1, "\(answer.notes)")
        #expect(
            notes.first?.contains(
                "aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id tgw-attach-0f1c000000000004 --options ApplianceModeSupport=enable"
            ) == true, "\(notes)")
    }
}

@Suite("A publicly accessible database across a peering: the peering's DNS option is the first fix")
struct PublicDatabaseAcrossPeeringFixTests {
    func fix(_ story: String) throws -> String {
        let reachability = Reachability(store: try Scenario.imported(story))
        let answer = try reachability.answer(function: "fn", target: try Target(parsing: "rds:orders-db"))
        let blocker = try #require(answer.subnets.first?.blockers.first)
        return answer.words(of: blocker).fix
    }

    @Test("no NAT gateway in the function's VPC: the DNS option first, the NAT gateway after")
    func noNAT() throws {
        let fix = try fix("rds-public-in-peer-no-nat-dns-option-first")
        #expect(
            fix.hasPrefix(
                "# keep the connection on the peering, its name resolving privately:\naws ec2 modify-vpc-peering-connection-options --vpc-peering-connection-id pcx-1ddc74955e4e5c62c --accepter-peering-connection-options AllowDnsResolutionFromRemoteVpc=true\n# or, through the internet:\n"
            ), "\(fix)")
    }

    @Test("no internet gateway in the database's VPC: the DNS option first, before one that would expose it")
    func noIGW() throws {
        let fix = try fix("rds-public-in-peer-without-igw-dns-option-first")
        let option = try #require(fix.range(of: "AllowDnsResolutionFromRemoteVpc=true"), "\(fix)")
        let igw = try #require(fix.range(of: "create-internet-gateway"), "\(fix)")
        #expect(option.lowerBound < igw.lowerBound, "\(fix)")
    }
}

@Suite("A function in a public subnet is moved to private subnets that have IPv4 addresses")
struct PublicSubnetMoveFixTests {
    @Test("the IPv6-only subnet on the NAT gateway's table is not among the subnets the fix names")
    func leavesOutIPv6Only() throws {
        let reachability = Reachability(
            store: try Scenario.imported("public-subnet-function-fix-leaves-out-ipv6-only-subnet"))
        let answer = try reachability.answer(function: "fn-pub", target: try Target(parsing: "internet"))
        let blocker = try #require(answer.subnets.first?.blockers.first)
        let fix = answer.words(of: blocker).fix
        // One private subnet of the public subnet's zone takes its place (the first by ID of
        // the two with IPv4 addresses and as many free), never the IPv6-only one.
        #expect(fix.contains("SubnetIds=subnet-0a1b2c3d4e5f60011,SecurityGroupIds="), "\(fix)")
        #expect(!fix.contains("subnet-0a1b2c3d4e5f60044"), "\(fix)")
    }
}

@Suite("Exports as real tools write them: pages, filters")
struct PartialExportWordsTests {
    @Test("a subnet whose route table was not exported: the path is not known, and the fix exports the route tables")
    func routeTableNotExported() throws {
        let reachability = Reachability(store: try Scenario.imported("main-route-table-not-exported-path-not-known"))
        let answer = try reachability.answer(function: "invoice-mailer", target: .internet)
        let blocker = try #require(answer.allBlockers.first { $0.component == "subnet-0e01a000000000002" })
        #expect(blocker.code == .routeTargetNotAnalyzed)
        let words = answer.words(of: blocker)
        #expect(
            words.message.hasPrefix("The route table of subnet-0e01a000000000002 was not exported")
                && words.message.contains("main route table of its VPC vpc-0e01a000000000001")
                && words.message.contains("is not known"), "\(words.message)")
        #expect(words.fix.hasPrefix("aws ec2 describe-route-tables --region us-east-1 > "), "\(words.fix)")
    }

    @Test("the first page of a prefix list's entries says it is one page, and that the pages in the import are merged")
    func prefixListPages() throws {
        let story = Scenario.root.appendingPathComponent("prefix-list-entries-exported-in-two-pages")
        let db = testScratchRoot.appendingPathComponent("pages-\(UUID().uuidString).sqlite").path
        let summary = try Importer(store: try InventoryStore(path: db, create: true)).importPaths([story.path])
        let pages = summary.warnings.filter { $0.file.contains("get-managed-prefix-list-entries") }
        #expect(pages.count == 1, "\(pages)")
        #expect(
            pages.first?.file.hasSuffix("page-1.json") == true
                && pages.first?.message.hasPrefix(
                    "NextToken is set: this file is one page of pl-0b5e000000000709's entries. The entries of every page of it in this import are merged"
                ) == true, "\(pages)")
    }
}

@Suite("A VpcConfig subnet the inventory lacks: the words name it by its ID, and count only the known ones")
struct MissingSubnetWordsTests {
    static let story = "function-subnet-not-in-inventory-beside-one-that-is"

    @Test("the partial answer's note names the missing subnet, whose zone is not known")
    func note() throws {
        let reachability = Reachability(store: try Scenario.imported(Self.story))
        let answer = try reachability.answer(function: "stale-subnet", target: try Target(parsing: "internet"))
        #expect(
            answer.notes.contains {
                $0.contains("invocations that land in subnet-0deadbeef0000001 (zone not known) fail")
            }, "\(answer.notes)")
    }

    @Test("the single-zone finding says the only known subnet is in one zone, not that there is one subnet")
    func singleZone() throws {
        let reachability = Reachability(store: try Scenario.imported(Self.story))
        let findings = try reachability.audit(AuditRequest()).result.findings
        let finding = try #require(findings.first { $0.rule == "single-az" })
        #expect(
            finding.message.hasPrefix(
                "The only subnet of stale-subnet that the inventory has, subnet-0ad30400000000002, is in us-east-1a (its VpcConfig names 1 more that is not in the inventory)"
            ), "\(finding.message)")
    }
}

@Suite(
    "An interface endpoint whose DNS records are IPv6 only: the dual-stack function's answer says what was not checked")
struct IPv6OnlyRecordsWordsTests {
    @Test("the dual-stack function connects over IPv6, and the note says its IPv6 rules were not checked")
    func dualStackNote() throws {
        let reachability = Reachability(
            store: try Scenario.imported("interface-endpoint-ipv6-only-dns-records-ipv4-function"))
        let answer = try reachability.answer(function: "fn-v6", target: try Target(parsing: "aws:sqs"))
        #expect(
            answer.notes.contains {
                $0.hasPrefix("vpce-0e1e2e3e4e5e60001's private DNS records are IPv6 only (DnsRecordIpType ipv6)")
            }, "\(answer.notes)")
        let ipv4Only = try reachability.answer(function: "fn-nov6", target: try Target(parsing: "aws:sqs"))
        let blocker = try #require(ipv4Only.subnets.first?.blockers.first)
        #expect(
            ipv4Only.words(of: blocker).fix.hasPrefix(
                "aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-0e1e2e3e4e5e60001 --ip-address-type dualstack --dns-options DnsRecordIpType=dualstack"
            ))
    }
}

@Suite("An Inactive function outside any VPC: Lambda reclaimed its resources, not network interfaces it never had")
struct InactiveOutsideVPCWordsTests {
    @Test("the note names the resources Lambda set up, not network interfaces")
    func note() throws {
        let reachability = Reachability(store: try Scenario.imported("function-outside-vpc-inactive-idle"))
        let answer = try reachability.answer(function: "novpc-inactive", target: try Target(parsing: "internet"))
        #expect(
            answer.notes.contains {
                $0.hasPrefix(
                    "The function is Inactive (Idle): Lambda reclaimed the resources it had set up for it after a long idle period."
                )
            }, "\(answer.notes)")
        #expect(!answer.notes.contains { $0.contains("network interfaces") }, "\(answer.notes)")
    }
}

@Suite("Centralised egress whose attachment shares the NAT gateways' route table: the fix never loops the NAT gateways")
struct EgressAttachmentSharesNATTableWordsTests {
    /// The fixes of both function subnets, in zone order.
    func fixes(_ fixture: String) throws -> [String] {
        let reachability = Reachability(store: try Scenario.imported(fixture))
        let answer = try reachability.answer(function: "orders", target: try Target(parsing: "internet"))
        return try answer.subnets.map { answer.words(of: try #require($0.blockers.first)).fix }
    }

    @Test(
        "in the NAT gateways' own subnets: a new /28 per zone, its table to the zone's NAT gateway, the attachment moved"
    )
    func inNATSubnets() throws {
        let fixes = try fixes("egress-attachment-in-the-nat-gateways-public-subnets")
        #expect(fixes.count == 2)
        for fix in fixes { #expect(!fix.contains("--route-table-id rtb-0e200000000000015"), "\(fix)") }
        #expect(fixes[0].contains("--cidr-block 10.99.2.0/28 --availability-zone-id use1-az4"), "\(fixes[0])")
        #expect(fixes[1].contains("--cidr-block 10.99.2.16/28 --availability-zone-id use1-az6"), "\(fixes[1])")
        #expect(fixes[0].contains("--destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-0e20000000000000f"))
        #expect(fixes[1].contains("--destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-0e200000000000012"))
        #expect(
            fixes[0].hasSuffix(
                "aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id tgw-attach-0e200000000000018 --add-subnet-ids \"$subnet\" --remove-subnet-ids subnet-0e20000000000000b"
            ), "\(fixes[0])")
    }

    @Test("in subnets of its own on the NAT gateways' table: a table of their own, by replacing the association")
    func sharedTable() throws {
        let fixes = try fixes("egress-attachment-subnets-share-the-nat-gateways-table")
        #expect(fixes.count == 2)
        for fix in fixes { #expect(!fix.contains("--route-table-id rtb-0e200000000000015"), "\(fix)") }
        #expect(fixes[1].contains("--destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-0e200000000000012"))
        #expect(
            fixes[0].hasSuffix(
                "aws ec2 replace-route-table-association --association-id \"$assoc\" --route-table-id \"$rtb\""))
        #expect(fixes[0].contains("Name=association.subnet-id,Values=subnet-0e2000000000000aa"))
    }
}

@Suite("A private NAT gateway asked for an on-premises address its subnet does not route: the fix is that route")
struct PrivateNATOnwardRouteWordsTests {
    @Test(
        "the fix routes the address from the NAT gateway's subnet to the transit gateway, not to a public NAT gateway")
    func fix() throws {
        let reachability = Reachability(
            store: try Scenario.imported("private-nat-gateway-on-premises-address-without-onward-route"))
        let answer = try reachability.answer(
            function: "batch", target: try Target(parsing: "ip:192.168.10.5"), port: 443)
        let blocker = try #require(answer.subnets.first?.blockers.first)
        let words = answer.words(of: blocker)
        #expect(
            words.fix.hasPrefix(
                "aws ec2 create-route --route-table-id rtb-0b600000000000022 --destination-cidr-block 192.168.10.5/32 --transit-gateway-id tgw-0b600000000000001"
            ), "\(words.fix)")
        #expect(!words.fix.contains("nat-gateway-id"))
        #expect(words.message.contains("nat-0b60000000000001c is a private NAT gateway"), "\(words.message)")
    }
}

@Suite("A private zone without the name's record: NXDOMAIN, unless the zone's public DNS fallback (not exported) is on")
struct PrivateZoneFallbackWordsTests {
    @Test("the words say the answer assumes public DNS fallback is off")
    func caveat() throws {
        let reachability = Reachability(store: try Scenario.imported("private-hosted-zone-without-the-database-record"))
        let answer = try reachability.answer(function: "orders-api", target: try Target(parsing: "rds:orders-db"))
        let blocker = try #require(answer.allBlockers.first { $0.code == .dnsNameNotResolved })
        #expect(
            answer.words(of: blocker).message.hasSuffix(
                "(Unless public DNS fallback is turned on for the zone, an ADVANCED-tier setting, off by default, that the exports lambda-reach reads do not show: Route 53 then asks public DNS for names the zone lacks.)"
            ))
    }
}

@Suite(
    "An egress attachment associated with the spokes' segmented table: the fix moves the association, not the blackhole"
)
struct EgressAttachmentWrongAssociationWordsTests {
    @Test("every spoke's function gets the same fix: the egress attachment into the table with the spokes' routes")
    func fix() throws {
        let reachability = Reachability(
            store: try Scenario.imported("egress-attachment-associated-with-the-spokes-route-table"))
        let expected =
            "aws ec2 disassociate-transit-gateway-route-table --transit-gateway-route-table-id tgw-rtb-0e100000000000002 --transit-gateway-attachment-id tgw-attach-0e100000000000020\naws ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id tgw-rtb-0e100000000000003 --transit-gateway-attachment-id tgw-attach-0e100000000000020"
        for function in ["orders", "dev-api"] {
            let answer = try reachability.answer(function: function, target: try Target(parsing: "internet"))
            let blocker = try #require(answer.subnets.first?.blockers.first)
            let words = answer.words(of: blocker)
            #expect(words.fix == expected, "\(function): \(words.fix)")
            #expect(!words.fix.contains("replace-transit-gateway-route"))
            #expect(words.message.contains("tgw-attach-0e100000000000020 belongs there"), "\(words.message)")
        }
    }
}

@Suite("A subnet whose connections only some get through: the note's words")
struct PartialSubnetNoteWordsTests {
    @Test("several such subnets: some connections get through, whichever of them Lambda picks")
    func severalSubnets() throws {
        let reachability = Reachability(store: try Scenario.imported("rds-proxy-database-acl-refuses-one-proxy-subnet"))
        let answer = try reachability.answer(
            function: "app", target: try Target(parsing: "rds:orders-proxy"), port: nil, ipProtocol: .tcp)
        #expect(
            answer.notes.contains {
                $0.hasPrefix(
                    "From subnet-0d00000000000f0a1, subnet-0d00000000000f0b1 some connections get through and some fail, whichever of them Lambda picks: the blockers say"
                )
            }, "\(answer.notes)")
    }
}

@Suite("The execution role's AWS managed policies: known by name from AWS's reference, or not known, never nothing")
struct AWSManagedPolicyByNameTests {
    static let story = "role-aws-managed-policy-without-document-not-known-by-name-not-judged"

    @Test("an AWS managed policy not known by name: the note names it and --filter AWSManagedPolicy, and no blocker")
    func notKnownByName() throws {
        let reachability = Reachability(store: try Scenario.imported(Self.story))
        for target in [Target.internet, .logs] {
            let answer = try reachability.answer(function: "ssm-agent", target: target)
            #expect(answer.verdict == .reachable)
            let note = try #require(
                answer.notes.first {
                    $0.hasPrefix(
                        "ssm-agent-role's attached policy arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore (an AWS managed policy lambda-reach does not know by name) was not exported"
                    )
                }, "\(answer.notes)")
            #expect(
                note.hasSuffix("`aws iam get-account-authorization-details --filter AWSManagedPolicy` lists it."),
                "\(note)")
        }
        // The audit does not find the role lacking what it may well allow.
        var request = AuditRequest()
        request.defaultTargets = false
        request.extraTargets = [.internet, .logs]
        let findings = try reachability.audit(request).result.findings
        #expect(
            !findings.contains { $0.function == "ssm-agent" && $0.rule.hasPrefix("role-missing") },
            "\(findings.filter { $0.function == "ssm-agent" }.map(\.message))")
        #expect(findings.contains { $0.function == "ssm-denied" && $0.rule == "role-missing-eni-permissions" })
    }
}

@Suite("A network perimeter in the execution role: Lambda's own calls come from its service, and the fix spares them")
struct RolePerimeterWordsTests {
    func words(_ story: String, _ function: String, _ target: Target, _ code: BlockerCode) throws -> BlockerWords {
        let reachability = Reachability(store: try Scenario.imported(story))
        let answer = try reachability.answer(function: function, target: target)
        let blocker = try #require(answer.allBlockers.first { $0.code == code }, "\(answer.allBlockers)")
        return answer.words(of: blocker)
    }

    @Test(
        "a Deny outside the corporate range: Lambda calls from its own addresses; the fix requires lambda:SourceFunctionArn"
    )
    func sourceIP() throws {
        let story = "role-deny-outside-corporate-addresses-blocks-lambda-own-calls"
        let eni = try words(story, "corp-only", .internet, .roleMissingENIPermissions)
        #expect(
            eni.message.contains(
                "its condition on aws:SourceIp holds for these calls: Lambda makes them itself with the role, from the Lambda service's own addresses, which are none of the ranges the condition lists"
            ), "\(eni.message)")
        // The role has AWSLambdaVPCAccessExecutionRole: attaching it again changes nothing.
        #expect(!eni.fix.contains("attach-role-policy"), "\(eni.fix)")
        #expect(
            eni.fix.contains(#"add "Null": {"lambda:SourceFunctionArn": "false"} to that Deny's conditions"#),
            "\(eni.fix)")
        let logs = try words(story, "corp-code-only", .logs, .roleMissingLogsPermissions)
        #expect(
            logs.fix.contains(
                "take logs:CreateLogGroup, logs:CreateLogStream and logs:PutLogEvents out of that Deny (NotAction, as AWS's data-perimeter policy for Lambda roles does)"
            ), "\(logs.fix)")
    }

    @Test("a Deny when aws:SourceVpc is null: Lambda's calls come through no VPC endpoint, and the fix spares them")
    func sourceVpcNull() throws {
        let story = "role-deny-outside-vpc-endpoints-blocks-lambda-own-calls"
        let eni = try words(story, "perimeter", .internet, .roleMissingENIPermissions)
        #expect(
            eni.message.contains(
                "its condition on aws:SourceVpc holds for these calls: Lambda makes them itself, from the Lambda service and not from the function's VPC, so they come through no VPC endpoint and carry no aws:SourceVpc"
            ), "\(eni.message)")
        #expect(eni.fix.contains(#""Null": {"lambda:SourceFunctionArn": "false"}"#), "\(eni.fix)")
        let logs = try words(story, "perimeter", .logs, .roleMissingLogsPermissions)
        #expect(logs.fix.contains("out of that Deny (NotAction"), "\(logs.fix)")
    }

    @Test(
        "AWS's network-perimeter Deny: its aws:ViaAWSService exemption does not spare Lambda's calls, and the words say why"
    )
    func networkPerimeterViaAWSService() throws {
        let story = "role-network-perimeter-deny-with-service-exemptions-blocks-lambda-own-calls"
        let eni = try words(story, "perimeter", .internet, .roleMissingENIPermissions)
        #expect(
            eni.message.contains(
                "its condition on aws:ViaAWSService holds for these calls: it is true only when a service forwards the caller's own credentials (a forward access session), and Lambda calls with the role as a service role, so it is false"
            ), "\(eni.message)")
        #expect(eni.message.contains("its condition on aws:SourceIp holds for these calls"), "\(eni.message)")
        #expect(eni.fix.contains(#""Null": {"lambda:SourceFunctionArn": "false"}"#), "\(eni.fix)")
    }

    @Test("a boundary's perimeter Deny is named as the boundary's, and its fix changes the boundary")
    func boundaryDeny() throws {
        let words = try words(
            "function-failed-insufficient-role-permissions-fix-aims-at-what-withholds", "bounded-fn", .internet,
            .roleMissingENIPermissions)
        #expect(
            words.message.contains(
                "is capped by its permissions boundary perimeter-boundary (a role may do only what both its policies and its boundary allow), which denies ec2:CreateNetworkInterface"
            ),
            "\(words.message)")
        #expect(words.message.contains("its condition on aws:SourceVpc holds for these calls"), "\(words.message)")
        #expect(
            words.fix.contains(
                "aws iam create-policy-version --policy-arn arn:aws:iam::123456789012:policy/perimeter-boundary"),
            "\(words.fix)")
        #expect(!words.fix.contains("attach-role-policy"), "\(words.fix)")
    }
}

@Suite("InsufficientRolePermissions: the fix addresses what withholds the actions, never attaches what is attached")
struct InsufficientRolePermissionsFixTests {
    func fix(_ function: String) throws -> String {
        let reachability = Reachability(
            store: try Scenario.imported("function-failed-insufficient-role-permissions-fix-aims-at-what-withholds"))
        let answer = try reachability.answer(function: function, target: .internet)
        let blocker = try #require(answer.allBlockers.first { $0.code == .functionNotActive })
        return answer.words(of: blocker).fix
    }

    @Test("a Deny is found and removed; a boundary is changed; a role that allows them now is said to")
    func fixes() throws {
        let denied = try fix("denied-fn")
        #expect(!denied.contains("attach-role-policy"), "\(denied)")
        #expect(denied.hasPrefix("aws iam list-role-policies --role-name denied-fn-role"), "\(denied)")
        let bounded = try fix("bounded-fn")
        #expect(!bounded.contains("attach-role-policy"), "\(bounded)")
        #expect(
            bounded.contains(
                "aws iam create-policy-version --policy-arn arn:aws:iam::123456789012:policy/perimeter-boundary"),
            "\(bounded)")
        let fixed = try fix("fixed-fn")
        #expect(!fixed.contains("attach-role-policy"), "\(fixed)")
        #expect(
            fixed.hasPrefix(
                "# fixed-fn-role's policies, as exported, allow the network-interface actions: Lambda's reason is from before they did"
            ), "\(fixed)")
        #expect(fixed.contains("delete the function and create it again"), "\(fixed)")
    }
}

@Suite("An endpoint policy on aws:SourceIp: a call through the endpoint carries none, and the words say what to use")
struct EndpointSourceIPWordsTests {
    @Test("a Deny on NotIpAddress aws:SourceIp refuses every call through the endpoint; aws:SourceVpce is decided")
    func sourceIP() throws {
        let reachability = Reachability(
            store: try Scenario.imported("gateway-endpoint-policy-on-source-ip-refuses-calls-through-it"))
        let s3 = try reachability.answer(function: "log-archiver", target: try Target(parsing: "s3"))
        let blocker = try #require(s3.allBlockers.first { $0.code == .endpointPolicyDenies })
        let words = s3.words(of: blocker)
        #expect(
            words.message.contains(
                "decides on aws:SourceIp: a Deny in it applies when aws:SourceIp is not among the addresses it lists, and a request through a VPC endpoint carries no aws:SourceIp at all"
            ), "\(words.message)")
        #expect(words.fix.contains("aws:VpcSourceIp"), "\(words.fix)")
        let dynamodb = try reachability.answer(function: "log-archiver", target: try Target(parsing: "dynamodb"))
        #expect(dynamodb.verdict == .reachable)
        #expect(!dynamodb.notes.contains { $0.contains("does not evaluate") }, "\(dynamodb.notes)")
    }
}

@Suite("A NAT gateway whose subnet a filtered describe-subnets left out")
struct NATGatewayOfFilteredSubnetTests {
    @Test("the import warns at the NAT gateway's SubnetId, and the path reaches the NAT gateway and stops there")
    func warningAndPath() throws {
        let story = Scenario.root.appendingPathComponent("nat-gateway-subnet-left-out-of-filtered-subnets-export")
        let db = testScratchRoot.appendingPathComponent("nat-filtered-\(UUID().uuidString).sqlite").path
        let store = try InventoryStore(path: db, create: true)
        let summary = try Importer(store: store).importPaths([story.path])
        #expect(
            summary.warnings.contains {
                $0.file.hasSuffix("describe-nat-gateways.json")
                    && $0.message.hasPrefix(
                        "$.NatGateways[0].SubnetId: NAT gateway nat-e0206000000000001 is in subnet subnet-e0202000000000001, which is neither in this import nor in the inventory"
                    )
            }, "\(summary.warnings)")
        let answer = try Reachability(store: store).answer(function: "orders-api", target: .internet)
        let subnet = try #require(answer.subnets.first { $0.subnet == "subnet-e0202000000000003" })
        #expect(subnet.hops.contains { $0.component == "nat-e0206000000000001" }, "\(subnet.hops)")
    }
}

@Suite("S3 and DynamoDB: the name is resolved before a gateway endpoint's route carries the call")
struct GatewayEndpointAfterDNSWordsTests {
    @Test("a zone without the name: the fix takes the zone off the VPC, since no record can name a gateway endpoint")
    func noRecordBesideGatewayEndpoint() throws {
        let reachability = Reachability(store: try Scenario.imported("gateway-endpoints-under-a-regional-private-zone"))
        for (target, gateway) in [("s3", "vpce-0d5a000000000001"), ("dynamodb", "vpce-0d5a000000000002")] {
            let answer = try reachability.answer(function: "orders-sync", target: try Target(parsing: target))
            // The walk stops at the name: no hop through the gateway endpoint.
            #expect(
                !answer.subnets.flatMap(\.hops).contains { $0.step.kind == .gatewayEndpoint }, "\(target)")
            let blocker = try #require(answer.subnets.first?.blockers.first)
            let words = answer.words(of: blocker)
            #expect(
                words.message.contains("The route to gateway endpoint \(gateway) does not help"), "\(words.message)")
            #expect(
                words.fix.contains(
                    "aws route53 disassociate-vpc-from-hosted-zone --hosted-zone-id Z0D5A000000000000001 --vpc VPCRegion=us-east-1,VPCId=vpc-0d5a000000000001"
                ), "\(words.fix)")
            #expect(!words.fix.contains("alias-to-endpoint"), "\(words.fix)")
        }
    }

    @Test("a name sent to a hub's endpoint: a note says the spoke's gateway endpoint is not used, and why")
    func hubEndpointNote() throws {
        for (story, source) in [
            (
                "central-s3-dynamodb-endpoints-beside-spoke-gateway-endpoints",
                "private hosted zone Z0D5B000000000000001"
            ),
            (
                "central-s3-endpoint-resolver-rule-beside-spoke-gateway-endpoints",
                "Resolver rule rslvr-rr-0d5a000000000001"
            ),
        ] {
            let reachability = Reachability(store: try Scenario.imported(story))
            let answer = try reachability.answer(function: "orders-sync", target: try Target(parsing: "s3"))
            #expect(
                answer.notes.contains {
                    $0.hasPrefix(
                        "vpce-0d5a000000000001 (gateway endpoint) is not used for s3 in vpc-0d5a000000000001: its route covers only the service's public addresses, and vpc-0d5a000000000001 resolves s3.us-east-1.amazonaws.com to interface endpoint vpce-0d5b000000000001's addresses (\(source)"
                    )
                }, "\(story): \(answer.notes)")
        }
    }
}

@Suite("An interface endpoint's name resolves to all its network interfaces: one refused, the others reached, partial")
struct InterfaceEndpointSomeInterfacesWordsTests {
    @Test("each subnet's blocker says which zones' interfaces fail, and its fixes are numbered apart across subnets")
    func partialWords() throws {
        let reachability = Reachability(
            store: try Scenario.imported("interface-endpoint-acl-blocks-the-other-subnets-interface-only"))
        let answer = try reachability.answer(
            function: "orders-db-rotation", target: try Target(parsing: "aws:secretsmanager"))
        let first = try #require(answer.subnets.first { $0.subnet == "subnet-0d5c000000000003" })
        let blocker = try #require(first.blockers.first)
        let words = answer.words(of: blocker)
        #expect(
            words.message.hasPrefix(
                "Only some connections fail: com.amazonaws.us-east-1.secretsmanager's name resolves to its network interfaces in us-east-1a, us-east-1b, and the SDK connects to any of them; those in us-east-1b cannot be reached, those in us-east-1a can"
            ), "\(words.message)")
        // The requests one way and the replies the other, at both subnets: one blocker, every entry.
        #expect(words.fix.split(separator: "\n").count == 4, "\(words.fix)")
        let second = try #require(answer.subnets.first { $0.subnet == "subnet-0d5c000000000004" })
        let other = answer.words(of: try #require(second.blockers.first)).fix
        #expect(other.contains("--rule-number 112") && !other.contains("--rule-number 110"), "\(other)")
    }

    @Test(
        "the audit's shared walks find the same: partial where an ACL refuses one interface, no where the group refuses all"
    )
    func audit() throws {
        let reachability = Reachability(
            store: try Scenario.imported("interface-endpoint-acl-blocks-the-other-subnets-interface-only"))
        let findings = try reachability.audit(AuditRequest()).result.findings
        let rules = Set(
            findings.filter { $0.function.hasPrefix("orders-db-rotation") }.map {
                "\($0.rule) \($0.function) \($0.target ?? "")"
            })
        #expect(rules.contains("reach-partial orders-db-rotation aws:secretsmanager"), "\(rules.sorted())")
        #expect(rules.contains("reach-partial orders-db-rotation-a aws:secretsmanager"), "\(rules.sorted())")
        #expect(rules.contains("reach-unreachable orders-db-rotation aws:kms"), "\(rules.sorted())")
    }
}

@Suite("Beyond a NAT gateway that forwards privately: the words and fixes name the NAT gateway's address and subnet")
struct PrivateNATWordsTests {
    static let ledger = "ip:10.61.1.50:443"

    @Test("a group that references the function's group: the fix admits the NAT gateway's address, not the group")
    func ingress() throws {
        let reachability = Reachability(
            store: try Scenario.imported("private-nat-destination-references-function-group"))
        let answer = try reachability.answer(function: "batch", target: try Target(parsing: Self.ledger))
        for (subnet, nat, address) in [
            ("subnet-0f7a000000000001", "nat-0f7a000000000003", "10.81.0.74"),
            ("subnet-0f7a000000000002", "nat-0f7a000000000004", "10.81.0.106"),
        ] {
            let blocker = try #require(answer.subnets.first { $0.subnet == subnet }?.blockers.first)
            let words = answer.words(of: blocker)
            #expect(
                words.fix
                    == "aws ec2 authorize-security-group-ingress --group-id sg-0f7b000000000001 --protocol tcp --port 443 --cidr \(address)/32",
                "\(words.fix)")
            #expect(words.message.contains("from \(address)/32, the private address of NAT gateway \(nat)"))
            #expect(words.message.contains("a rule that references the function's security groups does not match it"))
        }
        // The destination sees the NAT gateway's address: the answer says so, once per NAT gateway.
        #expect(
            answer.notes.contains {
                $0.hasPrefix("nat-0f7a000000000003 forwards the traffic for 10.61.1.50 by its own subnet's route table")
            }, "\(answer.notes)")
    }

    @Test("no route back for the NAT gateway's subnet: the fix routes that subnet, not the function's")
    func returnRoute() throws {
        let reachability = Reachability(
            store: try Scenario.imported("private-nat-destination-routes-back-function-range-not-nat-subnets"))
        let answer = try reachability.answer(function: "batch", target: try Target(parsing: Self.ledger))
        let blocker = try #require(answer.subnets.first { $0.subnet == "subnet-0f7a000000000001" }?.blockers.first)
        let words = answer.words(of: blocker)
        #expect(
            words.fix
                == "aws ec2 create-route --route-table-id rtb-0f7b000000000002 --destination-cidr-block 10.81.0.64/27 --transit-gateway-id tgw-0f7c000000000001",
            "\(words.fix)")
        #expect(
            words.message.contains(
                "has no route for 10.81.0.64/27 (subnet-0f7a000000000003, where NAT gateway nat-0f7a000000000003 is, whose address the requests came from)"
            ), "\(words.message)")
    }

    @Test("the NAT gateway's subnet's ACL: the replies from the destination, at the NAT gateway's subnet")
    func acl() throws {
        let reachability = Reachability(
            store: try Scenario.imported("private-nat-subnet-acl-denies-replies-from-destination"))
        let answer = try reachability.answer(function: "batch", target: try Target(parsing: Self.ledger))
        let blocker = try #require(answer.subnets.first { $0.subnet == "subnet-0f7a000000000001" }?.blockers.first)
        let words = answer.words(of: blocker)
        #expect(
            words.message.hasPrefix(
                "Network ACL acl-0f7a000000000002 of subnet-0f7a000000000003 blocks inbound tcp 1024-65535 from subnet-0f7b000000000001"
            ), "\(words.message)")
        #expect(
            words.fix.contains("--ingress --protocol tcp --port-range From=1024,To=65535 --cidr-block 10.61.1.50/32"))
    }

    @Test("the audit, which shares walks among functions, answers the design as a query does")
    func audit() throws {
        let reachability = Reachability(
            store: try Scenario.imported("private-nat-for-overlapping-networks-reaches-ledger-through-transit-gateway"))
        var request = AuditRequest()
        request.extraTargets = [
            try Target(parsing: "rds:ledger-db"), try Target(parsing: Self.ledger),
            try Target(parsing: "ip:192.168.10.5:443"),
        ]
        let row = try #require(try reachability.audit(request).result.functions.first)
        let cells = Dictionary(uniqueKeysWithValues: row.targets.map { ($0.target, $0.verdict) })
        #expect(cells["rds:ledger-db"] == .reachable, "\(cells)")
        #expect(cells[Self.ledger] == .reachable, "\(cells)")
        #expect(cells["ip:192.168.10.5:443"] == .unreachable, "\(cells)")
    }
}

@Suite("IPv6 across a peering and a transit gateway: the fixes name IPv6 blocks and the IPv6 options")
struct IPv6AcrossVPCsWordsTests {
    static let address = try! Target(parsing: "ip:[2600:1f18:70:1::10]")

    func blocker(_ scenario: String, target: Target = address) throws -> (Answer, Blocker) {
        let reachability = Reachability(store: try Scenario.imported(scenario))
        let answer = try reachability.answer(function: "ledger-sync", target: target, port: 443, ipProtocol: .tcp)
        return (answer, try #require(answer.subnets.first?.blockers.first))
    }

    @Test("no IPv6 route to the peer: the fix routes the peer's IPv6 block to the peering that joins them")
    func noRouteToPeer() throws {
        let (answer, blocker) = try blocker("ipv6-peering-no-ipv6-route-to-peer")
        let words = answer.words(of: blocker)
        #expect(
            words.fix
                == "aws ec2 create-route --route-table-id rtb-0d6a000000000002 --destination-ipv6-cidr-block 2600:1f18:70::/56 --vpc-peering-connection-id pcx-0d6a000000000001",
            "\(words.fix)")
        #expect(words.message.contains("which pcx-0d6a000000000001 joins to vpc-0d6a000000000001"), "\(words.message)")
    }

    @Test(
        "no IPv6 route to the transit gateway: the fix routes the VPC's IPv6 block to the transit gateway both are on")
    func noRouteToTransitGateway() throws {
        let (answer, blocker) = try blocker("ipv6-transit-gateway-no-ipv6-route-to-gateway")
        #expect(
            answer.words(of: blocker).fix
                == "aws ec2 create-route --route-table-id rtb-0d6a000000000002 --destination-ipv6-cidr-block 2600:1f18:70::/56 --transit-gateway-id tgw-0d6c000000000001"
        )
    }

    @Test("no IPv6 route back through the peering: the fix adds one for the function subnet's IPv6 block")
    func returnRoute() throws {
        let (answer, blocker) = try blocker("ipv6-peering-missing-return-route")
        #expect(
            answer.words(of: blocker).fix
                == "aws ec2 create-route --route-table-id rtb-0d6b000000000002 --destination-ipv6-cidr-block 2600:1f18:60:1::/64 --vpc-peering-connection-id pcx-0d6a000000000001"
        )
    }

    @Test("an IPv6 block beyond the peer: the fix shows the peer's IPv6 blocks, not a NAT gateway")
    func outsidePeer() throws {
        let (answer, blocker) = try blocker(
            "ipv6-peering-address-outside-peer-blocks", target: try Target(parsing: "ip:[2600:1f18:80:1::10]"))
        let words = answer.words(of: blocker)
        #expect(words.message.contains("inside vpc-0d6b000000000001's IPv6 blocks"), "\(words.message)")
        #expect(words.fix.contains("create-vpc-peering-connection"), "\(words.fix)")
        #expect(!words.fix.contains("nat-gateway"), "\(words.fix)")
    }

    @Test("an attachment without IPv6 support: the fix enables it, its propagation being there already")
    func ipv6SupportDisabled() throws {
        let (answer, blocker) = try blocker("ipv6-transit-gateway-attachment-ipv6-support-disabled")
        let words = answer.words(of: blocker)
        #expect(
            words.message.contains(
                "tgw-attach-0d6c000000000002's Ipv6Support is disabled: its propagation into tgw-rtb-0d6c000000000001 brings the IPv4 CIDRs only"
            ), "\(words.message)")
        #expect(
            words.fix.hasPrefix(
                "aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id tgw-attach-0d6c000000000002 --options Ipv6Support=enable\n# or a static route:\naws ec2 create-transit-gateway-route --transit-gateway-route-table-id tgw-rtb-0d6c000000000001 --destination-cidr-block 2600:1f18:70::/56 --transit-gateway-attachment-id tgw-attach-0d6c000000000002"
            ), "\(words.fix)")
    }

    @Test("a static IPv6 route to an attachment without IPv6 support carries the traffic, and a note says so")
    func staticRouteNote() throws {
        let reachability = Reachability(
            store: try Scenario.imported("ipv6-transit-gateway-static-route-without-ipv6-support"))
        let answer = try reachability.answer(
            function: "ledger-sync", target: Self.address, port: 443, ipProtocol: .tcp)
        #expect(answer.verdict == .reachable)
        #expect(
            answer.notes.contains {
                $0.hasPrefix(
                    "Transit gateway attachment tgw-attach-0d6c000000000002 (vpc-0d6b000000000001) has IPv6 support disabled"
                )
                    && $0.contains("the setting does not filter IPv6 traffic")
                    && $0.hasSuffix("--options Ipv6Support=enable")
            }, "\(answer.notes)")
        // The function's own attachment has IPv6 support on: nothing is said of it.
        #expect(!answer.notes.contains { $0.contains("tgw-attach-0d6c000000000001 (") }, "\(answer.notes)")
    }

    @Test("a reference that does not cross the transit gateway: the fix admits the function subnet's IPv6 block")
    func referenceAcross() throws {
        let (answer, blocker) = try blocker(
            "ipv6-transit-gateway-sg-reference-does-not-cross", target: try Target(parsing: "ip:[2600:1f18:70:1::20]"))
        #expect(
            answer.words(of: blocker).fix.hasPrefix(
                "aws ec2 authorize-security-group-ingress --group-id sg-0d6b000000000002 --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,Ipv6Ranges=[{CidrIpv6=2600:1f18:60:1::/64}]'"
            ))
    }
}

@Suite("DNS64 on a dual-stack function's subnet: the note says where a synthesized address leads")
struct DNS64NoteTests {
    @Test("a NAT64 route in one subnet's table, none in the other's; nothing for a function that sends no IPv6")
    func notes() throws {
        let reachability = Reachability(
            store: try Scenario.imported("ipv6-dns64-synthesized-address-and-nat64-route"))
        let answer = try reachability.answer(
            function: "ledger-sync", target: .database("ledger-db"), port: nil, ipProtocol: .tcp)
        let dns64 = answer.notes.filter { $0.contains("64:ff9b::/96 (DNS64 is on for") }
        #expect(dns64.count == 2, "\(answer.notes)")
        #expect(
            dns64.contains {
                $0.contains("DNS64 is on for subnet-0d6a000000000001")
                    && $0.contains("rtb-0d6a000000000004 routes 64:ff9b::/96 to nat-0d6a000000000001")
            }, "\(dns64)")
        #expect(
            dns64.contains {
                $0.contains("DNS64 is on for subnet-0d6a000000000002")
                    && $0.contains("rtb-0d6a000000000005 has no route for 64:ff9b::/96 to a NAT gateway")
                    && $0.contains(
                        "aws ec2 create-route --route-table-id rtb-0d6a000000000005 --destination-ipv6-cidr-block 64:ff9b::/96 --nat-gateway-id nat-0d6a000000000001"
                    )
                    && $0.contains(
                        "aws ec2 modify-subnet-attribute --subnet-id subnet-0d6a000000000002 --no-enable-dns64")
            }, "\(dns64)")
        let ipv4Only = try reachability.answer(
            function: "ledger-report", target: .database("ledger-db"), port: nil, ipProtocol: .tcp)
        #expect(!ipv4Only.notes.contains { $0.contains("DNS64") }, "\(ipv4Only.notes)")
    }
}

/// The audit shows one blocker per code and component (`Answer.allBlockers`): a component that
/// blocks several of the function's subnets, each with a fix of its own, must be fixed for all
/// of them, as `query` shows them subnet by subnet (consistency red team, finding 1).
@Suite("One blocker for several subnets fixes each subnet")
struct JoinedSubnetsTests {
    static func finding(_ scenario: String, function: String, target: String) throws -> Finding {
        let reachability = Reachability(store: try Scenario.imported(scenario))
        var request = AuditRequest()
        request.defaultTargets = false
        request.extraTargets = [try Target(parsing: target)]
        return try #require(
            try reachability.audit(request).result.findings.first {
                $0.rule.hasPrefix("reach-") && $0.function == function && $0.target == target
            })
    }

    @Test("the database's table lacks the route back to each subnet's CIDR: the audit creates both routes")
    func peeringReturnRoutes() throws {
        let finding = try Self.finding("peering-missing-return-route", function: "ledger-sync", target: "rds:ledger-db")
        #expect(
            finding.fix.split(separator: "\n") == [
                "aws ec2 create-route --route-table-id rtb-0e22a000000000004 --destination-cidr-block 10.10.1.0/24 --vpc-peering-connection-id pcx-0e22a000000000001",
                "aws ec2 create-route --route-table-id rtb-0e22a000000000004 --destination-cidr-block 10.10.2.0/24 --vpc-peering-connection-id pcx-0e22a000000000001",
            ], "\(finding.fix)")
        // What the subnets share is said once; what differs, for each.
        #expect(finding.message.contains("has no route for 10.10.2.0/24 through pcx-0e22a000000000001"))
        #expect(finding.message.components(separatedBy: "A peering connection needs routes on both sides").count == 2)
    }

    @Test("a transit gateway's way back: one route per subnet's CIDR in the destination's table")
    func transitGatewayReturnRoutes() throws {
        let finding = try Self.finding(
            "transit-gateway-egress-missing-return-route", function: "payments-api", target: "internet")
        for cidr in ["10.20.1.0/24", "10.20.2.0/24"] {
            #expect(
                finding.fix.contains(
                    "aws ec2 create-route --route-table-id rtb-0f1e000000000004 --destination-cidr-block \(cidr) --transit-gateway-id tgw-0f1c000000000001"
                ), "\(finding.fix)")
        }
    }

    @Test(
        "every scenario: the blockers an audit shows fix what each subnet's blockers fix", arguments: Scenario.all)
    func allBlockersCoverEverySubnet(_ scenario: Scenario) throws {
        let reachability = Reachability(store: try Scenario.imported(scenario.name))
        for query in try StoryExpectations.load(from: scenario.directory).queries {
            let answer = try reachability.answer(
                function: query.function, target: try Target(parsing: query.target), port: query.port,
                ipProtocol: query.ipProtocol)
            // A joined network ACL fix numbers its entries apart (two entries of one ACL cannot
            // share a rule number), where each subnet's alone takes the first free number: the
            // lines are compared without their numbers.
            func lines(_ fix: String) -> [String] {
                fix.split(separator: "\n").map {
                    String($0).replacingOccurrences(
                        of: #"--rule-number [0-9]+"#, with: "--rule-number N", options: .regularExpression)
                }
            }
            let shown = Set(answer.allBlockers.flatMap { lines(answer.words(of: $0).fix) })
            for subnet in answer.subnets {
                for blocker in subnet.blockers {
                    let missing = lines(answer.words(of: blocker).fix).filter { !shown.contains($0) }
                    #expect(
                        missing.isEmpty,
                        "\(query.function) -> \(query.target), \(subnet.subnet): \(blocker.code) at \(blocker.component): \(missing)"
                    )
                }
            }
        }
    }
}

/// A subnet associated with a table of another VPC (an export AWS could not have made) uses its
/// own VPC's main table, for the audit, which loads every VPC, as for a query, which loads the
/// function's (consistency red team, finding 2).
@Suite("An association with another VPC's table counts for nothing, in the audit as in query")
struct AssociationAcrossVPCsTests {
    @Test("a subnet associated with another VPC's table uses its own VPC's main table: the audit's fix is query's")
    func associationWithAnotherVPCsTable() throws {
        // The audit loads every VPC, the other one's table too; a query loads the function's.
        let finding = try JoinedSubnetsTests.finding(
            "subnet-associated-with-route-table-of-another-vpc", function: "orders-api", target: "internet")
        let reachability = Reachability(
            store: try Scenario.imported("subnet-associated-with-route-table-of-another-vpc"))
        let answer = try reachability.answer(function: "orders-api", target: .internet)
        let blocker = try #require(answer.subnets.first { $0.subnet == "subnet-e0202000000000003" }?.blockers.first)
        #expect(finding.fix == answer.words(of: blocker).fix)
        #expect(
            finding.fix.hasPrefix(
                "aws ec2 associate-route-table --route-table-id rtb-e0203000000000004 --subnet-id subnet-e0202000000000003\n"
            ), "\(finding.fix)")
    }
}

/// Which Route 53 Resolver answers a function's names, and in which words: the DHCP options' DNS
/// servers (another VPC's, public, not exported), a forwarding rule's targets and the way to
/// them, the names of services called otherwise than SERVICE.REGION.amazonaws.com (red team on
/// name resolution).
@Suite("Which Resolver answers: the words of the DNS servers', the rules' and the zones' answers")
struct AnsweringResolverTests {
    func answer(_ scenario: String, _ function: String, _ target: Target) throws -> Answer {
        try Reachability(store: try Scenario.imported(scenario)).answer(
            function: function, target: target, port: nil, ipProtocol: .tcp)
    }

    @Test("DHCP options that name another VPC's Amazon DNS server: the fix is DHCP options naming AmazonProvidedDNS")
    func otherVPCsAmazonDNSServer() throws {
        let answer = try answer("dhcp-options-name-another-vpcs-amazon-dns-server", "signer", .awsService("kms"))
        let blocker = try #require(answer.allBlockers.first { $0.code == .destinationNotListening })
        let words = answer.words(of: blocker)
        #expect(
            words.message.contains("vpc-0d980000000000002's DHCP options dopt-0d980000000000001 name 10.102.0.2"),
            "\(words.message)")
        #expect(
            words.fix.contains(
                "dopt=$(aws ec2 create-dhcp-options --dhcp-configurations Key=domain-name-servers,Values=AmazonProvidedDNS --query DhcpOptions.DhcpOptionsId --output text)\naws ec2 associate-dhcp-options --dhcp-options-id \"$dopt\" --vpc-id vpc-0d980000000000002"
            ), "\(words.fix)")
        #expect(!words.fix.contains("associate-vpc-with-hosted-zone"), "\(words.fix)")
        // The blocker tells it: no note that the server forwards to the VPC's own.
        #expect(!answer.notes.contains { $0.contains("resolve only if those servers forward them") }, "\(answer.notes)")
    }

    @Test("DHCP options not exported: the answer that rests on private DNS says so, and the import warns once")
    func dhcpOptionsNotExported() throws {
        let name = "dhcp-options-set-not-exported-private-dns-taken-as-amazon"
        let answer = try answer(name, "orders", .awsService("secretsmanager"))
        #expect(answer.verdict == .reachable)
        #expect(
            answer.notes.contains {
                $0.contains(
                    "The DNS servers of vpc-0d990000000000001 are not known: its DHCP option set dopt-0d9900000000000ff was not exported"
                ) && $0.contains("took them as AmazonProvidedDNS")
            }, "\(answer.notes)")
        let db = testScratchRoot.appendingPathComponent("dhcp-\(UUID().uuidString).sqlite").path
        let summary = try Importer(store: try InventoryStore(path: db, create: true)).importPaths([
            Scenario.root.appendingPathComponent(name).path
        ])
        let warnings = summary.warnings.filter { $0.message.contains("DHCP option sets that are not in the inventory") }
        #expect(warnings.count == 1, "\(summary.warnings)")
        #expect(
            warnings.first?.message.contains("dopt-0d9900000000000ff (vpc-0d990000000000001)") == true
                && warnings.first?.message.contains("`aws ec2 describe-dhcp-options`") == true, "\(warnings)")
    }

    @Test("a DNS server in another VPC, or a public one: the notes say whose view answers, and the way in")
    func serversElsewhereNotes() throws {
        let peered = try answer(
            "dns-server-in-peered-vpc-answers-without-the-functions-private-names", "orders",
            .awsService("secretsmanager"))
        #expect(
            peered.notes.contains {
                $0.contains("a DNS server in vpc-0d910000000000006")
                    && $0.contains("AWS does not support forwarding to another VPC's Amazon DNS server")
            }, "\(peered.notes)")
        let blocker = try #require(peered.allBlockers.first { $0.code == .noRouteToDestination })
        let words = peered.words(of: blocker)
        #expect(words.message.contains("private DNS name is in vpc-0d910000000000002's own Resolver only"), "\(words)")
        #expect(words.fix.hasPrefix("# DHCP options that name AmazonProvidedDNS"), "\(words.fix)")
        let publicDNS = try answer(
            "dns-servers-public-resolver-answers-as-public-dns", "reports", .database("reports-db"))
        #expect(
            publicDNS.notes.contains {
                $0.contains("rds:reports-db is publicly accessible, and its name is answered by public DNS")
            }, "\(publicDNS.notes)")
        #expect(
            publicDNS.notes.contains {
                $0.contains("If it forwards names to a Route 53 Resolver inbound endpoint of vpc-0d920000000000002")
            }, "\(publicDNS.notes)")
    }

    @Test("a forwarding rule's queries dropped by a network ACL: the rule's words, the ACL's fix for both subnets")
    func forwardedQueriesDroppedWords() throws {
        let answer = try answer(
            "forward-rule-queries-dropped-by-network-acl-at-targets", "payments", .awsService("secretsmanager"))
        let blocker = try #require(answer.allBlockers.first { $0.code == .subnetACLRestriction })
        let words = answer.words(of: blocker)
        #expect(
            words.message.hasPrefix(
                "Resolver rule rslvr-rr-0d950000000000024 forwards secretsmanager.us-east-1.amazonaws.com to 10.98.3.53, 10.98.4.53 through Resolver outbound endpoint rslvr-out-0d950000000000018"
            ), "\(words.message)")
        #expect(words.message.contains("cannot resolve the name"), "\(words.message)")
        for cidr in ["10.97.8.0/24", "10.97.9.0/24"] {
            #expect(
                words.fix.contains(
                    "--ingress --protocol udp --port-range From=53,To=53 --cidr-block \(cidr) --rule-action allow"),
                "\(words.fix)")
        }
    }

    @Test("a zone for execute-api with its apex only: names under it are NXDOMAIN, and the fix is the wildcard")
    func executeAPIWildcard() throws {
        let answer = try answer(
            "central-endpoints-zones-for-services-named-otherwise", "builder", .awsService("execute-api"))
        let blocker = try #require(answer.allBlockers.first { $0.code == .dnsNameNotResolved })
        let words = answer.words(of: blocker)
        #expect(
            words.message.contains(
                "has no record for the names under execute-api.us-east-1.amazonaws.com (*.execute-api.us-east-1.amazonaws.com)"
            ) && words.message.contains("A private API is called at its own name"), "\(words.message)")
        #expect(words.fix.hasPrefix("# add the wildcard record *.execute-api.us-east-1.amazonaws.com"), "\(words.fix)")
    }
}
