extension Solver {
    // MARK: Private destinations

    func databaseStep(_ database: RDSDatabase, _ context: Context, publiclyAccessible: Bool) -> Step {
        .database(
            identifier: database.identifier, kind: database.kind, engine: database.engine, endpoint: database.endpoint,
            port: context.port, publiclyAccessible: publiclyAccessible)
    }

    /// `view`: whose DNS answered the database's name (`resolveDatabaseName`): the function's
    /// VPC's Resolver unless its DNS servers, or a forwarding rule, are elsewhere.
    func databaseDestination(
        _ subnet: Subnet, _ context: Context, database: RDSDatabase, answeredBy view: DNSView? = nil,
        trace: inout Trace, notes: inout [String]
    ) {
        if let refusal = Explain.databaseNotServing(database) { trace.block(refusal) }
        if let mismatch = Explain.databasePortMismatch(database, asked: context.port) { trace.block(mismatch) }
        let view = view ?? .vpc(subnet.vpcId)
        if let dbVPC = database.vpcId, resolvesPublicly(database, from: subnet, answeredBy: view, notes: &notes) {
            // Answered elsewhere, the name resolves privately once the function's VPC's own
            // Resolver answers it, if it does there (in the database's VPC, or by a DNS option).
            var scratch: [String] = []
            let privateWay =
                view == .vpc(subnet.vpcId)
                ? privateResolution(of: database, from: subnet)
                : resolvesPublicly(database, from: subnet, notes: &scratch)
                    ? nil
                    : ownResolverWay(for: subnet.vpcId, name: DNSName.normalised(database.endpoint ?? "")).map {
                        "# or have \(subnet.vpcId)'s own Resolver answer the name, with the private address:\n" + $0
                    }
            let owner = PublicOwner(
                label: "rds:\(database.identifier)", step: databaseStep(database, context, publiclyAccessible: true),
                vpcId: dbVPC, subnets: database.subnetIds.compactMap { network.subnets[$0] },
                securityGroupIds: database.securityGroupIds, refusal: nil, privateWay: privateWay)
            let first = trace.blockers.count
            publicDestination(
                subnet, context,
                destination: PublicDestination(
                    label: "rds:\(database.identifier)", addresses: .publicInternet, prefixLists: [], owner: owner),
                trace: &trace, notes: &notes)
            // The VPCs are joined: turning on the DNS option keeps the connection on the join,
            // where the internet path's fixes would build a NAT gateway or an internet gateway
            // (one in the database's VPC exposes it). The private way is offered first. A name
            // answered elsewhere is offered its way beside the database's own group's fix only.
            if let privateWay, view == .vpc(subnet.vpcId) {
                for index in first..<trace.blockers.count
                where !(trace.blockers[index].reason is Explain.PublicIngressMismatch) {
                    let blocker = trace.blockers[index]
                    trace.blockers[index] = Blocker(
                        code: blocker.code, component: blocker.component,
                        reason: Explain.PrivateWayFirst(blocker: blocker, privateWay: privateWay.text))
                }
            }
            return
        }
        // A publicly accessible database's private address is the VPC's own Resolver's answer.
        if database.publiclyAccessible, view == .vpc(subnet.vpcId) {
            noteDNSServersUnknown(subnet.vpcId, name: DNSName.normalised(database.endpoint ?? ""), notes: &notes)
        }
        let placements = database.subnetIds.compactMap { network.subnets[$0] }.map {
            (subnet: $0, addresses: $0.addresses)
        }
        guard !placements.isEmpty else {
            notes.append(Self.databaseSubnetsUnknownNote(database))
            trace.block(Explain.unknownDestination(database.identifier, subnet: subnet))
            return
        }
        let destination = PlacedDestination(
            label: "rds:\(database.identifier)", placements: placements, securityGroupIds: database.securityGroupIds,
            step: databaseStep(database, context, publiclyAccessible: false))
        placedDestination(subnet, context, destination: destination, trace: &trace, notes: &notes)
    }

