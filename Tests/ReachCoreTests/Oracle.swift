import ReachCore

/// A deliberately naive reachability oracle, written from the rule book (docs/semantics.md)
/// without looking at the solver's code.
///
/// It does not reason about sets. It takes concrete packets (a source address, a destination
/// address, a protocol, a destination port) and walks each one hop by hop: security groups rule by rule,
/// network ACLs entry by entry in rule-number order with the first match deciding, route tables
/// by longest prefix match, then gateways, then the way back. A subnet reaches the target only
/// when every sampled connection gets there and back:
///
/// - sources: every address of the function's subnet (the ENI may get any of them);
/// - destinations: `internet`: the representative public addresses (below) among those where a
///   CIDR of the network or an edge of the public address space starts or ends, plus some
///   well-known ones; a database: every address of its subnets (it may be at any of them, and
///   moves between them on failover), or the public addresses as for `internet` when its name
///   resolves publicly; `ip:`: that address;
/// - return ports: 1024, 65535 and every network ACL port-range edge between them.
///
/// The samples contain an address at the start of every interval on which the membership in
/// every CIDR of the network is constant (and likewise for ports), so "every sample gets
/// through" is the same as "every address gets through" for these topologies.
///
/// The rules it follows, by section of the rule book:
///
/// - Security groups: egress is the union of the function's groups, by CIDR, prefix list or a
///   reference to a group the destination wears (across a peering only within one region);
///   ingress at what is reached (a database, a network interface) the same way; stateful. A
///   default group has the rules exported, none when it was emptied. Traffic from the internet
///   wears no group: only CIDR (and prefix-list) rules admit it. The Amazon DNS server of the
///   function's VPC (base + 2, and 169.254.169.253) answers on port 53 whatever the groups,
///   ACLs and routes say, unless the VPC's `enableDnsSupport` is off; then, with the Amazon DNS
///   server the VPC's (its DHCP options give it, or were not exported), a database's name does
///   not resolve.
/// - Network ACLs: one per subnet, first match by rule number, implicit deny; both ways at every
///   subnet crossed, none inside one subnet.
/// - How a destination is found: the function subnet's route decides first (no route: dropped);
///   its target names the network (`local`: this VPC; a `pcx-`: the peer of that peering, and
///   the address must be in the peer's CIDRs; a NAT or internet gateway: the internet, but for
///   a private address that the NAT gateway's subnet routes on to a peering, which the NAT
///   gateway forwards it to from its own private address: the far end's ACL, groups and routes
///   back see that address, and the replies come back to the function through the NAT
///   gateway), and only
///   then is the address looked up in that network: its subnet there, and the network interface
///   of that VPC that holds it (no interface: nothing answers, where the VPC's interfaces were
///   exported and the address is not in a database's subnet; else no groups to check). A private address sent to
///   the internet goes nowhere. `internet` is the internet at large: in each table on the way
///   (the function subnet's, then the NAT gateway subnet's) only the addresses under the widest
///   routes that carry public traffic there are judged (see `representativePublic(from:)`),
///   and each network ACL on the internet's side judges them by the widest of the entries that
///   decide them, a narrower entry (a blocklisted range) being an exception.
/// - Public addresses: a public address of the inventory is reached through the NAT gateway,
///   the internet and the owner VPC's attached internet gateway; the owner's ACL and groups see
///   the NAT gateway's Elastic IP, and the owner's subnet must route that address back to its
///   VPC's internet gateway. A NAT gateway's Elastic IP (or its private address) accepts no
///   connection; another VPC's DNS server answers only its own VPC. A publicly accessible
///   database outside the function's VPC resolves to its public address unless an active
///   peering between the two VPCs lets the database's side resolve DNS for the other side.
/// - VPC Block Public Access: bidirectional mode drops what a NAT gateway's subnet sends to the
///   internet gateway, any mode but off drops what comes into a subnet from the internet; the
///   subnet's mode is `blockPublicAccessMode(_:)`'s.
/// - Destinations have states: a database serves only in `available` and the maintenance
///   statuses (`backing-up`, `modifying`, `storage-optimization`, `configuring-*`,
///   `resetting-master-credentials`); a proxy only in `available` and `modifying`.
/// - Routing and gateways: explicit table else main; longest prefix, then local > static >
///   prefix list > propagated; blackholes, missing targets, NAT gateways not available and
///   inactive peerings drop; the function's ENI has no public IP, so an internet gateway as its
///   next hop drops; a public NAT gateway needs its subnet's route to an attached internet
///   gateway (an export that leaves out its Elastic IP does not say what the far end sees: any
///   public address); peering is not transitive, and the replies must come back through the
///   same peering.
///
/// Routes through components it does not model (a VPN gateway, a gateway endpoint) make a
/// verdict `undetermined`, and no comparison is made; so does an `ip:` address that no interface
/// holds in a database's subnet when whether it is the database's decides (the database may be
/// at any address there, and the rules do not say which).
final class Oracle {
    enum Verdict: Equatable, CustomStringConvertible {
        case reachable
        /// The first connection that fails, and where.
        case unreachable(String)
        /// The rules do not say what happens (e.g. a route to a VPN gateway): no comparison is
        /// made.
        case undetermined(String)

        var description: String {
            switch self {
            case .reachable: return "reachable"
            case .unreachable(let why): return "unreachable (\(why))"
            case .undetermined(let why): return "undetermined (\(why))"
            }
        }
    }

    /// One connection's outcome: nil when it gets through, else the reason.
    private enum Outcome: Error {
        case dropped(String)
        case undetermined(String)
    }

    /// A packet, named in a reason only when it is dropped (building the text for every packet
    /// would cost more than walking it).
    private struct Flow: CustomStringConvertible {
        var source: UInt32
        var destination: UInt32
        var port: Int
        var label = ""
        var description: String { "\(IPv4Address(source)) -> \(IPv4Address(destination)):\(port)\(label)" }
    }

    /// Something with an address and security groups: the function's ENI, a database, a network
    /// interface, an address no interface holds (`filtered` false: no groups to check), or a
    /// host on the internet (no groups).
    private struct Host {
        var address: UInt32
        var vpcId: String?
        var subnetId: String?
        var groups: [String]
        var filtered = true
    }

    let network: Network

    // Lookups the oracle makes, built from the raw resources (not from `Network.index()`).
    private var routeTableOfSubnet: [String: RouteTable] = [:]
    private var aclOfSubnet: [String: (id: String, inbound: [NetworkACLEntry], outbound: [NetworkACLEntry])] = [:]
    private var subnetsOfVPC: [String: [(id: String, cidr: IPv4CIDR)]] = [:]

