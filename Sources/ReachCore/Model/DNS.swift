/// How VPCs resolve names: Route 53 private hosted zones associated with them, and Resolver
/// rules that forward a domain elsewhere. Used to find where a service name leads when the
/// endpoint that serves it is not in the function's own VPC (AWS's centralised interface
/// endpoints: endpoints in a hub VPC, their names resolved in spokes by a private hosted zone
/// or forwarded to the hub by a Resolver rule).
public struct DNSConfiguration: Sendable {
    /// The private hosted zones each VPC is associated with.
    public var hostedZonesByVPC: [String: [PrivateHostedZone]] = [:]
    /// The Resolver rules each VPC is associated with, with the association's status.
    public var resolverRulesByVPC: [String: [ResolverRuleUse]] = [:]
    /// The interface endpoint each of AWS's endpoint DNS names (`vpce-...vpce.amazonaws.com`)
    /// belongs to.
    public var endpointByDNSName: [String: String] = [:]

    public init() {}

    /// Whether anything at all is known about private DNS.
    public var isEmpty: Bool { hostedZonesByVPC.isEmpty && resolverRulesByVPC.isEmpty }
}

/// A private hosted zone as a VPC sees it: its name and the records that resolve to addresses.
public struct PrivateHostedZone: Sendable, Hashable {
    public var id: String
    /// Without the final dot, lower-case: `secretsmanager.us-east-1.amazonaws.com`.
    public var name: String
    public var owningAccount: String?
    public var records: [DNSRecord]

    public init(id: String, name: String, owningAccount: String?, records: [DNSRecord]) {
        self.id = id
        self.name = name
        self.owningAccount = owningAccount
        self.records = records
    }
}

/// One A, AAAA or CNAME record (or alias) of a private hosted zone.
public struct DNSRecord: Sendable, Hashable {
    public var name: String
    public var type: String
    /// The alias target's DNS name, lower-case without the final dot.
    public var aliasTarget: String?
    /// The values (addresses, or a CNAME's name).
    public var values: [String]

    public init(name: String, type: String, aliasTarget: String?, values: [String]) {
        self.name = name
        self.type = type
        self.aliasTarget = aliasTarget
        self.values = values
    }
}

/// A Resolver rule associated with a VPC.
public struct ResolverRuleUse: Sendable, Hashable {
    public var ruleId: String
    /// Lower-case without the final dot; `.` for the rule Route 53 defines for the internet.
    public var domainName: String
    /// FORWARD, SYSTEM or RECURSIVE.
    public var ruleType: String
    /// The association's status: only COMPLETE is in force.
    public var associationStatus: String?
    public var targetAddresses: [IPv4Address]
    public var name: String?
    /// The outbound Resolver endpoint a FORWARD rule sends its queries through (`rslvr-out-...`),
    /// when the export names it.
    public var resolverEndpointId: String?
    /// The rule's own status (list-resolver-rules: COMPLETE, DELETING, UPDATING, FAILED), when
    /// exported.
    public var ruleStatus: String?

    public init(
        ruleId: String, domainName: String, ruleType: String, associationStatus: String?,
        targetAddresses: [IPv4Address], name: String?, resolverEndpointId: String? = nil, ruleStatus: String? = nil
    ) {
        self.ruleStatus = ruleStatus
        self.ruleId = ruleId
        self.domainName = domainName
        self.ruleType = ruleType
        self.associationStatus = associationStatus
        self.targetAddresses = targetAddresses
        self.name = name
        self.resolverEndpointId = resolverEndpointId
    }
}

/// How a name was resolved, when it led somewhere other than what AWS's defaults give.
public struct DNSResolution: Sendable, Hashable {
    /// The name asked (`secretsmanager.us-east-1.amazonaws.com`).
    public var name: String
    public enum Source: Sendable, Hashable {
        /// A private hosted zone associated with the function's VPC.
        case hostedZone(id: String, name: String)
        /// A Resolver forwarding rule associated with the function's VPC, whose targets are in
        /// `vpcId`, where the name resolves through that VPC's own endpoint.
        case resolverRule(id: String, domain: String, vpcId: String)
        /// The function's VPC's DHCP options name the addresses of a Route 53 Resolver inbound
        /// endpoint (`rslvr-in-...`) in `vpcId`, whose Resolver answers with that VPC's own
        /// zones, rules and endpoints.
        case inboundEndpoint(id: String, vpcId: String)
        /// The function's VPC's DHCP options name a DNS server of the account's own at `address`
        /// in `vpcId`, another VPC: it answers with what that VPC's Resolver knows (AWS supports
        /// no forwarding to another VPC's Amazon DNS server).
        case dnsServer(address: String, vpcId: String)

        /// In words: `private hosted zone Z... (example.com)`.
        public var described: String {
            switch self {
            case .hostedZone(let id, let name): return "private hosted zone \(id) (\(name))"
            case .resolverRule(let id, let domain, let vpcId): return "Resolver rule \(id) for \(domain), to \(vpcId)"
            case .inboundEndpoint(let id, let vpcId): return "Resolver inbound endpoint \(id) of \(vpcId)"
            case .dnsServer(let address, let vpcId): return "DNS server \(address) in \(vpcId)"
            }
        }

        /// The component that decided the answer: the zone, the rule, the inbound endpoint, or
        /// the DNS server's address.
        public var component: String {
            switch self {
            case .hostedZone(let id, _), .resolverRule(let id, _, _), .inboundEndpoint(let id, _): return id
            case .dnsServer(let address, _): return address
            }
        }
    }
    public var source: Source
    /// The interface endpoint the name resolves to.
    public var endpointId: String

    /// Where the answer came from, in words: `private hosted zone Z... (example.com)`.
    public var describedSource: String { source.described }

    public init(name: String, source: Source, endpointId: String) {
        self.name = name
        self.source = source
        self.endpointId = endpointId
    }
}

extension DNSName {
    /// Whether `name` is `domain` or one of its subdomains (`.` is every name's domain).
    public static func isWithin(_ name: String, domain: String) -> Bool {
        domain == "." || domain.isEmpty || name == domain || name.hasSuffix("." + domain)
    }

    /// How specific a domain is: its number of labels (`.` has none).
    public static func depth(_ domain: String) -> Int {
        domain == "." || domain.isEmpty ? 0 : domain.split(separator: ".").count
    }
}

/// DNS names compared as Route 53 compares them.
public enum DNSName {
    /// As the inventory keeps names: lower-case, without the final dot Route 53 prints, with
    /// the `\052` escape Route 53 prints for `*` undone.
    public static func normalised(_ name: String) -> String {
        var text = name.lowercased().replacingOccurrences(of: "\\052", with: "*")
        while text.hasSuffix(".") && text.count > 1 { text.removeLast() }
        return text
    }
}
