import Testing

@testable import ReachCore

/// `JoinedFacts`: facts of one kind met from several subnets at one component, told as the one
/// blocker an audit shows for it (consistency red team, finding 1).
@Suite("Facts that differ by subnet, told as one blocker")
struct JoinedFactsTests {
    static let function = FunctionIdentity(
        name: "orders-api", arn: "arn:aws:lambda:us-east-1:123456789012:function:orders-api",
        securityGroupIds: ["sg-fn"], subnetIds: ["subnet-a", "subnet-b"])

    static func subnet(_ id: String, _ cidr: String, zone: String) -> Subnet {
        Subnet(id: id, vpcId: "vpc-app", availabilityZone: zone, cidr: IPv4CIDR(cidr))
    }

    static func noReturnRoute(_ source: Subnet) -> Explain.NoReturnRoute {
        Explain.NoReturnRoute(
            table: "rtb-db", destinationSubnet: subnet("subnet-db", "10.20.1.0/24", zone: "us-east-1a"),
            source: source, peering: "pcx-1")
    }

    @Test("two subnets' return routes: one route each, the shared rule said once")
    func returnRoutes() throws {
        let a = Self.noReturnRoute(Self.subnet("subnet-a", "10.10.1.0/24", zone: "us-east-1a"))
        let b = Self.noReturnRoute(Self.subnet("subnet-b", "10.10.2.0/24", zone: "us-east-1b"))
        let joined = try #require(a.combined(with: b))
        let words = joined.words(for: Self.function)
        #expect(
            words.fix
                == "aws ec2 create-route --route-table-id rtb-db --destination-cidr-block 10.10.1.0/24 --vpc-peering-connection-id pcx-1\naws ec2 create-route --route-table-id rtb-db --destination-cidr-block 10.10.2.0/24 --vpc-peering-connection-id pcx-1"
        )
        #expect(words.message.components(separatedBy: "A peering connection needs routes on both sides.").count == 2)
        #expect(words.message.contains("no route for 10.10.2.0/24"))
        // The same facts again add nothing; a third subnet joins.
        #expect(joined.combined(with: b) == nil)
        let c = Self.noReturnRoute(Self.subnet("subnet-c", "10.10.3.0/24", zone: "us-east-1c"))
        let three = try #require(joined.combined(with: c) as? JoinedFacts)
        #expect(three.parts.count == 3)
    }

    @Test("a fix whose alternative follows a '# or' line keeps it an alternative to every subnet's commands")
    func alternatives() {
        let a = BlockerWords(
            message: "Subnet A has no association. Associating it helps.",
            fix:
                "aws ec2 associate-route-table --route-table-id rtb-nat --subnet-id subnet-a\n# or a NAT route on the main table:\naws ec2 create-route --route-table-id rtb-main --nat-gateway-id nat-1"
        )
        let b = BlockerWords(
            message: "Subnet B has no association. Associating it helps.",
            fix:
                "aws ec2 associate-route-table --route-table-id rtb-nat --subnet-id subnet-b\n# or a NAT route on the main table:\naws ec2 create-route --route-table-id rtb-main --nat-gateway-id nat-1"
        )
        let joined = BlockerWords(joiningSubnets: [a, b])
        #expect(
            joined.fix
                == "aws ec2 associate-route-table --route-table-id rtb-nat --subnet-id subnet-a\naws ec2 associate-route-table --route-table-id rtb-nat --subnet-id subnet-b\n# or a NAT route on the main table:\naws ec2 create-route --route-table-id rtb-main --nat-gateway-id nat-1"
        )
        #expect(joined.message == "Subnet A has no association. Associating it helps. Subnet B has no association.")
    }

    @Test("facts whose fix is the same for every subnet are not joined; joined ones with one fix say the first")
    func sameFixes() throws {
        let table = Explain.NoRoute(
            table: "rtb-main", subnet: Self.subnet("subnet-a", "10.10.1.0/24", zone: "us-east-1a"),
            destinationLabel: "internet", remedy: .privateNetwork)
        var other = table
        other.subnet = Self.subnet("subnet-b", "10.10.2.0/24", zone: "us-east-1b")
        #expect(table.combined(with: other) == nil)
        // Two subnets of one CIDR-less story whose fixes happen to be alike: the first's words.
        let a = Self.noReturnRoute(Self.subnet("subnet-a", "10.10.1.0/24", zone: "us-east-1a"))
        var b = a
        b.destinationSubnet = Self.subnet("subnet-db2", "10.20.2.0/24", zone: "us-east-1b")
        let joined = try #require(a.combined(with: b))
        #expect(joined.words(for: Self.function) == a.words(for: Self.function))
    }
}
