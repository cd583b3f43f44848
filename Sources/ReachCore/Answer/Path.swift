/// What a component of a path is. The raw value is the JSON contract's hop `kind`
/// (docs/json-contract.md): never renamed within a `schemaVersion`.
public enum HopKind: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case lambdaService = "lambda-service"
    case subnet
    case securityGroup = "security-group"
    case networkACL = "network-acl"
    case routeTable = "route-table"
    case natGateway = "nat-gateway"
    case internetGateway = "internet-gateway"
    case egressOnlyInternetGateway = "egress-only-internet-gateway"
    case gatewayEndpoint = "gateway-endpoint"
    case interfaceEndpoint = "interface-endpoint"
    case peeringConnection = "peering-connection"
    case transitGateway = "transit-gateway"
    case transitGatewayAttachment = "transit-gateway-attachment"
    case transitGatewayRouteTable = "transit-gateway-route-table"
    case database
    case networkInterface = "network-interface"
    case amazonDNSServer = "amazon-dns-server"
    case dnsResolution = "dns-resolution"
    case awsService = "aws-service"
    case internet

    public var description: String { rawValue }
}

/// Which way traffic crosses a security group's rules.
public enum RuleDirection: String, Sendable, Hashable {
    case egress
    case ingress
}

/// One step of a path, as typed facts: the route that matched (its table and the route), the
/// rule that matched (its group, direction and rule), the NAT gateway, the endpoint, the
/// peering, and so on. Code that reads a path (the audit's checks, the diagrams) reads these;
/// the words of a hop's `detail` are written from them when a report prints it (PathWords.swift).
///
/// Indirect: a path is copied from walk to walk and answer to answer, and a copy of a step is
/// then one retain.
public indirect enum Step: Sendable, Hashable {
    /// Why Lambda's own network carries the traffic, not a VPC.
    public enum LambdaServiceReason: Sendable, Hashable {
        /// A function without VpcConfig: its log output.
        case logsWithoutVPC
        /// A function without VpcConfig: the internet and AWS services' public endpoints.
        case noVPCConfig
        /// A function in a VPC: its log output still goes through the Lambda service.
        case logsOutsideVPC
    }

    /// How an internet gateway carries the traffic.
    public enum GatewayTranslation: Sendable, Hashable {
        /// The NAT gateway's traffic goes out as its Elastic IP (`address`, when exported).
        case natElasticIP(address: String?)
        /// Inbound to a public owner: `address` (a literal public address, or nil when the
        /// destination is named, e.g. a database) to `owner`'s private address.
        case toOwner(address: String?, owner: String)
        /// IPv6 addresses are public: no translation.
        case ipv6
    }

    // The function's side.
    /// The function's network interface in `subnet`.
    case functionInterface(subnet: String, zone: String, cidr: IPv4CIDR?)
    /// The function's subnet, for IPv6 traffic from its `block`: a CIDR, or `unresolved: ...`
    /// where a template or plan gives the subnet a block whose range is known only after deploy.
    case dualStack(subnet: String, block: String)
    /// Lambda's own network.
    case lambdaService(LambdaServiceReason)

    // Filters.
    /// The security-group rule that let the traffic through.
    case securityGroupRule(group: String, direction: RuleDirection, rule: SecurityGroupRule)
    /// The network ACL entries that let the traffic through, `outbound` or in, to or from `remote`.
    /// `excepting`: entries that deny a few of the reply ports anyway (`Filters.withFewPortDenies`).
    case networkACL(
        acl: String, outbound: Bool, remote: String, ipProtocol: IPProtocol, ports: PortRange,
        allowing: [NetworkACLEntry], excepting: [NetworkACLEntry] = [])

    // Routing.
    /// The route of `table` that matched, for traffic leaving the subnet `origin` names.
    case route(table: String, route: Route, origin: RouteOrigin = .functionSubnet)
    /// The route of `table` that carries the replies back into `subnet` (nil: none was read).
    case returnRoute(table: String, route: Route?, subnet: String)
    case natGateway(NATGateway)
    case internetGateway(id: String, vpc: String, GatewayTranslation, egressOnly: Bool = false)
    case gatewayEndpoint(id: String, serviceName: String, state: String)
    case peering(PeeringConnection)
    case transitGateway(TransitGateway)
    /// The attachment of the function's VPC, with its subnet in the function's zone (nil: none there).
    case transitGatewayEntry(TransitGatewayAttachment, vpc: String, zone: String, zoneSubnet: Subnet?)
    /// The attachment the transit gateway's route sends the traffic to.
    case transitGatewayExit(TransitGatewayAttachment)
    /// The route of a transit gateway route table that matched, on the way there or back.
    case transitGatewayRoute(table: String, route: TransitGatewayRoute, returning: Bool)

    // Destinations.
    /// The public internet or an AWS service's public endpoint, reached from Lambda's network or
    /// through an internet gateway.
    case publicDestination(label: String, PublicReach)
    /// An AWS service reached through a gateway endpoint, in `region`.
    case serviceThroughGatewayEndpoint(service: String, region: String)
    /// An AWS service reached through its interface endpoint.
    case serviceThroughInterfaceEndpoint(service: String, endpointService: String)
    /// An interface endpoint; `central`: in another VPC, its name resolved by a private hosted
    /// zone or a Resolver rule rather than by its own private DNS.
    case interfaceEndpoint(id: String, serviceName: String, central: Bool = false)
    /// How the function's VPC resolved the service's name to an endpoint elsewhere: the DNS
    /// step, apart from the network steps that follow it.
    case dnsResolution(DNSResolution, endpointVPC: String)
    /// The name is resolved by DNS servers of the account's own, which the VPC's DHCP options
    /// set `options` names (`servers`, in order): the queries are filtered like any traffic.
    case dnsServers(options: String, servers: [String])
    case database(
        identifier: String, kind: RDSDatabase.Kind, engine: String?, endpoint: String?, port: Int,
        publiclyAccessible: Bool)
    /// A network interface of the inventory at `address` (`isPublic`: its public address).
    case networkInterface(NetworkInterface, address: String, isPublic: Bool)
    /// An IPv6 address of a network interface.
    case networkInterface6(id: String, address: String)
    /// An address of `subnet` that no exported network interface has.
    case unlistedAddress(address: String, subnet: String)
    /// An IPv6 address of `subnet` that no exported network interface has.
    case unlistedAddress6(address: String, subnet: String)
    /// A NAT gateway's Elastic IP, as a destination.
    case natGatewayAddress(nat: String, address: String)
    /// The destination is in the function's own subnet: network ACLs do not apply.
    case sameSubnet(subnet: String)
    /// The VPC's DNS server at `address`.
    case amazonDNSServer(address: String, vpc: String)

    /// The connection an RDS proxy opens to its target database `target` on `port`, from its
    /// network interface in `subnet`: the hops after it, up to the target, are the proxy's own
    /// connection, which a client's connection to the proxy needs (the proxy pools them).
    case proxyConnection(proxy: String, subnet: String, zone: String, cidr: IPv4CIDR?, target: String, port: Int)

    /// A step read back from JSON: its words are all there is of it.
    case recorded(component: String, kind: HopKind, detail: String)

    /// Which subnet's traffic a route table's route is read for.
    public enum RouteOrigin: Sendable, Hashable {
        /// The function's.
        case functionSubnet
        /// A NAT gateway's, for the traffic the NAT gateway sends on.
        case natGatewaySubnet(String)
        /// A transit gateway attachment subnet in `vpc`, for the traffic the gateway delivers.
        case attachmentSubnet(String, vpc: String)
        /// The edge route table of gateway `String`, for the traffic entering its VPC through it.
        case gatewayEdge(String)
    }

    /// What the internet end of a path is.
    public enum PublicReach: Sendable, Hashable {
        /// The target `internet`'s or an AWS service's public endpoint (`service`: the
        /// service's name, nil for the internet).
        case endpoint(service: String?)
        /// The public endpoint of a service given by name, through a NAT gateway.
        case serviceEndpoint(service: String)
        /// A public IPv4 address.
        case address
        /// A public IPv6 address.
        case address6
    }
}

