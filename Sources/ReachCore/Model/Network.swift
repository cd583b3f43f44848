/// The network model: what the solver reasons about, built by the inventory from SQLite.
///
/// It holds AWS's own vocabulary (VPCs, subnets, route tables, ...) in typed form with parsed
/// CIDRs, and nothing about where the data came from. A `Network` may hold a whole organisation
/// (audit) or only the VPCs one question touches (query).
public struct Network: Sendable {
    public var vpcs: [String: VPC] = [:]
    public var subnets: [String: Subnet] = [:]
    /// Each account's names of availability zones, by `account/region` then zone ID.
    public var zoneNames: [String: [String: String]] = [:]
    /// Private hosted zones and Resolver rules.
    public var dns = DNSConfiguration()
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
    /// VPC Block Public Access settings by `account/region`, for the accounts and regions whose
    /// describe-vpc-block-public-access-options or -exclusions were imported
    /// (`blockPublicAccess(of:)` combines them with the subnets' and VPCs' own states).
    public var blockPublicAccess: [String: BlockPublicAccessSettings] = [:]

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
    /// The route table associated with each gateway that has one (`RouteTable.edgeGateways`).
    var edgeRouteTableOfGateway: [String: RouteTable] = [:]
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
        edgeRouteTableOfGateway = routing.edgeRouteTableOfGateway
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
    /// An association with a subnet of another VPC, which AWS refuses (exports mixed or edited:
    /// the import warns), claims nothing: every reader of the associations (the solver's walk,
    /// a fix that asks whether a subnet has an association of its own, the audit's checks) then
    /// sees the subnet use its own VPC's main table, as `resolveRouteTable` does.
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
            for subnet in associated where subnets[subnet].map({ $0.vpcId == vpcId }) ?? true {
                Self.claim(&bySubnet, subnet, id)
            }
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
        // A gateway has one edge association; two tables claiming one is an inconsistent
        // export, settled by `claim` like a subnet's.
        var edges: [String: String] = [:]
        for table in routeTables.values {
            for gateway in table.edgeGateways { Self.claim(&edges, gateway, table.id) }
        }
        part.edgeRouteTableOfGateway = edges.compactMapValues { routeTables[$0] }
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
    /// An association with a table of another VPC, which AWS refuses (exports mixed or edited:
    /// the import warns), is ignored: the subnet uses its own VPC's main table, whether or not
    /// the other VPC is loaded.
    private func resolveRouteTable(_ subnetId: String, vpcId: String?) -> RouteTable? {
        if let id = routeTableBySubnet[subnetId], let table = routeTables[id], vpcId == nil || table.vpcId == vpcId {
            return table
        }
        return vpcId.flatMap { mainRouteTableByVPC[$0] }.flatMap { routeTables[$0] }
    }

    /// `networkACL(forSubnet:)` from the associations, as `resolveRouteTable` is.
    private func resolveNetworkACL(_ subnetId: String, vpcId: String?) -> NetworkACL? {
        if let id = networkACLBySubnet[subnetId], let acl = networkACLs[id], vpcId == nil || acl.vpcId == vpcId {
            return acl
        }
        return vpcId.flatMap { defaultNetworkACLByVPC[$0] }.flatMap { networkACLs[$0] }
    }

    /// `vpcId`'s subnets, in ID order.
    /// The name `account` (in the subnet's region) gives the subnet's zone: names are mapped
    /// per account, so a subnet shared from another account is named as the function's own
    /// account sees it. The subnet's own name when that account's mapping is unknown.
    public func zoneName(of subnet: Subnet, forAccount account: String, region: String) -> String {
        guard let zoneId = subnet.availabilityZoneId, let name = zoneNames["\(account)/\(region)"]?[zoneId] else {
            return subnet.availabilityZone
        }
        return name
    }

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

    /// The route table associated with `gateway` (an edge association), if any: it routes the
    /// traffic entering the VPC through the gateway.
    public func edgeRouteTable(ofGateway gateway: String) -> RouteTable? { edgeRouteTableOfGateway[gateway] }

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
