/// The packet-filter semantics of security groups and network ACLs, over sets of addresses.
///
/// A question is never about one packet: the function's ENI is "any address of its subnet",
/// the internet is "any public address". A filter lets the traffic through only when it lets
/// every address of the set through.
enum Filters {
    /// The rules of a group in one direction: exactly those exported. A VPC's default group is
    /// created with two rules (ingress from its own members, all egress), but they can be
    /// removed like any other, and hardened accounts remove them (CIS AWS Foundations 5.4,
    /// Security Hub EC2.2): describe-security-groups lists the rules that exist, so a default
    /// group exported with none has none.
    static func effectiveRules(of group: SecurityGroup, egress: Bool) -> [SecurityGroupRule] {
        egress ? group.egress : group.ingress
    }

    /// The outcome of a security-group check: which rules let the traffic through, and what
    /// part of the address set no rule covers.
    struct GroupDecision {
        var matched: [(group: String, rule: SecurityGroupRule)]
        var uncovered: AddressSet
        var hadNoRules: Bool
        var allowed: Bool { uncovered.isEmpty }
    }

    /// What a rule's peer covers. Most peers are one CIDR (or the source itself, for a group
    /// reference), and an audit evaluates hundreds of thousands of rules: those cost no
    /// allocation.
    enum Coverage {
        case nothing
        case range(ClosedRange<UInt32>)
        case set(AddressSet)

        init(_ cidr: IPv4CIDR) { self = .range(cidr.range) }
        init(_ cidrs: [IPv4CIDR]) { self = cidrs.isEmpty ? .nothing : .set(AddressSet(cidrs)) }
    }

    /// Egress: does the union of `groups` allow `ipProtocol`/`port` to every address of
    /// `remote`? Prefix lists the destination belongs to (`memberOf`) are matched by ID, since
    /// their addresses are often not exported.
    static func egress(
        groups: [SecurityGroup], remote: AddressSet, memberOf prefixLists: Set<String>, ipProtocol: IPProtocol,
        port: Int, network: Network, remoteGroups: Set<String>, remoteVPC: String? = nil
    ) -> GroupDecision {
        cover(remote, by: groups, egress: true, ipProtocol: ipProtocol, port: port) { group, peer in
            switch peer {
            case .cidr(let cidr): return Coverage(cidr)
            case .ipv6: return .nothing
            case .prefixList(let id):
                return prefixLists.contains(id) ? .set(remote) : Coverage(network.prefixLists[id]?.cidrs ?? [])
            case .group(let id):
                // A reference reaches members only within one region (peering across regions
                // does not carry security-group references).
                let referencedRegion = network.securityGroups[id]?.region ?? ""
                guard referencedRegion.isEmpty || group.region.isEmpty || referencedRegion == group.region else {
                    return .nothing
                }
                if remoteGroups.contains(id) { return .set(remote) }
                // A group's members are in its VPC: where the destination is in another one, an
                // address they share (overlapping CIDRs) is not theirs.
                if let remoteVPC, let referenced = network.securityGroups[id]?.vpcId, !referenced.isEmpty,
                    referenced != remoteVPC
                {
                    return .nothing
                }
                return network.groupMembersAddresses[id].map { .set($0) } ?? .nothing
            }
        }
    }

    /// Ingress at the destination: do `groups` admit `source` (the function's subnet), or
    /// one of the function's groups by reference? A reference only counts within one region.
    static func ingress(
        groups: [SecurityGroup], source: AddressSet, sourceGroups: [SecurityGroup], ipProtocol: IPProtocol, port: Int,
        network: Network
    ) -> GroupDecision {
        ingress(
            groups: groups, source: source, sourceGroupIds: sourceGroups.map(\.id),
            sourceRegion: sourceGroups.first?.region, ipProtocol: ipProtocol, port: port, network: network)
    }

