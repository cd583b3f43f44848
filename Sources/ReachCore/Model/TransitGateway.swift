// Transit gateways, their attachments, route tables and routes.

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
    /// The TGW-level `DnsSupport` (on by default): with it on, and on both VPC attachments, a
    /// public DNS name of one attached VPC resolves to its private address from another.
    public var dnsSupport: Bool
    public var associationDefaultRouteTableId: String?
    public var propagationDefaultRouteTableId: String?

    public init(
        id: String, ownerId: String? = nil, region: String = "", state: String = "available",
        securityGroupReferencing: Bool = false, dnsSupport: Bool = true, associationDefaultRouteTableId: String? = nil,
        propagationDefaultRouteTableId: String? = nil
    ) {
        self.id = id
        self.ownerId = ownerId
        self.region = region
        self.state = state
        self.securityGroupReferencing = securityGroupReferencing
        self.dnsSupport = dnsSupport
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
    /// The attachment-level `DnsSupport` (on by default).
    public var dnsSupport: Bool
    /// A VPC attachment's `ApplianceModeSupport`: true `enable`, false `disable` (AWS's default),
    /// nil when the export does not say (describe-transit-gateway-attachments alone). With it on,
    /// the transit gateway keeps both directions of a flow in one zone of the attachment, which a
    /// stateful appliance behind it needs.
    public var applianceMode: Bool?
    /// A VPC attachment's `Ipv6Support`: true `enable`, false `disable` (AWS's default), nil when
    /// the export does not say. With it on, the transit gateway's network interfaces get IPv6
    /// addresses and the VPC's IPv6 CIDRs propagate; off, "IPv6 routes do not propagate", and
    /// the setting "does not filter IPv6 traffic" (a static route still carries it).
    public var ipv6Support: Bool?

    public init(
        id: String, transitGatewayId: String, resourceType: String, resourceId: String?, state: String,
        vpcId: String? = nil, subnetIds: [String] = [], associatedRouteTableId: String? = nil,
        associationKnown: Bool = true, securityGroupReferencing: Bool = true, dnsSupport: Bool = true,
        applianceMode: Bool? = nil, ipv6Support: Bool? = nil
    ) {
        self.dnsSupport = dnsSupport
        self.applianceMode = applianceMode
        self.ipv6Support = ipv6Support
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
    /// Deleted, being deleted, rejected or failed: an attachment in these states never carries
    /// traffic again, and a new one is needed.
    public var isGone: Bool { ["deleted", "deleting", "rejected", "failed"].contains(state.lowercased()) }
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

    /// Whether this route's block strictly contains `other`'s (IPv4 CIDRs): it carries
    /// `other`'s traffic when `other` is deleted.
    public func isBroader(than other: TransitGatewayRoute) -> Bool {
        guard case .cidr(let wide) = destination, case .cidr(let narrow) = other.destination else { return false }
        return wide.prefixLength < narrow.prefixLength && wide.contains(narrow)
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
    /// Whether the table's routes were exported (search-transit-gateway-routes): without them,
    /// `routes` holds only what the propagations put there, and a static route (a blackhole,
    /// or one to another attachment) that would win over those is not known.
    public var routesExported: Bool
    /// Whether search-transit-gateway-routes said the table has more routes than it listed
    /// (`AdditionalRoutesAvailable`): `routes` are real, and a route not among them, more
    /// specific than one that is, or for an address none covers, may exist.
    public var routesTruncated: Bool

    public init(
        id: String, transitGatewayId: String, state: String = "available", routes: [TransitGatewayRoute],
        propagatingAttachmentIds: [String] = [], routesExported: Bool = true, routesTruncated: Bool = false
    ) {
        self.id = id
        self.transitGatewayId = transitGatewayId
        self.state = state
        self.routes = routes
        self.propagatingAttachmentIds = propagatingAttachmentIds
        self.routesExported = routesExported
        self.routesTruncated = routesTruncated
    }
}
