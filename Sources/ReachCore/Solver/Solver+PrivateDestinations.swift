extension Solver {
    // MARK: Private destinations

    func databaseStep(_ database: RDSDatabase, _ context: Context, publiclyAccessible: Bool) -> Step {
        .database(
            identifier: database.identifier, kind: database.kind, engine: database.engine, endpoint: database.endpoint,
            port: context.port, publiclyAccessible: publiclyAccessible)
    }

    func databaseDestination(
        _ subnet: Subnet, _ context: Context, database: RDSDatabase, trace: inout Trace, notes: inout [String]
    ) {
        if let refusal = Explain.databaseNotServing(database) { trace.block(refusal) }
        if let mismatch = Explain.databasePortMismatch(database, asked: context.port) { trace.block(mismatch) }
        if let dbVPC = database.vpcId, resolvesPublicly(database, from: subnet, notes: &notes) {
            let privateWay = privateResolution(of: database, from: subnet)
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
            // (one in the database's VPC exposes it). The private way is offered first.
            if let privateWay {
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
            case .instance, .proxy:
                return
                    "\(database.identifier)'s export lists no subnets (a DBSubnetGroup without Subnets, or VpcSubnetIds empty): its network location is unknown."
            }
        }
        return
            "The subnets of \(database.identifier) (\(database.subnetIds.joined(separator: ", "))) are not in the inventory (aws ec2 describe-subnets): its network location is unknown."
    }

    /// A destination with known subnets: route there (locally or through a peering), then the
    /// destination's network ACL and security groups.
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
            defer {
                placementBlockers.append((destinationSubnet.availabilityZone, firstBlocker..<trace.blockers.count))
            }
            let sameSubnet = destinationSubnet.id == subnet.id
            let legs = Routing.legs(table: table, destination: addresses, memberOf: [], network: network)
            if !sameSubnet {
                let sharesAttachment =
                    legs.count == 1 && legs[0].route.map { isTransitGatewayAttachmentSubnet(subnet, for: $0) } == true
                checkSourceACL(
                    subnet, context, remote: addresses, remoteLabel: destinationSubnet.id,
                    asAttachmentSubnet: sharesAttachment, trace: &trace)
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
                guard takeRoute(route, of: table, from: subnet, context, trace: &trace) else { continue }
                switch route.targetKind {
                case .local:
                    if destinationSubnet.vpcId != subnet.vpcId {
                        // The destination's addresses are inside the function's own VPC's range
                        // (overlapping CIDRs): the local route keeps them here.
                        trace.block(
                            Explain.overlappingVPCs(
                                table: table, route: route, from: subnet, to: destinationSubnet,
                                destinationLabel: destination.label, network: network))
                        continue
                    }
                    if !sameSubnet { checkLocalReturn(from: destinationSubnet, to: subnet, trace: &trace) }
                case .pcx:
                    guard
                        let peering = routeTarget(
                            route, in: network.peerings, table: table, subnet: subnet, trace: &trace)
                    else { continue }
                    trace.hop(.peering(peering))
                    if !peering.isActive { trace.block(Explain.peeringNotActive(peering)) }
                    guard let peer = peering.peer(of: subnet.vpcId), peer.vpcId == destinationSubnet.vpcId else {
                        if let peer = peering.peer(of: subnet.vpcId), leg.addresses.isSubset(of: AddressSet(peer.cidrs))
                        {
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
                    checkReturnRoute(from: destinationSubnet, to: subnet, via: peering, trace: &trace)
                case .tgw:
                    // The transit gateway's walk checks the destination's side itself (which
                    // security-group references count depends on the transit gateway).
                    throughTransitGateway(
                        route, leg: leg, table: table, from: subnet, to: destinationSubnet, context,
                        destination: destination, ingressBlockers: &ingressBlockers, trace: &trace, notes: &notes)
                    continue
                case .igw:
                    if let id = route.targetId, let gateway = network.internetGateways[id] {
                        trace.block(
                            Explain.publicSubnetTrap(gateway, subnet: subnet, network: network))
                    } else {
                        trace.block(
                            Explain.missingTarget(
                                table: table, route: route, network: network, subnet: subnet))
                    }
                    continue
                case .nat:
                    // A NAT gateway may forward them privately (a transit gateway, a peering), which
                    // is not followed; else the destination's addresses are a VPC's, which the
                    // internet does not carry: the NAT gateway sends them there and they are dropped.
                    if let id = route.targetId, let nat = network.natGateways[id],
                        let (natTable, onward) = privateOnwardRoute(of: nat, for: leg.addresses)
                    {
                        trace.hop(.natGateway(nat))
                        if nat.state != "available" {
                            trace.block(Explain.natNotAvailable(nat, network: network, subnet: subnet, route: route))
                        }
                        blockNATForwardsPrivately(
                            nat, table: natTable, route: onward, from: subnet, destinationLabel: destination.label,
                            context, trace: &trace)
                        continue
                    }
                    trace.block(
                        Explain.privateAddressToInternet(
                            destination.label, addresses: addresses, from: subnet, network: network))
                    continue
                default:
                    blockNotAnalyzed(route, table: table, from: subnet, context, trace: &trace)
                    continue
                }
                // At the destination's subnet.
                if !sameSubnet, let acl = network.networkACL(forSubnet: destinationSubnet.id) {
                    checkACL(
                        acl, subnet: destinationSubnet, outbound: false, remote: subnet.addresses,
                        ports: PortRange(context.port), context, remoteLabel: subnet.id, trace: &trace)
                    checkACL(
                        acl, subnet: destinationSubnet, outbound: true, remote: subnet.addresses, ports: .ephemeral,
                        context, remoteLabel: subnet.id, trace: &trace)
                } else if sameSubnet {
                    trace.hop(.sameSubnet(subnet: destinationSubnet.id))
                }
                if ingressBlockers == nil {
                    let first = trace.blockers.count
                    checkIngress(subnet, context, destination: destination, trace: &trace, notes: &notes)
                    ingressBlockers = first..<trace.blockers.count
                }
            }
        }
        if case .interfaceEndpoint = destination.step {
            markZonesOnlySomeConnectionsFail(
                placementBlockers, destinationWide: ingressBlockers, label: destination.label, trace: &trace)
        }
        trace.hop(destination.step)
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
        _ subnet: Subnet, _ context: Context, destination: PlacedDestination, trace: inout Trace, notes: inout [String]
    ) {
        guard let groups = destinationGroups(destination, trace: &trace, notes: &notes) else { return }
        let label = destination.label
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
                trace.block(Explain.destinationGroupNotFound(first, destination: destination.label))
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

    /// Within a VPC, the replies take the destination subnet's route table: the local route
    /// brings them back, unless a route more specific than it covers the function's subnet
    /// (to a network interface, an instance, a Gateway Load Balancer endpoint or a NAT gateway:
    /// middlebox routing, or a blackhole). The requests came by the local route, so such a
    /// route makes the flow asymmetric, which AWS does not support through an appliance.
    func checkLocalReturn(from destinationSubnet: Subnet, to subnet: Subnet, trace: inout Trace) {
        // Across VPCs the way back is a peering's or transit gateway's, checked by those.
        guard destinationSubnet.vpcId == subnet.vpcId,
            let (table, routes) = routesAroundLocal(from: destinationSubnet, to: subnet.addresses)
        else { return }
        for route in routes {
            trace.block(
                Explain.returnAroundLocalRoute(
                    table: table, route: route, destinationSubnet: destinationSubnet, source: subnet))
        }
    }

    /// The routes of `subnet`'s route table that take some of `addresses` from the VPC's local
    /// route (more specific than it: to an appliance, or a blackhole), with the table; nil when
    /// there are none (most tables have no route inside their VPC: `tablesRoutingInsideVPC`).
    func routesAroundLocal(from subnet: Subnet, to addresses: AddressSet) -> (table: RouteTable, routes: [Route])? {
        guard !tablesRoutingInsideVPC.isEmpty, let table = routeTable(of: subnet),
            tablesRoutingInsideVPC.contains(table.id)
        else { return nil }
        let routes = Routing.legs(table: table, destination: addresses, memberOf: [], network: network).compactMap {
            $0.route?.targetKind == .local ? nil : $0.route
        }
        return routes.isEmpty ? nil : (table, routes)
    }

    /// Through a peering, the destination's subnet must route the function's whole subnet back.
    func checkReturnRoute(
        from destinationSubnet: Subnet, to subnet: Subnet, via peering: PeeringConnection, trace: inout Trace
    ) {
        guard let table = routeTable(of: destinationSubnet) else {
            trace.block(Explain.noRouteTable(destinationSubnet))
            return
        }
        let legs = Routing.legs(table: table, destination: subnet.addresses, memberOf: [], network: network)
        let back = legs.allSatisfy {
            $0.route?.targetKind == .pcx && $0.route?.targetId == peering.id && $0.route?.isBlackhole == false
        }
        if back {
            trace.hop(.returnRoute(table: table.id, route: legs.first?.route, subnet: destinationSubnet.id))
        } else {
            trace.block(
                Explain.noReturnRoute(
                    table: table, destinationSubnet: destinationSubnet, source: subnet, peering: peering,
                    taken: legs.map(\.route)))
        }
    }
}