    init(network: Network) {
        self.network = network
        for subnet in network.subnets.values {
            if let cidr = subnet.cidr { subnetsOfVPC[subnet.vpcId, default: []].append((subnet.id, cidr)) }
            // Route table: the explicitly associated one, else the VPC's main table.
            let explicit = network.routeTables.values.first { $0.associatedSubnets.contains(subnet.id) }
            let main = network.routeTables.values.first { $0.vpcId == subnet.vpcId && $0.isMain }
            routeTableOfSubnet[subnet.id] = explicit ?? main
            // Network ACL: the associated one, else the VPC's default ACL.
            let associated = network.networkACLs.values.first { $0.associatedSubnets.contains(subnet.id) }
            let defaultACL = network.networkACLs.values.first { $0.vpcId == subnet.vpcId && $0.isDefault }
            if let acl = associated ?? defaultACL {
                // Entries in ascending rule number: the first that matches decides.
                aclOfSubnet[subnet.id] = (
                    acl.id, acl.inbound.sorted { $0.ruleNumber < $1.ruleNumber },
                    acl.outbound.sorted { $0.ruleNumber < $1.ruleNumber }
                )
            }
        }
    }

    // MARK: - Questions

    /// `internet`: TCP `port` to the public internet at large, per subnet of the function: only
    /// the representative public addresses of each subnet are judged (see
    /// `representativePublic(from:)`).
    func internet(_ function: LambdaFunction, port: Int = 443) -> [String: Verdict] {
        let returnPorts = ephemeralSample()
        let ipProtocol = IPProtocol.tcp
        var result: [String: Verdict] = [:]
        for subnetId in function.subnetIds {
            let destinations = representativePublic(from: subnetId)
            result[subnetId] = perSubnet(function, subnetId) { (source: Host) throws(Outcome) in
                for destination in destinations {
                    _ = try toInternet(
                        from: source, to: destination, port: port, ipProtocol: ipProtocol, returnPorts: returnPorts,
                        atLarge: destinations)
                }
            }
        }
        return result
    }

    /// `rds:ID`: TCP to the database's port, per subnet. Privately: at any address of its
    /// subnets. Publicly (see `resolvesPublicly`): at a public address judged as `internet` is,
    /// then from the NAT gateway's Elastic IP into each of its subnets.
    func database(_ function: LambdaFunction, _ database: RDSDatabase) -> [String: Verdict] {
        let returnPorts = ephemeralSample()
        let port = database.port ?? 5432
        let ipProtocol = IPProtocol.tcp
        var result: [String: Verdict] = [:]
        guard serves(database) else {
            for subnetId in function.subnetIds {
                result[subnetId] = .unreachable("\(database.identifier) is \(database.status ?? "?")")
            }
            return result
        }
        for subnetId in function.subnetIds {
            // The database is asked for by its endpoint's name, which the Amazon DNS server of
            // the function's VPC resolves (every VPC's, unless its DHCP options name others):
            // with enableDnsSupport off, it does not answer.
            if let vpc = network.subnets[subnetId].flatMap({ network.vpcs[$0.vpcId] }), vpc.enableDnsSupport == false {
                switch vpc.dnsServers {
                case .unknown, .amazon:
                    result[subnetId] = .unreachable("\(vpc.id) has DNS support off: the name does not resolve")
                    continue
                default: break
                }
            }
            if let functionVPC = network.subnets[subnetId]?.vpcId, resolvesPublicly(database, from: functionVPC) {
                let destinations = representativePublic(from: subnetId)
                result[subnetId] = perSubnet(function, subnetId) { (source: Host) throws(Outcome) in
                    // The database's side depends on the NAT gateway only: judged once for each.
                    var arrived: Set<String> = []
                    for destination in destinations {
                        let nat = try toInternet(
                            from: source, to: destination, port: port, ipProtocol: ipProtocol, returnPorts: returnPorts,
                            atLarge: destinations)
                        guard arrived.insert(nat.id).inserted else { continue }
                        for dbSubnetId in database.subnetIds {
                            guard let dbSubnet = network.subnets[dbSubnetId], let cidr = dbSubnet.cidr else {
                                throw Outcome.dropped("database subnet \(dbSubnetId) unknown")
                            }
                            let db = Host(
                                address: addresses(of: cidr).lowerBound, vpcId: dbSubnet.vpcId, subnetId: dbSubnetId,
                                groups: database.securityGroupIds)
                            try fromInternet(
                                nat, to: db, publicAddress: destination, port: port, ipProtocol: ipProtocol,
                                returnPorts: returnPorts)
                        }
                    }
                }
                continue
            }
            result[subnetId] = perSubnet(function, subnetId) { (source: Host) throws(Outcome) in
                for dbSubnetId in database.subnetIds {
                    guard let dbSubnet = network.subnets[dbSubnetId], let cidr = dbSubnet.cidr else {
                        throw Outcome.dropped("database subnet \(dbSubnetId) unknown")
                    }
                    for address in addresses(of: cidr) {
                        let what = Flow(source: source.address, destination: address, port: port)
                        let (arrival, via) = try findPrivately(from: source, address, what: what)
                        guard arrival.vpcId == dbSubnet.vpcId, arrival.subnetId == dbSubnetId else {
                            throw Outcome.dropped(
                                "\(what): routed to \(arrival.subnetId ?? "?") of \(arrival.vpcId ?? "?"), not the database's subnet"
                            )
                        }
                        let db = Host(
                            address: address, vpcId: dbSubnet.vpcId, subnetId: dbSubnet.id,
                            groups: database.securityGroupIds)
                        try privateConnection(
                            from: source, to: db, via: via, port: port, ipProtocol: ipProtocol, returnPorts: returnPorts
                        )
                    }
                }
            }
        }
        return result
    }