/// One component a path goes through, with the rule or route that let it through.
public struct Hop: Sendable, Hashable, Codable {
    /// What happened at the component, as typed facts.
    public var step: Step

    public init(_ step: Step) { self.step = step }

    /// A hop with its words only: read back from JSON, or made by a test.
    public init(component: String, kind: HopKind, detail: String) {
        step = .recorded(component: component, kind: kind, detail: detail)
    }

    /// The AWS ID (`subnet-0a1`, `rtb-9f`, `nat-77`, `sg-12`) or a well-known name (`internet`).
    public var component: String { step.component }
    /// What the component is.
    public var kind: HopKind { step.kind }
    /// The rule or route that matched, e.g. `egress rule #2 tcp 443 0.0.0.0/0`.
    public var detail: String { step.detail }

    private enum CodingKeys: String, CodingKey { case component, kind, detail }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            component: try container.decode(String.self, forKey: .component),
            kind: try container.decode(HopKind.self, forKey: .kind),
            detail: try container.decode(String.self, forKey: .detail))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(component, forKey: .component)
        try container.encode(kind, forKey: .kind)
        try container.encode(detail, forKey: .detail)
    }
}

extension Step {
    /// The AWS ID of the component, or a well-known name.
    public var component: String {
        switch self {
        case .functionInterface(let subnet, _, _), .dualStack(let subnet, _), .sameSubnet(let subnet),
            .proxyConnection(_, let subnet, _, _, _, _):
            return subnet
        case .lambdaService: return "lambda-service"
        case .securityGroupRule(let group, _, _): return group
        case .networkACL(let acl, _, _, _, _, _, _): return acl
        case .route(let table, _, _), .returnRoute(let table, _, _), .transitGatewayRoute(let table, _, _):
            return table
        case .natGateway(let nat): return nat.id
        case .internetGateway(let id, _, _, _), .gatewayEndpoint(let id, _, _), .interfaceEndpoint(let id, _, _):
            return id
        case .dnsResolution(let resolution, _): return resolution.source.component
        case .dnsServers(let options, _): return options
        case .peering(let peering): return peering.id
        case .transitGateway(let gateway): return gateway.id
        case .transitGatewayEntry(let attachment, _, _, _), .transitGatewayExit(let attachment): return attachment.id
        case .publicDestination(let label, _): return label
        case .serviceThroughGatewayEndpoint(let service, _), .serviceThroughInterfaceEndpoint(let service, _):
            return service
        case .database(let identifier, _, _, _, _, _): return identifier
        case .networkInterface(let eni, _, _): return eni.id
        case .networkInterface6(let id, _): return id
        case .unlistedAddress(let address, _), .unlistedAddress6(let address, _), .amazonDNSServer(let address, _):
            return address
        case .natGatewayAddress(let nat, _): return nat
        case .recorded(let component, _, _): return component
        }
    }

