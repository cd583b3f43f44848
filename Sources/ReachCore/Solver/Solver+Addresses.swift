/// `ip:` destinations: found by routing, never by a global address lookup.
///
/// VPC CIDRs overlap across an organisation (10.0.0.0/16 in every team), so the same address
/// can be a subnet of several VPCs at once. As AWS does, the function subnet's route table
/// decides first: no route, and the traffic is dropped there whatever the address is; a route
/// names the network (`local` this VPC, a `pcx-` its peer, a `tgw-` the VPC its route tables
/// lead to, a NAT or internet gateway the internet), and only then is the address looked up,
/// inside that network. A public address that belongs to the inventory (an interface's public
/// IP, a NAT gateway's Elastic IP) is followed through the internet to its owner.
extension Solver {
    /// Where a route table sends an address: the network in which the address is then looked up.
    enum AddressResolution {
        /// The subnet has no route table in the inventory.
        case noRouteTable
        /// The table has no route for the address.
        case noRoute
        /// The route leads into this VPC: its own (`local`), a peer's, or one a transit gateway's
        /// route tables lead to, directly or through a NAT gateway whose subnet forwards the
        /// address there.
        case inVPC(String)
        /// A peering route, for an address outside the peer VPC's CIDRs.
        case outsidePeer(PeeringConnection)
        /// A peering route into a VPC that is not in the inventory.
        case unknownVPC(String, peering: PeeringConnection)
        /// A transit-gateway route whose route tables do not lead into a VPC (no attachment, no
        /// association, no route, a blackhole, a VPN): the walk through it says where it stops.
        case transitGateway
        /// Out of the VPCs: a NAT or internet gateway (the internet), an endpoint, an appliance, a
        /// VPN gateway, or a target that is not in the inventory.
        case outside
    }

    /// Where `table` (the route table of `subnet`) sends `address` (one address, of either
    /// family). States are not read: a route names a network whether or not its target works,
    /// and the walk says what does not.
    func resolve(_ address: Addresses, from subnet: Subnet, table: RouteTable?) -> AddressResolution {
        guard let table else { return .noRouteTable }
        guard let route = legs(in: table, for: address).first?.route else { return .noRoute }
        switch route.targetKind {
        case .local:
            return .inVPC(subnet.vpcId)
        case .pcx:
            guard let peering = route.targetId.flatMap({ network.peerings[$0] }),
                let peer = peering.peer(of: subnet.vpcId)
            else { return .outside }
            guard Self.side(peer, holds: address) else { return .outsidePeer(peering) }
            return network.vpcs[peer.vpcId] == nil ? .unknownVPC(peer.vpcId, peering: peering) : .inVPC(peer.vpcId)
        case .nat:
            // A NAT gateway whose subnet forwards the address privately (a transit gateway, a
            // peering: AWS's design for overlapping networks) names the network its subnet's
            // table leads to; the walk goes through the NAT gateway. Where that table leads
            // nowhere known, the NAT gateway is the way out, as for the internet. It forwards
            // IPv4 only: an IPv6 address routed to it is NAT64's, for the internet.
            guard case .ipv4(let exact) = address,
                let nat = route.targetId.flatMap({ network.natGateways[$0] }), nat.subnetId != subnet.id,
                privateOnwardRoute(of: nat, for: exact) != nil,
                let natSubnet = network.subnets[nat.subnetId]
            else { return .outside }
            let onward = resolve(address, from: natSubnet, table: routeTable(of: natSubnet))
            if case .inVPC = onward { return onward }
            return .outside
        case .tgw:
            guard let gateway = route.targetId.flatMap({ network.transitGateways[$0] }),
                let attachment = network.transitGatewayAttachments(ofVPC: subnet.vpcId, to: gateway.id).first,
                let tableId = attachment.associatedRouteTableId,
                let tgwTable = network.transitGatewayRouteTables[tableId],
                let tgwRoute = transitGatewayLegs(tgwTable, destination: address).first?.route,
                !tgwRoute.isBlackhole,
                let exit = tgwRoute.attachmentIds.lazy.compactMap({ self.network.transitGatewayAttachments[$0] }).first,
                exit.resourceType == "vpc", let vpcId = exit.vpcId, network.vpcs[vpcId] != nil
            else { return .transitGateway }
            return .inVPC(vpcId)
        default:
            return .outside
        }
    }

    /// Whether the peering carries `addresses` to `side`: they are in the blocks it lists for
    /// that side, of their own family.
    static func side(_ side: PeeringConnection.Side, holds addresses: Addresses) -> Bool {
        switch addresses {
        case .ipv4(let set): return set.isSubset(of: AddressSet(side.cidrs))
        case .ipv6(let block): return side.ipv6Cidrs.contains { $0.contains(block) }
        }
    }

