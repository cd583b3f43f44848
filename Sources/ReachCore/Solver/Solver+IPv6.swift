/// IPv6 egress of a dual-stack function.
///
/// AWS evaluates IPv6 apart from IPv4: a function sends IPv6 only when its VpcConfig has
/// Ipv6AllowedForDualStack and its subnet has an IPv6 block; security-group and NACL rules
/// match IPv6 traffic only through their IPv6 CIDRs; the route table's IPv6 routes (`::/0` to an
/// egress-only internet gateway, typically) decide the next hop, and no NAT is involved since
/// IPv6 addresses are public. Sets of IPv6 addresses are handled by containment: a rule or route
/// counts when its block contains the whole destination block.
extension Solver {
    /// What an IPv6 question is about: any public IPv6 address, or one address.
    struct IPv6Destination {
        var label: String
        var block: IPv6CIDR
    }

    func ipv6Destination(
        _ subnet: Subnet, _ context: Context, destination: IPv6Destination, trace: inout Trace, notes: inout [String]
    ) {
        let function = context.function
        if !function.ipv6AllowedForDualStack {
            trace.block(ExplainIPv6.notAllowed(function))
        }
        guard let block = subnet.ipv6Cidrs.first(where: { IPv6CIDR($0) != nil }) ?? subnet.ipv6Cidrs.first else {
            trace.block(ExplainIPv6.subnetWithoutIPv6(subnet))
            return
        }
        trace.hop(.dualStack(subnet: subnet.id, block: block))
        // A block a template or plan gives the subnet without its range (`Fn::Cidr` of an
        // Amazon-provided block) is still a block: the ENI has an address in it. Where the
        // address matters (the rules of a destination that sees it), the rules must admit any
        // address it may be: all of the VPC's block when that is known, else any IPv6 address.
        let source: IPv6CIDR
        if let known = IPv6CIDR(block) {
            source = known
        } else {
            let vpcBlock = network.vpcs[subnet.vpcId]?.ipv6Cidrs.lazy.compactMap(IPv6CIDR.init).first
            source = vpcBlock ?? IPv6CIDR("::/0")!
            if destination.block != .globalUnicast {
                notes.append(
                    "\(subnet.id)'s IPv6 block is \(block): the function's address is judged as any address of \(vpcBlock.map { "its VPC's block \($0)" } ?? "IPv6 (::/0), its VPC's block being unknown too") wherever the destination's rules see it."
                )
            }
        }

        // Where the destination is, when it is inside the function's VPC.
        let placedSubnet = network.subnets(inVPC: subnet.vpcId).first {
            $0.ipv6Cidrs.compactMap(IPv6CIDR.init).contains { $0.contains(destination.block) }
        }
        let eni = network.networkInterfaces.values.sorted { $0.id < $1.id }.first {
            $0.ipv6Addresses.contains { destination.block.prefixLength == 128 && $0 == destination.block.address }
        }
        let remoteGroups = Set(eni?.securityGroupIds ?? [])

        // The function's security groups (union): an IPv6 rule whose block contains the destination.
        let (allowedBy, ruleCount) = egressRule6(context, to: destination.block, remoteGroups: remoteGroups)
        if let (group, rule) = allowedBy {
            trace.hop(.securityGroupRule(group: group, direction: .egress, rule: rule))
        } else if let first = context.groups.first {
            trace.block(
                ExplainIPv6.egressMismatch(
                    first.id, noRules: ruleCount == 0, context: context, destination: destination))
        }

        let sameSubnet = placedSubnet?.id == subnet.id
        if !sameSubnet, let acl = network.networkACL(forSubnet: subnet.id) {
            // `internet6` is the IPv6 internet at large; an address is itself.
            let atLarge = destination.block == .globalUnicast
            checkACL6(
                acl, subnet: subnet, outbound: true, remote: destination.block, remoteLabel: destination.label,
                ports: PortRange(context.port), context, atLarge: atLarge, trace: &trace, notes: &notes)
            checkACL6(
                acl, subnet: subnet, outbound: false, remote: destination.block, remoteLabel: destination.label,
                ports: .ephemeral, context, atLarge: atLarge, trace: &trace, notes: &notes)
        }
        guard let table = network.routeTable(forSubnet: subnet.id) else {
            trace.block(Explain.noRouteTable(subnet))
            return
        }
        guard let route = ipv6Route(in: table, for: destination.block) else {
            trace.block(
                ExplainIPv6.noRoute(
                    table: table, subnet: subnet, destination: destination, network: network,
                    joined: joinedWay6(to: destination.block, from: subnet)))
            return
        }
        guard takeRoute(route, of: table, from: subnet, context, trace: &trace) else { return }
        switch route.targetKind {
        case .local:
            guard let placedSubnet else {
                trace.block(Explain.unknownDestination(destination.label, subnet: subnet))
                return
            }
            // An address no interface holds has nothing behind it, over IPv6 as over IPv4 (the
            // subnet's reserved addresses, its router's among them, included).
            if eni == nil, let nothing = nothingBehind(destination.label, in: placedSubnet) {
                trace.block(nothing)
                return
            }
            if !sameSubnet {
                checkArrivalACL6(
                    at: placedSubnet, from: source, sourceLabel: subnet.id, context, trace: &trace, notes: &notes)
            }
            reach6(
                eni, in: placedSubnet, from: subnet, destination: destination, source: source, context, trace: &trace,
                notes: &notes)
        case .eigw, .igw:
            let gateways = route.targetKind == .eigw ? network.egressOnlyInternetGateways : network.internetGateways
            guard
                let gateway = routeTarget(route, in: gateways, table: table, subnet: subnet, trace: &trace)
            else { return }
            guard gateway.attachedVPCs.contains(subnet.vpcId) else {
                trace.block(
                    Explain.igwDetached(gateway, vpcId: subnet.vpcId, route: route, table: table, network: network))
                return
            }
            // The internet carries global unicast addresses only (2000::/3, less the documentation
            // block): link-local, unique-local, loopback, multicast and NAT64's 64:ff9b::/96
            // sent to a gateway are dropped.
            if let range = Self.specialUse(destination.block) {
                trace.block(ExplainIPv6.notGlobal(destination, range: range, table: table, subnet: subnet))
                return
            }
            // The function's own address must be one the internet carries: a private block
            // (unique-local, or IPAM's private GUA space, `Ipv6AddressAttribute: private`) is not
            // advertised on the internet, so nothing sent from it through a gateway comes back.
            if let why = subnet.whyPrivate(ipv6Block: block) {
                trace.block(
                    ExplainIPv6.privateSource(
                        subnet, block: block, why: why, gateway: gateway.id, destination: destination, network: network)
                )
                return
            }
            // VPC Block Public Access judges the function's own subnet, which sends to the
            // gateway: bidirectional mode drops an egress-only gateway's traffic; any mode but
            // off drops a connection made straight through the internet gateway, whose replies
            // come in from the internet.
            let bpa = network.blockPublicAccess(of: subnet)
            let bpaBlocker: Blocker?
            if route.targetKind == .eigw ? bpa.blocksEgressOnlyGatewayEgress : bpa.blocksInternetGatewayTraffic {
                bpaBlocker = Explain.blockedByBlockPublicAccess(
                    bpa,
                    route.targetKind == .eigw
                        ? .egressOnlyGateway(gateway: gateway.id) : .ownInternetGateway(gateway: gateway.id))
            } else {
                bpaBlocker = nil
                if bpa.source == .notExported {
                    notes.append(Explain.blockPublicAccessNotExported(bpa))
                } else if bpa.mode == .blockIngress {
                    notes.append(Explain.blockPublicAccessAllows(bpa, natGateway: nil))
                }
            }
            // An address of a VPC in the inventory, reached over the internet: it comes in only
            // through an internet gateway of that VPC (an egress-only one admits no connection).
            // Only one address can be a subnet's (`internet6` is all of 2000::/3), and the subnets
            // are searched for it only then: every IPv6 walk reaches this point.
            if destination.block.prefixLength == 128,
                let owner = network.subnets.values.filter({
                    $0.vpcId != subnet.vpcId
                        && $0.ipv6Cidrs.contains { IPv6CIDR($0)?.contains(destination.block) ?? false }
                }).min(by: { $0.id < $1.id }),
                network.internetGateways(attachedTo: owner.vpcId).isEmpty
            {
                trace.hop(
                    .internetGateway(id: gateway.id, vpc: subnet.vpcId, .ipv6, egressOnly: route.targetKind == .eigw))
                if let bpaBlocker { trace.block(bpaBlocker) }
                trace.block(
                    ExplainIPv6.ownerWithoutInternetGateway(destination, owner: owner, from: subnet, network: network))
                return
            }
            trace.hop(.internetGateway(id: gateway.id, vpc: subnet.vpcId, .ipv6, egressOnly: route.targetKind == .eigw))
            if let bpaBlocker { trace.block(bpaBlocker) }
            if destination.block.prefixLength == 128,
                let owner = network.subnets.values.filter({
                    $0.vpcId != subnet.vpcId
                        && $0.ipv6Cidrs.contains { IPv6CIDR($0)?.contains(destination.block) ?? false }
                }).min(by: { $0.id < $1.id })
            {
                arrive6(
                    at: owner, eni: eni, destination: destination, source: source, from: subnet, context,
                    trace: &trace, notes: &notes)
                return
            }
            trace.hop(.publicDestination(label: destination.label, .address6))
        case .pcx:
            // A peering carries IPv6 as it does IPv4, to the peer VPC's IPv6 blocks.
            guard let peering = enterPeering(route, of: table, from: subnet, trace: &trace) else { return }
            switch resolve(.ipv6(destination.block), from: subnet, table: table) {
            case .inVPC(let vpcId):
                guard let placed = arrivalSubnet6(destination, inVPC: vpcId, trace: &trace) else { return }
                let held = interface6(at: destination.block, inVPC: vpcId)
                if held == nil, let nothing = nothingBehind(destination.label, in: placed) {
                    trace.block(nothing)
                    return
                }
                checkReturnRoute(
                    from: placed, to: .function(subnet, ipv6: source), via: peering, trace: &trace)
                checkArrivalACL6(
                    at: placed, from: source, sourceLabel: subnet.id, context, trace: &trace, notes: &notes)
                reach6(
                    held, in: placed, from: subnet, destination: destination, source: source, context, trace: &trace,
                    notes: &notes)
            case .unknownVPC(let vpcId, _):
                trace.block(Explain.vpcNotInInventory(vpcId, address: destination.label, via: peering.id))
            default:
                trace.block(
                    Explain.peeringNotTransitive(
                        peering, subnet: subnet, destinationLabel: destination.label, network: network, route: route,
                        privateDestination: placeBeyondPeering(destination, peering: peering, from: subnet),
                        ipv6: true))
            }
        case .tgw:
            // A transit gateway carries IPv6 as it does IPv4: its route tables' IPv6 routes lead
            // the address into a VPC, where it is looked up.
            guard case .inVPC(let vpcId) = resolve(.ipv6(destination.block), from: subnet, table: table),
                vpcId != subnet.vpcId
            else {
                // The attached VPC whose IPv6 block holds the address, where the TGW route table's
                // missing route should lead.
                let holder = joinedWay6(to: destination.block, from: subnet).flatMap {
                    $0.target == route.targetId ? $0.vpc : nil
                }
                stopInTransitGateway(
                    route, table: table, from: .function(subnet, ipv6: source), addresses: .ipv6(destination.block),
                    label: destination.label, expectedVPC: holder, context, trace: &trace, notes: &notes)
                return
            }
            guard let placed = arrivalSubnet6(destination, inVPC: vpcId, trace: &trace) else { return }
            let held = interface6(at: destination.block, inVPC: vpcId)
            if held == nil, let nothing = nothingBehind(destination.label, in: placed) {
                trace.block(nothing)
                return
            }
            let origin = TrafficSource.function(subnet, ipv6: source)
            guard
                let entry = enterTransitGateway(
                    route, table: table, from: origin, context, trace: &trace, notes: &notes)
            else { return }
            // An outbound rule that references a group of another VPC never matches across a
            // transit gateway: the function's egress must allow the address otherwise.
            if let (group, rule) = allowedBy, case .group = rule.peer,
                egressRule6(context, to: destination.block, remoteGroups: []).rule == nil,
                let functionGroup = network.securityGroups[group]
            {
                trace.block(
                    ExplainTGW.egressReference(
                        group: functionGroup, context: context, destinationLabel: destination.label,
                        destinationGroups: held?.securityGroupIds ?? [], addresses: .ipv6(destination.block),
                        gateway: entry.gateway))
            }
            guard
                let exit = crossTransitGateway(
                    entry, to: placed, addresses: .ipv6(destination.block), label: destination.label, from: origin,
                    context, trace: &trace, notes: &notes)
            else { return }
            let referencing =
                entry.gateway.securityGroupReferencing && entry.attachment.securityGroupReferencing
                && exit.securityGroupReferencing
            noteIPv6Support([entry.attachment, exit], gateway: entry.gateway.id, notes: &notes)
            reach6(
                held, in: placed, from: subnet, destination: destination, source: source, context,
                across: (entry.gateway, referencing), trace: &trace, notes: &notes)
        case .nat where destination.block.prefixLength == 128 && IPv6CIDR.nat64.contains(destination.block):
            // NAT64: the NAT gateway takes an address of 64:ff9b::/96 for the IPv4 address in
            // its last 32 bits, and carries the connection on over IPv4 from its own address,
            // as it does the IPv4 connections it forwards.
            guard
                let nat = routeTarget(route, in: network.natGateways, table: table, subnet: subnet, trace: &trace)
            else { return }
            let address = IPv4Address(UInt32(truncatingIfNeeded: destination.block.address.low))
            let exact = AddressSet(address)
            let owner = AddressSet.publicInternet.contains(address) ? publicOwner(of: address) : nil
            notes.append(
                "\(destination.label) is in NAT64's prefix 64:ff9b::/96: \(nat.id) translates it to \(address) and connects there over IPv4."
            )
            throughNAT(
                nat, leg: Routing.Leg(addresses: exact, route: route), from: subnet, context,
                destination: PublicDestination(
                    label: "\(address) (\(destination.label))", addresses: exact, prefixLists: [], owner: owner),
                sourceIPv6: source, trace: &trace, notes: &notes)
        default:
            blockNotAnalyzed(route, table: table, from: subnet, context, trace: &trace)
        }
    }