    /// Why a database's network location is unknown, and which export gives it: an instance's
    /// and a proxy's own output lists their subnets; a cluster's does not, its subnets come with
    /// its writer instance's describe-db-instances entry (its DBSubnetGroup).
    static func databaseSubnetsUnknownNote(_ database: RDSDatabase) -> String {
        if database.subnetIds.isEmpty {
            switch database.kind {
            case .cluster:
                let writer = database.writer.map { "its writer \($0.identifier)" } ?? "its instances"
                return
                    "The subnets of \(database.identifier) are not known: describe-db-clusters does not list a cluster's subnets, they come with \(writer) in aws rds describe-db-instances, which the inventory does not have. Its network location is unknown."
            case .instance, .proxy, .proxyEndpoint:
                return
                    "\(database.identifier)'s export lists no subnets (a DBSubnetGroup without Subnets, or VpcSubnetIds empty): its network location is unknown."
            }
        }
        return
            "The subnets of \(database.identifier) (\(database.subnetIds.joined(separator: ", "))) are not in the inventory (aws ec2 describe-subnets): its network location is unknown."
    }

    /// A destination with known subnets: route there (locally, through a peering or a transit
    /// gateway, or through a NAT gateway that forwards it privately), then the destination's
    /// network ACL and security groups.
    func placedDestination(
        _ subnet: Subnet, _ context: Context, destination: PlacedDestination, trace: inout Trace, notes: inout [String]
    ) {
        let destinationGroupIds = Set(destination.securityGroupIds ?? [])
        checkEgress(
            subnet, context, remote: destination.addresses, prefixLists: [], remoteGroups: destinationGroupIds,
            remoteLabel: destination.label, remoteVPC: destination.vpcId, trace: &trace)
        guard let table = routeTable(of: subnet) else {
            trace.block(Explain.noRouteTable(subnet))
            return
        }
        // The destination's security groups are checked once, at the first placement reached:
        // their blockers (this range) refuse the connections to every network interface alike.
        var ingressBlockers: Range<Int>?
        // Each placement's blockers, for the connections that only some of them refuse.
        var placementBlockers: [(zone: String, blockers: Range<Int>)] = []
        for (destinationSubnet, addresses) in destination.placements.sorted(by: { $0.subnet.id < $1.subnet.id }) {
            let firstBlocker = trace.blockers.count
            placedLegs(
                from: .function(subnet), table: table, to: destinationSubnet, addresses: addresses, context,
                destination: destination, ingressBlockers: &ingressBlockers, trace: &trace, notes: &notes)
            placementBlockers.append((destinationSubnet.availabilityZone, firstBlocker..<trace.blockers.count))
        }
        if case .interfaceEndpoint = destination.step {
            markZonesOnlySomeConnectionsFail(
                placementBlockers, destinationWide: ingressBlockers, label: destination.label, trace: &trace)
        }
        trace.hop(destination.step)
    }

    /// Where traffic to a placed destination comes from, as the network from there on sees it:
    /// the function's subnet (its network interface can have any address of it, and wears the
    /// function's security groups), or a NAT gateway that forwards the function's traffic
    /// privately, having replaced the function's address with its own private address (AWS: a
    /// private NAT gateway "performs source network address translation on requests from
    /// instances in non-routable subnet"; a public one forwards to other VPCs and on premises
    /// the same way). A NAT gateway wears no security group: only a rule for its address admits
    /// it.
    struct TrafficSource {
        /// The subnet the traffic is routed from: the function's, or the NAT gateway's.
        var subnet: Subnet
        /// The function's subnet, whose network interface a fix that checks the rest with VPC
        /// Reachability Analyzer starts from.
        var functionSubnet: Subnet
        /// The addresses the far end sees, in the question's family: the function's whole subnet
        /// (for IPv6, the block of it its address is in), or the NAT gateway's private address.
        var addresses: Addresses
        /// The NAT gateway whose address the traffic has; nil: it has the function's own.
        var nat: NATGateway?
        /// How blockers name the source: the function's subnet, or the NAT gateway's address.
        var label: String

        static func function(_ subnet: Subnet) -> TrafficSource {
            TrafficSource(
                subnet: subnet, functionSubnet: subnet, addresses: .ipv4(subnet.addresses), nat: nil, label: subnet.id)
        }