    /// `ingress` with the source's group IDs and region given, for a caller that asks about
    /// the same source many times. The IDs are a function's groups (five at most): a list
    /// searched in place beats hashing each referenced ID.
    static func ingress(
        groups: [SecurityGroup], source: AddressSet, sourceGroupIds: [String], sourceRegion: String?,
        ipProtocol: IPProtocol, port: Int, network: Network
    ) -> GroupDecision {
        cover(source, by: groups, egress: false, ipProtocol: ipProtocol, port: port) { group, peer in
            switch peer {
            case .cidr(let cidr): return Coverage(cidr)
            case .ipv6: return .nothing
            case .prefixList(let id): return Coverage(network.prefixLists[id]?.cidrs ?? [])
            case .group(let id):
                let sameRegion = sourceRegion == nil || group.region.isEmpty || group.region == sourceRegion
                return sameRegion && sourceGroupIds.contains(id) ? .set(source) : .nothing
            }
        }
    }

    /// Security groups allow by union: walks every rule of `groups` in one direction that
    /// matches the protocol and port, subtracting what each peer covers (`coverage`) from
    /// `addresses` until nothing is left.
    static func cover(
        _ addresses: AddressSet, by groups: [SecurityGroup], egress: Bool, ipProtocol: IPProtocol, port: Int,
        coverage: (SecurityGroup, SecurityGroupRule.Peer) -> Coverage
    ) -> GroupDecision {
        var uncovered = addresses
        var matched: [(group: String, rule: SecurityGroupRule)] = []
        var ruleCount = 0
        // By index: a rule copied out of its array costs a retain per string it holds (its peer's
        // ID, its rule ID); the audit evaluates hundreds of thousands.
        for groupIndex in groups.indices {
            let rules = effectiveRules(of: groups[groupIndex], egress: egress)
            ruleCount += rules.count
            for index in rules.indices
            where rules[index].ipProtocol.matches(ipProtocol) && portMatches(rules[index], ipProtocol, port) {
                guard !uncovered.isEmpty else { break }
                switch coverage(groups[groupIndex], rules[index].peer) {
                case .nothing:
                    continue
                case .range(let covered):
                    guard uncovered.intersects(covered) else { continue }
                    uncovered = uncovered.subtracting(covered)
                case .set(let covered):
                    guard uncovered.intersects(covered) else { continue }
                    uncovered = uncovered.subtracting(covered)
                }
                matched.append((group: groups[groupIndex].id, rule: rules[index]))
            }
        }
        return GroupDecision(matched: matched, uncovered: uncovered, hadNoRules: ruleCount == 0)
    }

    static func portMatches(_ rule: SecurityGroupRule, _ ipProtocol: IPProtocol, _ port: Int) -> Bool {
        guard ipProtocol.hasPorts, rule.ipProtocol != .all else { return true }
        return rule.ports.contains(PortRange(port))
    }

    /// The outcome of a network-ACL check.
    struct ACLDecision {
        var allowed: Bool
        /// The entries that let parts of the traffic through, in evaluation order.
        var allowing: [NetworkACLEntry]
        /// The entry that denies (nil: the implicit final deny).
        var denying: NetworkACLEntry?
        /// For the internet at large (`aclAtLarge`), allowed: the narrower entries that deny a
        /// part of it anyway, with that part, in evaluation order.
        var exceptions: [(entry: NetworkACLEntry, addresses: AddressSet)] = []
        /// For replies (the ephemeral ports), allowed: the entries that deny a few of the
        /// ports anyway (`withFewPortDenies`), in evaluation order.
        var portExceptions: [NetworkACLEntry] = []
        /// For the IPv6 internet at large (`acl6`), allowed: the entries that deny a narrower
        /// block of it anyway, in evaluation order.
        var exceptions6: [NetworkACLEntry] = []
    }

    /// The most ports of the ephemeral range that an ACL's denies may take before the replies
    /// count as blocked: 1% of it (645 of 64,512 ports).
    static let fewPorts = (PortRange.ephemeral.to - PortRange.ephemeral.from + 1) / 100