    func addressDestination(
        _ subnet: Subnet, _ context: Context, address: IPv4Address, trace: inout Trace, notes: inout [String]
    ) {
        if address == VPC.linkLocalDNSAddress || address == network.vpcs[subnet.vpcId]?.amazonDNSAddress {
            amazonDNSServer(subnet, context, address: address, trace: &trace)
            return
        }
        let table = routeTable(of: subnet)
        let exact = AddressSet(address)
        let label = address.description
        /// The checks every path begins with: the function's egress rules and its subnet's ACL.
        func leaveSubnet(_ trace: inout Trace) {
            checkEgress(
                subnet, context, remote: exact, prefixLists: [], remoteGroups: [], remoteLabel: label, trace: &trace)
            checkSourceACL(subnet, context, remote: .ipv4(exact), remoteLabel: label, trace: &trace)
        }
        /// Out of the subnet and into `peering` by its route: the route, when the traffic gets
        /// that far (not a blackhole).
        func intoPeering(_ peering: PeeringConnection, _ trace: inout Trace) -> Route? {
            leaveSubnet(&trace)
            let route = Routing.legs(table: table!, destination: exact, memberOf: [], network: network)[0].route!
            guard takeRoute(route, of: table!, from: subnet, context, trace: &trace) else { return nil }
            crossPeering(peering, trace: &trace)
            return route
        }
        switch resolve(.ipv4(exact), from: subnet, table: table) {
        case .noRouteTable:
            leaveSubnet(&trace)
            trace.block(Explain.noRouteTable(subnet))
        case .noRoute:
            leaveSubnet(&trace)
            let isPrivate = !AddressSet.publicInternet.contains(address)
            trace.block(
                Explain.noRoute(
                    table: table!, subnet: subnet, context: context, destinationLabel: label, service: nil,
                    network: network,
                    destinationVPC: vpcHolding(address, reachableFrom: subnet.vpcId)
                        ?? (isPrivate ? unconnectedVPCHolding(address, from: subnet) : nil),
                    privateDestination: isPrivate, destination: AddressSet(IPv4CIDR(address: address, prefixLength: 32))
                ))
        case .inVPC(let vpcId):
            privateAddress(address, inVPC: vpcId, subnet, context, table: table!, trace: &trace, notes: &notes)
        case .outsidePeer(let peering):
            guard let route = intoPeering(peering, &trace) else { return }
            // A private address beyond the peering's CIDRs is in the peer VPC (a block the
            // peering does not carry), in a third VPC, or on premises: no NAT gateway to the
            // internet carries it. Overlapping VPCs leave the third one unnamed.
            var place: Explain.PeeringNotTransitive.PrivatePlace?
            if !AddressSet.publicInternet.contains(address) {
                let holders = network.vpcs.values.filter { $0.holds(address) }.map(\.id)
                place =
                    holders.contains(peering.peer(of: subnet.vpcId)?.vpcId ?? "")
                    ? .outsidePeeringCIDRs : .otherVPC(holders.count == 1 ? holders[0] : nil)
            }
            trace.block(
                Explain.peeringNotTransitive(
                    peering, subnet: subnet, destinationLabel: label, network: network, route: route,
                    privateDestination: place))
        case .unknownVPC(let vpcId, let peering):
            guard intoPeering(peering, &trace) != nil else { return }
            trace.block(Explain.vpcNotInInventory(vpcId, address: label, via: peering.id))
        case .transitGateway:
            leaveSubnet(&trace)
            let route = Routing.legs(table: table!, destination: exact, memberOf: [], network: network)[0].route!
            guard takeRoute(route, of: table!, from: subnet, context, trace: &trace) else { return }
            stopInTransitGateway(
                route, table: table!, from: .function(subnet), addresses: .ipv4(exact), label: label, context,
                trace: &trace, notes: &notes)
        case .outside:
            if AddressSet.publicInternet.contains(address), let owner = publicOwner(of: address) {
                publicDestination(
                    subnet, context,
                    destination: PublicDestination(label: label, addresses: exact, prefixLists: [], owner: owner),
                    trace: &trace, notes: &notes)
                return
            }
            publicDestination(
                subnet, context, destination: PublicDestination(label: label, addresses: exact, prefixLists: []),
                trace: &trace, notes: &notes)
        }
    }

