import ReachCore

/// One random topology: a network, the function under test and the database it talks to.
struct GeneratedCase {
    var seed: UInt64
    var network: Network
    var function: LambdaFunction
    var database: RDSDatabase
}

/// Builds small random topologies from a seed, directly as `Network` values.
///
/// Everything is small on purpose: subnets are /28 (16 addresses) so that the oracle can try
/// every address, and CIDRs and port ranges of rules come from short menus so that the oracle's
/// samples (edges of every CIDR and port range in the network) cover every case.
struct TopologyGenerator {
    static let account = "123456789012"
    static let region = "us-east-1"
    static let otherRegion = "us-west-2"

    private var rng: SplitMix64
    private var counter = 0
    private let seed: UInt64

    private var network = Network()
    private var vpcA = ""
    private var vpcB: String?
    private var peeringId: String?
    private var dbPort = 5432
    /// A tidy case starts from the textbook layout (a public subnet with the NAT gateway and a
    /// route to the internet gateway, private subnets routing to the NAT, open ACLs and egress)
    /// and lets the random choices break it here and there; an untidy one is random throughout.
    /// Without tidy cases almost no random topology reaches the internet.
    private var tidy = false
    private var publicSubnet: String?
    /// The subnet and VPC CIDRs, for the CIDR menu (fixed once the subnets exist).
    private var menuSubnets: [IPv4CIDR] = []
    private var menuVPCs: [IPv4CIDR] = []

    init(seed: UInt64) {
        self.seed = seed
        rng = SplitMix64(seed: seed)
    }

    static func make(seed: UInt64) -> GeneratedCase {
        var generator = TopologyGenerator(seed: seed)
        return generator.build()
    }

    // MARK: - Identifiers

    /// `kind-0` + 16 hex digits, unique within the case; the seed's low bits are in the ID so
    /// that an ID in a report can be traced back to its case.
    private mutating func newId(_ kind: String) -> String {
        counter += 1
        let hex = String((seed & 0xFFFF) << 16 | UInt64(counter), radix: 16)
        return kind + "-0" + String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }

    // MARK: - Building