    /// A VPC that holds an IPv6 destination and the peering or transit gateway that joins it to
    /// the function's VPC: where a missing IPv6 route should lead.
    struct JoinedWay: Sendable, Hashable {
        var vpc: String
        /// The VPC's IPv6 block that holds the destination, which the route is for.
        var block: String
        /// The `pcx-` or `tgw-`.
        var target: String
    }

    /// The VPC, other than the function's, whose IPv6 block holds `block` and that a peering of
    /// the function's VPC (first) or a transit gateway both are attached to joins to it; nil
    /// when none does (the smallest IDs first, for VPCs that repeat a unique-local block).
    func joinedWay6(to block: IPv6CIDR, from subnet: Subnet) -> JoinedWay? {
        func holding(_ vpcId: String) -> String? {
            network.vpcs[vpcId]?.ipv6Cidrs.lazy.compactMap(IPv6CIDR.init).first { $0.contains(block) }?.description
        }
        for peering in network.peerings(ofVPC: subnet.vpcId).sorted(by: { $0.id < $1.id }) {
            guard let peer = peering.peer(of: subnet.vpcId), let held = holding(peer.vpcId) else { continue }
            return JoinedWay(vpc: peer.vpcId, block: held, target: peering.id)
        }
        for vpcId in vpcsAcrossTransitGateways(from: subnet.vpcId) {
            guard let held = holding(vpcId) else { continue }
            let gateways = Set(
                (network.transitGatewayAttachmentsByVPC[vpcId] ?? []).compactMap {
                    network.transitGatewayAttachments[$0]?.transitGatewayId
                })
            guard
                let gateway = (network.transitGatewayAttachmentsByVPC[subnet.vpcId] ?? []).compactMap({
                    network.transitGatewayAttachments[$0]?.transitGatewayId
                }).filter(gateways.contains).min()
            else { continue }
            return JoinedWay(vpc: vpcId, block: held, target: gateway)
        }
        return nil
    }

