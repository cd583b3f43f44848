/// The words of the blockers about destinations: where an address is (found by routing), what
/// a public address leads to, what does not accept connections, and databases that are not
/// running.
extension Explain {
    /// `set` as a list of CIDRs (`198.51.100.0/24`, or `1.1.1.0/24, 1.1.2.0/23`), at most four.
    static func cidrList(_ set: AddressSet) -> String {
        var blocks: [String] = []
        for interval in set.intervals {
            var start = UInt64(interval.lowerBound)
            let end = UInt64(interval.upperBound)
            while start <= end {
                // The largest aligned block that starts at `start` and ends within the interval.
                var length = 32
                while length > 0 {
                    let size = UInt64(1) << UInt64(32 - (length - 1))
                    guard start % size == 0, start + size - 1 <= end else { break }
                    length -= 1
                }
                blocks.append(IPv4CIDR(address: IPv4Address(UInt32(start)), prefixLength: length).description)
                start += UInt64(1) << UInt64(32 - length)
                if blocks.count > 4 { return blocks.prefix(4).joined(separator: ", ") + ", ..." }
            }
        }
        return blocks.joined(separator: ", ")
    }

    /// What a route target is, for someone reading a note.
    static func targetKindName(_ kind: RouteTargetKind) -> String {
        switch kind {
        case .local: return "this VPC"
        case .igw: return "an internet gateway"
        case .eigw: return "an egress-only internet gateway"
        case .nat: return "a NAT gateway"
        case .vpce: return "a VPC endpoint"
        case .pcx: return "a peering connection"
        case .tgw: return "a transit gateway"
        case .vgw: return "a VPN gateway"
        case .eni, .instance: return "an appliance's network interface"
        case .carrier: return "a carrier gateway"
        case .lgw: return "a local gateway"
        case .coreNetwork: return "a Cloud WAN core network"
        case .unknown: return "an unknown target"
        }
    }

    // MARK: Addresses

    /// What is at an address that accepts no connection, or cannot be checked.
    struct DestinationProblem: BlockerReason {
        var problem: Problem

        enum Problem: Sendable, Hashable {
            /// The route leads the address into a VPC the inventory lacks.
            case vpcNotInInventory(vpc: String, address: String, via: String)
            /// No subnet of the VPC (with these CIDRs) holds the address.
            case noSubnetHolds(address: String, vpc: String, cidrs: [String]?)
            /// A network interface of a kind that accepts no connection (`why` says which).
            case acceptsNoConnections(address: String, why: String)
            /// A NAT gateway's address (`which`: its Elastic IP, its private address).
            case natGateway(nat: String, address: String, which: String)
            /// A network interface attached to nothing (status `available`).
            case detached(eni: String, address: String)
            /// No network interface of `vpc`, whose interfaces were exported, holds the address.
            case nothingHolds(address: String, vpc: String, subnet: String)
            /// The Amazon DNS server, asked on another port than 53.
            case dnsServerPort(address: IPv4Address, traffic: Traffic)
            /// The VPC's Amazon DNS server is off.
            /// `optionsNotExported`: the VPC's DHCP options set, which was not exported (nil: the
            /// set is known to give the Amazon DNS server).
            case dnsSupportOff(vpc: String, optionsNotExported: String? = nil)
            /// Another VPC's Amazon DNS server; `options`: the DHCP options of the function's VPC
            /// that name it as a DNS server.
            case otherVPCsDNSServer(address: IPv4Address, vpc: String, functionVPC: String, options: String? = nil)
        }