    /// What the component is.
    public var kind: HopKind {
        switch self {
        case .functionInterface, .dualStack, .sameSubnet, .proxyConnection: return .subnet
        case .lambdaService: return .lambdaService
        case .securityGroupRule: return .securityGroup
        case .networkACL: return .networkACL
        case .route, .returnRoute: return .routeTable
        case .natGateway, .natGatewayAddress: return .natGateway
        case .internetGateway(_, _, _, let egressOnly):
            return egressOnly ? .egressOnlyInternetGateway : .internetGateway
        case .gatewayEndpoint: return .gatewayEndpoint
        case .interfaceEndpoint: return .interfaceEndpoint
        case .peering: return .peeringConnection
        case .transitGateway: return .transitGateway
        case .transitGatewayEntry, .transitGatewayExit: return .transitGatewayAttachment
        case .transitGatewayRoute: return .transitGatewayRouteTable
        case .publicDestination(_, .endpoint(let service)): return service == nil ? .internet : .awsService
        case .publicDestination(_, .serviceEndpoint): return .awsService
        case .publicDestination(_, .address), .publicDestination(_, .address6): return .internet
        case .serviceThroughGatewayEndpoint, .serviceThroughInterfaceEndpoint: return .awsService
        case .database: return .database
        case .networkInterface, .networkInterface6, .unlistedAddress, .unlistedAddress6: return .networkInterface
        case .amazonDNSServer: return .amazonDNSServer
        case .dnsResolution, .dnsServers: return .dnsResolution
        case .recorded(_, let kind, _): return kind
        }
    }
}