    /// `ip:A.B.C.D:PORT` over `ipProtocol`, per subnet: that address exactly.
    func address(_ function: LambdaFunction, _ target: IPv4Address, port: Int, ipProtocol: IPProtocol)
        -> [String: Verdict]
    {
        let d = target.value
        let returnPorts = ephemeralSample()
        var result: [String: Verdict] = [:]
        for subnetId in function.subnetIds {
            let vpcId = network.subnets[subnetId]?.vpcId
            // The function VPC's own DNS server is not filtered by anything.
            if let vpcId, let vpc = network.vpcs[vpcId], d == dnsAddress(of: vpc) || d == Self.linkLocalDNS {
                if vpc.enableDnsSupport == false {
                    result[subnetId] = .unreachable("\(vpcId) has DNS support off")
                } else if port != 53 || !(ipProtocol == .udp || ipProtocol == .tcp) {
                    result[subnetId] = .unreachable("the DNS server answers on port 53 only")
                } else {
                    result[subnetId] = .reachable
                }
                continue
            }
            if let nat = network.natGateways.values.first(where: { $0.publicAddresses.map(\.value).contains(d) }) {
                result[subnetId] = .unreachable("\(target) is \(nat.id)'s Elastic IP: it accepts no connection")
                continue
            }
            result[subnetId] = perSubnet(function, subnetId) { (source: Host) throws(Outcome) in
                let what = Flow(source: source.address, destination: d, port: port)
                if isPublic(d) {
                    let nat = try toInternet(
                        from: source, to: d, port: port, ipProtocol: ipProtocol, returnPorts: returnPorts)
                    // A public address of the inventory: in through its VPC's internet gateway.
                    if let owner = network.networkInterfaces.values.filter({
                        $0.publicAddresses.map(\.value).contains(d)
                    }).min(by: { $0.id < $1.id }) {
                        let host = Host(
                            address: owner.privateAddresses.first?.value ?? 0, vpcId: owner.vpcId,
                            subnetId: owner.subnetId, groups: owner.securityGroupIds)
                        try fromInternet(
                            nat, to: host, publicAddress: d, port: port, ipProtocol: ipProtocol,
                            returnPorts: returnPorts)
                    }
                    return
                }
                let (remote, via) = try findPrivately(from: source, d, what: what)
                let vpcId = remote.vpcId!
                if network.natGateways.values.contains(where: {
                    $0.vpcId == vpcId && $0.privateAddresses.map(\.value).contains(d)
                }) {
                    throw .dropped("\(what): a NAT gateway's interface accepts no connection")
                }
                if vpcId != source.vpcId, let vpc = network.vpcs[vpcId], d == dnsAddress(of: vpc) {
                    throw .dropped("\(what): \(vpcId)'s DNS server answers its own VPC only")
                }
                // The VPC's interfaces are all listed (any is): an address none holds has no
                // receiver, unless it is in a database's subnet (the database may be there).
                if !remote.filtered, network.networkInterfaces.values.contains(where: { $0.vpcId == vpcId }),
                    !network.databases.values.contains(where: {
                        $0.vpcId == vpcId && $0.subnetIds.contains(remote.subnetId!)
                    })
                {
                    throw .dropped("\(what): no network interface of \(vpcId) holds it")
                }
                do throws(Outcome) {
                    try privateConnection(
                        from: source, to: remote, via: via, port: port, ipProtocol: ipProtocol,
                        returnPorts: returnPorts)
                } catch {
                    // An address no interface holds, in a database's subnet: it may be the
                    // database's (which may be at any address there), and then the function's
                    // egress rules that reference the database's groups match it. When that
                    // decides, the rules do not say which it is.
                    guard case .dropped = error, !remote.filtered,
                        let database = network.databases.values.first(where: {
                            $0.vpcId == vpcId && $0.subnetIds.contains(remote.subnetId!)
                        })
                    else { throw error }
                    var maybeDatabase = remote
                    maybeDatabase.groups = database.securityGroupIds
                    if (try? privateConnection(
                        from: source, to: maybeDatabase, via: via, port: port, ipProtocol: ipProtocol,
                        returnPorts: returnPorts)) != nil
                    {
                        throw .undetermined(
                            "\(what): in a subnet of \(database.identifier), maybe the database's address")
                    }
                    throw error
                }
            }
        }
        return result
    }

    /// Runs `body` for every address of the subnet as the function's source.
    private func perSubnet(_ function: LambdaFunction, _ subnetId: String, _ body: (Host) throws(Outcome) -> Void)
        -> Verdict
    {
        guard let subnet = network.subnets[subnetId], let cidr = subnet.cidr else {
            return .unreachable("function subnet \(subnetId) unknown")
        }
        do throws(Outcome) {
            for address in addresses(of: cidr) {
                let source = Host(
                    address: address, vpcId: subnet.vpcId, subnetId: subnetId, groups: function.securityGroupIds)
                try body(source)
            }
            return .reachable
        } catch {
            switch error {
            case .dropped(let why): return .unreachable(why)
            case .undetermined(let why): return .undetermined(why)
            }
        }
    }

    /// Whether the database's status is one in which it serves connections.
    private func serves(_ database: RDSDatabase) -> Bool {
        let status = database.status ?? "available"
        if database.kind == .proxy { return status == "available" || status == "modifying" }
        return [
            "available", "backing-up", "modifying", "storage-optimization", "configuring-enhanced-monitoring",
            "configuring-iam-database-auth", "configuring-log-exports", "resetting-master-credentials",
        ].contains(status)
    }

    /// Whether the database's name resolves to its public address from `vpcId`: it is publicly
    /// accessible, in another VPC, and no active peering of the two lets the database's side
    /// resolve for the other.
    private func resolvesPublicly(_ database: RDSDatabase, from vpcId: String) -> Bool {
        guard database.publiclyAccessible, let dbVPC = database.vpcId, dbVPC != vpcId else { return false }
        let resolvesPrivately = network.peerings.values.contains { peering in
            guard peering.status == "active" else { return false }
            let dbSide: PeeringConnection.Side
            if peering.requester.vpcId == dbVPC && peering.accepter.vpcId == vpcId {
                dbSide = peering.requester
            } else if peering.accepter.vpcId == dbVPC && peering.requester.vpcId == vpcId {
                dbSide = peering.accepter
            } else {
                return false
            }
            return dbSide.allowsDNSResolutionFromRemoteVPC == true
        }
        return !resolvesPrivately
    }

    // MARK: - VPC Block Public Access

    /// The VPC Block Public Access mode of `subnetId`, from the rule book (semantics.md,
    /// Gateways): the account's mode with its exclusions when both were exported, else the
    /// subnet's (else its VPC's) own state with the exclusions that were exported, else off. An
    /// exclusion being created or disabled exempts nothing; allow-bidirectional exempts from
    /// any mode; allow-egress turns bidirectional into ingress-only and leaves ingress-only.
    func blockPublicAccessMode(_ subnetId: String) -> BlockPublicAccessMode {
        guard let subnet = network.subnets[subnetId], let vpc = network.vpcs[subnet.vpcId] else { return .off }
        let settings = network.blockPublicAccess["\(subnet.ownerId ?? vpc.accountId)/\(vpc.region)"]
        let own = subnet.blockPublicAccessMode ?? vpc.blockPublicAccessMode
        let base: BlockPublicAccessMode
        if let mode = settings?.mode, settings?.exclusions != nil || own == nil {
            base = mode
        } else {
            base = own ?? .off
        }
        let excluded = (settings?.exclusions ?? []).filter {
            ($0.subnetId == subnetId || $0.vpcId == vpc.id)
                && ![
                    "create-in-progress", "create-failed", "delete-in-progress", "delete-complete",
                    "disable-in-progress", "disable-complete",
                ].contains($0.state ?? "")
        }
        if base == .off || excluded.contains(where: { $0.mode == .allowBidirectional }) { return .off }
        if excluded.contains(where: { $0.mode == .allowEgress }) { return .blockIngress }
        return base
    }