        func words(for function: FunctionIdentity) -> BlockerWords {
            switch problem {
            case .vpcNotInInventory(let vpcId, let address, let component):
                return BlockerWords(
                    message:
                        "The route sends \(address) through \(component) into \(vpcId), which is not in the inventory (another account's VPC, or one whose exports were not imported), so what is at \(address) there cannot be checked.",
                    fix: Shell.line(
                        "aws ec2 describe-vpcs --vpc-ids \(vpcId)   # in \(vpcId)'s account, with describe-subnets, describe-network-interfaces and describe-security-groups; then lambda-reach import"
                    ))
            case .noSubnetHolds(let address, let vpcId, let cidrs):
                return BlockerWords(
                    message:
                        "The route leads \(address) into \(vpcId), but no subnet of \(vpcId) in the inventory holds it (\(vpcId)'s CIDRs: \(cidrs?.joined(separator: ", ") ?? "unknown")), so nothing there can answer.",
                    fix: Shell.line(
                        "aws ec2 describe-subnets --filters Name=vpc-id,Values=\(vpcId)   # is there a subnet for \(address)? then lambda-reach import"
                    ))
            case .acceptsNoConnections(let address, let why):
                return BlockerWords(
                    message: "\(address): \(why)",
                    fix: Shell.line(
                        "# connect to the service behind it instead (an instance, a load balancer, an interface endpoint), not to \(address)"
                    ))
            case .nothingHolds(let address, let vpcId, let subnet):
                return BlockerWords(
                    message:
                        "\(address) is in \(subnet) of \(vpcId), but no network interface of \(vpcId) holds it, and describe-network-interfaces, imported for \(vpcId), lists every interface there (instances', load balancers', databases', endpoints', Lambda's): nothing answers at \(address), and the connection times out. A mistyped address, or a resource deleted or not yet created.",
                    fix: Shell.line(
                        "aws ec2 describe-network-interfaces --filters Name=\(raw: address.contains(":") ? "ipv6-addresses.ipv6-address" : "addresses.private-ip-address"),Values=\(address)   # empty: nothing holds it; connect to the address of the resource that serves"
                    ))
            case .detached(let eni, let address):
                return BlockerWords(
                    message:
                        "\(address) belongs to \(eni), which is attached to nothing (status 'available': its instance was terminated, or it was detached), so nothing behind it answers, whatever its security groups and routes allow.",
                    fix: Shell.line(
                        "aws ec2 attach-network-interface --network-interface-id \(eni) --instance-id <instance> --device-index 1   # or connect to where the service now runs"
                    ))
            case .natGateway(let nat, let address, let which):
                return BlockerWords(
                    message:
                        "\(address) is the \(which) of NAT gateway \(nat). A NAT gateway forwards the connections its subnets open, and the replies to them; it accepts no connection of its own.",
                    fix: Shell.line(
                        "# connect to the service behind it instead (an instance, a load balancer), not to \(address)"))
            case .dnsServerPort(let address, let traffic):
                return BlockerWords(
                    message:
                        "\(address) is the Amazon DNS server (Route 53 Resolver). It answers DNS queries on port 53 (UDP and TCP) only: nothing listens on \(traffic.ipProtocol) port \(traffic.port) there.",
                    fix: Shell.line(
                        "lambda-reach query --function \(function.name) --to ip:\(address):53 --protocol udp   # it answers DNS on port 53 only"
                    ))
            case .dnsSupportOff(let vpcId, let optionsNotExported):
                // Every VPC gets the Amazon DNS server unless its DHCP options name others:
                // without the options, that default decides, and the words say how to know.
                let unknown =
                    optionsNotExported.map { options in
                        " Its DHCP options\(options.isEmpty ? "" : " (\(options))") were not exported: taken as the default, the Amazon DNS server; if they name DNS servers of your own, those may resolve names (aws ec2 describe-dhcp-options\(options.isEmpty ? "" : " --dhcp-options-ids \(options)"), then import it)."
                    } ?? ""
                return BlockerWords(
                    message:
                        "\(vpcId) has enableDnsSupport off: the Amazon DNS server does not answer in it, so the function cannot resolve any name (AWS endpoints, databases, the internet).\(unknown)",
                    fix: Shell.line(Explain.enableDNSAttribute("enableDnsSupport", vpcId: vpcId)))
            case .otherVPCsDNSServer(let address, let vpcId, let functionVPC, let options?):
                // The function's own DNS server is the one that answers it: DHCP options that
                // name AmazonProvidedDNS give it back.
                return BlockerWords(
                    message:
                        "\(functionVPC)'s DHCP options \(options) name \(address) as a DNS server: it is the Amazon DNS server of \(vpcId), which answers only queries from inside \(vpcId), so the function's DNS queries get no answer and no name resolves. A function uses its own VPC's DNS server (the base of its CIDR plus two, or 169.254.169.253), which DHCP options name as AmazonProvidedDNS.",
                    fix: Shell.line(Explain.amazonProvidedDNS(vpcId: functionVPC, options: options)))
            case .otherVPCsDNSServer(let address, let vpcId, let functionVPC, nil):
                return BlockerWords(
                    message:
                        "\(address) is the Amazon DNS server of \(vpcId), which answers only queries from inside \(vpcId): a function in \(functionVPC) uses its own VPC's DNS server (the base of its CIDR plus two, or 169.254.169.253).",
                    fix: Shell.line(
                        "# to resolve \(vpcId)'s private names from \(functionVPC), share its private hosted zones with \(functionVPC) (aws route53 associate-vpc-with-hosted-zone) or forward to a Route 53 Resolver inbound endpoint in \(vpcId)"
                    ))
            }
        }
    }

