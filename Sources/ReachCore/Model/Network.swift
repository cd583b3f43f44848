/// The network model: what the solver reasons about, built by the inventory from SQLite.
///
/// It holds AWS's own vocabulary (VPCs, subnets, route tables, ...) in typed form with parsed
/// CIDRs, and nothing about where the data came from. A `Network` may hold a whole organisation
/// (audit) or only the VPCs one question touches (query).
public struct Network: Sendable {
    public var vpcs: [String: VPC] = [:]
    public var subnets: [String: Subnet] = [:]
    public var routeTables: [String: RouteTable] = [:]
    public var internetGateways: [String: InternetGateway] = [:]
    public var egressOnlyInternetGateways: [String: InternetGateway] = [:]
    public var natGateways: [String: NATGateway] = [:]
    public var endpoints: [String: VPCEndpoint] = [:]
    /// Every group, with the rules of those something wears: a function, a database, an
    /// endpoint, a network interface. A group nothing wears may be loaded without its rules
    /// (the loader does so for a whole organisation): no question evaluates them, since a rule
    /// that references a group reads only which addresses are its members.
    public var securityGroups: [String: SecurityGroup] = [:]
    public var networkACLs: [String: NetworkACL] = [:]
    public var prefixLists: [String: PrefixList] = [:]
    public var peerings: [String: PeeringConnection] = [:]
    public var transitGateways: [String: TransitGateway] = [:]
    public var transitGatewayAttachments: [String: TransitGatewayAttachment] = [:]
    public var transitGatewayRouteTables: [String: TransitGatewayRouteTable] = [:]
    public var networkInterfaces: [String: NetworkInterface] = [:]
    public var functions: [String: LambdaFunction] = [:]  // by ARN
    public var databases: [String: RDSDatabase] = [:]  // by key
    public var roles: [String: Role] = [:]  // by ARN
    /// Accounts for which IAM data was imported: only there can role permissions be judged.
    public var accountsWithIAMData: Set<String> = []

    public init() {}

    // Lookups the solver makes over and over, built once by `index()`.
    public var mainRouteTableByVPC: [String: String] = [:]
    public var routeTableBySubnet: [String: String] = [:]
    public var networkACLBySubnet: [String: String] = [:]
    public var defaultNetworkACLByVPC: [String: String] = [:]
    public var subnetsByVPC: [String: [String]] = [:]
    public var endpointsByVPC: [String: [String]] = [:]
    public var groupMembersAddresses: [String: AddressSet] = [:]
    /// `routeTable(forSubnet:)` and `networkACL(forSubnet:)` of every subnet in `subnets`.
    var routeTableOfSubnet: [String: RouteTable] = [:]
    var networkACLOfSubnet: [String: NetworkACL] = [:]
    /// `endpoints(inVPC:)` of every VPC with endpoints: every walk to an AWS service reads them.
    var endpointsOfVPC: [String: [VPCEndpoint]] = [:]
    /// VPC attachments (to any transit gateway) by VPC, sorted by ID.
    public var transitGatewayAttachmentsByVPC: [String: [String]] = [:]
    /// `natGateways(inVPC:)`, `internetGateways(attachedTo:)` and `peerings(ofVPC:)` of every
    /// VPC that has some. Explanations read them for each blocker they word (which NAT gateway
    /// a fix should route to): scanning every gateway of an organisation each time cost a
    /// fortieth of its audit.
    var natGatewaysOfVPC: [String: [NATGateway]] = [:]
    var internetGatewaysOfVPC: [String: [InternetGateway]] = [:]
    var peeringsOfVPC: [String: [PeeringConnection]] = [:]
    /// Network interfaces by private IPv4 address, each list sorted by ID. An address can be
    /// held in several VPCs at once (overlapping CIDRs): `interface(at:inVPC:)` picks the VPC.
    var interfacesByAddress: [UInt32: [String]] = [:]
    /// What holds each public IPv4 address of the inventory: a network interface's public IP or
    /// Elastic IP, or a NAT gateway's Elastic IP.
    public var publicAddressOwners: [UInt32: PublicAddressOwner] = [:]
    /// Lambda's network interfaces (interface type `lambda`) by subnet, sorted by ID: what a
    /// fix names as the source of a VPC Reachability Analyzer path.
    var lambdaInterfacesBySubnet: [String: [NetworkInterface]] = [:]

    /// Builds the lookup tables. Call after the resources they index are in place: route
    /// tables, network ACLs, subnets, endpoints, NAT and internet gateways, peerings, transit
    /// gateway attachments, network interfaces and databases. Security groups are not read:
    /// the loader builds the tables while it is still reading those on another thread.
    public mutating func index() {
        // At 1,000 VPCs the tables take tens of milliseconds, and nothing else runs while
        // they are built: the two halves are built at once, on two cores.
        let network = self
        let (routing, rest) = Parallel.both({ network.indexingRouteTables() }, { network.indexingTheRest() })
        mainRouteTableByVPC = routing.mainRouteTableByVPC
        routeTableBySubnet = routing.routeTableBySubnet
        routeTableOfSubnet = routing.routeTableOfSubnet
        subnetsByVPC = routing.subnetsByVPC
        networkACLBySubnet = rest.networkACLBySubnet
        defaultNetworkACLByVPC = rest.defaultNetworkACLByVPC
        networkACLOfSubnet = rest.networkACLOfSubnet
        endpointsByVPC = rest.endpointsByVPC
        endpointsOfVPC = rest.endpointsOfVPC
        transitGatewayAttachmentsByVPC = rest.transitGatewayAttachmentsByVPC
        groupMembersAddresses = rest.groupMembersAddresses
        natGatewaysOfVPC = rest.natGatewaysOfVPC
        internetGatewaysOfVPC = rest.internetGatewaysOfVPC
        peeringsOfVPC = rest.peeringsOfVPC
        interfacesByAddress = rest.interfacesByAddress
        publicAddressOwners = rest.publicAddressOwners
        lambdaInterfacesBySubnet = rest.lambdaInterfacesBySubnet
    }