    // MARK: - Connections

    /// Function -> NAT gateway -> internet gateway -> the public address `d`, and the replies
    /// back to the function: everything on the function's side of the internet. Returns the NAT
    /// gateway, whose Elastic IP the far end sees.
    /// `atLarge`: the samples that stand for the internet at large when `d` is one of them (not
    /// for an exact `ip:`): each network ACL on the internet side is then judged on them, an
    /// entry narrower than the widest that decides one of them being an exception (see
    /// `aclAllows(_:outbound:peer:port:ipProtocol:atLarge:ports:)`).
    private func toInternet(
        from source: Host, to d: UInt32, port: Int, ipProtocol: IPProtocol, returnPorts: [Int], atLarge: [UInt32] = []
    )
        throws(Outcome)
        -> NATGateway
    {
        let s = source.address
        let remote = Host(address: d, vpcId: nil, subnetId: nil, groups: [])
        let what = Flow(source: s, destination: d, port: port)
        guard securityGroupEgressAllows(source, to: remote, port: port, ipProtocol: ipProtocol) else {
            throw .dropped("\(what): no egress rule of the function's groups allows it")
        }
        let route = try lookup(subnet: source.subnetId!, destination: d, what: what)
        switch route.targetKind {
        case .igw:
            // Whether or not the gateway is attached: the ENI has no public IP.
            throw .dropped("\(what): the function subnet routes to \(route.targetId ?? "?"); the ENI has no public IP")
        case .nat:
            let nat = try usableNAT(route, vpcId: source.vpcId!, what: what)
            // Function subnet -> NAT subnet.
            try crossSubnets(
                from: source.subnetId!, to: nat.subnetId, source: s, destination: d, port: port, ipProtocol: ipProtocol,
                what: what, atLarge: atLarge, ports: [port])
            // A public NAT gateway has an Elastic IP; an export without it does not say which
            // (see `fromInternet`). The generator never leaves it out.
            guard nat.isPublic else { throw .dropped("\(what): \(nat.id) is a private NAT gateway") }
            // NAT -> internet, from the NAT's subnet.
            guard
                aclAllows(
                    nat.subnetId, outbound: true, peer: d, port: port, ipProtocol: ipProtocol, atLarge: atLarge,
                    ports: [port])
            else {
                throw .dropped("\(what): NACL of NAT subnet \(nat.subnetId) denies outbound")
            }
            let natRoute = try lookup(
                subnet: nat.subnetId, destination: d,
                what: Flow(source: s, destination: d, port: port, label: " (from \(nat.id))"))
            guard natRoute.targetKind == .igw, let gateway = natRoute.targetId.flatMap({ network.internetGateways[$0] })
            else {
                throw .dropped(
                    "\(what): NAT subnet \(nat.subnetId) routes it to \(natRoute.summary), not an internet gateway")
            }
            guard gateway.attachedVPCs.contains(nat.vpcId) else {
                throw .dropped("\(what): \(gateway.id) is not attached to \(nat.vpcId)")
            }
            // VPC Block Public Access: bidirectional drops what the NAT gateway's subnet sends to
            // the internet gateway; ingress-only lets NAT gateways out.
            guard blockPublicAccessMode(nat.subnetId) != .blockBidirectional else {
                throw .dropped("\(what): VPC Block Public Access is bidirectional for \(nat.subnetId)")
            }
            guard isPublic(d) else { throw .dropped("\(what): not a public address") }
            // Back: internet -> NAT (its Elastic IP) -> function, to every ephemeral port.
            for returnPort in returnPorts {
                let back = Flow(source: d, destination: s, port: returnPort, label: " (return)")
                guard
                    aclAllows(
                        nat.subnetId, outbound: false, peer: d, port: returnPort, ipProtocol: ipProtocol,
                        atLarge: atLarge, ports: returnPorts, reply: true)
                else {
                    throw .dropped("\(back): NACL of NAT subnet \(nat.subnetId) denies the return inbound")
                }
                // The NAT translates back and sends from its own subnet to the function.
                let home = try lookup(subnet: nat.subnetId, destination: s, what: back)
                guard home.targetKind == .local, subnet(containing: s, inVPC: nat.vpcId) == source.subnetId else {
                    throw .dropped("\(back): NAT subnet routes the function's address to \(home.summary)")
                }
                try crossSubnets(
                    from: nat.subnetId, to: source.subnetId!, source: d, destination: s, port: returnPort,
                    ipProtocol: ipProtocol, what: back, atLarge: atLarge, ports: returnPorts, reply: true)
            }
            return nat
        case .pcx:
            let peer = try usablePeering(route, vpcId: source.vpcId!, what: what)
            guard peer.cidrs.contains(where: { inCIDR(d, $0) }) else {
                throw .dropped("\(what): routed into \(route.targetId!) but not in the peer VPC's CIDRs")
            }
            throw .dropped("\(what): a public address cannot be in a peer VPC")
        case .local:
            throw .dropped("\(what): a public address routed locally")
        default:
            throw .undetermined("\(what): route \(route.summary) leaves through a component not modelled")
        }
    }

