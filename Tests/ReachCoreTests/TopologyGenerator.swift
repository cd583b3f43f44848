import ReachCore
import TestSupport

/// One random topology: a network, the function under test, the database it talks to and the
/// addresses it is asked about.
struct GeneratedCase {
    var seed: UInt64
    var network: Network
    var function: LambdaFunction
    var database: RDSDatabase
    var probes: [Probe]
}

/// An `ip:` question a case asks, at an address picked from its topology.
struct Probe: Hashable, Sendable {
    /// What the address is, for the coverage test and the reports.
    enum Kind: String, Sendable, CaseIterable {
        /// A network interface's private address, in A, B or C.
        case interface
        /// An address of a subnet that no interface holds.
        case unheld = "no interface"
        /// A private address in no subnet of the VPC it is routed to, or in no VPC.
        case noSubnet = "no subnet"
        /// An address of B's CIDR, which C has too: only the route says which VPC is meant.
        case overlap
        /// A network interface's public address.
        case publicOwner = "public owner"
        /// A NAT gateway's Elastic IP.
        case natAddress = "NAT EIP"
        /// A NAT gateway's private address (its network interface's).
        case natInterface = "NAT interface"
        /// A public address nothing in the inventory holds.
        case publicUnowned = "public unowned"
        /// An Amazon DNS server: A's (base + 2, or the link-local one) or B's.
        case dnsServer = "DNS server"
    }
    var kind: Kind
    var address: IPv4Address
    var port: Int
    var ipProtocol: IPProtocol

    /// `ip:A.B.C.D:PORT`, with `/udp` for UDP: how fixtures and reports name the question.
    var label: String { "ip:\(address):\(port)\(ipProtocol == .udp ? "/udp" : "")" }
}