    /// `claims[key] = id` unless `claims` holds a greater ID for `key`: claims made in any order
    /// leave what claims made in ID order would, with no sort. Two route tables (or ACLs)
    /// claiming one subnet, or two main tables in one VPC, are inconsistent exports; the
    /// answer must still not depend on the order of a dictionary.
    static func claim(_ claims: inout [String: String], _ key: String, _ id: String) {
        if let held = claims.updateValue(id, forKey: key), held > id { claims[key] = held }
    }

    /// What route tables or network ACLs claim: each VPC's default one (the main route table,
    /// the default ACL) and each subnet's associated one, conflicts settled by `claim`.
    private func claims<Item>(
        of items: some Sequence<Item>,
        _ claimsOf: (Item) -> (id: String, vpcId: String, isDefault: Bool, subnets: [String])
    ) -> (byVPC: [String: String], bySubnet: [String: String]) {
        var byVPC: [String: String] = [:]
        var bySubnet: [String: String] = [:]
        bySubnet.reserveCapacity(subnets.count)
        for item in items {
            let (id, vpcId, isDefault, associated) = claimsOf(item)
            if isDefault { Self.claim(&byVPC, vpcId, id) }
            for subnet in associated { Self.claim(&bySubnet, subnet, id) }
        }
        return (byVPC, bySubnet)
    }

    /// A copy with the route-table lookups built (see `index()`), and the subnets by VPC.
    private func indexingRouteTables() -> Network {
        var part = self
        (part.mainRouteTableByVPC, part.routeTableBySubnet) = claims(of: routeTables.values) {
            (id: $0.id, vpcId: $0.vpcId, isDefault: $0.isMain, subnets: $0.associatedSubnets)
        }
        // Each subnet's route table, association or VPC main table resolved once: the solver
        // asks for it on every walk.
        part.routeTableOfSubnet = [:]
        part.routeTableOfSubnet.reserveCapacity(subnets.count)
        for subnet in subnets.values {
            part.routeTableOfSubnet[subnet.id] = part.resolveRouteTable(subnet.id, vpcId: subnet.vpcId)
        }
        part.subnetsByVPC = Self.byVPC(subnets.values, id: \.id) { [$0.vpcId] }.mapValues { $0.map(\.id) }
        return part
    }

    /// A copy with the other lookups built (see `index()`): network ACLs, endpoints, gateways,
    /// peerings, transit gateway attachments and security-group members.
    private func indexingTheRest() -> Network {
        var part = self
        (part.defaultNetworkACLByVPC, part.networkACLBySubnet) = claims(of: networkACLs.values) {
            (id: $0.id, vpcId: $0.vpcId, isDefault: $0.isDefault, subnets: $0.associatedSubnets)
        }
        part.networkACLOfSubnet = [:]
        part.networkACLOfSubnet.reserveCapacity(subnets.count)
        for subnet in subnets.values {
            part.networkACLOfSubnet[subnet.id] = part.resolveNetworkACL(subnet.id, vpcId: subnet.vpcId)
        }
        part.endpointsOfVPC = Self.byVPC(endpoints.values, id: \.id) { [$0.vpcId] }
        part.endpointsByVPC = part.endpointsOfVPC.mapValues { $0.map(\.id) }
        part.transitGatewayAttachmentsByVPC = Self.byVPC(transitGatewayAttachments.values, id: \.id) {
            $0.vpcId.map { [$0] } ?? []
        }.mapValues { $0.map(\.id) }
        part.natGatewaysOfVPC = Self.byVPC(natGateways.values, id: \.id) { [$0.vpcId] }
        part.internetGatewaysOfVPC = Self.byVPC(internetGateways.values, id: \.id) { $0.attachedVPCs }
        part.peeringsOfVPC = Self.byVPC(peerings.values, id: \.id) { [$0.requester.vpcId, $0.accepter.vpcId] }
        // Where a group's members are: needed when a rule references a group as destination.
        var members: [String: [IPv4CIDR]] = [:]
        for eni in networkInterfaces.values {
            for group in eni.securityGroupIds {
                members[group, default: []] += eni.privateAddresses.map { IPv4CIDR(address: $0, prefixLength: 32) }
            }
        }
        for database in databases.values {
            for group in database.securityGroupIds {
                for subnetId in database.subnetIds {
                    if let cidr = subnets[subnetId]?.cidr { members[group, default: []].append(cidr) }
                }
            }
        }
        part.groupMembersAddresses = members.mapValues(AddressSet.init)
        var byAddress: [UInt32: [String]] = [:]
        var owners: [UInt32: PublicAddressOwner] = [:]
        // A NAT gateway's Elastic IP is on its interface too when interfaces were exported:
        // the gateway is the owner that says what the address is.
        for nat in natGateways.values {
            for address in nat.publicAddresses { Self.claim(&owners, address.value, .natGateway(nat.id)) }
        }
        for eni in networkInterfaces.values {
            for address in eni.privateAddresses { byAddress[address.value, default: []].append(eni.id) }
            for address in eni.publicAddresses { Self.claim(&owners, address.value, .networkInterface(eni.id)) }
        }
        part.interfacesByAddress = byAddress.mapValues { $0.count > 1 ? $0.sorted() : $0 }
        part.lambdaInterfacesBySubnet = Self.byVPC(
            networkInterfaces.values.filter { $0.interfaceType == "lambda" }, id: \.id
        ) {
            [$0.subnetId]
        }
        part.publicAddressOwners = owners
        return part
    }

    /// `owners[address] = owner` unless it holds one that ranks first: a NAT gateway before
    /// the interface that carries its Elastic IP, then the smaller ID (an address claimed twice
    /// by an inconsistent export keeps one owner whatever the dictionaries' order).
    static func claim(_ owners: inout [UInt32: PublicAddressOwner], _ address: UInt32, _ owner: PublicAddressOwner) {
        if let held = owners[address],
            (held.isNATGateway ? 0 : 1, held.id) <= (owner.isNATGateway ? 0 : 1, owner.id)
        {
            return
        }
        owners[address] = owner
    }