    /// The internet -> the owner VPC's internet gateway -> `host` (a network interface, or a
    /// database in one of its subnets), from every Elastic IP of `nat`, and the replies back to
    /// the internet gateway. The host's groups see a public source: only CIDR rules can admit it.
    /// When the export does not give the NAT gateway's Elastic IP, the traffic may come from any
    /// public address, and every one must be admitted.
    private func fromInternet(
        _ nat: NATGateway, to host: Host, publicAddress: UInt32, port: Int, ipProtocol: IPProtocol, returnPorts: [Int]
    )
        throws(Outcome)
    {
        let vpcId = host.vpcId!
        let subnetId = host.subnetId!
        guard network.internetGateways.values.contains(where: { $0.attachedVPCs.contains(vpcId) }) else {
            throw .dropped("\(IPv4Address(publicAddress)): \(vpcId) has no internet gateway attached")
        }
        // VPC Block Public Access: any mode but off drops a connection that comes into a subnet
        // from the internet.
        guard blockPublicAccessMode(subnetId) == .off else {
            throw .dropped("\(IPv4Address(publicAddress)): VPC Block Public Access blocks inbound to \(subnetId)")
        }
        let sources = nat.publicAddresses.isEmpty ? publicSample() : nat.publicAddresses.map(\.value)
        for e in sources {
            let what = Flow(source: e, destination: publicAddress, port: port, label: " (into \(subnetId))")
            guard aclAllows(subnetId, outbound: false, peer: e, port: port, ipProtocol: ipProtocol) else {
                throw .dropped("\(what): NACL of \(subnetId) denies inbound")
            }
            let source = Host(address: e, vpcId: nil, subnetId: nil, groups: [])
            guard securityGroupIngressAllows(host, from: source, port: port, ipProtocol: ipProtocol) else {
                throw .dropped("\(what): no ingress rule of the destination's groups admits the NAT's Elastic IP")
            }
            let back = Flow(source: publicAddress, destination: e, port: 1024, label: " (return)")
            let home = try lookup(subnet: subnetId, destination: e, what: back)
            guard home.targetKind == .igw,
                let gateway = home.targetId.flatMap({ network.internetGateways[$0] }),
                gateway.attachedVPCs.contains(vpcId)
            else {
                throw .dropped("\(back): \(subnetId) routes the NAT's Elastic IP to \(home.summary)")
            }
            for returnPort in returnPorts
            where !aclAllows(subnetId, outbound: true, peer: e, port: returnPort, ipProtocol: ipProtocol, reply: true) {
                throw .dropped(
                    "\(Flow(source: publicAddress, destination: e, port: returnPort, label: " (return)")): NACL of \(subnetId) denies outbound"
                )
            }
        }
    }

    /// How a private connection gets to its VPC: through a peering or not, and through a NAT
    /// gateway that forwards it privately or not.
    private struct Way {
        var peering: String?
        var nat: NATGateway?
    }

    /// Where the function subnet's route sends the private address `d`: the network it names,
    /// then the subnet of that network that holds `d`, and the network interface there if any.
    /// Returns the destination and the way it is reached.
    private func findPrivately(from source: Host, _ d: UInt32, what: Flow) throws(Outcome) -> (Host, Way) {
        var route = try lookup(subnet: source.subnetId!, destination: d, what: what)
        var via = Way()
        var from = (vpcId: source.vpcId!, what: what)
        if route.targetKind == .nat {
            // A NAT gateway forwards a private address that its own subnet routes on privately,
            // and from there the network is the one that route names; a route to the internet
            // (an internet or NAT gateway) carries no private address.
            let nat = try usableNAT(route, vpcId: source.vpcId!, what: what)
            let onward = Flow(source: source.address, destination: d, port: what.port, label: " (from \(nat.id))")
            route = try lookup(subnet: nat.subnetId, destination: d, what: onward)
            guard route.targetKind != .igw && route.targetKind != .nat else {
                throw .dropped("\(what): a private address routed to \(nat.id), then \(route.summary): the internet")
            }
            via.nat = nat
            from = (nat.vpcId, onward)
        }
        let vpcId: String
        switch route.targetKind {
        case .local:
            vpcId = from.vpcId
        case .pcx:
            let peer = try usablePeering(route, vpcId: from.vpcId, what: from.what)
            guard peer.cidrs.contains(where: { inCIDR(d, $0) }) else {
                throw .dropped("\(from.what): routed into \(route.targetId!) but not in the peer VPC's CIDRs")
            }
            vpcId = peer.vpcId
            via.peering = route.targetId
        case .igw:
            throw .dropped("\(what): the function subnet routes a private address to \(route.targetId ?? "?")")
        case .nat:
            // A NAT gateway's route means the internet, where no private address is.
            throw .dropped("\(what): a private address routed to \(route.targetId ?? "?"), the internet")
        default:
            throw .undetermined("\(from.what): route \(route.summary) leaves through a component not modelled")
        }
        guard let subnetId = subnet(containing: d, inVPC: vpcId) else {
            throw .dropped("\(what): no subnet of \(vpcId) holds the address")
        }
        let holder = network.networkInterfaces.values.filter {
            $0.vpcId == vpcId && $0.privateAddresses.map(\.value).contains(d)
        }.min { $0.id < $1.id }
        let host = Host(
            address: d, vpcId: vpcId, subnetId: subnetId, groups: holder?.securityGroupIds ?? [],
            filtered: holder != nil)
        return (host, via)
    }

    /// Function -> a host in a VPC (same VPC, or peered; directly or through a NAT gateway that
    /// forwards it, as `way` says), and back.
    private func privateConnection(
        from source: Host, to remote: Host, via way: Way, port: Int, ipProtocol: IPProtocol, returnPorts: [Int]
    )
        throws(Outcome)
    {
        let s = source.address
        let d = remote.address
        let what = Flow(source: s, destination: d, port: port)
        guard securityGroupEgressAllows(source, to: remote, port: port, ipProtocol: ipProtocol) else {
            throw .dropped("\(what): no egress rule of the function's groups allows it")
        }
        // What the destination sees: the function, or the NAT gateway that forwards its traffic
        // from its own private address, in its own subnet, wearing no security group. (The
        // generator always exports the NAT gateway's address.)
        var seen = source
        if let nat = way.nat {
            guard let address = nat.privateAddresses.first else {
                throw .undetermined("\(what): \(nat.id)'s private address is not exported")
            }
            // Out of the function's subnet, into the NAT gateway's.
            try crossSubnets(
                from: source.subnetId!, to: nat.subnetId, source: s, destination: d, port: port,
                ipProtocol: ipProtocol, what: what)
            seen = Host(address: address.value, vpcId: nat.vpcId, subnetId: nat.subnetId, groups: [])
        }
        let n = seen.address
        let sent = Flow(source: n, destination: d, port: port)
        // Out of the source's subnet, into the destination's (skipped inside one subnet).
        try crossSubnets(
            from: seen.subnetId!, to: remote.subnetId!, source: n, destination: d, port: port, ipProtocol: ipProtocol,
            what: sent)
        // The destination's groups, when something known holds the address.
        guard !remote.filtered || securityGroupIngressAllows(remote, from: seen, port: port, ipProtocol: ipProtocol)
        else {
            throw .dropped("\(sent): no ingress rule of the destination's groups admits it")
        }
        // Back, to every ephemeral port. Security groups are stateful; NACLs and routes are not.
        for returnPort in returnPorts {
            let back = Flow(source: d, destination: n, port: returnPort, label: " (return)")
            let home = try lookup(subnet: remote.subnetId!, destination: n, what: back)
            switch home.targetKind {
            case .local where way.peering == nil:
                guard subnet(containing: n, inVPC: remote.vpcId!) == seen.subnetId else {
                    throw .dropped("\(back): no subnet holds the source's address")
                }
            case .pcx where way.peering != nil:
                guard home.targetId == way.peering else {
                    throw .dropped("\(back): returns through \(home.targetId ?? "?"), not \(way.peering!)")
                }
                let peer = try usablePeering(home, vpcId: remote.vpcId!, what: back)
                guard peer.cidrs.contains(where: { inCIDR(n, $0) }), peer.vpcId == seen.vpcId else {
                    throw .dropped("\(back): the source's address is not in the peer's CIDRs")
                }
            default:
                throw .dropped("\(back): the destination subnet routes the source's address to \(home.summary)")
            }
            try crossSubnets(
                from: remote.subnetId!, to: seen.subnetId!, source: d, destination: n, port: returnPort,
                ipProtocol: ipProtocol, what: back, reply: true)
            // The NAT gateway translates the replies back and sends them from its subnet to the
            // function, by the VPC's local route.
            if let nat = way.nat {
                let inside = Flow(source: d, destination: s, port: returnPort, label: " (return, from \(nat.id))")
                let local = try lookup(subnet: nat.subnetId, destination: s, what: inside)
                guard local.targetKind == .local, subnet(containing: s, inVPC: nat.vpcId) == source.subnetId else {
                    throw .dropped(
                        "\(inside): the NAT gateway's subnet routes the function's address to \(local.summary)")
                }
                try crossSubnets(
                    from: nat.subnetId, to: source.subnetId!, source: d, destination: s, port: returnPort,
                    ipProtocol: ipProtocol, what: inside, reply: true)
            }
        }
    }

