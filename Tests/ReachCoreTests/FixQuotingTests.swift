import Foundation
import TestSupport
import Testing

@testable import ReachCore

/// A fix is pasted into a shell. On a network whose IDs and names hold shell syntax, every fix
/// of the usual blockers must be a script that /bin/sh parses and that, run with `aws` standing
/// for a function that prints its arguments, runs nothing else and gets each value as it is.
@Suite("Fixes quote the values they take from the inventory")
struct FixQuotingTests {
    /// IDs and names a shell would run something for if they were pasted unquoted: `;`, `$(...)`,
    /// backquotes, quotes, spaces, a pipe, `&&`, a line break. Each starts with a prefix that no
    /// other contains, by which an argument that holds a piece of it is found.
    enum Hostile {
        static let vpc = "vpc-1 $(id)"
        static let publicSubnet = "subnet-pub'q"
        static let appSubnet = "subnet-app; touch x;"
        static let dataSubnet = "subnet-data `id`"
        static let publicTable = "rtb-pub;id"
        static let appTable = "rtb-app $(touch x)"
        static let gateway = "igw-1 |id"
        /// With a line break: it is also written in a comment, which the break must not end.
        static let nat = "nat-1'; touch x;\n$(id) '"
        static let functionGroup = "sg-fn; touch x;"
        static let databaseGroup = "sg-db $(id) \"q\""
        static let acl = "acl-app 'q' && touch x"
        static let function = "lambda-fn; touch x; $(id) 'q'"
        static let database = "orders-db'; touch x"

        static let all = [
            vpc, publicSubnet, appSubnet, dataSubnet, publicTable, appTable, gateway, nat, functionGroup,
            databaseGroup, acl, function, database,
        ]

        /// The part of `value` before its first character a shell treats specially.
        static func prefix(_ value: String) -> String {
            String(value.prefix { $0.isLetter || $0.isNumber || $0 == "-" })
        }
    }

