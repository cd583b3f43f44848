// The VPC and what routes its traffic: subnets, route tables, gateways, endpoints, peerings.

/// A VPC and the attributes that reachability depends on.
public struct VPC: Sendable, Hashable {
    public var id: String
    public var accountId: String
    public var region: String
    public var cidrs: [IPv4CIDR]
    /// IPv6 blocks as text: a CIDR, or a block a plan or template associates whose range is
    /// known only after deploy (`unresolved: ...`), which still makes the VPC dual-stack.
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
    /// Where the VPC's functions send their DNS queries (its DHCP options set).
    public var dnsServers: DNSServers
    /// The VPC Block Public Access mode describe-vpcs prints for it (`BlockPublicAccessStates`);
    /// nil when the export does not say. `Network.blockPublicAccess(of:)` decides what applies.
    public var blockPublicAccessMode: BlockPublicAccessMode?

    public init(
        id: String, accountId: String, region: String, cidrs: [IPv4CIDR], ipv6Cidrs: [String] = [],
        isDefault: Bool = false, dedicatedTenancy: Bool = false, enableDnsSupport: Bool? = nil,
        enableDnsHostnames: Bool? = nil, name: String? = nil, primaryCIDR: IPv4CIDR? = nil,
        dnsServers: DNSServers = .unknown(optionsId: nil), blockPublicAccessMode: BlockPublicAccessMode? = nil
    ) {
        self.id = id
        self.blockPublicAccessMode = blockPublicAccessMode
        self.dnsServers = dnsServers
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

    /// Whether one of the VPC's IPv4 blocks holds `address`.
    public func holds(_ address: IPv4Address) -> Bool { cidrs.contains { $0.contains(address) } }

    /// The Amazon DNS server (Route 53 Resolver) of the VPC: the base of its primary IPv4 block
    /// plus two. Traffic to it is not filtered by security groups or network ACLs.
    public var amazonDNSAddress: IPv4Address? {
        guard let block = primaryCIDR ?? (cidrs.count == 1 ? cidrs[0] : nil) else { return nil }
        return IPv4Address(block.first.value &+ 2)
    }

    /// The link-local address of the Amazon DNS server, the same in every VPC.
    public static let linkLocalDNSAddress = IPv4Address("169.254.169.253")!

    /// Whether `server`, one of the DNS servers of the VPC's DHCP options, is the VPC's own
    /// Amazon DNS server: `AmazonProvidedDNS`, or that server named by its address (the base of
    /// the primary IPv4 block plus two, or 169.254.169.253). A set that names it by address is
    /// the Amazon DNS server as much as one that names it by name: queries to it are not
    /// filtered, and it answers with the VPC's private names.
    public func isAmazonDNSServer(_ server: String) -> Bool {
        if server == DNSServers.amazonProvided { return true }
        guard let address = IPv4Address(server) else { return false }
        return address == Self.linkLocalDNSAddress || address == amazonDNSAddress
    }
}

/// The DNS servers a VPC's DHCP options set gives (`domain-name-servers`). A function in the
/// VPC sends its DNS queries there, as an instance does: to the Amazon DNS server
/// (`AmazonProvidedDNS`, unfiltered), or to servers of the account's own (a directory's, or
/// on premises), which security groups, network ACLs and routes treat as any other traffic.
public enum DNSServers: Sendable, Hashable {
    /// Not known: the export does not name the VPC's set (`optionsId` nil), or the set named
    /// was not exported. Taken as the Amazon DNS server, which most VPCs use.
    case unknown(optionsId: String?)
    /// The Amazon DNS server only: the default set, or a set that names only AmazonProvidedDNS.
    case amazon
    /// The set names servers of its own, in order, as written; the Amazon DNS server may be
    /// among them, by name (`AmazonProvidedDNS`) or by its address (`VPC.isAmazonDNSServer`,
    /// which needs the VPC's primary block to know it).
    case custom(optionsId: String, servers: [String])
    /// The set names no DNS server at all.
    case none(optionsId: String)

