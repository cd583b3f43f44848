/// Paths through a transit gateway.
///
/// A subnet's route to `tgw-...` hands the traffic to the transit gateway's network interface
/// in the subnet's availability zone, which exists only where the VPC's attachment has a
/// subnet. The attachment the traffic enters through is associated with one TGW route table,
/// whose longest-prefix route (static before propagated on equal prefixes) names the
/// attachment it leaves through; leaving into a VPC, it appears at the attachment's interface
/// in that VPC and follows the VPC's local routing. Replies take the reverse path: the
/// destination subnet's route table must send the function's subnet back to the transit
/// gateway, and the route table of the destination's attachment must route it back to the
/// function's attachment.
///
/// Network ACLs (AWS, "Network ACLs for transit gateways"): at an attachment subnet that is not
/// the resource's own subnet, traffic from the transit gateway to the resources is checked by
/// the subnet's outbound rules (by destination address) and traffic from the resources to the
/// transit gateway by its inbound rules (by source address); when the attachment shares the
/// resource's subnet, the subnet's ACL is checked once, as for any traffic leaving it.
extension Solver {
    /// Where a walk entered a transit gateway: the gateway, the attachment and the route table
    /// associated with it.
    struct TransitGatewayEntry {
        var gateway: TransitGateway
        var attachment: TransitGatewayAttachment
        var routeTable: TransitGatewayRouteTable?
    }

    /// A part of a destination and the TGW route that carries it (nil: none).
    struct TransitGatewayLeg {
        var addresses: Addresses
        var route: TransitGatewayRoute?
    }

    // MARK: - Private destinations

    /// A placed destination in another VPC, reached through `route` (a route to `tgw-...` in
    /// `table`, the table of the source's subnet: the function's, or that of a NAT gateway that
    /// forwards its traffic). Checks the destination's side too (its subnet's ACL and its
    /// security groups, with the rule that references do not always cross), since which group
    /// references count depends on the transit gateway.
    func throughTransitGateway(
        _ route: Route, leg: Routing.Leg, table: RouteTable, from source: TrafficSource, to destinationSubnet: Subnet,
        _ context: Context, destination: PlacedDestination, ingressBlockers: inout Range<Int>?, trace: inout Trace,
        notes: inout [String]
    ) {
        guard
            let entry = enterTransitGateway(
                route, table: table, from: source, context, trace: &trace, notes: &notes)
        else { return }
        checkEgressReference(
            source.functionSubnet, context, destination: destination, gateway: entry.gateway, trace: &trace)
        guard
            let exitAttachment = crossTransitGateway(
                entry, to: destinationSubnet, addresses: .ipv4(leg.addresses), label: destination.label,
                from: source, context, trace: &trace, notes: &notes)
        else { return }
        if ingressBlockers == nil {
            let first = trace.blockers.count
            defer { ingressBlockers = first..<trace.blockers.count }
            let referencing =
                entry.gateway.securityGroupReferencing && entry.attachment.securityGroupReferencing
                && exitAttachment.securityGroupReferencing
            checkIngressAcrossTransitGateway(
                source, context, destination: destination, gateway: entry.gateway, referencing: referencing,
                trace: &trace, notes: &notes)
        }
    }

    /// From the transit gateway `entry` to `destinationSubnet` (in another VPC) and back, in
    /// the family of `addresses` (the destination's) and of `source`'s addresses (the function
    /// subnet's, or a NAT gateway's that forwarded its traffic): the TGW route table's route to
    /// the destination VPC's attachment, the attachment subnet the transit gateway delivers
    /// through (its ACL and its route table, when it is not the destination's own subnet), the
    /// replies' routes in the destination subnet's table and the TGW route table of that
    /// attachment, and the destination subnet's ACL. Returns the attachment the traffic leaves
    /// by; nil when no part of the path continues into the destination's VPC.
    func crossTransitGateway(
        _ entry: TransitGatewayEntry, to destinationSubnet: Subnet, addresses: Addresses, label: String,
        from source: TrafficSource, _ context: Context, trace: inout Trace, notes: inout [String]
    ) -> TransitGatewayAttachment? {
        guard let routeTable = entry.routeTable,
            let exitAttachment = transitGatewayExits(
                routeTable, entry: entry, addresses: addresses, label: label, expectedVPC: destinationSubnet.vpcId,
                from: source, context, trace: &trace, notes: &notes)
        else { return nil }
        let exitSubnet = attachmentSubnet(exitAttachment, preferring: source.subnet, notes: &notes)
        if exitSubnet == nil { trace.block(ExplainTGW.attachmentWithoutSubnets(exitAttachment, network: network)) }
        if let exitSubnet, exitSubnet.id != destinationSubnet.id {
            checkSourceACL(exitSubnet, context, remote: addresses, remoteLabel: label, trace: &trace)
            checkAttachmentSubnetRoute(
                exitSubnet, toward: addresses, gateway: entry.gateway.id, label: label, trace: &trace)
        }
        checkTransitGatewayReturn(
            from: destinationSubnet, to: source, entry: entry, exitAttachment: exitAttachment, trace: &trace)
        // At the destination's subnet: traffic from the transit gateway enters it, replies leave
        // it. When it is the attachment's own subnet, AWS evaluates neither the traffic from the
        // gateway nor its way in; the replies to the gateway are checked by the outbound rules
        // against their destination and the inbound rules against their source (tgw-nacls.html,
        // "Same subnet").
        if let acl = network.networkACL(forSubnet: destinationSubnet.id) {
            let sharesAttachmentSubnet = exitSubnet?.id == destinationSubnet.id
            checkACL(
                acl, subnet: destinationSubnet, outbound: false,
                remote: sharesAttachmentSubnet ? addresses : source.addresses,
                ports: sharesAttachmentSubnet ? .ephemeral : PortRange(context.port), context,
                remoteLabel: sharesAttachmentSubnet ? destinationSubnet.id : source.label, trace: &trace)
            checkACL(
                acl, subnet: destinationSubnet, outbound: true, remote: source.addresses, ports: .ephemeral, context,
                remoteLabel: source.label, trace: &trace)
        }
        return exitAttachment
    }

    /// What a transit gateway delivers into a VPC leaves the attachment subnet by that subnet's
    /// route table ("traffic can only reach resources in other subnets ... if the transit
    /// gateway attachment subnets have appropriate routes"): the local route, unless a more
    /// specific route sends it to an appliance (inspection) or drops it (a blackhole).
    func checkAttachmentSubnetRoute(
        _ attachmentSubnet: Subnet, toward addresses: Addresses, gateway: String, label: String, trace: inout Trace
    ) {
        guard let (table, routes) = routesAroundLocal(from: attachmentSubnet, to: addresses) else { return }
        for route in routes {
            trace.block(
                Explain.attachmentSubnetRoute(
                    table: table, route: route, attachmentSubnet: attachmentSubnet, gateway: gateway,
                    destinationLabel: label))
        }
    }

    /// The VPCs attached to a transit gateway that `vpcId` is attached to, sorted: where an
    /// `ip:` target may be.
    func vpcsAcrossTransitGateways(from vpcId: String) -> [String] {
        let gateways = Set(
            (network.transitGatewayAttachmentsByVPC[vpcId] ?? []).compactMap {
                network.transitGatewayAttachments[$0]?.transitGatewayId
            })
        return Set(
            network.transitGatewayAttachments.values.filter { gateways.contains($0.transitGatewayId) }.compactMap(
                \.vpcId)
        ).subtracting([vpcId]).sorted()
    }

    // MARK: - Public destinations (centralised egress)

    /// The internet or a public AWS endpoint through a transit gateway: the TGW route table
    /// sends it to an egress VPC, whose attachment subnet routes it to a NAT gateway there.
    func throughTransitGatewayToPublic(
        _ route: Route, leg: Routing.Leg, table: RouteTable, from subnet: Subnet, _ context: Context,
        destination: PublicDestination, trace: inout Trace, notes: inout [String]
    ) {
        guard
            let entry = enterTransitGateway(
                route, table: table, from: .function(subnet), context, trace: &trace, notes: &notes)
        else { return }
        guard let routeTable = entry.routeTable else { return }
        guard
            let exitAttachment = transitGatewayExits(
                routeTable, entry: entry, addresses: .ipv4(leg.addresses), label: destination.label, expectedVPC: nil,
                from: .function(subnet), context, trace: &trace, notes: &notes)
        else { return }
        guard let egressSubnet = attachmentSubnet(exitAttachment, preferring: subnet, notes: &notes)
        else {
            trace.block(ExplainTGW.attachmentWithoutSubnets(exitAttachment, network: network))
            return
        }
        guard let egressTable = network.routeTable(forSubnet: egressSubnet.id) else {
            trace.block(Explain.noRouteTable(egressSubnet))
            return
        }
        let egressLegs = Routing.legs(
            table: egressTable, destination: leg.addresses, memberOf: destination.prefixLists, network: network)
        // A gateway endpoint there does not carry what arrives through the transit gateway.
        for egressLeg in atLarge(
            egressLegs, of: egressTable, destination: destination, endpointsServe: false, notes: &notes)
        {
            guard let egressRoute = egressLeg.route else {
                trace.block(
                    Explain.noRoute(
                        table: egressTable, subnet: egressSubnet, context: context, destinationLabel: destination.label,
                        service: destination.service, serviceRegion: destination.serviceRegion, network: network))
                continue
            }
            guard
                takeRoute(
                    egressRoute, of: egressTable, from: egressSubnet,
                    origin: .attachmentSubnet(egressSubnet.id, vpc: egressSubnet.vpcId), context, trace: &trace)
            else { continue }
            switch egressRoute.targetKind {
            case .nat:
                guard
                    let nat = routeTarget(
                        egressRoute, in: network.natGateways, table: egressTable, subnet: egressSubnet, trace: &trace)
                else { continue }
                if let natSubnet = network.subnets[nat.subnetId], natSubnet.id != egressSubnet.id {
                    checkSourceACL(
                        egressSubnet, context, remote: egressLeg.addresses, destination: destination, trace: &trace,
                        notes: &notes)
                }
                // The NAT gateway sees the function's own address: the transit gateway does not
                // translate, so the NAT subnet's ACL is checked against the function's subnet.
                throughNAT(
                    nat, leg: egressLeg, from: subnet, context, destination: destination, trace: &trace,
                    notes: &notes)
                if let natSubnet = network.subnets[nat.subnetId] {
                    checkTransitGatewayReturn(
                        from: natSubnet, to: .function(subnet), entry: entry, exitAttachment: exitAttachment,
                        trace: &trace)
                }
            case .igw:
                trace.block(
                    ExplainTGW.egressWithoutNAT(
                        table: egressTable, route: egressRoute, egressSubnet: egressSubnet, attachment: exitAttachment,
                        network: network))
            case .vpce
            where egressRoute.targetId.flatMap { network.endpoints[$0] }.map { $0.kind == .gateway } == true:
                // A gateway endpoint serves only its own VPC's resources: traffic that arrived
                // through a transit gateway is not carried by it (an inspection appliance's
                // Gateway Load Balancer endpoint is another matter, not analysed here).
                trace.block(
                    ExplainTGW.gatewayEndpointAcrossTGW(
                        network.endpoints[egressRoute.targetId!]!, table: egressTable, source: subnet,
                        gateway: entry.gateway, network: network))
            default:
                blockNotAnalyzed(egressRoute, table: egressTable, from: subnet, context, trace: &trace)
                if isAppliance(egressRoute) { noteApplianceMode(exitAttachment, notes: &notes) }
            }
        }
    }