    /// One VPC: a public subnet routed to an internet gateway, with a NAT gateway; a private
    /// subnet routed to the NAT gateway, where the function is; a data subnet with a database
    /// whose group admits only 192.168.0.0/16. Open network ACLs, the function's group allows
    /// all egress. Every ID is one of `Hostile`'s.
    static func network() -> (Network, LambdaFunction) {
        var network = Network()
        network.vpcs[Hostile.vpc] = VPC(
            id: Hostile.vpc, accountId: "123456789012", region: "us-east-1", cidrs: [IPv4CIDR("10.0.0.0/16")!],
            primaryCIDR: IPv4CIDR("10.0.0.0/16")!)
        for (id, cidr) in [
            (Hostile.publicSubnet, "10.0.0.0/24"), (Hostile.appSubnet, "10.0.1.0/24"),
            (Hostile.dataSubnet, "10.0.2.0/24"),
        ] {
            network.subnets[id] = Subnet(
                id: id, vpcId: Hostile.vpc, availabilityZone: "us-east-1a", cidr: IPv4CIDR(cidr))
        }
        let local = Route(destination: .cidr(IPv4CIDR("10.0.0.0/16")!), targetKind: .local, targetId: "local")
        network.routeTables[Hostile.publicTable] = RouteTable(
            id: Hostile.publicTable, vpcId: Hostile.vpc,
            routes: [local, Route(destination: .cidr(.any), targetKind: .igw, targetId: Hostile.gateway)],
            associatedSubnets: [Hostile.publicSubnet])
        network.routeTables[Hostile.appTable] = RouteTable(
            id: Hostile.appTable, vpcId: Hostile.vpc,
            routes: [local, Route(destination: .cidr(.any), targetKind: .nat, targetId: Hostile.nat)],
            associatedSubnets: [Hostile.appSubnet])
        network.routeTables["rtb-main"] = RouteTable(
            id: "rtb-main", vpcId: Hostile.vpc, routes: [local], associatedSubnets: [], isMain: true)
        network.internetGateways[Hostile.gateway] = InternetGateway(id: Hostile.gateway, attachedVPCs: [Hostile.vpc])
        network.natGateways[Hostile.nat] = NATGateway(
            id: Hostile.nat, vpcId: Hostile.vpc, subnetId: Hostile.publicSubnet, state: "available", isPublic: true,
            publicAddresses: [IPv4Address("52.1.2.3")!])
        let open = [NetworkACLEntry(ruleNumber: 100, ipProtocol: .all, allow: true, cidr: .any)]
        network.networkACLs["acl-default"] = NetworkACL(
            id: "acl-default", vpcId: Hostile.vpc, isDefault: true, inbound: open, outbound: open)
        network.securityGroups[Hostile.functionGroup] = SecurityGroup(
            id: Hostile.functionGroup, vpcId: Hostile.vpc, name: "fn", ingress: [],
            egress: [SecurityGroupRule(number: 1, ipProtocol: .all, ports: .all, peer: .cidr(.any))])
        network.securityGroups[Hostile.databaseGroup] = SecurityGroup(
            id: Hostile.databaseGroup, vpcId: Hostile.vpc, name: "db",
            ingress: [
                SecurityGroupRule(
                    number: 1, ipProtocol: .tcp, ports: PortRange(5432, 5432), peer: .cidr(IPv4CIDR("192.168.0.0/16")!))
            ],
            egress: [])
        network.databases["db"] = RDSDatabase(
            key: "db", kind: .instance, identifier: Hostile.database, accountId: "123456789012", region: "us-east-1",
            status: "available", port: 5432, vpcId: Hostile.vpc, subnetIds: [Hostile.dataSubnet],
            securityGroupIds: [Hostile.databaseGroup])
        let function = LambdaFunction(
            arn: "arn:aws:lambda:us-east-1:123456789012:function:fn", name: Hostile.function,
            accountId: "123456789012", region: "us-east-1", subnetIds: [Hostile.appSubnet],
            securityGroupIds: [Hostile.functionGroup])
        network.functions[function.arn] = function
        network.index()
        return (network, function)
    }