        /// The function's IPv6 traffic from `block`, its subnet's IPv6 block that holds its
        /// address: a peering or a transit gateway carries it as it does IPv4.
        static func function(_ subnet: Subnet, ipv6 block: IPv6CIDR) -> TrafficSource {
            TrafficSource(subnet: subnet, functionSubnet: subnet, addresses: .ipv6(block), nat: nil, label: subnet.id)
        }

        /// What `nat`, in `natSubnet`, forwards for the function's `functionSubnet`: from the NAT
        /// gateway's private address, or any address of its subnet when the export does not
        /// give that address. Always IPv4: a NAT gateway forwards IPv4 traffic only (its NAT64
        /// turns IPv6 into IPv4 before it goes on), so an IPv6 walk never goes through one.
        static func translated(by nat: NATGateway, in natSubnet: Subnet, for functionSubnet: Subnet)
            -> TrafficSource
        {
            guard !nat.privateAddresses.isEmpty else {
                return TrafficSource(
                    subnet: natSubnet, functionSubnet: functionSubnet, addresses: .ipv4(natSubnet.addresses), nat: nat,
                    label: "\(nat.id)'s address in \(natSubnet.id)")
            }
            return TrafficSource(
                subnet: natSubnet, functionSubnet: functionSubnet,
                addresses: .ipv4(AddressSet(ranges: nat.privateAddresses.map { $0.value...$0.value })), nat: nat,
                label: "\(nat.id)'s address \(nat.privateAddresses.map(\.description).joined(separator: ", "))")
        }

        /// The origin of the routes the traffic takes from `subnet`, for the path's hops.
        var origin: Step.RouteOrigin { nat == nil ? .functionSubnet : .natGatewaySubnet(subnet.id) }
    }

