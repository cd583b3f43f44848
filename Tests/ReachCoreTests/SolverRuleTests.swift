import TestSupport
import Testing

@testable import ReachCore

/// Rules of the solver checked on networks built in code: what no exported fixture can hold
/// (arithmetic at the edges of what an inventory stores) and the questions it refuses.
@Suite("Solver rules on networks built in code")
struct SolverRuleTests {
    /// One VPC (10.0.0.0/16), one private subnet routed to a NAT gateway in a public subnet,
    /// open groups, and a function in the private subnet. `acl` replaces the private subnet's
    /// network ACL.
    static func network(acl: [NetworkACLEntry]? = nil) -> (Network, LambdaFunction) {
        var builder = NetworkBuilder()
        builder.vpc("vpc-1", cidr: "10.0.0.0/16")
        builder.subnet("subnet-pub", vpc: "vpc-1", cidr: "10.0.0.0/24")
        builder.subnet("subnet-app", vpc: "vpc-1", cidr: "10.0.1.0/24")
        builder.internetGateway("igw-1", vpc: "vpc-1")
        builder.natGateway("nat-1", subnet: "subnet-pub", elasticIP: "52.1.2.3")
        builder.routeTable("rtb-pub", vpc: "vpc-1", subnets: ["subnet-pub"], routes: [("0.0.0.0/0", .igw, "igw-1")])
        builder.routeTable(
            "rtb-app", vpc: "vpc-1", subnets: ["subnet-app"], main: true, routes: [("0.0.0.0/0", .nat, "nat-1")])
        if let acl {
            let open = [NetworkACLEntry(ruleNumber: 100, ipProtocol: .all, allow: true, cidr: .any)]
            builder.networkACL("acl-app", vpc: "vpc-1", subnets: ["subnet-app"], inbound: open, outbound: acl)
        }
        builder.securityGroup("sg-fn", vpc: "vpc-1", egress: [.all("0.0.0.0/0")])
        let function = builder.function("fn", subnets: ["subnet-app"], groups: ["sg-fn"])
        return (builder.network, function)
    }

    @Test(
        "an ACL entry numbered at the edges of what an inventory holds denies without a trap, and the fix's rule number is one AWS takes",
        arguments: [Int.min, -1, 0, 1, 2, 32766, 32767, Int.max])
    func extremeRuleNumbers(number: Int) throws {
        let (network, function) = Self.network(acl: [
            NetworkACLEntry(ruleNumber: number, ipProtocol: .all, allow: false, cidr: .any)
        ])
        let answer = try Solver(network: network).answer(Question(function: function, target: .internet))
        #expect(answer.verdict == .unreachable)
        let blocker = try #require(answer.allBlockers.first { $0.code.rawValue == "SUBNET_ACL_RESTRICTION" })
        let fix = answer.words(of: blocker).fix
        let rule = try #require(fix.firstMatch(of: /--rule-number (-?\d+)/)).1
        #expect((1...32766).contains(Int(rule)!), "\(fix)")
    }