    private mutating func build() -> GeneratedCase {
        dbPort = rng.pick([5432, 3306])
        tidy = rng.chance(55)

        // VPC A: the function's VPC.
        vpcA = newId("vpc")
        let cidrA = IPv4CIDR("10.0.0.0/24")!
        network.vpcs[vpcA] = VPC(id: vpcA, accountId: Self.account, region: Self.region, cidrs: [cidrA])
        let zoneCount = rng.int(1...3)
        let zonesA = Array(["us-east-1a", "us-east-1b", "us-east-1c"].prefix(zoneCount))
        let subnetsA = makeSubnets(vpc: vpcA, base: cidrA, count: rng.int((tidy ? 2 : 1)...4), zones: zonesA)
        if tidy { publicSubnet = subnetsA[0] }

        // VPC B, sometimes, maybe peered with A, maybe in another region.
        var subnetsB: [String] = []
        if rng.chance(45) {
            let id = newId("vpc")
            vpcB = id
            let region = rng.chance(20) ? Self.otherRegion : Self.region
            let cidrB = IPv4CIDR(rng.pick(["10.1.0.0/24", "172.16.5.0/24", "192.168.7.0/24"]))!
            network.vpcs[id] = VPC(id: id, accountId: Self.account, region: region, cidrs: [cidrB])
            let zonesB = region == Self.region ? ["us-east-1a", "us-east-1b"] : ["us-west-2a", "us-west-2b"]
            subnetsB = makeSubnets(vpc: id, base: cidrB, count: rng.int(1...2), zones: zonesB)
            if rng.chance(tidy ? 90 : 80) {
                let pcx = newId("pcx")
                peeringId = pcx
                let status =
                    rng.chance(tidy ? 85 : 75)
                    ? "active" : rng.pick(["pending-acceptance", "deleted", "rejected", "expired", "failed"])
                let sideA = PeeringConnection.Side(
                    vpcId: vpcA, accountId: Self.account, region: Self.region, cidrs: [cidrA])
                let sideB = PeeringConnection.Side(vpcId: id, accountId: Self.account, region: region, cidrs: [cidrB])
                let swap = rng.chance(50)
                network.peerings[pcx] = PeeringConnection(
                    id: pcx, status: status, requester: swap ? sideB : sideA, accepter: swap ? sideA : sideB)
            }
        }

        menuSubnets = network.subnets.values.compactMap(\.cidr).sorted()
        menuVPCs = network.vpcs.values.flatMap(\.cidrs).sorted()

        // Internet gateways: attached, detached, or attached to the other VPC.
        if tidy || rng.chance(80) {
            let id = newId("igw")
            let attachChoices: [(Int, [String])] = [
                (tidy ? 95 : 75, [vpcA]), (tidy ? 3 : 15, []), (tidy ? 2 : 10, vpcB.map { [$0] } ?? []),
            ]
            let attached = rng.weighted(attachChoices)
            network.internetGateways[id] = InternetGateway(id: id, attachedVPCs: attached)
        }
        if let vpcB, rng.chance(50) {
            let id = newId("igw")
            network.internetGateways[id] = InternetGateway(id: id, attachedVPCs: [vpcB])
        }

        // NAT gateways.
        makeNATs(vpc: vpcA, subnets: subnetsA, count: rng.int((tidy ? 1 : 0)...2))
        if let vpcB { makeNATs(vpc: vpcB, subnets: subnetsB, count: rng.int(0...1)) }

        // Security groups before rules that reference them.
        var groupsByVPC: [String: [String]] = [:]
        for vpc in [vpcA] + (vpcB.map { [$0] } ?? []) {
            let region = network.vpcs[vpc]!.region
            var ids: [String] = []
            let defaultId = newId("sg")
            network.securityGroups[defaultId] = SecurityGroup(
                id: defaultId, vpcId: vpc, name: "default", accountId: Self.account, region: region, ingress: [],
                egress: [])
            ids.append(defaultId)
            for index in 0..<rng.int(1...3) {
                let id = newId("sg")
                network.securityGroups[id] = SecurityGroup(
                    id: id, vpcId: vpc, name: "app-\(index)", accountId: Self.account, region: region, ingress: [],
                    egress: [])
                ids.append(id)
            }
            groupsByVPC[vpc] = ids
        }
        let allGroups = network.securityGroups.keys.sorted()

        // The function: 1-3 subnets of A, 1-2 groups of A.
        let pool = tidy && rng.chance(85) ? subnetsA.filter { $0 != publicSubnet } : subnetsA
        let functionSubnets = rng.sample(pool, count: rng.int(1...min(3, pool.count)))
        let functionGroups = rng.sample(groupsByVPC[vpcA]!, count: rng.int(1...2))
        let name = "fn-\(seed)"
        let function = LambdaFunction(
            arn: "arn:aws:lambda:\(Self.region):\(Self.account):function:\(name)", name: name,
            accountId: Self.account, region: Self.region,
            roleArn: "arn:aws:iam::\(Self.account):role/\(name)-role", state: "Active",
            subnetIds: functionSubnets, securityGroupIds: functionGroups, reportedVPCId: vpcA)
        network.functions[function.arn] = function

        // The database: in A, or in B (peered or not).
        let dbVPC = vpcB != nil && rng.chance(45) ? vpcB! : vpcA
        let dbSubnetPool = dbVPC == vpcA ? subnetsA : subnetsB
        let dbRegion = network.vpcs[dbVPC]!.region
        let identifier = "db-\(seed)"
        let database = RDSDatabase(
            key: "arn:aws:rds:\(dbRegion):\(Self.account):db:\(identifier)", kind: .instance, identifier: identifier,
            accountId: Self.account, region: dbRegion, engine: dbPort == 5432 ? "postgres" : "mysql",
            status: "available", endpoint: "\(identifier).abcdefghijkl.\(dbRegion).rds.amazonaws.com", port: dbPort,
            vpcId: dbVPC, subnetIds: rng.sample(dbSubnetPool, count: rng.int(1...min(2, dbSubnetPool.count))),
            securityGroupIds: rng.sample(groupsByVPC[dbVPC]!, count: rng.int(1...2)))
        network.databases[database.key] = database

        // Security-group rules. Tidy: the function's groups allow all egress and the database's
        // admit the function, most of the time, in one of the usual ways.
        let allEgress = [SecurityGroupRule(number: 1, ipProtocol: .all, ports: .all, peer: .cidr(.any))]
        for id in allGroups {
            var group = network.securityGroups[id]!
            // A default group exported with no rules: the implicit ones apply.
            if group.isDefault && rng.chance(tidy ? 35 : 50) { continue }
            let randomEgress = randomGroupRules(groups: allGroups)
            if tidy && functionGroups.contains(id) && rng.chance(85) {
                let dbGroup = rng.pick(database.securityGroupIds)
                let dbSubnetCIDR = network.subnets[rng.pick(database.subnetIds)]!.cidr!
                let dbSubnetHalf = IPv4CIDR(
                    address: IPv4Address(dbSubnetCIDR.first.value + UInt32(rng.pick([0, 8]))), prefixLength: 29)
                let choices: [(Int, [SecurityGroupRule])] = [
                    (70, allEgress),
                    (
                        15,
                        [
                            SecurityGroupRule(number: 1, ipProtocol: .tcp, ports: PortRange(443), peer: .cidr(.any)),
                            SecurityGroupRule(
                                number: 2, ipProtocol: .tcp, ports: PortRange(dbPort), peer: .group(dbGroup)),
                        ]
                    ),
                    (
                        15,
                        [
                            SecurityGroupRule(number: 1, ipProtocol: .tcp, ports: PortRange(443), peer: .cidr(.any)),
                            SecurityGroupRule(
                                number: 2, ipProtocol: .tcp, ports: PortRange(dbPort),
                                peer: .cidr(network.vpcs[dbVPC]!.cidrs[0])),
                        ]
                    ),
                    (
                        8,
                        [
                            SecurityGroupRule(number: 1, ipProtocol: .tcp, ports: PortRange(443), peer: .cidr(.any)),
                            SecurityGroupRule(
                                number: 2, ipProtocol: .tcp, ports: PortRange(dbPort), peer: .cidr(dbSubnetCIDR)),
                        ]
                    ),
                    (
                        7,
                        [
                            SecurityGroupRule(number: 1, ipProtocol: .all, ports: .all, peer: .cidr(dbSubnetHalf)),
                            SecurityGroupRule(number: 2, ipProtocol: .tcp, ports: PortRange(443), peer: .cidr(.any)),
                        ]
                    ),
                ]
                group.egress = rng.weighted(choices)
            } else {
                let choices: [(Int, [SecurityGroupRule])] = [(tidy ? 75 : 40, allEgress), (10, []), (50, randomEgress)]
                group.egress = rng.weighted(choices)
            }
            let randomIngress = randomGroupRules(groups: allGroups)
            if tidy && database.securityGroupIds.contains(id) && rng.chance(85) {
                let functionGroup = rng.pick(functionGroups)
                let functionSubnet = network.subnets[rng.pick(functionSubnets)]!.cidr!
                let admit: SecurityGroupRule.Peer = rng.weighted([
                    (35, .group(functionGroup)), (20, .cidr(cidrA)), (10, .cidr(IPv4CIDR("10.0.0.0/8")!)),
                    (10, .cidr(.any)), (15, .cidr(functionSubnet)),
                    (10, .cidr(IPv4CIDR(address: functionSubnet.first, prefixLength: 29))),
                ])
                let ipProtocol: IPProtocol = rng.chance(80) ? .tcp : .all
                let ports =
                    ipProtocol == .tcp
                    ? rng.pick([PortRange(dbPort), PortRange(dbPort), PortRange(3306, 5432), .all]) : .all
                group.ingress =
                    [SecurityGroupRule(number: 1, ipProtocol: ipProtocol, ports: ports, peer: admit)]
                    + (rng.chance(30)
                        ? randomIngress.map {
                            var rule = $0
                            rule.number += 1
                            return rule
                        } : [])
            } else {
                let choices: [(Int, [SecurityGroupRule])] = [(10, []), (90, randomIngress)]
                group.ingress = rng.weighted(choices)
            }
            network.securityGroups[id] = group
        }

        // Route tables, network ACLs.
        makeRouteTables(vpc: vpcA, subnets: subnetsA)
        if let vpcB { makeRouteTables(vpc: vpcB, subnets: subnetsB) }
        makeNetworkACLs(vpc: vpcA, subnets: subnetsA)
        if let vpcB { makeNetworkACLs(vpc: vpcB, subnets: subnetsB) }

        network.index()
        return GeneratedCase(seed: seed, network: network, function: function, database: database)
    }