    /// The function's outbound rules (their union) for IPv6 traffic to `block`: the first rule
    /// that allows all of it (an IPv6 range or prefix-list entry that contains it, or a
    /// reference to one of `remoteGroups`, the destination's, in the group's own region: a
    /// reference does not cross regions), and how many rules the groups have.
    func egressRule6(_ context: Context, to block: IPv6CIDR, remoteGroups: Set<String>) -> (
        rule: (group: String, rule: SecurityGroupRule)?, ruleCount: Int
    ) {
        var allowedBy: (group: String, rule: SecurityGroupRule)?
        var ruleCount = 0
        for group in context.groups {
            let rules = Filters.effectiveRules(of: group, egress: true)
            ruleCount += rules.count
            for rule in rules
            where allowedBy == nil && rule.ipProtocol.matches(context.ipProtocol)
                && Filters.portMatches(rule, context.ipProtocol, context.port)
            {
                let covers: Bool
                switch rule.peer {
                case .ipv6(let text): covers = IPv6CIDR(text)?.contains(block) ?? false
                case .group(let id):
                    let region = network.securityGroups[id]?.region ?? ""
                    covers =
                        remoteGroups.contains(id) && (region.isEmpty || group.region.isEmpty || region == group.region)
                case .prefixList(let id):
                    covers = network.prefixLists[id]?.ipv6Cidrs.contains { $0.contains(block) } ?? false
                case .cidr: covers = false
                }
                if covers { allowedBy = (group.id, rule) }
            }
        }
        return (allowedBy, ruleCount)
    }

    /// The network interface of `vpcId` that holds the IPv6 address `block` (a /128), if the
    /// inventory has it: the VPC the route leads to decides (unique-local blocks may repeat).
    func interface6(at block: IPv6CIDR, inVPC vpcId: String) -> NetworkInterface? {
        guard block.prefixLength == 128 else { return nil }
        return network.networkInterfaces.values.sorted { $0.id < $1.id }.first {
            $0.vpcId == vpcId && $0.ipv6Addresses.contains(block.address)
        }
    }

    /// The subnet of `vpcId` whose IPv6 block holds `destination`, where a peering or a transit
    /// gateway leads it; nil, with the blocker, when none does.
    func arrivalSubnet6(_ destination: IPv6Destination, inVPC vpcId: String, trace: inout Trace) -> Subnet? {
        let placed = network.subnets(inVPC: vpcId).sorted { $0.id < $1.id }.first {
            $0.ipv6Cidrs.compactMap(IPv6CIDR.init).contains { $0.contains(destination.block) }
        }
        if placed == nil {
            trace.block(Explain.noSubnetHolds(destination.label, vpcId: vpcId, network: network, ipv6: true))
        }
        return placed
    }

    /// Where `destination`, beyond the peer VPC's IPv6 blocks, is: in the peer VPC all the same
    /// (a block the peering does not list), in a third VPC of the inventory, or, for a global
    /// unicast address in none, on the internet (nil), which the function's VPC reaches through
    /// its own egress-only or internet gateway.
    func placeBeyondPeering(_ destination: IPv6Destination, peering: PeeringConnection, from subnet: Subnet)
        -> Explain.PeeringNotTransitive.PrivatePlace?
    {
        let holders = network.vpcs.values.filter { vpc in
            vpc.ipv6Cidrs.compactMap(IPv6CIDR.init).contains { $0.contains(destination.block) }
        }.map(\.id).sorted()
        if holders.contains(peering.peer(of: subnet.vpcId)?.vpcId ?? "") { return .outsidePeeringCIDRs }
        if !holders.isEmpty { return .otherVPC(holders.count == 1 ? holders[0] : nil) }
        return Self.specialUse(destination.block) == nil ? nil : .otherVPC(nil)
    }

    /// The end of an IPv6 path at `destination` in `placed`: `held`, the interface that holds
    /// the address (nil: none in the inventory), which may accept no connection at all, and its
    /// security groups, which must admit the function's `source` block or one of its groups.
    /// `across`: the transit gateway crossed to get there, with whether security-group references
    /// count across it (referencing on for it and both attachments).
    func reach6(
        _ held: NetworkInterface?, in placed: Subnet, from subnet: Subnet, destination: IPv6Destination,
        source: IPv6CIDR, _ context: Context, across: (gateway: TransitGateway, referencing: Bool)? = nil,
        trace: inout Trace, notes: inout [String]
    ) {
        guard let eni = held else {
            notes.append(
                "No network interface with address \(destination.block.address) is in the inventory: the destination's security groups were not checked."
            )
            trace.hop(.unlistedAddress6(address: destination.label, subnet: placed.id))
            return
        }
        // A Lambda function's or NAT gateway's interface accepts no connection, over IPv6 as
        // over IPv4.
        if let refusal = Explain.acceptsNoConnections(eni, address: destination.block.address.description) {
            trace.block(refusal)
        }
        if let note = Explain.loadBalancerNote(eni, address: destination.label, port: context.port) {
            notes.append(note)
        }
        checkIngress6(
            eni, source: source, context, across: across.map { ($0.gateway, $0.referencing, subnet) }, trace: &trace)
        trace.hop(.networkInterface6(id: eni.id, address: destination.block.address.description))
    }