    /// The way from `source` to `addresses`, one placement of `destination` in
    /// `destinationSubnet`, by `table` (the route table of the source's subnet): that subnet's
    /// ACL, each route and what it leads to (a NAT gateway that forwards the traffic privately
    /// included, from whose subnet the way goes on), then the destination subnet's ACL and,
    /// once for the destination, its security groups, judged on the addresses the destination
    /// sees (`TrafficSource.addresses`).
    func placedLegs(
        from source: TrafficSource, table: RouteTable, to destinationSubnet: Subnet, addresses: AddressSet,
        _ context: Context, destination: PlacedDestination, ingressBlockers: inout Range<Int>?, trace: inout Trace,
        notes: inout [String]
    ) {
        let subnet = source.subnet
        let sameSubnet = destinationSubnet.id == subnet.id
        let legs = Routing.legs(table: table, destination: addresses, memberOf: [], network: network)
        // A NAT gateway in the function's own subnet sends on through the ACL the function's
        // traffic was checked against already.
        if !sameSubnet && (source.nat == nil || subnet.id != source.functionSubnet.id) {
            let sharesAttachment =
                legs.count == 1 && legs[0].route.map { isTransitGatewayAttachmentSubnet(subnet, for: $0) } == true
            checkSourceACL(
                subnet, context, remote: .ipv4(addresses), remoteLabel: destinationSubnet.id,
                asAttachmentSubnetOf: sharesAttachment ? source : nil, trace: &trace)
        }
        for leg in legs {
            guard let route = leg.route else {
                trace.block(
                    Explain.noRoute(
                        table: table, subnet: subnet, context: context, destinationLabel: destination.label,
                        service: nil, network: network, destinationVPC: destinationSubnet.vpcId,
                        destination: leg.addresses))
                continue
            }
            guard takeRoute(route, of: table, from: subnet, origin: source.origin, context, trace: &trace) else {
                continue
            }
            switch route.targetKind {
            case .local:
                if destinationSubnet.vpcId != subnet.vpcId {
                    // The destination's addresses are inside the source's own VPC's range
                    // (overlapping CIDRs): the local route keeps them here.
                    trace.block(
                        Explain.overlappingVPCs(
                            table: table, route: route, from: subnet, to: destinationSubnet,
                            destinationLabel: destination.label, network: network))
                    continue
                }
                if !sameSubnet {
                    checkLocalReturn(from: destinationSubnet, to: source, byLocalRoute: true, trace: &trace)
                }
            case .pcx:
                guard let peering = enterPeering(route, of: table, from: subnet, trace: &trace) else { continue }
                guard let peer = peering.peer(of: subnet.vpcId), peer.vpcId == destinationSubnet.vpcId else {
                    if let peer = peering.peer(of: subnet.vpcId), leg.addresses.isSubset(of: AddressSet(peer.cidrs)) {
                        // The address is the peer's own (its VPC has the destination's CIDR):
                        // the peering delivers it there, never to the destination's VPC.
                        trace.block(
                            Explain.overlappingVPCs(
                                table: table, route: route, from: subnet, to: destinationSubnet,
                                destinationLabel: destination.label, deliveredTo: peer.vpcId, network: network))
                    } else {
                        trace.block(
                            Explain.peeringNotTransitive(
                                peering, subnet: subnet, destinationLabel: destination.label, network: network,
                                privateDestination: .otherVPC(destinationSubnet.vpcId)))
                    }
                    continue
                }
                if !leg.addresses.isSubset(of: AddressSet(peer.cidrs)) {
                    trace.block(
                        Explain.peeringNotTransitive(
                            peering, subnet: subnet, destinationLabel: destination.label, network: network,
                            privateDestination: .outsidePeeringCIDRs))
                }
                checkReturnRoute(from: destinationSubnet, to: source, via: peering, trace: &trace)
            case .tgw:
                // The transit gateway's walk checks the destination's side itself (which
                // security-group references count depends on the transit gateway).
                throughTransitGateway(
                    route, leg: leg, table: table, from: source, to: destinationSubnet, context,
                    destination: destination, ingressBlockers: &ingressBlockers, trace: &trace, notes: &notes)
                continue
            case .igw:
                if source.nat != nil {
                    // What a NAT gateway's subnet sends to an internet gateway is bound for the
                    // internet, which carries no private address.
                    trace.block(
                        Explain.privateAddressToInternet(
                            destination.label, addresses: leg.addresses, from: subnet, network: network))
                } else if let id = route.targetId, let gateway = network.internetGateways[id] {
                    trace.block(
                        Explain.publicSubnetTrap(gateway, subnet: subnet, network: network))
                } else {
                    trace.block(
                        Explain.missingTarget(
                            table: table, route: route, network: network, subnet: subnet))
                }
                continue
            case .nat:
                // A NAT gateway whose subnet forwards the addresses privately (a transit gateway,
                // a peering) takes them there from its own address; else they are a VPC's, which
                // the internet does not carry: the NAT gateway sends them there and they are
                // dropped. A NAT gateway's subnet that sends them to a NAT gateway in turn sends
                // them to the internet too.
                if source.nat == nil, let id = route.targetId, let nat = network.natGateways[id],
                    privateOnwardRoute(of: nat, for: leg.addresses) != nil
                {
                    throughNATPrivately(
                        nat, route: route, leg: leg, from: subnet, to: destinationSubnet, context,
                        destination: destination, ingressBlockers: &ingressBlockers, trace: &trace, notes: &notes)
                    continue
                }
                trace.block(
                    Explain.privateAddressToInternet(
                        destination.label, addresses: source.nat == nil ? addresses : leg.addresses, from: subnet,
                        network: network))
                continue
            default:
                blockNotAnalyzed(route, table: table, from: source.functionSubnet, context, trace: &trace)
                continue
            }
            // At the destination's subnet.
            if !sameSubnet, let acl = network.networkACL(forSubnet: destinationSubnet.id) {
                checkACL(
                    acl, subnet: destinationSubnet, outbound: false, remote: source.addresses,
                    ports: PortRange(context.port), context, remoteLabel: source.label, trace: &trace)
                checkACL(
                    acl, subnet: destinationSubnet, outbound: true, remote: source.addresses, ports: .ephemeral,
                    context, remoteLabel: source.label, trace: &trace)
            } else if sameSubnet {
                trace.hop(.sameSubnet(subnet: destinationSubnet.id))
            }
            if ingressBlockers == nil {
                let first = trace.blockers.count
                checkIngress(source, context, destination: destination, trace: &trace, notes: &notes)
                ingressBlockers = first..<trace.blockers.count
            }
        }
    }

