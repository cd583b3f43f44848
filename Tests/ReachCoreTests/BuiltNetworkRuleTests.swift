import TestSupport
import Testing

@testable import ReachCore

/// The egress rules of docs/semantics.md, each on the smallest network that shows it, built in
/// code (`NetworkBuilder`): one VPC, a public subnet with an internet gateway route, a private
/// subnet, and a function whose security group allows all egress unless the test says otherwise.
@Suite("Egress rules on networks built in code")
struct BuiltNetworkRuleTests {
    /// The account every test starts from; `privateRoute` is the private subnet's 0.0.0.0/0 route.
    static func builder(privateRoute: (kind: RouteTargetKind, target: String?)? = (.nat, "nat-1")) -> NetworkBuilder {
        var builder = NetworkBuilder()
        builder.vpc("vpc-1", cidr: "10.0.0.0/16")
        builder.subnet("subnet-pub", vpc: "vpc-1", cidr: "10.0.0.0/24")
        builder.subnet("subnet-app", vpc: "vpc-1", cidr: "10.0.1.0/24")
        builder.internetGateway("igw-1", vpc: "vpc-1")
        builder.natGateway("nat-1", subnet: "subnet-pub")
        builder.routeTable("rtb-pub", vpc: "vpc-1", subnets: ["subnet-pub"], routes: [("0.0.0.0/0", .igw, "igw-1")])
        builder.routeTable(
            "rtb-app", vpc: "vpc-1", subnets: ["subnet-app"], main: true,
            routes: privateRoute.map { [("0.0.0.0/0", $0.kind, $0.target)] } ?? [])
        builder.securityGroup("sg-fn", vpc: "vpc-1", egress: [.all("0.0.0.0/0")])
        return builder
    }

    static func internet(_ builder: NetworkBuilder, from subnet: String) throws -> Answer {
        var builder = builder
        let function = builder.function("fn", subnets: [subnet], groups: ["sg-fn"])
        return try Solver(network: builder.network).answer(Question(function: function, target: .internet))
    }