    /// The attachments an IPv6 path crossed whose IPv6 support is not on: their network
    /// interfaces have no IPv6 address and their VPCs' IPv6 CIDRs do not propagate, and the
    /// setting "does not filter IPv6 traffic" (CreateTransitGatewayVpcAttachmentRequestOptions),
    /// so the static routes that carried it still do. AWS's IPv6 guidance gives attachments
    /// IPv6 addresses: a note with the command, not a blocker.
    func noteIPv6Support(_ attachments: [TransitGatewayAttachment], gateway: String, notes: inout [String]) {
        for attachment in attachments where attachment.ipv6Support != true {
            notes.append(
                "Transit gateway attachment \(attachment.id) (\(attachment.vpcId ?? attachment.resourceId ?? "")) has IPv6 support \(attachment.ipv6Support == nil ? "not in the export (AWS's default is disable)" : "disabled"): its network interfaces have no IPv6 address and \(attachment.vpcId ?? "its VPC")'s IPv6 CIDRs do not propagate into \(gateway)'s route tables, but AWS says the setting does not filter IPv6 traffic, so the routes this path takes carry it. AWS's IPv6 guidance has attachments' interfaces hold IPv6 addresses: aws ec2 modify-transit-gateway-vpc-attachment --transit-gateway-attachment-id \(attachment.id) --options Ipv6Support=enable"
            )
        }
    }

    /// The route `table` takes for `block`: the longest IPv6 prefix whose block contains it (a
    /// prefix list's IPv6 entry counts as its block; a CIDR route wins a tie with it); IPv4
    /// routes play no part.
    func ipv6Route(in table: RouteTable, for block: IPv6CIDR) -> Route? {
        table.routes.compactMap { route -> (Int, Route)? in
            switch route.destination {
            case .ipv6(let text):
                guard let routed = IPv6CIDR(text), routed.contains(block) else { return nil }
                return (2 * routed.prefixLength + 1, route)
            case .prefixList(let id):
                let blocks = network.prefixLists[id]?.ipv6Cidrs.filter { $0.contains(block) } ?? []
                guard let longest = blocks.map(\.prefixLength).max() else { return nil }
                return (2 * longest, route)
            case .cidr:
                return nil
            }
        }.max { $0.0 < $1.0 }?.1
    }

    /// The special-use range `block` falls in, when it is not a global unicast address the
    /// internet routes (RFC 4291, RFC 6890): nil for one it does.
    static func specialUse(_ block: IPv6CIDR) -> String? {
        if !IPv6CIDR.globalUnicast.contains(block) {
            for (text, name) in [
                ("64:ff9b::/96", "NAT64's well-known prefix, which a route to a NAT gateway translates"),
                ("fe80::/10", "link-local"), ("fc00::/7", "unique local"), ("ff00::/8", "multicast"),
                ("::1/128", "loopback"),
            ] where IPv6CIDR(text)?.contains(block) ?? false {
                return "\(text), \(name)"
            }
            return "outside 2000::/3, the global unicast range"
        }
        if IPv6CIDR("2001:db8::/32")?.contains(block) ?? false { return "2001:db8::/32, reserved for documentation" }
        return nil
    }

    /// The network ACL of `subnet`, where a connection from `source` arrives: the requests in on
    /// the port asked, the replies out on the ephemeral ports.
    func checkArrivalACL6(
        at subnet: Subnet, from source: IPv6CIDR, sourceLabel: String, _ context: Context, trace: inout Trace,
        notes: inout [String]
    ) {
        guard let acl = network.networkACL(forSubnet: subnet.id) else { return }
        checkACL6(
            acl, subnet: subnet, outbound: false, remote: source, remoteLabel: sourceLabel,
            ports: PortRange(context.port), context, trace: &trace, notes: &notes)
        checkACL6(
            acl, subnet: subnet, outbound: true, remote: source, remoteLabel: sourceLabel, ports: .ephemeral, context,
            trace: &trace, notes: &notes)
    }

    /// `atLarge`: `remote` is the IPv6 internet at large (see `Filters.acl6`); the entries that
    /// deny narrower parts of it are notes.
    func checkACL6(
        _ acl: NetworkACL, subnet: Subnet, outbound: Bool, remote: IPv6CIDR, remoteLabel: String, ports: PortRange,
        _ context: Context, atLarge: Bool = false, trace: inout Trace, notes: inout [String]
    ) {
        let entries = outbound ? acl.outbound : acl.inbound
        let decision = Filters.withFewPortDenies(
            entries: entries, ipProtocol: context.ipProtocol, ports: ports, family: { $0.ipv6Cidr != nil },
            touches: { entry in
                entry.ipv6Cidr.map { $0.contains(remote.address) || remote.contains($0.address) } ?? false
            }
        ) { entries in
            Filters.acl6(
                entries: entries, ipProtocol: context.ipProtocol, remote: remote, ports: ports, atLarge: atLarge)
        }
        for entry in decision.exceptions6 {
            notes.append(
                "Network ACL \(acl.id) of \(subnet.id) denies \(outbound ? "traffic to" : "replies from") \(entry.ipv6Cidr?.description ?? "") (entry \(entry.summary)): those addresses are not the IPv6 internet at large, and \(remoteLabel) is judged by the entries the rest meets. Ask for one of them with --to ip:[\(entry.ipv6Cidr?.address.description ?? "")] to see its own path."
            )
        }
        record(decision, of: acl, outbound: outbound, remoteLabel: remoteLabel, ports: ports, context, trace: &trace) {
            ExplainIPv6.aclRestriction(
                acl, subnet: subnet, outbound: outbound, remote: remote, remoteLabel: remoteLabel, ports: ports,
                denying: decision.denying, context: context)
        }
    }

    /// The last part of an IPv6 path over the internet to an address of another VPC of the
    /// inventory (its internet gateway lets it in; IPv6 has no NAT, so the source is the
    /// function's own address): that subnet's network ACL both ways, the destination's security
    /// groups (by CIDR or prefix list: a reference to the function's group means nothing from
    /// the internet), and its route back to the function's block through a gateway of its VPC.
    /// `eni`: the network interface that holds the address, if the inventory has it.
    func arrive6(
        at owner: Subnet, eni: NetworkInterface?, destination: IPv6Destination, source: IPv6CIDR, from subnet: Subnet,
        _ context: Context, trace: inout Trace, notes: inout [String]
    ) {
        // The connection comes into the owner's subnet from the internet through its VPC's
        // internet gateway: VPC Block Public Access drops it unless that subnet is off or
        // excluded with allow-bidirectional.
        let bpa = network.blockPublicAccess(of: owner)
        if bpa.blocksInternetGatewayTraffic {
            trace.block(
                Explain.blockedByBlockPublicAccess(
                    bpa,
                    .inbound(
                        owner: destination.label, gateway: network.internetGateways(attachedTo: owner.vpcId).first?.id))
            )
        } else if bpa.source == .notExported {
            notes.append(Explain.blockPublicAccessNotExported(bpa))
        }
        if eni == nil, let nothing = nothingBehind(destination.label, in: owner) {
            trace.block(nothing)
            return
        }
        checkArrivalACL6(at: owner, from: source, sourceLabel: subnet.id, context, trace: &trace, notes: &notes)
        if let eni {
            if let refusal = Explain.acceptsNoConnections(eni, address: destination.block.address.description) {
                trace.block(refusal)
            }
            if let note = Explain.loadBalancerNote(eni, address: destination.label, port: context.port) {
                notes.append(note)
            }
            checkIngress6(eni, source: source, context, throughInternet: true, trace: &trace)
            trace.hop(.networkInterface6(id: eni.id, address: destination.block.address.description))
        } else {
            notes.append(
                "No network interface with address \(destination.block.address) is in the inventory: the destination's security groups were not checked."
            )
            trace.hop(.unlistedAddress6(address: destination.label, subnet: owner.id))
        }
        // The replies leave the owner's subnet by its route table: an IPv6 route that covers
        // the function's block, to a gateway of the owner's VPC.
        guard let table = network.routeTable(forSubnet: owner.id) else {
            trace.block(Explain.noRouteTable(owner))
            return
        }
        let back = ipv6Route(in: table, for: source)
        // The gateway the route names, attached to the owner's VPC.
        func attached(_ route: Route) -> Bool {
            guard let id = route.targetId else { return false }
            let vpcs =
                route.targetKind == .igw
                ? network.internetGateways[id]?.attachedVPCs : network.egressOnlyInternetGateways[id]?.attachedVPCs
            return vpcs?.contains(owner.vpcId) == true
        }
        guard let back, !back.isBlackhole, back.targetKind == .igw || back.targetKind == .eigw, attached(back) else {
            trace.block(
                ExplainIPv6.noRoute(
                    table: table, subnet: owner,
                    destination: IPv6Destination(label: "\(subnet.id)'s \(source)", block: source), network: network,
                    answersInternet: true))
            return
        }
        trace.hop(.returnRoute(table: table.id, route: back, subnet: owner.id))
    }

    /// `throughInternet`: the connection comes from the internet, where a reference to the
    /// function's group admits nothing. `across`: the transit gateway the connection crossed,
    /// where a reference admits only with security-group referencing on (for it and both
    /// attachments). A reference counts within one region only (not across an inter-Region
    /// peering), as for IPv4.
    func checkIngress6(
        _ eni: NetworkInterface, source: IPv6CIDR, _ context: Context, throughInternet: Bool = false,
        across: (gateway: TransitGateway, referencing: Bool, from: Subnet)? = nil, trace: inout Trace
    ) {
        let groups = eni.securityGroupIds.compactMap { network.securityGroups[$0] }
        guard !groups.isEmpty else { return }
        let functionGroups = throughInternet ? [] : Set(context.function.securityGroupIds)
        let functionRegion = context.groups.first?.region ?? ""
        // The first group whose reference would admit the function, were references to count
        // across the transit gateway.
        var referenceOnly: SecurityGroup?
        for group in groups {
            for rule in Filters.effectiveRules(of: group, egress: false)
            where rule.ipProtocol.matches(context.ipProtocol)
                && Filters.portMatches(rule, context.ipProtocol, context.port)
            {
                let admits: Bool
                switch rule.peer {
                case .ipv6(let text): admits = IPv6CIDR(text)?.contains(source) ?? false
                case .group(let id):
                    let sameRegion = functionRegion.isEmpty || group.region.isEmpty || group.region == functionRegion
                    admits = functionGroups.contains(id) && sameRegion && across?.referencing != false
                    if functionGroups.contains(id) && sameRegion && !admits && referenceOnly == nil {
                        referenceOnly = group
                    }
                // A prefix list admits its IPv6 entries in an IPv6 rule.
                case .prefixList(let id):
                    admits = network.prefixLists[id]?.ipv6Cidrs.contains { $0.contains(source) } ?? false
                default: admits = false
                }
                if admits {
                    trace.hop(.securityGroupRule(group: group.id, direction: .ingress, rule: rule))
                    return
                }
            }
        }
        if let across, let group = referenceOnly {
            trace.block(
                ExplainTGW.ingressReference(
                    group: group, subnet: across.from, context: context, destinationLabel: eni.id,
                    gateway: across.gateway,
                    network: network, ipv6Source: source))
            return
        }
        trace.block(
            Blocker(
                code: .eniSecurityGroupRulesMismatch, component: groups[0].id,
                reason: ExplainIPv6.Problem.ingressMismatch(
                    eni: eni.id, group: groups[0].id, source: source, traffic: context.traffic,
                    throughInternet: throughInternet,
                    referencesOffAcross: across?.referencing == false ? across?.gateway.id : nil)))
    }
}

extension Subnet {
    /// Why `block`, one of the subnet's IPv6 blocks, is private (not advertised on the
    /// internet): describe-subnets marks it `Ipv6AddressAttribute: private` (IPAM's private GUA
    /// space), or it is unique-local (fc00::/7) or otherwise outside 2000::/3. Nil for a public
    /// block, and for one whose range is not known yet (a planned block).
    func whyPrivate(ipv6Block block: String) -> String? {
        if privateIPv6Cidrs.contains(block) {
            return "its Ipv6AddressAttribute is private (IPAM's private GUA space)"
        }
        guard let known = IPv6CIDR(block), !IPv6CIDR.globalUnicast.contains(known) else { return nil }
        return IPv6CIDR("fc00::/7")!.contains(known)
            ? "it is unique-local (fc00::/7)" : "it is outside 2000::/3, the global unicast range"
    }
}

extension Filters {
    /// First-match NACL evaluation for IPv6 traffic to or from the block `remote` on `ports`.
    /// An entry decides only for the ports it covers, and only when its IPv6 block contains the
    /// whole remote block; an allow that covers part of the block does not count, a deny that
    /// touches any of it blocks.
    ///
    /// `atLarge` (the IPv6 internet at large, `internet6`): as `aclAtLarge` judges IPv4's, by
    /// the entries whose block contains it all; a deny of a narrower block (a blocklisted
    /// range) is an exception (`ACLDecision.exceptions6`), not a blocker whose fix would allow
    /// what it denies on purpose.
    static func acl6(
        entries: [NetworkACLEntry], ipProtocol: IPProtocol, remote: IPv6CIDR, ports: PortRange, atLarge: Bool = false
    ) -> ACLDecision {
        var exceptions: [NetworkACLEntry] = []
        var remaining: [PortRange] = [ipProtocol.hasPorts ? ports : .all]
        var allowing: [NetworkACLEntry] = []
        for entry in entries where entry.ipProtocol.matches(ipProtocol) {
            guard let block = entry.ipv6Cidr else { continue }
            let overlaps = block.contains(remote.address) || remote.contains(block.address)
            guard overlaps else { continue }
            let entryPorts = entry.ipProtocol.hasPorts && ipProtocol.hasPorts ? entry.ports : PortRange.all
            guard remaining.contains(where: { $0.overlaps(entryPorts) }) else { continue }
            if atLarge && !block.contains(remote) {
                if !entry.allow { exceptions.append(entry) }
                continue
            }
            if !entry.allow { return ACLDecision(allowed: false, allowing: allowing, denying: entry) }
            guard block.contains(remote) else { continue }
            allowing.append(entry)
            remaining = remaining.flatMap { range -> [PortRange] in
                guard range.overlaps(entryPorts) else { return [range] }
                var pieces: [PortRange] = []
                if range.from < entryPorts.from { pieces.append(PortRange(range.from, entryPorts.from - 1)) }
                if range.to > entryPorts.to { pieces.append(PortRange(entryPorts.to + 1, range.to)) }
                return pieces
            }
            if remaining.isEmpty {
                return ACLDecision(allowed: true, allowing: allowing, denying: nil, exceptions6: exceptions)
            }
        }
        return ACLDecision(allowed: false, allowing: allowing, denying: nil)
    }
}

/// The words of IPv6 blockers, and their commands (quoted, as `ShellCommand` does).
enum ExplainIPv6 {
    /// What keeps IPv6 traffic from getting through, with the facts its fix names.
    enum Problem: BlockerReason {
        case notAllowed
        case subnetWithoutIPv6(Subnet)
        case subnetIPv6Only(Subnet)
        case egressMismatch(group: String, noRules: Bool, traffic: Explain.Traffic, label: String, cidr: String)
        /// `throughInternet`: the connection comes over the internet, where only an IPv6 block
        /// admits it. `referencesOffAcross`: the transit gateway the connection crossed with
        /// security-group referencing off, where only an IPv6 block admits it too.
        case ingressMismatch(
            eni: String, group: String, source: IPv6CIDR, traffic: Explain.Traffic, throughInternet: Bool = false,
            referencesOffAcross: String? = nil)
        case aclRestriction(ACLRestriction)
        /// `gateway`: an egress-only internet gateway attached to the VPC, if there is one.
        /// `inbound`: the internet gateway a connection from the internet came in by, whose
        /// replies go back the same way (a server's table), else nil (the function's own table).
        /// `joined`: the VPC that holds the address, joined to the function's by a peering or a
        /// transit gateway, which the route should lead to.
        case noRoute(
            table: String, subnet: Subnet, label: String, gateway: String?, inbound: String? = nil,
            joined: Solver.JoinedWay? = nil)
        /// A special-use address (`range`, with its name) whose route goes to the internet.
        case notGlobal(label: String, range: String, table: String, subnet: String)
        /// An address of `owner`'s VPC, which has no internet gateway to let it in.
        case ownerWithoutInternetGateway(label: String, owner: Subnet, from: String, peering: String?)
        /// The function's subnet's IPv6 block is private (`why`), and the route goes to an
        /// internet or egress-only gateway. `publicSubnets`: the VPC's other subnets with a
        /// public IPv6 block, where the function could go.
        case privateSource(
            subnet: Subnet, block: String, why: String, gateway: String, label: String, publicSubnets: [String])