    static func vpcNotInInventory(_ vpcId: String, address: String, via component: String) -> Blocker {
        Blocker(
            code: .unknownDestination, component: vpcId,
            reason: DestinationProblem(problem: .vpcNotInInventory(vpc: vpcId, address: address, via: component)))
    }

    /// A private address whose only route leads through a NAT gateway to the internet.
    struct PrivateAddressToInternet: BlockerReason {
        var label: String
        var addresses: AddressSet
        var subnet: String
        var table: String?
        /// A route of another table of the VPC that carries these addresses to a peering, a
        /// transit gateway or a VPN gateway, and its table: the route this table lacks.
        var siblingTable: String? = nil
        var siblingRoute: Route? = nil

        func words(for function: FunctionIdentity) -> BlockerWords {
            let cidr = cidrList(addresses)
            if let table, let siblingTable, let siblingRoute,
                let option = Explain.targetOption(siblingRoute.targetKind),
                let target = siblingRoute.targetId
            {
                return BlockerWords(
                    message:
                        "\(label) is a private address (\(cidr)), and the only route for it in \(table) leads through a NAT gateway to the internet, which carries public addresses only: the traffic is dropped. \(siblingTable), another table of the VPC, routes it (\(siblingRoute.summary)): \(table) lacks that route.",
                    fix: Shell.line(
                        "aws ec2 create-route --route-table-id \(table) \(destinationArgument(siblingRoute)) \(raw: option) \(target)   # as \(note: siblingTable) does"
                    ))
            }
            let fix: ShellCommand =
                table.map {
                    "# route \(note: cidr) to where it lives instead: a peering, a transit gateway or a VPN gateway, e.g.\naws ec2 create-route --route-table-id \($0) --destination-cidr-block \(cidrText(addresses)) --transit-gateway-id <tgw-id>"
                } ?? "# route \(note: cidr) to where it lives: a peering, a transit gateway or a VPN gateway"
            return BlockerWords(
                message:
                    "\(label) is a private address (\(cidr)), and the only route for it in \(table ?? "the route table of \(subnet)") leads through a NAT gateway to the internet, which carries public addresses only: the traffic is dropped. A private address is reached through a peering, a transit gateway or a VPN, whose route must be in the table.",
                fix: Shell.line(fix))
        }
    }

    static func privateAddressToInternet(
        _ label: String, addresses: AddressSet, from subnet: Subnet, network: Network
    ) -> Blocker {
        let table = network.routeTable(forSubnet: subnet.id)?.id
        // Another table of the VPC that routes these addresses to a private network: the most
        // specific such route, then the table with the smallest ID.
        var sibling: (table: String, route: Route, prefix: Int)?
        for other in network.routeTables.values where other.vpcId == subnet.vpcId && other.id != table {
            for route in other.routes where !route.isBlackhole && [.pcx, .tgw, .vgw].contains(route.targetKind) {
                guard case .cidr(let covering) = route.destination, addresses.isSubset(of: AddressSet(covering)) else {
                    continue
                }
                if let best = sibling, (best.prefix, other.id) >= (covering.prefixLength, best.table) { continue }
                sibling = (other.id, route, covering.prefixLength)
            }
        }
        return Blocker(
            code: .noRouteToDestination, component: table ?? subnet.id,
            reason: PrivateAddressToInternet(
                label: label, addresses: addresses, subnet: subnet.id, table: table, siblingTable: sibling?.table,
                siblingRoute: sibling?.route))
    }

    /// `ipv6`: the address is an IPv6 one, which the VPC's IPv6 blocks would hold.
    static func noSubnetHolds(_ address: String, vpcId: String, network: Network, ipv6: Bool = false) -> Blocker {
        let vpc = network.vpcs[vpcId]
        return Blocker(
            code: .unknownDestination, component: address,
            reason: DestinationProblem(
                problem: .noSubnetHolds(
                    address: address, vpc: vpcId,
                    cidrs: ipv6 ? vpc?.ipv6Cidrs : vpc?.cidrs.map(\.description))))
    }

    /// Nothing holds `address` in `subnet` of `vpcId`, whose interfaces were exported.
    static func nothingHolds(_ address: String, subnet: Subnet) -> Blocker {
        Blocker(
            code: .destinationNotListening, component: address,
            reason: DestinationProblem(
                problem: .nothingHolds(address: address, vpc: subnet.vpcId, subnet: subnet.id)))
    }