/// Builds small random topologies from a seed, directly as `Network` values.
///
/// Everything is small on purpose: subnets are /28 (16 addresses) so that the oracle can try
/// every address, and CIDRs and port ranges of rules come from short menus so that the oracle's
/// samples (edges of every CIDR and port range in the network) cover every case.
///
/// The function is in VPC A (10.0.0.0/24). Sometimes there is a VPC B, peered with A or not, in
/// A's region or another; sometimes a VPC C with exactly B's CIDR, peered with A, so that only
/// A's routes say which of the two an address of that range is. Beside the covering routes,
/// tables have narrower public routes (a blackholed /24, a /24 to a VPN gateway, a /16 into a
/// peering). Network interfaces, some with public addresses, and NAT gateways' Elastic IPs are
/// public addresses the inventory owns. The database may be in A, B or C, an instance, a
/// cluster or a proxy, in a status that serves or not, publicly accessible or not.
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
    /// VPC C: exactly B's CIDR, peered with A too (overlapping ranges across an organisation).
    private var vpcC: String?
    private var peeringB: String?
    private var peeringC: String?
    private var dbPort = 5432
    private var database: RDSDatabase?
    /// The function's groups: what an interface's ingress rule may reference.
    private var functionGroups: [String] = []
    /// A tidy case starts from the textbook layout (a public subnet with the NAT gateway and a
    /// route to the internet gateway, private subnets routing to the NAT, open ACLs and egress)
    /// and lets the random choices break it here and there; an untidy one is random throughout.
    /// Without tidy cases almost no random topology reaches the internet.
    private var tidy = false
    private var publicSubnet: String?
    /// The subnet and VPC CIDRs, for the CIDR menu (fixed once the subnets exist).
    private var menuSubnets: [IPv4CIDR] = []
    private var menuVPCs: [IPv4CIDR] = []
    /// The NAT gateways' Elastic IPs as /32s: what rules admit traffic from the internet by.
    private var menuPublic: [IPv4CIDR] = []

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
        let subnetsA = makeSubnets(
            vpc: vpcA, base: cidrA, count: rng.int((tidy ? 2 : 1)...4), slots: 0..<8, zones: zonesA)
        if tidy { publicSubnet = subnetsA[0] }

        // VPC B, sometimes, maybe peered with A, maybe in another region. Its subnets use the
        // whole /24, so that each half of it (a /25) holds some.
        var subnetsB: [String] = []
        var subnetsC: [String] = []
        if rng.chance(45) {
            let id = newId("vpc")
            vpcB = id
            let region = rng.chance(20) ? Self.otherRegion : Self.region
            let cidrB = IPv4CIDR(rng.pick(["10.1.0.0/24", "172.16.5.0/24", "192.168.7.0/24"]))!
            network.vpcs[id] = VPC(id: id, accountId: Self.account, region: region, cidrs: [cidrB])
            let zonesB = region == Self.region ? ["us-east-1a", "us-east-1b"] : ["us-west-2a", "us-west-2b"]
            subnetsB = makeSubnets(vpc: id, base: cidrB, count: rng.int(1...3), slots: 0..<16, zones: zonesB)
            if rng.chance(tidy ? 90 : 80) {
                let status =
                    rng.chance(tidy ? 85 : 75)
                    ? "active" : rng.pick(["pending-acceptance", "deleted", "rejected", "expired", "failed"])
                peeringB = makePeering(vpcA, cidrA, id, cidrB, region: region, status: status)
            }
            // VPC C: B's CIDR again, in A's region, peered with A (active).
            if rng.chance(35) {
                let idC = newId("vpc")
                vpcC = idC
                network.vpcs[idC] = VPC(id: idC, accountId: Self.account, region: Self.region, cidrs: [cidrB])
                subnetsC = makeSubnets(
                    vpc: idC, base: cidrB, count: rng.int(1...2), slots: 0..<16, zones: ["us-east-1a", "us-east-1c"])
                peeringC = makePeering(vpcA, cidrA, idC, cidrB, region: Self.region, status: "active")
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
        if let vpcC, rng.chance(30) {
            let id = newId("igw")
            network.internetGateways[id] = InternetGateway(id: id, attachedVPCs: [vpcC])
        }

        // NAT gateways.
        makeNATs(vpc: vpcA, subnets: subnetsA, count: rng.int((tidy ? 1 : 0)...2))
        if let vpcB { makeNATs(vpc: vpcB, subnets: subnetsB, count: rng.int(0...1)) }
        menuPublic = network.natGateways.values.flatMap(\.publicAddresses).sorted { $0.value < $1.value }.map {
            IPv4CIDR(address: $0, prefixLength: 32)
        }

        // Security groups before rules that reference them.
        var groupsByVPC: [String: [String]] = [:]
        for vpc in [vpcA] + [vpcB, vpcC].compactMap({ $0 }) {
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
        functionGroups = rng.sample(groupsByVPC[vpcA]!, count: rng.int(1...2))
        let name = "fn-\(seed)"
        let function = LambdaFunction(
            arn: "arn:aws:lambda:\(Self.region):\(Self.account):function:\(name)", name: name,
            accountId: Self.account, region: Self.region,
            roleArn: "arn:aws:iam::\(Self.account):role/\(name)-role", state: "Active",
            subnetIds: functionSubnets, securityGroupIds: functionGroups, reportedVPCId: vpcA)
        network.functions[function.arn] = function

        // The database: in A, B (peered or not) or C; an instance, a cluster or a proxy; in a
        // status that serves or not; publicly accessible or not.
        var dbChoices: [(Int, String)] = [(55, vpcA)]
        if let vpcB { dbChoices.append((45, vpcB)) }
        if let vpcC { dbChoices.append((30, vpcC)) }
        let dbVPC = rng.weighted(dbChoices)
        let dbSubnetPool = dbVPC == vpcA ? subnetsA : dbVPC == vpcB ? subnetsB : subnetsC
        let dbRegion = network.vpcs[dbVPC]!.region
        let identifier = "db-\(seed)"
        let kind: RDSDatabase.Kind = rng.weighted([(80, .instance), (10, .cluster), (10, .proxy)])
        let status =
            rng.chance(tidy ? 85 : 70)
            ? "available"
            : kind == .proxy
                ? rng.pick(["modifying", "creating", "deleting", "incompatible-network", "suspended"])
                : rng.pick([
                    "stopped", "storage-full", "starting", "failed", "rebooting", "backing-up", "modifying",
                    "storage-optimization", "configuring-enhanced-monitoring", "configuring-iam-database-auth",
                    "configuring-log-exports", "resetting-master-credentials",
                ])
        let publiclyAccessible = kind == .instance && rng.chance(dbVPC == vpcA ? 10 : 45)
        let dbSubnets = rng.sample(dbSubnetPool, count: rng.int(1...min(2, dbSubnetPool.count)))
        let database = RDSDatabase(
            key:
                "arn:aws:rds:\(dbRegion):\(Self.account):\(kind == .proxy ? "db-proxy" : kind == .cluster ? "cluster" : "db"):\(identifier)",
            kind: kind, identifier: identifier, accountId: Self.account, region: dbRegion,
            engine: dbPort == 5432 ? "postgres" : "mysql", status: status,
            endpoint: "\(identifier).abcdefghijkl.\(dbRegion).rds.amazonaws.com", port: dbPort, vpcId: dbVPC,
            subnetIds: dbSubnets, securityGroupIds: rng.sample(groupsByVPC[dbVPC]!, count: rng.int(1...2)),
            publiclyAccessible: publiclyAccessible)
        self.database = database
        network.databases[database.key] = database

        // Security-group rules. Tidy: the function's groups allow all egress and the database's
        // admit the function, most of the time, in one of the usual ways.
        let allEgress = [SecurityGroupRule(number: 1, ipProtocol: .all, ports: .all, peer: .cidr(.any))]
        // What a publicly accessible database must admit: the Elastic IPs of A's NAT gateways.
        let natAddresses = network.natGateways.values.filter { $0.vpcId == vpcA }.flatMap(\.publicAddresses).sorted {
            $0.value < $1.value
        }.map { IPv4CIDR(address: $0, prefixLength: 32) }
        for id in allGroups {
            var group = network.securityGroups[id]!
            // A default group exported with no rules: it has none (hardened accounts empty it).
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
                // A publicly accessible database is reached from a NAT gateway's Elastic IP.
                let publicWeight = publiclyAccessible && !natAddresses.isEmpty ? 80 : 0
                let admit: SecurityGroupRule.Peer = rng.weighted([
                    (35, .group(functionGroup)), (20, .cidr(cidrA)), (10, .cidr(IPv4CIDR("10.0.0.0/8")!)),
                    (10 + publicWeight / 2, .cidr(.any)), (15, .cidr(functionSubnet)),
                    (10, .cidr(IPv4CIDR(address: functionSubnet.first, prefixLength: 29))),
                    (publicWeight, .cidr(natAddresses.isEmpty ? .any : rng.pick(natAddresses))),
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

        // Network interfaces, some with a public address, never in the database's subnets (the
        // database may be at any address there).
        makeInterfaces(vpc: vpcA, subnets: subnetsA, groups: groupsByVPC[vpcA]!)
        if let vpcB { makeInterfaces(vpc: vpcB, subnets: subnetsB, groups: groupsByVPC[vpcB]!) }
        if let vpcC { makeInterfaces(vpc: vpcC, subnets: subnetsC, groups: groupsByVPC[vpcC]!) }

        // Route tables, network ACLs.
        makeRouteTables(vpc: vpcA, subnets: subnetsA)
        if let vpcB { makeRouteTables(vpc: vpcB, subnets: subnetsB) }
        if let vpcC { makeRouteTables(vpc: vpcC, subnets: subnetsC) }
        if publiclyAccessible && dbVPC != vpcA && rng.chance(75) { makePublicDatabaseTable(database) }
        makeNetworkACLs(vpc: vpcA, subnets: subnetsA)
        if let vpcB { makeNetworkACLs(vpc: vpcB, subnets: subnetsB) }
        if let vpcC { makeNetworkACLs(vpc: vpcC, subnets: subnetsC) }

        // A's DNS attribute: mostly not exported. Off only where the database's name does not
        // need resolving through a peering (whether DNS support in both VPCs matters to that
        // is not this test's question).
        if rng.chance(30) {
            network.vpcs[vpcA]!.enableDnsSupport = publiclyAccessible || rng.chance(50)
        }

        let probes = makeProbes(cidrA: cidrA)
        makeBlockPublicAccess()
        network.index()
        return GeneratedCase(seed: seed, network: network, function: function, database: database, probes: probes)
    }

    /// VPC Block Public Access in a quarter of the cases: per region, the account's mode or
    /// none exported, its exclusions (of subnets or VPCs, some not in effect) or none exported,
    /// and sometimes the subnets' and VPCs' own states. Drawn last, so that the rest of a seed's
    /// topology is what it was before BPA was modelled.
    private mutating func makeBlockPublicAccess() {
        guard rng.chance(25) else { return }
        let modes: [BlockPublicAccessMode] = [.off, .blockBidirectional, .blockIngress]
        for region in Set(network.vpcs.values.map(\.region)).sorted() {
            let vpcs = network.vpcs.values.filter { $0.region == region }.map(\.id).sorted()
            let subnets = network.subnets.values.filter { vpcs.contains($0.vpcId) }.map(\.id).sorted()
            var settings = BlockPublicAccessSettings()
            if rng.chance(70) { settings.mode = rng.pick(modes) }
            if rng.chance(70) {
                settings.exclusions = (0..<rng.int(0...2)).map { _ in
                    let onSubnet = rng.chance(70) && !subnets.isEmpty
                    return BlockPublicAccessExclusion(
                        id: newId("vpcbpa-exclude"), mode: rng.pick([.allowEgress, .allowBidirectional]),
                        vpcId: onSubnet ? nil : rng.pick(vpcs), subnetId: onSubnet ? rng.pick(subnets) : nil,
                        state: rng.weighted([
                            (80, "create-complete"), (10, "create-in-progress"), (10, "disable-complete"),
                        ]))
                }
            }
            if settings.mode != nil || settings.exclusions != nil {
                network.blockPublicAccess["\(Self.account)/\(region)"] = settings
            }
        }
        if rng.chance(40) {
            for id in network.subnets.keys.sorted() where rng.chance(70) {
                network.subnets[id]!.blockPublicAccessMode = rng.pick(modes)
            }
            for id in network.vpcs.keys.sorted() where rng.chance(50) {
                network.vpcs[id]!.blockPublicAccessMode = rng.pick(modes)
            }
        }
    }

    /// A peering between A and another VPC; each side may allow DNS resolution from the other
    /// (or the export may not say).
    private mutating func makePeering(
        _ vpcA: String, _ cidrA: IPv4CIDR, _ other: String, _ cidr: IPv4CIDR, region: String, status: String
    ) -> String {
        let pcx = newId("pcx")
        let dns: [(Int, Bool?)] = [(40, true), (30, false), (30, nil)]
        let sideA = PeeringConnection.Side(
            vpcId: vpcA, accountId: Self.account, region: Self.region, cidrs: [cidrA],
            allowsDNSResolutionFromRemoteVPC: rng.weighted(dns))
        let sideOther = PeeringConnection.Side(
            vpcId: other, accountId: Self.account, region: region, cidrs: [cidr],
            allowsDNSResolutionFromRemoteVPC: rng.weighted(dns))
        let swap = rng.chance(50)
        network.peerings[pcx] = PeeringConnection(
            id: pcx, status: status, requester: swap ? sideOther : sideA, accepter: swap ? sideA : sideOther)
        return pcx
    }

    /// /28 subnets at random, distinct slots of the VPC's /24.
    private mutating func makeSubnets(
        vpc: String, base: IPv4CIDR, count: Int, slots: Range<Int>, zones: [String]
    ) -> [String] {
        let chosen = rng.sample(Array(slots), count: count)
        var ids: [String] = []
        for slot in chosen {
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

    // MARK: - Network interfaces

    /// 0-2 interfaces in the VPC's subnets other than the database's, at +10...+14 (NAT
    /// gateways are at +5...+9), about half with a public address.
    private mutating func makeInterfaces(vpc: String, subnets: [String], groups: [String]) {
        let pool = subnets.filter { !database!.subnetIds.contains($0) }
        guard !pool.isEmpty else { return }
        for _ in 0..<rng.int(0...2) {
            // In the textbook layout, A's public subnet is where a public address works.
            let subnet =
                vpc == vpcA && publicSubnet.map { pool.contains($0) } == true && rng.chance(40)
                ? publicSubnet! : rng.pick(pool)
            let address = IPv4Address(network.subnets[subnet]!.cidr!.first.value + 10 + UInt32(rng.int(0...4)))
            let publicAddresses = rng.chance(55) ? [randomPublicAddress()] : []
            let ownGroup = rng.chance(75) ? makeInterfaceGroup(vpc: vpc) : nil
            let other = rng.chance(ownGroup == nil ? 100 : 35) ? rng.pick(groups) : nil
            if network.networkInterfaces.values.contains(where: { $0.vpcId == vpc && $0.privateAddresses == [address] })
            {
                continue
            }
            let id = newId("eni")
            network.networkInterfaces[id] = NetworkInterface(
                id: id, vpcId: vpc, subnetId: subnet, interfaceType: "interface", description: "web server",
                privateAddresses: [address], publicAddresses: publicAddresses,
                securityGroupIds: [ownGroup, other].compactMap { $0 })
        }
    }

    /// A group of an interface's own, admitting 443 from the internet, from a NAT gateway's
    /// Elastic IP, from the function's group or VPC, or at random.
    private mutating func makeInterfaceGroup(vpc: String) -> String {
        let id = newId("sg")
        let https = PortRange(443)
        var choices: [(Int, [SecurityGroupRule])] = [
            (30, [SecurityGroupRule(number: 1, ipProtocol: .tcp, ports: https, peer: .cidr(.any))]),
            (
                10,
                [SecurityGroupRule(number: 1, ipProtocol: .tcp, ports: https, peer: .group(rng.pick(functionGroups)))]
            ),
            (
                15,
                [
                    SecurityGroupRule(
                        number: 1, ipProtocol: .tcp, ports: https, peer: .cidr(network.vpcs[vpcA]!.cidrs[0]))
                ]
            ),
            (15, randomGroupRules(groups: network.securityGroups.keys.sorted())),
        ]
        if !menuPublic.isEmpty {
            choices.append(
                (20, [SecurityGroupRule(number: 1, ipProtocol: .all, ports: .all, peer: .cidr(rng.pick(menuPublic)))]))
        }
        network.securityGroups[id] = SecurityGroup(
            id: id, vpcId: vpc, name: "web-\(counter)", accountId: Self.account, region: network.vpcs[vpc]!.region,
            ingress: rng.weighted(choices),
            egress: [SecurityGroupRule(number: 1, ipProtocol: .all, ports: .all, peer: .cidr(.any))])
        return id
    }

    /// A public address for an interface: anywhere, or inside one of the narrower public routes
    /// (a blackholed /24, the /24 to a VPN gateway, the /16 into a peering, 8.8.8.0/24).
    private mutating func randomPublicAddress() -> IPv4Address {
        let host = UInt32(rng.int(1...254))
        let bases: [(Int, String)] = [
            (40, "3.\(rng.int(0...255)).\(rng.int(0...255)).0"), (10, "18.\(rng.int(0...255)).\(rng.int(0...255)).0"),
            (10, "1.1.1.0"), (10, "52.94.76.0"), (10, "52.94.\(rng.int(0...255)).0"), (10, "8.8.8.0"),
            (10, "3.3.3.0"),
        ]
        return IPv4Address(IPv4Address(rng.weighted(bases))!.value + host)
    }

    // MARK: - Probes

    /// The `ip:` questions: an interface's address, an unheld address of a subnet, an address
    /// in no subnet, one of B's and C's common range, a public owner's address, a NAT gateway's
    /// Elastic IP, a public address nothing holds, and A's DNS server (plus one more DNS case).
    private mutating func makeProbes(cidrA: IPv4CIDR) -> [Probe] {
        var probes: [Probe] = []
        let ports = [443, dbPort, 22]
        let interfaces = network.networkInterfaces.values.sorted { $0.id < $1.id }
        if !interfaces.isEmpty {
            probes.append(
                Probe(
                    kind: .interface, address: rng.pick(interfaces).privateAddresses[0], port: rng.pick(ports),
                    ipProtocol: randomProbeProtocol()))
        }
        let candidates = network.subnets.values.filter { !database!.subnetIds.contains($0.id) }.sorted {
            $0.id < $1.id
        }
        if !candidates.isEmpty, let address = unheldAddress(in: rng.pick(candidates)) {
            probes.append(
                Probe(kind: .unheld, address: address, port: rng.pick(ports), ipProtocol: randomProbeProtocol()))
        }
        var nowhere = [
            IPv4Address(cidrA.first.value + 128 + UInt32(rng.int(0...127))), IPv4Address("10.20.0.5")!,
            IPv4Address("172.31.0.9")!,
        ]
        if let vpcB {
            let cidrB = network.vpcs[vpcB]!.cidrs[0]
            let used = network.subnets.values.filter { $0.vpcId == vpcB || $0.vpcId == vpcC }.compactMap(\.cidr)
            let free = (0..<16).map { IPv4Address(cidrB.first.value + UInt32($0 * 16) + 7) }.filter { address in
                !used.contains { inCIDR(address.value, $0) }
            }
            if !free.isEmpty { nowhere.append(rng.pick(free)) }
        }
        probes.append(Probe(kind: .noSubnet, address: rng.pick(nowhere), port: rng.pick(ports), ipProtocol: .tcp))
        // B's and C's range, outside the database's subnets (whether an address there no
        // interface holds is the database's, which wears its groups, is not this question).
        let shared = network.subnets.values.filter {
            ($0.vpcId == vpcB || $0.vpcId == vpcC) && !database!.subnetIds.contains($0.id)
        }.sorted { $0.id < $1.id }
        if vpcC != nil && !shared.isEmpty {
            let subnet = rng.pick(shared)
            let held = interfaces.filter { $0.subnetId == subnet.id }
            let address =
                !held.isEmpty && rng.chance(50) ? rng.pick(held).privateAddresses[0] : unheldAddress(in: subnet)
            if let address {
                probes.append(Probe(kind: .overlap, address: address, port: rng.pick(ports), ipProtocol: .tcp))
            }
        }
        let owners = interfaces.filter { !$0.publicAddresses.isEmpty }
        if !owners.isEmpty {
            probes.append(
                Probe(
                    kind: .publicOwner, address: rng.pick(owners).publicAddresses[0], port: rng.chance(80) ? 443 : 22,
                    ipProtocol: .tcp))
        }
        if !menuPublic.isEmpty {
            probes.append(Probe(kind: .natAddress, address: rng.pick(menuPublic).address, port: 443, ipProtocol: .tcp))
        }
        let nats = network.natGateways.values.sorted { $0.id < $1.id }
        if !nats.isEmpty && rng.chance(15) {
            probes.append(
                Probe(
                    kind: .natInterface, address: rng.pick(nats).privateAddresses[0], port: rng.pick(ports),
                    ipProtocol: .tcp))
        }
        let unowned = rng.pick(["1.1.1.1", "8.8.8.8", "3.3.3.3", "52.94.76.10", "52.94.1.1", "142.250.80.46"])
        probes.append(
            Probe(kind: .publicUnowned, address: IPv4Address(unowned)!, port: 443, ipProtocol: randomProbeProtocol()))
        let dnsA = IPv4Address(cidrA.first.value + 2)
        probes.append(Probe(kind: .dnsServer, address: dnsA, port: 53, ipProtocol: .udp))
        var others = [
            Probe(kind: .dnsServer, address: dnsA, port: 53, ipProtocol: .tcp),
            Probe(kind: .dnsServer, address: dnsA, port: 443, ipProtocol: .tcp),
            Probe(kind: .dnsServer, address: IPv4Address("169.254.169.253")!, port: 53, ipProtocol: .udp),
        ]
        if let vpcB {
            let dnsB = IPv4Address(network.vpcs[vpcB]!.cidrs[0].first.value + 2)
            others.append(Probe(kind: .dnsServer, address: dnsB, port: 53, ipProtocol: .udp))
        }
        probes.append(rng.pick(others))
        return probes
    }

    /// TCP mostly, UDP sometimes (rules and entries for UDP only, or for TCP only, then decide).
    private mutating func randomProbeProtocol() -> IPProtocol { rng.chance(15) ? .udp : .tcp }

    /// An address at +4...+14 of the subnet that no interface and no NAT gateway of its VPC
    /// holds (the first four and the last are AWS's).
    private mutating func unheldAddress(in subnet: Subnet) -> IPv4Address? {
        let held = Set(
            network.networkInterfaces.values.filter { $0.vpcId == subnet.vpcId }.flatMap(\.privateAddresses)
                + network.natGateways.values.filter { $0.vpcId == subnet.vpcId }.flatMap(\.privateAddresses))
        let free = (4...14).map { IPv4Address(subnet.cidr!.first.value + UInt32($0)) }.filter { !held.contains($0) }
        return free.isEmpty ? nil : rng.pick(free)
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
            (menuPublic.isEmpty ? 0 : 1, menuPublic.isEmpty ? .any : rng.pick(menuPublic)),
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
        let peerings = [peeringB, peeringC].compactMap { $0.flatMap { network.peerings[$0] } }.filter {
            $0.peer(of: vpc) != nil
        }
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
            if !peerings.isEmpty { choices.append((5, .peering)) }
            var choice = rng.weighted(choices)
            if textbook && index == 0 {
                // The private table: to the NAT gateway, or one way of getting that wrong.
                let broken: [Default] =
                    [.none, .igw, .blackhole, .dangling, .nat] + (peerings.isEmpty ? [] : [.peering])
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
                routes.append(Route(destination: any, targetKind: .pcx, targetId: rng.pick(peerings).id))
            case .dangling:
                routes.append(Route(destination: any, targetKind: .nat, targetId: "nat-0feedface0000000"))
            }

            // A gateway endpoint's prefix-list route.
            if rng.chance(20) {
                routes.append(Route(destination: .prefixList(prefixList), targetKind: .vpce, targetId: "vpce-pending"))
                gatewayEndpointTables.append(id)
            }

            // Routes to the peer VPCs: from A to B and C, whose CIDRs are the same, by halves
            // or whole; else to the one peer.
            if vpc == vpcA, let peeringB, let peeringC, rng.chance(tidy ? 90 : 75) {
                routes += overlappingPeerRoutes(peeringB, peeringC)
            } else if let peering = peerings.first, let peer = peering.peer(of: vpc), rng.chance(tidy ? 85 : 60) {
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

            // A narrower route for a public range beside the covering one: an exception that
            // `internet` only notes, and that decides an `ip:` inside it.
            if rng.chance(25) {
                let blackholed = IPv4CIDR(rng.pick(["1.1.1.0/24", "52.94.76.0/24"]))!
                var exceptions: [(Int, Route)] = [
                    (
                        3,
                        Route(
                            destination: .cidr(blackholed), targetKind: .nat, targetId: "nat-0deadbeef00000000",
                            isBlackhole: true)
                    ),
                    (
                        3,
                        Route(
                            destination: .cidr(IPv4CIDR("3.3.3.0/24")!), targetKind: .vgw,
                            targetId: "vgw-0partner00000000")
                    ),
                ]
                if !peerings.isEmpty {
                    let peering = rng.pick(peerings).id
                    exceptions.append(
                        (2, Route(destination: .cidr(IPv4CIDR("52.94.0.0/16")!), targetKind: .pcx, targetId: peering)))
                }
                routes.append(rng.weighted(exceptions))
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
            // The list's CIDRs are exported or not: known, they make its route a narrower one.
            if network.prefixLists[prefixList] == nil {
                let cidrs = rng.chance(40) ? ["52.216.0.0/15", "3.5.0.0/19"].map { IPv4CIDR($0)! } : nil
                network.prefixLists[prefixList] = PrefixList(
                    id: prefixList, name: "com.amazonaws.\(Self.region).s3", cidrs: cidrs)
            }
        }
        for table in tables { network.routeTables[table.id] = table }
    }

    /// A's routes to B's CIDR, which C has too: each /25 half to one peering or the other, only
    /// one half, the whole /24 to one, or the whole to one and a half to the other.
    private mutating func overlappingPeerRoutes(_ peeringB: String, _ peeringC: String) -> [Route] {
        let cidr = network.vpcs[vpcB!]!.cidrs[0]
        let lower = IPv4CIDR(address: cidr.first, prefixLength: 25)
        let upper = IPv4CIDR(address: IPv4Address(cidr.first.value + 128), prefixLength: 25)
        let (b, c) = (peeringB, peeringC)
        let layouts: [(Int, [(IPv4CIDR, String)])] = [
            (25, [(lower, b), (upper, c)]), (25, [(lower, c), (upper, b)]),
            (5, [(lower, b)]), (5, [(upper, b)]), (5, [(lower, c)]), (5, [(upper, c)]),
            (8, [(cidr, b)]), (8, [(cidr, c)]), (7, [(cidr, b), (upper, c)]), (7, [(cidr, c), (lower, b)]),
        ]
        return rng.weighted(layouts).map { Route(destination: .cidr($0.0), targetKind: .pcx, targetId: $0.1) }
    }

    /// The publicly accessible database's subnets get a table of their own: the internet
    /// gateway of their VPC (created if it has none, most of the time) for 0.0.0.0/0, sometimes
    /// a route back to A through the peering, sometimes a narrower route that drops a NAT
    /// gateway's Elastic IP.
    private mutating func makePublicDatabaseTable(_ database: RDSDatabase) {
        let vpc = database.vpcId!
        let vpcCIDR = network.vpcs[vpc]!.cidrs[0]
        var gateway = network.internetGateways.values.filter { $0.attachedVPCs.contains(vpc) }.map(\.id).min()
        if gateway == nil && rng.chance(85) {
            let id = newId("igw")
            network.internetGateways[id] = InternetGateway(id: id, attachedVPCs: [vpc])
            gateway = id
        }
        var routes = [Route(destination: .cidr(vpcCIDR), targetKind: .local, targetId: "local")]
        if let gateway, rng.chance(90) {
            routes.append(Route(destination: .cidr(.any), targetKind: .igw, targetId: gateway))
        }
        let peering = [peeringB, peeringC].compactMap { $0.flatMap { network.peerings[$0] } }.first {
            $0.peer(of: vpc) != nil
        }
        if let peering, rng.chance(60) {
            routes.append(
                Route(destination: .cidr(network.vpcs[vpcA]!.cidrs[0]), targetKind: .pcx, targetId: peering.id))
        }
        if !menuPublic.isEmpty && rng.chance(15) {
            routes.append(
                Route(
                    destination: .cidr(rng.pick(menuPublic)), targetKind: .nat, targetId: "nat-0deadbeef00000000",
                    isBlackhole: true))
        }
        for id in network.routeTables.keys {
            network.routeTables[id]!.associatedSubnets.removeAll { database.subnetIds.contains($0) }
        }
        let id = newId("rtb")
        network.routeTables[id] = RouteTable(
            id: id, vpcId: vpc, routes: rng.sample(routes, count: routes.count), associatedSubnets: database.subnetIds)
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