    // MARK: - Steps

    /// Whether `route` leads to a transit gateway whose attachment to `subnet`'s VPC uses
    /// `subnet` itself in its zone: the function shares the attachment's subnet.
    func isTransitGatewayAttachmentSubnet(_ subnet: Subnet, for route: Route) -> Bool {
        guard route.targetKind == .tgw, !route.isBlackhole, let gateway = route.targetId,
            let attachment = network.transitGatewayAttachments(ofVPC: subnet.vpcId, to: gateway).first
        else { return false }
        return attachment.subnetIds.contains(subnet.id)
    }

    /// Into the transit gateway from `source`'s subnet: the gateway, the VPC's attachment and its
    /// subnet in this AZ (with that subnet's ACL, which sees the source's addresses, in the
    /// question's family), the route table associated with the attachment. nil when the walk
    /// cannot go on (no such gateway, no attachment).
    func enterTransitGateway(
        _ route: Route, table: RouteTable, from source: TrafficSource, _ context: Context, trace: inout Trace,
        notes: inout [String]
    ) -> TransitGatewayEntry? {
        let subnet = source.subnet
        guard
            let gateway = routeTarget(route, in: network.transitGateways, table: table, subnet: subnet, trace: &trace)
        else { return nil }
        trace.hop(.transitGateway(gateway))
        if !gateway.isAvailable { trace.block(ExplainTGW.gatewayNotAvailable(gateway)) }
        guard let attachment = network.transitGatewayAttachments(ofVPC: subnet.vpcId, to: gateway.id).first else {
            trace.block(ExplainTGW.noAttachment(gateway, vpcId: subnet.vpcId, network: network))
            return nil
        }
        let zoneSubnets = attachment.subnetIds.compactMap { network.subnets[$0] }
        let here = zoneSubnets.first { $0.isInSameZone(as: subnet) }
        trace.hop(
            .transitGatewayEntry(attachment, vpc: subnet.vpcId, zone: subnet.availabilityZone, zoneSubnet: here))
        if !attachment.isAvailable { trace.block(ExplainTGW.attachmentNotAvailable(attachment)) }
        if let here {
            if here.id != subnet.id {
                // Traffic to the transit gateway is checked by the attachment subnet's inbound
                // rules (from the source's addresses); replies by its outbound rules.
                if let acl = network.networkACL(forSubnet: here.id) {
                    checkACL(
                        acl, subnet: here, outbound: false, remote: source.addresses, ports: PortRange(context.port),
                        context, remoteLabel: source.label, trace: &trace)
                    checkACL(
                        acl, subnet: here, outbound: true, remote: source.addresses, ports: .ephemeral, context,
                        remoteLabel: source.label, trace: &trace)
                }
            }
        } else {
            trace.block(
                ExplainTGW.attachmentNotInZone(attachment, zone: subnet.availabilityZone, network: network))
        }
        // The source subnet's own ACL (out to the destination, replies in) was checked by
        // the caller before routing, as for every path.
        guard let routeTableId = attachment.associatedRouteTableId else {
            // An attachment that is gone has no association to make: its state says it all.
            if !attachment.isGone {
                trace.block(
                    attachment.associationKnown
                        ? ExplainTGW.notAssociated(attachment, gateway: gateway, network: network)
                        : ExplainTGW.associationUnknown(attachment))
            }
            return TransitGatewayEntry(gateway: gateway, attachment: attachment, routeTable: nil)
        }
        guard let routeTable = network.transitGatewayRouteTables[routeTableId] else {
            notes.append(
                "\(attachment.id) is associated with \(routeTableId), which is not in the inventory: export aws ec2 describe-transit-gateway-route-tables and its routes (lambda-reach collect does)."
            )
            trace.block(ExplainTGW.routeTableNotFound(routeTableId, attachment: attachment))
            return TransitGatewayEntry(gateway: gateway, attachment: attachment, routeTable: nil)
        }
        return TransitGatewayEntry(gateway: gateway, attachment: attachment, routeTable: routeTable)
    }

    /// The TGW route table's routes for `addresses`, and the VPC attachment they leave by
    /// (of `expectedVPC` when given). nil when no part of the path continues into a VPC.
    ///
    /// A table whose routes were not exported (`TransitGatewayRouteTable.routesExported`) has
    /// only its propagations' routes: one that decides is noted (a static route would win over
    /// it), and no route at all blocks as a path that cannot be confirmed, not as a table that
    /// needs a propagation. So does a table whose export listed only part of its routes
    /// (`routesTruncated`): a route it lacks is not known to be missing.
    func transitGatewayExits(
        _ routeTable: TransitGatewayRouteTable, entry: TransitGatewayEntry, addresses: Addresses, label: String,
        expectedVPC: String?, from source: TrafficSource, _ context: Context, trace: inout Trace,
        notes: inout [String]
    ) -> TransitGatewayAttachment? {
        var exit: TransitGatewayAttachment?
        // A prefix-list reference is a route per entry of the list: without the entries it
        // is taken to cover nothing, which is wrong (a blackhole missed, another attachment
        // not taken) wherever the list holds the destination.
        for route in routeTable.routes {
            guard case .prefixList(let id) = route.destination, network.prefixLists[id]?.cidrs == nil else { continue }
            let target =
                route.isBlackhole ? "as a blackhole" : "to \(route.attachmentIds.joined(separator: ", "))"
            notes.append(
                "Transit gateway route table \(routeTable.id) routes prefix list \(id) \(target), but the list's entries are not in the inventory: the reference was taken to cover nothing, which this answer gets wrong if \(id) holds \(label)'s addresses (each entry is a route of the table). Import its entries: \(Self.importEntries(of: id))"
            )
        }
        for tgwLeg in transitGatewayLegs(routeTable, destination: addresses) {
            if !routeTable.routesExported {
                guard tgwLeg.route != nil else {
                    trace.block(ExplainTGW.routesNotExported(routeTable, label: label))
                    continue
                }
                notes.append(
                    "The routes of transit gateway route table \(routeTable.id) were not exported (aws ec2 search-transit-gateway-routes): the route used for \(label) comes from a propagation, and a static route for it (a blackhole, or one to another attachment) would win over it. lambda-reach collect exports them."
                )
            } else if routeTable.routesTruncated {
                // The routes listed are real; one the output left out may cover the addresses
                // (none listed does), or be more specific than the one that does.
                guard let route = tgwLeg.route else {
                    trace.block(ExplainTGW.routesTruncated(routeTable, label: label))
                    continue
                }
                notes.append(
                    "search-transit-gateway-routes listed only part of the routes of transit gateway route table \(routeTable.id) (AdditionalRoutesAvailable): the route used for \(label) is \(route.summary), and a more specific route the output left out would win over it. \(ExplainTGW.truncatedSearchAdvice)"
                )
            }
            guard let route = tgwLeg.route else {
                trace.block(
                    ExplainTGW.noRoute(
                        routeTable, entry: entry, label: label, addresses: tgwLeg.addresses, expectedVPC: expectedVPC,
                        network: network))
                continue
            }
            trace.hop(.transitGatewayRoute(table: routeTable.id, route: route, returning: false))
            if route.isBlackhole || route.attachmentIds.isEmpty {
                trace.block(
                    ExplainTGW.blackhole(
                        routeTable, route: route, entry: entry, expectedVPC: expectedVPC, network: network))
                continue
            }
            // ECMP over several attachments: VPC attachments are never ECMP targets, so the
            // first is the one that matters for a VPC destination.
            let next = route.attachmentIds.compactMap { network.transitGatewayAttachments[$0] }
            guard let attachment = next.first else {
                trace.block(
                    ExplainTGW.attachmentNotFound(route.attachmentIds.first ?? "", routeTable: routeTable))
                continue
            }
            trace.hop(.transitGatewayExit(attachment))
            if !attachment.isAvailable { trace.block(ExplainTGW.attachmentNotAvailable(attachment)) }
            guard attachment.resourceType == "vpc", let vpcId = attachment.vpcId else {
                if trace.unfollowed != nil {
                    trace.unfollowed!.append(
                        "route \(route.summary) of transit gateway route table \(routeTable.id), to the \(attachment.resourceType) attachment \(attachment.id)"
                    )
                    continue
                }
                let functionSubnet = source.functionSubnet.id
                byGroups(context, &trace) { solver, context, trace in
                    let eni = solver.network.lambdaInterface(
                        inSubnet: functionSubnet, groups: context.function.securityGroupIds)
                    trace.block(
                        ExplainTGW.notAnalyzed(
                            attachment, routeTable: routeTable, route: route, source: eni?.id, context: context))
                }
                // Beyond the attachment is not followed, but the replies come back through it:
                // its own route table must send them to the attachment the requests came by.
                checkGatewayReturn(to: source, entry: entry, exitAttachment: attachment, trace: &trace)
                continue
            }
            // A VPC that does not hold the addresses, where the table sends them on purpose: an
            // inspection (or egress) VPC, whose attachment subnet hands them to a firewall that
            // sends them on (to the destination's VPC, a VPN or Direct Connect attachment, a NAT
            // gateway). The path is not missing a route: it goes through an appliance that
            // lambda-reach does not follow, and a route around it would bypass the inspection.
            // For addresses in no VPC of the inventory (on premises) that is where the walk
            // stops, not at a subnet missing from that VPC.
            let elsewhere = expectedVPC.map { vpcId != $0 } ?? !vpcHolds(vpcId, tgwLeg.addresses)
            if elsewhere,
                let (entrySubnet, table, appliance) = inspection(
                    at: attachment, addresses: tgwLeg.addresses, from: source.subnet)
            {
                trace.block(
                    Explain.attachmentSubnetRoute(
                        table: table, route: appliance, attachmentSubnet: entrySubnet, gateway: entry.gateway.id,
                        destinationLabel: label, inspection: true))
                noteApplianceMode(attachment, notes: &notes)
                continue
            }
            if let expectedVPC, vpcId != expectedVPC {
                trace.block(
                    ExplainTGW.noRoute(
                        routeTable, entry: entry, label: label, addresses: tgwLeg.addresses, expectedVPC: expectedVPC,
                        network: network, wrongAttachment: attachment, wrongRoute: route))
                continue
            }
            if exit == nil { exit = attachment }
        }
        return exit
    }

