/// The words of a path: each step's `detail`, written from its facts when a report reads it.
/// An audit walks hundreds of thousands of paths whose details no report prints.
extension Step {
    /// The rule or route that matched, e.g. `egress rule #2 tcp 443 0.0.0.0/0`.
    public var detail: String {
        switch self {
        case .functionInterface(_, let zone, let cidr):
            // IPv4 only: a dual-stack ENI's IPv6 address is global, which a later hop says.
            guard let cidr else { return "Lambda ENI in \(zone) (an IPv6-only subnet: no IPv4 address)" }
            return "Lambda ENI in \(zone) (\(cidr)), private IPv4 address, no public IPv4 address"
        case .proxyConnection(let proxy, _, let zone, let cidr, let target, let port):
            return
                "RDS proxy \(proxy) opens its own connection to its target \(target) (port \(port)) from its network interface in \(zone)\(cidr.map { " (\($0))" } ?? ""): the hops that follow are the proxy's connection, which every connection through the proxy needs"
        case .dualStack(_, let block):
            guard IPv6CIDR(block) != nil else {
                return
                    "dual-stack: an IPv6 address of the subnet's block, whose range is not known until deploy (\(block)) (IPv6 routes and rules apply, apart from IPv4)"
            }
            return "dual-stack: IPv6 \(block) (IPv6 routes and rules apply, apart from IPv4)"
        case .lambdaService(.logsWithoutVPC):
            return "log output is delivered by the Lambda service, outside any VPC"
        case .lambdaService(.noVPCConfig):
            return "no VpcConfig: the function runs in a Lambda-owned network with internet access"
        case .lambdaService(.logsOutsideVPC):
            return
                "log output is delivered by the Lambda service, not through the VPC: no route, NAT or endpoint is needed"
        case .securityGroupRule(_, let direction, let rule):
            return "\(direction.rawValue) rule #\(rule.number) \(rule.summary)"
        case .networkACL(_, let outbound, let remote, let ipProtocol, let ports, let allowing, let excepting):
            let allowed =
                "\(outbound ? "outbound to" : "inbound from") \(remote) \(ipProtocol) \(ports): \(allowing.map(\.summary).joined(separator: ", "))"
            guard !excepting.isEmpty else { return allowed }
            let range = PortRange.ephemeral
            let count = excepting.reduce(0) { $0 + min($1.ports.to, range.to) - max($1.ports.from, range.from) + 1 }
            return
                "\(allowed); except \(excepting.map(\.summary).joined(separator: ", ")), whose \(count) of the \(range.to - range.from + 1) ephemeral ports drop the replies of the rare connection that picks one (denies of malicious ports before the allow, as AWS advises)"
        case .route(_, let route, .functionSubnet):
            return "route \(route.summary)"
        case .route(_, let route, .natGatewaySubnet(let subnet)):
            return "route \(route.summary) (the NAT gateway's subnet \(subnet))"
        case .route(_, let route, .attachmentSubnet(let subnet, let vpc)):
            return "route \(route.summary) (the attachment subnet \(subnet) in \(vpc))"
        case .route(_, let route, .gatewayEdge(let gateway)):
            return "route \(route.summary) (the edge route table of \(gateway), for traffic entering through it)"
        case .returnRoute(_, let route, let subnet):
            return "return route \(route?.summary ?? "") in \(subnet)"
        case .natGateway(let nat):
            return "\(nat.isPublic ? "public" : "private") NAT gateway in \(nat.subnetId), state \(nat.state)"
        case .internetGateway(_, let vpc, .natElasticIP(let address), _):
            return "attached to \(vpc); the NAT gateway's Elastic IP\(address.map { " as \($0)" } ?? "") is public"
        case .internetGateway(_, let vpc, .toOwner(let address, let owner), _):
            let translated =
                address.map { "\($0) to \(owner)'s private address" } ?? "\(owner)'s public address to its private one"
            return "attached to \(vpc): translates \(translated)"
        case .internetGateway(_, let vpc, .ipv6, _):
            return "attached to \(vpc); IPv6 addresses are public, so no NAT is needed"
        case .gatewayEndpoint(_, let serviceName, let state):
            return "\(serviceName), state \(state)"
        case .peering(let peering):
            return "\(peering.requester.vpcId) <-> \(peering.accepter.vpcId), status \(peering.status)"
        case .transitGateway(let gateway):
            return
                "state \(gateway.state), security-group referencing \(gateway.securityGroupReferencing ? "on" : "off")"
        case .transitGatewayEntry(let attachment, let vpc, let zone, let zoneSubnet):
            let place =
                zoneSubnet.map { "interface in \($0.id) (\($0.availabilityZone))" } ?? "no subnet in \(zone)"
            return "\(vpc) attachment, state \(attachment.state), \(place)"
        case .transitGatewayExit(let attachment):
            return
                "\(attachment.resourceType) attachment \(attachment.resourceId.map { "to \($0)" } ?? ""), state \(attachment.state)"
        case .transitGatewayRoute(_, let route, let returning):
            return "\(returning ? "return route" : "route") \(route.summary)"
        case .publicDestination(_, .endpoint):
            return "public endpoint"
        case .publicDestination(_, .serviceEndpoint(let service)):
            return "public endpoint of \(service)"
        case .publicDestination(_, .address):
            return "public address"
        case .publicDestination(_, .address6):
            return "public IPv6 address"
        case .serviceThroughGatewayEndpoint(let service, let region):
            return "\(service) in \(region), reached privately"
        case .serviceThroughInterfaceEndpoint(_, let endpointService):
            return "\(endpointService), reached privately"
        case .interfaceEndpoint(_, let serviceName, let central):
            return central
                ? "interface endpoint for \(serviceName), in another VPC: the connection goes to its network interfaces there"
                : "interface endpoint for \(serviceName), private DNS on: the service name resolves to its network interfaces"
        case .dnsResolution(let resolution, let endpointVPC):
            switch resolution.source {
            case .hostedZone(_, let name):
                return
                    "\(resolution.name) resolves to \(resolution.endpointId) (in \(endpointVPC)) through private hosted zone \(name), associated with the function's VPC"
            case .resolverRule(_, let domain, let vpc):
                return
                    "\(resolution.name) resolves to \(resolution.endpointId) (in \(endpointVPC)): a Resolver rule forwards \(domain) to resolvers in \(vpc), where the endpoint's private DNS answers"
            case .inboundEndpoint(let id, let vpc):
                return
                    "\(resolution.name) resolves to \(resolution.endpointId) (in \(endpointVPC)): the function's DNS servers are Resolver inbound endpoint \(id), whose queries \(vpc)'s Resolver answers, with its zones, rules and endpoints"
            case .dnsServer(let address, let vpc):
                return
                    "\(resolution.name) resolves to \(resolution.endpointId) (in \(endpointVPC)): the function's DNS server \(address) is in \(vpc), and answers with what \(vpc)'s Resolver knows, its zones, rules and endpoints"
            }
        case .database(_, let kind, let engine, let endpoint, let port, let publiclyAccessible):
            return
                "\(kind.rawValue) \(engine ?? "") \(endpoint ?? ""):\(port)\(publiclyAccessible ? ", publicly accessible" : "")"
        case .networkInterface(let eni, let address, let isPublic):
            let what = "\(eni.id) (\(eni.interfaceType)\(eni.description.isEmpty ? "" : ": \(eni.description)"))"
            return isPublic ? "\(what), public address \(address)" : "\(what) at \(address)"
        case .networkInterface6(let id, let address):
            return "\(id) at \(address)"
        case .unlistedAddress(let address, let subnet):
            return "\(address) in \(subnet)"
        case .unlistedAddress6(_, let subnet):
            return "in \(subnet)"
        case .natGatewayAddress(let nat, let address):
            return "\(nat)'s Elastic IP \(address)"
        case .sameSubnet:
            return
                "in the same subnet as the sender: network ACLs apply only to traffic that crosses a subnet's boundary"
        case .dnsServers(let options, let servers):
            return
                "the name is resolved by \(servers.joined(separator: ", ")) (the DNS servers of DHCP options \(options)), not the Amazon DNS server: the queries, udp 53, are filtered by security groups, network ACLs and routes like any traffic"
        case .amazonDNSServer(_, let vpc):
            return
                "the Amazon DNS server (Route 53 Resolver) of \(vpc): security groups and network ACLs do not filter traffic to it, and no route is needed"
        case .recorded(_, _, let detail):
            return detail
        }
    }
}