    /// An address whose route leads to a transit gateway whose route tables do not lead it into
    /// a VPC of the inventory (`AddressResolution.transitGateway`), in either family: into the
    /// transit gateway, and its route tables say where the walk stops (no route, a blackhole, an
    /// attachment that is not a VPC's, a VPC that is not in the inventory). `expectedVPC`: a VPC
    /// attached to the transit gateway that holds the address, where a missing route should lead.
    func stopInTransitGateway(
        _ route: Route, table: RouteTable, from source: TrafficSource, addresses: Addresses, label: String,
        expectedVPC: String? = nil, _ context: Context, trace: inout Trace, notes: inout [String]
    ) {
        guard
            let entry = enterTransitGateway(route, table: table, from: source, context, trace: &trace, notes: &notes),
            let routeTable = entry.routeTable
        else { return }
        if let exit = transitGatewayExits(
            routeTable, entry: entry, addresses: addresses, label: label, expectedVPC: expectedVPC, from: source,
            context, trace: &trace, notes: &notes)
        {
            trace.block(Explain.vpcNotInInventory(exit.vpcId ?? exit.id, address: label, via: exit.id))
        }
    }

    /// `address` in `vpcId`, where the function subnet's route table leads it: the subnet that
    /// holds it there and the interface that has it (their ACL and groups decide).
    func privateAddress(
        _ address: IPv4Address, inVPC vpcId: String, _ subnet: Subnet, _ context: Context, table: RouteTable,
        trace: inout Trace, notes: inout [String]
    ) {
        let label = address.description
        let exact = AddressSet(address)
        guard let destinationSubnet = network.subnet(containing: address, inVPC: vpcId) else {
            checkEgress(
                subnet, context, remote: exact, prefixLists: [], remoteGroups: [], remoteLabel: label, trace: &trace)
            checkSourceACL(subnet, context, remote: .ipv4(exact), remoteLabel: label, trace: &trace)
            let route = Routing.legs(table: table, destination: exact, memberOf: [], network: network)[0].route!
            guard takeRoute(route, of: table, from: subnet, context, trace: &trace) else { return }
            // Through a transit gateway into a VPC that does not hold the address: the gateway's
            // tables are followed, and an inspection or egress VPC that hands the traffic to an
            // appliance (on its way to a VPN, say) stops the walk there, not at a missing subnet.
            if route.targetKind == .tgw, vpcId != subnet.vpcId {
                guard
                    let entry = enterTransitGateway(
                        route, table: table, from: .function(subnet), context, trace: &trace, notes: &notes),
                    let routeTable = entry.routeTable,
                    transitGatewayExits(
                        routeTable, entry: entry, addresses: .ipv4(exact), label: label, expectedVPC: nil,
                        from: .function(subnet), context, trace: &trace, notes: &notes) != nil
                else { return }
            }
            trace.block(Explain.noSubnetHolds(label, vpcId: vpcId, network: network))
            return
        }
        if vpcId != subnet.vpcId, address == network.vpcs[vpcId]?.amazonDNSAddress {
            // Another VPC's DNS server answers only its own VPC's queries.
            checkEgress(
                subnet, context, remote: exact, prefixLists: [], remoteGroups: [], remoteLabel: label, trace: &trace)
            // Named as a DNS server by the function's VPC's DHCP options: the fix is the options.
            var options: String?
            if context.port == 53, case .custom(let set, let servers)? = network.vpcs[subnet.vpcId]?.dnsServers,
                servers.contains(address.description)
            {
                options = set
            }
            trace.block(
                Explain.otherVPCsDNSServer(address, vpcId: vpcId, functionVPC: subnet.vpcId, options: options))
            return
        }
        if let refusal = Explain.natGatewayHolds(address, inVPC: vpcId, network: network) {
            checkEgress(
                subnet, context, remote: exact, prefixLists: [], remoteGroups: [], remoteLabel: label, trace: &trace)
            trace.block(refusal)
            return
        }
        let eni = network.interface(at: address, inVPC: vpcId)
        var groups: [String]? = nil
        var step = Step.unlistedAddress(address: label, subnet: destinationSubnet.id)
        if let eni {
            groups = eni.securityGroupIds
            step = .networkInterface(eni, address: label, isPublic: false)
            if let refusal = Explain.acceptsNoConnections(eni, address: label) {
                checkEgress(
                    subnet, context, remote: exact, prefixLists: [], remoteGroups: [], remoteLabel: label, trace: &trace
                )
                trace.block(refusal)
                return
            }
            if let note = Explain.loadBalancerNote(eni, address: label, port: context.port) { notes.append(note) }
        } else if let nothing = nothingBehind(label, in: destinationSubnet) {
            checkEgress(
                subnet, context, remote: exact, prefixLists: [], remoteGroups: [], remoteLabel: label, trace: &trace)
            trace.block(nothing)
            return
        } else {
            notes.append(
                "No network interface with address \(address) in \(vpcId) is in the inventory (aws ec2 describe-network-interfaces): the destination's security groups were not checked."
            )
        }
        let destination = PlacedDestination(
            label: label, placements: [(destinationSubnet, exact)], securityGroupIds: groups, step: step)
        placedDestination(subnet, context, destination: destination, trace: &trace, notes: &notes)
    }