    /// What the answer cannot know about `address` when `eni` is a load balancer's interface
    /// (InterfaceType `network_load_balancer`, or an interface whose description AWS writes as
    /// `ELB net/NAME/ID`, `ELB app/NAME/ID`, `ELB NAME`): its listeners and its targets are not
    /// imported. A Network Load Balancer without security groups lets "all client traffic"
    /// reach its listeners, and with client IP preservation its targets see the client's
    /// address; an Application (or Classic) Load Balancer's targets see the load balancer's own.
    static func loadBalancerNote(_ eni: NetworkInterface, address: String, port: Int) -> String? {
        let description = eni.description
        let isNetwork = eni.interfaceType == "network_load_balancer" || description.hasPrefix("ELB net/")
        guard isNetwork || description.hasPrefix("ELB ") else { return nil }
        let parts = description.dropFirst("ELB ".count).split(separator: "/")
        let name = parts.count >= 2 ? String(parts[1]) : parts.first.map(String.init) ?? eni.id
        let listeners =
            "whether anything answers on port \(port) depends on its listeners and on the health of its targets, which lambda-reach does not import (aws elbv2 describe-listeners, aws elbv2 describe-target-health)"
        if isNetwork {
            let groups =
                eni.securityGroupIds.isEmpty
                ? "it has no security groups, so all client traffic reaches its listeners"
                : "its security groups were checked"
            return
                "\(address) is \(eni.id), an interface of Network Load Balancer \(name): \(groups); \(listeners). Where its target group preserves client IP addresses (the default for instance targets), the targets see the function's address, so their security groups must admit the function's subnets."
        }
        return
            "\(address) is \(eni.id), an interface of load balancer \(name): its security groups were checked; \(listeners). Its targets see the load balancer's own address, not the function's."
    }

    /// Why `eni` accepts no connection, if it is of a kind that accepts none.
    static func acceptsNoConnections(_ eni: NetworkInterface, address: String) -> Blocker? {
        // The status of an interface with no attachment (NetworkInterfaceStatus: available,
        // associated, attaching, in-use, detaching): no instance or service is behind it.
        if eni.status == "available" {
            return Blocker(
                code: .destinationNotListening, component: eni.id,
                reason: DestinationProblem(problem: .detached(eni: eni.id, address: address)))
        }
        let why: String
        switch eni.interfaceType {
        case "lambda":
            why =
                "\(eni.id) is a Lambda function's network interface. Lambda's network interfaces only open connections: nothing can open one to a function, whatever its security groups say."
        case "nat_gateway":
            why =
                "\(eni.id) is a NAT gateway's network interface. A NAT gateway forwards the connections its subnets open, and the replies to them; it accepts no connection of its own."
        // Interfaces AWS places to forward traffic addressed elsewhere: nothing behind them
        // accepts a connection to their own address.
        case "transit_gateway":
            why =
                "\(eni.id) is a transit gateway's network interface in its attachment subnet, which the transit gateway uses to route traffic between its attachments; it accepts no connection of its own. Connect to the address of the resource behind the transit gateway."
        case "gateway_load_balancer":
            why =
                "\(eni.id) is a Gateway Load Balancer's network interface: it takes only GENEVE-encapsulated traffic (UDP 6081) from its endpoints and forwards it to its appliances; it accepts no connection of its own."
        case "gateway_load_balancer_endpoint":
            why =
                "\(eni.id) is a Gateway Load Balancer endpoint's network interface: route tables send traffic to it for inspection, on its way to another address; it accepts no connection of its own."
        default:
            return nil
        }
        return Blocker(
            code: .destinationNotListening, component: eni.id,
            reason: DestinationProblem(problem: .acceptsNoConnections(address: address, why: why)))
    }

    /// Why the private `address` accepts no connection, if a NAT gateway of `vpcId` holds it
    /// (its interface may not be exported).
    static func natGatewayHolds(_ address: IPv4Address, inVPC vpcId: String, network: Network) -> Blocker? {
        guard let nat = network.natGateways(inVPC: vpcId).first(where: { $0.privateAddresses.contains(address) })
        else { return nil }
        return natGatewayAcceptsNoConnections(nat, address: address.description, which: "private address")
    }

    /// `address`, a NAT gateway's (`which`: its Elastic IP, its private address), accepts no
    /// connection.
    static func natGatewayAcceptsNoConnections(_ nat: NATGateway, address: String, which: String = "Elastic IP")
        -> Blocker
    {
        Blocker(
            code: .destinationNotListening, component: nat.id,
            reason: DestinationProblem(problem: .natGateway(nat: nat.id, address: address, which: which)))
    }