    /// `evaluate` (one of the first-match evaluations) for the replies of a connection, which
    /// come back to the ephemeral port its client picked. AWS tells ACL authors to allow
    /// 1024-65535 and to put denies of malicious ports within that range before the allow
    /// (CIS's deny of tcp 22 and 3389 from 0.0.0.0/0 is one): such a deny drops the replies of
    /// only the connections whose port is one of those, one in thousands. So when the ACL's
    /// denies that name ports (tcp or udp entries of the address family `family` takes) take
    /// at most `fewPorts` ports of the range in all, and the replies are allowed without them,
    /// they are exceptions, said on the hop (those that `touches` the remote side), not a
    /// blocker whose fix would allow what they deny on purpose; denies of more ports (a range
    /// meant to close half of it) still block. The count is the ACL's, whatever the entries'
    /// blocks: one rule for every remote. Costs a second evaluation only when the first denies.
    static func withFewPortDenies(
        entries: [NetworkACLEntry], ipProtocol: IPProtocol, ports: PortRange, family: (NetworkACLEntry) -> Bool,
        touches: (NetworkACLEntry) -> Bool, _ evaluate: ([NetworkACLEntry]) -> ACLDecision
    ) -> ACLDecision {
        let decision = evaluate(entries)
        guard !decision.allowed, ports == .ephemeral, ipProtocol.hasPorts else { return decision }
        var fewPortDenies: [NetworkACLEntry] = []
        var denied = 0
        for entry in entries
        where !entry.allow && entry.ipProtocol != .all && entry.ipProtocol.matches(ipProtocol)
            && entry.ports.overlaps(ports) && family(entry)
        {
            denied += min(entry.ports.to, ports.to) - max(entry.ports.from, ports.from) + 1
            fewPortDenies.append(entry)
        }
        guard !fewPortDenies.isEmpty, denied <= fewPorts else { return decision }
        var without = evaluate(entries.filter { !fewPortDenies.contains($0) })
        guard without.allowed else { return decision }
        without.portExceptions = fewPortDenies.filter(touches)
        return without
    }

    /// First-match evaluation of NACL `entries` for traffic whose remote address is any of
    /// `remote` and whose port is any of `ports`: allowed only if every (address, port) pair
    /// is allowed. Walks the entries in rule-number order over a set of address x port boxes.
    static func acl(entries: [NetworkACLEntry], ipProtocol: IPProtocol, remote: AddressSet, ports: PortRange)
        -> ACLDecision
    {
        let effectivePorts = ipProtocol.hasPorts ? ports : PortRange.all
        var region: [(AddressSet, PortRange)] = remote.isEmpty ? [] : [(remote, effectivePorts)]
        var allowing: [NetworkACLEntry] = []
        for entry in entries where entry.ipProtocol.matches(ipProtocol) {
            guard let cidr = entry.cidr else { continue }
            let entryRange = cidr.range
            let entryPorts = entry.ipProtocol.hasPorts && ipProtocol.hasPorts ? entry.ports : PortRange.all
            // Most entries leave the region as it is (another CIDR, other ports): it is
            // rebuilt only from the first box an entry touches, and the boxes' overlap with
            // the entry is tested on the intervals, without building it.
            var next: [(AddressSet, PortRange)]?
            for (index, (addresses, portRange)) in region.enumerated() {
                guard portRange.overlaps(entryPorts), addresses.intersects(entryRange) else {
                    next?.append((addresses, portRange))
                    continue
                }
                if !entry.allow { return ACLDecision(allowed: false, allowing: allowing, denying: entry) }
                if next == nil { next = Array(region[..<index]) }
                let outside = addresses.subtracting(entryRange)
                if !outside.isEmpty { next!.append((outside, portRange)) }
                if portRange.from < entryPorts.from || portRange.to > entryPorts.to {
                    let common = addresses.intersection(AddressSet(cidr))
                    if portRange.from < entryPorts.from {
                        next!.append((common, PortRange(portRange.from, entryPorts.from - 1)))
                    }
                    if portRange.to > entryPorts.to {
                        next!.append((common, PortRange(entryPorts.to + 1, portRange.to)))
                    }
                }
            }
            guard let next else { continue }
            allowing.append(entry)
            region = next
            if region.isEmpty { return ACLDecision(allowed: true, allowing: allowing, denying: nil) }
        }
        return ACLDecision(allowed: region.isEmpty, allowing: allowing, denying: nil)
    }