    /// `items` under each VPC that `vpcsOf` gives for them (once per VPC), sorted by ID.
    private static func byVPC<Item>(
        _ items: some Sequence<Item>, id: (Item) -> String, _ vpcsOf: (Item) -> [String]
    ) -> [String: [Item]] {
        var byVPC: [String: [Item]] = [:]
        for item in items {
            let vpcs = vpcsOf(item)
            // Most items are in one VPC: no set made to drop repeats from a list of one.
            for vpc in vpcs.count > 1 ? Array(Set(vpcs)) : vpcs { byVPC[vpc, default: []].append(item) }
        }
        return byVPC.mapValues { $0.sorted { id($0) < id($1) } }
    }

    /// The route table a subnet uses: its explicit association, else its VPC's main table.
    public func routeTable(forSubnet subnetId: String) -> RouteTable? {
        routeTableOfSubnet[subnetId] ?? resolveRouteTable(subnetId, vpcId: subnets[subnetId]?.vpcId)
    }

    /// The network ACL a subnet uses: its association, else its VPC's default ACL.
    public func networkACL(forSubnet subnetId: String) -> NetworkACL? {
        networkACLOfSubnet[subnetId] ?? resolveNetworkACL(subnetId, vpcId: subnets[subnetId]?.vpcId)
    }

    /// `routeTable(forSubnet:)` from the associations, for a subnet of `vpcId`: what `index()`
    /// keeps for each subnet of the model, and the answer for any other.
    private func resolveRouteTable(_ subnetId: String, vpcId: String?) -> RouteTable? {
        guard let id = routeTableBySubnet[subnetId] ?? vpcId.flatMap({ mainRouteTableByVPC[$0] }) else { return nil }
        return routeTables[id]
    }

    /// `networkACL(forSubnet:)` from the associations, as `resolveRouteTable` is.
    private func resolveNetworkACL(_ subnetId: String, vpcId: String?) -> NetworkACL? {
        guard let id = networkACLBySubnet[subnetId] ?? vpcId.flatMap({ defaultNetworkACLByVPC[$0] }) else {
            return nil
        }
        return networkACLs[id]
    }

    /// `vpcId`'s subnets, in ID order.
    public func subnets(inVPC vpcId: String) -> [Subnet] {
        (subnetsByVPC[vpcId] ?? []).compactMap { subnets[$0] }
    }

    /// `vpcId`'s endpoints, in ID order.
    public func endpoints(inVPC vpcId: String) -> [VPCEndpoint] {
        endpointsOfVPC[vpcId] ?? []
    }

    /// `vpcId`'s NAT gateways (any state, public or private), in ID order.
    public func natGateways(inVPC vpcId: String) -> [NATGateway] {
        natGatewaysOfVPC[vpcId] ?? []
    }

    /// The internet gateways attached to `vpcId`, in ID order.
    public func internetGateways(attachedTo vpcId: String) -> [InternetGateway] {
        internetGatewaysOfVPC[vpcId] ?? []
    }

    /// The peering connections `vpcId` is a side of (any status), in ID order.
    public func peerings(ofVPC vpcId: String) -> [PeeringConnection] {
        peeringsOfVPC[vpcId] ?? []
    }

    /// The subnet of `vpcId` whose CIDR contains `address`.
    public func subnet(containing address: IPv4Address, inVPC vpcId: String) -> Subnet? {
        subnets(inVPC: vpcId).first { $0.cidr?.contains(address) == true }
    }

    /// The network interface Lambda made for a function in `subnetId` with exactly the security
    /// groups `groupIds` (Lambda shares one per subnet and group combination), if exported.
    public func lambdaInterface(inSubnet subnetId: String, groups groupIds: [String]) -> NetworkInterface? {
        let wanted = Set(groupIds)
        return lambdaInterfacesBySubnet[subnetId]?.first { Set($0.securityGroupIds) == wanted }
    }

    /// The network interface of `vpcId` that has the private `address` (the smallest ID when an
    /// inconsistent export gives it to several). The same address may be an interface's in
    /// another VPC: VPC CIDRs overlap across an organisation.
    public func interface(at address: IPv4Address, inVPC vpcId: String) -> NetworkInterface? {
        let ids =
            interfacesByAddress[address.value]
            ?? networkInterfaces.values.filter { $0.privateAddresses.contains(address) }.map(\.id).sorted()
        return ids.lazy.compactMap { networkInterfaces[$0] }.first { $0.vpcId == vpcId }
    }
}

/// What holds a public IPv4 address of the inventory.
public enum PublicAddressOwner: Sendable, Hashable {
    /// A network interface (an instance's, a load balancer's, a database's, ...) by ID.
    case networkInterface(String)
    /// A NAT gateway by ID: its Elastic IP.
    case natGateway(String)

    public var id: String {
        switch self {
        case .networkInterface(let id), .natGateway(let id): return id
        }
    }

    var isNATGateway: Bool {
        if case .natGateway = self { return true }
        return false
    }
}

/// A VPC and the attributes that reachability depends on.
public struct VPC: Sendable, Hashable {
    public var id: String
    public var accountId: String
    public var region: String
    public var cidrs: [IPv4CIDR]
    public var ipv6Cidrs: [String]
    public var isDefault: Bool
    public var dedicatedTenancy: Bool
    /// nil when describe-vpc-attribute was not exported.
    public var enableDnsSupport: Bool?
    public var enableDnsHostnames: Bool?
    public var name: String?
    /// The VPC's primary IPv4 block (`CidrBlock`), where the Amazon DNS server is; nil when the
    /// export did not say which of `cidrs` it is.
    public var primaryCIDR: IPv4CIDR?

    public init(
        id: String, accountId: String, region: String, cidrs: [IPv4CIDR], ipv6Cidrs: [String] = [],
        isDefault: Bool = false, dedicatedTenancy: Bool = false, enableDnsSupport: Bool? = nil,
        enableDnsHostnames: Bool? = nil, name: String? = nil, primaryCIDR: IPv4CIDR? = nil
    ) {
        self.id = id
        self.accountId = accountId
        self.region = region
        self.primaryCIDR = primaryCIDR
        self.cidrs = cidrs
        self.ipv6Cidrs = ipv6Cidrs
        self.isDefault = isDefault
        self.dedicatedTenancy = dedicatedTenancy
        self.enableDnsSupport = enableDnsSupport
        self.enableDnsHostnames = enableDnsHostnames
        self.name = name
    }

    public var addresses: AddressSet { AddressSet(cidrs) }