    /// The function's traffic to a placed destination through `nat`, whose own subnet's route
    /// table forwards it privately (to a transit gateway, a peering): AWS's design for
    /// overlapping networks and for private address exhaustion, where functions in a
    /// non-routable range reach other networks through a NAT gateway in a routable subnet. Into
    /// the NAT gateway as for the internet (its state, its subnet's ACL for what comes from the
    /// function's `subnet`, the replies' local way back); from its subnet on, the way to the
    /// destination is `placedLegs`'s, from the NAT gateway's private address, which the
    /// destination's ACL, security groups and routes back must admit and carry.
    func throughNATPrivately(
        _ nat: NATGateway, route: Route, leg: Routing.Leg, from subnet: Subnet, to destinationSubnet: Subnet,
        _ context: Context, destination: PlacedDestination, ingressBlockers: inout Range<Int>?, trace: inout Trace,
        notes: inout [String]
    ) {
        trace.hop(.natGateway(nat))
        if nat.state != "available" {
            trace.block(Explain.natNotAvailable(nat, network: network, subnet: subnet, route: route))
        }
        guard let natSubnet = network.subnets[nat.subnetId] else {
            trace.block(Explain.natSubnetUnknown(nat))
            return
        }
        if let acl = network.networkACL(forSubnet: natSubnet.id) {
            checkArrival(at: natSubnet, acl: acl, from: subnet, context, trace: &trace, notes: &notes)
        }
        if natSubnet.id != subnet.id { checkLocalReturn(from: natSubnet, to: .function(subnet), trace: &trace) }
        guard let natTable = routeTable(of: natSubnet) else {
            trace.block(Explain.noRouteTable(natSubnet))
            return
        }
        let source = TrafficSource.translated(by: nat, in: natSubnet, for: subnet)
        notes.append(
            "\(nat.id) forwards the traffic for \(destination.label) by its own subnet's route table (\(natTable.id)), with its private address as the source: \(destination.label) sees \(source.label), not the function's subnet, so its network ACL and security groups must admit that address (a rule that references the function's security groups does not match it: a NAT gateway has none), and its routes back must lead to it."
        )
        placedLegs(
            from: source, table: natTable, to: destinationSubnet, addresses: leg.addresses, context,
            destination: destination, ingressBlockers: &ingressBlockers, trace: &trace, notes: &notes)
    }

    /// An interface endpoint's name resolves to the addresses of its network interfaces, one in
    /// each of its subnets (one subnet per zone), and a client connects to any of them. What
    /// blocks the way to some of those addresses only (a route, a network ACL: the function
    /// subnet's toward the other subnet's interface, or the interface's subnet's; within one
    /// subnet no ACL applies; a transit gateway that cannot take the replies of a zone where
    /// the hub's attachment has no subnet) fails only the connections to those interfaces
    /// while the others get through: their blockers say so (`Explain.SomeZonesOnly`), and a
    /// subnet whose blockers are all such is partial. The blockers in `destinationWide` (the
    /// endpoint's security groups, checked once) refuse every connection, wherever they were
    /// met, and keep their words.
    func markZonesOnlySomeConnectionsFail(
        _ placements: [(zone: String, blockers: Range<Int>)], destinationWide: Range<Int>?, label: String,
        trace: inout Trace
    ) {
        let own = placements.map { placement in
            (zone: placement.zone, indices: placement.blockers.filter { !(destinationWide?.contains($0) ?? false) })
        }
        let failing = own.filter { !$0.indices.isEmpty }
        let reached = own.filter { $0.indices.isEmpty }
        guard !failing.isEmpty, !reached.isEmpty else { return }
        let reachedZones = Set(reached.map(\.zone)).sorted()
        let failedZones = Set(failing.map(\.zone)).subtracting(reachedZones).sorted()
        guard !failedZones.isEmpty else { return }
        for placement in failing {
            for index in placement.indices {
                trace.blockers[index] = Explain.someZonesOnly(
                    trace.blockers[index], label: label, reached: reachedZones, failed: failedZones)
            }
        }
    }