    /// Whether `vpcId`'s blocks hold any of `addresses`.
    func vpcHolds(_ vpcId: String, _ addresses: Addresses) -> Bool {
        guard let vpc = network.vpcs[vpcId] else { return false }
        switch addresses {
        case .ipv4(let set): return vpc.addresses.intersects(set)
        case .ipv6(let block):
            return vpc.ipv6Cidrs.compactMap(IPv6CIDR.init).contains { $0.contains(block) || block.contains($0) }
        }
    }

    /// Where the VPC of `attachment` hands `addresses` to an appliance: its attachment subnet
    /// in the zone the traffic comes from (else the first), whose route table sends them to a
    /// Gateway Load Balancer or firewall endpoint, a network interface or an instance, more
    /// specifically than the local route: an inspection VPC. nil when it routes them otherwise.
    func inspection(at attachment: TransitGatewayAttachment, addresses: Addresses, from subnet: Subnet) -> (
        subnet: Subnet, table: RouteTable, route: Route
    )? {
        var unused: [String] = []
        guard attachment.resourceType == "vpc",
            let entrySubnet = attachmentSubnet(attachment, preferring: subnet, notes: &unused),
            let table = network.routeTable(forSubnet: entrySubnet.id)
        else { return nil }
        for leg in legs(in: table, for: addresses) {
            if let route = leg.route, isAppliance(route) { return (entrySubnet, table, route) }
        }
        return nil
    }

    /// Whether `route` hands the traffic to an appliance: a network interface, an instance, or
    /// an endpoint that is not a gateway endpoint (a Gateway Load Balancer or Network Firewall
    /// endpoint; one the inventory lacks is taken as one).
    func isAppliance(_ route: Route) -> Bool {
        switch route.targetKind {
        case .eni, .instance: return true
        case .vpce: return route.targetId.flatMap { network.endpoints[$0] }?.kind != .gateway
        default: return false
        }
    }

    /// AWS: "you must enable appliance mode on the transit gateway VPC attachment for any VPC
    /// where Network Firewall endpoints reside"; without it the transit gateway keeps each
    /// direction of a flow in the zone it came from, so a connection between two zones passes
    /// one zone's appliance going and another's coming back, which a stateful appliance drops.
    /// Said only when the export says the mode is off and the attachment spans several zones.
    func noteApplianceMode(_ attachment: TransitGatewayAttachment, notes: inout [String]) {
        guard attachment.applianceMode == false else { return }
        let zones = Set(attachment.subnetIds.compactMap { network.subnets[$0]?.availabilityZone }).sorted()
        guard zones.count > 1 else { return }
        notes.append(
            "Appliance mode is off on \(attachment.id), the attachment of the inspection VPC \(attachment.vpcId ?? ""): the transit gateway keeps each direction of a flow in the zone it comes from, so a connection between resources in different zones (\(zones.joined(separator: ", "))) passes one zone's appliance going and another's on the way back, which a stateful firewall (AWS Network Firewall) drops. AWS requires appliance mode on the inspection VPC's attachment: aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id \(attachment.id) --options ApplianceModeSupport=enable"
        )
    }

    /// Splits `destination` by the TGW route each part takes: longest prefix first; on equal
    /// prefixes a static route, then a prefix-list route, then a propagated one. An IPv6 block
    /// takes one route (`transitGatewayRoute(_:forIPv6:)`).
    func transitGatewayLegs(_ table: TransitGatewayRouteTable, destination: Addresses) -> [TransitGatewayLeg] {
        guard case .ipv4(let destination) = destination else {
            guard case .ipv6(let block) = destination else { return [] }
            return [TransitGatewayLeg(addresses: destination, route: transitGatewayRoute(table, forIPv6: block))]
        }
        var candidates: [(cidr: IPv4CIDR, route: TransitGatewayRoute, rank: Int)] = []
        for route in table.routes {
            switch route.destination {
            case .cidr(let cidr): candidates.append((cidr, route, route.isStatic ? 1 : 3))
            case .prefixList(let id):
                for cidr in network.prefixLists[id]?.cidrs ?? [] { candidates.append((cidr, route, 2)) }
            case .ipv6: continue
            }
        }
        return Routing.split(destination, candidates: candidates).map {
            TransitGatewayLeg(addresses: .ipv4($0.addresses), route: $0.route)
        }
    }

    /// The attachment's subnet the transit gateway uses on the way out: the one in the zone of
    /// `source` when there is one (the transit gateway keeps traffic in its AZ; zones are
    /// compared by ID, as names differ between accounts), else the first.
    func attachmentSubnet(_ attachment: TransitGatewayAttachment, preferring source: Subnet, notes: inout [String])
        -> Subnet?
    {
        let subnets = attachment.subnetIds.compactMap { network.subnets[$0] }.sorted { $0.id < $1.id }
        if let same = subnets.first(where: { $0.isInSameZone(as: source) }) { return same }
        if let other = subnets.first {
            notes.append(
                "\(attachment.id) has no subnet in \(source.availabilityZone): the transit gateway delivers through \(other.id) in \(other.availabilityZone), across AZs."
            )
            return other
        }
        return nil
    }

    /// The replies, from `returnSubnet` (the destination's, or the egress NAT gateway's) to the
    /// source, in the question's family (the function's subnet, or the address of a NAT gateway
    /// that forwarded its traffic): a route back to the transit gateway, an attachment subnet in
    /// the returning subnet's AZ, and a route back in the TGW route table of the exit attachment.
    func checkTransitGatewayReturn(
        from returnSubnet: Subnet, to source: TrafficSource, entry: TransitGatewayEntry,
        exitAttachment: TransitGatewayAttachment, trace: inout Trace
    ) {
        let subnet = source.subnet
        let gateway = entry.gateway
        if let table = network.routeTable(forSubnet: returnSubnet.id) {
            let legs = legs(in: table, for: source.addresses)
            let back = legs.allSatisfy {
                $0.route?.targetKind == .tgw && $0.route?.targetId == gateway.id && $0.route?.isBlackhole == false
            }
            if back {
                trace.hop(.returnRoute(table: table.id, route: legs.first?.route, subnet: returnSubnet.id))
            } else {
                trace.block(
                    ExplainTGW.noReturnRoute(
                        table: table, returnSubnet: returnSubnet, source: subnet, addresses: source.addresses,
                        gateway: gateway, nat: source.nat?.id))
            }
        } else {
            trace.block(Explain.noRouteTable(returnSubnet))
        }
        let exitSubnets = exitAttachment.subnetIds.compactMap { network.subnets[$0] }
        if !exitSubnets.isEmpty, !exitSubnets.contains(where: { $0.isInSameZone(as: returnSubnet) }) {
            trace.block(
                ExplainTGW.onTheReplies(
                    ExplainTGW.attachmentNotInZone(
                        exitAttachment, zone: returnSubnet.availabilityZone, network: network),
                    .enteringGateway(subnet: returnSubnet, attachment: exitAttachment.id)))
        }
        checkGatewayReturn(to: source, entry: entry, exitAttachment: exitAttachment, trace: &trace)
    }

    /// The replies inside the transit gateway: the route table `exitAttachment` is associated
    /// with ("When a packet comes from one attachment, it is routed to another attachment using
    /// the route that matches the destination IP address") must send the source's addresses back
    /// to the attachment the requests entered by. Checked for a VPN or Direct Connect attachment
    /// too: what lies beyond it is not followed, but the way back from it is in the inventory.
    func checkGatewayReturn(
        to source: TrafficSource, entry: TransitGatewayEntry, exitAttachment: TransitGatewayAttachment,
        trace: inout Trace
    ) {
        let subnet = source.subnet
        let gateway = entry.gateway
        guard let routeTableId = exitAttachment.associatedRouteTableId else {
            guard exitAttachment.associationKnown else {
                trace.block(ExplainTGW.associationUnknown(exitAttachment))
                return
            }
            trace.block(
                ExplainTGW.onTheReplies(
                    ExplainTGW.notAssociated(exitAttachment, gateway: gateway, network: network), .crossingGateway))
            return
        }
        guard let routeTable = network.transitGatewayRouteTables[routeTableId] else {
            trace.block(ExplainTGW.routeTableNotFound(routeTableId, attachment: exitAttachment))
            return
        }
        let returnEntry = TransitGatewayEntry(gateway: gateway, attachment: exitAttachment, routeTable: routeTable)
        for leg in transitGatewayLegs(routeTable, destination: source.addresses) {
            // Without the table's routes, no route back is a path not confirmed (see
            // `transitGatewayExits`), not a table that needs a propagation.
            if !routeTable.routesExported && leg.route == nil {
                trace.block(
                    ExplainTGW.onTheReplies(
                        ExplainTGW.routesNotExported(routeTable, label: source.label), .crossingGateway))
                continue
            }
            if routeTable.routesTruncated && leg.route == nil {
                trace.block(
                    ExplainTGW.onTheReplies(
                        ExplainTGW.routesTruncated(routeTable, label: source.label), .crossingGateway))
                continue
            }
            guard let route = leg.route, !route.isBlackhole, route.attachmentIds.contains(entry.attachment.id) else {
                if let route = leg.route, route.isBlackhole {
                    trace.block(
                        ExplainTGW.blackhole(
                            routeTable, route: route, entry: returnEntry, expectedVPC: subnet.vpcId, network: network,
                            isReturn: true))
                } else {
                    trace.block(
                        ExplainTGW.noRoute(
                            routeTable, entry: returnEntry, label: source.label, addresses: leg.addresses,
                            expectedVPC: subnet.vpcId, network: network,
                            wrongAttachment: leg.route?.attachmentIds.first.flatMap {
                                network.transitGatewayAttachments[$0]
                            }, wrongRoute: leg.route, isReturn: true))
                }
                continue
            }
            trace.hop(.transitGatewayRoute(table: routeTable.id, route: route, returning: true))
        }
    }

    // MARK: - Security groups across a transit gateway
    //
    // Both checks read the function's groups, so they go through `byGroups`: an audit's
    // skeleton walk records them and decides them per group set (see `Solver.byGroups`).