        func combined(with other: any BlockerReason) -> (any BlockerReason)? {
            guard case .aclRestriction(let restriction) = self else {
                return differsBySubnet ? JoinedFacts.joining(self, other) : nil
            }
            return ACLRestrictions(parts: [restriction]).combined(with: other)
        }

        /// The fix admits the subnet's IPv6 block (over the internet, or across a transit
        /// gateway whose security-group referencing is off), or gives the subnet a public one.
        var differsBySubnet: Bool {
            switch self {
            case .ingressMismatch(_, _, _, _, let throughInternet, let referencesOffAcross):
                return throughInternet || referencesOffAcross != nil
            case .privateSource(_, _, _, _, _, let publicSubnets): return publicSubnets.isEmpty
            default: return false
            }
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            switch self {
            case .notAllowed:
                return BlockerWords(
                    message:
                        "\(function.name) does not send IPv6 traffic: Lambda allows outbound IPv6 only for functions in a VPC whose VpcConfig sets Ipv6AllowedForDualStack, in dual-stack subnets.",
                    fix: Shell.line(
                        "aws lambda update-function-configuration --function-name \(function.name) --vpc-config \(Explain.vpcConfig(subnets: function.subnetIds, groups: function.securityGroupIds)),Ipv6AllowedForDualStack=true"
                    ))
            case .subnetIPv6Only(let subnet):
                return BlockerWords(
                    message:
                        "\(subnet.id) is IPv6-only (no IPv4 block): the function's ENI there has no IPv4 address, and Lambda does not support outbound IPv6 connections from IPv6-only subnets (only from dual-stack ones, which have both), so nothing the function sends leaves it.",
                    fix: Shell.line(
                        "aws lambda update-function-configuration --function-name \(function.name) --vpc-config SubnetIds=<dual-stack subnets of \(subnet.vpcId)>,SecurityGroupIds=\(list: function.securityGroupIds, separator: ",")"
                    ))
            case .subnetWithoutIPv6(let subnet):
                return BlockerWords(
                    message:
                        "\(subnet.id) has no IPv6 block, so the function's ENI there has no IPv6 address and sends no IPv6 traffic.",
                    fix: Shell.line(
                        "aws ec2 associate-subnet-cidr-block --subnet-id \(subnet.id) --ipv6-cidr-block <a /64 of \(subnet.vpcId)'s IPv6 block>"
                    ))
            case .egressMismatch(let groupId, _, let traffic, let label, let cidr):
                return BlockerWords(
                    message:
                        "No outbound rule of the function's security groups (\(function.securityGroupIds.joined(separator: ", "))) allows \(traffic.ipProtocol) port \(traffic.port) to \(label) over IPv6: IPv4 rules such as 0.0.0.0/0 do not match IPv6 traffic; an IPv6 rule (::/0) is needed.",
                    fix: Shell.line(
                        "aws ec2 authorize-security-group-egress --group-id \(groupId) --ip-permissions \(Explain.ipPermissions(traffic, peer: "Ipv6Ranges=[{CidrIpv6=\(cidr)}]"))"
                    ))
            case .ingressMismatch(let eni, let group, let source, let traffic, false, let gateway?):
                return BlockerWords(
                    message:
                        "No inbound rule of \(eni)'s security groups admits \(traffic.ipProtocol) port \(traffic.port) over IPv6 from the function's subnet's \(source). The connection crosses transit gateway \(gateway), where security-group referencing is off, so only an IPv6 block admits it, not a reference to the function's group.",
                    fix: Shell.line(
                        "aws ec2 authorize-security-group-ingress --group-id \(group) --ip-permissions \(Explain.ipPermissions(traffic, peer: "Ipv6Ranges=[{CidrIpv6=\(source)}]"))"
                    ))
            case .ingressMismatch(let eni, let group, let source, let traffic, true, _):
                return BlockerWords(
                    message:
                        "No inbound rule of \(eni)'s security groups admits \(traffic.ipProtocol) port \(traffic.port) over IPv6 from the function's subnet's \(source). The connection comes over the internet (IPv6 has no NAT: from the function's own address), so only an IPv6 block admits it, not a reference to the function's group.",
                    fix: Shell.line(
                        "aws ec2 authorize-security-group-ingress --group-id \(group) --ip-permissions \(Explain.ipPermissions(traffic, peer: "Ipv6Ranges=[{CidrIpv6=\(source)}]"))"
                    ))
            case .ingressMismatch(let eni, let group, let source, let traffic, false, nil):
                return BlockerWords(
                    message:
                        "No inbound rule of \(eni)'s security groups admits \(traffic.ipProtocol) port \(traffic.port) over IPv6 from the function: neither a reference to one of its groups nor an IPv6 block covering its subnet's \(source).",
                    fix: Shell.line(
                        "aws ec2 authorize-security-group-ingress --group-id \(group) --ip-permissions \(Explain.ipPermissions(traffic, peer: "UserIdGroupPairs=[{GroupId=\(function.securityGroupIds.first ?? "<the function's group>")}]"))"
                    ))
            case .aclRestriction(let restriction):
                var taken: Set<Int> = []
                return restriction.words(taken: &taken)
            case .noRoute(let table, let subnet, let label, _, let inbound?, _):
                // A server answering the internet: its replies leave by the internet gateway the
                // connection came in by; an egress-only gateway is for connections it opens.
                return BlockerWords(
                    message:
                        "Route table \(table) (used by \(subnet.id)) has no IPv6 route for \(label): the connection came in from the internet through \(inbound), and its replies need a route back to the internet, ::/0 to that internet gateway. IPv6 routes are evaluated apart from IPv4 ones.",
                    fix: Shell.line(
                        "aws ec2 create-route --route-table-id \(table) --destination-ipv6-cidr-block ::/0 --gateway-id \(inbound)"
                    ))
            case .noRoute(let table, let subnet, let label, _, nil, let joined?):
                return BlockerWords(
                    message:
                        "Route table \(table) (used by \(subnet.id)) has no IPv6 route for \(label), an address of \(joined.vpc), which \(joined.target) joins to \(subnet.vpcId). IPv6 routes are evaluated apart from IPv4 ones: a route for \(joined.vpc)'s IPv4 CIDR does not carry IPv6; a route for its IPv6 block \(joined.block) to \(joined.target) does (and \(joined.vpc)'s tables need one back to \(subnet.vpcId)'s).",
                    fix: Shell.line(
                        "aws ec2 create-route --route-table-id \(table) --destination-ipv6-cidr-block \(joined.block) \(raw: joined.target.hasPrefix("pcx-") ? "--vpc-peering-connection-id" : "--transit-gateway-id") \(joined.target)"
                    ))
            case .noRoute(let table, let subnet, let label, let gateway, nil, nil):
                let fix: ShellCommand =
                    gateway.map {
                        "aws ec2 create-route --route-table-id \(table) --destination-ipv6-cidr-block ::/0 --egress-only-internet-gateway-id \($0)"
                    }
                    ?? "eigw=$(aws ec2 create-egress-only-internet-gateway --vpc-id \(subnet.vpcId) --query EgressOnlyInternetGateway.EgressOnlyInternetGatewayId --output text)\naws ec2 create-route --route-table-id \(table) --destination-ipv6-cidr-block ::/0 --egress-only-internet-gateway-id \"$eigw\""
                return BlockerWords(
                    message:
                        "Route table \(table) (used by \(subnet.id)) has no IPv6 route for \(label). IPv6 routes are evaluated apart from IPv4 ones: a 0.0.0.0/0 route to a NAT gateway does not carry IPv6; ::/0 to an egress-only internet gateway does.",
                    fix: fix.text)
            case .notGlobal(let label, let range, let table, let subnet):
                return BlockerWords(
                    message:
                        "\(label) is a special-use IPv6 address (\(range)), and the only route for it in \(table) (used by \(subnet)) leads to the internet, which routes global unicast addresses only: the traffic is dropped. Such an address is reached through the network that owns it (a peering, a transit gateway, a VPN), or with NAT64 through a route for 64:ff9b::/96 to a NAT gateway.",
                    fix: Shell.line(
                        "aws ec2 describe-route-tables --route-table-ids \(table)   # add a route for \(note: label) to the network that holds it"
                    ))
            case .privateSource(let subnet, let block, let why, let gateway, let label, let publicSubnets):
                let fix: ShellCommand =
                    publicSubnets.isEmpty
                    ? "# a subnet has one IPv6 block: replace \(subnet.id)'s with a public one, a /64 of an Amazon-provided block of \(subnet.vpcId) (aws ec2 associate-vpc-cidr-block --vpc-id \(subnet.vpcId) --amazon-provided-ipv6-cidr-block gives the VPC one)\naws ec2 disassociate-subnet-cidr-block --association-id <\(subnet.id)'s IPv6 association ID>\naws ec2 associate-subnet-cidr-block --subnet-id \(subnet.id) --ipv6-cidr-block <a /64 of \(subnet.vpcId)'s public IPv6 block>"
                    : "aws lambda update-function-configuration --function-name \(function.name) --vpc-config \(Explain.vpcConfig(subnets: publicSubnets, groups: function.securityGroupIds)),Ipv6AllowedForDualStack=true   # subnets of \(subnet.vpcId) with a public IPv6 block"
                return BlockerWords(
                    message:
                        "\(subnet.id)'s IPv6 block \(block) is private: \(why). AWS does not advertise private IPv6 addresses on the internet, so the function's address there cannot use \(gateway) to reach \(label): nothing from the internet comes back to it. A function reaches the internet over IPv6 only from a subnet with a public IPv6 block (Amazon-provided, or your own advertised one); from this one, it reaches the internet over IPv4, through a NAT gateway (by name, or with DNS64 and NAT64).",
                    fix: fix.text)
            case .ownerWithoutInternetGateway(let label, let owner, let from, let peering):
                let fix: ShellCommand =
                    peering.map {
                        "# \(owner.vpcId) is peered already: route its IPv6 block to \($0) in the function's table, and the function's IPv6 block back in \(owner.vpcId)'s\naws ec2 create-route --route-table-id <the function's route table> --destination-ipv6-cidr-block <\(owner.vpcId)'s IPv6 block> --vpc-peering-connection-id \($0)"
                    }
                    ?? "aws ec2 create-vpc-peering-connection --vpc-id \(from) --peer-vpc-id \(owner.vpcId)   # then route its IPv6 block to the peering in both VPCs' tables"
                return BlockerWords(
                    message:
                        "\(label) is an address of \(owner.id) in \(owner.vpcId), reached here over the internet (IPv6 addresses are public), but \(owner.vpcId) has no internet gateway: nothing from the internet enters it. A VPC's addresses are reached from another VPC through a peering or a transit gateway.",
                    fix: fix.text)
            }
        }
    }

