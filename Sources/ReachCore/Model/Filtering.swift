// What filters traffic: security groups and their rules, network ACLs and their entries.

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

    /// The rule number of an ACL's default `*` entry for IPv4, as describe-network-acls prints it.
    public static let defaultIPv4RuleNumber = 32767
    /// The rule number of an ACL's default `*` entry for IPv6 (`::/0`), in a VPC with an IPv6
    /// block: evaluated last, after every numbered entry and the IPv4 default.
    public static let defaultIPv6RuleNumber = 32768

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
        let number = ruleNumber >= Self.defaultIPv4RuleNumber ? "*" : String(ruleNumber)
        let portText = ipProtocol.hasPorts ? " \(ports)" : ""
        return
            "#\(number) \(allow ? "allow" : "deny") \(ipProtocol)\(portText) \(cidr?.description ?? ipv6Cidr?.description ?? "?")"
    }
}