    /// Outbound rules that reference a group in another VPC never match across a transit
    /// gateway (AWS supports references over a transit gateway in inbound rules only). The
    /// egress check done before the route was known counted them: if only they allowed the
    /// traffic, say so.
    func checkEgressReference(
        _ subnet: Subnet, _ context: Context, destination: PlacedDestination, gateway: TransitGateway,
        trace: inout Trace
    ) {
        let remote = destination.addresses
        let remoteGroups = destination.securityGroupIds ?? []
        let label = destination.label
        let remoteVPC = destination.vpcId
        byGroups(context, &trace) { solver, context, trace in
            solver.decideEgressReference(
                context, remote: remote, remoteGroups: remoteGroups, label: label, gateway: gateway,
                remoteVPC: remoteVPC, trace: &trace)
        }
    }

    func decideEgressReference(
        _ context: Context, remote: AddressSet, remoteGroups: [String], label: String, gateway: TransitGateway,
        remoteVPC: String?, trace: inout Trace
    ) {
        let withReferences = Filters.egress(
            groups: context.groups, remote: remote, memberOf: [], ipProtocol: context.ipProtocol, port: context.port,
            network: network, remoteGroups: Set(remoteGroups), remoteVPC: remoteVPC)
        guard withReferences.allowed else { return }
        let withoutReferences = Filters.cover(
            remote, by: context.groups, egress: true, ipProtocol: context.ipProtocol, port: context.port
        ) { _, peer in
            switch peer {
            case .cidr(let cidr): return Filters.Coverage(cidr)
            case .prefixList(let id): return Filters.Coverage(network.prefixLists[id]?.cidrs ?? [])
            case .ipv6, .group: return .nothing
            }
        }
        if !withoutReferences.allowed, let group = context.groups.first {
            trace.block(
                ExplainTGW.egressReference(
                    group: group, context: context, destinationLabel: label, destinationGroups: remoteGroups,
                    addresses: .ipv4(remote), gateway: gateway))
        }
    }

    /// The destination's inbound rules, where a reference to one of the function's groups
    /// counts only with security-group referencing on for the transit gateway and both
    /// attachments.
    func checkIngressAcrossTransitGateway(
        _ source: TrafficSource, _ context: Context, destination: PlacedDestination, gateway: TransitGateway,
        referencing: Bool, trace: inout Trace, notes: inout [String]
    ) {
        guard let groups = destinationGroups(destination, trace: &trace, notes: &notes) else { return }
        let label = destination.label
        if let nat = source.nat {
            // From a NAT gateway's address, which no reference matches, across the gateway or not.
            decideIngress(from: nat, source, context, groups: groups, destinationLabel: label, trace: &trace)
            return
        }
        let subnet = source.subnet
        byGroups(context, &trace) { solver, context, trace in
            solver.decideIngressAcrossTransitGateway(
                subnet, context, groups: groups, destinationLabel: label, gateway: gateway, referencing: referencing,
                trace: &trace)
        }
    }

    func decideIngressAcrossTransitGateway(
        _ subnet: Subnet, _ context: Context, groups: [SecurityGroup], destinationLabel: String,
        gateway: TransitGateway, referencing: Bool, trace: inout Trace
    ) {
        let decision = Filters.ingress(
            groups: groups, source: subnet.addresses, sourceGroups: referencing ? context.groups : [],
            ipProtocol: context.ipProtocol, port: context.port, network: network)
        if decision.allowed {
            trace.ruleHops(decision.matched, direction: .ingress)
            return
        }
        let byReference = Filters.ingress(
            groups: groups, source: subnet.addresses, sourceGroups: context.groups, ipProtocol: context.ipProtocol,
            port: context.port, network: network)
        if !referencing && byReference.allowed {
            let group = byReference.matched.first { rule in
                if case .group = rule.rule.peer { return true }
                return false
            }
            trace.block(
                ExplainTGW.ingressReference(
                    group: network.securityGroups[group?.group ?? ""] ?? groups[0], subnet: subnet, context: context,
                    destinationLabel: destinationLabel, gateway: gateway, network: network))
            return
        }
        // Where a reference would not match across this transit gateway, the fix is the CIDR.
        trace.block(
            Explain.ingressMismatch(
                group: groups[0], noRules: decision.hadNoRules, subnet: subnet, context: context,
                destinationLabel: destinationLabel, admitByCIDR: !referencing))
    }
}

/// The words of transit-gateway blockers: what a transit gateway, an attachment, an
/// association and a propagation are, for someone who has not met them, and the aws CLI
/// commands that fix the path, with the real IDs (quoted, as `ShellCommand` does).
enum ExplainTGW {
    /// One subnet per AZ of `vpcId` for a new attachment: the function's zones first.
    static func subnetPerZone(_ vpcId: String, network: Network) -> [String] {
        var seen = Set<String>()
        return network.subnets(inVPC: vpcId).filter {
            seen.insert($0.availabilityZone).inserted
        }.map(\.id)
    }

    /// A subnet of `vpcId` in `zone` for an attachment to use: the smallest one, since AWS
    /// recommends a small subnet of their own for attachments (ties by ID).
    static func subnetForAttachment(_ vpcId: String, zone: String, network: Network) -> String? {
        network.subnets(inVPC: vpcId).filter {
            $0.availabilityZone == zone
        }.min { (-($0.cidr?.prefixLength ?? 0), $0.id) < (-($1.cidr?.prefixLength ?? 0), $1.id) }?.id
    }

    /// The route table an attachment should be associated with: the transit gateway's default
    /// association table, else its first table.
    static func defaultRouteTable(_ gateway: TransitGateway, network: Network) -> String? {
        gateway.associationDefaultRouteTableId
            ?? network.transitGatewayRouteTables.values.filter { $0.transitGatewayId == gateway.id }.map(\.id).sorted()
            .first
    }

    /// What keeps a transit gateway from carrying the traffic, with the facts its fix names.
    enum Problem: BlockerReason {
        case gatewayNotAvailable(gateway: String, state: String)
        /// The VPC is not attached; `subnets`: one per zone for a new attachment.
        case noAttachment(gateway: String, vpc: String, subnets: [String])
        case attachmentNotAvailable(TransitGatewayAttachment)
        /// The attachment has no subnet in `zone`; `zones`: where its subnets are; `subnet`: one
        /// of the VPC in `zone` to add.
        case attachmentNotInZone(attachment: String, zone: String, zones: [String], vpc: String, subnet: String?)
        case attachmentWithoutSubnets(attachment: String, vpc: String?)
        /// `table`: the route table to associate with (the default association table).
        case notAssociated(attachment: String, gateway: String, table: String?)
        case associationUnknown(attachment: String)
        case routeTableNotFound(routeTable: String, attachment: String)
        case routesNotExported(routeTable: String, label: String)
        case routesTruncated(routeTable: String, label: String)
        case attachmentNotFound(attachment: String, routeTable: String)
        case notAnalyzed(
            attachment: TransitGatewayAttachment, routeTable: TransitGatewayRouteTable, route: TransitGatewayRoute,
            source: String?, traffic: Explain.Traffic)
        case noRoute(TGWNoRoute)
        /// `target`: the attachment of the VPC the route should lead to.
        /// `broader`: whether a working, broader route of the table would carry the traffic if
        /// this one were deleted.
        case blackhole(
            routeTable: String, route: TransitGatewayRoute, target: String?, broader: Bool, isReturn: Bool,
            reassociate: Reassociation? = nil)
        /// `existing`: the table's route for exactly the function's subnet, which goes elsewhere
        /// (a peering): the fix replaces it, as create-route would fail (RouteAlreadyExists).
        /// `nat`: the NAT gateway in `source` whose address the replies go to, when it forwarded
        /// the function's traffic. `ipv6`: the function subnet's IPv6 block, for an IPv6 path
        /// (nil: IPv4, the source subnet's CIDR); a NAT gateway forwards IPv4 only.
        case noReturnRoute(
            table: String, returnSubnet: Subnet, source: Subnet, gateway: String, existing: Route?, nat: String?,
            ipv6: IPv6CIDR?)
        case egressWithoutNAT(
            table: String, route: Route, egressSubnet: String, nat: Explain.NATRoute, natTable: NATTable?)
        /// `sourceTable`: the route table of the function's subnet.
        case gatewayEndpointAcrossTGW(
            endpoint: VPCEndpoint, table: String, sourceVPC: String, sourceTable: String?, gateway: String)
        case egressReference(
            group: String, traffic: Explain.Traffic, destinationLabel: String, destinationGroups: [String],
            addresses: Solver.Addresses, gateway: String)
        /// `attachments`: those of the two VPCs with referencing off. `ipv6Source`: the function
        /// subnet's IPv6 block, for an IPv6 connection (nil: IPv4, its CIDR).
        case ingressReference(
            group: String, subnet: Subnet, traffic: Explain.Traffic, destinationLabel: String, gateway: String,
            gatewayReferencing: Bool, attachments: [String], ipv6Source: IPv6CIDR? = nil)

