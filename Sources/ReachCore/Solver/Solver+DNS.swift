extension Solver {
    // MARK: Names

    /// What a VPC's resolver makes of a service's name.
    enum NameResolution {
        /// What AWS does by default: the VPC's own endpoint with private DNS, else the public
        /// endpoint.
        case awsDefault
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
        /// The name does not resolve, for the reason the blocker gives (a forwarding rule's
        /// queries that nothing answers).
        case failed(Blocker)
    }

    /// How `vpcId` resolves `name` (lower-case, no final dot), as Route 53 Resolver decides:
    /// among the private hosted zones and the Resolver rules associated with the VPC (and the
    /// VPC's own endpoint's private DNS, itself a private zone for the name), the most specific
    /// domain wins; at the same depth a forwarding rule wins over a zone ("the Resolver rule
    /// takes precedence"). `ownEndpoint`: the VPC has an interface endpoint for the name with
    /// private DNS on. `fallback` says, in the notes, what `.awsDefault` stands for: the
    /// service's public endpoint, or a database's own address.
    ///
    /// When the VPC's DHCP options send its queries to a Route 53 Resolver inbound endpoint of
    /// another VPC (`inboundResolverEndpoint(answering:)`), that VPC's Resolver answers
    /// instead (`inboundResolution`); `throughDHCP` false asks `vpcId`'s own Resolver.
    func resolve(
        _ name: String, fromVPC vpcId: String, ownEndpoint: Bool, forwarded: Bool = false, throughDHCP: Bool = true,
        fallback: String = Solver.serviceFallback, notes: inout [String]
    ) -> NameResolution {
        if throughDHCP, !forwarded, let inbound = inboundResolverEndpoint(answering: vpcId), inbound.vpcId != vpcId {
            return inboundResolution(name, inbound: inbound, fallback: fallback, notes: &notes)
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
            return forwardedResolution(name, rule: rule, from: vpcId, fallback: fallback, notes: &notes)
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

    /// A Route 53 Resolver inbound endpoint whose address is the first DNS server of a VPC's
    /// DHCP options: the function's queries go there, and the Resolver of the endpoint's VPC
    /// answers them.
    struct InboundResolverEndpoint {
        var id: String
        var vpcId: String
        var address: IPv4Address
    }

    /// The inbound endpoint `vpcId`'s DHCP options send its queries to: its first DNS server
    /// (the one that decides) is an address of a network interface Route 53 made for an inbound
    /// endpoint ("Route 53 Resolver: rslvr-in-...:rni-..."). nil for the Amazon DNS server,
    /// other servers, or interfaces not exported.
    func inboundResolverEndpoint(answering vpcId: String) -> InboundResolverEndpoint? {
        guard let vpc = network.vpcs[vpcId], case .custom(_, let servers) = vpc.dnsServers,
            let first = servers.first, !vpc.isAmazonDNSServer(first), let address = IPv4Address(first)
        else { return nil }
        let prefix = "Route 53 Resolver: rslvr-in-"
        let holder = network.networkInterfaces.values.filter {
            $0.description.hasPrefix(prefix) && $0.privateAddresses.contains(address)
        }.min { $0.id < $1.id }
        guard let holder else { return nil }
        let id = holder.description.dropFirst("Route 53 Resolver: ".count).split(separator: ":").first.map(String.init)
        return InboundResolverEndpoint(id: id ?? holder.id, vpcId: holder.vpcId, address: address)
    }

    /// How the Resolver of an inbound endpoint's VPC answers `name`: as it answers that VPC's
    /// own queries, with its private hosted zones, its Resolver rules and its interface
    /// endpoints' private DNS ("the inbound endpoint forwards the query to Resolver").
    func inboundResolution(_ name: String, inbound: InboundResolverEndpoint, fallback: String, notes: inout [String])
        -> NameResolution
    {
        let source = DNSResolution.Source.inboundEndpoint(id: inbound.id, vpcId: inbound.vpcId)
        let own = Self.onPath(network.endpoints(inVPC: inbound.vpcId)).first {
            $0.kind == .interface && $0.privateDNSEnabled && Self.serviceHostName($0) == name
        }
        let hub = network.vpcs[inbound.vpcId]
        let ownAnswers = own != nil && hub?.enableDnsSupport != false && hub?.enableDnsHostnames != false
        switch resolve(
            name, fromVPC: inbound.vpcId, ownEndpoint: ownAnswers, throughDHCP: false, fallback: fallback, notes: &notes
        )
        {
        case .centralEndpoint(let inner, let endpoint):
            return .centralEndpoint(DNSResolution(name: name, source: source, endpointId: inner.endpointId), endpoint)
        case .awsDefault:
            if ownAnswers, let own {
                return .centralEndpoint(DNSResolution(name: name, source: source, endpointId: own.id), own)
            }
            notes.append(
                "The DNS servers of the function's VPC are Resolver inbound endpoint \(inbound.id) (\(inbound.address)) in \(inbound.vpcId), whose Resolver has no private answer for \(name): the answer assumes \(fallback)."
            )
            return .awsDefault
        case let other: return other
        }
    }

    /// A forwarding rule's answer: the resolvers at its targets answer with their own VPC's
    /// zones and endpoints (a Resolver inbound endpoint in a hub VPC).
    func forwardedResolution(
        _ name: String, rule: ResolverRuleUse, from vpcId: String, fallback: String, notes: inout [String]
    ) -> NameResolution {
        let vpcs = Set(
            rule.targetAddresses.flatMap { address in
                network.subnets.values.filter { $0.cidr?.contains(address) ?? false }.map(\.vpcId)
            })
        guard let target = vpcs.sorted().first else {
            notes.append(
                "Resolver rule \(rule.ruleId) forwards \(rule.domainName) to \(rule.targetAddresses.map(\.description).joined(separator: ", ")), resolvers outside the inventory: what they answer for \(name) is not known; the answer assumes \(fallback)."
            )
            return .awsDefault
        }
        if vpcs.count > 1 {
            notes.append(
                "Resolver rule \(rule.ruleId)'s targets are in several VPCs of the inventory (\(vpcs.sorted().joined(separator: ", "))); \(target) is taken as the one that answers."
            )
        }
        if let failure = forwardingFailure(rule, name: name, target: target) { return .failed(failure) }
        let service = Self.onPath(network.endpoints(inVPC: target)).first {
            $0.kind == .interface && $0.privateDNSEnabled && Self.serviceHostName($0) == name
        }
        if let endpoint = service {
            return .centralEndpoint(
                DNSResolution(
                    name: name, source: .resolverRule(id: rule.ruleId, domain: rule.domainName, vpcId: target),
                    endpointId: endpoint.id), endpoint)
        }
        switch resolve(name, fromVPC: target, ownEndpoint: false, forwarded: true, fallback: fallback, notes: &notes) {
        case .centralEndpoint(let inner, let endpoint):
            return .centralEndpoint(
                DNSResolution(
                    name: name, source: .resolverRule(id: rule.ruleId, domain: rule.domainName, vpcId: target),
                    endpointId: inner.endpointId), endpoint)
        case .noRecord(let zone): return .noRecord(zone)
        case .elsewhere(let zone, let answer): return .elsewhere(zone, answer: answer)
        case .failed(let blocker): return .failed(blocker)
        case .awsDefault:
            notes.append(
                "Resolver rule \(rule.ruleId) forwards \(rule.domainName) to resolvers in \(target), which has no endpoint with private DNS for \(name): the answer assumes \(fallback)."
            )
            return .awsDefault
        }
    }

    /// Why a forwarding rule's queries for `name` go unanswered in `target`, the VPC its
    /// target addresses are in, when the export shows it: no network interface of `target`
    /// holds them (no inbound endpoint there, or one deleted), or the security groups of the
    /// rule's outbound endpoint and of the interfaces at the targets let no udp 53 through
    /// ("make sure that all the target IP addresses are reachable from the Resolver
    /// endpoints"). nil when they are answered, or when the interfaces were not exported.
    func forwardingFailure(_ rule: ResolverRuleUse, name: String, target: String) -> Blocker? {
        let interfaces = network.networkInterfaces.values.filter { $0.vpcId == target }
        guard !interfaces.isEmpty else { return nil }
        let holders = interfaces.filter { eni in eni.privateAddresses.contains(where: rule.targetAddresses.contains) }
            .sorted { $0.id < $1.id }
        guard !holders.isEmpty else { return Explain.forwardedToNothing(rule, name: name, vpcId: target) }
        guard let endpoint = rule.resolverEndpointId else { return nil }
        // Route 53 names an endpoint's interfaces after it: "Route 53 Resolver: rslvr-out-...:rni-...".
        let outbound = network.networkInterfaces.values.filter {
            $0.description.hasPrefix("Route 53 Resolver: \(endpoint):")
        }.sorted { $0.id < $1.id }
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
    /// the database's own, and a note says what the record names. False when the name does not
    /// resolve.
    func resolveDatabaseName(
        _ subnet: Subnet, _ context: Context, database: RDSDatabase, trace: inout Trace, notes: inout [String]
    ) -> Bool {
        guard let endpoint = database.endpoint, !endpoint.isEmpty else { return true }
        let name = DNSName.normalised(endpoint)
        let own = "rds:\(database.identifier)'s own address"
        switch resolve(name, fromVPC: subnet.vpcId, ownEndpoint: false, fallback: own, notes: &notes) {
        case .noRecord(let zone):
            trace.block(
                Explain.dnsNoRecord(
                    name, zone: zone, vpcId: subnet.vpcId, region: context.function.region, database: true))
            return false
        case .centralEndpoint(let resolution, let endpoint):
            notes.append(
                "\(name) resolves to interface endpoint \(endpoint.id) (\(resolution.describedSource)): a database's path through an endpoint is not followed, and the answer assumes \(own)."
            )
            return true
        case .failed(let blocker):
            trace.block(blocker)
            return false
        case .elsewhere, .awsDefault:
            return true
        }
    }

    /// The name an SDK asks for a service an interface endpoint serves: `secretsmanager.us-east-1.amazonaws.com`
    /// for `com.amazonaws.us-east-1.secretsmanager`.
    static func serviceHostName(_ endpoint: VPCEndpoint) -> String? {
        let parts = endpoint.serviceName.split(separator: ".")
        guard parts.count >= 4, parts[0] == "com" || parts[0] == "cn" else { return nil }
        return hostName(service: parts[3...].joined(separator: "."), region: String(parts[2]))
    }

    /// A service's regional name in `region`: `secretsmanager.us-east-1.amazonaws.com`
    /// (`.amazonaws.com.cn` in the China regions).
    static func hostName(service: String, region: String) -> String {
        "\(service).\(region).amazonaws.com\(region.hasPrefix("cn-") ? ".cn" : "")"
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