    /// The Amazon DNS server (Route 53 Resolver) of the VPC: the base of its primary IPv4 block
    /// plus two. Traffic to it is not filtered by security groups or network ACLs.
    public var amazonDNSAddress: IPv4Address? {
        guard let block = primaryCIDR ?? (cidrs.count == 1 ? cidrs[0] : nil) else { return nil }
        return IPv4Address(block.first.value &+ 2)
    }

    /// The link-local address of the Amazon DNS server, the same in every VPC.
    public static let linkLocalDNSAddress = IPv4Address("169.254.169.253")!
}

/// A subnet: one availability zone, one CIDR, one route table and one network ACL.
public struct Subnet: Sendable, Hashable {
    private struct Fields: Hashable, Sendable {
        var id: String
        var vpcId: String
        var availabilityZone: String
        var cidr: IPv4CIDR?
        var ipv6Cidrs: [String]
        var availableIPAddressCount: Int?
        var mapPublicIPOnLaunch: Bool
        var name: String?
    }
    private var fields: Shared<Fields>

    public var id: String {
        get { fields.value.id }
        set { fields.value.id = newValue }
    }
    public var vpcId: String {
        get { fields.value.vpcId }
        set { fields.value.vpcId = newValue }
    }
    public var availabilityZone: String {
        get { fields.value.availabilityZone }
        set { fields.value.availabilityZone = newValue }
    }
    public var cidr: IPv4CIDR? {
        get { fields.value.cidr }
        set { fields.value.cidr = newValue }
    }
    public var ipv6Cidrs: [String] {
        get { fields.value.ipv6Cidrs }
        set { fields.value.ipv6Cidrs = newValue }
    }
    public var availableIPAddressCount: Int? {
        get { fields.value.availableIPAddressCount }
        set { fields.value.availableIPAddressCount = newValue }
    }
    public var mapPublicIPOnLaunch: Bool {
        get { fields.value.mapPublicIPOnLaunch }
        set { fields.value.mapPublicIPOnLaunch = newValue }
    }
    public var name: String? {
        get { fields.value.name }
        set { fields.value.name = newValue }
    }

    public init(
        id: String, vpcId: String, availabilityZone: String, cidr: IPv4CIDR?, ipv6Cidrs: [String] = [],
        availableIPAddressCount: Int? = nil, mapPublicIPOnLaunch: Bool = false, name: String? = nil
    ) {
        fields = Shared(
            Fields(
                id: id, vpcId: vpcId, availabilityZone: availabilityZone, cidr: cidr, ipv6Cidrs: ipv6Cidrs,
                availableIPAddressCount: availableIPAddressCount, mapPublicIPOnLaunch: mapPublicIPOnLaunch, name: name))
    }

    public var addresses: AddressSet { cidr.map { AddressSet($0) } ?? AddressSet() }
}

/// Where a route sends traffic.
public enum RouteTargetKind: String, Sendable, Hashable, CaseIterable {
    case local, igw, eigw, nat, vpce, pcx, tgw, vgw, eni, instance, carrier, lgw
    case coreNetwork = "core-network"
    case unknown
}

/// One route of a route table.
public struct Route: Sendable, Hashable {
    public enum Destination: Sendable, Hashable {
        case cidr(IPv4CIDR)
        case ipv6(String)
        case prefixList(String)
    }
    public var destination: Destination
    public var targetKind: RouteTargetKind
    public var targetId: String?
    /// `active` or `blackhole`.
    public var isBlackhole: Bool
    /// `EnableVgwRoutePropagation`: loses ties to static routes.
    public var isPropagated: Bool

    public init(
        destination: Destination, targetKind: RouteTargetKind, targetId: String?, isBlackhole: Bool = false,
        isPropagated: Bool = false
    ) {
        self.destination = destination
        self.targetKind = targetKind
        self.targetId = targetId
        self.isBlackhole = isBlackhole
        self.isPropagated = isPropagated
    }

    /// How the route reads in an explanation: `0.0.0.0/0 -> nat-0a1`.
    public var summary: String {
        let destinationText: String
        switch destination {
        case .cidr(let cidr): destinationText = cidr.description
        case .ipv6(let text): destinationText = text
        case .prefixList(let id): destinationText = id
        }
        return "\(destinationText) -> \(targetId ?? targetKind.rawValue)\(isBlackhole ? " (blackhole)" : "")"
    }
}

/// A route table with its routes and associations.
public struct RouteTable: Sendable, Hashable {
    public var id: String
    public var vpcId: String
    public var routes: [Route]
    public var associatedSubnets: [String]
    public var isMain: Bool

    public init(id: String, vpcId: String, routes: [Route], associatedSubnets: [String] = [], isMain: Bool = false) {
        self.id = id
        self.vpcId = vpcId
        self.routes = routes
        self.associatedSubnets = associatedSubnets
        self.isMain = isMain
    }
}

/// An internet gateway or egress-only internet gateway and the VPCs it is attached to.
public struct InternetGateway: Sendable, Hashable {
    public var id: String
    public var attachedVPCs: [String]
    public init(id: String, attachedVPCs: [String]) {
        self.id = id
        self.attachedVPCs = attachedVPCs
    }
}

/// A NAT gateway.
public struct NATGateway: Sendable, Hashable {
    public var id: String
    public var vpcId: String
    public var subnetId: String
    public var state: String
    public var isPublic: Bool
    public var privateAddresses: [IPv4Address]
    public var publicAddresses: [IPv4Address]

    public init(
        id: String, vpcId: String, subnetId: String, state: String, isPublic: Bool,
        privateAddresses: [IPv4Address] = [], publicAddresses: [IPv4Address] = []
    ) {
        self.id = id
        self.vpcId = vpcId
        self.subnetId = subnetId
        self.state = state
        self.isPublic = isPublic
        self.privateAddresses = privateAddresses
        self.publicAddresses = publicAddresses
    }
}