    /// The name the set's DNS servers give for the Amazon DNS server.
    public static let amazonProvided = "AmazonProvidedDNS"
}

/// A subnet: one availability zone, one CIDR, one route table and one network ACL.
public struct Subnet: Sendable, Hashable {
    private struct Fields: Hashable, Sendable {
        var id: String
        var vpcId: String
        var availabilityZone: String
        var cidr: IPv4CIDR?
        /// A CIDR, or `unresolved: ...` for a planned block whose range is not known yet.
        var ipv6Cidrs: [String]
        var privateIPv6Cidrs: [String]
        var availableIPAddressCount: Int?
        var mapPublicIPOnLaunch: Bool
        var name: String?
        var availabilityZoneId: String?
        var ownerId: String?
        var isOwnersCopy: Bool
        var blockPublicAccessMode: BlockPublicAccessMode?
        var enableDNS64: Bool?
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
    /// The blocks of `ipv6Cidrs` that describe-subnets marks private (`Ipv6AddressAttribute`:
    /// IPAM's private GUA or ULA space), which AWS does not advertise on the internet.
    public var privateIPv6Cidrs: [String] {
        get { fields.value.privateIPv6Cidrs }
        set { fields.value.privateIPv6Cidrs = newValue }
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
    /// The zone's ID (`use1-az1`): the same physical zone in every account, where names
    /// (`us-east-1a`) are mapped per account.
    public var availabilityZoneId: String? {
        get { fields.value.availabilityZoneId }
        set { fields.value.availabilityZoneId = newValue }
    }
    /// The account that owns the subnet (its OwnerId); another account than the function's
    /// when the subnet is shared with it through AWS RAM.
    public var ownerId: String? {
        get { fields.value.ownerId }
        set { fields.value.ownerId = newValue }
    }
    /// False when the inventory has the subnet only as another account sees it (a participant's
    /// export of a shared subnet): its owner's route tables, network ACLs, NAT gateways and
    /// endpoints were not imported.
    public var isOwnersCopy: Bool {
        get { fields.value.isOwnersCopy }
        set { fields.value.isOwnersCopy = newValue }
    }
    /// The VPC Block Public Access mode describe-subnets prints for it (`BlockPublicAccessStates`);
    /// nil when the export does not say. `Network.blockPublicAccess(of:)` decides what applies.
    public var blockPublicAccessMode: BlockPublicAccessMode? {
        get { fields.value.blockPublicAccessMode }
        set { fields.value.blockPublicAccessMode = newValue }
    }

    /// `EnableDns64`: the Amazon DNS server answers the subnet's queries for a name that has
    /// IPv4 addresses only with synthesized IPv6 ones, in 64:ff9b::/96 (DNS64). nil when the
    /// export does not say.
    public var enableDNS64: Bool? {
        get { fields.value.enableDNS64 }
        set { fields.value.enableDNS64 = newValue }
    }

    public init(
        id: String, vpcId: String, availabilityZone: String, cidr: IPv4CIDR?, ipv6Cidrs: [String] = [],
        privateIPv6Cidrs: [String] = [], availableIPAddressCount: Int? = nil, mapPublicIPOnLaunch: Bool = false,
        name: String? = nil,
        availabilityZoneId: String? = nil, ownerId: String? = nil, isOwnersCopy: Bool = true,
        blockPublicAccessMode: BlockPublicAccessMode? = nil, enableDNS64: Bool? = nil
    ) {
        fields = Shared(
            Fields(
                id: id, vpcId: vpcId, availabilityZone: availabilityZone, cidr: cidr, ipv6Cidrs: ipv6Cidrs,
                privateIPv6Cidrs: privateIPv6Cidrs, availableIPAddressCount: availableIPAddressCount,
                mapPublicIPOnLaunch: mapPublicIPOnLaunch, name: name,
                availabilityZoneId: availabilityZoneId, ownerId: ownerId, isOwnersCopy: isOwnersCopy,
                blockPublicAccessMode: blockPublicAccessMode, enableDNS64: enableDNS64))
    }

    /// Whether two subnets are in the same physical zone: by zone ID when both have one (names
    /// differ between accounts), else by name.
    public func isInSameZone(as other: Subnet) -> Bool {
        if let mine = availabilityZoneId, let theirs = other.availabilityZoneId { return mine == theirs }
        return availabilityZone == other.availabilityZone
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

        /// Whether the two are the same block: an IPv6 one compared by its value, whatever
        /// form its text has (`2600:1f18:0abc::/56`, `2600:1f18:abc::/56`).
        public func sameBlock(as other: Destination) -> Bool {
            if case .ipv6(let text) = self, case .ipv6(let otherText) = other,
                let block = IPv6CIDR(text), let otherBlock = IPv6CIDR(otherText)
            {
                return block == otherBlock
            }
            return self == other
        }
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
    /// The destination as the route shows it: a CIDR, an IPv6 block or a prefix list's ID.
    public var destinationText: String {
        switch destination {
        case .cidr(let cidr): return cidr.description
        case .ipv6(let text): return text
        case .prefixList(let id): return id
        }
    }

    public var summary: String {
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
    /// The gateways (an internet gateway, a virtual private gateway) associated with the table
    /// (an edge association, "ingress routing"): it routes the traffic that enters the VPC
    /// through them, before any subnet's table does.
    public var edgeGateways: [String]

    public init(
        id: String, vpcId: String, routes: [Route], associatedSubnets: [String] = [], isMain: Bool = false,
        edgeGateways: [String] = []
    ) {
        self.id = id
        self.vpcId = vpcId
        self.routes = routes
        self.associatedSubnets = associatedSubnets
        self.isMain = isMain
        self.edgeGateways = edgeGateways
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
        var serviceRegion: String?
        var state: String
        var privateDNSEnabled: Bool
        var privateDNSOnlyForInboundResolver: Bool
        var dnsRecordIPType: String?
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
            fields.value.serviceRegion = Self.region(ofServiceName: newValue)
        }
    }
    /// `com.amazonaws.us-east-1.secretsmanager` -> `secretsmanager`. Kept with the name rather
    /// than derived on each access: the solver and the audit ask for it on every path.
    public var shortServiceName: String { fields.value.shortServiceName }
    /// The region of the service the endpoint connects to, from its name: `us-west-2` for
    /// `com.amazonaws.us-west-2.kms`. An interface endpoint can connect to a service in another
    /// region than its VPC's (cross-region PrivateLink, the endpoint's `ServiceRegion`); its
    /// private DNS then puts that region's name into the VPC (`kms.us-west-2.amazonaws.com`),
    /// not the name an SDK calls in the VPC's own region. nil for a name without a region
    /// (`com.amazonaws.iam`, an endpoint service's `com.amazonaws.vpce.REGION.vpce-svc-...`).
    public var serviceRegion: String? { fields.value.serviceRegion }

    /// Whether the endpoint serves `service` (a short name: `kms`) as an SDK in `region` calls
    /// it: the same service, in that region. A gateway endpoint serves its own region only, and
    /// an interface endpoint for another region's service answers that region's name only.
    public func serves(_ service: String, in region: String) -> Bool {
        shortServiceName == service && serviceRegion == region
    }
    public var state: String {
        get { fields.value.state }
        set { fields.value.state = newValue }
    }
    /// What an endpoint's state means for the traffic and for the names it answers, on AWS's
    /// endpoint lifecycle (pendingAcceptance, pending, available, deleting, deleted, rejected,
    /// failed, expired, partial).
    public enum Lifecycle: Sendable, Hashable {
        /// `available`: the endpoint carries traffic.
        case serving
        /// The endpoint exists, with its network interfaces and, when private DNS is on, its
        /// private DNS name, but carries nothing: waiting for acceptance (`pendingAcceptance`),
        /// being created (`pending`) or deleted (`deleting`), refused by the service's owner
        /// (`rejected`, `expired`), `partial`, or a state lambda-reach does not know. The
        /// service's name still leads to it: `BAD_STATE`.
        case notServing
        /// `deleted` or `failed`: deleting an interface endpoint deletes its network interfaces
        /// and its private DNS names with it, and a failed one was never made; AWS lists a
        /// deleted endpoint for a while after. Nothing of it is on any path.
        case gone
    }

    /// See `Lifecycle`. (The loader keeps states lower-cased, as AWS's `available`.)
    public var lifecycle: Lifecycle {
        switch state {
        case "available": return .serving
        case "deleted", "failed": return .gone
        default: return .notServing
        }
    }

    public var privateDNSEnabled: Bool {
        get { fields.value.privateDNSEnabled }
        set { fields.value.privateDNSEnabled = newValue }
    }
    /// `DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint` (S3 and DynamoDB, beside a gateway
    /// endpoint): the private DNS names answer only queries that come in through a Route 53
    /// Resolver inbound endpoint (from on premises), so the VPC's own traffic resolves the
    /// service publicly and keeps to the gateway endpoint.
    public var privateDNSOnlyForInboundResolver: Bool {
        get { fields.value.privateDNSOnlyForInboundResolver }
        set { fields.value.privateDNSOnlyForInboundResolver = newValue }
    }
    /// `DnsOptions.DnsRecordIpType`: `ipv4`, `ipv6` (the private DNS names get AAAA records
    /// only), `dualstack` or `service-defined`; nil when the export does not say (AWS's
    /// default gives A records).
    public var dnsRecordIPType: String? {
        get { fields.value.dnsRecordIPType }
        set { fields.value.dnsRecordIPType = newValue }
    }
    /// Whether the private DNS names resolve to IPv6 addresses only (`DnsRecordIpType: ipv6`):
    /// a client that connects over IPv4 finds no address.
    public var resolvesToIPv6Only: Bool { dnsRecordIPType == "ipv6" }
    /// Whether the service's name, asked from inside the endpoint's VPC, resolves to this
    /// endpoint: private DNS on, and not only for inbound Resolver endpoints.
    public var answersQueriesFromItsVPC: Bool { privateDNSEnabled && !privateDNSOnlyForInboundResolver }
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
        privateDNSOnlyForInboundResolver: Bool = false, dnsRecordIPType: String? = nil, policy: PolicyDocument? = nil,
        routeTableIds: [String] = [], subnetIds: [String] = [],
        securityGroupIds: [String] = [], networkInterfaceIds: [String] = []
    ) {
        fields = Shared(
            Fields(
                id: id, vpcId: vpcId, kind: kind, serviceName: serviceName,
                shortServiceName: Self.shortName(serviceName),
                serviceRegion: Self.region(ofServiceName: serviceName), state: state,
                privateDNSEnabled: privateDNSEnabled,
                privateDNSOnlyForInboundResolver: privateDNSOnlyForInboundResolver, dnsRecordIPType: dnsRecordIPType,
                policy: policy,
                routeTableIds: routeTableIds,
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

    /// `com.amazonaws.us-west-2.kms` -> `us-west-2`; nil when the name has no region where
    /// `shortName` expects one (fewer than four parts, or an endpoint service's `vpce`).
    static func region(ofServiceName serviceName: String) -> String? {
        let parts = serviceName.utf8.split(separator: UInt8(ascii: "."))
        guard parts.count >= 4, parts[0].elementsEqual("com".utf8) || parts[0].elementsEqual("cn".utf8),
            !parts[2].elementsEqual("vpce".utf8)
        else { return nil }
        return String(decoding: parts[2], as: UTF8.self)
    }
}

/// A managed prefix list; `cidrs` is nil when the export did not include its entries.
public struct PrefixList: Sendable, Hashable {
    public var id: String
    public var name: String?
    /// The IPv4 entries; nil when the list's entries were not exported.
    public var cidrs: [IPv4CIDR]?
    /// The IPv6 entries (a list of AddressFamily IPv6).
    public var ipv6Cidrs: [IPv6CIDR]
    public init(id: String, name: String?, cidrs: [IPv4CIDR]?, ipv6Cidrs: [IPv6CIDR] = []) {
        self.id = id
        self.name = name
        self.cidrs = cidrs
        self.ipv6Cidrs = ipv6Cidrs
    }
}

/// A VPC peering connection.
public struct PeeringConnection: Sendable, Hashable {
    public struct Side: Sendable, Hashable {
        public var vpcId: String
        public var accountId: String?
        public var region: String?
        public var cidrs: [IPv4CIDR]
        /// The side's IPv6 blocks (`Ipv6CidrBlockSet`): the peering carries IPv6 traffic to
        /// them as it does IPv4 traffic to `cidrs`, when both sides route it.
        public var ipv6Cidrs: [IPv6CIDR]
        /// `PeeringOptions.AllowDnsResolutionFromRemoteVpc` of this side: with it on, the public
        /// DNS names of this side's VPC (a publicly accessible database's endpoint) resolve to
        /// their private addresses when queried from the other side. nil: not exported.
        public var allowsDNSResolutionFromRemoteVPC: Bool?
        public init(
            vpcId: String, accountId: String?, region: String?, cidrs: [IPv4CIDR], ipv6Cidrs: [IPv6CIDR] = [],
            allowsDNSResolutionFromRemoteVPC: Bool? = nil
        ) {
            self.vpcId = vpcId
            self.accountId = accountId
            self.region = region
            self.cidrs = cidrs
            self.ipv6Cidrs = ipv6Cidrs
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