    /// The blocker for `label`, an address (IPv4 or IPv6) of `destinationSubnet` that no network
    /// interface of the inventory holds, when the inventory lists every interface of its VPC
    /// (`interfacesListed`): nothing answers there. Nil where an interface may be missing: a
    /// VPC whose interfaces were not exported or that is a participant's copy of a shared one,
    /// and a database's subnet (a hand-made export may lack the database's interface, and its
    /// address is not in describe-db-instances); the caller then notes that the destination's
    /// groups were not checked.
    func nothingBehind(_ label: String, in destinationSubnet: Subnet) -> Blocker? {
        let vpcId = destinationSubnet.vpcId
        guard interfacesListed(inVPC: vpcId),
            !network.databases.values.contains(where: {
                $0.vpcId == vpcId && $0.subnetIds.contains(destinationSubnet.id)
            })
        else { return nil }
        return Explain.nothingHolds(label, subnet: destinationSubnet)
    }

    /// Whether the inventory lists every network interface of `vpcId`: describe-network-interfaces
    /// (unfiltered, it "describes all your network interfaces") was imported for the VPC's
    /// owner, which holds interfaces there. A participant's copy of a shared VPC shows only the
    /// participant's own interfaces: not decided there.
    func interfacesListed(inVPC vpcId: String) -> Bool {
        guard let vpc = network.vpcs[vpcId], network.networkInterfaces.values.contains(where: { $0.vpcId == vpcId })
        else { return false }
        return network.subnets(inVPC: vpcId).allSatisfy { subnet in
            subnet.isOwnersCopy && (subnet.ownerId ?? vpc.accountId) == vpc.accountId
        }
    }

    /// The one VPC of the function's region, other than its own, that holds the private
    /// `address` and that nothing joins to it: the fix joins them. Nil when none or several
    /// (overlapping VPCs) hold it.
    func unconnectedVPCHolding(_ address: IPv4Address, from subnet: Subnet) -> String? {
        let region = network.vpcs[subnet.vpcId]?.region
        let holders = network.vpcs.values.filter {
            $0.id != subnet.vpcId && $0.region == region && $0.holds(address)
        }
        return holders.count == 1 ? holders[0].id : nil
    }

    /// A VPC that holds `address` and that `vpcId` could route to (a peer, a VPC on a shared
    /// transit gateway), for a fix that adds the missing route: the one with the smallest ID when
    /// overlapping CIDRs give several.
    func vpcHolding(_ address: IPv4Address, reachableFrom vpcId: String) -> String? {
        var candidates = network.peerings(ofVPC: vpcId).compactMap { $0.peer(of: vpcId)?.vpcId }
        candidates += vpcsAcrossTransitGateways(from: vpcId)
        return Set(candidates).sorted().first { candidate in
            network.vpcs[candidate]?.holds(address) == true
        }
    }

    /// A route to something lambda-reach does not follow (a VPN gateway, an appliance): a
    /// blocker whose fix checks the rest with VPC Reachability Analyzer from the function's own
    /// network interface. The interface depends on the function's groups, so the blocker is
    /// made where those are known (`byGroups`).
    func blockNotAnalyzed(
        _ route: Route, table: RouteTable, from subnet: Subnet, _ context: Context, trace: inout Trace
    ) {
        if trace.unfollowed != nil {
            trace.unfollowed!.append("route \(route.summary) of \(table.id)")
            return
        }
        byGroups(context, &trace) { solver, context, trace in
            let source = solver.network.lambdaInterface(
                inSubnet: subnet.id, groups: context.function.securityGroupIds)
            trace.block(Explain.notAnalyzed(route: route, table: table, source: source?.id, context: context))
        }
    }

    // MARK: - The Amazon DNS server

    /// The VPC's DNS server (its base address + 2, or 169.254.169.253): security groups and
    /// network ACLs do not filter traffic to it and no route is needed; it answers DNS only.
    func amazonDNSServer(_ subnet: Subnet, _ context: Context, address: IPv4Address, trace: inout Trace) {
        trace.hop(.amazonDNSServer(address: address.description, vpc: subnet.vpcId))
        let isDNS =
            context.port == 53
            && (context.ipProtocol == .udp || context.ipProtocol == .tcp || context.ipProtocol == .all)
        if !isDNS { trace.block(Explain.dnsServerPort(address, context: context)) }
        if let vpc = network.vpcs[subnet.vpcId], vpc.enableDnsSupport == false {
            trace.block(Explain.dnsSupportOff(vpc))
        }
    }