/// A VPC endpoint: gateway (S3, DynamoDB; prefix-list routes) or interface (ENIs in subnets).
public struct VPCEndpoint: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case gateway, interface, gatewayLoadBalancer, other }
    private struct Fields: Hashable, Sendable {
        var id: String
        var vpcId: String
        var kind: Kind
        var serviceName: String
        var shortServiceName: String
        var state: String
        var privateDNSEnabled: Bool
        var policy: PolicyDocument?
        var routeTableIds: [String]
        var subnetIds: [String]
        var securityGroupIds: [String]
        var networkInterfaceIds: [String]
    }
    private var fields: Shared<Fields>

    public var id: String {
        get { fields.value.id }
        set { fields.value.id = newValue }
    }
    public var vpcId: String {
        get { fields.value.vpcId }
        set { fields.value.vpcId = newValue }
    }
    public var kind: Kind {
        get { fields.value.kind }
        set { fields.value.kind = newValue }
    }
    public var serviceName: String {
        get { fields.value.serviceName }
        set {
            fields.value.serviceName = newValue
            fields.value.shortServiceName = Self.shortName(newValue)
        }
    }
    /// `com.amazonaws.us-east-1.secretsmanager` -> `secretsmanager`. Kept with the name rather
    /// than derived on each access: the solver and the audit ask for it on every path.
    public var shortServiceName: String { fields.value.shortServiceName }
    public var state: String {
        get { fields.value.state }
        set { fields.value.state = newValue }
    }
    public var privateDNSEnabled: Bool {
        get { fields.value.privateDNSEnabled }
        set { fields.value.privateDNSEnabled = newValue }
    }
    public var policy: PolicyDocument? {
        get { fields.value.policy }
        set { fields.value.policy = newValue }
    }
    public var routeTableIds: [String] {
        get { fields.value.routeTableIds }
        set { fields.value.routeTableIds = newValue }
    }
    public var subnetIds: [String] {
        get { fields.value.subnetIds }
        set { fields.value.subnetIds = newValue }
    }
    public var securityGroupIds: [String] {
        get { fields.value.securityGroupIds }
        set { fields.value.securityGroupIds = newValue }
    }
    public var networkInterfaceIds: [String] {
        get { fields.value.networkInterfaceIds }
        set { fields.value.networkInterfaceIds = newValue }
    }

    public init(
        id: String, vpcId: String, kind: Kind, serviceName: String, state: String, privateDNSEnabled: Bool,
        policy: PolicyDocument? = nil, routeTableIds: [String] = [], subnetIds: [String] = [],
        securityGroupIds: [String] = [], networkInterfaceIds: [String] = []
    ) {
        fields = Shared(
            Fields(
                id: id, vpcId: vpcId, kind: kind, serviceName: serviceName,
                shortServiceName: Self.shortName(serviceName),
                state: state, privateDNSEnabled: privateDNSEnabled, policy: policy, routeTableIds: routeTableIds,
                subnetIds: subnetIds, securityGroupIds: securityGroupIds, networkInterfaceIds: networkInterfaceIds))
    }

    static func shortName(_ serviceName: String) -> String {
        // Split as UTF-8 bytes (service names are ASCII): splitting a String by Character
        // walks grapheme clusters, about 18,000 instructions a name, for every endpoint loaded.
        let parts = serviceName.utf8.split(separator: UInt8(ascii: "."))
        guard parts.count >= 4, parts[0].elementsEqual("com".utf8) || parts[0].elementsEqual("cn".utf8) else {
            return serviceName
        }
        return parts.dropFirst(3).map { String(decoding: $0, as: UTF8.self) }.joined(separator: ".")
    }
}

/// The IP protocol of a rule or packet.
public enum IPProtocol: Hashable, Sendable, CustomStringConvertible {
    case all
    case number(Int)

    public static let tcp = IPProtocol.number(6)
    public static let udp = IPProtocol.number(17)
    public static let icmp = IPProtocol.number(1)

    /// Parses AWS's spellings: `-1`, `all`, `tcp`, `6`, ...
    public init?(aws text: String) {
        switch text {
        case "-1", "all": self = .all
        case "tcp": self = .tcp
        case "udp": self = .udp
        case "icmp": self = .icmp
        case "icmpv6", "58": self = .number(58)
        default:
            if let number = Int(text) {
                guard (0...255).contains(number) else { return nil }
                self = .number(number)
                return
            }
            // The CLI prints names in lower case (and the inventory keeps them so); other
            // input may not. Read 220,000 times for an organisation: lower-cased only here.
            let lower = text.lowercased()
            guard lower != text, let parsed = IPProtocol(aws: lower) else { return nil }
            self = parsed
        }
    }

    public func matches(_ packet: IPProtocol) -> Bool { self == .all || self == packet }
    public var hasPorts: Bool { self == .tcp || self == .udp }

    public var description: String {
        switch self {
        case .all: return "all"
        case .number(6): return "tcp"
        case .number(17): return "udp"
        case .number(1): return "icmp"
        case .number(let number): return "proto-\(number)"
        }
    }
}

/// A security group with its rules in both directions.
public struct SecurityGroup: Sendable, Hashable {
    private struct Fields: Hashable, Sendable {
        var id: String
        var vpcId: String
        var name: String
        var accountId: String
        var region: String
        var ingress: [SecurityGroupRule]
        var egress: [SecurityGroupRule]
    }
    private var fields: Shared<Fields>

    public var id: String {
        get { fields.value.id }
        set { fields.value.id = newValue }
    }
    public var vpcId: String {
        get { fields.value.vpcId }
        set { fields.value.vpcId = newValue }
    }
    public var name: String {
        get { fields.value.name }
        set { fields.value.name = newValue }
    }
    public var accountId: String {
        get { fields.value.accountId }
        set { fields.value.accountId = newValue }
    }
    public var region: String {
        get { fields.value.region }
        set { fields.value.region = newValue }
    }
    public var ingress: [SecurityGroupRule] {
        get { fields.value.ingress }
        set { fields.value.ingress = newValue }
    }
    public var egress: [SecurityGroupRule] {
        get { fields.value.egress }
        set { fields.value.egress = newValue }
    }

    public init(
        id: String, vpcId: String, name: String, accountId: String = "", region: String = "",
        ingress: [SecurityGroupRule], egress: [SecurityGroupRule]
    ) {
        fields = Shared(
            Fields(
                id: id, vpcId: vpcId, name: name, accountId: accountId, region: region, ingress: ingress, egress: egress
            ))
    }

