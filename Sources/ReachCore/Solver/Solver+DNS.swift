extension Solver {
    // MARK: Names

    /// What a VPC's resolver makes of a service's name.
    enum NameResolution {
        /// What AWS does by default: the VPC's own endpoint with private DNS, else the public
        /// endpoint.
        case awsDefault
        /// Another resolver than the function's VPC's answers the name (its DHCP options' DNS
        /// servers are elsewhere, or a forwarding rule sends the name away), and has no private
        /// answer for it: the public answer, as `view` sees it. The function's VPC's own
        /// endpoints' private DNS and zones take no part.
        case publicAnswer(DNSView)
        /// An interface endpoint in another VPC, named by a private hosted zone or by the
        /// resolvers a forwarding rule sends the question to.
        case centralEndpoint(DNSResolution, VPCEndpoint)
        /// A private hosted zone associated with the VPC covers the name but holds no record
        /// for it: Route 53 answers NXDOMAIN and does not ask public DNS.
        case noRecord(PrivateHostedZone)
        /// A private hosted zone answers a service's name with something that is not an
        /// interface endpoint of the inventory (`answer`: the record's addresses or alias):
        /// the zone's answer is final, so the SDK connects there, never to the public endpoint.
        case elsewhere(PrivateHostedZone, answer: String)
        /// The name does not resolve, for the reasons the blockers give (a forwarding rule's
        /// queries that nothing answers, or that are dropped on their way).
        case failed([Blocker])
    }

    /// Whose view of DNS answers a name: a VPC's Route 53 Resolver (its private hosted zones,
    /// Resolver rules and interface endpoints' private DNS, and its own VPC's public names, a
    /// publicly accessible database's, resolved to private addresses), or public DNS (none of
    /// those).
    enum DNSView: Hashable {
        case vpc(String)
        case publicDNS
    }

    /// Who answers the DNS queries of a VPC's functions: its DHCP options' first DNS server
    /// decides (the one asked first; see `resolveName`).
    enum DNSAnswerer: Hashable {
        /// The VPC's own Resolver: the Amazon DNS server, or a server of the account's own inside
        /// the VPC, taken to forward the names only the Amazon DNS server knows to it.
        case ownVPC
        /// Another VPC's Resolver: the first DNS server, `address`, is in `vpcId`, a VPC the
        /// function's is joined to (a peering, a transit gateway): a Route 53 Resolver inbound
        /// endpoint there (`inboundEndpoint`), or a server of the account's own, which can
        /// forward only to its own VPC's Resolver ("Forwarding private DNS queries to any VPC
        /// CIDR + 2 address from on-premises or other VPC DNS servers is not supported").
        case otherVPC(vpcId: String, address: IPv4Address, inboundEndpoint: String?, options: String)
        /// Public DNS: the first DNS server is in no VPC of the inventory the function's is
        /// joined to (a public resolver, or one on premises).
        case outside(address: String, options: String)
    }

    /// Who answers `vpcId`'s DNS queries, by the first DNS server of its DHCP options: its own
    /// Resolver unless that server is an address of another VPC joined to it, or of no VPC of
    /// the inventory. VPC CIDRs overlap: an address is looked for in the VPCs `vpcId` is
    /// peered or shares a transit gateway with, never in one it is not joined to.
    func dnsAnswerer(forVPC vpcId: String) -> DNSAnswerer {
        guard let vpc = network.vpcs[vpcId], case .custom(let options, let servers) = vpc.dnsServers,
            let first = servers.first, !vpc.isAmazonDNSServer(first)
        else { return .ownVPC }
        // An IPv6 server's queries are not followed (resolveName says so).
        guard let address = IPv4Address(first) else { return .ownVPC }
        if vpc.holds(address) { return .ownVPC }
        let joined = Set(
            network.peerings(ofVPC: vpcId).compactMap { $0.peer(of: vpcId)?.vpcId }
                + vpcsAcrossTransitGateways(from: vpcId)
        ).sorted().filter { network.vpcs[$0]?.holds(address) == true }
        // Another VPC's own Amazon DNS server answers no one else: the query's walk blocks there.
        if joined.contains(where: { network.vpcs[$0]?.amazonDNSAddress == address }) { return .ownVPC }
        let holder =
            joined.first { network.interface(at: address, inVPC: $0) != nil } ?? joined.first
            ?? inboundEndpointHolder(of: address)?.vpcId
        guard let holder else { return .outside(address: first, options: options) }
        let inbound = network.interface(at: address, inVPC: holder).flatMap(Self.inboundEndpointId)
        return .otherVPC(vpcId: holder, address: address, inboundEndpoint: inbound, options: options)
    }

    /// The one network interface of a Route 53 Resolver inbound endpoint that holds `address`
    /// (Route 53 names them "Route 53 Resolver: rslvr-in-...:rni-..."), for DNS servers reached
    /// through what the inventory does not join (a transit gateway whose attachments were not
    /// exported): nil when none or several do.
    func inboundEndpointHolder(of address: IPv4Address) -> NetworkInterface? {
        let holders = network.networkInterfaces.values.filter {
            Self.inboundEndpointId($0) != nil && $0.privateAddresses.contains(address)
        }
        return holders.count == 1 ? holders[0] : nil
    }

    /// The Resolver inbound endpoint (`rslvr-in-...`) an interface belongs to, by its description.
    static func inboundEndpointId(_ eni: NetworkInterface) -> String? {
        let prefix = "Route 53 Resolver: "
        guard eni.description.hasPrefix(prefix + "rslvr-in-") else { return nil }
        return eni.description.dropFirst(prefix.count).split(separator: ":").first.map(String.init)
    }

    /// How `vpcId` resolves `name` (lower-case, no final dot), as Route 53 Resolver decides:
    /// among the private hosted zones and the Resolver rules associated with the VPC (and the
    /// VPC's own endpoint's private DNS, itself a private zone for the name), the most specific
    /// domain wins; at the same depth a forwarding rule wins over a zone ("the Resolver rule
    /// takes precedence"). `ownEndpoint`: the VPC has an interface endpoint for the name with
    /// private DNS on. `fallback` says, in the notes, what the public answer stands for: the
    /// service's public endpoint, or a database's own address.
    ///
    /// When the VPC's DHCP options send its queries elsewhere (`dnsAnswerer(forVPC:)`), the
    /// resolver there answers instead: another VPC's Resolver (`otherVPCResolution`) or public
    /// DNS; `throughDHCP` false asks `vpcId`'s own Resolver. `context`, the question's, is what
    /// a forwarding rule's queries are walked with (without it, as in the audit's checks of a
    /// VPC, they are not walked).
    func resolve(
        _ name: String, fromVPC vpcId: String, ownEndpoint: Bool, forwarded: Bool = false, throughDHCP: Bool = true,
        fallback: String = Solver.serviceFallback, context: Context? = nil, notes: inout [String]
    ) -> NameResolution {
        if throughDHCP, !forwarded {
            switch dnsAnswerer(forVPC: vpcId) {
            case .ownVPC: break
            case .otherVPC(let other, let address, let inbound, _):
                return otherVPCResolution(
                    name, vpcId: other, address: address, inboundEndpoint: inbound, fallback: fallback, notes: &notes)
            case .outside(let address, _):
                notes.append(
                    "The DNS servers of \(vpcId)'s DHCP options (\(address) first) are outside the VPCs of the inventory it is joined to (a public resolver, or one on premises): they answer \(name) as public DNS does, without \(vpcId)'s private hosted zones, its interface endpoints' private DNS or a database's private address; the answer assumes \(fallback) as public DNS gives it. If those servers forward the name to a Route 53 Resolver inbound endpoint of \(vpcId), its private answer would apply."
                )
                return .publicAnswer(.publicDNS)
            }
        }
        let dns = network.dns
        guard !dns.isEmpty, let vpc = network.vpcs[vpcId], vpc.enableDnsSupport != false else { return .awsDefault }
        let zones = (dns.hostedZonesByVPC[vpcId] ?? []).filter { DNSName.isWithin(name, domain: $0.name) }
        var zone = zones.max { (DNSName.depth($0.name), $1.id) < (DNSName.depth($1.name), $0.id) }
        if zone != nil, vpc.enableDnsHostnames == false {
            notes.append(
                "\(vpcId) has enableDnsHostnames off: its private hosted zones (\(zone!.id), \(zone!.name)) are not used, as Route 53 requires both DNS attributes on."
            )
            zone = nil
        }
        var zoneDepth = zone.map { DNSName.depth($0.name) } ?? -1
        // The VPC's own endpoint's private DNS is a private zone for the exact name.
        if ownEndpoint { zoneDepth = max(zoneDepth, DNSName.depth(name)) }
        // A forwarded question is answered by the receiving VPC's own zones and endpoints.
        let rules =
            forwarded
            ? []
            : (dns.resolverRulesByVPC[vpcId] ?? []).filter {
                ($0.associationStatus ?? "COMPLETE") == "COMPLETE" && DNSName.isWithin(name, domain: $0.domainName)
            }
        let rule = rules.max {
            (DNSName.depth($0.domainName), $0.ruleType == "FORWARD" ? 1 : 0, $1.ruleId)
                < (DNSName.depth($1.domainName), $1.ruleType == "FORWARD" ? 1 : 0, $0.ruleId)
        }
        if let rule, let status = rule.ruleStatus, status != "COMPLETE" {
            notes.append(Self.ruleStatusNote(rule, status: status, name: name, vpcId: vpcId))
        }
        if let rule, rule.ruleType == "FORWARD", DNSName.depth(rule.domainName) >= zoneDepth {
            return forwardedResolution(
                name, rule: rule, from: vpcId, fallback: fallback, context: context, notes: &notes)
        }
        if ownEndpoint && zoneDepth == DNSName.depth(name) { return .awsDefault }
        guard let zone else { return .awsDefault }
        return zoneResolution(name, zone: zone, fallback: fallback, notes: &notes)
    }

    /// What `.awsDefault` stands for when a service's name is resolved.
    static let serviceFallback = "the service's public endpoint"

    /// A Resolver rule whose own status (list-resolver-rules' `Status`: COMPLETE, DELETING,
    /// UPDATING, FAILED) is not COMPLETE. AWS documents the values, not how a rule in each
    /// forwards: the rule is used as its association says, and the answer says so.
    static func ruleStatusNote(_ rule: ResolverRuleUse, status: String, name: String, vpcId: String) -> String {
        let what =
            switch status {
            case "FAILED": "its creation or last change failed, so its forwarding is not known to work"
            case "DELETING": "it is being deleted, and will stop forwarding"
            case "UPDATING": "it is being changed, and may forward by its old or its new settings"
            default: "a status lambda-reach does not know"
            }
        return
            "Resolver rule \(rule.ruleId) (\(rule.ruleType) \(rule.domainName)), which decides how \(vpcId) resolves \(name), has status \(status) in list-resolver-rules: \(what). lambda-reach took it as in force, as its association with \(vpcId) is; the answer holds only if the rule works. aws route53resolver get-resolver-rule --resolver-rule-id \(rule.ruleId)"
    }

    /// How the Resolver of another VPC, `vpcId`, answers `name` for the function, whose DNS
    /// server `address` is there: as it answers that VPC's own queries, with its private hosted
    /// zones, its Resolver rules and its interface endpoints' private DNS. Through a Resolver
    /// inbound endpoint (`inboundEndpoint`, "the inbound endpoint forwards the query to
    /// Resolver") an endpoint's private DNS for inbound endpoints only answers too; a DNS server
    /// of the account's own asks its VPC's Resolver as any of its instances does.
    func otherVPCResolution(
        _ name: String, vpcId: String, address: IPv4Address, inboundEndpoint: String?, fallback: String,
        notes: inout [String]
    ) -> NameResolution {
        let source: DNSResolution.Source =
            inboundEndpoint.map { .inboundEndpoint(id: $0, vpcId: vpcId) }
            ?? .dnsServer(address: address.description, vpcId: vpcId)
        let own = Self.onPath(network.endpoints(inVPC: vpcId)).first {
            $0.kind == .interface && Self.serviceHostName($0) == name
                && (inboundEndpoint != nil ? $0.privateDNSEnabled : $0.answersQueriesFromItsVPC)
        }
        let hub = network.vpcs[vpcId]
        let ownAnswers = own != nil && hub?.enableDnsSupport != false && hub?.enableDnsHostnames != false
        switch resolve(
            name, fromVPC: vpcId, ownEndpoint: ownAnswers, throughDHCP: false, fallback: fallback, notes: &notes)
        {
        case .centralEndpoint(let inner, let endpoint):
            return .centralEndpoint(DNSResolution(name: name, source: source, endpointId: inner.endpointId), endpoint)
        case .awsDefault:
            if ownAnswers, let own {
                return .centralEndpoint(DNSResolution(name: name, source: source, endpointId: own.id), own)
            }
            notes.append(
                inboundEndpoint.map {
                    "The DNS servers of the function's VPC are Resolver inbound endpoint \($0) (\(address)) in \(vpcId), whose Resolver has no private answer for \(name): the answer assumes \(fallback)."
                }
                    ?? "The function's DNS server \(address) is in \(vpcId), whose Resolver has no private answer for \(name): the answer assumes \(fallback), as \(vpcId)'s Resolver gives it."
            )
            return .publicAnswer(.vpc(vpcId))
        case let other: return other
        }
    }

    /// A forwarding rule's answer: the resolvers at its targets answer, with their own VPC's
    /// zones and endpoints (a Resolver inbound endpoint in a hub VPC), or as public DNS does
    /// (resolvers on premises). The queries leave through the rule's outbound endpoint and are
    /// routed from its subnets: where its route tables send the targets decides which VPC they
    /// are in (`forwardedTargetVPCs`), and a query dropped on the way (`forwardingFailure`,
    /// `forwardedQueriesDropped`) leaves the name unresolved.
    func forwardedResolution(
        _ name: String, rule: ResolverRuleUse, from vpcId: String, fallback: String, context: Context?,
        notes: inout [String]
    ) -> NameResolution {
        let targets = rule.targetAddresses.map(\.description).joined(separator: ", ")
        let vpcs = forwardedTargetVPCs(rule, from: vpcId)
        if let target = vpcs.sorted().first, vpcs.count > 1 {
            notes.append(
                "Resolver rule \(rule.ruleId)'s targets are in several VPCs of the inventory (\(vpcs.sorted().joined(separator: ", "))); \(target) is taken as the one that answers."
            )
        }
        if let target = vpcs.sorted().first, let failure = forwardingFailure(rule, name: name, target: target) {
            return .failed([failure])
        }
        if let context {
            let dropped = forwardedQueriesDropped(rule, name: name, context: context, notes: &notes)
            if !dropped.isEmpty { return .failed(dropped) }
        }
        guard let target = vpcs.sorted().first else {
            notes.append(
                "Resolver rule \(rule.ruleId) forwards \(rule.domainName == "." ? "every name" : rule.domainName) to \(targets), resolvers outside the VPCs of the inventory (on premises, or a VPC not imported): they answer \(name) as public DNS does, without \(vpcId)'s private hosted zones, its interface endpoints' private DNS or a database's private address; the answer assumes \(fallback) as public DNS gives it. If those resolvers forward the name to a Route 53 Resolver inbound endpoint of \(vpcId), its private answer would apply."
            )
            return .publicAnswer(.publicDNS)
        }
        let source = DNSResolution.Source.resolverRule(id: rule.ruleId, domain: rule.domainName, vpcId: target)
        let service = Self.onPath(network.endpoints(inVPC: target)).first {
            $0.kind == .interface && $0.privateDNSEnabled && Self.serviceHostName($0) == name
        }
        if let endpoint = service {
            return .centralEndpoint(DNSResolution(name: name, source: source, endpointId: endpoint.id), endpoint)
        }
        switch resolve(name, fromVPC: target, ownEndpoint: false, forwarded: true, fallback: fallback, notes: &notes) {
        case .centralEndpoint(let inner, let endpoint):
            return .centralEndpoint(DNSResolution(name: name, source: source, endpointId: inner.endpointId), endpoint)
        case .awsDefault, .publicAnswer:
            notes.append(
                "Resolver rule \(rule.ruleId) forwards \(rule.domainName) to resolvers in \(target), which has no endpoint with private DNS for \(name): the answer assumes \(fallback), as \(target)'s Resolver gives it."
            )
            return .publicAnswer(.vpc(target))
        case let other: return other
        }
    }

    /// The VPCs a forwarding rule's targets are in: where the route tables of its outbound
    /// endpoint's subnets send them (VPC CIDRs overlap: an address is in the VPC a route leads
    /// to, not in every VPC whose range holds it). Without the outbound endpoint's interfaces,
    /// the VPCs that hold the targets among `vpcId` and those joined to it. Empty: the targets
    /// are in no VPC of the inventory (on premises, through a VPN or Direct Connect).
    func forwardedTargetVPCs(_ rule: ResolverRuleUse, from vpcId: String) -> Set<String> {
        let outbound = outboundInterfaces(of: rule)
        if !outbound.isEmpty {
            var found: Set<String> = []
            for eni in outbound {
                guard let subnet = network.subnets[eni.subnetId] else { continue }
                for address in rule.targetAddresses {
                    if case .inVPC(let vpc) = resolve(
                        .ipv4(AddressSet(address)), from: subnet, table: routeTable(of: subnet))
                    {
                        found.insert(vpc)
                    }
                }
            }
            return found
        }
        let joined =
            [vpcId] + network.peerings(ofVPC: vpcId).compactMap { $0.peer(of: vpcId)?.vpcId }
            + vpcsAcrossTransitGateways(from: vpcId)
        return Set(
            joined.filter { vpc in rule.targetAddresses.contains { network.vpcs[vpc]?.holds($0) == true } })
    }

    /// The network interfaces of a forwarding rule's outbound endpoint, in ID order: Route 53
    /// names them after it ("Route 53 Resolver: rslvr-out-...:rni-...").
    func outboundInterfaces(of rule: ResolverRuleUse) -> [NetworkInterface] {
        guard let endpoint = rule.resolverEndpointId else { return [] }
        return network.networkInterfaces.values.filter { $0.description.hasPrefix("Route 53 Resolver: \(endpoint):") }
            .sorted { $0.id < $1.id }
    }

    /// Why a forwarding rule's queries for `name` go unanswered in `target`, the VPC its
    /// target addresses are in, when the export shows it: no network interface of `target`
    /// holds them (no inbound endpoint there, or one deleted), or the security groups of the
    /// rule's outbound endpoint and of the interfaces at the targets let no udp 53 through
    /// ("make sure that all the target IP addresses are reachable from the Resolver
    /// endpoints"), address by address. nil when they are answered, or when the interfaces were
    /// not exported. Routes and network ACLs are `forwardedQueriesDropped`'s.
    func forwardingFailure(_ rule: ResolverRuleUse, name: String, target: String) -> Blocker? {
        let interfaces = network.networkInterfaces.values.filter { $0.vpcId == target }
        guard !interfaces.isEmpty else { return nil }
        let holders = interfaces.filter { eni in eni.privateAddresses.contains(where: rule.targetAddresses.contains) }
            .sorted { $0.id < $1.id }
        guard !holders.isEmpty else { return Explain.forwardedToNothing(rule, name: name, vpcId: target) }
        guard let endpoint = rule.resolverEndpointId else { return nil }
        let outbound = outboundInterfaces(of: rule)
        guard !outbound.isEmpty else { return nil }
        var refusal: (group: String, egress: Bool)?
        for source in outbound {
            let sourceGroups = source.securityGroupIds.compactMap { network.securityGroups[$0] }
            for holder in holders {
                let holderGroups = holder.securityGroupIds.compactMap { network.securityGroups[$0] }
                // Groups that were not exported cannot be judged: the queries are taken as let through.
                guard sourceGroups.count == source.securityGroupIds.count,
                    holderGroups.count == holder.securityGroupIds.count, let from = source.privateAddresses.first,
                    let to = holder.privateAddresses.first(where: rule.targetAddresses.contains)
                else { return nil }
                let out = Filters.egress(
                    groups: sourceGroups, remote: AddressSet(to), memberOf: [], ipProtocol: .udp, port: 53,
                    network: network, remoteGroups: Set(holder.securityGroupIds), remoteVPC: holder.vpcId)
                let into = Filters.ingress(
                    groups: holderGroups, source: AddressSet(from), sourceGroupIds: source.securityGroupIds,
                    sourceRegion: nil, ipProtocol: .udp, port: 53, network: network)
                if out.allowed && into.allowed { return nil }
                if refusal == nil, let group = (into.allowed ? sourceGroups : holderGroups).first {
                    refusal = (group.id, into.allowed)
                }
            }
        }
        guard let refusal else { return nil }
        // The fix admits every address of the outbound endpoint to every target (or lets them out).
        return Explain.forwardedQueriesFiltered(
            rule, name: name, group: refusal.group, outbound: endpoint,
            from: outbound.compactMap { $0.privateAddresses.first?.description },
            to: holders.compactMap { $0.privateAddresses.first(where: rule.targetAddresses.contains)?.description },
            egress: refusal.egress)
    }

    /// The blockers of a forwarding rule's queries on their way from its outbound endpoint's
    /// network interfaces to its targets, udp 53 walked as any traffic from those interfaces'
    /// subnets: their route tables, the network ACLs both ways, peerings and transit gateways,
    /// and the route back (tcp 53, which large answers need, is walked where udp gets through,
    /// and dropped is a note). Security groups are `forwardingFailure`'s, address by address (a
    /// walk judges a subnet's whole range). Resolver sends a query to another target, or from
    /// another interface, when one gets no answer: the name fails only when every interface's
    /// queries to every target are dropped; some dropped are a note. A route to something not
    /// followed (a VPN to on premises) is a note too. Each blocker is at the component to fix,
    /// told as the rule's.
    func forwardedQueriesDropped(
        _ rule: ResolverRuleUse, name: String, context: Context, notes: inout [String]
    ) -> [Blocker] {
        guard let endpoint = rule.resolverEndpointId else { return [] }
        let outbound = outboundInterfaces(of: rule).filter { network.subnets[$0.subnetId] != nil }
        guard !outbound.isEmpty, !rule.targetAddresses.isEmpty else { return [] }
        let source = Explain.outboundEndpointSource(
            endpoint, interfaces: outbound, accountId: context.function.accountId, region: context.function.region)
        let filtering: Set<BlockerCode> = [
            .eniSecurityGroupRulesMismatch, .securityGroupHasNoRules, .securityGroupNotFound,
            .securityGroupReferenceAcrossTGW,
        ]
        var dropped: [Blocker] = []
        var passed = false
        var unfollowed: Set<String> = []
        var tcpDropped: Set<String> = []
        for eni in outbound {
            let subnet = network.subnets[eni.subnetId]!
            var query = context
            query.ipProtocol = .udp
            query.port = 53
            query.database = nil
            query.groups = eni.securityGroupIds.compactMap { network.securityGroups[$0] }
            for address in rule.targetAddresses {
                query.target = .address(address, port: 53)
                var leg = Trace()
                leg.recordsHops = false
                leg.unfollowed = []
                var ignored: [String] = []
                addressDestination(subnet, query, address: address, trace: &leg, notes: &ignored)
                unfollowed.formUnion(leg.unfollowed ?? [])
                let blockers = leg.blockers.filter { !filtering.contains($0.code) }
                if blockers.isEmpty {
                    passed = true
                    // DNS falls back to tcp 53 for answers too large for a datagram.
                    var overTCP = query
                    overTCP.ipProtocol = .tcp
                    var tcpLeg = Trace()
                    tcpLeg.recordsHops = false
                    tcpLeg.unfollowed = []
                    addressDestination(subnet, overTCP, address: address, trace: &tcpLeg, notes: &ignored)
                    for blocker in tcpLeg.blockers where !filtering.contains(blocker.code) {
                        tcpDropped.insert("\(blocker.code.rawValue) at \(blocker.component)")
                    }
                    continue
                }
                for blocker in blockers {
                    let told = Explain.forwardedQueryDropped(
                        blocker, rule: rule, name: name, source: source)
                    // The same component from another interface or to another target: one
                    // blocker, its fix for both (a network ACL's entry for both subnets).
                    guard
                        let index = dropped.firstIndex(where: {
                            $0.code == blocker.code && $0.component == blocker.component
                        })
                    else {
                        dropped.append(told)
                        continue
                    }
                    if let joined = dropped[index].reason.combined(with: told.reason) { dropped[index].reason = joined }
                }
            }
        }
        for route in unfollowed.sorted() {
            notes.append(
                "Resolver rule \(rule.ruleId)'s queries to \(rule.targetAddresses.map(\.description).joined(separator: ", ")) leave outbound endpoint \(endpoint) by \(route), which lambda-reach does not follow: whether they get there and back was not checked."
            )
        }
        if !tcpDropped.isEmpty {
            notes.append(
                "Resolver rule \(rule.ruleId)'s queries over tcp 53, which DNS uses for answers too large for a udp datagram, are dropped on their way from outbound endpoint \(endpoint) (\(tcpDropped.sorted().joined(separator: "; "))): \(name) resolves over udp, but a large answer would fail. AWS recommends allowing both, udp and tcp 53, between Resolver endpoints and their targets."
            )
        }
        if passed {
            if !dropped.isEmpty {
                notes.append(
                    "Some of Resolver rule \(rule.ruleId)'s queries are dropped on their way from outbound endpoint \(endpoint) to \(rule.targetAddresses.map(\.description).joined(separator: ", ")) (\(dropped.map { "\($0.code.rawValue) at \($0.component)" }.joined(separator: "; "))): Resolver asks another target or interface when one gets no answer, so \(name) resolves, more slowly."
                )
            }
            return []
        }
        return dropped
    }

    /// For an answer that rests on `vpcId`'s own Resolver's private answer for `name` (an
    /// interface endpoint's private DNS, a private hosted zone, a Resolver rule, a database's
    /// private address): when the VPC's DHCP option set was not exported, its DNS servers are
    /// not known and were taken as AmazonProvidedDNS, the default; the note says so.
    func noteDNSServersUnknown(_ vpcId: String, name: String, notes: inout [String]) {
        guard case .unknown(let options?)? = network.vpcs[vpcId]?.dnsServers else { return }
        notes.append(
            "The DNS servers of \(vpcId) are not known: its DHCP option set \(options) was not exported (aws ec2 describe-dhcp-options), and lambda-reach took them as AmazonProvidedDNS, the VPC's own Resolver, whose private answer for \(name) this answer rests on. Servers of the account's own (in another VPC, on premises, public) would answer otherwise. aws ec2 describe-dhcp-options --dhcp-options-ids \(options)"
        )
    }

    /// The commands that have `vpcId`'s own Resolver answer `name` (with the VPC's private
    /// names: its endpoints' private DNS, its zones, its databases' private addresses) where
    /// another resolver answers it: DHCP options that name AmazonProvidedDNS when the VPC's DNS
    /// servers are elsewhere, else a SYSTEM rule for `domain` (the name, or the domain a
    /// service is called under) over the forwarding rule that sends it away. nil when the VPC's
    /// own Resolver answers it already.
    func ownResolverWay(for vpcId: String, name: String, domain: String? = nil) -> ShellCommand? {
        switch dnsAnswerer(forVPC: vpcId) {
        case .otherVPC(_, _, _, let options), .outside(_, let options):
            return Explain.amazonProvidedDNS(vpcId: vpcId, options: options)
        case .ownVPC:
            let rule = (network.dns.resolverRulesByVPC[vpcId] ?? []).filter {
                ($0.associationStatus ?? "COMPLETE") == "COMPLETE" && $0.ruleType == "FORWARD"
                    && DNSName.isWithin(name, domain: $0.domainName)
            }.max { (DNSName.depth($0.domainName), $1.ruleId) < (DNSName.depth($1.domainName), $0.ruleId) }
            guard let rule, let region = network.vpcs[vpcId]?.region else { return nil }
            return Explain.systemRule(for: domain ?? name, over: rule.ruleId, vpcId: vpcId, region: region)
        }
    }

    /// A private hosted zone's answer for `name`: its A (or CNAME) record, followed to the
    /// interface endpoint it names (an alias to the endpoint's DNS name, or its addresses).
    func zoneResolution(_ name: String, zone: PrivateHostedZone, fallback: String, notes: inout [String])
        -> NameResolution
    {
        let wildcard = "*." + name.split(separator: ".").dropFirst().joined(separator: ".")
        let records =
            zone.records.filter { $0.name == name && $0.type != "AAAA" }.sorted { $0.type < $1.type }
            + zone.records.filter { $0.name == wildcard && $0.type != "AAAA" }
        guard let record = records.first else { return .noRecord(zone) }
        let source = DNSResolution.Source.hostedZone(id: zone.id, name: zone.name)
        let target = record.aliasTarget ?? (record.type == "CNAME" ? record.values.first.map(DNSName.normalised) : nil)
        if let target, let id = network.dns.endpointByDNSName[target], let endpoint = network.endpoints[id] {
            return .centralEndpoint(DNSResolution(name: name, source: source, endpointId: id), endpoint)
        }
        if record.type == "A", record.aliasTarget == nil {
            let addresses = Set(record.values.compactMap(IPv4Address.init))
            let endpoint = Self.onPath(Array(network.endpoints.values)).first { endpoint in
                endpoint.networkInterfaceIds.contains { id in
                    network.networkInterfaces[id]?.privateAddresses.contains { addresses.contains($0) } ?? false
                }
            }
            if let endpoint {
                return .centralEndpoint(DNSResolution(name: name, source: source, endpointId: endpoint.id), endpoint)
            }
        }
        let answer = target ?? record.values.joined(separator: " ")
        // A service's name answered so is not the public endpoint: Route 53 answers a name in
        // a private zone from that zone alone. A database's name keeps its own address (a
        // record for it is noted, not followed).
        if fallback == Self.serviceFallback { return .elsewhere(zone, answer: answer) }
        notes.append(
            "Private hosted zone \(zone.id) (\(zone.name)) answers \(name) with \(answer), which is not an interface endpoint of the inventory: the path beyond that name is not followed, and the answer assumes \(fallback)."
        )
        return .awsDefault
    }

    /// A database is reached by its endpoint's name (an instance's, a cluster's, a proxy's),
    /// which the VPC's private hosted zones and Resolver rules decide as they decide a
    /// service's (`resolve`): a zone associated with the VPC that covers the name (one for
    /// `amazonaws.com`, or `us-east-1.rds.amazonaws.com`) and holds no record for it answers
    /// NXDOMAIN, without asking public DNS, and the driver never connects
    /// (`DNS_NAME_NOT_RESOLVED`). A record for the name is not followed elsewhere: the path is
    /// the database's own, and a note says what the record names. The view the name is
    /// answered with (`DNSView`): the function's VPC's Resolver, another VPC's (its DNS
    /// servers, or a forwarding rule's targets, are there), or public DNS; a publicly
    /// accessible database's name resolves to its private address only in the first two, as
    /// `resolvesPublicly` asks of that VPC. nil when the name does not resolve.
    func resolveDatabaseName(
        _ subnet: Subnet, _ context: Context, database: RDSDatabase, trace: inout Trace, notes: inout [String]
    ) -> DNSView? {
        guard let endpoint = database.endpoint, !endpoint.isEmpty else { return .vpc(subnet.vpcId) }
        let name = DNSName.normalised(endpoint)
        let own = "rds:\(database.identifier)'s own address"
        switch resolve(name, fromVPC: subnet.vpcId, ownEndpoint: false, fallback: own, context: context, notes: &notes)
        {
        case .noRecord(let zone):
            noteDNSServersUnknown(subnet.vpcId, name: name, notes: &notes)
            trace.block(
                Explain.dnsNoRecord(
                    name, zone: zone, vpcId: subnet.vpcId, region: context.function.region, database: true))
            return nil
        case .centralEndpoint(let resolution, let endpoint):
            noteDNSServersUnknown(subnet.vpcId, name: name, notes: &notes)
            notes.append(
                "\(name) resolves to interface endpoint \(endpoint.id) (\(resolution.describedSource)): a database's path through an endpoint is not followed, and the answer assumes \(own)."
            )
            return .vpc(subnet.vpcId)
        case .failed(let blockers):
            noteDNSServersUnknown(subnet.vpcId, name: name, notes: &notes)
            for blocker in blockers { trace.block(blocker) }
            return nil
        case .publicAnswer(let view):
            return view
        case .elsewhere, .awsDefault:
            return .vpc(subnet.vpcId)
        }
    }

    /// The name an SDK asks for a service an interface endpoint serves: `secretsmanager.us-east-1.amazonaws.com`
    /// for `com.amazonaws.us-east-1.secretsmanager`, `api.ecr.us-east-1.amazonaws.com` for
    /// `com.amazonaws.us-east-1.ecr.api` (`hostName(service:region:)`).
    static func serviceHostName(_ endpoint: VPCEndpoint) -> String? {
        let parts = endpoint.serviceName.split(separator: ".")
        guard parts.count >= 4, parts[0] == "com" || parts[0] == "cn" else { return nil }
        return hostName(service: parts[3...].joined(separator: "."), region: String(parts[2]))
    }

    /// The name an SDK (or a client such as docker) calls for `service`, an endpoint service's
    /// short name (what follows `com.amazonaws.REGION.`), in `region`: most are
    /// `SERVICE.REGION.amazonaws.com` (`.amazonaws.com.cn` in the China regions), the private
    /// DNS name an interface endpoint with private DNS puts into its VPC; those in
    /// `ServiceHostNames` have another. A service called at names under a domain (a private API
    /// at `{rest-api-id}.execute-api.REGION.amazonaws.com`) is asked for one of them, with a
    /// first label no record names: a zone answers it only with a wildcard record.
    static func hostName(service: String, region: String) -> String {
        let suffix = "\(region).amazonaws.com\(region.hasPrefix("cn-") ? ".cn" : "")"
        guard let host = ServiceHostNames.names[service] else { return "\(service).\(suffix)" }
        return "\(host.under.map { "\($0)." } ?? "")\(host.prefix).\(suffix)"
    }

    /// The name an interface endpoint's private DNS (or a zone that stands for it) holds for
    /// `service` in `region`: the host name, or for a service called at names under a domain,
    /// that domain (its private DNS answers the names under it too).
    static func privateDNSName(service: String, region: String) -> String {
        let name = hostName(service: service, region: region)
        guard ServiceHostNames.names[service]?.under != nil else { return name }
        return name.split(separator: ".").dropFirst().joined(separator: ".")
    }
}