        /// The fix names the subnet: its CIDR (a route back, a rule), its zone (an attachment
        /// subnet), its route table.
        var differsBySubnet: Bool {
            switch self {
            case .noReturnRoute, .attachmentNotInZone, .ingressReference, .gatewayEndpointAcrossTGW, .egressWithoutNAT:
                return true
            case .noRoute(let facts): return facts.isReturn
            case .blackhole(_, _, _, _, let isReturn, _): return isReturn
            default: return false
            }
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            switch self {
            case .gatewayNotAvailable(let gateway, let state):
                return BlockerWords(
                    message:
                        "Transit gateway \(gateway) is in state '\(state)', not 'available': it forwards nothing.",
                    fix: Shell.line("aws ec2 describe-transit-gateways --transit-gateway-ids \(gateway)"))
            case .noAttachment(let gateway, let vpcId, let subnets):
                return BlockerWords(
                    message:
                        "The route sends the traffic to transit gateway \(gateway), but \(vpcId) is not attached to it. A VPC reaches a transit gateway only through a VPC attachment, which puts one transit-gateway network interface in a subnet of each availability zone; without one the traffic is dropped.",
                    fix: Shell.line(
                        "aws ec2 create-transit-gateway-vpc-attachment --transit-gateway-id \(gateway) --vpc-id \(vpcId) --subnet-ids \(subnets.isEmpty ? "<one subnet per AZ of \(vpcId)>" : "\(list: subnets, separator: " ")")"
                    ))
            case .attachmentNotAvailable(let attachment):
                let state = attachment.state.lowercased()
                let pending = state == "pendingacceptance"
                // A deleted, rejected or failed attachment never comes back: a VPC needs a new one.
                let gone = attachment.isGone
                let fix: ShellCommand
                if pending && attachment.resourceType == "peering" {
                    // A peering attachment is accepted by the accepter transit gateway's owner.
                    fix =
                        "aws ec2 accept-transit-gateway-peering-attachment --transit-gateway-attachment-id \(attachment.id)   # as the accepter transit gateway's owner, in its region"
                } else if pending {
                    fix =
                        "aws ec2 accept-transit-gateway-vpc-attachment --transit-gateway-attachment-id \(attachment.id)   # as the transit gateway's owner"
                } else if gone, attachment.resourceType == "vpc", let vpcId = attachment.vpcId {
                    fix =
                        "aws ec2 create-transit-gateway-vpc-attachment --transit-gateway-id \(attachment.transitGatewayId) --vpc-id \(vpcId) --subnet-ids \(attachment.subnetIds.isEmpty ? "<one subnet per AZ>" : "\(list: attachment.subnetIds, separator: " ")")   # then route the transit gateway's tables to the new attachment"
                } else {
                    fix =
                        "aws ec2 describe-transit-gateway-attachments --transit-gateway-attachment-ids \(attachment.id)"
                }
                return BlockerWords(
                    message:
                        "Transit gateway attachment \(attachment.id) (\(attachment.resourceType) \(attachment.resourceId ?? "")) is in state '\(attachment.state)', not 'available': no traffic crosses it.\(pending ? " An attachment from another account waits until the transit gateway's owner accepts it." : gone ? " An attachment in this state does not come back: the VPC needs a new one." : "")",
                    fix: fix.text)
            case .attachmentNotInZone(let attachment, let zone, let zones, let vpcId, let subnet):
                return BlockerWords(
                    message:
                        "Transit gateway attachment \(attachment) has no subnet in \(zone) (its subnets are in \(zones.isEmpty ? "no known zone" : zones.joined(separator: ", "))). A transit gateway has a network interface only in the attachment's subnets, one per availability zone, and resources in a zone without one cannot reach the transit gateway, whatever their route tables say.",
                    fix: Shell.line(
                        "aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id \(attachment) --add-subnet-ids \(subnet, else: "<a subnet of \(vpcId) in \(zone)>")   # AWS suggests a small dedicated subnet per AZ"
                    ))
            case .attachmentWithoutSubnets(let attachment, let vpcId):
                return BlockerWords(
                    message:
                        "Transit gateway attachment \(attachment) lists no subnet that is in the inventory, so where the traffic leaves the transit gateway into \(vpcId ?? "the VPC") cannot be followed.",
                    fix: Shell.line(
                        "aws ec2 describe-transit-gateway-vpc-attachments --transit-gateway-attachment-ids \(attachment)   # and import the subnets it names"
                    ))
            case .notAssociated(let attachment, let gateway, let table):
                return BlockerWords(
                    message:
                        "Transit gateway attachment \(attachment) is not associated with any transit gateway route table. The association decides which TGW route table looks up the traffic that enters through an attachment; without one the transit gateway drops it.",
                    fix: Shell.line(
                        "aws ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id \(table, else: "<a route table of \(gateway)>") --transit-gateway-attachment-id \(attachment)"
                    ))
            case .associationUnknown(let attachment):
                return BlockerWords(
                    message:
                        "Which transit gateway route table \(attachment) is associated with is not in the inventory (describe-transit-gateway-vpc-attachments does not say; the transit gateway's route tables often live in a network account), so where the transit gateway sends the traffic cannot be followed.",
                    fix: Shell.line(
                        "aws ec2 describe-transit-gateway-attachments --transit-gateway-attachment-ids \(attachment)   # and the TGW route tables with their routes: lambda-reach collect in the transit gateway's account"
                    ))
            case .routeTableNotFound(let routeTableId, let attachment):
                return BlockerWords(
                    message:
                        "\(attachment) is associated with transit gateway route table \(routeTableId), which is not in the inventory, so where the transit gateway sends the traffic cannot be followed.",
                    fix: ExplainTGW.searchRoutes(routeTableId))
            case .routesNotExported(let routeTableId, let label):
                return BlockerWords(
                    message:
                        "The routes of transit gateway route table \(routeTableId) were not exported, and none of its propagations covers \(label): where the transit gateway sends the traffic cannot be followed (a static route may send it on).",
                    fix: ExplainTGW.searchRoutes(routeTableId))
            case .routesTruncated(let routeTableId, let label):
                return BlockerWords(
                    message:
                        "search-transit-gateway-routes listed only part of the routes of transit gateway route table \(routeTableId) (its output says AdditionalRoutesAvailable), and none of those listed covers \(label): a route the output left out may, so where the transit gateway sends the traffic is not known.",
                    fix: Shell.line(
                        "aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id \(routeTableId) --filters Name=type,Values=static --max-results 1000   # then Name=type,Values=propagated, or narrower filters (route-search.subnet-of-match, state): each output in its own file with \"TransitGatewayRouteTableId\": \"\(routeTableId)\" added, imported together"
                    ))
            case .attachmentNotFound(let attachmentId, let routeTable):
                return BlockerWords(
                    message:
                        "A route of transit gateway route table \(routeTable) sends the traffic to attachment \(attachmentId), which is not in the inventory.",
                    fix: Shell.line(
                        "aws ec2 describe-transit-gateway-attachments --transit-gateway-attachment-ids \(attachmentId)")
                )
            case .notAnalyzed(let attachment, let routeTable, let route, let source, let traffic):
                var fix: ShellCommand =
                    "aws ec2 describe-transit-gateway-attachments --transit-gateway-attachment-ids \(attachment.id)   # the \(attachment.resourceType) attachment: where it leads (\(attachment.resourceId, else: "its resource")) is not followed by lambda-reach"
                if source != nil {
                    fix =
                        Explain.beyondFix(
                            target: routeTable.transitGatewayId, kind: .tgw, source: source, traffic: traffic)
                        + "\n" + fix
                }
                return BlockerWords(
                    message:
                        "Route \(route.summary) in transit gateway route table \(routeTable.id) sends the traffic to a \(attachment.resourceType) attachment (\(attachment.resourceId ?? attachment.id)), beyond what lambda-reach models: the rest of the path cannot be confirmed from this inventory.",
                    fix: fix.text)
            case .noRoute(let facts):
                return facts.words
            case .blackhole(let routeTable, let route, let target, let broader, let isReturn, let reassociate):
                var destinationArgument: ShellCommand
                switch route.destination {
                case .cidr(let cidr): destinationArgument = "--destination-cidr-block \(cidr)"
                case .prefixList(let id): destinationArgument = "--prefix-list-id \(id)"
                case .ipv6(let text): destinationArgument = "--destination-cidr-block \(text)"
                }
                // A prefix-list reference is changed and deleted by its own commands:
                // replace- and delete-transit-gateway-route take a CIDR only.
                let isReference: Bool
                if case .prefixList = route.destination { isReference = true } else { isReference = false }
                let replace: ShellCommand =
                    isReference
                    ? "aws ec2 modify-transit-gateway-prefix-list-reference --transit-gateway-route-table-id \(routeTable) \(destinationArgument) --no-blackhole"
                    : "aws ec2 replace-transit-gateway-route --transit-gateway-route-table-id \(routeTable) \(destinationArgument)"
                let delete: ShellCommand =
                    isReference
                    ? "aws ec2 delete-transit-gateway-prefix-list-reference --transit-gateway-route-table-id \(routeTable) \(destinationArgument)"
                    : "aws ec2 delete-transit-gateway-route --transit-gateway-route-table-id \(routeTable) \(destinationArgument)"
                let fix: ShellCommand =
                    target.map { replace + " --transit-gateway-attachment-id \($0)" }
                    ?? (broader
                        ? delete + "   # its traffic then follows the broader route"
                        : replace
                            + " --transit-gateway-attachment-id <the attachment that should carry it>   # deleting it would leave no route")
                let message =
                    "\(isReturn ? "The replies cannot come back: " : "")Route \(route.summary) in transit gateway route table \(routeTable) is a blackhole: the transit gateway drops matching traffic on purpose (a static blackhole route) or because its attachment is gone. As the most specific route, it wins over any broader route."
                if let reassociate {
                    // The blackhole keeps the other attachments of a shared table apart: the
                    // attachment that meets it is the one in the wrong table.
                    return BlockerWords(
                        message: message
                            + " \(routeTable) is the route table of \(reassociate.sharing) attachments, whose blackhole keeps them apart on purpose; \(reassociate.attachment) (the traffic's way \(isReturn ? "back" : "in")) is associated with it, while \(reassociate.table) has the routes to \(reassociate.target): \(reassociate.attachment) belongs there.",
                        fix: Shell.line(
                            "aws ec2 disassociate-transit-gateway-route-table --transit-gateway-route-table-id \(routeTable) --transit-gateway-attachment-id \(reassociate.attachment)\naws ec2 associate-transit-gateway-route-table --transit-gateway-route-table-id \(reassociate.table) --transit-gateway-attachment-id \(reassociate.attachment)"
                        ))
                }
                return BlockerWords(message: message, fix: fix.text)
            case .noReturnRoute(let table, let returnSubnet, let source, let gateway, let existing, let nat, let ipv6):
                var cidr = ipv6?.description ?? source.cidr?.description ?? "<\(source.id) CIDR>"
                if let nat {
                    cidr += " (\(source.id), where NAT gateway \(nat) is, whose address the requests came from)"
                }
                let elsewhere = existing.map { " Its route \($0.summary) sends them elsewhere." } ?? ""
                let family = ipv6 == nil ? "" : "IPv6 "
                let destination: ShellCommand =
                    ipv6.map { "--destination-ipv6-cidr-block \($0.description)" }
                    ?? "--destination-cidr-block \(source.cidr, else: "<\(source.id) CIDR>")"
                return BlockerWords(
                    message:
                        "The replies cannot come back: route table \(table) of \(returnSubnet.id) (in \(returnSubnet.vpcId)) has no \(family)route for \(cidr) through transit gateway \(gateway).\(elsewhere) Traffic through a transit gateway needs routes on both sides\(ipv6 == nil ? "" : ", for IPv6 as for IPv4").",
                    fix: Shell.line(
                        "aws ec2 \(raw: existing == nil ? "create-route" : "replace-route") --route-table-id \(table) \(destination) --transit-gateway-id \(gateway)"
                    ))
            case .egressWithoutNAT(let table, let route, let egressSubnet, let nat, let natTable):
                let message =
                    "Route table \(table) of the egress attachment subnet \(egressSubnet) sends the traffic straight to internet gateway \(route.targetId ?? ""), but it still has the function's private source address (the transit gateway does not translate addresses), and an internet gateway drops traffic from private addresses. Centralised egress needs a NAT gateway in the egress VPC between the transit gateway and the internet gateway."
                guard let natTable else {
                    return BlockerWords(message: message, fix: nat.fix(table: table, replace: true).text)
                }
                return BlockerWords(
                    message: message + " " + natTable.message(table: table, egressSubnet: egressSubnet),
                    fix: natTable.fix(egressSubnet: egressSubnet).text)
            case .gatewayEndpointAcrossTGW(let endpoint, let table, let sourceVPC, let sourceTable, let gateway):
                let tableArgument: ShellCommand = sourceTable.map { " --route-table-ids \($0)" } ?? ""
                return BlockerWords(
                    message:
                        "Route table \(table) in \(endpoint.vpcId) sends the traffic to gateway endpoint \(endpoint.id) (\(endpoint.shortServiceName)), but a gateway endpoint carries only traffic from its own VPC's subnets: traffic from \(sourceVPC) that arrived through transit gateway \(gateway) cannot use it.",
                    fix: Shell.line(
                        "aws ec2 create-vpc-endpoint --vpc-id \(sourceVPC) --service-name \(endpoint.serviceName)\(tableArgument)   # a gateway endpoint in the function's own VPC (free)"
                    ))
            case .egressReference(
                let group, let traffic, let destinationLabel, let destinationGroups, let addresses, let gateway):
                return BlockerWords(
                    message:
                        "Only a reference to \(destinationLabel)'s security group (\(destinationGroups.joined(separator: ", "))) in the function's outbound rules allows this traffic, and outbound rules that reference a group in another VPC do not match across transit gateway \(gateway): AWS supports security-group references over a transit gateway in inbound rules only.",
                    fix: Shell.line(
                        "aws ec2 authorize-security-group-egress --group-id \(group) --ip-permissions \(Explain.ipPermissions(traffic, peer: addresses.isIPv6 ? "Ipv6Ranges=[{CidrIpv6=\(addresses.text)}]" : "IpRanges=[{CidrIp=\(addresses.text)}]"))"
                    ))
            case .ingressReference(
                let group, let subnet, let traffic, let destinationLabel, let gateway, let gatewayReferencing,
                let attachments, let ipv6Source):
                let cidr = ipv6Source?.description ?? subnet.cidr?.description ?? "<\(subnet.id) CIDR>"
                let off = gatewayReferencing ? "the VPC attachments" : "transit gateway \(gateway)"
                var fix: ShellCommand =
                    ipv6Source.map {
                        "aws ec2 authorize-security-group-ingress --group-id \(group) --ip-permissions \(Explain.ipPermissions(traffic, peer: "Ipv6Ranges=[{CidrIpv6=\($0)}]"))"
                    }
                    ?? "aws ec2 authorize-security-group-ingress --group-id \(group) --protocol \(traffic.ipProtocol) --port \(traffic.port) --cidr \(subnet.cidr, else: "<\(subnet.id) CIDR>")"
                fix += "\n# or let references cross the transit gateway (same region, inbound rules only):"
                if !gatewayReferencing {
                    fix +=
                        "\naws ec2 modify-transit-gateway --transit-gateway-id \(gateway) --options SecurityGroupReferencingSupport=enable"
                }
                for attachment in attachments {
                    fix +=
                        "\naws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id \(attachment) --options SecurityGroupReferencingSupport=enable"
                }
                return BlockerWords(
                    message:
                        "\(destinationLabel)'s security group \(group) admits the function only by a reference to its group (\(function.securityGroupIds.joined(separator: ", "))), and the traffic crosses transit gateway \(gateway), where security-group referencing is off for \(off). A reference then does not match: admit the function's subnet \(ipv6Source == nil ? "CIDR" : "IPv6 block") \(cidr) instead (the function's ENI can have any address of it).",
                    fix: fix.text)
            }
        }
    }

