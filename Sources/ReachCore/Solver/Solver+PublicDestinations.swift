extension Solver {
    // MARK: Public destinations

    func publicDestination(
        _ subnet: Subnet, _ context: Context, destination asked: PublicDestination, trace: inout Trace,
        notes: inout [String]
    ) {
        var destination = asked
        if destination.isAtLarge, let table = routeTable(of: subnet) {
            // The internet at large is the addresses its covering routes carry, from here and
            // from the NAT gateway's subnet: those beyond a narrower route are not judged at
            // all, by the groups and ACLs either.
            destination.addresses = atLargeAddresses(of: destination, from: table, notes: &notes)
        }
        checkEgress(
            subnet, context, remote: destination.addresses, prefixLists: destination.prefixLists, remoteGroups: [],
            remoteLabel: destination.label, trace: &trace)
        checkSourceACL(
            subnet, context, remote: destination.addresses, destination: destination, trace: &trace, notes: &notes)
        guard let table = routeTable(of: subnet) else {
            notes.append(
                "No route table is exported for \(subnet.id) or its VPC's main table; the path could not be followed.")
            trace.block(Explain.noRouteTable(subnet))
            return
        }
        let legs = Routing.legs(
            table: table, destination: destination.addresses, memberOf: destination.prefixLists, network: network)
        for leg in atLarge(legs, of: table, destination: destination, notes: &notes) {
            followPublic(
                leg, from: subnet, table: table, context, destination: destination, trace: &trace, notes: &notes)
        }
    }

    /// The legs that decide a destination: all of them for an exact one, and for the public
    /// internet at large (`PublicDestination.isAtLarge`) those of the covering route, the
    /// widest that carries public traffic (0.0.0.0/0 normally; the unrouted rest counts as the
    /// widest when there is one). A narrower route for a public range (a blackhole, a partner
    /// range to a VPN gateway, a peering to a public range) does not decide `internet`: it is a
    /// note, so that no fix rewrites the route that works for the rest.
    ///
    /// `endpointsServe`: whether the table's gateway-endpoint routes carry this traffic (they do
    /// from the endpoint's own VPC): their prefix-list routes are then AWS's own ranges, routed
    /// so on purpose, and not worth a note.
    func atLarge(
        _ legs: [Routing.Leg], of table: RouteTable, destination: PublicDestination, endpointsServe: Bool = true,
        notes: inout [String]
    ) -> [Routing.Leg] {
        guard destination.isAtLarge, legs.count > 1 else { return legs }
        let breadths = legs.map { breadth(of: $0.route) }
        let widest = breadths.min()!
        // A narrower route to where a covering route goes (0.0.0.0/1 beside 0.0.0.0/0, both to
        // one NAT gateway) is the same path, not an exception.
        let coveringTargets = zip(legs, breadths).compactMap { leg, breadth -> Route? in
            breadth == widest ? leg.route : nil
        }.filter { !$0.isBlackhole }
        var judged: [Routing.Leg] = []
        var exceptions: [Routing.Leg] = []
        for (leg, breadth) in zip(legs, breadths) {
            let sameTarget =
                leg.route.map { route in
                    !route.isBlackhole
                        && coveringTargets.contains {
                            $0.targetKind == route.targetKind && $0.targetId == route.targetId
                        }
                } ?? false
            if breadth == widest || sameTarget { judged.append(leg) } else { exceptions.append(leg) }
        }
        let covering = judged.map { $0.route.map { "\($0.summary)" } ?? "no route" }.joined(separator: ", ")
        for leg in exceptions {
            guard let route = leg.route else { continue }
            if endpointsServe, route.targetKind == .vpce, case .prefixList = route.destination { continue }
            let ranges = Explain.cidrList(leg.addresses)
            let what =
                route.isBlackhole
                ? "drops traffic to \(ranges) (a blackhole)"
                : "sends \(ranges) to \(route.targetId ?? route.targetKind.rawValue) (\(Explain.targetKindName(route.targetKind)))"
            notes.append(
                "Route \(route.summary) in \(table.id) \(what): those addresses are not the internet at large, and \(destination.label) is judged by the route the rest takes (\(covering)). Ask for one of them with --to ip:\(leg.addresses.first?.description ?? "") to see its own path."
            )
        }
        return judged
    }

    /// The addresses of an at-large destination that its covering routes carry: those of the
    /// covering legs of `table` (the function subnet's), less, for a leg to a public NAT
    /// gateway, what the NAT subnet's table sends elsewhere by a narrower route. The notes on
    /// the exceptions are written here, once.
    func atLargeAddresses(of destination: PublicDestination, from table: RouteTable, notes: inout [String])
        -> AddressSet
    {
        let legs = Routing.legs(
            table: table, destination: destination.addresses, memberOf: destination.prefixLists, network: network)
        // The common table: one covering route to one NAT gateway whose subnet routes it all one
        // way. Nothing is left out, and no set is built.
        if legs.count == 1, let route = legs[0].route, !route.isBlackhole {
            guard route.targetKind == .nat, let nat = route.targetId.flatMap({ network.natGateways[$0] }),
                nat.isPublic, let natTable = network.routeTable(forSubnet: nat.subnetId)
            else { return destination.addresses }
            let natLegs = Routing.legs(
                table: natTable, destination: destination.addresses, memberOf: destination.prefixLists,
                network: network)
            if natLegs.count == 1 { return destination.addresses }
        }
        var kept = AddressSet()
        // What each NAT gateway carries, from every covering leg that leads to it: its subnet's
        // table judges the union (a narrower route there is an exception of the whole).
        var byNAT: [(nat: NATGateway, addresses: AddressSet)] = []
        for leg in atLarge(legs, of: table, destination: destination, notes: &notes) {
            guard let route = leg.route, !route.isBlackhole, route.targetKind == .nat,
                let nat = route.targetId.flatMap({ network.natGateways[$0] }), nat.isPublic
            else {
                kept = kept.union(leg.addresses)
                continue
            }
            if let index = byNAT.firstIndex(where: { $0.nat.id == nat.id }) {
                byNAT[index].addresses = byNAT[index].addresses.union(leg.addresses)
            } else {
                byNAT.append((nat, leg.addresses))
            }
        }
        for (nat, addresses) in byNAT {
            guard let natTable = network.routeTable(forSubnet: nat.subnetId) else {
                kept = kept.union(addresses)
                continue
            }
            let natLegs = Routing.legs(
                table: natTable, destination: addresses, memberOf: destination.prefixLists, network: network)
            for natLeg in atLarge(natLegs, of: natTable, destination: destination, notes: &notes) {
                kept = kept.union(natLeg.addresses)
            }
        }
        return kept
    }

    /// How much a route covers, as a prefix length (smaller is wider); no route at all is the
    /// widest (it stands for everything no route covers).
    func breadth(of route: Route?) -> Int {
        guard let route else { return 0 }
        switch route.destination {
        case .cidr(let cidr): return cidr.prefixLength
        case .prefixList(let id): return network.prefixLists[id]?.cidrs?.map(\.prefixLength).min() ?? 32
        case .ipv6: return 128
        }
    }

    func followPublic(
        _ leg: Routing.Leg, from subnet: Subnet, table: RouteTable, _ context: Context, destination: PublicDestination,
        trace: inout Trace, notes: inout [String]
    ) {
        guard let route = leg.route else {
            trace.block(
                Explain.noRoute(
                    table: table, subnet: subnet, context: context, destinationLabel: destination.label,
                    service: destination.service, serviceRegion: destination.serviceRegion, network: network,
                    dnsWay: destination.dnsWay))
            return
        }
        guard takeRoute(route, of: table, from: subnet, context, trace: &trace) else { return }
        switch route.targetKind {
        case .igw:
            guard
                let gateway = routeTarget(
                    route, in: network.internetGateways, table: table, subnet: subnet, trace: &trace)
            else { return }
            if !gateway.attachedVPCs.contains(subnet.vpcId) {
                trace.block(
                    Explain.igwDetached(gateway, vpcId: subnet.vpcId, route: route, table: table, network: network))
            }
            trace.block(Explain.publicSubnetTrap(gateway, subnet: subnet, network: network))
        case .nat:
            guard
                let nat = routeTarget(route, in: network.natGateways, table: table, subnet: subnet, trace: &trace)
            else { return }
            throughNAT(nat, leg: leg, from: subnet, context, destination: destination, trace: &trace, notes: &notes)
        case .vpce:
            guard
                let endpoint = routeTarget(route, in: network.endpoints, table: table, subnet: subnet, trace: &trace)
            else { return }
            guard usableEndpointRoute(route, to: endpoint, table: table, from: subnet, context, trace: &trace) else {
                return
            }
            throughGatewayEndpoint(endpoint, context, destination: destination, trace: &trace, notes: &notes)
        case .pcx:
            guard
                let peering = routeTarget(route, in: network.peerings, table: table, subnet: subnet, trace: &trace)
            else { return }
            if !peering.isActive { trace.block(Explain.peeringNotActive(peering)) }
            trace.block(
                Explain.peeringNotTransitive(
                    peering, subnet: subnet, destinationLabel: destination.label, network: network,
                    route: route))
        case .tgw:
            throughTransitGatewayToPublic(
                route, leg: leg, table: table, from: subnet, context, destination: destination, trace: &trace,
                notes: &notes)
        case .local:
            // A public address inside the VPC's own CIDR: the VPC uses public address space.
            trace.block(
                Explain.noRoute(
                    table: table, subnet: subnet, context: context, destinationLabel: destination.label,
                    service: destination.service, serviceRegion: destination.serviceRegion, network: network))
        default:
            blockNotAnalyzed(route, table: table, from: subnet, context, trace: &trace)
        }
    }

    /// The route by which `nat`'s subnet forwards private `addresses` to something other than
    /// the internet (a transit gateway, a peering, a VPN gateway, an appliance), if it does: a
    /// destination in a VPC is then followed that way (`throughNATPrivately`), any other is
    /// not (`blockNATForwardsPrivately`).
    func privateOnwardRoute(of nat: NATGateway, for addresses: AddressSet) -> (RouteTable, Route)? {
        guard !addresses.isSubset(of: .publicInternet), let table = network.routeTable(forSubnet: nat.subnetId)
        else { return nil }
        for leg in Routing.legs(table: table, destination: addresses, memberOf: [], network: network) {
            guard let route = leg.route, !leg.addresses.isSubset(of: .publicInternet) else { continue }
            switch route.targetKind {
            case .igw, .nat, .eigw, .vpce: continue
            default: return (table, route)
            }
        }
        return nil
    }

    /// Blocks, as not analysed, a private destination in no VPC of the inventory that `nat`
    /// forwards onward (see `Explain.NATForwardsPrivately`).
    func blockNATForwardsPrivately(
        _ nat: NATGateway, table: RouteTable, route: Route, from subnet: Subnet, destinationLabel: String,
        _ context: Context, trace: inout Trace
    ) {
        if trace.unfollowed != nil {
            trace.unfollowed!.append("route \(route.summary) of \(table.id), beyond \(nat.id)")
            return
        }
        byGroups(context, &trace) { solver, context, trace in
            let source = solver.network.lambdaInterface(inSubnet: subnet.id, groups: context.function.securityGroupIds)
            trace.block(
                Explain.natForwardsPrivately(
                    nat, natTable: table, route: route, destinationLabel: destinationLabel, source: source?.id,
                    context: context))
        }
    }

    /// `sourceIPv6`: the function's subnet's IPv6 block, when the function reaches the NAT
    /// gateway over IPv6 (NAT64): the NAT gateway's subnet then sees that block, not the IPv4 one.
    func throughNAT(
        _ nat: NATGateway, leg: Routing.Leg, from subnet: Subnet, _ context: Context, destination: PublicDestination,
        sourceIPv6: IPv6CIDR? = nil, trace: inout Trace, notes: inout [String]
    ) {
        trace.hop(.natGateway(nat))
        if nat.state != "available" {
            trace.block(
                Explain.natNotAvailable(nat, network: network, subnet: subnet, route: leg.route))
        }
        if let (table, route) = privateOnwardRoute(of: nat, for: leg.addresses) {
            blockNATForwardsPrivately(
                nat, table: table, route: route, from: subnet, destinationLabel: destination.label, context,
                trace: &trace)
            return
        }
        if !nat.isPublic {
            // A private NAT gateway is the right gateway for a private address: what it lacks is
            // a route of its own subnet onward (the internet, its other way out, drops it).
            if !leg.addresses.isSubset(of: .publicInternet), let natTable = network.routeTable(forSubnet: nat.subnetId)
            {
                trace.block(
                    Explain.privateNATWithoutOnwardRoute(
                        nat, table: natTable, addresses: leg.addresses, destinationLabel: destination.label,
                        network: network))
                return
            }
            trace.block(Explain.privateNAT(nat, network: network, subnet: subnet, route: leg.route))
        }
        guard let natSubnet = network.subnets[nat.subnetId] else {
            // Without its subnet, neither the NAT gateway's network ACL nor its route to an
            // internet gateway is known: the path cannot be confirmed, so it is not reachable.
            trace.block(Explain.natSubnetUnknown(nat))
            return
        }
        if let acl = network.networkACL(forSubnet: natSubnet.id) {
            checkArrival(
                at: natSubnet, acl: acl, from: subnet, sourceIPv6: sourceIPv6, context, trace: &trace, notes: &notes)
            checkACL(
                acl, subnet: natSubnet, outbound: true, remote: leg.addresses, ports: PortRange(context.port), context,
                destination: destination, trace: &trace, notes: &notes)
            checkACL(
                acl, subnet: natSubnet, outbound: false, remote: leg.addresses, ports: .ephemeral, context,
                destination: destination, trace: &trace, notes: &notes)
        }
        // The NAT gateway's replies to the function leave by its own subnet's route table.
        // (Over IPv6 the VPC's local IPv6 route carries them; that return is not checked here.)
        if natSubnet.id != subnet.id, sourceIPv6 == nil {
            checkLocalReturn(from: natSubnet, to: .function(subnet), trace: &trace)
        }
        guard nat.isPublic else { return }
        guard let table = routeTable(of: natSubnet) else {
            trace.block(Explain.noRouteTable(natSubnet))
            return
        }
        let natLegs = Routing.legs(
            table: table, destination: leg.addresses, memberOf: destination.prefixLists, network: network)
        for natLeg in atLarge(natLegs, of: table, destination: destination, notes: &notes) {
            guard let route = natLeg.route else {
                trace.block(Explain.natSubnetNoRoute(table: table, nat: nat, natSubnet: natSubnet, network: network))
                continue
            }
            guard
                takeRoute(
                    route, of: table, from: natSubnet, origin: .natGatewaySubnet(natSubnet.id), context,
                    trace: &trace)
            else { continue }
            switch route.targetKind {
            case .igw:
                guard
                    let gateway = routeTarget(
                        route, in: network.internetGateways, table: table, subnet: natSubnet, trace: &trace)
                else { continue }
                if gateway.attachedVPCs.contains(natSubnet.vpcId) {
                    notes.append(
                        "Connections through a NAT gateway are closed after 350 seconds without traffic: long-lived connections (database pools, long polls) need keep-alives shorter than that."
                    )
                    trace.hop(
                        .internetGateway(
                            id: gateway.id, vpc: natSubnet.vpcId,
                            .natElasticIP(address: nat.publicAddresses.first?.description)))
                    // VPC Block Public Access judges the NAT gateway's subnet, which sends to the
                    // internet gateway, not the function's, which sends to the NAT gateway.
                    let bpa = network.blockPublicAccess(of: natSubnet)
                    if bpa.blocksNATGatewayEgress {
                        trace.block(
                            Explain.blockedByBlockPublicAccess(bpa, .natGateway(nat: nat.id, gateway: gateway.id)))
                    } else {
                        noteBlockPublicAccess(bpa, natGateway: nat.id, notes: &notes)
                    }
                    // The replies come back in through the gateway to the NAT gateway's address.
                    let natAddresses =
                        nat.privateAddresses.isEmpty
                        ? natSubnet.addresses : AddressSet(ranges: nat.privateAddresses.map { $0.value...$0.value })
                    enter(through: gateway.id, to: natAddresses, in: natSubnet, from: subnet, context, trace: &trace)
                    if !natLeg.addresses.isSubset(of: .publicInternet) {
                        // The internet carries public addresses only: a private or reserved one
                        // sent there (an address of an unpeered VPC, of an on-premises network)
                        // is dropped.
                        trace.block(
                            Explain.privateAddressToInternet(
                                destination.label, addresses: natLeg.addresses, from: subnet, network: network))
                    } else if let owner = destination.owner {
                        arrive(at: owner, from: nat, subnet: subnet, context, trace: &trace, notes: &notes)
                    } else {
                        trace.hop(
                            .publicDestination(
                                label: destination.label,
                                destination.service.map { .serviceEndpoint(service: $0) } ?? .address))
                    }
                } else {
                    trace.block(
                        Explain.igwDetached(
                            gateway, vpcId: natSubnet.vpcId, route: route, table: table, network: network))
                }
            case .vpce:
                // An endpoint the inventory lacks (a firewall endpoint not exported, say) is
                // said, as from the function's own subnet: skipping the route read as reachable.
                guard
                    let endpoint = routeTarget(
                        route, in: network.endpoints, table: table, subnet: natSubnet, trace: &trace)
                else { continue }
                guard usableEndpointRoute(route, to: endpoint, table: table, from: subnet, context, trace: &trace)
                else { continue }
                throughGatewayEndpoint(endpoint, context, destination: destination, trace: &trace, notes: &notes)
            case .nat:
                // The NAT gateway's subnet sends the internet to a NAT gateway (itself, when it sits
                // in the function's subnet): a loop that never reaches an internet gateway.
                trace.block(
                    Explain.natSubnetNoRoute(
                        table: table, nat: nat, natSubnet: natSubnet, network: network, natRoute: route,
                        functionSubnet: subnet))
            default:
                blockNotAnalyzed(route, table: table, from: subnet, context, trace: &trace)
            }
        }
    }

    /// At the subnet of a NAT gateway, `natSubnet` (with its ACL, `acl`), what comes from the
    /// function's `subnet`: the requests in on the port, the replies out on ephemeral ports;
    /// over IPv6 (NAT64), from `sourceIPv6`, the function's subnet's IPv6 block. Nothing when
    /// the NAT gateway is in the function's own subnet: traffic within a subnet crosses no ACL.
    func checkArrival(
        at natSubnet: Subnet, acl: NetworkACL, from subnet: Subnet, sourceIPv6: IPv6CIDR? = nil, _ context: Context,
        trace: inout Trace, notes: inout [String]
    ) {
        guard natSubnet.id != subnet.id else { return }
        if let sourceIPv6 {
            checkArrivalACL6(
                at: natSubnet, from: sourceIPv6, sourceLabel: subnet.id, context, trace: &trace, notes: &notes)
            return
        }
        checkACL(
            acl, subnet: natSubnet, outbound: false, remote: subnet.addresses, ports: PortRange(context.port), context,
            remoteLabel: subnet.id, trace: &trace)
        checkACL(
            acl, subnet: natSubnet, outbound: true, remote: subnet.addresses, ports: .ephemeral, context,
            remoteLabel: subnet.id, trace: &trace)
    }

    /// What enters a VPC through `gateway` for `addresses` (in `subnet`). A route table
    /// associated with the gateway (an edge association: ingress routing) routes such traffic
    /// before any subnet's table does, typically to a firewall or Gateway Load Balancer
    /// endpoint. A route of it other than the local one takes the traffic there, and blocks: a
    /// blackhole drops it, an appliance is not followed (`source` is the function's subnet,
    /// for the fix). The rest of the path is still walked, for its own blockers.
    func enter(
        through gateway: String, to addresses: AddressSet, in subnet: Subnet, from source: Subnet, _ context: Context,
        trace: inout Trace
    ) {
        guard let table = network.edgeRouteTable(ofGateway: gateway) else { return }
        for leg in Routing.legs(table: table, destination: addresses, memberOf: [], network: network) {
            guard let route = leg.route, route.targetKind != .local || route.isBlackhole else { continue }
            trace.hop(.route(table: table.id, route: route, origin: .gatewayEdge(gateway)))
            if route.isBlackhole {
                trace.block(Explain.blackhole(table: table, route: route, network: network, subnet: subnet))
            } else {
                blockNotAnalyzed(route, table: table, from: source, context, trace: &trace)
            }
        }
    }

    /// What an answer says of VPC Block Public Access on a path it lets through an internet
    /// gateway: that nothing about it was exported (so it was taken as off), or that it is on
    /// in ingress-only mode, which lets NAT gateways and egress-only gateways out.
    func noteBlockPublicAccess(_ status: BlockPublicAccessStatus, natGateway: String?, notes: inout [String]) {
        if status.source == .notExported {
            notes.append(Explain.blockPublicAccessNotExported(status))
        } else if status.mode == .blockIngress {
            notes.append(Explain.blockPublicAccessAllows(status, natGateway: natGateway))
        }
    }

    /// Whether `route` (to `endpoint`) is one AWS makes for a gateway endpoint: by the service's
    /// prefix list. A route to a Gateway Load Balancer endpoint leads to an appliance, which is
    /// not followed; a CIDR route to a gateway endpoint is one AWS never makes (an inconsistent
    /// export), and is taken as dropping the traffic rather than as reaching the service.
    func usableEndpointRoute(
        _ route: Route, to endpoint: VPCEndpoint, table: RouteTable, from subnet: Subnet, _ context: Context,
        trace: inout Trace
    ) -> Bool {
        guard endpoint.kind == .gateway else {
            blockNotAnalyzed(route, table: table, from: subnet, context, trace: &trace)
            return false
        }
        if case .prefixList = route.destination { return true }
        trace.block(Explain.gatewayEndpointByCIDR(table: table, route: route, endpoint: endpoint))
        return false
    }

    func throughGatewayEndpoint(
        _ endpoint: VPCEndpoint, _ context: Context, destination: PublicDestination, trace: inout Trace,
        notes: inout [String]
    ) {
        trace.hop(.gatewayEndpoint(id: endpoint.id, serviceName: endpoint.serviceName, state: endpoint.state))
        if endpoint.state != "available" { trace.block(Explain.endpointNotAvailable(endpoint)) }
        checkPolicy(of: endpoint, service: endpoint.shortServiceName, context, trace: &trace, notes: &notes)
        // A gateway endpoint serves its own service in its own region only.
        let region = destination.serviceRegion ?? context.function.region
        if let service = destination.service, !endpoint.serves(service, in: region) {
            trace.block(Explain.noRouteVia(endpoint: endpoint, service: service, region: region))
            return
        }
        trace.hop(.serviceThroughGatewayEndpoint(service: endpoint.shortServiceName, region: context.function.region))
    }
}