    // MARK: - Public addresses of the inventory

    /// What is at the public `address` when something of the inventory holds it: the owner's
    /// subnet and security groups, reached from the internet.
    func publicOwner(of address: IPv4Address) -> PublicOwner? {
        switch network.publicAddressOwners[address.value] {
        case .networkInterface(let id)?:
            guard let eni = network.networkInterfaces[id], let subnet = network.subnets[eni.subnetId] else {
                return nil
            }
            return PublicOwner(
                label: address.description, step: .networkInterface(eni, address: address.description, isPublic: true),
                vpcId: eni.vpcId, subnets: [subnet], securityGroupIds: eni.securityGroupIds,
                refusal: Explain.acceptsNoConnections(eni, address: address.description))
        case .natGateway(let id)?:
            guard let nat = network.natGateways[id] else { return nil }
            return PublicOwner(
                label: address.description, step: .natGatewayAddress(nat: nat.id, address: address.description),
                vpcId: nat.vpcId,
                subnets: network.subnets[nat.subnetId].map { [$0] } ?? [], securityGroupIds: nil,
                refusal: Explain.natGatewayAcceptsNoConnections(nat, address: address.description))
        case nil:
            return nil
        }
    }

    /// A destination at a public address with a known owner: the owner's VPC, the subnets it
    /// may be in, the groups that guard it (nil: none), and why it accepts no connection at all.
    struct PublicOwner {
        var label: String
        /// The owner's hop, at the end of the path.
        var step: Step
        var vpcId: String
        var subnets: [Subnet]
        var securityGroupIds: [String]?
        var refusal: Blocker?
        /// Another way to the owner than its public address (a peering's or a transit gateway's
        /// DNS option that would make its name resolve privately), offered beside a fix of its
        /// rules: `privateResolution(of:from:)`.
        var privateWay: ShellCommand? = nil
    }