    /// A transit gateway route table without a route for the destination (or the replies).
    struct TGWNoRoute: Sendable, Hashable {
        var routeTable: String
        var entryAttachment: String
        var gateway: String
        var label: String
        var addresses: Solver.Addresses
        var expectedVPC: String?
        /// The CIDR a static route would be for.
        var cidr: String
        /// The block of the static route that sends the traffic elsewhere, when there is one.
        var wrongRouteCIDR: String?
        /// The attachment the table's most specific route sends the traffic to instead.
        var wrongAttachment: TransitGatewayAttachment?
        var isReturn: Bool
        /// The attachment of `expectedVPC` to the gateway, else subnets (one per zone) for one.
        var target: String?
        var subnets: [String]
        /// With no VPC expected: for a public address, the attachment of a VPC with a NAT gateway;
        /// for a private one, a VPN or Direct Connect attachment.
        var egress: String?
        /// Whether the destination is public (the internet) rather than a private network.
        var isPublic: Bool
        /// For an IPv6 path, the attachment of `target` when its IPv6 support is not on.
        var ipv6SupportOff: IPv6SupportOff? = nil

        /// An attachment whose VPC's IPv6 CIDRs do not propagate: its `Ipv6Support` is disabled
        /// (`known`) or not in the export (AWS's default is disable).
        struct IPv6SupportOff: Sendable, Hashable {
            var attachment: String
            var known: Bool
            /// Whether the attachment propagates into the table already (its IPv4 CIDRs do).
            var propagates: Bool
            /// Its subnets without an IPv6 block, where its network interfaces would get none.
            var subnetsWithoutIPv6: [String]
        }

        var words: BlockerWords {
            let family = addresses.isIPv6 ? "IPv6 " : ""
            var message =
                isReturn
                ? "The replies cannot come back: transit gateway route table \(routeTable), associated with \(entryAttachment) (the attachment the replies enter through), has no \(family)route for \(label) (\(addresses.text)) to the function's attachment."
                : "Transit gateway route table \(routeTable), associated with \(entryAttachment) (the attachment the traffic enters through), has no \(family)route for \(label)\(expectedVPC.map { " in \($0)" } ?? "")."
            if let wrongAttachment {
                message +=
                    " Its most specific route sends that traffic to \(wrongAttachment.id) (\(wrongAttachment.resourceType) \(wrongAttachment.resourceId ?? "")) instead."
            }
            message +=
                " A transit gateway route table gets routes by propagation (an attachment's VPC CIDR is added automatically when propagation is enabled for it) or as static routes."
            if let off = ipv6SupportOff {
                message +=
                    " A VPC's IPv6 CIDRs propagate only from an attachment with IPv6 support enabled, and \(off.attachment)'s Ipv6Support is \(off.known ? "disabled" : "not in the export (AWS's default is disable)")\(off.propagates ? ": its propagation into \(routeTable) brings the IPv4 CIDRs only" : "")."
            }
            let fix: ShellCommand
            if let target, let off = ipv6SupportOff, wrongAttachment == nil {
                // Enabling IPv6 support gives the transit gateway's interfaces IPv6 addresses in
                // the attachment's subnets, which need IPv6 blocks for it.
                var commands: ShellCommand = ""
                if !off.subnetsWithoutIPv6.isEmpty {
                    commands =
                        "# \(note: off.subnetsWithoutIPv6.joined(separator: ", ")) of \(target) \(raw: off.subnetsWithoutIPv6.count == 1 ? "has" : "have") no IPv6 block, where the transit gateway's interfaces get their IPv6 addresses: aws ec2 associate-subnet-cidr-block --subnet-id SUBNET --ipv6-cidr-block <a /64 of the VPC's IPv6 block>\n"
                }
                commands +=
                    "aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id \(target) --options Ipv6Support=enable"
                if !off.propagates {
                    commands +=
                        "\naws ec2 enable-transit-gateway-route-table-propagation --transit-gateway-route-table-id \(routeTable) --transit-gateway-attachment-id \(target)"
                }
                commands +=
                    "\n# or a static route:\naws ec2 create-transit-gateway-route --transit-gateway-route-table-id \(routeTable) --destination-cidr-block \(cidr) --transit-gateway-attachment-id \(target)"
                fix = commands
            } else if let target, wrongAttachment != nil {
                // Another route wins: propagation adds nothing over a static route or an
                // identical block. Replace the static route for the same block, else add a more
                // specific static one.
                let verb = wrongRouteCIDR == cidr ? "replace-transit-gateway-route" : "create-transit-gateway-route"
                fix =
                    "aws ec2 \(raw: verb) --transit-gateway-route-table-id \(routeTable) --destination-cidr-block \(cidr) --transit-gateway-attachment-id \(target)"
            } else if let target {
                fix = """
                    aws ec2 enable-transit-gateway-route-table-propagation --transit-gateway-route-table-id \(routeTable) --transit-gateway-attachment-id \(target)
                    # or a static route:
                    aws ec2 create-transit-gateway-route --transit-gateway-route-table-id \(routeTable) --destination-cidr-block \(cidr) --transit-gateway-attachment-id \(target)
                    """
            } else if let vpcId = expectedVPC {
                fix = """
                    attachment=$(aws ec2 create-transit-gateway-vpc-attachment --transit-gateway-id \(gateway) --vpc-id \(vpcId) --subnet-ids \(subnets.isEmpty ? "<one subnet per AZ>" : "\(list: subnets, separator: " ")") --query TransitGatewayVpcAttachment.TransitGatewayAttachmentId --output text)
                    aws ec2 create-transit-gateway-route --transit-gateway-route-table-id \(routeTable) --destination-cidr-block \(cidr) --transit-gateway-attachment-id "$attachment"
                    """
            } else if isPublic {
                fix =
                    "aws ec2 create-transit-gateway-route --transit-gateway-route-table-id \(routeTable) --destination-cidr-block 0.0.0.0/0 --transit-gateway-attachment-id \(egress, else: "<the egress VPC's attachment>")"
            } else {
                // A private address in no VPC of the inventory: an on-premises network, behind a
                // VPN or Direct Connect attachment; a NAT gateway would drop it.
                fix =
                    "aws ec2 create-transit-gateway-route --transit-gateway-route-table-id \(routeTable) --destination-cidr-block \(cidr) --transit-gateway-attachment-id \(egress, else: "<the VPN or Direct Connect attachment that leads to \(cidr)>")"
            }
            return BlockerWords(message: message, fix: fix.text)
        }
    }

    /// A blocker met by the replies on their way back through a transit gateway: its own words,
    /// after a sentence that says so.
    struct OnTheReplies: BlockerReason {
        var blocker: Blocker
        var stage: Stage

        enum Stage: Sendable, Hashable {
            /// The replies leave `subnet`, in a zone where `attachment` has no subnet.
            case enteringGateway(subnet: Subnet, attachment: String)
            case crossingGateway
        }

        var differsBySubnet: Bool {
            if case .enteringGateway = stage { return true }
            return blocker.reason.differsBySubnet
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            var words = blocker.words(for: function)
            switch stage {
            case .enteringGateway(let subnet, let attachment):
                words.message =
                    "The replies cannot enter the transit gateway: \(subnet.id) is in \(subnet.availabilityZone), where \(attachment) (the attachment of \(subnet.vpcId)) has no subnet. "
                    + words.message
            case .crossingGateway:
                words.message = "The replies cannot cross the transit gateway: " + words.message
            }
            return words
        }
    }