    @Test("a private subnet routed to an available public NAT gateway in a public subnet reaches the internet")
    func natPath() throws {
        let answer = try Self.internet(Self.builder(), from: "subnet-app")
        #expect(answer.verdict == .reachable)
        let kinds = answer.subnets[0].hops.map(\.kind)
        #expect(kinds.contains(.natGateway) && kinds.contains(.internetGateway), "\(kinds)")
        // The NAT gateway's subnet's own route carries the traffic on to the internet gateway.
        #expect(
            answer.subnets[0].hops.contains {
                if case .route(let table, _, .natGatewaySubnet("subnet-pub")) = $0.step { return table == "rtb-pub" }
                return false
            })
    }

    @Test("a Pending function is not invoked: unreachable at the function, its paths still followed and clear")
    func pendingFunction() throws {
        var builder = Self.builder()
        var function = builder.function("fn", subnets: ["subnet-app"], groups: ["sg-fn"])
        function.state = "Pending"
        function.stateReasonCode = "Creating"
        let network = builder.network
        let answer = try Solver(network: network).answer(Question(function: function, target: .internet))
        #expect(answer.verdict == .unreachable)
        #expect(answer.blockers.map(\.code) == [.functionNotActive])
        #expect(answer.subnets.allSatisfy { $0.blockers.isEmpty }, "the network path is not what stops it")
        let words = answer.words(of: answer.blockers[0])
        #expect(words.message.contains("does not invoke it until it is Active"), "\(words.message)")
        // Active, the same function reaches the internet.
        function.state = "Active"
        let active = try Solver(network: network).answer(Question(function: function, target: .internet))
        #expect(active.verdict == .reachable)
    }

    @Test(
        "with enableDnsSupport off and the DHCP options not exported, an AWS service's name does not resolve: the Amazon DNS server is the default"
    )
    func resolverOff() throws {
        var builder = Self.builder()
        let function = builder.function("fn", subnets: ["subnet-app"], groups: ["sg-fn"])
        let solver = { (network: Network) in Solver(network: network) }
        let on = try solver(builder.network).answer(Question(function: function, target: .awsService("sqs")))
        #expect(on.verdict == .reachable)
        builder.edit { $0.vpcs["vpc-1"]?.enableDnsSupport = false }
        let off = try solver(builder.network).answer(Question(function: function, target: .awsService("sqs")))
        #expect(off.verdict == .unreachable)
        let blocker = try #require(off.subnets.first?.blockers.first)
        #expect(blocker.code == .vpcDNSAttributesDisabled && blocker.component == "vpc-1")
        #expect(
            off.words(of: blocker).message.contains("Its DHCP options were not exported"), "\(off.words(of: blocker))")
        // The internet is an address, not a name: reachable as before.
        let internet = try solver(builder.network).answer(Question(function: function, target: .internet))
        #expect(internet.verdict == .reachable)
    }

    @Test("a pending NAT gateway is waited for; a failed one is replaced")
    func natStates() throws {
        for (state, expected) in [
            ("pending", "aws ec2 wait nat-gateway-available --nat-gateway-ids nat-1"),
            ("failed", "aws ec2 describe-nat-gateways --nat-gateway-ids nat-1   # see FailureMessage"),
        ] {
            var builder = Self.builder()
            builder.natGateway("nat-1", subnet: "subnet-pub", state: state)
            let answer = try Self.internet(builder, from: "subnet-app")
            #expect(answer.verdict == .unreachable, "\(state)")
            let blocker = try #require(answer.allBlockers.first { $0.code == .badState }, "\(state)")
            let fix = answer.words(of: blocker).fix
            #expect(fix.hasPrefix(expected), "\(state): \(fix)")
            #expect((state == "pending") != fix.contains("create-nat-gateway"), "\(state): \(fix)")
        }
    }

    @Test("a function in a public subnet has no public IP: the internet gateway drops its traffic")
    func publicSubnet() throws {
        let answer = try Self.internet(Self.builder(), from: "subnet-pub")
        #expect(answer.verdict == .unreachable)
        #expect(answer.allBlockers.map(\.code) == [.igwPublicIPAssociationForEgress])
        // The fix moves the function to the private subnet that has the NAT route, by name.
        let fix = answer.words(of: answer.allBlockers[0]).fix
        #expect(fix.contains("--function-name fn") && fix.contains("SubnetIds=subnet-app"), "\(fix)")
    }

    @Test("no route for 0.0.0.0/0: NO_ROUTE_TO_DESTINATION at the route table, fixed by a route to the NAT gateway")
    func noRoute() throws {
        let answer = try Self.internet(Self.builder(privateRoute: nil), from: "subnet-app")
        #expect(answer.verdict == .unreachable)
        let blocker = try #require(answer.allBlockers.first)
        #expect(blocker.code == .noRouteToDestination && blocker.component == "rtb-app")
        #expect(
            answer.words(of: blocker).fix.contains(
                "--route-table-id rtb-app --destination-cidr-block 0.0.0.0/0 --nat-gateway-id nat-1"))
    }

    @Test("a NAT gateway that is not available forwards nothing: BAD_STATE at the gateway")
    func natNotAvailable() throws {
        var builder = Self.builder()
        builder.natGateway("nat-1", subnet: "subnet-pub", state: "failed")
        let answer = try Self.internet(builder, from: "subnet-app")
        #expect(answer.allBlockers.map(\.code) == [.badState])
        #expect(answer.allBlockers.first?.component == "nat-1")
    }

    @Test("a private NAT gateway never reaches the internet, even with an internet gateway in the VPC")
    func privateNAT() throws {
        var builder = Self.builder()
        builder.natGateway("nat-1", subnet: "subnet-pub", isPublic: false)
        let answer = try Self.internet(builder, from: "subnet-app")
        #expect(answer.allBlockers.map(\.code) == [.natGatewayPrivateConnectivity])
    }

    @Test("a public NAT gateway in a subnet without an internet gateway route: NO_ROUTE at the NAT's route table")
    func natInPrivateSubnet() throws {
        var builder = Self.builder()
        builder.routeTable("rtb-pub", vpc: "vpc-1", subnets: ["subnet-pub"], routes: [])
        let answer = try Self.internet(builder, from: "subnet-app")
        #expect(answer.verdict == .unreachable)
        #expect(answer.allBlockers.contains { $0.code == .noRouteToDestination && $0.component == "rtb-pub" })
    }

    @Test("a blackhole default route drops the traffic: BAD_STATE_ROUTE at the table")
    func blackhole() throws {
        let answer = try Self.internet(Self.builder(privateRoute: (.nat, nil)), from: "subnet-app")
        #expect(answer.allBlockers.map(\.code) == [.badStateRoute])
    }

    @Test("a group with no outbound rule: SG_HAS_NO_RULES, and the fix names the function's own group")
    func noEgressRules() throws {
        var builder = Self.builder()
        builder.securityGroup("sg-fn", vpc: "vpc-1")
        let answer = try Self.internet(builder, from: "subnet-app")
        let blocker = try #require(answer.allBlockers.first)
        #expect(blocker.code == .securityGroupHasNoRules && blocker.component == "sg-fn")
        #expect(answer.words(of: blocker).message.contains("(sg-fn)"))
    }

    @Test("a network ACL's return path: replies to ephemeral ports need an inbound allow (ACLs are stateless)")
    func aclReturnPath() throws {
        var builder = Self.builder()
        let allowAll = NetworkACLEntry(ruleNumber: 100, ipProtocol: .all, allow: true, cidr: .any)
        let https = NetworkACLEntry(ruleNumber: 100, ipProtocol: .tcp, allow: true, cidr: .any, ports: PortRange(443))
        builder.networkACL("acl-app", vpc: "vpc-1", subnets: ["subnet-app"], inbound: [https], outbound: [allowAll])
        let answer = try Self.internet(builder, from: "subnet-app")
        let blocker = try #require(answer.allBlockers.first)
        #expect(blocker.code == .subnetACLRestriction && blocker.component == "acl-app")
        #expect(answer.words(of: blocker).message.contains("ephemeral ports 1024-65535"))
    }

    @Test("words are written for the function read: the same blocker names each function that shares it")
    func wordsForEachFunction() throws {
        var builder = Self.builder()
        let first = builder.function("orders", subnets: ["subnet-pub"], groups: ["sg-fn"])
        let second = builder.function("billing", subnets: ["subnet-pub"], groups: ["sg-fn"])
        let solver = Solver(network: builder.network)
        let a = try solver.answer(Question(function: first, target: .internet))
        let b = try solver.answer(Question(function: second, target: .internet))
        // The same typed facts, different words.
        #expect(a.allBlockers == b.allBlockers)
        #expect(a.words(of: a.allBlockers[0]).fix.contains("--function-name orders"))
        #expect(b.words(of: b.allBlockers[0]).fix.contains("--function-name billing"))
    }
}