    /// First-match evaluation of NACL `entries` for the public internet at large
    /// (`Solver.PublicDestination.isAtLarge`). As with routes, the internet at large is judged
    /// by the widest entries that decide some of it, not by every address: an ACL that denies a
    /// blocklisted range (203.0.113.0/24) before allowing 0.0.0.0/0 lets the internet through,
    /// and the range is an exception (`ACLDecision.exceptions`), whose fix would otherwise undo
    /// the deny. What no entry decides meets the implicit final deny, the widest of all. Entries
    /// of equal breadth are judged together: each must allow. Ports are not weighed: a deny of
    /// some of the ports asked for, as wide as the allow, still denies.
    static func aclAtLarge(entries: [NetworkACLEntry], ipProtocol: IPProtocol, remote: AddressSet, ports: PortRange)
        -> ACLDecision
    {
        let effectivePorts = ipProtocol.hasPorts ? ports : PortRange.all
        var region: [(AddressSet, PortRange)] = remote.isEmpty ? [] : [(remote, effectivePorts)]
        // Each entry that decides a part, with the addresses of that part; nil: the final deny.
        var deciders: [(entry: NetworkACLEntry?, addresses: AddressSet)] = []
        for entry in entries where entry.ipProtocol.matches(ipProtocol) {
            guard let cidr = entry.cidr, !region.isEmpty else { continue }
            let entryRange = cidr.range
            let entryPorts = entry.ipProtocol.hasPorts && ipProtocol.hasPorts ? entry.ports : PortRange.all
            var next: [(AddressSet, PortRange)] = []
            var decided = AddressSet()
            for (addresses, portRange) in region {
                guard portRange.overlaps(entryPorts), addresses.intersects(entryRange) else {
                    next.append((addresses, portRange))
                    continue
                }
                let common = addresses.intersection(AddressSet(cidr))
                decided = decided.union(common)
                let outside = addresses.subtracting(entryRange)
                if !outside.isEmpty { next.append((outside, portRange)) }
                if portRange.from < entryPorts.from {
                    next.append((common, PortRange(portRange.from, entryPorts.from - 1)))
                }
                if portRange.to > entryPorts.to {
                    next.append((common, PortRange(entryPorts.to + 1, portRange.to)))
                }
            }
            guard !decided.isEmpty else { continue }
            deciders.append((entry, decided))
            region = next
        }
        if !region.isEmpty {
            deciders.append((nil, region.reduce(AddressSet()) { $0.union($1.0) }))
        }
        guard !deciders.isEmpty else { return ACLDecision(allowed: true, allowing: [], denying: nil) }
        let breadth = { (entry: NetworkACLEntry?) in entry?.cidr?.prefixLength ?? 0 }
        let widest = deciders.map { breadth($0.entry) }.min()!
        let judged = deciders.filter { breadth($0.entry) == widest }
        let allowing = deciders.compactMap { $0.entry?.allow == true ? $0.entry : nil }
        if let denied = judged.first(where: { $0.entry?.allow != true }) {
            return ACLDecision(allowed: false, allowing: allowing, denying: denied.entry)
        }
        let exceptions = deciders.compactMap { decider -> (entry: NetworkACLEntry, addresses: AddressSet)? in
            guard let entry = decider.entry, !entry.allow else { return nil }
            return (entry, decider.addresses)
        }
        return ACLDecision(allowed: true, allowing: allowing, denying: nil, exceptions: exceptions)
    }
}

/// Route selection over sets of destinations.
enum Routing {
    /// One part of a destination set and the route that carries it (nil: no route).
    struct Leg {
        var addresses: AddressSet
        var route: Route?
    }