    static func onTheReplies(_ blocker: Blocker, _ stage: OnTheReplies.Stage) -> Blocker {
        Blocker(code: blocker.code, component: blocker.component, reason: OnTheReplies(blocker: blocker, stage: stage))
    }

    static func gatewayNotAvailable(_ gateway: TransitGateway) -> Blocker {
        Blocker(
            code: .badState, component: gateway.id,
            reason: Problem.gatewayNotAvailable(gateway: gateway.id, state: gateway.state))
    }

    static func noAttachment(_ gateway: TransitGateway, vpcId: String, network: Network) -> Blocker {
        Blocker(
            code: .tgwAttachmentNotFound, component: gateway.id,
            reason: Problem.noAttachment(
                gateway: gateway.id, vpc: vpcId, subnets: subnetPerZone(vpcId, network: network)))
    }

    static func attachmentNotAvailable(_ attachment: TransitGatewayAttachment) -> Blocker {
        Blocker(
            code: .badStateAttachment, component: attachment.id, reason: Problem.attachmentNotAvailable(attachment))
    }

    static func attachmentNotInZone(_ attachment: TransitGatewayAttachment, zone: String, network: Network)
        -> Blocker
    {
        let vpcId = attachment.vpcId ?? attachment.resourceId ?? ""
        return Blocker(
            code: .tgwAttachmentNotInAZ, component: attachment.id,
            reason: Problem.attachmentNotInZone(
                attachment: attachment.id, zone: zone,
                zones: attachment.subnetIds.compactMap { network.subnets[$0]?.availabilityZone }.sorted(), vpc: vpcId,
                subnet: subnetForAttachment(vpcId, zone: zone, network: network)))
    }

    static func attachmentWithoutSubnets(_ attachment: TransitGatewayAttachment, network: Network) -> Blocker {
        Blocker(
            code: .tgwAttachmentNotInAZ, component: attachment.id,
            reason: Problem.attachmentWithoutSubnets(attachment: attachment.id, vpc: attachment.vpcId))
    }

    static func notAssociated(_ attachment: TransitGatewayAttachment, gateway: TransitGateway, network: Network)
        -> Blocker
    {
        Blocker(
            code: .unassociatedComponent, component: attachment.id,
            reason: Problem.notAssociated(
                attachment: attachment.id, gateway: gateway.id, table: defaultRouteTable(gateway, network: network)))
    }

    static func associationUnknown(_ attachment: TransitGatewayAttachment) -> Blocker {
        Blocker(
            code: .tgwRouteTableNotFound, component: attachment.id,
            reason: Problem.associationUnknown(attachment: attachment.id))
    }

    static func routeTableNotFound(_ routeTableId: String, attachment: TransitGatewayAttachment) -> Blocker {
        Blocker(
            code: .tgwRouteTableNotFound, component: routeTableId,
            reason: Problem.routeTableNotFound(routeTable: routeTableId, attachment: attachment.id))
    }

    /// The export of a TGW route table's routes, which lambda-reach collect names with the table.
    static func searchRoutes(_ routeTableId: String) -> String {
        Shell.line(
            "aws ec2 search-transit-gateway-routes --transit-gateway-route-table-id \(routeTableId) --filters Name=type,Values=static,propagated   # or run lambda-reach collect, which adds the table's ID to the output"
        )
    }

    /// A table whose search-transit-gateway-routes output left routes out, with no listed route
    /// for `label`: `ROUTE_TARGET_NOT_ANALYZED` at the table, as for one not exported.
    static func routesTruncated(_ routeTable: TransitGatewayRouteTable, label: String) -> Blocker {
        Blocker(
            code: .routeTargetNotAnalyzed, component: routeTable.id,
            reason: Problem.routesTruncated(routeTable: routeTable.id, label: label))
    }

    /// What a note about a truncated search tells the user to run.
    static let truncatedSearchAdvice =
        "Export the rest with narrower filters (Name=type,Values=static, then propagated; route-search.subnet-of-match; state), each output in its own file, and import them together."

    static func routesNotExported(_ routeTable: TransitGatewayRouteTable, label: String) -> Blocker {
        Blocker(
            code: .routeTargetNotAnalyzed, component: routeTable.id,
            reason: Problem.routesNotExported(routeTable: routeTable.id, label: label))
    }

    static func attachmentNotFound(_ attachmentId: String, routeTable: TransitGatewayRouteTable) -> Blocker {
        Blocker(
            code: .tgwAttachmentNotFound, component: attachmentId,
            reason: Problem.attachmentNotFound(attachment: attachmentId, routeTable: routeTable.id))
    }

    static func notAnalyzed(
        _ attachment: TransitGatewayAttachment, routeTable: TransitGatewayRouteTable, route: TransitGatewayRoute,
        source: String?, context: Solver.Context
    ) -> Blocker {
        Blocker(
            code: .routeTargetNotAnalyzed, component: attachment.id,
            reason: Problem.notAnalyzed(
                attachment: attachment, routeTable: routeTable, route: route, source: source,
                traffic: context.traffic))
    }

    /// The VPC attachment of `vpcId` to the entry's transit gateway, if there is one.
    static func attachment(of vpcId: String?, gateway: TransitGateway, network: Network) -> TransitGatewayAttachment? {
        guard let vpcId else { return nil }
        return network.transitGatewayAttachments(ofVPC: vpcId, to: gateway.id).first
    }

    /// Where a route for addresses that are in no VPC should lead: the internet (`isPublic`) to
    /// the egress VPC's attachment, a private network to a VPN or Direct Connect attachment.
    static func attachment(
        forAddressesInNoVPC isPublic: Bool, gateway: TransitGateway, source: Solver.TransitGatewayEntry,
        network: Network
    ) -> TransitGatewayAttachment? {
        isPublic
            ? egressAttachment(gateway: gateway, source: source.attachment.vpcId, network: network)
            : onPremisesAttachment(gateway: gateway, network: network)
    }

    /// A VPN or Direct Connect gateway attachment of `gateway`, where a private network that is
    /// in no VPC lives; the first by ID when there are several.
    static func onPremisesAttachment(gateway: TransitGateway, network: Network) -> TransitGatewayAttachment? {
        network.transitGatewayAttachments.values.filter {
            $0.transitGatewayId == gateway.id && $0.state == "available"
                && ($0.resourceType == "vpn" || $0.resourceType == "direct-connect-gateway")
        }.min { $0.id < $1.id }
    }

    /// The attachment of an egress VPC to `gateway`: a VPC, other than `source`'s, with a
    /// public NAT gateway that is available. Where a default route of the gateway belongs.
    static func egressAttachment(gateway: TransitGateway, source: String?, network: Network)
        -> TransitGatewayAttachment?
    {
        let egressVPCs = Set(
            network.natGateways.values.filter { $0.isPublic && $0.state == "available" && $0.vpcId != source }.map(
                \.vpcId))
        return network.transitGatewayAttachments.values.filter {
            $0.transitGatewayId == gateway.id && $0.state == "available" && $0.vpcId.map(egressVPCs.contains) == true
        }.min { $0.id < $1.id }
    }

    static func noRoute(
        _ routeTable: TransitGatewayRouteTable, entry: Solver.TransitGatewayEntry, label: String,
        addresses: Solver.Addresses, expectedVPC: String?, network: Network,
        wrongAttachment: TransitGatewayAttachment? = nil, wrongRoute: TransitGatewayRoute? = nil,
        isReturn: Bool = false
    ) -> Blocker {
        let gateway = entry.gateway
        let target = attachment(of: expectedVPC, gateway: gateway, network: network)
        // The block a new route is for: the expected VPC's; but where another route already
        // takes the traffic elsewhere (overlapping VPC blocks), and for the replies, exactly the
        // addresses in question, so that the new route does not take over the other VPC's traffic.
        let vpc = expectedVPC.flatMap { network.vpcs[$0] }
        let vpcCIDR: String?
        let isPublic: Bool
        // IPv6 only: the attachment whose IPv6 CIDRs would propagate, when its IPv6 support is
        // not on ("when disabled ... IPv6 routes do not propagate").
        var ipv6SupportOff: TransitGatewayAttachment?
        switch addresses {
        case .ipv4(let set):
            vpcCIDR = vpc?.cidrs.first?.description
            isPublic = set.isSubset(of: .publicInternet)
        case .ipv6:
            vpcCIDR = vpc?.ipv6Cidrs.lazy.compactMap(IPv6CIDR.init).first?.description
            // The IPv6 internet is reached through an egress-only or internet gateway of the VPC
            // itself (IPv6 has no NAT): an address in no VPC of the inventory is a private network's.
            isPublic = false
            if let target, target.ipv6Support != true { ipv6SupportOff = target }
        }
        let facts = TGWNoRoute(
            routeTable: routeTable.id, entryAttachment: entry.attachment.id, gateway: gateway.id, label: label,
            addresses: addresses, expectedVPC: expectedVPC,
            cidr: (wrongRoute == nil && !isReturn ? vpcCIDR : nil) ?? addresses.text,
            wrongRouteCIDR: wrongRoute.flatMap {
                guard $0.isStatic else { return nil }
                if case .cidr(let cidr) = $0.destination { return cidr.description }
                if case .ipv6(let text) = $0.destination { return IPv6CIDR(text)?.description }
                return nil
            },
            wrongAttachment: wrongAttachment, isReturn: isReturn, target: target?.id,
            subnets: target == nil ? expectedVPC.map { subnetPerZone($0, network: network) } ?? [] : [],
            egress: expectedVPC == nil
                ? attachment(forAddressesInNoVPC: isPublic, gateway: gateway, source: entry, network: network)?.id
                : nil,
            isPublic: isPublic,
            ipv6SupportOff: ipv6SupportOff.map {
                TGWNoRoute.IPv6SupportOff(
                    attachment: $0.id, known: $0.ipv6Support != nil,
                    propagates: routeTable.propagatingAttachmentIds.contains($0.id),
                    subnetsWithoutIPv6: $0.subnetIds.filter { network.subnets[$0]?.ipv6Cidrs.isEmpty == true })
            })
        return Blocker(
            code: .tgwRouteTableNoRouteToAttachment, component: routeTable.id, reason: Problem.noRoute(facts))
    }