    @Test("a free rule number never overflows and stays within 1...32766")
    func freeRuleNumbers() {
        let entries = [Int.min, 0, 5, 32767, Int.max].map {
            NetworkACLEntry(ruleNumber: $0, ipProtocol: .all, allow: false, cidr: .any)
        }
        let used = Set(entries.map(\.ruleNumber))
        for denying in [Int.min, -5, 0, 1, 2, 6, 32767, Int.max] {
            let number = Explain.freeRuleNumber(before: denying, used: used, entries: entries)
            #expect(
                number.map { (1...32766).contains($0) } ?? (denying <= 1),
                "before \(denying): \(String(describing: number))")
        }
        #expect(Explain.freeRuleNumber(before: nil, used: used, entries: entries) == 10)
        #expect(Explain.freeRuleNumber(before: 100, used: [100, 99], entries: []) == 98)
        // Nothing is free before rule 1, nor before 100 when 1...99 are taken: no number is
        // offered that AWS would refuse as already in use.
        #expect(Explain.freeRuleNumber(before: 1, used: [1], entries: []) == nil)
        #expect(Explain.freeRuleNumber(before: 100, used: Set(1...100), entries: []) == nil)
    }

    @Test("aws:SERVICE must be an AWS service: close matches for a typo, the full name for a new one")
    func unknownServices() throws {
        let (network, function) = Self.network()
        let solver = Solver(network: network)
        for (name, suggestion) in [("secretmanager", "secretsmanager"), ("notaservice", nil)] {
            do {
                _ = try solver.answer(Question(function: function, target: .awsService(name)))
                Issue.record("aws:\(name) was answered")
            } catch {
                guard case .unknownService(let asked, let matches) = error else {
                    Issue.record("aws:\(name): \(error)")
                    continue
                }
                #expect(asked == name)
                if let suggestion { #expect(matches.first == suggestion, "\(matches)") }
                #expect(error.description.contains("com.amazonaws.REGION.NAME"))
            }
        }
        // Known names, the full form, and aliases are answered.
        for text in ["aws:secretsmanager", "aws:com.amazonaws.us-east-1.brand-new-service", "aws:cloudwatch"] {
            let target = try Target(parsing: text)
            let answer = try solver.answer(Question(function: function, target: target))
            #expect(answer.verdict == .reachable, "\(text)")
        }
        #expect(try Target(parsing: "aws:cloudwatch") == .awsService("monitoring"))
        #expect(try Target(parsing: "aws:EventBridge") == .awsService("events"))
        #expect(throws: TargetError.self) { try Target(parsing: "aws:sqs;rm") }
    }

    @Test("the Amazon DNS server answers on port 53 only, without filters, and accepts nothing else")
    func amazonDNSServer() throws {
        let (network, function) = Self.network(acl: [])
        let solver = Solver(network: network)
        for address in ["10.0.0.2", "169.254.169.253"] {
            let dns = try solver.answer(
                Question(
                    function: function, target: .address(IPv4Address(address)!, port: 53), port: 53, ipProtocol: .udp))
            #expect(dns.verdict == .reachable, "\(address): \(dns.allBlockers.map(\.code))")
            let https = try solver.answer(
                Question(function: function, target: .address(IPv4Address(address)!, port: 443), port: 443))
            #expect(https.allBlockers.map(\.code.rawValue) == ["DESTINATION_NOT_LISTENING"])
        }
        var noDNS = network
        noDNS.vpcs["vpc-1"]?.enableDnsSupport = false
        let off = try Solver(network: noDNS).answer(
            Question(
                function: function, target: .address(IPv4Address("10.0.0.2")!, port: 53), port: 53, ipProtocol: .udp))
        #expect(off.allBlockers.map(\.code.rawValue) == ["VPC_DNS_ATTRIBUTES_DISABLED"])
    }

    @Test(
        "DHCP options that name only the Amazon DNS server, by its addresses, are the Amazon DNS server: with enableDnsSupport off nothing resolves"
    )
    func amazonDNSServerByAddress() throws {
        var (network, function) = Self.network()
        network.vpcs["vpc-1"]?.enableDnsSupport = false
        for servers in [["AmazonProvidedDNS", "169.254.169.253"], ["10.0.0.2"], ["169.254.169.253", "10.0.0.2"]] {
            network.vpcs["vpc-1"]?.dnsServers = .custom(optionsId: "dopt-1", servers: servers)
            let answer = try Solver(network: network).answer(
                Question(function: function, target: .awsService("sqs")))
            #expect(
                answer.allBlockers.map { "\($0.code)@\($0.component)" } == ["VPC_DNS_ATTRIBUTES_DISABLED@vpc-1"],
                "\(servers)")
            #expect(!answer.subnets[0].hops.contains { $0.kind == .dnsResolution }, "\(servers)")
        }
        // Another server after it is asked once the Amazon DNS server has timed out: a note.
        network.vpcs["vpc-1"]?.dnsServers = .custom(optionsId: "dopt-1", servers: ["10.0.0.2", "10.0.1.53"])
        let fallback = try Solver(network: network).answer(Question(function: function, target: .awsService("sqs")))
        #expect(fallback.verdict == .reachable)
        #expect(fallback.notes.contains { $0.contains("before 10.0.1.53 is asked") }, "\(fallback.notes)")
    }

    @Test("a NAT gateway's Elastic IP accepts no connection")
    func natGatewayAddress() throws {
        let (network, function) = Self.network()
        let answer = try Solver(network: network).answer(
            Question(function: function, target: .address(IPv4Address("52.1.2.3")!, port: 443)))
        #expect(answer.verdict == .unreachable)
        #expect(answer.allBlockers.map { "\($0.code)@\($0.component)" } == ["DESTINATION_NOT_LISTENING@nat-1"])
    }

    @Test(
        "a CIDR route to a gateway endpoint is not a path to the service, and a database listing no group admits nothing"
    )
    func failClosed() throws {
        var (network, function) = Self.network()
        network.endpoints["vpce-ddb"] = VPCEndpoint(
            id: "vpce-ddb", vpcId: "vpc-1", kind: .gateway, serviceName: "com.amazonaws.us-east-1.dynamodb",
            state: "available", privateDNSEnabled: false, routeTableIds: ["rtb-app"])
        network.routeTables["rtb-app"]!.routes.append(
            Route(destination: .cidr(IPv4CIDR("203.0.113.0/24")!), targetKind: .vpce, targetId: "vpce-ddb"))
        network.subnets["subnet-db"] = Subnet(
            id: "subnet-db", vpcId: "vpc-1", availabilityZone: "us-east-1a", cidr: IPv4CIDR("10.0.9.0/24"))
        network.databases["db"] = RDSDatabase(
            key: "instance:1:orders", kind: .instance, identifier: "orders", accountId: "123456789012",
            region: "us-east-1", status: "available", port: 5432, vpcId: "vpc-1", subnetIds: ["subnet-db"],
            securityGroupIds: [])
        network.index()
        let solver = Solver(network: network)
        let viaEndpoint = try solver.answer(
            Question(function: function, target: .address(IPv4Address("203.0.113.7")!, port: 443)))
        #expect(viaEndpoint.allBlockers.map { "\($0.code)@\($0.component)" } == ["BAD_STATE_ROUTE@rtb-app"])
        let database = try solver.answer(Question(function: function, target: .database("orders")))
        #expect(database.verdict == .unreachable)
        #expect(database.allBlockers.map { "\($0.code)@\($0.component)" } == ["SECURITY_GROUP_NOT_FOUND@orders"])
    }

    @Test(
        "a gateway endpoint for another region's service is not a path to the function's region's service, whichever prefix list routes to it"
    )
    func gatewayEndpointOfAnotherRegion() throws {
        var (network, function) = Self.network()
        // No NAT route: only a gateway endpoint could carry DynamoDB.
        network.routeTables["rtb-app"]!.routes.removeAll { $0.targetKind == .nat }
        network.endpoints["vpce-west"] = VPCEndpoint(
            id: "vpce-west", vpcId: "vpc-1", kind: .gateway, serviceName: "com.amazonaws.us-west-2.dynamodb",
            state: "available", privateDNSEnabled: false, routeTableIds: ["rtb-app"])
        network.routeTables["rtb-app"]!.routes.append(
            Route(destination: .prefixList("pl-west"), targetKind: .vpce, targetId: "vpce-west"))
        network.index()
        let byItsOwnList = try Solver(network: network).answer(
            Question(function: function, target: .awsService("dynamodb")))
        #expect(byItsOwnList.verdict == .unreachable)
        #expect(
            byItsOwnList.allBlockers.map { "\($0.code)@\($0.component)" } == ["NO_ROUTE_TO_DESTINATION@rtb-app"])
        // The region's own list routed to it: the route is taken, and the endpoint refuses.
        network.prefixLists["pl-east"] = PrefixList(
            id: "pl-east", name: "com.amazonaws.us-east-1.dynamodb", cidrs: [IPv4CIDR("3.218.180.0/22")!])
        network.routeTables["rtb-app"]!.routes.append(
            Route(destination: .prefixList("pl-east"), targetKind: .vpce, targetId: "vpce-west"))
        network.index()
        let byTheRegionsList = try Solver(network: network).answer(
            Question(function: function, target: .awsService("dynamodb")))
        let blocker = try #require(byTheRegionsList.allBlockers.first)
        #expect(
            byTheRegionsList.allBlockers.map { "\($0.code)@\($0.component)" } == ["NO_ROUTE_TO_DESTINATION@vpce-west"])
        #expect(
            byTheRegionsList.words(of: blocker).message.contains("serves dynamodb in us-west-2 only, not in us-east-1"))
    }

    @Test(
        "a database in a status that does not pass on its own gets that status's remedy, not 'wait for available'",
        arguments: [
            ("failed", "restore-db-instance-to-point-in-time"),
            ("inaccessible-encryption-credentials", "aws kms enable-key"),
            ("incompatible-parameters", "reboot-db-instance"), ("insufficient-capacity", "--db-instance-class"),
            ("stopped", "aws rds start-db-instance --db-instance-identifier orders"),
        ])
    func statusRemedies(status: String, remedy: String) throws {
        var (network, function) = Self.network()
        network.subnets["subnet-db"] = Subnet(
            id: "subnet-db", vpcId: "vpc-1", availabilityZone: "us-east-1a", cidr: IPv4CIDR("10.0.9.0/24"))
        network.databases["db"] = RDSDatabase(
            key: "instance:1:orders", kind: .instance, identifier: "orders", accountId: "123456789012",
            region: "us-east-1", status: status, port: 5432, vpcId: "vpc-1", subnetIds: ["subnet-db"],
            securityGroupIds: [])
        network.index()
        let answer = try Solver(network: network).answer(Question(function: function, target: .database("orders")))
        let blocker = try #require(answer.allBlockers.first { $0.code.rawValue == "BAD_STATE" })
        let fix = answer.words(of: blocker).fix
        #expect(fix.contains(remedy), "\(status): \(fix)")
        #expect(!fix.contains("wait for 'available'"), "\(status): \(fix)")
    }

    @Test("a narrower blackhole beside a working default route is a note for internet, and exact for ip:")
    func narrowerBlackhole() throws {
        var (network, function) = Self.network()
        network.routeTables["rtb-app"]!.routes.append(
            Route(destination: .cidr(IPv4CIDR("1.1.1.0/24")!), targetKind: .unknown, targetId: nil, isBlackhole: true))
        network.index()
        let solver = Solver(network: network)
        let internet = try solver.answer(Question(function: function, target: .internet))
        #expect(internet.verdict == .reachable)
        #expect(internet.notes.contains { $0.contains("1.1.1.0/24") && $0.contains("blackhole") })
        let exact = try solver.answer(
            Question(function: function, target: .address(IPv4Address("1.1.1.1")!, port: nil)))
        let blocker = try #require(exact.allBlockers.first)
        #expect(blocker.code.rawValue == "BAD_STATE_ROUTE")
        // The fix deletes the blackhole; it never rewrites the default route, which works.
        let fix = exact.words(of: blocker).fix
        #expect(fix.contains("delete-route --route-table-id rtb-app --destination-cidr-block 1.1.1.0/24"))
        #expect(!fix.contains("0.0.0.0/0 --nat-gateway-id"))
    }
}