    /// The last part of a path to a public owner, from `gateway` (the internet gateway the NAT
    /// gateway's traffic left by) on: the owner's internet gateway, its subnet's route back to
    /// the internet and ACL, and its security groups, which see the NAT gateway's Elastic IP.
    /// `subnet` is the function's.
    func arrive(
        at owner: PublicOwner, from nat: NATGateway, subnet source: Subnet, _ context: Context, trace: inout Trace,
        notes: inout [String]
    ) {
        let sources: AddressSet
        let sourceLabel: String
        if nat.publicAddresses.isEmpty {
            sources = .publicInternet
            sourceLabel = "\(nat.id)'s Elastic IP"
            notes.append(
                "\(nat.id)'s Elastic IP is not in the export (aws ec2 describe-nat-gateways): \(owner.label)'s rules were checked against every public address, which only a rule for 0.0.0.0/0 admits."
            )
        } else {
            sources = AddressSet(ranges: nat.publicAddresses.map { $0.value...$0.value })
            sourceLabel = "\(nat.id)'s Elastic IP \(nat.publicAddresses.map(\.description).joined(separator: ", "))"
        }
        let ownerGateway = network.internetGateways(attachedTo: owner.vpcId).first
        if let gateway = ownerGateway {
            let address = IPv4Address(owner.label) != nil ? owner.label : nil
            trace.hop(
                .internetGateway(
                    id: gateway.id, vpc: owner.vpcId, .toOwner(address: address, owner: owner.step.component)))
        }
        if let refusal = owner.refusal {
            trace.block(refusal)
            return
        }
        guard !owner.subnets.isEmpty else {
            trace.block(Explain.unknownDestination(owner.label, subnet: nil))
            return
        }
        for subnet in owner.subnets {
            // The connection comes into the owner's subnet from the internet: VPC Block Public
            // Access drops it unless the subnet is off or excluded with allow-bidirectional.
            let bpa = network.blockPublicAccess(of: subnet)
            if bpa.blocksInternetGatewayTraffic {
                trace.block(
                    Explain.blockedByBlockPublicAccess(
                        bpa,
                        .inbound(owner: owner.label, gateway: ownerGateway?.id, sameVPC: owner.vpcId == source.vpcId)))
            } else if bpa.source == .notExported {
                notes.append(Explain.blockPublicAccessNotExported(bpa))
            }
            // It enters the owner's VPC through its gateway, whose own route table (if it has
            // one) routes it first.
            if let gateway = ownerGateway {
                enter(through: gateway.id, to: subnet.addresses, in: subnet, from: source, context, trace: &trace)
            }
            // The replies leave the owner's subnet for the NAT gateway's public address: only
            // through the internet gateway, which translates the owner's address back.
            guard let table = routeTable(of: subnet) else {
                trace.block(Explain.noRouteTable(subnet))
                continue
            }
            for leg in Routing.legs(table: table, destination: sources, memberOf: [], network: network) {
                guard let route = leg.route, !route.isBlackhole, route.targetKind == .igw,
                    let gateway = route.targetId.flatMap({ network.internetGateways[$0] })
                else {
                    trace.block(
                        Explain.noReturnToInternet(
                            table: table, subnet: subnet, route: leg.route, owner: owner.label,
                            sourceLabel: sourceLabel,
                            network: network))
                    continue
                }
                guard gateway.attachedVPCs.contains(subnet.vpcId) else {
                    trace.block(
                        Explain.igwDetached(gateway, vpcId: subnet.vpcId, route: route, table: table, network: network))
                    continue
                }
                trace.hop(.returnRoute(table: table.id, route: route, subnet: subnet.id))
            }
            if let acl = network.networkACL(forSubnet: subnet.id) {
                checkACL(
                    acl, subnet: subnet, outbound: false, remote: sources, ports: PortRange(context.port), context,
                    remoteLabel: sourceLabel, trace: &trace)
                checkACL(
                    acl, subnet: subnet, outbound: true, remote: sources, ports: .ephemeral, context,
                    remoteLabel: sourceLabel, trace: &trace)
            }
        }
        if let groupIds = owner.securityGroupIds {
            let placed = PlacedDestination(
                label: owner.label, placements: [], securityGroupIds: groupIds, step: owner.step)
            if let groups = destinationGroups(placed, trace: &trace, notes: &notes) {
                // Traffic from the internet carries the NAT gateway's address: a rule that
                // references the function's group, or admits its private subnet, does not match.
                let decision = Filters.ingress(
                    groups: groups, source: sources, sourceGroupIds: [], sourceRegion: nil,
                    ipProtocol: context.ipProtocol, port: context.port, network: network)
                if decision.allowed {
                    trace.ruleHops(decision.matched, direction: .ingress)
                } else {
                    trace.block(
                        Explain.publicIngressMismatch(
                            group: groups[0], noRules: decision.hadNoRules, owner: owner.label, nat: nat,
                            context: context, privateWay: owner.privateWay))
                }
            }
        }
        trace.hop(owner.step)
    }
}

extension Solver {
    /// A transit gateway that two VPCs are both attached to (available attachments), with its
    /// DNS support settings that are off: the transit gateway's own and the two attachments'.
    struct SharedTransitGateway {
        var id: String
        /// What is off, as "transit gateway tgw-…'s DnsSupport", with the command that turns it on.
        var dnsOff: [(label: String, command: ShellCommand)]
        var resolvesPrivately: Bool { dnsOff.isEmpty }
    }

    /// The transit gateways, by ID, that `vpcId` and `otherVPC` are both attached to.
    func sharedTransitGateways(_ vpcId: String, _ otherVPC: String) -> [SharedTransitGateway] {
        let own = (network.transitGatewayAttachmentsByVPC[vpcId] ?? []).compactMap {
            network.transitGatewayAttachments[$0]
        }.filter(\.isAvailable)
        var shared: [SharedTransitGateway] = []
        for gatewayId in Set(own.map(\.transitGatewayId)).sorted() {
            guard network.transitGateways[gatewayId]?.isAvailable != false,
                let mine = own.filter({ $0.transitGatewayId == gatewayId }).min(by: { $0.id < $1.id }),
                let theirs = network.transitGatewayAttachments(ofVPC: otherVPC, to: gatewayId).first(
                    where: \.isAvailable)
            else { continue }
            var off: [(label: String, command: ShellCommand)] = []
            if network.transitGateways[gatewayId]?.dnsSupport == false {
                off.append(
                    (
                        "transit gateway \(gatewayId)'s DnsSupport",
                        "aws ec2 modify-transit-gateway --transit-gateway-id \(gatewayId) --options DnsSupport=enable"
                    ))
            }
            for attachment in [mine, theirs] where !attachment.dnsSupport {
                off.append(
                    (
                        "attachment \(attachment.id)'s DnsSupport",
                        "aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id \(attachment.id) --options DnsSupport=enable"
                    ))
            }
            shared.append(SharedTransitGateway(id: gatewayId, dnsOff: off))
        }
        return shared
    }