    public var isDefault: Bool { name == "default" }
}

/// One security-group rule, for one peer.
public struct SecurityGroupRule: Sendable, Hashable {
    public enum Peer: Sendable, Hashable {
        case cidr(IPv4CIDR)
        case ipv6(String)
        case prefixList(String)
        case group(String)
    }
    /// 1-based position among the group's rules in one direction, as shown in explanations.
    public var number: Int
    public var ruleId: String?
    public var ipProtocol: IPProtocol
    public var ports: PortRange
    public var peer: Peer

    public init(number: Int, ruleId: String? = nil, ipProtocol: IPProtocol, ports: PortRange, peer: Peer) {
        self.number = number
        self.ruleId = ruleId
        self.ipProtocol = ipProtocol
        self.ports = ports
        self.peer = peer
    }

    public var peerText: String {
        switch peer {
        case .cidr(let cidr): return cidr.description
        case .ipv6(let text): return text
        case .prefixList(let id): return id
        case .group(let id): return id
        }
    }

    public var summary: String {
        let portText = ipProtocol.hasPorts ? " \(ports)" : ""
        return "\(ipProtocol)\(portText) \(peerText)"
    }
}

/// A network ACL: numbered rules evaluated in order, first match wins, final implicit deny.
public struct NetworkACL: Sendable, Hashable {
    public var id: String
    public var vpcId: String
    public var isDefault: Bool
    public var inbound: [NetworkACLEntry]
    public var outbound: [NetworkACLEntry]
    public var associatedSubnets: [String]

    public init(
        id: String, vpcId: String, isDefault: Bool, inbound: [NetworkACLEntry], outbound: [NetworkACLEntry],
        associatedSubnets: [String] = []
    ) {
        self.id = id
        self.vpcId = vpcId
        self.isDefault = isDefault
        self.inbound = inbound.sorted { $0.ruleNumber < $1.ruleNumber }
        self.outbound = outbound.sorted { $0.ruleNumber < $1.ruleNumber }
        self.associatedSubnets = associatedSubnets
    }
}

/// One entry of a network ACL.
public struct NetworkACLEntry: Sendable, Hashable {
    public var ruleNumber: Int
    public var ipProtocol: IPProtocol
    public var allow: Bool
    /// nil for an IPv6-only entry, which never matches IPv4 traffic.
    public var cidr: IPv4CIDR?
    /// The entry's IPv6 block (`Ipv6CidrBlock`); IPv4 and IPv6 traffic are matched separately.
    public var ipv6Cidr: IPv6CIDR?
    public var ports: PortRange

    public init(
        ruleNumber: Int, ipProtocol: IPProtocol, allow: Bool, cidr: IPv4CIDR?, ipv6Cidr: IPv6CIDR? = nil,
        ports: PortRange = .all
    ) {
        self.ruleNumber = ruleNumber
        self.ipProtocol = ipProtocol
        self.allow = allow
        self.cidr = cidr
        self.ipv6Cidr = ipv6Cidr
        self.ports = ports
    }

    public var summary: String {
        let number = ruleNumber == 32767 ? "*" : String(ruleNumber)
        let portText = ipProtocol.hasPorts ? " \(ports)" : ""
        return
            "#\(number) \(allow ? "allow" : "deny") \(ipProtocol)\(portText) \(cidr?.description ?? ipv6Cidr?.description ?? "?")"
    }
}

/// A managed prefix list; `cidrs` is nil when the export did not include its entries.
public struct PrefixList: Sendable, Hashable {
    public var id: String
    public var name: String?
    public var cidrs: [IPv4CIDR]?
    public init(id: String, name: String?, cidrs: [IPv4CIDR]?) {
        self.id = id
        self.name = name
        self.cidrs = cidrs
    }
}

/// A VPC peering connection.
public struct PeeringConnection: Sendable, Hashable {
    public struct Side: Sendable, Hashable {
        public var vpcId: String
        public var accountId: String?
        public var region: String?
        public var cidrs: [IPv4CIDR]
        /// `PeeringOptions.AllowDnsResolutionFromRemoteVpc` of this side: with it on, the public
        /// DNS names of this side's VPC (a publicly accessible database's endpoint) resolve to
        /// their private addresses when queried from the other side. nil: not exported.
        public var allowsDNSResolutionFromRemoteVPC: Bool?
        public init(
            vpcId: String, accountId: String?, region: String?, cidrs: [IPv4CIDR],
            allowsDNSResolutionFromRemoteVPC: Bool? = nil
        ) {
            self.vpcId = vpcId
            self.accountId = accountId
            self.region = region
            self.cidrs = cidrs
            self.allowsDNSResolutionFromRemoteVPC = allowsDNSResolutionFromRemoteVPC
        }
    }
    public var id: String
    public var status: String
    public var requester: Side
    public var accepter: Side

    public init(id: String, status: String, requester: Side, accepter: Side) {
        self.id = id
        self.status = status
        self.requester = requester
        self.accepter = accepter
    }

    public var isActive: Bool { status == "active" }

    /// The side opposite to `vpcId`, or nil when the VPC is not part of this peering.
    public func peer(of vpcId: String) -> Side? {
        if requester.vpcId == vpcId { return accepter }
        if accepter.vpcId == vpcId { return requester }
        return nil
    }
}

/// A network interface (an ENI of an instance, endpoint, NAT gateway, database, ...).
public struct NetworkInterface: Sendable, Hashable {
    public var id: String
    public var vpcId: String
    public var subnetId: String
    public var interfaceType: String
    public var description: String
    public var privateAddresses: [IPv4Address]
    /// Public IPv4 addresses associated with it (an Elastic IP or an auto-assigned one): what
    /// the internet, and a NAT gateway's traffic hairpinning back, reaches it at.
    public var publicAddresses: [IPv4Address]
    public var ipv6Addresses: [IPv6Address]
    public var securityGroupIds: [String]

    public init(
        id: String, vpcId: String, subnetId: String, interfaceType: String, description: String = "",
        privateAddresses: [IPv4Address], publicAddresses: [IPv4Address] = [], ipv6Addresses: [IPv6Address] = [],
        securityGroupIds: [String]
    ) {
        self.publicAddresses = publicAddresses
        self.ipv6Addresses = ipv6Addresses
        self.id = id
        self.vpcId = vpcId
        self.subnetId = subnetId
        self.interfaceType = interfaceType
        self.description = description
        self.privateAddresses = privateAddresses
        self.securityGroupIds = securityGroupIds
    }
}