/// The endpoint services whose SDK host name is not `SERVICE.REGION.amazonaws.com`, by the AWS
/// pages that name them:
/// - ecr.api: "When connecting to Amazon ECR through an AWS PrivateLink VPC endpoint, you must
///   use the api.ecr endpoint" (https://docs.aws.amazon.com/general/latest/gr/ecr.html);
/// - ecr.dkr: the Docker Registry API, at a registry's name `ACCOUNT.dkr.ecr.REGION.amazonaws.com`
///   (https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html);
/// - execute-api: a private API is called at `{restapi-id}.execute-api.{region}.amazonaws.com`
///   (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-api-test-invoke-url.html);
/// - sagemaker.api, sagemaker.runtime: `api.sagemaker.REGION` and `runtime.sagemaker.REGION`
///   (https://docs.aws.amazon.com/sagemaker/latest/dg/interface-vpc-endpoint.html);
/// - kinesis-streams, kinesis-firehose: `kinesis.REGION` and `firehose.REGION`
///   (https://docs.aws.amazon.com/general/latest/gr/ak.html, .../gr/fh.html);
/// - codeartifact.api, codeartifact.repositories: `codeartifact.REGION`, and a repository's
///   `DOMAIN-OWNER.d.codeartifact.REGION` (https://docs.aws.amazon.com/codeartifact/latest/ug/use-codeartifact-from-vpc.html).
enum ServiceHostNames {
    /// `prefix`: what comes before `.REGION.amazonaws.com`; `under`: the first label of a name
    /// under it, for a service called at names under its domain (no record names it: a zone
    /// answers it only with a wildcard), and `calledBy`, who calls those names, in words.
    static let names: [String: (prefix: String, under: String?, calledBy: String?)] = [
        "ecr.api": ("api.ecr", nil, nil),
        "ecr.dkr": (
            "dkr.ecr", "{registry-id}",
            "Docker pulls and pushes images at a registry's name, the account ID as its first label"
        ),
        "execute-api": (
            "execute-api", "{rest-api-id}", "A private API is called at its own name, the API's ID as its first label"
        ),
        "sagemaker.api": ("api.sagemaker", nil, nil),
        "sagemaker.runtime": ("runtime.sagemaker", nil, nil),
        "kinesis-streams": ("kinesis", nil, nil),
        "kinesis-firehose": ("firehose", nil, nil),
        "codeartifact.api": ("codeartifact", nil, nil),
        "codeartifact.repositories": (
            "d.codeartifact", "{domain}-{owner}",
            "Package managers reach a repository at its domain's name, the domain and its owner as its first label"
        ),
    ]

