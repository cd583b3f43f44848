/// The two address families on one path.
///
/// AWS carries IPv4 and IPv6 over the same peerings and transit gateways, and looks them up
/// apart: a route, a network ACL entry or a security-group rule of one family never matches the
/// other's traffic. The parts of a path that do not depend on the family (a peering's state and
/// peer, a transit gateway's attachments, zones, associations and route tables) are walked by
/// the same code for both; what does (which route a table takes, which ACL entries decide, the
/// blocks a fix names) takes the family from the `Addresses` it is given.
extension Solver {
    /// The addresses one leg of a walk is about, in the family its question is asked in: IPv4
    /// ones as a set (a subnet, a database's subnets, one address), IPv6 ones as one block (one
    /// address, or the block of the function's subnet its address is in).
    enum Addresses: Hashable, Sendable {
        case ipv4(AddressSet)
        case ipv6(IPv6CIDR)

        /// The CIDR a route or a rule for these addresses names (the covering block of an IPv4 set).
        var text: String {
            switch self {
            case .ipv4(let set): return Explain.cidrText(set)
            case .ipv6(let block): return block.description
            }
        }

        var isIPv6: Bool {
            if case .ipv6 = self { return true }
            return false
        }

        /// The option of `aws ec2 create-route` for a route to these addresses.
        var routeOption: String { isIPv6 ? "--destination-ipv6-cidr-block" : "--destination-cidr-block" }
    }

    /// The routes `table` takes for `addresses`, each with the part of them it carries (nil: no
    /// route). IPv4: longest prefix over the table's IPv4 routes (`Routing.legs`); IPv6: the one
    /// route of the longest IPv6 prefix that contains the block (`ipv6Route`).
    func legs(in table: RouteTable, for addresses: Addresses) -> [(addresses: Addresses, route: Route?)] {
        switch addresses {
        case .ipv4(let set):
            return Routing.legs(table: table, destination: set, memberOf: [], network: network).map {
                (.ipv4($0.addresses), $0.route)
            }
        case .ipv6(let block):
            return [(addresses, ipv6Route(in: table, for: block))]
        }
    }

    /// `checkACL` (IPv4 entries) or `checkACL6` (IPv6 entries) for `remote`, as its family asks.
    func checkACL(
        _ acl: NetworkACL, subnet: Subnet, outbound: Bool, remote: Addresses, ports: PortRange, _ context: Context,
        remoteLabel: String, trace: inout Trace
    ) {
        switch remote {
        case .ipv4(let set):
            checkACL(
                acl, subnet: subnet, outbound: outbound, remote: set, ports: ports, context, remoteLabel: remoteLabel,
                trace: &trace)
        case .ipv6(let block):
            // Only the IPv6 internet at large has notes of its own (`atLarge`): an address or a
            // subnet's block has none to give.
            var unused: [String] = []
            checkACL6(
                acl, subnet: subnet, outbound: outbound, remote: block, remoteLabel: remoteLabel, ports: ports,
                context, trace: &trace, notes: &unused)
        }
    }

    /// The TGW route `table` takes for the IPv6 `block`: the longest IPv6 prefix that contains it
    /// (a prefix list's IPv6 entries count as its routes); on equal prefixes a static route, then
    /// a prefix-list route, then a propagated one, as for IPv4 (`transitGatewayLegs`).
    func transitGatewayRoute(_ table: TransitGatewayRouteTable, forIPv6 block: IPv6CIDR) -> TransitGatewayRoute? {
        var best: (prefix: Int, rank: Int, route: TransitGatewayRoute)?
        for route in table.routes {
            var candidates: [(prefix: Int, rank: Int)] = []
            switch route.destination {
            case .ipv6(let text):
                if let routed = IPv6CIDR(text), routed.contains(block) {
                    candidates.append((routed.prefixLength, route.isStatic ? 1 : 3))
                }
            case .prefixList(let id):
                for entry in network.prefixLists[id]?.ipv6Cidrs ?? [] where entry.contains(block) {
                    candidates.append((entry.prefixLength, 2))
                }
            case .cidr:
                continue
            }
            for candidate in candidates {
                if let current = best, (current.prefix, -current.rank) >= (candidate.prefix, -candidate.rank) {
                    continue
                }
                best = (candidate.prefix, candidate.rank, route)
            }
        }
        return best?.route
    }
}