    // MARK: - Hops

    /// A packet leaving subnet `from` for an interface in subnet `to`: the outbound ACL of one
    /// and the inbound ACL of the other, unless both ends are in the same subnet.
    /// `atLarge` and `ports`: as for `aclAllows(_:outbound:peer:port:ipProtocol:atLarge:ports:)`,
    /// for the end that is one of the internet's samples.
    private func crossSubnets(
        from: String, to: String, source: UInt32, destination: UInt32, port: Int, ipProtocol: IPProtocol, what: Flow,
        atLarge: [UInt32] = [], ports: [Int] = [], reply: Bool = false
    ) throws(Outcome) {
        if from == to { return }
        guard
            aclAllows(
                from, outbound: true, peer: destination, port: port, ipProtocol: ipProtocol, atLarge: atLarge,
                ports: ports, reply: reply)
        else {
            throw .dropped("\(what): NACL of \(from) denies outbound")
        }
        guard
            aclAllows(
                to, outbound: false, peer: source, port: port, ipProtocol: ipProtocol, atLarge: atLarge, ports: ports,
                reply: reply)
        else {
            throw .dropped("\(what): NACL of \(to) denies inbound")
        }
    }

    /// First match in rule-number order; no match is a deny. Outbound entries match the
    /// destination address, inbound ones the source; both match the destination port.
    ///
    /// When `peer` is one of `atLarge` (the internet at large), the ACL judges the internet as a
    /// whole: every sample with every one of `ports` meets its first matching entry, and only
    /// the packets whose entry is among the widest of those (by prefix length; no match, the
    /// final deny, counts as /0) decide. A packet that a narrower entry decides (a blocklisted
    /// range) is an exception, let through here.
    ///
    /// `reply`: the packet is a reply, to an ephemeral port. AWS advises denying malicious ports
    /// within 1024-65535 before allowing the range, and such a deny drops only the rare reply
    /// whose port it names: when the direction's IPv4 denies that name tcp or udp ports take
    /// at most 645 ports (1%) of 1024-65535 in all, a reply is let through if the ACL without
    /// them lets it through.
    private func aclAllows(
        _ subnetId: String, outbound: Bool, peer: UInt32, port: Int, ipProtocol: IPProtocol, atLarge: [UInt32] = [],
        ports: [Int] = [], reply: Bool = false
    ) -> Bool {
        guard let acl = aclOfSubnet[subnetId] else { return false }
        let all = outbound ? acl.outbound : acl.inbound
        if aclAllows(
            all, subnetId, outbound: outbound, peer: peer, port: port, ipProtocol: ipProtocol, atLarge: atLarge,
            ports: ports)
        {
            return true
        }
        guard reply, ipProtocol == .tcp || ipProtocol == .udp else { return false }
        let portDenies = all.filter {
            $0.cidr != nil && !$0.allow && $0.ipProtocol != .all && protocolMatches($0.ipProtocol, ipProtocol)
                && $0.ports.to >= 1024
        }
        let denied = portDenies.reduce(0) { $0 + min($1.ports.to, 65535) - max($1.ports.from, 1024) + 1 }
        guard !portDenies.isEmpty, denied <= 645 else { return false }
        return aclAllows(
            all.filter { !portDenies.contains($0) }, subnetId, outbound: outbound, peer: peer, port: port,
            ipProtocol: ipProtocol, atLarge: atLarge, ports: ports, variant: "without port denies")
    }

    /// `aclAllows` for the ACL's `entries` in one direction (`variant` names the entry list,
    /// for the memo).
    private func aclAllows(
        _ entries: [NetworkACLEntry], _ subnetId: String, outbound: Bool, peer: UInt32, port: Int,
        ipProtocol: IPProtocol, atLarge: [UInt32], ports: [Int], variant: String = ""
    ) -> Bool {
        func firstMatch(_ address: UInt32, _ port: Int) -> NetworkACLEntry? {
            for entry in entries {
                guard let cidr = entry.cidr else { continue }  // IPv6 entry
                guard protocolMatches(entry.ipProtocol, ipProtocol) else { continue }
                if entry.ipProtocol != .all && !(entry.ports.from <= port && port <= entry.ports.to) { continue }
                guard inCIDR(address, cidr) else { continue }
                return entry
            }
            return nil
        }
        let entry = firstMatch(peer, port)
        guard !atLarge.isEmpty else { return entry?.allow ?? false }
        let key = AtLargeKey(
            subnetId: subnetId, outbound: outbound, ports: ports, samples: atLarge, variant: variant)
        let breadth = { (entry: NetworkACLEntry?) in entry?.cidr?.prefixLength ?? 0 }
        let judged: (samples: Set<UInt32>, widest: Int)
        if let known = atLargeMemo[key] {
            judged = known
        } else {
            var widest = 32
            for sample in atLarge {
                for samplePort in ports { widest = min(widest, breadth(firstMatch(sample, samplePort))) }
            }
            judged = (Set(atLarge), widest)
            atLargeMemo[key] = judged
        }
        guard judged.samples.contains(peer) else { return entry?.allow ?? false }
        if breadth(entry) > judged.widest { return true }
        return entry?.allow ?? false
    }