    /// A network ACL of a subnet on the path that has no IPv6 entry for the traffic one way.
    struct ACLRestriction: Hashable, Sendable {
        var acl: NetworkACL
        var subnet: String
        var outbound: Bool
        var remote: IPv6CIDR
        var remoteLabel: String
        var ports: PortRange
        var denying: NetworkACLEntry?
        var ipProtocol: IPProtocol

        /// The words, with the new entry numbered apart from `taken` (the numbers other entries
        /// of the same fix, in this direction, already use), which it joins.
        func words(taken: inout Set<Int>) -> BlockerWords {
            let entries = outbound ? acl.outbound : acl.inbound
            let used = Set(entries.map(\.ruleNumber)).union(taken)
            var number = Explain.freeRuleNumber(before: denying?.ruleNumber, used: used, entries: entries)
            if number == nil, let denying, taken.contains(denying.ruleNumber) {
                // An earlier entry of this fix replaced the denying one: this one follows the last.
                number = Explain.freeRuleNumber(before: nil, used: used, entries: entries)
            }
            let ruleNumber = number ?? denying?.ruleNumber ?? 32766
            taken.insert(ruleNumber)
            let cidr = remote.prefixLength <= 3 ? "::/0" : remote.description
            return BlockerWords(
                message:
                    "Network ACL \(acl.id) of \(subnet) blocks IPv6 \(outbound ? "outbound" : "inbound") \(ipProtocol) \(ports) \(outbound ? "to" : "from") \(remoteLabel): \(denying.map { "rule \($0.summary) denies it" } ?? "no IPv6 rule allows all of it, so the final implicit deny applies"). IPv4 entries do not match IPv6 traffic.",
                fix: Shell.line(
                    "aws ec2 \(raw: number == nil ? "replace-network-acl-entry" : "create-network-acl-entry") --network-acl-id \(acl.id) \(raw: outbound ? "--egress" : "--ingress") --rule-number \(ruleNumber) --protocol \(ipProtocol == .all ? "-1" : ipProtocol.description) --port-range From=\(ports.from),To=\(ports.to) --ipv6-cidr-block \(cidr) --rule-action allow"
                ))
        }
    }