    static func dnsServerPort(_ address: IPv4Address, context: Solver.Context) -> Blocker {
        Blocker(
            code: .destinationNotListening, component: address.description,
            reason: DestinationProblem(problem: .dnsServerPort(address: address, traffic: context.traffic)))
    }

    /// `optionsNotExported`: the VPC's DHCP options set, when it was not exported ("" when the
    /// export does not name it).
    static func dnsSupportOff(_ vpc: VPC, optionsNotExported: String? = nil) -> Blocker {
        Blocker(
            code: .vpcDNSAttributesDisabled, component: vpc.id,
            reason: DestinationProblem(problem: .dnsSupportOff(vpc: vpc.id, optionsNotExported: optionsNotExported)))
    }

    static func otherVPCsDNSServer(_ address: IPv4Address, vpcId: String, functionVPC: String, options: String? = nil)
        -> Blocker
    {
        Blocker(
            code: .destinationNotListening, component: address.description,
            reason: DestinationProblem(
                problem: .otherVPCsDNSServer(address: address, vpc: vpcId, functionVPC: functionVPC, options: options)))
    }

    /// A route to a gateway endpoint by a CIDR, which AWS never makes.
    struct GatewayEndpointByCIDR: BlockerReason {
        var table: String
        var route: Route
        var endpoint: VPCEndpoint

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "Route \(route.summary) in \(table) sends the traffic to gateway endpoint \(endpoint.id) (\(endpoint.shortServiceName)) by a CIDR. AWS routes to a gateway endpoint only by its service's prefix list, a route it adds itself: this route is not one AWS makes (an export edited or out of date), and the traffic is taken as dropped.",
                fix: Shell.line(
                    "aws ec2 describe-route-tables --route-table-ids \(table)   # then, if the route is there: aws ec2 delete-route --route-table-id \(table) \(Explain.destinationArgument(route))"
                ))
        }
    }

    static func gatewayEndpointByCIDR(table: RouteTable, route: Route, endpoint: VPCEndpoint) -> Blocker {
        Blocker(
            code: .badStateRoute, component: table.id,
            reason: GatewayEndpointByCIDR(table: table.id, route: route, endpoint: endpoint))
    }

    // MARK: Public addresses of the inventory

    /// A destination reached at its public address whose subnet sends the replies elsewhere
    /// than its internet gateway.
    struct NoReturnToInternet: BlockerReason {
        var table: String
        var subnet: Subnet
        var route: Route?
        var owner: String
        var sourceLabel: String
        /// The internet gateway attached to the destination's VPC, if there is one.
        var gateway: String?

        func words(for function: FunctionIdentity) -> BlockerWords {
            let taken =
                route.map {
                    " Its route for that address is \($0.summary), so the replies do not go back through the internet gateway."
                }
                ?? " It has no route for that address."
            let destination = route.flatMap(cidrArgument) ?? "0.0.0.0/0"
            let fix: ShellCommand =
                gateway.map {
                    "aws ec2 \(raw: route == nil ? "create-route" : "replace-route") --route-table-id \(table) --destination-cidr-block \(destination) --gateway-id \($0)"
                }
                ?? "igw=$(aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text)\naws ec2 attach-internet-gateway --internet-gateway-id \"$igw\" --vpc-id \(subnet.vpcId)\naws ec2 create-route --route-table-id \(table) --destination-cidr-block 0.0.0.0/0 --gateway-id \"$igw\""
            return BlockerWords(
                message:
                    "\(owner) is reached at its public address, through the internet, so the replies go from \(subnet.id) to \(sourceLabel) and must leave through \(subnet.vpcId)'s internet gateway, which translates the public address: route table \(table) of \(subnet.id) must send them there.\(taken)",
                fix: fix.text)
        }
    }

    static func noReturnToInternet(
        table: RouteTable, subnet: Subnet, route: Route?, owner: String, sourceLabel: String, network: Network
    ) -> Blocker {
        Blocker(
            code: .noRouteToDestination, component: table.id,
            reason: NoReturnToInternet(
                table: table.id, subnet: subnet, route: route, owner: owner, sourceLabel: sourceLabel,
                gateway: attachedIGW(subnet.vpcId, network: network)?.id))
    }

    /// A destination reached at its public address whose groups do not admit the NAT
    /// gateway's Elastic IP.
    struct PublicIngressMismatch: BlockerReason {
        var group: String
        var noRules: Bool
        var owner: String
        var nat: NATGateway
        var traffic: Traffic
        /// Another way (a peering's or a transit gateway's DNS option), to say after the fix:
        /// lines that start with a `#` line saying what they do.
        var privateWay: String?

        /// Each zone's subnets leave through their zone's NAT gateway: another address to admit.
        var differsBySubnet: Bool { true }

        func words(for function: FunctionIdentity) -> BlockerWords {
            let address = nat.publicAddresses.first.map { "\($0)/32" }
            let cidr: ShellCommand = "\(address, else: "<\(nat.id)'s Elastic IP>/32")"
            let message =
                noRules
                ? "\(owner)'s security group \(group) has no inbound rules, so it admits nothing."
                : "No inbound rule of \(owner)'s security groups admits \(traffic.ipProtocol) port \(traffic.port) from \(nat.id)'s Elastic IP \(nat.publicAddresses.map(\.description).joined(separator: ", ")). The connection reaches \(owner) at its public address, through the internet, so it arrives from the NAT gateway's public address: a rule for the function's subnet or a reference to its security group does not match it."
            let command: ShellCommand =
                "aws ec2 authorize-security-group-ingress --group-id \(group) --protocol \(traffic.ipProtocol) --port \(traffic.port) --cidr \(cidr)"
            return BlockerWords(
                message: message,
                fix: command.text + (privateWay.map { "\n" + $0 } ?? ""))
        }
    }

    /// A blocker of the internet path to a publicly accessible database in a VPC that a
    /// peering or transit gateway joins to the function's: turning on the join's DNS option
    /// resolves the name privately and keeps the connection off the internet, which is the fix
    /// to try first; the blocker's own fix (a NAT gateway, an internet gateway in the database's
    /// VPC, which would expose it further) follows as the other way.
    struct PrivateWayFirst: BlockerReason {
        var blocker: Blocker
        /// Lines that start with a `#` line saying what they do (`privateResolution`).
        var privateWay: String

        func words(for function: FunctionIdentity) -> BlockerWords {
            var words = blocker.words(for: function)
            var lines = privateWay.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            // The private way's own heading says "or"; here it comes first.
            if let heading = lines.first, heading.hasPrefix("# or ") {
                lines[0] = "# " + heading.dropFirst("# or ".count)
            }
            words.fix = lines.joined(separator: "\n") + "\n# or, through the internet:\n" + words.fix
            return words
        }

        func combined(with other: any BlockerReason) -> (any BlockerReason)? {
            guard let other = other as? PrivateWayFirst, other.privateWay == privateWay,
                let joined = blocker.reason.combined(with: other.blocker.reason)
            else { return nil }
            var both = self
            both.blocker.reason = joined
            return both
        }
    }

    static func publicIngressMismatch(
        group: SecurityGroup, noRules: Bool, owner: String, nat: NATGateway, context: Solver.Context,
        privateWay: ShellCommand? = nil
    ) -> Blocker {
        Blocker(
            code: noRules ? .securityGroupHasNoRules : .eniSecurityGroupRulesMismatch, component: group.id,
            reason: PublicIngressMismatch(
                group: group.id, noRules: noRules, owner: owner, nat: nat, traffic: context.traffic,
                privateWay: privateWay?.text))
    }

    // MARK: Databases

    /// The statuses in which a database (instance, cluster or proxy) accepts connections: it
    /// is running, whatever maintenance is under way (a cluster's `update-iam-db-auth` is its
    /// instances' `configuring-iam-database-auth`; `storage-initialization` is an instance
    /// restored from a snapshot loading its blocks, available while it does). Any other
    /// (stopped, starting, creating, deleting, failed, storage-full, incompatible-*,
    /// inaccessible-encryption-credentials, rebooting, upgrading, ...) accepts none.
    static let servingStatuses: Set<String> = [
        "available", "backing-up", "modifying", "storage-optimization", "configuring-enhanced-monitoring",
        "configuring-iam-database-auth", "configuring-log-exports", "configuring-activity-stream",
        "resetting-master-credentials", "update-iam-db-auth", "storage-initialization",
    ]

    /// A database in a status in which it accepts no connections.
    struct DatabaseNotServing: BlockerReason {
        var identifier: String
        var kind: RDSDatabase.Kind
        /// The status, lowercased.
        var status: String

        func words(for function: FunctionIdentity) -> BlockerWords {
            let what: String
            let fix: ShellCommand
            switch kind {
            case .instance:
                what = "DB instance"
                switch status {
                case "stopped":
                    fix = "aws rds start-db-instance --db-instance-identifier \(identifier)"
                case "storage-full":
                    fix =
                        "aws rds modify-db-instance --db-instance-identifier \(identifier) --allocated-storage <more GiB> --apply-immediately"
                case "incompatible-network":
                    fix =
                        "aws rds start-db-instance --db-instance-identifier \(identifier)   # after freeing addresses in its DB subnet group's subnets (see the RDS docs on incompatible-network)"
                // States that do not pass on their own (RDS's DB instance status table): waiting
                // is no fix.
                case "failed":
                    fix =
                        "aws rds restore-db-instance-to-point-in-time --source-db-instance-identifier \(identifier) --target-db-instance-identifier \(identifier)-restored --use-latest-restorable-time   # RDS cannot recover a failed instance"
                case "inaccessible-encryption-credentials":
                    fix =
                        "aws kms enable-key --key-id \"$(aws rds describe-db-instances --db-instance-identifier \(identifier) --query 'DBInstances[0].KmsKeyId' --output text)\"   # the instance's KMS key is disabled or its grant revoked; a deleted key means restoring from a backup"
                case "incompatible-parameters":
                    fix =
                        "aws rds reboot-db-instance --db-instance-identifier \(identifier)   # after correcting the incompatible values of its DB parameter group (aws rds describe-db-instances --query 'DBInstances[0].DBParameterGroups')"
                case "insufficient-capacity":
                    fix =
                        "aws rds modify-db-instance --db-instance-identifier \(identifier) --db-instance-class <another instance class> --apply-immediately   # AWS has no capacity for its class in its zone now"
                case "restore-error":
                    fix =
                        "aws rds describe-events --source-type db-instance --source-identifier \(identifier)   # the restore failed: delete the instance and restore again"
                default:
                    fix =
                        "aws rds describe-db-instances --db-instance-identifier \(identifier) --query 'DBInstances[0].DBInstanceStatus'   # wait for 'available', or see the RDS events: aws rds describe-events --source-type db-instance --source-identifier \(identifier)"
                }
            case .cluster:
                what = "DB cluster"
                fix =
                    status == "stopped"
                    ? "aws rds start-db-cluster --db-cluster-identifier \(identifier)"
                    : "aws rds describe-db-clusters --db-cluster-identifier \(identifier) --query 'DBClusters[0].Status'   # wait for 'available'"
            case .proxy:
                what = "RDS proxy"
                fix =
                    "aws rds describe-db-proxies --db-proxy-name \(identifier) --query 'DBProxies[0].Status'   # wait for 'available'; 'incompatible-network' and 'insufficient-resource-limits' need the proxy's subnets and quotas fixed"
            case .proxyEndpoint:
                what = "RDS proxy endpoint"
                fix =
                    "aws rds describe-db-proxy-endpoints --db-proxy-endpoint-name \(identifier) --query 'DBProxyEndpoints[0].Status'   # wait for 'available'; 'incompatible-network' and 'insufficient-resource-limits' need the endpoint's subnets and quotas fixed"
            }
            return BlockerWords(
                message:
                    "\(what) \(identifier) is in status '\(status)', not 'available': it accepts no connections, whatever the network allows.",
                fix: fix.text)
        }
    }

    /// A question about a database on a port it does not listen on (`--port`): the endpoint's
    /// port is the only one that accepts connections.
    struct DatabasePortMismatch: BlockerReason {
        var identifier: String
        var listening: Int
        var asked: Int

        func words(for function: FunctionIdentity) -> BlockerWords {
            BlockerWords(
                message:
                    "\(identifier) listens on port \(listening) (its endpoint's port), not on \(asked): connections to \(asked) are refused whatever the network allows.",
                fix: Shell.line(
                    "lambda-reach query --function \(function.name) --to rds:\(identifier)   # asked on port \(listening), the one the database listens on; or change the client's port to \(listening)"
                ))
        }
    }

    /// `database` asked on a port other than its endpoint's, or nil.
    static func databasePortMismatch(_ database: RDSDatabase, asked: Int) -> Blocker? {
        guard let listening = database.port, listening > 0, listening != asked else { return nil }
        return Blocker(
            code: .destinationNotListening, component: database.identifier,
            reason: DatabasePortMismatch(identifier: database.identifier, listening: listening, asked: asked))
    }

    /// Why `database` accepts no connections now, or nil when it does (or its status was not
    /// exported).
    static func databaseNotServing(_ database: RDSDatabase) -> Blocker? {
        if let status = database.status?.lowercased(), !status.isEmpty {
            let serving =
                database.kind == .proxy || database.kind == .proxyEndpoint
                ? ["available", "modifying"] : servingStatuses
            if !serving.contains(status) {
                return Blocker(
                    code: .badState, component: database.identifier,
                    reason: DatabaseNotServing(identifier: database.identifier, kind: database.kind, status: status))
            }
        }
        // A cluster that is available, whose writer is not: the cluster endpoint connects to
        // the writer, which accepts nothing until it is back (or a failover replaces it).
        if let writer = database.writer, let status = writer.status?.lowercased(), !status.isEmpty,
            !servingStatuses.contains(status)
        {
            return Blocker(
                code: .badState, component: writer.identifier,
                reason: DatabaseNotServing(identifier: writer.identifier, kind: .instance, status: status))
        }
        return nil
    }

    // MARK: The function's VpcConfig

    /// A VpcConfig AWS rejects: subnets, or subnets and groups, of more than one VPC.
    struct InvalidVPCConfig: BlockerReason {
        var subnetsByVPC: [String: [String]]
        var foreignGroups: [SecurityGroup]
        /// The VpcConfig names subnets and no security group.
        var noGroups: Bool
        /// The VpcConfig names security groups and no subnet.
        var noSubnets: Bool = false
        /// The VPC a fix keeps (the one with most of the subnets; empty when none of them is in
        /// the inventory), and the function's groups of it.
        var keep: String
        var keptGroups: [String]

        func words(for function: FunctionIdentity) -> BlockerWords {
            var problems: [String] = []
            if subnetsByVPC.count > 1 {
                problems.append(
                    "its subnets are in \(subnetsByVPC.count) VPCs ("
                        + subnetsByVPC.keys.sorted().map { "\($0): \(subnetsByVPC[$0]!.joined(separator: ", "))" }
                        .joined(separator: "; ") + ")")
            }
            if !foreignGroups.isEmpty {
                problems.append(
                    "its security groups "
                        + foreignGroups.map { "\($0.id) (of \($0.vpcId))" }.joined(separator: ", ")
                        + " belong to another VPC than its subnets (\(keep))")
            }
            if noGroups {
                problems.append("it names subnets but no security group")
            }
            if noSubnets {
                problems.append(
                    "it names security groups (\(function.securityGroupIds.joined(separator: ", "))) but no subnet")
            }
            let rule =
                noGroups
                ? "Lambda takes subnets only with at least one security group (\"SubnetIds and SecurityIds must coexist or be both empty list\")"
                : noSubnets
                    ? "Lambda takes security groups only with at least one subnet (\"SubnetIds and SecurityIds must coexist or be both empty list\"); it is not a function outside a VPC either"
                    : "All the subnets and security groups of a function's VpcConfig must belong to one VPC"
            let vpc = keep.isEmpty ? "the function's VPC" : keep
            let subnets: ShellCommand =
                noSubnets
                ? "<private subnets of \(vpc)>" : "\(list: subnetsByVPC[keep] ?? function.subnetIds, separator: ",")"
            return BlockerWords(
                message:
                    "\(function.name)'s VpcConfig is one AWS rejects: \(problems.joined(separator: ", and ")). \(rule), so this export does not describe a function that runs: it cannot reach anything as configured.",
                fix: Shell.line(
                    "aws lambda update-function-configuration --function-name \(function.name) --vpc-config \(vpcConfig(subnets: subnets, groups: keptGroups.isEmpty ? "<a security group of \(vpc)>" : "\(list: keptGroups, separator: ",")"))"
                ))
        }
    }

    static func invalidVPCConfig(
        _ function: LambdaFunction, subnetsByVPC: [String: [String]], foreignGroups: [SecurityGroup],
        noGroups: Bool = false, noSubnets: Bool = false, network: Network
    ) -> Blocker {
        // The fix keeps the VPC that holds most of the function's subnets (ties: the smaller ID),
        // with the function's groups of that VPC; without subnets, the VPC of its first group
        // known to the inventory, else the VpcId the export reports.
        let keep =
            noSubnets
            ? (function.securityGroupIds.lazy.compactMap { network.securityGroups[$0]?.vpcId }.first { !$0.isEmpty }
                ?? function.reportedVPCId.flatMap { $0.isEmpty ? nil : $0 } ?? "")
            : subnetsByVPC.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key ?? ""
        let groups = function.securityGroupIds.filter {
            let vpc = network.securityGroups[$0]?.vpcId ?? keep
            return vpc.isEmpty || vpc == keep
        }
        return Blocker(
            code: .vpcConfigInvalid, component: function.arn,
            reason: InvalidVPCConfig(
                subnetsByVPC: subnetsByVPC, foreignGroups: foreignGroups, noGroups: noGroups, noSubnets: noSubnets,
                keep: keep, keptGroups: groups))
    }
}