    /// One ACL direction judged on one set of the internet's samples and ports.
    private struct AtLargeKey: Hashable {
        var subnetId: String
        var outbound: Bool
        var ports: [Int]
        var samples: [UInt32]
        var variant: String
    }
    /// The widest entry breadth, by ACL direction and samples: the same for every packet.
    private var atLargeMemo: [AtLargeKey: (samples: Set<UInt32>, widest: Int)] = [:]

    /// The route the subnet's table picks for the address (see `bestRoute`). Throws when there
    /// is none or it is a blackhole.
    private func lookup(subnet subnetId: String, destination: UInt32, what: Flow) throws(Outcome) -> Route {
        guard let table = routeTableOfSubnet[subnetId] else {
            throw .dropped("\(what): \(subnetId) has no route table")
        }
        guard let route = bestRoute(in: table, for: destination)?.route else {
            throw .dropped("\(what): \(table.id) has no route for it")
        }
        if route.isBlackhole { throw .dropped("\(what): \(table.id) route \(route.summary) is a blackhole") }
        return route
    }

    /// The route a table picks for the address, blackholes included, and the length of the
    /// prefix it matched by: longest prefix, then local > static > prefix list > propagated.
    private func bestRoute(in table: RouteTable, for destination: UInt32) -> (route: Route, length: Int)? {
        var best: (route: Route, length: Int, rank: Int)?
        for route in table.routes {
            let length: Int
            switch route.destination {
            case .cidr(let cidr):
                guard inCIDR(destination, cidr) else { continue }
                length = cidr.prefixLength
            case .prefixList(let id):
                // Entries not exported: the oracle does not know them, and its addresses are
                // never AWS service ranges.
                guard let entries = network.prefixLists[id]?.cidrs,
                    let entry = entries.filter({ inCIDR(destination, $0) }).max(by: {
                        $0.prefixLength < $1.prefixLength
                    })
                else { continue }
                length = entry.prefixLength
            case .ipv6:
                continue
            }
            let rank: Int
            if route.targetKind == .local {
                rank = 3
            } else if route.isPropagated {
                rank = 0
            } else if case .prefixList = route.destination {
                rank = 1
            } else {
                rank = 2
            }
            if let current = best, (current.length, current.rank) >= (length, rank) { continue }
            best = (route, length, rank)
        }
        return best.map { ($0.route, $0.length) }
    }

    private func usableNAT(_ route: Route, vpcId: String, what: Flow) throws(Outcome) -> NATGateway {
        guard let nat = route.targetId.flatMap({ network.natGateways[$0] }) else {
            throw .dropped("\(what): route to \(route.targetId ?? "?"), which does not exist")
        }
        guard nat.state == "available" else { throw .dropped("\(what): \(nat.id) is \(nat.state)") }
        guard nat.vpcId == vpcId else { throw .dropped("\(what): \(nat.id) is in another VPC") }
        return nat
    }

    /// The far side of an active peering connection of `vpcId`.
    private func usablePeering(_ route: Route, vpcId: String, what: Flow) throws(Outcome) -> PeeringConnection.Side {
        guard let peering = route.targetId.flatMap({ network.peerings[$0] }) else {
            throw .dropped("\(what): route to \(route.targetId ?? "?"), which does not exist")
        }
        guard peering.status == "active" else { throw .dropped("\(what): \(peering.id) is \(peering.status)") }
        let far: PeeringConnection.Side
        if peering.requester.vpcId == vpcId {
            far = peering.accepter
        } else if peering.accepter.vpcId == vpcId {
            far = peering.requester
        } else {
            throw .dropped("\(what): \(peering.id) does not connect \(vpcId)")
        }
        return far
    }

    /// The ID of the subnet of the VPC that holds the address.
    private func subnet(containing address: UInt32, inVPC vpcId: String) -> String? {
        for subnet in subnetsOfVPC[vpcId] ?? [] where inCIDR(address, subnet.cidr) { return subnet.id }
        return nil
    }

    // MARK: - Security groups

    /// A group's rules: the ones exported, a VPC's default group included (its creation rules
    /// can be removed, and an export lists the rules that exist).
    private func rules(of group: SecurityGroup, ingress: Bool) -> [SecurityGroupRule] {
        ingress ? group.ingress : group.egress
    }

    private func securityGroupEgressAllows(_ source: Host, to remote: Host, port: Int, ipProtocol: IPProtocol) -> Bool {
        source.groups.contains { groupId in
            guard let group = network.securityGroups[groupId] else { return false }
            return rules(of: group, ingress: false).contains {
                ruleMatches($0, of: group, peer: remote, port: port, ipProtocol: ipProtocol)
            }
        }
    }

    private func securityGroupIngressAllows(_ destination: Host, from source: Host, port: Int, ipProtocol: IPProtocol)
        -> Bool
    {
        destination.groups.contains { groupId in
            guard let group = network.securityGroups[groupId] else { return false }
            return rules(of: group, ingress: true).contains {
                ruleMatches($0, of: group, peer: source, port: port, ipProtocol: ipProtocol)
            }
        }
    }

    /// Whether a rule of `group` matches `ipProtocol` and `port` with the host at the other end.
    private func ruleMatches(
        _ rule: SecurityGroupRule, of group: SecurityGroup, peer: Host, port: Int, ipProtocol: IPProtocol
    ) -> Bool {
        guard protocolMatches(rule.ipProtocol, ipProtocol) else { return false }
        if rule.ipProtocol != .all && !(rule.ports.from <= port && port <= rule.ports.to) { return false }
        switch rule.peer {
        case .cidr(let cidr):
            return inCIDR(peer.address, cidr)
        case .ipv6:
            return false
        case .prefixList(let id):
            return network.prefixLists[id]?.cidrs?.contains { inCIDR(peer.address, $0) } ?? false
        case .group(let referenced):
            // The host is a member of the group, and the reference is usable: same VPC, or
            // VPCs in the same region (references across a peering work only then).
            guard peer.groups.contains(referenced), let referencedGroup = network.securityGroups[referenced] else {
                return false
            }
            if referencedGroup.vpcId == group.vpcId { return true }
            guard let here = network.vpcs[group.vpcId], let there = network.vpcs[referencedGroup.vpcId] else {
                return false
            }
            return here.region == there.region
        }
    }

    // MARK: - Samples

    /// The public ones among the points where some CIDR of the network or of the special-use
    /// list starts or ends (first address, address after the last), plus a few well-known ones.
    /// Between two consecutive points every address is in exactly the same CIDRs, so it fares
    /// like the point before it: these points stand for every public address.
    func publicSample() -> [UInt32] {
        var points: Set<UInt32> = [0]
        for cidr in allCIDRs() + Self.specialUse {
            let range = addresses(of: cidr)
            points.insert(range.lowerBound)
            if range.upperBound < UInt32.max { points.insert(range.upperBound + 1) }
        }
        for text in ["1.1.1.1", "8.8.8.8", "52.94.76.10", "54.239.28.85", "142.250.80.46", "203.0.113.9"] {
            points.insert(IPv4Address(text)!.value)
        }
        return points.filter(isPublic).sorted()
    }