    /// Splits `destination` by the route each part takes: longest prefix first; on equal
    /// prefixes a static route beats a propagated one. A prefix-list route that names a list
    /// the destination belongs to carries the whole destination (a gateway endpoint's route
    /// wins over 0.0.0.0/0), unless CIDR routes take some of the list's known addresses: a
    /// longer prefix, or one as long (a CIDR route beats a prefix-list route), carries those,
    /// and the destination is then the list's addresses, matched route by route. Lists with
    /// known CIDRs take part in longest-prefix matching as those CIDRs, ranked below CIDR
    /// routes of the same length.
    static func legs(
        table: RouteTable, destination: AddressSet, memberOf prefixLists: Set<String>, network: Network
    ) -> [Leg] {
        var destination = destination
        for route in table.routes {
            if case .prefixList(let id) = route.destination, prefixLists.contains(id) {
                guard let entries = network.prefixLists[id]?.cidrs, !entries.isEmpty,
                    Self.carves(table, entries)
                else { return [Leg(addresses: destination, route: route)] }
                destination = destination.intersection(AddressSet(entries))
                break
            }
        }
        // Candidate (cidr, route, rank): rank orders equal prefixes (lower wins). A route is
        // named by its place in the table: an Int is copied and compared for nothing, a
        // `Route` is several strings.
        let routes = table.routes
        var candidates: [(cidr: IPv4CIDR, route: Int, rank: Int)] = []
        candidates.reserveCapacity(routes.count)
        for (index, route) in routes.enumerated() {
            switch route.destination {
            case .cidr(let cidr):
                let rank = route.targetKind == .local ? 0 : (route.isPropagated ? 3 : 1)
                candidates.append((cidr, index, rank))
            case .prefixList(let id):
                for cidr in network.prefixLists[id]?.cidrs ?? [] { candidates.append((cidr, index, 2)) }
            case .ipv6:
                continue
            }
        }
        // A route propagated from a VPN or Direct Connect gateway never takes the VPC's own
        // addresses, even when it is more specific: AWS prefers the local route (vpn-route-
        // priority). Those addresses are matched without the propagated routes.
        let locals = candidates.filter { routes[$0.route].targetKind == .local }.map(\.cidr)
        let shadowed = locals.isEmpty ? AddressSet() : AddressSet(locals)
        let overlapping = candidates.contains { candidate in
            routes[candidate.route].isPropagated && shadowed.intersects(candidate.cidr.range)
        }
        guard overlapping else {
            return split(destination, candidates: candidates).map {
                Leg(addresses: $0.addresses, route: $0.route.map { routes[$0] })
            }
        }
        let inside = destination.intersection(shadowed)
        var legs = split(inside, candidates: candidates.filter { !routes[$0.route].isPropagated })
        for leg in split(destination.subtracting(inside), candidates: candidates) {
            if let index = legs.firstIndex(where: { $0.route == leg.route }) {
                legs[index].addresses = legs[index].addresses.union(leg.addresses)
            } else {
                legs.append(leg)
            }
        }
        return legs.map { Leg(addresses: $0.addresses, route: $0.route.map { routes[$0] }) }
    }

    /// Whether a CIDR route of `table` takes some of `entries` (a prefix list's CIDRs) from the
    /// list's own route: one that overlaps an entry with a prefix at least as long.
    static func carves(_ table: RouteTable, _ entries: [IPv4CIDR]) -> Bool {
        table.routes.contains { route in
            guard case .cidr(let cidr) = route.destination else { return false }
            return entries.contains { entry in
                cidr.prefixLength >= entry.prefixLength && entry.range.overlaps(cidr.range)
            }
        }
    }

    /// Longest-prefix matching over a set of destinations, for any kind of route table (a
    /// VPC's, a transit gateway's): each candidate is one CIDR of a route with a rank that
    /// orders equal prefixes (lower wins). Returns each route with the part of `destination`
    /// it carries, in the order routes first match, and the unrouted rest with a nil route.
    static func split<R: Equatable>(_ destination: AddressSet, candidates: [(cidr: IPv4CIDR, route: R, rank: Int)])
        -> [(addresses: AddressSet, route: R?)]
    {
        let ordered = candidates.sorted { ($0.cidr.prefixLength, -$0.rank) > ($1.cidr.prefixLength, -$1.rank) }
        var remaining = destination
        var legs: [(addresses: AddressSet, route: R?)] = []
        for candidate in ordered where !remaining.isEmpty {
            // Most candidates miss what is left (a narrower route elsewhere): tested on the
            // intervals, before any set is built.
            guard remaining.intersects(candidate.cidr.range) else { continue }
            let part = remaining.intersection(AddressSet(candidate.cidr))
            guard !part.isEmpty else { continue }
            if let index = legs.firstIndex(where: { $0.route == candidate.route }) {
                legs[index].addresses = legs[index].addresses.union(part)
            } else {
                legs.append((part, candidate.route))
            }
            remaining = remaining.subtracting(part)
        }
        if !remaining.isEmpty { legs.append((remaining, nil)) }
        return legs
    }
}