    /// /28 subnets at random, distinct slots of the VPC's /24.
    private mutating func makeSubnets(vpc: String, base: IPv4CIDR, count: Int, zones: [String]) -> [String] {
        let slots = rng.sample(Array(0..<8), count: count)
        var ids: [String] = []
        for slot in slots {
            let id = newId("subnet")
            let cidr = IPv4CIDR(address: IPv4Address(base.first.value + UInt32(slot * 16)), prefixLength: 28)
            network.subnets[id] = Subnet(
                id: id, vpcId: vpc, availabilityZone: rng.pick(zones), cidr: cidr, availableIPAddressCount: 8)
            ids.append(id)
        }
        return ids
    }

    private mutating func makeNATs(vpc: String, subnets: [String], count: Int) {
        for index in 0..<count {
            let id = newId("nat")
            let textbook = tidy && index == 0 && publicSubnet != nil && vpc == vpcA
            let subnet = textbook ? publicSubnet! : rng.pick(subnets)
            let isPublic = rng.chance(textbook ? 95 : 85)
            let state = rng.chance(textbook ? 95 : 80) ? "available" : rng.pick(["failed", "pending", "deleted"])
            let privateAddress = IPv4Address(network.subnets[subnet]!.cidr!.first.value + 5 + UInt32(rng.int(0...4)))
            let publicAddress = IPv4Address(UInt32(54) << 24 | UInt32(rng.int(0...0xFF_FFFF)))
            network.natGateways[id] = NATGateway(
                id: id, vpcId: vpc, subnetId: subnet, state: state, isPublic: isPublic,
                privateAddresses: [privateAddress], publicAddresses: isPublic ? [publicAddress] : [])
        }
    }

