import Testing

@testable import ReachCore

@Suite("Network.index(): the lookups the solver reads")
struct NetworkIndexTests {
    /// Two VPCs: vpc-a with an associated, an unassociated and a doubly claimed subnet, and
    /// two main route tables and two default ACLs (an inconsistent export); vpc-b with nothing
    /// but a subnet.
    static func network(reversed: Bool) -> Network {
        var network = Network()
        for (id, vpc) in [
            ("subnet-a1", "vpc-a"), ("subnet-a2", "vpc-a"), ("subnet-a3", "vpc-a"), ("subnet-b1", "vpc-b"),
        ] {
            network.subnets[id] = Subnet(id: id, vpcId: vpc, availabilityZone: "eu-west-1a", cidr: nil)
        }
        var tables = [
            RouteTable(id: "rtb-1", vpcId: "vpc-a", routes: [], associatedSubnets: ["subnet-a1", "subnet-a3"]),
            RouteTable(id: "rtb-2", vpcId: "vpc-a", routes: [], associatedSubnets: ["subnet-a3"], isMain: true),
            RouteTable(id: "rtb-0", vpcId: "vpc-a", routes: [], isMain: true),
        ]
        var acls = [
            NetworkACL(id: "acl-2", vpcId: "vpc-a", isDefault: true, inbound: [], outbound: []),
            NetworkACL(
                id: "acl-1", vpcId: "vpc-a", isDefault: true, inbound: [], outbound: [],
                associatedSubnets: ["subnet-a1", "subnet-a3"]),
            NetworkACL(
                id: "acl-3", vpcId: "vpc-a", isDefault: false, inbound: [], outbound: [],
                associatedSubnets: ["subnet-a3"]),
        ]
        if reversed {
            tables.reverse()
            acls.reverse()
        }
        // Dictionaries filled in another order hash alike, so the order of the arrays above
        // does not reach index(); it is the rule below that makes the answer order-free.
        for table in tables { network.routeTables[table.id] = table }
        for acl in acls { network.networkACLs[acl.id] = acl }
        network.index()
        return network
    }

    @Test("a subnet's route table and ACL: its association, else the VPC's main table or default ACL")
    func lookups() {
        let network = Self.network(reversed: false)
        #expect(network.routeTable(forSubnet: "subnet-a1")?.id == "rtb-1")
        #expect(network.networkACL(forSubnet: "subnet-a1")?.id == "acl-1")
        // Unassociated: the main table, the default ACL. Two of each claim the VPC: the
        // greater ID, as if the claims were made in ID order.
        #expect(network.routeTable(forSubnet: "subnet-a2")?.id == "rtb-2")
        #expect(network.networkACL(forSubnet: "subnet-a2")?.id == "acl-2")
        // Claimed by two associations: the greater ID.
        #expect(network.routeTable(forSubnet: "subnet-a3")?.id == "rtb-2")
        #expect(network.networkACL(forSubnet: "subnet-a3")?.id == "acl-3")
        // Nothing in its VPC.
        #expect(network.routeTable(forSubnet: "subnet-b1") == nil)
        #expect(network.networkACL(forSubnet: "subnet-b1") == nil)
        #expect(network.subnetsByVPC == ["vpc-a": ["subnet-a1", "subnet-a2", "subnet-a3"], "vpc-b": ["subnet-b1"]])
    }

    @Test("the claims' order does not change the lookups")
    func orderFree() {
        let (forward, backward) = (Self.network(reversed: false), Self.network(reversed: true))
        #expect(forward.mainRouteTableByVPC == backward.mainRouteTableByVPC)
        #expect(forward.routeTableBySubnet == backward.routeTableBySubnet)
        #expect(forward.defaultNetworkACLByVPC == backward.defaultNetworkACLByVPC)
        #expect(forward.networkACLBySubnet == backward.networkACLBySubnet)
        // And the claim rule itself, in both orders.
        for order in [["rtb-1", "rtb-2"], ["rtb-2", "rtb-1"]] {
            var claims: [String: String] = [:]
            for id in order { Network.claim(&claims, "subnet", id) }
            #expect(claims == ["subnet": "rtb-2"], "\(order)")
        }
    }
}