    /// The side of `peering` that `databaseVPC` is on, and the command that turns on its DNS
    /// option (`AllowDnsResolutionFromRemoteVpc`), which makes that VPC's public names resolve
    /// privately from the other side.
    func peeringDNSOption(_ peering: PeeringConnection, databaseVPC: String) -> (side: String, command: ShellCommand) {
        let side = peering.accepter.vpcId == databaseVPC ? "accepter" : "requester"
        return (
            side,
            "aws ec2 modify-vpc-peering-connection-options --vpc-peering-connection-id \(peering.id) --\(raw: side)-peering-connection-options AllowDnsResolutionFromRemoteVpc=true"
        )
    }

    /// Another way to `database` than its public address, offered beside a fix of its rules:
    /// what would make its name resolve privately from `subnet` over a peering between the two
    /// VPCs (its DNS option, on the database's side) or a transit gateway both are attached to
    /// (its DNS support), with the VPCs' DNS attributes either needs. Starts with a `#` line that
    /// says so; nil when no peering or transit gateway joins the VPCs.
    func privateResolution(of database: RDSDatabase, from subnet: Subnet) -> ShellCommand? {
        guard let dbVPC = database.vpcId else { return nil }
        // Only an active peering carries the connection once the name resolves privately.
        let peering = network.peerings(ofVPC: subnet.vpcId).first {
            $0.isActive && $0.peer(of: subnet.vpcId)?.vpcId == dbVPC
        }
        let gateway = peering == nil ? sharedTransitGateways(subnet.vpcId, dbVPC).first : nil
        var commands: [ShellCommand] = []
        if let peering, peering.peer(of: subnet.vpcId)?.allowsDNSResolutionFromRemoteVPC != true {
            commands.append(peeringDNSOption(peering, databaseVPC: dbVPC).command)
        }
        if let gateway { commands += gateway.dnsOff.map(\.command) }
        for (vpc, attribute) in dnsAttributesOff(subnet.vpcId, dbVPC) {
            commands.append(Explain.enableDNSAttribute(attribute, vpcId: vpc))
        }
        guard !commands.isEmpty else { return nil }
        var way: ShellCommand =
            gateway.map { "# or send the connection over transit gateway \($0.id), its name resolving privately:" }
            ?? "# or keep the connection on the peering, its name resolving privately:"
        for command in commands { way += "\n" + command }
        return way
    }

    /// The DNS attributes exported off in `vpcId` and `otherVPC`, as (VPC, attribute): a public
    /// name resolves privately across a peering only with DNS support and hostnames on in both
    /// (AWS, VPC peering DNS), and the same is asked across a transit gateway.
    func dnsAttributesOff(_ vpcId: String, _ otherVPC: String) -> [(vpc: String, attribute: String)] {
        [vpcId, otherVPC].compactMap { network.vpcs[$0] }.flatMap { vpc in
            [("enableDnsSupport", vpc.enableDnsSupport), ("enableDnsHostnames", vpc.enableDnsHostnames)]
                .filter { $0.1 == false }.map { (vpc.id, $0.0) }
        }
    }