    // MARK: - Menus

    /// A CIDR for a rule or route: everything, a VPC, a subnet or part of one, private
    /// supernets, halves of the address space, narrow public blocks.
    private mutating func randomCIDR() -> IPv4CIDR {
        let subnet = rng.pick(menuSubnets)
        let vpc = rng.pick(menuVPCs)
        let half = UInt32(rng.pick([0, 8]))
        let host = UInt32(rng.int(0...15))
        let choices: [(Int, IPv4CIDR)] = [
            (12, .any),
            (4, vpc),
            (4, subnet),
            (2, IPv4CIDR(address: subnet.first, prefixLength: 27)),
            (2, IPv4CIDR(address: IPv4Address(subnet.first.value + half), prefixLength: 29)),
            (1, IPv4CIDR(address: IPv4Address(subnet.first.value + host), prefixLength: 32)),
            (1, IPv4CIDR("10.0.0.0/8")!),
            (1, IPv4CIDR("172.16.0.0/12")!),
            (1, IPv4CIDR("192.168.0.0/16")!),
            (1, IPv4CIDR("0.0.0.0/1")!),
            (1, IPv4CIDR("128.0.0.0/1")!),
            (1, IPv4CIDR("8.8.8.0/24")!),
            (1, IPv4CIDR("52.0.0.0/8")!),
        ]
        return rng.weighted(choices)
    }

    private mutating func randomPorts() -> PortRange {
        rng.weighted([
            (6, .all),
            (3, PortRange(443)),
            (3, PortRange(dbPort)),
            (3, PortRange(1024, 65535)),
            (1, PortRange(32768, 65535)),
            (1, PortRange(1025, 65535)),
            (1, PortRange(0, 1023)),
            (1, PortRange(80, 443)),
            (1, PortRange(1024, 5000)),
            (1, PortRange(3306, 5432)),
            (1, PortRange(444, 65535)),
            (1, PortRange(1024, 60999)),
        ])
    }

    private mutating func randomProtocol() -> IPProtocol {
        rng.weighted([(50, .tcp), (40, .all), (10, .udp)])
    }

    private mutating func randomGroupRules(groups: [String]) -> [SecurityGroupRule] {
        (0..<rng.int(1...3)).map { index in
            let ipProtocol = randomProtocol()
            let peer: SecurityGroupRule.Peer = rng.chance(75) ? .cidr(randomCIDR()) : .group(rng.pick(groups))
            return SecurityGroupRule(
                number: index + 1, ipProtocol: ipProtocol, ports: ipProtocol.hasPorts ? randomPorts() : .all, peer: peer
            )
        }
    }

    // MARK: - Route tables