    /// The IPv6 entries one network ACL lacks on one path (the requests one way, the replies
    /// the other: an ACL of IPv4 entries only lacks both): one blocker at the ACL, whose words
    /// say and fix each, every new entry with its own rule number.
    struct ACLRestrictions: BlockerReason {
        var parts: [ACLRestriction]

        func words(for function: FunctionIdentity) -> BlockerWords {
            var taken: [Bool: Set<Int>] = [:]
            return BlockerWords(joining: parts.map { $0.words(taken: &taken[$0.outbound, default: []]) })
        }

        func combined(with other: any BlockerReason) -> (any BlockerReason)? {
            let more = Self.restrictions(in: other)
            let added = more.filter { !parts.contains($0) }
            return added.isEmpty ? nil : ACLRestrictions(parts: parts + added)
        }

        /// The ACL restrictions `reason` holds: none when it is another kind of reason.
        static func restrictions(in reason: any BlockerReason) -> [ACLRestriction] {
            if case .aclRestriction(let one) = reason as? Problem { return [one] }
            return (reason as? ACLRestrictions)?.parts ?? []
        }
    }

    static func notAllowed(_ function: LambdaFunction) -> Blocker {
        Blocker(code: .ipv6NotAllowed, component: function.arn, reason: Problem.notAllowed)
    }