/// A Lambda function and its VPC configuration.
public struct LambdaFunction: Sendable, Hashable {
    private struct Fields: Hashable, Sendable {
        var arn: String
        var name: String
        var accountId: String
        var region: String
        var roleArn: String?
        var state: String?
        var stateReason: String?
        var stateReasonCode: String?
        var subnetIds: [String]
        var securityGroupIds: [String]
        var reportedVPCId: String?
        var ipv6AllowedForDualStack: Bool
    }
    private var fields: Shared<Fields>

    public var arn: String {
        get { fields.value.arn }
        set { fields.value.arn = newValue }
    }
    public var name: String {
        get { fields.value.name }
        set { fields.value.name = newValue }
    }
    public var accountId: String {
        get { fields.value.accountId }
        set { fields.value.accountId = newValue }
    }
    public var region: String {
        get { fields.value.region }
        set { fields.value.region = newValue }
    }
    public var roleArn: String? {
        get { fields.value.roleArn }
        set { fields.value.roleArn = newValue }
    }
    public var state: String? {
        get { fields.value.state }
        set { fields.value.state = newValue }
    }
    public var stateReason: String? {
        get { fields.value.stateReason }
        set { fields.value.stateReason = newValue }
    }
    public var stateReasonCode: String? {
        get { fields.value.stateReasonCode }
        set { fields.value.stateReasonCode = newValue }
    }
    public var subnetIds: [String] {
        get { fields.value.subnetIds }
        set { fields.value.subnetIds = newValue }
    }
    public var securityGroupIds: [String] {
        get { fields.value.securityGroupIds }
        set { fields.value.securityGroupIds = newValue }
    }
    public var reportedVPCId: String? {
        get { fields.value.reportedVPCId }
        set { fields.value.reportedVPCId = newValue }
    }
    public var ipv6AllowedForDualStack: Bool {
        get { fields.value.ipv6AllowedForDualStack }
        set { fields.value.ipv6AllowedForDualStack = newValue }
    }

    public init(
        arn: String, name: String, accountId: String, region: String, roleArn: String? = nil, state: String? = nil,
        stateReason: String? = nil, stateReasonCode: String? = nil, subnetIds: [String] = [],
        securityGroupIds: [String] = [], reportedVPCId: String? = nil, ipv6AllowedForDualStack: Bool = false
    ) {
        fields = Shared(
            Fields(
                arn: arn, name: name, accountId: accountId, region: region, roleArn: roleArn, state: state,
                stateReason: stateReason, stateReasonCode: stateReasonCode, subnetIds: subnetIds,
                securityGroupIds: securityGroupIds, reportedVPCId: reportedVPCId,
                ipv6AllowedForDualStack: ipv6AllowedForDualStack))
    }

    public var isInVPC: Bool { !subnetIds.isEmpty }
}

/// Something a function connects to with a database driver: an RDS DB instance, a cluster or a proxy.
public struct RDSDatabase: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable { case instance, cluster, proxy }
    private struct Fields: Hashable, Sendable {
        var key: String
        var kind: Kind
        var identifier: String
        var accountId: String
        var region: String
        var engine: String?
        var status: String?
        var endpoint: String?
        var port: Int?
        var vpcId: String?
        var subnetIds: [String]
        var securityGroupIds: [String]
        var publiclyAccessible: Bool
    }
    private var fields: Shared<Fields>

    public var key: String {
        get { fields.value.key }
        set { fields.value.key = newValue }
    }
    public var kind: Kind {
        get { fields.value.kind }
        set { fields.value.kind = newValue }
    }
    public var identifier: String {
        get { fields.value.identifier }
        set { fields.value.identifier = newValue }
    }
    public var accountId: String {
        get { fields.value.accountId }
        set { fields.value.accountId = newValue }
    }
    public var region: String {
        get { fields.value.region }
        set { fields.value.region = newValue }
    }
    public var engine: String? {
        get { fields.value.engine }
        set { fields.value.engine = newValue }
    }
    public var status: String? {
        get { fields.value.status }
        set { fields.value.status = newValue }
    }
    public var endpoint: String? {
        get { fields.value.endpoint }
        set { fields.value.endpoint = newValue }
    }
    public var port: Int? {
        get { fields.value.port }
        set { fields.value.port = newValue }
    }
    public var vpcId: String? {
        get { fields.value.vpcId }
        set { fields.value.vpcId = newValue }
    }
    /// The subnets where the database's network interfaces may be: resolved by the inventory
    /// from the subnet group and the availability zones.
    public var subnetIds: [String] {
        get { fields.value.subnetIds }
        set { fields.value.subnetIds = newValue }
    }
    public var securityGroupIds: [String] {
        get { fields.value.securityGroupIds }
        set { fields.value.securityGroupIds = newValue }
    }
    /// `PubliclyAccessible`: its endpoint's name resolves to a public address outside its VPC
    /// (see `Solver.resolvesPublicly`). A proxy never is.
    public var publiclyAccessible: Bool {
        get { fields.value.publiclyAccessible }
        set { fields.value.publiclyAccessible = newValue }
    }

    public init(
        key: String, kind: Kind, identifier: String, accountId: String, region: String, engine: String? = nil,
        status: String? = nil, endpoint: String? = nil, port: Int? = nil, vpcId: String? = nil, subnetIds: [String],
        securityGroupIds: [String], publiclyAccessible: Bool = false
    ) {
        fields = Shared(
            Fields(
                key: key, kind: kind, identifier: identifier, accountId: accountId, region: region, engine: engine,
                status: status, endpoint: endpoint, port: port, vpcId: vpcId, subnetIds: subnetIds,
                securityGroupIds: securityGroupIds, publiclyAccessible: publiclyAccessible))
    }
}

/// An IAM role with the policy documents that grant it permissions.
public struct Role: Sendable, Hashable {
    public var arn: String
    public var name: String
    /// Inline and attached customer-managed policy documents.
    public var documents: [PolicyDocument]
    /// Attached managed policies by name, recognised when their documents are not exported.
    public var attachedPolicyNames: [String]

