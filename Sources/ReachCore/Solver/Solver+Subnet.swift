extension Solver {
    // MARK: - From one subnet

    func fromSubnet(_ subnet: Subnet, _ context: Context, trace: inout Trace, notes: inout [String]) {
        trace.hop(.functionInterface(subnet: subnet.id, zone: subnet.availabilityZone, cidr: subnet.cidr))
        // An IPv6-only subnet gives the function's ENI no IPv4 address, and Lambda supports
        // outbound IPv6 only from dual-stack subnets: nothing leaves it, whatever the routes say.
        if subnet.cidr == nil, !subnet.ipv6Cidrs.isEmpty, context.target != .logs {
            trace.block(ExplainIPv6.subnetIPv6Only(subnet))
            return
        }
        switch context.target {
        case .logs:
            trace.hop(.lambdaService(.logsOutsideVPC))
        case .internet:
            publicDestination(
                subnet, context,
                destination: PublicDestination(label: "internet", addresses: .publicInternet, prefixLists: []),
                trace: &trace, notes: &notes)
        case .address(let address, _):
            addressDestination(subnet, context, address: address, trace: &trace, notes: &notes)
        case .internet6:
            ipv6Destination(
                subnet, context, destination: IPv6Destination(label: "internet6", block: .globalUnicast), trace: &trace,
                notes: &notes)
        case .address6(let address, _):
            ipv6Destination(
                subnet, context,
                destination: IPv6Destination(
                    label: address.description, block: IPv6CIDR(address: address, prefixLength: 128)),
                trace: &trace, notes: &notes)
        case .awsService(let service):
            resolveName(subnet, context, name: "\(service)'s endpoint name", trace: &trace, notes: &notes)
            noteDNS64(subnet, context, name: "\(service)'s endpoint name", notes: &notes)
            serviceDestination(subnet, context, service: service, trace: &trace, notes: &notes)
        case .database:
            guard let database = context.database else { return }
            resolveName(subnet, context, name: "the database's endpoint name", trace: &trace, notes: &notes)
            noteDNS64(subnet, context, name: "rds:\(database.identifier)'s endpoint name", notes: &notes)
            guard let view = resolveDatabaseName(subnet, context, database: database, trace: &trace, notes: &notes)
            else { return }
            databaseDestination(subnet, context, database: database, answeredBy: view, trace: &trace, notes: &notes)
            // A proxy hands the connection on over its own: that leg is checked too; a proxy's
            // endpoint hands it to the proxy.
            switch database.kind {
            case .proxy: proxyTargetLeg(database, context, trace: &trace, notes: &notes)
            case .proxyEndpoint: proxyEndpointLeg(database, context, trace: &trace, notes: &notes)
            case .instance, .cluster: break
            }
        }
        // Every subnet has a network ACL (its VPC's default, unless another is associated): with
        // none in the inventory, the ACLs were not exported, and were taken as allowing all.
        if context.target != .logs, network.networkACL(forSubnet: subnet.id) == nil {
            notes.append(
                "No network ACL of \(subnet.id) is in the inventory (`aws ec2 describe-network-acls` was not imported, or its VPC's default ACL is missing from it): network ACLs were taken as allowing everything on this path."
            )
        }
    }

    /// A function reaches an AWS service or a database by name, which the DNS servers of its
    /// VPC's DHCP options set resolve first (Lambda uses them, as an instance does).
    ///
    /// - The Amazon DNS server (the default, or a set that names it, by name or by its address:
    ///   `VPC.isAmazonDNSServer`): traffic to it is not filtered, and it answers only with the
    ///   VPC's enableDnsSupport on; off, no name resolves.
    /// - Servers of the account's own (a directory's, or on premises): the function's queries
    ///   (udp 53) are traffic like any other, walked as `ip:` is, from the function's groups
    ///   and subnet to the server's. The first server decides: the resolver asks it first and
    ///   waits (seconds, longer than Lambda's default timeout of 3) before it asks the next. A
    ///   server behind a component that is not analysed (a VPN) is a note, not a verdict. Whose
    ///   view it answers with is `dnsAnswerer(forVPC:)`'s: one in the VPC forwards to its
    ///   Amazon DNS server (taken so), one in another VPC answers with that VPC's Resolver, one
    ///   outside the inventory as public DNS does; the notes say which.
    /// - Not known (the set was not exported): the Amazon DNS server, every VPC's unless its
    ///   set names others; the blocker says the set was not exported.
    func resolveName(_ subnet: Subnet, _ context: Context, name: String, trace: inout Trace, notes: inout [String]) {
        guard let vpc = network.vpcs[subnet.vpcId] else { return }
        switch vpc.dnsServers {
        case .unknown(let options):
            if vpc.enableDnsSupport == false {
                trace.block(Explain.dnsSupportOff(vpc, optionsNotExported: options ?? ""))
            }
        case .amazon:
            if vpc.enableDnsSupport == false { trace.block(Explain.dnsSupportOff(vpc)) }
        case .none(let options):
            notes.append(
                "The DHCP options \(options) of \(vpc.id) name no DNS server (no domain-name-servers option): how the function resolves \(name) is not known, and lambda-reach took it as resolved. aws ec2 describe-dhcp-options --dhcp-options-ids \(options)"
            )
        case .custom(let options, let servers) where servers.allSatisfy(vpc.isAmazonDNSServer):
            // The Amazon DNS server only, by its name or its address: as the default set.
            noteAmazonDNSByAddress(vpc, options: options, servers: servers, notes: &notes)
            if vpc.enableDnsSupport == false { trace.block(Explain.dnsSupportOff(vpc)) }
        case .custom(let options, let servers) where vpc.isAmazonDNSServer(servers[0]):
            // The Amazon DNS server is asked first; the others only when it does not answer.
            noteAmazonDNSByAddress(vpc, options: options, servers: servers, notes: &notes)
            let others = servers.filter { !vpc.isAmazonDNSServer($0) }
            if vpc.enableDnsSupport == false {
                notes.append(
                    "\(vpc.id) has enableDnsSupport off, and its DHCP options \(options) name the Amazon DNS server first: every lookup of \(name) waits for it to time out (seconds, more than Lambda's default timeout of 3) before \(others.joined(separator: ", ")) is asked, whose path was not checked. \(Explain.enableDNSAttribute("enableDnsSupport", vpcId: vpc.id).text)"
                )
            }
        case .custom(let options, let servers):
            let first = servers[0]
            trace.hop(.dnsServers(options: options, servers: servers))
            let others = servers.count > 1 ? " (then \(servers.dropFirst().joined(separator: ", ")))" : ""
            switch dnsAnswerer(forVPC: vpc.id) {
            case .otherVPC(let other, _, let inbound?, _):
                notes.append(
                    "\(vpc.id)'s DHCP options \(options) send DNS queries to \(first)\(others), an address of Route 53 Resolver inbound endpoint \(inbound) in \(other): \(other)'s Resolver answers them, with its own private hosted zones, Resolver rules and interface endpoints' private DNS, not \(vpc.id)'s. The queries (udp 53) to the endpoint's network interfaces are filtered by security groups (the endpoint's must admit them), network ACLs and routes like any traffic."
                )
            case .otherVPC(let other, _, nil, _):
                // AWS: "Forwarding private DNS queries to any VPC CIDR + 2 address from
                // on-premises or other VPC DNS servers is not supported".
                notes.append(
                    "\(vpc.id)'s DHCP options \(options) send DNS queries to \(first)\(others), a DNS server in \(other), not to the Amazon DNS server: queries to it are filtered by security groups, network ACLs and routes like any traffic, and it answers with what \(other)'s Resolver knows (\(other)'s private hosted zones and interface endpoints' private DNS), never \(vpc.id)'s: AWS does not support forwarding to another VPC's Amazon DNS server (its base address + 2). For \(vpc.id)'s private names it would have to forward them to a Route 53 Resolver inbound endpoint in \(vpc.id)."
                )
            case .outside:
                notes.append(
                    "\(vpc.id)'s DHCP options \(options) send DNS queries to \(first)\(others), outside the VPCs of the inventory that \(vpc.id) is joined to (a public resolver, or one on premises), not to the Amazon DNS server: queries to it are filtered by security groups, network ACLs and routes like any traffic, and it answers as public DNS does: no private hosted zone, no interface endpoint's private DNS name, a publicly accessible database's public address. If it forwards names to a Route 53 Resolver inbound endpoint of \(vpc.id), \(vpc.id)'s private answers apply to those."
                )
            case .ownVPC where otherVPCsAmazonDNSServer(first, from: vpc.id):
                // Another VPC's Amazon DNS server answers no one else: the query's blocker says so.
                break
            case .ownVPC:
                notes.append(
                    "\(vpc.id)'s DHCP options \(options) send DNS queries to \(first)\(others), not to the Amazon DNS server: unlike queries to it, queries to them are filtered by security groups, network ACLs and routes, and names that only the Amazon DNS server knows (an interface endpoint's private DNS name, a private hosted zone's records, a database's private address) resolve only if those servers forward them to it (\(vpc.amazonDNSAddress?.description ?? "the VPC's base address + 2"))."
                )
            }
            guard let address = IPv4Address(first) else {
                notes.append("\(first) is an IPv6 address: the queries to it were not followed.")
                return
            }
            // The query's walk, with the question's function and groups: checks a skeleton
            // walk leaves open are completed with the question's context, made into this one.
            let query: @Sendable (Context) -> Context = { context in
                var dns = context
                dns.ipProtocol = .udp
                dns.port = 53
                return dns
            }
            // Walked into the answer's own trace, with the query's context for the checks it
            // leaves open and the routes it does not follow recorded rather than blocking.
            trace.adjustContext = query
            trace.unfollowed = []
            addressDestination(subnet, query(context), address: address, trace: &trace, notes: &notes)
            // What lambda-reach cannot follow (a VPN to a server on premises) is said, not
            // decided: the checks before it (the function's groups and ACL) still count.
            for route in trace.unfollowed ?? [] {
                notes.append(
                    "The DNS server \(first) is reached by \(route), which lambda-reach does not follow: whether the function's queries get there and back was not checked."
                )
            }
            trace.adjustContext = nil
            trace.unfollowed = nil
        }
    }

    /// Whether `server` is the Amazon DNS server of a VPC `vpcId` is peered with or shares a
    /// transit gateway with.
    func otherVPCsAmazonDNSServer(_ server: String, from vpcId: String) -> Bool {
        guard let address = IPv4Address(server) else { return false }
        return
            (network.peerings(ofVPC: vpcId).compactMap { $0.peer(of: vpcId)?.vpcId }
            + vpcsAcrossTransitGateways(from: vpcId)).contains { network.vpcs[$0]?.amazonDNSAddress == address }
    }

    /// DHCP options that name the Amazon DNS server by its address rather than as
    /// `AmazonProvidedDNS`: said, so that the answer's path (no DNS query walked) reads right.
    func noteAmazonDNSByAddress(_ vpc: VPC, options: String, servers: [String], notes: inout [String]) {
        let byAddress = servers.filter { $0 != DNSServers.amazonProvided && vpc.isAmazonDNSServer($0) }
        guard !byAddress.isEmpty else { return }
        let what = byAddress.map { server in
            IPv4Address(server) == VPC.linkLocalDNSAddress
                ? "\(server) (its link-local address)"
                : "\(server) (the base of \(vpc.id)'s primary IPv4 block plus two)"
        }
        notes.append(
            "\(vpc.id)'s DHCP options \(options) name \(what.joined(separator: " and ")), which is the Amazon DNS server (AmazonProvidedDNS) by its address: the function's queries to it are not filtered by security groups or network ACLs, and it answers with the VPC's private names."
        )
    }

    /// Something outside every VPC: the internet, a public AWS endpoint, or a public address of
    /// the inventory (`owner`), which the path reaches through the internet.
    struct PublicDestination {
        var label: String
        var addresses: AddressSet
        var prefixLists: Set<String>
        var service: String?
        /// The region of `service` when it is not the function's (`aws:com.amazonaws.us-west-2.s3`):
        /// another region's public endpoint, which no gateway endpoint of the VPC serves.
        var serviceRegion: String?
        var owner: PublicOwner?
        /// For a service whose name another resolver than the VPC's own answers: the commands
        /// that have the VPC's own answer it (`Solver.ownResolverWay`), for a fix.
        var dnsWay: ShellCommand? = nil
        /// Whether the destination is the public internet at large (the internet, a service or
        /// a database whose addresses are not known): judged by the covering routes, narrower
        /// routes for some public ranges being only notes (see `Solver.atLarge`).
        var isAtLarge: Bool

        init(
            label: String, addresses: AddressSet, prefixLists: Set<String>, service: String? = nil,
            owner: PublicOwner? = nil
        ) {
            self.label = label
            self.addresses = addresses
            self.prefixLists = prefixLists
            self.service = service
            self.owner = owner
            isAtLarge = addresses == .publicInternet
        }
    }

    /// Something inside a VPC: where it is and which groups guard it.
    struct PlacedDestination {
        var label: String
        /// Destination subnets with the addresses the destination has there.
        var placements: [(subnet: Subnet, addresses: AddressSet)]
        /// nil when the destination's groups are not known (an address with no exported ENI).
        var securityGroupIds: [String]?
        /// The destination's hop, at the end of the path.
        var step: Step
        var addresses: AddressSet { placements.reduce(AddressSet()) { $0.union($1.addresses) } }
        /// The VPC the destination is in (its placements are all in one).
        var vpcId: String? { placements.first?.subnet.vpcId }
    }

    /// `remoteVPC`: the VPC the destination is in, when known: a rule that references a group
    /// reaches that group's members, all in the group's VPC, so it covers an address only there
    /// (VPC CIDRs overlap across an organisation).
    func checkEgress(
        _ subnet: Subnet, _ context: Context, remote: AddressSet, prefixLists: Set<String>, remoteGroups: Set<String>,
        remoteLabel: String, remoteVPC: String? = nil, trace: inout Trace
    ) {
        byGroups(context, &trace) { solver, context, trace in
            solver.decideEgress(
                context, remote: remote, prefixLists: prefixLists, remoteGroups: remoteGroups,
                remoteLabel: remoteLabel, remoteVPC: remoteVPC, trace: &trace)
        }
    }

    /// Records the route of `table` that matched, for traffic leaving `subnet` (`origin` says
    /// which subnet that is) and, when the route is a
    /// blackhole, its blocker. True when the traffic goes on to the route's target. The VPC
    /// route walks (the function's subnet in IPv4 and IPv6, a NAT gateway's subnet, a transit
    /// gateway attachment subnet) take their routes through here; a transit gateway's own
    /// route tables have blackholes of their own (`ExplainTGW.blackhole`).
    func takeRoute(
        _ route: Route, of table: RouteTable, from subnet: Subnet, origin: Step.RouteOrigin = .functionSubnet,
        _ context: Context,
        trace: inout Trace
    ) -> Bool {
        trace.hop(.route(table: table.id, route: route, origin: origin))
        guard !route.isBlackhole else {
            trace.block(
                Explain.blackhole(table: table, route: route, network: network, subnet: subnet))
            return false
        }
        return true
    }

    /// Egress through the function's groups towards `remote`.
    func decideEgress(
        _ context: Context, remote: AddressSet, prefixLists: Set<String>, remoteGroups: Set<String>,
        remoteLabel: String, remoteVPC: String? = nil, trace: inout Trace
    ) {
        let decision = Filters.egress(
            groups: context.groups, remote: remote, memberOf: prefixLists, ipProtocol: context.ipProtocol,
            port: context.port, network: network, remoteGroups: remoteGroups, remoteVPC: remoteVPC)
        if decision.allowed {
            trace.ruleHops(decision.matched, direction: .egress)
        } else if let first = context.groups.first {
            // The groups decide, not the function's IDs: an RDS proxy's own connection is
            // decided by the proxy's groups, in a skeleton walk too, whose function has none.
            trace.block(
                Explain.egressMismatch(
                    groupId: first.id, noRules: decision.hadNoRules, context: context,
                    remoteLabel: remoteLabel, remote: remote, prefixLists: prefixLists, remoteGroups: remoteGroups,
                    network: network))
        }
    }

    /// The NACL of a subnet the traffic leaves through (the function's, a NAT gateway's, or a
    /// transit gateway attachment subnet between the gateway and the resources): out to `remote`
    /// on the port, back in on ephemeral ports. A source's subnet that is also its VPC's transit
    /// gateway attachment subnet (`asAttachmentSubnetOf`, the source), for traffic through the
    /// gateway, is evaluated as AWS does there: the traffic to the gateway by the outbound rules
    /// against its destination and the inbound rules against its source (the function's own
    /// address, or the NAT gateway's), the traffic from the gateway (the replies) not at all
    /// (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html, "Same subnet"). `remote`, and
    /// the source's addresses, are of either family: IPv4 entries judge IPv4 traffic and IPv6
    /// entries IPv6 traffic (`checkACL(_:subnet:outbound:remote:ports:_:remoteLabel:trace:)`).
    func checkSourceACL(
        _ subnet: Subnet, _ context: Context, remote: Addresses, remoteLabel: String,
        asAttachmentSubnetOf source: TrafficSource? = nil, trace: inout Trace
    ) {
        guard let acl = network.networkACL(forSubnet: subnet.id) else { return }
        checkACL(
            acl, subnet: subnet, outbound: true, remote: remote, ports: PortRange(context.port), context,
            remoteLabel: remoteLabel, trace: &trace)
        checkACL(
            acl, subnet: subnet, outbound: false, remote: source?.addresses ?? remote,
            ports: source == nil ? .ephemeral : PortRange(context.port), context,
            remoteLabel: source?.label ?? remoteLabel, trace: &trace)
    }

    /// `checkSourceACL` for traffic to `destination`, the internet at large judged as
    /// `checkACL(_:subnet:outbound:remote:ports:_:destination:trace:notes:)` says.
    func checkSourceACL(
        _ subnet: Subnet, _ context: Context, remote: AddressSet, destination: PublicDestination, trace: inout Trace,
        notes: inout [String]
    ) {
        guard let acl = network.networkACL(forSubnet: subnet.id) else { return }
        checkACL(
            acl, subnet: subnet, outbound: true, remote: remote, ports: PortRange(context.port), context,
            destination: destination, trace: &trace, notes: &notes)
        checkACL(
            acl, subnet: subnet, outbound: false, remote: remote, ports: .ephemeral, context,
            destination: destination, trace: &trace, notes: &notes)
    }

    /// `checkACL` for traffic to a public destination. The internet at large is judged by the
    /// widest entries that decide some of it (`Filters.aclAtLarge`): an entry that denies a
    /// narrower public range (a blocklist) is a note, as a narrower route is, so that no fix
    /// allows what it denies on purpose.
    func checkACL(
        _ acl: NetworkACL, subnet: Subnet, outbound: Bool, remote: AddressSet, ports: PortRange, _ context: Context,
        destination: PublicDestination, trace: inout Trace, notes: inout [String]
    ) {
        guard destination.isAtLarge else {
            checkACL(
                acl, subnet: subnet, outbound: outbound, remote: remote, ports: ports, context,
                remoteLabel: destination.label, trace: &trace)
            return
        }
        let decision = decideACL(acl, outbound: outbound, remote: remote, ports: ports, context, atLarge: true)
        for (entry, addresses) in decision.exceptions {
            notes.append(
                "Network ACL \(acl.id) of \(subnet.id) denies \(outbound ? "traffic to" : "replies from") \(Explain.cidrList(addresses)) (entry \(entry.summary)): those addresses are not the internet at large, and \(destination.label) is judged by the entries the rest meets. Ask for one of them with --to ip:\(addresses.first?.description ?? "") to see its own path."
            )
        }
        record(
            decision, of: acl, outbound: outbound, remoteLabel: destination.label, ports: ports, context, trace: &trace
        ) {
            Explain.aclRestriction(
                acl, subnet: subnet, outbound: outbound, remote: remote, remoteLabel: destination.label, ports: ports,
                denying: decision.denying, context: context)
        }
    }

    func checkACL(
        _ acl: NetworkACL, subnet: Subnet, outbound: Bool, remote: AddressSet, ports: PortRange, _ context: Context,
        remoteLabel: String, trace: inout Trace
    ) {
        let decision = decideACL(acl, outbound: outbound, remote: remote, ports: ports, context, atLarge: false)
        record(decision, of: acl, outbound: outbound, remoteLabel: remoteLabel, ports: ports, context, trace: &trace) {
            Explain.aclRestriction(
                acl, subnet: subnet, outbound: outbound, remote: remote, remoteLabel: remoteLabel, ports: ports,
                denying: decision.denying, context: context)
        }
    }

    /// An IPv4 network ACL's decision for `remote` on `ports`, exact or of the internet at large
    /// (`Filters.aclAtLarge`), with a few denied reply ports as exceptions (`Filters.withFewPortDenies`).
    func decideACL(
        _ acl: NetworkACL, outbound: Bool, remote: AddressSet, ports: PortRange, _ context: Context, atLarge: Bool
    ) -> Filters.ACLDecision {
        Filters.withFewPortDenies(
            entries: outbound ? acl.outbound : acl.inbound, ipProtocol: context.ipProtocol, ports: ports,
            family: { $0.cidr != nil }, touches: { $0.cidr.map { remote.intersects($0.range) } ?? false }
        ) { entries in
            atLarge
                ? Filters.aclAtLarge(entries: entries, ipProtocol: context.ipProtocol, remote: remote, ports: ports)
                : Filters.acl(entries: entries, ipProtocol: context.ipProtocol, remote: remote, ports: ports)
        }
    }

    /// Records a network ACL's decision, IPv4's or IPv6's: a hop for the entries that let the
    /// traffic through, else the blocker `blocked` makes.
    func record(
        _ decision: Filters.ACLDecision, of acl: NetworkACL, outbound: Bool, remoteLabel: String, ports: PortRange,
        _ context: Context, trace: inout Trace, blocked: () -> Blocker
    ) {
        if decision.allowed {
            trace.hop(
                .networkACL(
                    acl: acl.id, outbound: outbound, remote: remoteLabel, ipProtocol: context.ipProtocol, ports: ports,
                    allowing: decision.allowing, excepting: decision.portExceptions))
        } else {
            trace.block(blocked())
        }
    }

    /// The route table of `subnet`, with a hop for the route that matched.
    func routeTable(of subnet: Subnet) -> RouteTable? { network.routeTable(forSubnet: subnet.id) }

    /// The component `route` sends the traffic to, looked up in `components` by the route's
    /// target ID; when the inventory lacks it, a blocker says so (a deleted target, or one
    /// whose describe call was not exported) and the walk stops there.
    func routeTarget<Component>(
        _ route: Route, in components: [String: Component], table: RouteTable, subnet: Subnet, trace: inout Trace
    ) -> Component? {
        if let id = route.targetId, let component = components[id] { return component }
        // In a shared subnet known only from a participant's export, the target is the owner's
        // and simply not describable from there: not a route to something deleted.
        if !subnet.isOwnersCopy, let owner = subnet.ownerId {
            trace.block(
                Explain.sharedSubnetOwnerNotImported(
                    subnet, owner: owner,
                    missing: .routeTarget(
                        route: route.summary, table: table.id, target: route.targetId ?? route.targetKind.rawValue)))
            return nil
        }
        trace.block(Explain.missingTarget(table: table, route: route, network: network, subnet: subnet))
        return nil
    }
}