    func checkIngress(
        _ source: TrafficSource, _ context: Context, destination: PlacedDestination, trace: inout Trace,
        notes: inout [String]
    ) {
        guard let groups = destinationGroups(destination, trace: &trace, notes: &notes) else { return }
        let label = destination.label
        if let nat = source.nat {
            decideIngress(from: nat, source, context, groups: groups, destinationLabel: label, trace: &trace)
            return
        }
        let subnet = source.subnet
        byGroups(context, &trace) { solver, context, trace in
            solver.decideIngress(subnet, context, groups: groups, destinationLabel: label, trace: &trace)
        }
    }

    /// The destination's security groups that are in the inventory, for an ingress check; nil
    /// when there is nothing to check: its groups are unknown (an address without an exported
    /// ENI), or none of them was exported, which is a blocker. A missing group is a note.
    func destinationGroups(_ destination: PlacedDestination, trace: inout Trace, notes: inout [String])
        -> [SecurityGroup]?
    {
        guard let groupIds = destination.securityGroupIds else { return nil }
        // Every RDS database and interface endpoint in a VPC has a security group: an export
        // that lists none lacks them, and no rule can be taken as admitting the function.
        if groupIds.isEmpty, [.database, .interfaceEndpoint].contains(destination.step.kind) {
            trace.block(Explain.noGroupsListed(destination.label, component: destination.step.component))
            return nil
        }
        let groups = groupIds.compactMap { network.securityGroups[$0] }
        for missing in groupIds where network.securityGroups[missing] == nil {
            notes.append(
                "Security group \(missing) of \(destination.label) is not in the inventory; its rules were not checked."
            )
        }
        guard !groups.isEmpty else {
            if let first = groupIds.first {
                var owner: String?
                if case .networkInterface(let eni, _, _) = destination.step { owner = eni.ownerId }
                trace.block(Explain.destinationGroupNotFound(first, destination: destination.label, owner: owner))
            }
            return nil
        }
        return groups
    }

    /// Ingress at a destination guarded by `groups` (not empty) from the function's subnet or,
    /// by reference, from its groups.
    func decideIngress(
        _ subnet: Subnet, _ context: Context, groups: [SecurityGroup], destinationLabel: String, trace: inout Trace
    ) {
        let decision = Filters.ingress(
            groups: groups, source: subnet.addresses, sourceGroups: context.groups, ipProtocol: context.ipProtocol,
            port: context.port, network: network)
        if decision.allowed {
            trace.ruleHops(decision.matched, direction: .ingress)
        } else {
            trace.block(
                Explain.ingressMismatch(
                    group: groups[0], noRules: decision.hadNoRules, subnet: subnet, context: context,
                    destinationLabel: destinationLabel))
        }
    }

    /// Ingress at a destination guarded by `groups` (not empty) from the private address of
    /// `nat` (`source`), which forwards the function's traffic: only a rule for that address (a
    /// CIDR that holds it) admits it, a NAT gateway wearing no security group. The function's
    /// groups play no part, so this is decided at once, for every function alike.
    func decideIngress(
        from nat: NATGateway, _ source: TrafficSource, _ context: Context, groups: [SecurityGroup],
        destinationLabel: String, trace: inout Trace
    ) {
        // A NAT gateway's address is IPv4 (`TrafficSource.translated`): no IPv6 walk comes here.
        guard case .ipv4(let addresses) = source.addresses else { return }
        let decision = Filters.ingress(
            groups: groups, source: addresses, sourceGroups: [], ipProtocol: context.ipProtocol,
            port: context.port, network: network)
        if decision.allowed {
            trace.ruleHops(decision.matched, direction: .ingress)
        } else {
            trace.block(
                Explain.ingressFromNAT(
                    group: groups[0], noRules: decision.hadNoRules, nat: nat, natSubnet: source.subnet,
                    context: context, destinationLabel: destinationLabel))
        }
    }