    public init(arn: String, name: String, documents: [PolicyDocument], attachedPolicyNames: [String]) {
        self.arn = arn
        self.name = name
        self.documents = documents
        self.attachedPolicyNames = attachedPolicyNames
    }
}

/// A transit gateway: a regional router between the VPCs (and VPNs, Direct Connect gateways,
/// peerings) attached to it. Each attachment is associated with one of its route tables, which
/// decides where the traffic that enters through that attachment goes next.
public struct TransitGateway: Sendable, Hashable {
    public var id: String
    public var ownerId: String?
    public var region: String
    /// `available`, `pending`, `modifying`, `deleting`, `deleted`.
    public var state: String
    /// The TGW-level `SecurityGroupReferencingSupport` (off by default): with it on, and on
    /// both VPC attachments, an inbound rule may reference a group of another attached VPC.
    public var securityGroupReferencing: Bool
    public var associationDefaultRouteTableId: String?
    public var propagationDefaultRouteTableId: String?

    public init(
        id: String, ownerId: String? = nil, region: String = "", state: String = "available",
        securityGroupReferencing: Bool = false, associationDefaultRouteTableId: String? = nil,
        propagationDefaultRouteTableId: String? = nil
    ) {
        self.id = id
        self.ownerId = ownerId
        self.region = region
        self.state = state
        self.securityGroupReferencing = securityGroupReferencing
        self.associationDefaultRouteTableId = associationDefaultRouteTableId
        self.propagationDefaultRouteTableId = propagationDefaultRouteTableId
    }

    public var isAvailable: Bool { state == "available" }
}

/// An attachment of something to a transit gateway. For a VPC, the transit gateway has one
/// network interface in each of `subnetIds` (one subnet per availability zone): resources in
/// an AZ without one cannot send to the transit gateway.
public struct TransitGatewayAttachment: Sendable, Hashable {
    public var id: String
    public var transitGatewayId: String
    /// `vpc`, `peering`, `vpn`, `direct-connect-gateway`, `connect`, ...
    public var resourceType: String
    public var resourceId: String?
    /// `available`, `pendingAcceptance`, `pending`, `modifying`, `deleting`, `deleted`, `failed`, `rejected`.
    public var state: String
    /// For a VPC attachment: its VPC and the subnets that hold the TGW's interfaces.
    public var vpcId: String?
    public var subnetIds: [String]
    /// The TGW route table this attachment is associated with (nil: none; traffic entering
    /// through it is dropped).
    public var associatedRouteTableId: String?
    /// Whether the export says which table the attachment is associated with, or that it is
    /// associated with none: describe-transit-gateway-vpc-attachments alone does not.
    public var associationKnown: Bool
    /// The attachment-level `SecurityGroupReferencingSupport` (on by default).
    public var securityGroupReferencing: Bool

    public init(
        id: String, transitGatewayId: String, resourceType: String, resourceId: String?, state: String,
        vpcId: String? = nil, subnetIds: [String] = [], associatedRouteTableId: String? = nil,
        associationKnown: Bool = true, securityGroupReferencing: Bool = true
    ) {
        self.associationKnown = associationKnown
        self.id = id
        self.transitGatewayId = transitGatewayId
        self.resourceType = resourceType
        self.resourceId = resourceId
        self.state = state
        self.vpcId = vpcId
        self.subnetIds = subnetIds
        self.associatedRouteTableId = associatedRouteTableId
        self.securityGroupReferencing = securityGroupReferencing
    }

    public var isAvailable: Bool { state == "available" }
}

/// One route of a transit gateway route table.
public struct TransitGatewayRoute: Sendable, Hashable {
    public var destination: Route.Destination
    /// `static` (created by hand; wins ties) or `propagated` (learnt from an attachment).
    public var isStatic: Bool
    /// A blackhole route drops the matching traffic on purpose (or its attachment is gone).
    public var isBlackhole: Bool
    /// Next hops (several for an ECMP route over VPN or Connect); empty for a blackhole.
    public var attachmentIds: [String]

    public init(destination: Route.Destination, isStatic: Bool, isBlackhole: Bool, attachmentIds: [String]) {
        self.destination = destination
        self.isStatic = isStatic
        self.isBlackhole = isBlackhole
        self.attachmentIds = attachmentIds
    }

    /// How the route reads in an explanation: `10.20.0.0/16 -> tgw-attach-0b2 (propagated)`.
    public var summary: String {
        let destinationText: String
        switch destination {
        case .cidr(let cidr): destinationText = cidr.description
        case .ipv6(let text): destinationText = text
        case .prefixList(let id): destinationText = id
        }
        let target = isBlackhole ? "blackhole" : attachmentIds.joined(separator: ", ")
        return "\(destinationText) -> \(target) (\(isStatic ? "static" : "propagated"))"
    }
}

/// A transit gateway route table with its routes.
public struct TransitGatewayRouteTable: Sendable, Hashable {
    public var id: String
    public var transitGatewayId: String
    public var state: String
    public var routes: [TransitGatewayRoute]
    /// Attachments whose routes propagate into this table (for explanations and fixes).
    public var propagatingAttachmentIds: [String]

    public init(
        id: String, transitGatewayId: String, state: String = "available", routes: [TransitGatewayRoute],
        propagatingAttachmentIds: [String] = []
    ) {
        self.id = id
        self.transitGatewayId = transitGatewayId
        self.state = state
        self.routes = routes
        self.propagatingAttachmentIds = propagatingAttachmentIds
    }
}

extension Network {
    /// The available-or-not VPC attachments of `vpcId` to `transitGatewayId`, available first.
    public func transitGatewayAttachments(ofVPC vpcId: String, to transitGatewayId: String)
        -> [TransitGatewayAttachment]
    {
        (transitGatewayAttachmentsByVPC[vpcId] ?? []).compactMap { transitGatewayAttachments[$0] }
            .filter { $0.transitGatewayId == transitGatewayId }
            .sorted { ($0.isAvailable ? 0 : 1, $0.id) < ($1.isAvailable ? 0 : 1, $1.id) }
    }
}