    static func subnetIPv6Only(_ subnet: Subnet) -> Blocker {
        Blocker(code: .subnetIPv6Only, component: subnet.id, reason: Problem.subnetIPv6Only(subnet))
    }

    static func subnetWithoutIPv6(_ subnet: Subnet) -> Blocker {
        Blocker(code: .subnetWithoutIPv6, component: subnet.id, reason: Problem.subnetWithoutIPv6(subnet))
    }

    static func egressMismatch(
        _ groupId: String, noRules: Bool, context: Solver.Context, destination: Solver.IPv6Destination
    ) -> Blocker {
        Blocker(
            code: noRules ? .securityGroupHasNoRules : .eniSecurityGroupRulesMismatch, component: groupId,
            reason: Problem.egressMismatch(
                group: groupId, noRules: noRules, traffic: context.traffic, label: destination.label,
                cidr: destination.block.prefixLength <= 3 ? "::/0" : destination.block.description))
    }

    static func aclRestriction(
        _ acl: NetworkACL, subnet: Subnet, outbound: Bool, remote: IPv6CIDR, remoteLabel: String, ports: PortRange,
        denying: NetworkACLEntry?, context: Solver.Context
    ) -> Blocker {
        Blocker(
            code: .subnetACLRestriction, component: acl.id,
            reason: Problem.aclRestriction(
                ACLRestriction(
                    acl: acl, subnet: subnet.id, outbound: outbound, remote: remote, remoteLabel: remoteLabel,
                    ports: ports, denying: denying, ipProtocol: context.ipProtocol)))
    }

    static func notGlobal(_ destination: Solver.IPv6Destination, range: String, table: RouteTable, subnet: Subnet)
        -> Blocker
    {
        Blocker(
            code: .noRouteToDestination, component: table.id,
            reason: Problem.notGlobal(label: destination.label, range: range, table: table.id, subnet: subnet.id))
    }

    static func privateSource(
        _ subnet: Subnet, block: String, why: String, gateway: String, destination: Solver.IPv6Destination,
        network: Network
    ) -> Blocker {
        let publicSubnets = network.subnets(inVPC: subnet.vpcId).filter { other in
            other.id != subnet.id && other.cidr != nil
                && other.ipv6Cidrs.contains { IPv6CIDR($0) != nil && other.whyPrivate(ipv6Block: $0) == nil }
        }.map(\.id).sorted()
        return Blocker(
            code: .igwPublicIPAssociationForEgress, component: gateway,
            reason: Problem.privateSource(
                subnet: subnet, block: block, why: why, gateway: gateway, label: destination.label,
                publicSubnets: publicSubnets))
    }

    static func ownerWithoutInternetGateway(
        _ destination: Solver.IPv6Destination, owner: Subnet, from: Subnet, network: Network
    ) -> Blocker {
        let peering = network.peerings(ofVPC: from.vpcId).first { $0.peer(of: from.vpcId)?.vpcId == owner.vpcId }
        return Blocker(
            code: .disconnectedVPCs, component: owner.vpcId,
            reason: Problem.ownerWithoutInternetGateway(
                label: destination.label, owner: owner, from: from.vpcId, peering: peering?.id))
    }

    /// `answersInternet`: the table is a server's, which a connection from the internet reached
    /// through its VPC's internet gateway.
    static func noRoute(
        table: RouteTable, subnet: Subnet, destination: Solver.IPv6Destination, network: Network,
        answersInternet: Bool = false, joined: Solver.JoinedWay? = nil
    ) -> Blocker {
        let gateway = network.egressOnlyInternetGateways.values.sorted { $0.id < $1.id }.first {
            $0.attachedVPCs.contains(subnet.vpcId)
        }
        let inbound = answersInternet ? network.internetGateways(attachedTo: subnet.vpcId).first?.id : nil
        return Blocker(
            code: .noRouteToDestination, component: table.id,
            reason: Problem.noRoute(
                table: table.id, subnet: subnet, label: destination.label, gateway: gateway?.id, inbound: inbound,
                joined: joined))
    }
}