    /// A way to break the network, the question it then fails, the blocker that says why, and
    /// the options its fix must pass each with exactly one value.
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var change: @Sendable (inout Network, inout LambdaFunction) -> Void
        var target: Target
        var code: String
        var options: [String: String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "security-group egress mismatch",
            change: { network, _ in
                network.securityGroups[Hostile.functionGroup]?.egress = [
                    SecurityGroupRule(number: 1, ipProtocol: .tcp, ports: PortRange(80, 80), peer: .cidr(.any))
                ]
            },
            target: .internet, code: "ENI_SG_RULES_MISMATCH", options: ["--group-id": Hostile.functionGroup]),
        Case(
            name: "missing NAT route",
            change: { network, _ in network.routeTables[Hostile.appTable]?.routes.removeLast() },
            target: .internet, code: "NO_ROUTE_TO_DESTINATION",
            options: ["--route-table-id": Hostile.appTable, "--nat-gateway-id": Hostile.nat]),
        Case(
            name: "network ACL deny",
            change: { network, _ in
                network.networkACLs[Hostile.acl] = NetworkACL(
                    id: Hostile.acl, vpcId: Hostile.vpc, isDefault: false,
                    inbound: [NetworkACLEntry(ruleNumber: 100, ipProtocol: .all, allow: true, cidr: .any)],
                    outbound: [NetworkACLEntry(ruleNumber: 100, ipProtocol: .all, allow: false, cidr: .any)],
                    associatedSubnets: [Hostile.appSubnet])
            },
            target: .internet, code: "SUBNET_ACL_RESTRICTION", options: ["--network-acl-id": Hostile.acl]),
        Case(
            name: "blackhole default route",
            change: { network, _ in
                network.routeTables[Hostile.appTable]?.routes[1] = Route(
                    destination: .cidr(.any), targetKind: .nat, targetId: "nat-gone", isBlackhole: true)
            },
            target: .internet, code: "BAD_STATE_ROUTE",
            options: ["--route-table-id": Hostile.appTable, "--nat-gateway-id": Hostile.nat]),
        Case(
            // The fix names the working route in a comment, with the NAT gateway's line break.
            name: "blackhole under a working route",
            change: { network, _ in
                network.routeTables[Hostile.appTable]?.routes.append(
                    Route(
                        destination: .cidr(IPv4CIDR("198.51.100.0/24")!), targetKind: .nat, targetId: "nat-gone",
                        isBlackhole: true))
            },
            target: .address(IPv4Address("198.51.100.7")!, port: 443), code: "BAD_STATE_ROUTE",
            options: ["--route-table-id": Hostile.appTable]),
        Case(
            name: "database refusing the function",
            change: { _, _ in }, target: .database(Hostile.database), code: "ENI_SG_RULES_MISMATCH",
            options: ["--group-id": Hostile.databaseGroup, "--source-group": Hostile.functionGroup]),
        Case(
            name: "function in a public subnet",
            change: { network, function in
                function.subnetIds = [Hostile.publicSubnet]
                network.functions[function.arn] = function
            },
            target: .internet, code: "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS",
            options: [
                "--function-name": Hostile.function,
                "--vpc-config": "SubnetIds=\(Hostile.appSubnet),SecurityGroupIds=\(Hostile.functionGroup)",
            ]),
    ]

    @Test("each fix parses, runs only aws, and passes every value as one whole argument", arguments: cases)
    func fixRunsAsShown(_ testCase: Case) throws {
        var (network, function) = Self.network()
        testCase.change(&network, &function)
        network.index()
        let answer = try Solver(network: network).answer(Question(function: function, target: testCase.target))
        let blocker = try #require(
            answer.allBlockers.first { $0.code.rawValue == testCase.code }, "\(answer.allBlockers.map(\.code))")
        let fix = answer.words(of: blocker).fix

        let syntax = try Self.shell(["-n", "-c", fix])
        #expect(syntax.status == 0, "sh -n: \(syntax.stderr)\n\(fix)")

        let run = try Self.run(fix)
        // Nothing but `aws` ran: no other command was found (PATH is empty), none touched the
        // directory, and the script went to its end.
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)\n\(fix)")
        #expect(run.created.isEmpty, "created \(run.created)\n\(fix)")
        #expect(!run.calls.isEmpty, "\(fix)")
        let arguments = run.calls.flatMap { $0 }
        for (option, value) in testCase.options {
            let given = run.calls.compactMap { call in
                call.firstIndex(of: option).flatMap { call.indices.contains($0 + 1) ? call[$0 + 1] : nil }
            }
            #expect(given == [value], "\(option)\n\(fix)")
        }
        // A value is never cut into pieces: an argument holding the start of one holds all of it.
        for value in Hostile.all {
            let prefix = Hostile.prefix(value)
            for argument in arguments where argument.contains(prefix) {
                #expect(
                    argument.contains(value), "\(argument.debugDescription) holds part of \(value.debugDescription)")
            }
        }
    }

    @Test("a value in a comment keeps to the comment's line; text for the reader there is not quoted")
    func comments() {
        let value = "a\nb; touch x"
        let command: ShellCommand =
            "aws x --id \(value)   # from \(value), \(note: "0.0.0.0/0 -> nat-1")\naws y \(value)"
        #expect(
            command.text
                == "aws x --id 'a\nb; touch x'   # from 'a b; touch x', 0.0.0.0/0 -> nat-1\naws y 'a\nb; touch x'")
        // A fragment appended to a comment stays in it up to its own first line break.
        var fix: ShellCommand = "aws z   # see"
        fix += " \(value)\n\(value)"
        #expect(fix.text == "aws z   # see 'a b; touch x'\n'a\nb; touch x'")
        // Outside a comment, `note:` quotes like any value.
        #expect(ShellCommand("aws \(note: "a b")").text == "aws 'a b'")
    }

    @Test("raw text, fragments and <placeholders> go in as written; lists are quoted item by item")
    func pieces() {
        let missing: String? = nil
        let fragment: ShellCommand = "--group-id \("sg 1")"
        let command: ShellCommand =
            "aws \(raw: "--egress") \(fragment) --ids \(list: ["a", "b c"], separator: ",") --subnet \(missing, else: "<a subnet of \("vpc 1")>") --port \(443)"
        #expect(
            command.text == "aws --egress --group-id 'sg 1' --ids a,'b c' --subnet <a subnet of 'vpc 1'> --port 443")
        // Ordinary IDs read as they always did.
        #expect(
            ShellCommand("--vpc-id \("vpc-0a1b2c3d") --cidr \(IPv4CIDR("10.0.0.0/16")!)").text
                == "--vpc-id vpc-0a1b2c3d --cidr 10.0.0.0/16")
        // A command interpolated into a String is its text, quoted already.
        #expect("\(fragment)" == "--group-id 'sg 1'")
    }

    // MARK: Running /bin/sh

    struct Run {
        var status: Int32
        var stderr: String
        /// The arguments of each `aws` call.
        var calls: [[String]]
        /// The files the script created in its working directory.
        var created: [String]
    }

    /// Runs `fix` in an empty directory, with no PATH (any command but a builtin or `aws`
    /// fails), no pathname expansion (`IpRanges=[{...}]`), and `aws` a function that prints a
    /// mark and then its arguments, each ended by a NUL byte.
    static func run(_ fix: String) throws -> Run {
        let directory = testScratchRoot.appendingPathComponent(
            "lambda-reach-fix-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let prelude = "set -f; PATH=/nonexistent; aws() { printf '\\001aws\\000'; printf '%s\\000' \"$@\"; }\n"
        let result = try shell(["-c", prelude + fix], in: directory)
        var calls: [[String]] = []
        for field in result.stdout.split(separator: 0, omittingEmptySubsequences: false).dropLast() {
            let text = String(decoding: field, as: UTF8.self)
            if text == "\u{1}aws" { calls.append([]) } else if !calls.isEmpty { calls[calls.count - 1].append(text) }
        }
        let created = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        return Run(status: result.status, stderr: result.stderr, calls: calls, created: created)
    }

    static func shell(_ arguments: [String], in directory: URL? = nil) throws -> (
        status: Int32, stdout: [UInt8], stderr: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = arguments
        process.environment = ["PATH": "/nonexistent"]
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both before waiting: a fix's output is small, but a full pipe would block.
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, [UInt8](stdout), String(decoding: stderr, as: UTF8.self))
    }
}

@Suite("A transit gateway attachment waiting for acceptance: the command of its kind")
struct TransitGatewayAcceptanceFixTests {
    @Test("a VPC attachment is accepted as one, a peering attachment by the accepter's owner as one")
    func acceptByKind() {
        let function = FunctionIdentity(name: "fn", arn: "arn:aws:lambda:us-east-1:123456789012:function:fn")
        for (kind, command) in [
            ("vpc", "aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id tgw-attach-1"),
            (
                "peering",
                "aws ec2 accept-transit-gateway-peering-attachment --transit-gateway-attachment-id tgw-attach-1"
            ),
        ] {
            let attachment = TransitGatewayAttachment(
                id: "tgw-attach-1", transitGatewayId: "tgw-1", resourceType: kind, resourceId: "x",
                state: "pendingAcceptance")
            let blocker = ExplainTGW.attachmentNotAvailable(attachment)
            #expect(blocker.reason.words(for: function).fix.hasPrefix(command), "\(kind)")
        }
    }
}