    /// Within a VPC, the replies take the destination subnet's route table: the local route
    /// brings them back, unless a route more specific than it covers the source (the function's
    /// subnet, or a NAT gateway's address) (to a network interface, an instance, a Gateway Load Balancer endpoint or a NAT gateway:
    /// middlebox routing, or a blackhole). The requests came by the local route, so such a
    /// route makes the flow asymmetric, which AWS does not support through an appliance.
    /// `byLocalRoute`: the requests reached `destinationSubnet` by the source table's local
    /// route (the destination is there), not by a route to a NAT gateway that sits there: only
    /// then does a route in the source's table for the destination's block send them through
    /// the same appliance.
    func checkLocalReturn(
        from destinationSubnet: Subnet, to source: TrafficSource, byLocalRoute: Bool = false, trace: inout Trace
    ) {
        // Across VPCs the way back is a peering's or transit gateway's, checked by those.
        guard destinationSubnet.vpcId == source.subnet.vpcId,
            let (table, routes) = routesAroundLocal(from: destinationSubnet, to: source.addresses)
        else { return }
        for route in routes {
            trace.block(
                Explain.returnAroundLocalRoute(
                    table: table, route: route, destinationSubnet: destinationSubnet, source: source.subnet,
                    sourceTable: byLocalRoute ? routeTable(of: source.subnet) : nil))
        }
    }

    /// The routes of `subnet`'s route table that take some of `addresses` from the VPC's local
    /// route (more specific than it: to an appliance, or a blackhole), with the table; nil when
    /// there are none (most tables have no route inside their VPC: `tablesRoutingInsideVPC`).
    func routesAroundLocal(from subnet: Subnet, to addresses: Addresses) -> (table: RouteTable, routes: [Route])? {
        guard !tablesRoutingInsideVPC.isEmpty, let table = routeTable(of: subnet),
            tablesRoutingInsideVPC.contains(table.id)
        else { return nil }
        let routes = legs(in: table, for: addresses).compactMap { leg -> Route? in
            guard let route = leg.route, route.targetKind != .local else { return nil }
            // An IPv6 route takes the VPC's own addresses from the local route only where one
            // covers them (an export without the IPv6 local route says nothing of it).
            if case .ipv6(let block) = addresses {
                let covered = table.routes.contains { local in
                    guard local.targetKind == .local, case .ipv6(let text) = local.destination else { return false }
                    return IPv6CIDR(text)?.contains(block) == true
                }
                guard covered else { return nil }
            }
            return route
        }
        return routes.isEmpty ? nil : (table, routes)
    }

    /// Into the peering connection `route` (of `table`, `subnet`'s) sends the traffic to, in
    /// either family: its hop, and a blocker when it is not active. nil when the inventory does
    /// not have it (the route's blocker says so).
    func enterPeering(_ route: Route, of table: RouteTable, from subnet: Subnet, trace: inout Trace)
        -> PeeringConnection?
    {
        guard let peering = routeTarget(route, in: network.peerings, table: table, subnet: subnet, trace: &trace)
        else { return nil }
        crossPeering(peering, trace: &trace)
        return peering
    }

    /// The hop through `peering`, and a blocker when it is not active: no traffic of either
    /// family crosses it.
    func crossPeering(_ peering: PeeringConnection, trace: inout Trace) {
        trace.hop(.peering(peering))
        if !peering.isActive { trace.block(Explain.peeringNotActive(peering)) }
    }

    /// Through a peering, the destination's subnet must route the source back, in the
    /// question's family: the function's whole subnet (an IPv6 path needs an IPv6 route back),
    /// or the address of the NAT gateway that forwarded its traffic.
    func checkReturnRoute(
        from destinationSubnet: Subnet, to source: TrafficSource, via peering: PeeringConnection, trace: inout Trace
    ) {
        guard let table = routeTable(of: destinationSubnet) else {
            trace.block(Explain.noRouteTable(destinationSubnet))
            return
        }
        let legs = legs(in: table, for: source.addresses)
        let back = legs.allSatisfy {
            $0.route?.targetKind == .pcx && $0.route?.targetId == peering.id && $0.route?.isBlackhole == false
        }
        if back {
            trace.hop(.returnRoute(table: table.id, route: legs.first?.route, subnet: destinationSubnet.id))
        } else {
            trace.block(
                Explain.noReturnRoute(
                    table: table, destinationSubnet: destinationSubnet, source: source.subnet,
                    addresses: source.addresses, peering: peering, taken: legs.map(\.route), nat: source.nat?.id))
        }
    }
}