    private mutating func makeRouteTables(vpc: String, subnets: [String]) {
        let vpcCIDR = network.vpcs[vpc]!.cidrs[0]
        let nats = network.natGateways.values.filter { $0.vpcId == vpc }.map(\.id).sorted()
        let ownGateways = network.internetGateways.values.filter { $0.attachedVPCs.contains(vpc) }.map(\.id).sorted()
        let allGateways = network.internetGateways.keys.sorted()
        let peering = peeringId.flatMap { network.peerings[$0] }
        var tables: [RouteTable] = []
        var gatewayEndpointTables: [String] = []
        let prefixList = "pl-63a5400a"
        let textbook = tidy && vpc == vpcA && publicSubnet != nil

        for index in 0..<(textbook ? 2 + rng.int(0...1) : 1 + rng.int(0...2)) {
            let id = newId("rtb")
            var routes = [Route(destination: .cidr(vpcCIDR), targetKind: .local, targetId: "local")]

            // The default route.
            let any = Route.Destination.cidr(.any)
            enum Default { case none, nat, igw, blackhole, peering, dangling }
            var choices: [(Int, Default)] = [(20, .none), (35, .nat), (25, .igw), (10, .blackhole), (5, .dangling)]
            if peering != nil { choices.append((5, .peering)) }
            var choice = rng.weighted(choices)
            if textbook && index == 0 {
                // The private table: to the NAT gateway, or one way of getting that wrong.
                let broken: [Default] = [.none, .igw, .blackhole, .dangling, .nat] + (peering != nil ? [.peering] : [])
                choice = rng.chance(85) ? .nat : rng.pick(broken)
            }
            if textbook && index == 1 { choice = .igw }
            switch choice {
            case .none: break
            case .nat:
                if textbook && index == 0 && rng.chance(85),
                    let nat = nats.first(where: { network.natGateways[$0]?.subnetId == publicSubnet })
                {
                    routes.append(Route(destination: any, targetKind: .nat, targetId: nat))
                } else if let nat = nats.isEmpty ? nil : rng.pick(nats) {
                    routes.append(Route(destination: any, targetKind: .nat, targetId: nat))
                } else if !allGateways.isEmpty {
                    routes.append(Route(destination: any, targetKind: .igw, targetId: rng.pick(allGateways)))
                }
            case .igw:
                let pool = ownGateways.isEmpty || (!textbook && rng.chance(10)) ? allGateways : ownGateways
                if !pool.isEmpty { routes.append(Route(destination: any, targetKind: .igw, targetId: rng.pick(pool))) }
            case .blackhole:
                let target = nats.isEmpty || rng.chance(30) ? "nat-0deadbeef00000000" : rng.pick(nats)
                routes.append(Route(destination: any, targetKind: .nat, targetId: target, isBlackhole: true))
            case .peering:
                routes.append(Route(destination: any, targetKind: .pcx, targetId: peering!.id))
            case .dangling:
                routes.append(Route(destination: any, targetKind: .nat, targetId: "nat-0feedface0000000"))
            }

            // A gateway endpoint's prefix-list route.
            if rng.chance(20) {
                routes.append(Route(destination: .prefixList(prefixList), targetKind: .vpce, targetId: "vpce-pending"))
                gatewayEndpointTables.append(id)
            }

            // Routes to the peer VPC.
            if let peering, let peer = peering.peer(of: vpc), rng.chance(tidy ? 85 : 60) {
                let peerSubnets = network.subnets.values.filter { $0.vpcId == peer.vpcId }.compactMap(\.cidr).sorted()
                let peerSubnet = rng.pick(peerSubnets)
                let destinations: [(Int, IPv4CIDR)] = [
                    (tidy ? 85 : 70, peer.cidrs[0]),
                    (15, peerSubnet),
                    (15, IPv4CIDR(address: peerSubnet.first, prefixLength: 25)),
                ]
                let destination = rng.weighted(destinations)
                let targets: [(Int, (String, Bool))] = [
                    (tidy ? 94 : 90, (peering.id, false)), (3, ("pcx-0badc0ffee000000", false)),
                    (3, (peering.id, true)),
                ]
                let (target, blackhole) = rng.weighted(targets)
                routes.append(
                    Route(destination: .cidr(destination), targetKind: .pcx, targetId: target, isBlackhole: blackhole))
            }

            // A more specific public route, for longest-prefix matching.
            if rng.chance(15) {
                let destination = IPv4CIDR(rng.pick(["8.8.8.0/24", "52.0.0.0/8", "0.0.0.0/1", "128.0.0.0/1"]))!
                var targets: [(RouteTargetKind, String, Bool)] = [(.nat, "nat-0deadbeef00000000", true)]
                targets += nats.map { (.nat, $0, false) }
                targets += allGateways.map { (.igw, $0, false) }
                let (kind, target, blackhole) = rng.pick(targets)
                routes.append(
                    Route(destination: .cidr(destination), targetKind: kind, targetId: target, isBlackhole: blackhole))
            }

            // A propagated route with the same prefix as a static one: the static one wins.
            let staticRoutes = routes.filter {
                if case .cidr = $0.destination { return $0.targetKind != .local }
                return false
            }
            if !staticRoutes.isEmpty && rng.chance(10) {
                let twin = rng.pick(staticRoutes)
                routes.append(
                    Route(
                        destination: twin.destination, targetKind: .vgw, targetId: "vgw-0c0ffee000000000",
                        isPropagated: true))
            }

            tables.append(
                RouteTable(id: id, vpcId: vpc, routes: rng.sample(routes, count: routes.count), isMain: index == 0))
        }
        for subnet in subnets {
            if textbook && subnet == publicSubnet {
                tables[1].associatedSubnets.append(subnet)
            } else if tables.count > 1 && rng.chance(textbook ? 30 : 60) {
                tables[rng.int(1...(tables.count - 1))].associatedSubnets.append(subnet)
            }
        }
        if !gatewayEndpointTables.isEmpty {
            let endpointId = newId("vpce")
            for index in tables.indices {
                tables[index].routes = tables[index].routes.map { route in
                    var route = route
                    if route.targetId == "vpce-pending" { route.targetId = endpointId }
                    return route
                }
            }
            network.endpoints[endpointId] = VPCEndpoint(
                id: endpointId, vpcId: vpc, kind: .gateway,
                serviceName: "com.amazonaws.\(network.vpcs[vpc]!.region).s3",
                state: "available", privateDNSEnabled: false, routeTableIds: gatewayEndpointTables)
            network.prefixLists[prefixList] = PrefixList(
                id: prefixList, name: "com.amazonaws.\(Self.region).s3", cidrs: nil)
        }
        for table in tables { network.routeTables[table.id] = table }
    }