    static func blackhole(
        _ routeTable: TransitGatewayRouteTable, route: TransitGatewayRoute, entry: Solver.TransitGatewayEntry,
        expectedVPC: String?, network: Network, isReturn: Bool = false
    ) -> Blocker {
        // Where the route should lead: the expected VPC's attachment, else, for the internet,
        // the egress VPC's.
        var target = attachment(of: expectedVPC, gateway: entry.gateway, network: network)
        if target == nil, expectedVPC == nil, !isReturn {
            // A default route belongs to the egress VPC; a narrower one for addresses in no VPC,
            // to the network on premises.
            var isDefault = false
            if case .cidr(let cidr) = route.destination { isDefault = cidr.prefixLength == 0 }
            target = attachment(forAddressesInNoVPC: isDefault, gateway: entry.gateway, source: entry, network: network)
        }
        return Blocker(
            code: .badStateRoute, component: routeTable.id,
            reason: Problem.blackhole(
                routeTable: routeTable.id, route: route, target: target?.id,
                broader: routeTable.routes.contains { $0.isBroader(than: route) && !$0.isBlackhole },
                isReturn: isReturn,
                reassociate: target.flatMap {
                    Reassociation(routeTable, attachment: entry.attachment, target: $0, network: network)
                }))
    }

    /// A blackhole met in a transit gateway route table that other attachments share, while
    /// another table of the gateway routes to where the traffic should go: AWS's segmentation
    /// (spokes in one table with blackholes between them, the egress VPC in another with the
    /// spokes' routes) with an attachment associated with the wrong one. Retargeting the shared
    /// blackhole would undo the segmentation for every attachment of the table (and give each
    /// function's fix another target for one route); moving the attachment is the fix.
    struct Reassociation: Sendable, Hashable {
        var attachment: String
        var table: String
        var target: String
        /// How many attachments are associated with the blackhole's table.
        var sharing: Int

        init?(
            _ routeTable: TransitGatewayRouteTable, attachment: TransitGatewayAttachment,
            target: TransitGatewayAttachment, network: Network
        ) {
            let sharing = network.transitGatewayAttachments.values.filter {
                $0.associatedRouteTableId == routeTable.id
            }.count
            guard sharing > 1, attachment.associatedRouteTableId == routeTable.id, attachment.id != target.id else {
                return nil
            }
            let others = network.transitGatewayRouteTables.values.filter {
                $0.transitGatewayId == routeTable.transitGatewayId && $0.id != routeTable.id
                    && $0.routes.contains { !$0.isBlackhole && $0.attachmentIds.contains(target.id) }
            }.map(\.id).sorted()
            guard let table = others.first else { return nil }
            self.attachment = attachment.id
            self.table = table
            self.target = target.id
            self.sharing = sharing
        }
    }

    /// `addresses`: the source's, in the question's family (the function subnet's, or the
    /// address of `nat`, the NAT gateway in `source` that forwarded the function's traffic, if
    /// one did).
    static func noReturnRoute(
        table: RouteTable, returnSubnet: Subnet, source: Subnet, addresses: Solver.Addresses, gateway: TransitGateway,
        nat: String? = nil
    ) -> Blocker {
        let existing: Route?
        let ipv6: IPv6CIDR?
        switch addresses {
        case .ipv4:
            ipv6 = nil
            existing = source.cidr.flatMap { cidr in table.routes.first { $0.destination == .cidr(cidr) } }
        case .ipv6(let block):
            ipv6 = block
            existing = table.routes.first { $0.destination.sameBlock(as: .ipv6(block.description)) }
        }
        return Blocker(
            code: .noRouteToDestination, component: table.id,
            reason: Problem.noReturnRoute(
                table: table.id, returnSubnet: returnSubnet, source: source, gateway: gateway.id, existing: existing,
                nat: nat, ipv6: ipv6))
    }

    static func egressWithoutNAT(
        table: RouteTable, route: Route, egressSubnet: Subnet, attachment: TransitGatewayAttachment, network: Network
    ) -> Blocker {
        let nat = Explain.NATRoute(
            vpcId: egressSubnet.vpcId, zone: egressSubnet.availabilityZone, network: network, table: table.id)
        return Blocker(
            code: .igwPublicIPAssociationForEgress, component: route.targetId ?? table.id,
            reason: Problem.egressWithoutNAT(
                table: table.id, route: route, egressSubnet: egressSubnet.id, nat: nat,
                natTable: NATTable(
                    table: table, egressSubnet: egressSubnet, attachment: attachment, nat: nat, network: network)))
    }

    /// The egress attachment subnet's route table when it is also a NAT gateway's subnet's:
    /// there the default route must stay on the internet gateway (a NAT gateway reaches the
    /// internet through it), so sending 0.0.0.0/0 to the NAT gateway would loop its own traffic
    /// back to it. The attachment needs subnets with a table of their own, as AWS's centralised
    /// egress design has them.
    struct NATTable: Sendable, Hashable {
        /// The NAT gateways whose subnets use the table, and the one the new table routes to.
        var natGateways: [String]
        var nat: String
        var vpcId: String
        var attachment: String
        /// Whether the attachment sits in a NAT gateway's subnet itself (then it moves to a new
        /// subnet), and else whether the egress subnet is associated with the table explicitly.
        var inNATSubnet: Bool
        var explicitlyAssociated: Bool
        var zoneId: String?
        var freeCIDR: IPv4CIDR?

        init?(
            table: RouteTable, egressSubnet: Subnet, attachment: TransitGatewayAttachment, nat: Explain.NATRoute,
            network: Network
        ) {
            let sharing = network.natGateways.values.filter {
                $0.vpcId == egressSubnet.vpcId && network.routeTable(forSubnet: $0.subnetId)?.id == table.id
            }.sorted { $0.id < $1.id }
            guard !sharing.isEmpty else { return nil }
            // The new table is the zone's own: its NAT gateway is the zone's (the one in the
            // egress subnet, when there is one), not the one a table of several zones would get.
            let zone = egressSubnet.availabilityZone
            let inZone =
                sharing.first { $0.subnetId == egressSubnet.id }
                ?? Explain.usableNATs(in: egressSubnet.vpcId, zone: zone, network: network).first {
                    network.subnets[$0.subnetId]?.availabilityZone == zone
                }
            guard let chosen = inZone?.id ?? nat.nat ?? sharing.first?.id else { return nil }
            natGateways = sharing.map(\.id)
            self.nat = chosen
            vpcId = egressSubnet.vpcId
            self.attachment = attachment.id
            inNATSubnet = sharing.contains { $0.subnetId == egressSubnet.id }
            explicitlyAssociated = network.routeTableBySubnet[egressSubnet.id] != nil
            zoneId = egressSubnet.availabilityZoneId
            // A /28 per zone (AWS's advice for attachment subnets), a different one per zone.
            let position = attachment.subnetIds.sorted().firstIndex(of: egressSubnet.id) ?? 0
            freeCIDR =
                inNATSubnet ? Explain.freeBlock(in: vpcId, size: 28, network: network, skipping: position) : nil
        }

        func message(table: String, egressSubnet: String) -> String {
            let where_ =
                inNATSubnet
                ? "The attachment's network interface is in the NAT gateway's own subnet \(egressSubnet)"
                : "\(table) is also the route table of the subnets of NAT gateway \(natGateways.joined(separator: ", "))"
            return
                "\(where_), whose default route must stay on the internet gateway: sending 0.0.0.0/0 to the NAT gateway there would send the NAT gateway's own traffic back to it. The attachment needs subnets of its own whose route table sends 0.0.0.0/0 to the NAT gateway of their zone."
        }

        func fix(egressSubnet: String) -> ShellCommand {
            let table: ShellCommand =
                "rtb=$(aws ec2 create-route-table --vpc-id \(vpcId) --query RouteTable.RouteTableId --output text)\naws ec2 create-route --route-table-id \"$rtb\" --destination-cidr-block 0.0.0.0/0 --nat-gateway-id \(nat)"
            if inNATSubnet {
                let zone: ShellCommand = zoneId.map { " --availability-zone-id \($0)" } ?? ""
                return
                    "# a subnet for the attachment in this zone (a /28 is enough), with its own route table to the NAT gateway:\nsubnet=$(aws ec2 create-subnet --vpc-id \(vpcId) --cidr-block \(freeCIDR?.description, else: "<a free block of \(vpcId)>")\(zone) --query Subnet.SubnetId --output text)\n"
                    + table
                    + "\naws ec2 associate-route-table --route-table-id \"$rtb\" --subnet-id \"$subnet\"\naws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id \(attachment) --add-subnet-ids \"$subnet\" --remove-subnet-ids \(egressSubnet)"
            }
            if explicitlyAssociated {
                return table
                    + "\nassoc=$(aws ec2 describe-route-tables --filters Name=association.subnet-id,Values=\(egressSubnet) --query 'RouteTables[0].Associations[?SubnetId==`\(raw: egressSubnet)`].RouteTableAssociationId' --output text)\naws ec2 replace-route-table-association --association-id \"$assoc\" --route-table-id \"$rtb\""
            }
            return table + "\naws ec2 associate-route-table --route-table-id \"$rtb\" --subnet-id \(egressSubnet)"
        }
    }

    static func gatewayEndpointAcrossTGW(
        _ endpoint: VPCEndpoint, table: RouteTable, source: Subnet, gateway: TransitGateway, network: Network
    ) -> Blocker {
        Blocker(
            code: .endpointNotReachableThroughTGW, component: endpoint.id,
            reason: Problem.gatewayEndpointAcrossTGW(
                endpoint: endpoint, table: table.id, sourceVPC: source.vpcId,
                sourceTable: network.routeTable(forSubnet: source.id)?.id, gateway: gateway.id))
    }

    static func egressReference(
        group: SecurityGroup, context: Solver.Context, destinationLabel: String, destinationGroups: [String],
        addresses: Solver.Addresses, gateway: TransitGateway
    ) -> Blocker {
        Blocker(
            code: .securityGroupReferenceAcrossTGW, component: group.id,
            reason: Problem.egressReference(
                group: group.id, traffic: context.traffic, destinationLabel: destinationLabel,
                destinationGroups: destinationGroups, addresses: addresses, gateway: gateway.id))
    }

    static func ingressReference(
        group: SecurityGroup, subnet: Subnet, context: Solver.Context, destinationLabel: String,
        gateway: TransitGateway, network: Network, ipv6Source: IPv6CIDR? = nil
    ) -> Blocker {
        let attachments = [subnet.vpcId, group.vpcId].compactMap {
            network.transitGatewayAttachments(ofVPC: $0, to: gateway.id).first
        }.filter { !$0.securityGroupReferencing }
        return Blocker(
            code: .securityGroupReferenceAcrossTGW, component: group.id,
            reason: Problem.ingressReference(
                group: group.id, subnet: subnet, traffic: context.traffic, destinationLabel: destinationLabel,
                gateway: gateway.id, gatewayReferencing: gateway.securityGroupReferencing,
                attachments: attachments.map(\.id), ipv6Source: ipv6Source))
    }
}