extension NetworkIndexTests {
    @Test("a VPC's NAT gateways, attached internet gateways and peerings: its own only, in ID order")
    func gatewaysAndPeerings() {
        var network = Network()
        for (id, vpc) in [("nat-b", "vpc-a"), ("nat-c", "vpc-b"), ("nat-a", "vpc-a")] {
            network.natGateways[id] = NATGateway(
                id: id, vpcId: vpc, subnetId: "subnet-\(id)", state: "available", isPublic: true)
        }
        // One gateway attached to two VPCs (an inconsistent export, but each VPC sees it), one
        // to none, one listed twice for the same VPC.
        network.internetGateways["igw-2"] = InternetGateway(id: "igw-2", attachedVPCs: ["vpc-a", "vpc-b"])
        network.internetGateways["igw-1"] = InternetGateway(id: "igw-1", attachedVPCs: ["vpc-a", "vpc-a"])
        network.internetGateways["igw-0"] = InternetGateway(id: "igw-0", attachedVPCs: [])
        func side(_ vpc: String) -> PeeringConnection.Side {
            PeeringConnection.Side(vpcId: vpc, accountId: nil, region: nil, cidrs: [])
        }
        for (id, requester, accepter) in [
            ("pcx-3", "vpc-b", "vpc-a"), ("pcx-1", "vpc-a", "vpc-c"), ("pcx-2", "vpc-b", "vpc-c"),
        ] {
            network.peerings[id] = PeeringConnection(
                id: id, status: "active", requester: side(requester), accepter: side(accepter))
        }
        network.index()
        #expect(network.natGateways(inVPC: "vpc-a").map(\.id) == ["nat-a", "nat-b"])
        #expect(network.natGateways(inVPC: "vpc-b").map(\.id) == ["nat-c"])
        #expect(network.natGateways(inVPC: "vpc-c").isEmpty)
        #expect(network.internetGateways(attachedTo: "vpc-a").map(\.id) == ["igw-1", "igw-2"])
        #expect(network.internetGateways(attachedTo: "vpc-b").map(\.id) == ["igw-2"])
        #expect(network.internetGateways(attachedTo: "vpc-c").isEmpty)
        // As requester or accepter.
        #expect(network.peerings(ofVPC: "vpc-a").map(\.id) == ["pcx-1", "pcx-3"])
        #expect(network.peerings(ofVPC: "vpc-b").map(\.id) == ["pcx-2", "pcx-3"])
        #expect(network.peerings(ofVPC: "vpc-c").map(\.id) == ["pcx-1", "pcx-2"])
        #expect(network.peerings(ofVPC: "vpc-d").isEmpty)
    }
}

@Suite("VPC endpoint service names")
struct EndpointNameTests {
    @Test("the short name drops com.amazonaws.REGION (or cn.com.amazonaws...) and keeps the rest")
    func shortNames() {
        let cases = [
            "com.amazonaws.eu-west-1.s3": "s3",
            "com.amazonaws.us-east-1.ecr.dkr": "ecr.dkr",
            "cn.com.amazonaws.cn-north-1.ecr.api": "cn-north-1.ecr.api",
            "com.amazonaws.vpce.eu-west-1.vpce-svc-0a1b2c3d": "eu-west-1.vpce-svc-0a1b2c3d",
            "aws.sagemaker.eu-west-1.notebook": "aws.sagemaker.eu-west-1.notebook",
            "com.amazonaws.s3": "com.amazonaws.s3",
            "com..amazonaws.eu-west-1.logs": "logs",
            "": "",
        ]
        for (name, short) in cases {
            #expect(VPCEndpoint.shortName(name) == short, "\(name)")
            // What splitting by Character gave, for these ASCII names.
            let parts = name.split(separator: ".")
            let old =
                parts.count >= 4 && (parts[0] == "com" || parts[0] == "cn")
                ? parts.dropFirst(3).joined(separator: ".") : name
            #expect(VPCEndpoint.shortName(name) == old, "\(name)")
        }
    }
}

extension NetworkIndexTests {
    @Test("an association with another VPC's route table or ACL claims nothing: the subnet uses its own VPC's")
    func associationAcrossVPCs() {
        var network = Network()
        network.subnets["subnet-a1"] = Subnet(
            id: "subnet-a1", vpcId: "vpc-a", availabilityZone: "eu-west-1a", cidr: nil)
        for table in [
            RouteTable(id: "rtb-a", vpcId: "vpc-a", routes: [], isMain: true),
            // AWS refuses this association; a mixed or edited export shows it, with the
            // greater ID, which would win a claim against an association of vpc-a's.
            RouteTable(id: "rtb-z", vpcId: "vpc-b", routes: [], associatedSubnets: ["subnet-a1"], isMain: true),
        ] {
            network.routeTables[table.id] = table
        }
        network.networkACLs["acl-z"] = NetworkACL(
            id: "acl-z", vpcId: "vpc-b", isDefault: true, inbound: [], outbound: [], associatedSubnets: ["subnet-a1"])
        network.networkACLs["acl-a"] = NetworkACL(
            id: "acl-a", vpcId: "vpc-a", isDefault: true, inbound: [], outbound: [])
        network.index()
        // Whoever reads the associations (a fix asking whether the subnet has one of its own,
        // the audit's checks) reads what the walk uses.
        #expect(network.routeTableBySubnet["subnet-a1"] == nil)
        #expect(network.networkACLBySubnet["subnet-a1"] == nil)
        #expect(network.routeTable(forSubnet: "subnet-a1")?.id == "rtb-a")
        #expect(network.networkACL(forSubnet: "subnet-a1")?.id == "acl-a")
    }
}