    // MARK: - Network ACLs

    private mutating func randomACLEntries() -> [NetworkACLEntry] {
        var entries: [NetworkACLEntry]
        switch rng.int(0...99) {
        case 0..<(tidy ? 85 : 35):
            entries = [NetworkACLEntry(ruleNumber: 100, ipProtocol: .all, allow: true, cidr: .any)]
        case (tidy ? 85 : 35)..<(tidy ? 87 : 43):
            entries = []
        default:
            let numbers = rng.sample(Array(1...300), count: rng.int(1...4))
            entries = numbers.map { number in
                let ipProtocol = randomProtocol()
                return NetworkACLEntry(
                    ruleNumber: number, ipProtocol: ipProtocol, allow: rng.chance(70),
                    cidr: rng.chance(3) ? nil : randomCIDR(), ports: ipProtocol.hasPorts ? randomPorts() : .all)
            }
            if rng.chance(50) {
                entries.append(NetworkACLEntry(ruleNumber: 500, ipProtocol: .all, allow: true, cidr: .any))
            }
        }
        if rng.chance(60) {
            entries.append(NetworkACLEntry(ruleNumber: 32767, ipProtocol: .all, allow: false, cidr: .any))
        }
        return entries
    }

    private mutating func makeNetworkACLs(vpc: String, subnets: [String]) {
        var acls: [NetworkACL] = []
        // Tidy: the public subnet often has an ACL of its own, so that the NAT gateway's
        // checks are not the same ACL as the function's.
        let ownForPublic = tidy && vpc == vpcA && publicSubnet != nil && rng.chance(70)
        for index in 0..<(1 + rng.int((ownForPublic ? 1 : 0)...2)) {
            acls.append(
                NetworkACL(
                    id: newId("acl"), vpcId: vpc, isDefault: index == 0, inbound: randomACLEntries(),
                    outbound: randomACLEntries()))
        }
        var onDefault: [String] = []
        for subnet in subnets {
            if ownForPublic && subnet == publicSubnet {
                acls[1].associatedSubnets.append(subnet)
            } else if acls.count > 1 && rng.chance(50) {
                acls[rng.int(1...(acls.count - 1))].associatedSubnets.append(subnet)
            } else {
                onDefault.append(subnet)
            }
        }
        if rng.chance(50) { acls[0].associatedSubnets = onDefault }
        for acl in acls { network.networkACLs[acl.id] = acl }
    }
}