    /// Who calls the names under `hostName`'s domain, with `hostName` as the example: nil for a
    /// service called at one name.
    static func calledAt(service: String, hostName: String) -> String? {
        names[service]?.calledBy.map { "\($0) (\(hostName))" }
    }
}

extension Solver {
    /// DNS64 on the function's subnet (`EnableDns64`): "DNS queries made to the Amazon-provided
    /// DNS Resolver in this subnet ... return synthetic IPv6 addresses for IPv4-only
    /// destinations" (64:ff9b::/96 and the IPv4 address), which reach the destination only
    /// through a route for 64:ff9b::/96 to a NAT gateway (NAT64). A function that sends IPv6
    /// (`Ipv6AllowedForDualStack`, in a dual-stack subnet) asking for `name` then has an IPv6
    /// answer beside the IPv4 one. Which of the two its runtime connects to AWS does not
    /// document for Lambda: the walk follows the IPv4 path, and the note says where the
    /// synthesized address leads from the subnet's route table (a NAT gateway, or nowhere).
    /// Nothing when the function sends no IPv6, DNS64 is off or not exported, or the VPC's
    /// DHCP options send the queries to other servers first (DNS64 is the Amazon DNS server's).
    func noteDNS64(_ subnet: Subnet, _ context: Context, name: String, notes: inout [String]) {
        guard subnet.enableDNS64 == true, context.function.ipv6AllowedForDualStack, !subnet.ipv6Cidrs.isEmpty,
            let vpc = network.vpcs[subnet.vpcId]
        else { return }
        switch vpc.dnsServers {
        case .unknown, .amazon: break
        case .custom(_, let servers) where vpc.isAmazonDNSServer(servers[0]): break
        case .custom, .none: return
        }
        let synthesized = "a synthesized address in 64:ff9b::/96 (DNS64 is on for \(subnet.id))"
        var note =
            "If \(name) has IPv4 addresses only, the Amazon DNS server also answers the function's IPv6 (AAAA) query for it with \(synthesized), and a runtime that connects to that address goes over IPv6, through NAT64: this answer follows the IPv4 address, and AWS does not say which of the two a Lambda runtime picks."
        guard let table = network.routeTable(forSubnet: subnet.id) else {
            notes.append(note)
            return
        }
        let route = ipv6Route(in: table, for: IPv6CIDR.nat64)
        if let route, route.targetKind == .nat, !route.isBlackhole {
            note +=
                " \(table.id) routes 64:ff9b::/96 to \(route.targetId ?? "a NAT gateway"), which translates it to the IPv4 address: that path, from the NAT gateway's address, was not checked."
        } else {
            let nat = network.natGateways.values.filter { $0.vpcId == subnet.vpcId && $0.state == "available" }
                .map(\.id).min()
            let fix: ShellCommand =
                "aws ec2 create-route --route-table-id \(table.id) --destination-ipv6-cidr-block 64:ff9b::/96 --nat-gateway-id \(nat, else: "<a NAT gateway of \(subnet.vpcId)>")"
            let off: ShellCommand = "aws ec2 modify-subnet-attribute --subnet-id \(subnet.id) --no-enable-dns64"
            note +=
                " \(table.id) has no route for 64:ff9b::/96 to a NAT gateway\(route.map { " (\($0.summary) takes it, which does not translate it)" } ?? ""), so a connection to the synthesized address fails: \(fix.text), or turn DNS64 off: \(off.text)"
        }
        notes.append(note)
    }
}