    /// Whether a function in `subnet` reaches `database` at its public address: a publicly
    /// accessible database's endpoint resolves to its public IP outside its VPC, unless a
    /// peering between the two VPCs lets the database's side's names resolve privately
    /// (`AllowDnsResolutionFromRemoteVpc`) or a transit gateway both VPCs are attached to has
    /// DNS support on (`DnsSupport`, AWS's default, on the transit gateway and both VPC
    /// attachments). Inside its VPC it always resolves privately; a database that is not
    /// publicly accessible has no public address. "Inside" and "outside" are the VPC whose
    /// Resolver answers the name (`view`): the function's, unless its DNS servers or a
    /// forwarding rule send the name to another VPC's; public DNS gives the public address
    /// wherever the function is.
    func resolvesPublicly(
        _ database: RDSDatabase, from subnet: Subnet, answeredBy view: DNSView? = nil, notes: inout [String]
    ) -> Bool {
        guard database.publiclyAccessible, let dbVPC = database.vpcId else { return false }
        let asking: String
        switch view ?? .vpc(subnet.vpcId) {
        case .publicDNS:
            notes.append(
                "rds:\(database.identifier) is publicly accessible, and its name is answered by public DNS (the DNS servers of \(subnet.vpcId), or the resolvers a Resolver rule forwards it to, are outside the VPCs of the inventory): public DNS gives its public address, even to a function in \(dbVPC), so the connection leaves through a NAT gateway and the internet and arrives from the NAT gateway's Elastic IP, which the database's security group and network ACL must admit."
            )
            return true
        case .vpc(let vpc): asking = vpc
        }
        // Said when the name is answered in another VPC than the function's.
        let whose =
            asking == subnet.vpcId
            ? ""
            : " (its name is answered by \(asking)'s Resolver, where the DNS servers of \(subnet.vpcId) or its Resolver rule send it)"
        guard dbVPC != asking else {
            if !whose.isEmpty {
                notes.append(
                    "rds:\(database.identifier) is publicly accessible, and \(asking)'s Resolver, which answers its name for the function\(whose), is its own VPC's: the name resolves to its private address."
                )
            }
            return false
        }
        let peerings = network.peerings(ofVPC: asking).filter { $0.peer(of: asking)?.vpcId == dbVPC }
        let resolving = peerings.first {
            $0.isActive && $0.peer(of: asking)?.allowsDNSResolutionFromRemoteVPC == true
        }
        let gateways = sharedTransitGateways(asking, dbVPC)
        let resolvingGateway = gateways.first(where: \.resolvesPrivately)
        // An attribute exported off keeps the name public (dnsAttributesOff).
        let attributesOff = dnsAttributesOff(asking, dbVPC).map { "\($0.vpc)'s \($0.attribute)" }
        let privateMeans =
            resolving.map { "\($0.id) allows DNS resolution from the remote VPC" }
            ?? resolvingGateway.map { "both VPCs are attached to transit gateway \($0.id), whose DNS support is on" }
        if let privateMeans, !attributesOff.isEmpty {
            notes.append(
                "rds:\(database.identifier) is publicly accessible, and \(privateMeans), but that needs DNS support and DNS hostnames on in both VPCs, and \(attributesOff.joined(separator: " and ")) \(attributesOff.count == 1 ? "is" : "are") off: the name resolves to the public address\(whose), through a NAT gateway and the internet."
            )
            return true
        }
        if let peering = resolving {
            notes.append(
                "rds:\(database.identifier) is publicly accessible, but \(peering.id) lets \(dbVPC)'s names resolve to private addresses from \(asking) (AllowDnsResolutionFromRemoteVpc)\(whose): \(asking == subnet.vpcId ? "the connection takes the peering" : "the connection goes to the private address, where the routes lead it")."
            )
            return false
        }
        if let gateway = resolvingGateway {
            notes.append(
                "rds:\(database.identifier) is publicly accessible, but \(asking) and \(dbVPC) are both attached to transit gateway \(gateway.id), whose DNS support (DnsSupport, on for the transit gateway and both VPC attachments) resolves \(dbVPC)'s public names to private addresses from \(asking)\(whose): the connection goes to the private address, where the routes lead it."
            )
            return false
        }
        var note =
            asking == subnet.vpcId
            ? "rds:\(database.identifier) is publicly accessible and the function is in another VPC (\(subnet.vpcId), not \(dbVPC)): its endpoint's name resolves to its public address there, so the connection leaves through a NAT gateway and the internet and arrives from the NAT gateway's Elastic IP, which the database's security group and network ACL must admit."
            : "rds:\(database.identifier) is publicly accessible, and its name is answered by \(asking)'s Resolver, not \(dbVPC)'s: the DNS servers of \(subnet.vpcId) (or its Resolver rule) send it there, and from \(asking) it resolves to its public address, even for a function in \(dbVPC). The connection leaves through a NAT gateway and the internet and arrives from the NAT gateway's Elastic IP, which the database's security group and network ACL must admit."
        let joins = asking == subnet.vpcId ? "the two VPCs" : "\(asking) and \(dbVPC)"
        if let peering = peerings.first {
            let (side, enable) = peeringDNSOption(peering, databaseVPC: dbVPC)
            note +=
                " \(peering.id) joins \(joins), but its \(side) side (\(dbVPC)) does not allow DNS resolution from the remote VPC, so the name does not resolve to the private address: \(enable.text) (as \(dbVPC)'s owner) would \(asking == subnet.vpcId ? "send it through the peering" : "make it resolve privately")."
        } else if let gateway = gateways.first {
            let off = gateway.dnsOff.map(\.label)
            note +=
                " Transit gateway \(gateway.id) joins \(joins), but \(off.joined(separator: " and ")) \(off.count == 1 ? "is" : "are") disabled, so the name does not resolve to the private address there: \(gateway.dnsOff.map(\.command.text).joined(separator: " and ")) would \(asking == subnet.vpcId ? "send it through the transit gateway" : "make it resolve privately")."
        }
        notes.append(note)
        return true
    }
}