    /// The public samples that stand for "the internet at large" from a function subnet. In
    /// each route table that decides an internet packet (the function subnet's, then the NAT
    /// gateway subnet's), only addresses whose route is one of the widest routes carrying public
    /// traffic there are judged; addresses under a narrower route (a blackholed /24, a partner
    /// range to a VPN gateway, a peering to a public range) are exceptions the answer notes, not
    /// the internet. An address that matches no route counts as prefix length 0, as if the
    /// absence of a route were a default route, so a table with no covering route judges the
    /// addresses it drops.
    func representativePublic(from subnetId: String) -> [UInt32] {
        let judged = widest(publicSample(), in: routeTableOfSubnet[subnetId])
        var kept: [UInt32] = []
        // The second table is the NAT gateway's subnet's, over the addresses it is given.
        var byNAT: [String: [UInt32]] = [:]
        for address in judged {
            if let table = routeTableOfSubnet[subnetId], let route = bestRoute(in: table, for: address)?.route,
                route.targetKind == .nat, !route.isBlackhole,
                let nat = route.targetId.flatMap({ network.natGateways[$0] })
            {
                byNAT[nat.id, default: []].append(address)
            } else {
                kept.append(address)
            }
        }
        for (natId, addresses) in byNAT {
            kept += widest(addresses, in: routeTableOfSubnet[network.natGateways[natId]!.subnetId])
        }
        return kept.sorted()
    }

    /// The addresses whose route in `table` has the shortest prefix among theirs (no route: 0).
    /// Never empty when `addresses` is not.
    /// A narrower route that goes where a widest one goes (0.0.0.0/1 and 0.0.0.0/0 both to one
    /// NAT gateway) is the same path: its addresses are judged too.
    private func widest(_ addresses: [UInt32], in table: RouteTable?) -> [UInt32] {
        guard let table else { return addresses }
        let routes = addresses.map { bestRoute(in: table, for: $0) }
        let lengths = routes.map { $0?.length ?? 0 }
        guard let breadth = lengths.min() else { return [] }
        let covering = zip(routes, lengths).compactMap { route, length in length == breadth ? route?.route : nil }
            .filter { !$0.isBlackhole }
        return zip(addresses, zip(routes, lengths)).filter { _, pair in
            let (route, length) = pair
            if length == breadth { return true }
            guard let route = route?.route, !route.isBlackhole else { return false }
            return covering.contains { $0.targetKind == route.targetKind && $0.targetId == route.targetId }
        }.map(\.0)
    }

    /// Return ports: 1024, 65535 and, inside 1024-65535, every point where a network ACL entry's
    /// port range starts or ends (its first port, the port after its last). Only network ACLs look
    /// at the port of return traffic (security groups are stateful), and between two consecutive
    /// points every port is in the same entries' ranges.
    func ephemeralSample() -> [Int] {
        var ports: Set<Int> = [1024, 65535, 32768]
        for acl in network.networkACLs.values {
            for entry in acl.inbound + acl.outbound {
                for port in [entry.ports.from, entry.ports.to + 1] where (1024...65535).contains(port) {
                    ports.insert(port)
                }
            }
        }
        return ports.sorted()
    }

    private func allCIDRs() -> [IPv4CIDR] {
        var cidrs: [IPv4CIDR] = []
        for vpc in network.vpcs.values { cidrs += vpc.cidrs }
        for subnet in network.subnets.values { if let cidr = subnet.cidr { cidrs.append(cidr) } }
        for table in network.routeTables.values {
            for route in table.routes { if case .cidr(let cidr) = route.destination { cidrs.append(cidr) } }
        }
        for acl in network.networkACLs.values { cidrs += (acl.inbound + acl.outbound).compactMap(\.cidr) }
        for group in network.securityGroups.values {
            for rule in group.ingress + group.egress { if case .cidr(let cidr) = rule.peer { cidrs.append(cidr) } }
        }
        for peering in network.peerings.values { cidrs += peering.requester.cidrs + peering.accepter.cidrs }
        for list in network.prefixLists.values { cidrs += list.cidrs ?? [] }
        return cidrs
    }

    // MARK: - Addresses

    /// Blocks that are not public (RFC 6890 special-use: this network, private, shared, loopback,
    /// link-local, IETF protocol assignments, benchmarking, multicast, reserved).
    static let specialUse: [IPv4CIDR] = [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
    ].map { IPv4CIDR($0)! }

    /// The Amazon DNS server's link-local address, the same in every VPC.
    static let linkLocalDNS = IPv4Address("169.254.169.253")!.value

    /// A VPC's Amazon DNS server: the base of its primary IPv4 block plus two (with one block
    /// only, when the primary is not exported).
    private func dnsAddress(of vpc: VPC) -> UInt32? {
        guard let block = vpc.primaryCIDR ?? (vpc.cidrs.count == 1 ? vpc.cidrs[0] : nil) else { return nil }
        return addresses(of: block).lowerBound + 2
    }

    private func isPublic(_ address: UInt32) -> Bool { !Self.specialUse.contains { inCIDR(address, $0) } }

    /// Whether a rule or entry for `rule`'s protocol matches a packet of `packet`'s.
    private func protocolMatches(_ rule: IPProtocol, _ packet: IPProtocol) -> Bool {
        switch rule {
        case .all: return true
        case .number(let number): return packet == .number(number)
        }
    }

    private func ip(_ address: UInt32) -> String { IPv4Address(address).description }
}

// The oracle's own address arithmetic (not the model's `IPv4CIDR.contains`/`first`/`last`, which
// the solver uses too).

private func netmask(_ cidr: IPv4CIDR) -> UInt32 {
    cidr.prefixLength == 0 ? 0 : ~(UInt32.max >> UInt32(cidr.prefixLength))
}

/// Whether `address` is in `cidr` (host bits of the CIDR's address are ignored, as AWS does).
func inCIDR(_ address: UInt32, _ cidr: IPv4CIDR) -> Bool {
    address & netmask(cidr) == cidr.address.value & netmask(cidr)
}

/// Every address of a CIDR, network and broadcast addresses included.
func addresses(of cidr: IPv4CIDR) -> ClosedRange<UInt32> {
    let first = cidr.address.value & netmask(cidr)
    return first...(first | ~netmask(cidr))
}
