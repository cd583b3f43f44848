/// What blocks, as AWS Reachability Analyzer calls it where it has a name for it, and as
/// lambda-reach does where it has none (docs/blocker-codes.md lists them all). The raw value is
/// what the JSON contract, SARIF and `expected.json` files carry: never renamed within a
/// `schemaVersion`.
public enum BlockerCode: String, Sendable, Hashable, CaseIterable, Codable, CustomStringConvertible {
    case noRouteToDestination = "NO_ROUTE_TO_DESTINATION"
    case badStateRoute = "BAD_STATE_ROUTE"
    case badState = "BAD_STATE"
    case badStateAttachment = "BAD_STATE_ATTACHMENT"
    case unassociatedComponent = "UNASSOCIATED_COMPONENT"
    case tgwRouteTableNoRouteToAttachment = "TGW_RTB_NO_ROUTE_TO_TGW_ATTACHMENT"
    case igwPublicIPAssociationForEgress = "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS"
    case eniSecurityGroupRulesMismatch = "ENI_SG_RULES_MISMATCH"
    case securityGroupHasNoRules = "SG_HAS_NO_RULES"
    case subnetACLRestriction = "SUBNET_ACL_RESTRICTION"
    case peeringRequiresAddressInVPCCIDR = "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR"
    case natGatewayPrivateConnectivity = "NAT_GATEWAY_PRIVATE_CONNECTIVITY"
    case endpointPrivateDNSDisabled = "VPCE_PRIVATE_DNS_DISABLED"
    case vpcDNSAttributesDisabled = "VPC_DNS_ATTRIBUTES_DISABLED"
    case endpointPolicyDenies = "VPCE_POLICY_DENIES"
    case lambdaNotInVPC = "LAMBDA_NOT_IN_VPC"
    case roleMissingENIPermissions = "LAMBDA_ROLE_MISSING_ENI_PERMISSIONS"
    case roleMissingLogsPermissions = "LAMBDA_ROLE_MISSING_LOGS_PERMISSIONS"
    case functionNotActive = "LAMBDA_FUNCTION_NOT_ACTIVE"
    case vpcDedicatedTenancy = "VPC_DEDICATED_TENANCY"
    case subnetNotFound = "SUBNET_NOT_FOUND"
    case sharedSubnetOwnerNotImported = "SHARED_SUBNET_OWNER_NOT_IMPORTED"
    case dnsNameNotResolved = "DNS_NAME_NOT_RESOLVED"
    case dnsAnswerNotTheService = "DNS_ANSWER_NOT_THE_SERVICE"
    case securityGroupNotFound = "SECURITY_GROUP_NOT_FOUND"
    case routeTargetNotAnalyzed = "ROUTE_TARGET_NOT_ANALYZED"
    case tgwAttachmentNotFound = "TGW_ATTACHMENT_NOT_FOUND"
    case tgwAttachmentNotInAZ = "TGW_ATTACHMENT_NOT_IN_AZ"
    case tgwRouteTableNotFound = "TGW_ROUTE_TABLE_NOT_FOUND"
    case endpointNotReachableThroughTGW = "VPCE_NOT_REACHABLE_THROUGH_TGW"
    case securityGroupReferenceAcrossTGW = "SG_REFERENCE_ACROSS_TGW"
    case unknownDestination = "UNKNOWN_DESTINATION"
    case disconnectedVPCs = "DISCONNECTED_VPCS"
    case ipv6NotAllowed = "LAMBDA_IPV6_NOT_ALLOWED"
    case subnetWithoutIPv6 = "SUBNET_NO_IPV6_CIDR"
    case subnetIPv6Only = "SUBNET_IPV6_ONLY"
    case destinationNotListening = "DESTINATION_NOT_LISTENING"
    case vpcConfigInvalid = "LAMBDA_VPC_CONFIG_INVALID"
    case vpcBlockPublicAccessEnabled = "VPC_BLOCK_PUBLIC_ACCESS_ENABLED"
    case proxyTargetUnreachable = "RDS_PROXY_TARGET_UNREACHABLE"
    case capacityProviderNotFound = "CAPACITY_PROVIDER_NOT_FOUND"

    public var description: String { rawValue }
}

/// The function a blocker's words are written for: an answer's, or, in an audit, each of the
/// functions that share a walk. Facts of a walk never name the function (walks are shared by
/// functions placed alike); words that name it take it from here when they are written.
public struct FunctionIdentity: Sendable, Hashable {
    public var name: String
    public var arn: String
    public var securityGroupIds: [String]
    public var subnetIds: [String]
    /// How words name the source of the connection: `the function`, or, for the connection
    /// an RDS proxy opens to its database, `RDS proxy NAME` (`Explain.ProxyTargetUnreachable`).
    public var noun: String

    public init(
        name: String, arn: String, securityGroupIds: [String] = [], subnetIds: [String] = [],
        noun: String = "the function"
    ) {
        self.name = name
        self.arn = arn
        self.securityGroupIds = securityGroupIds
        self.subnetIds = subnetIds
        self.noun = noun
    }

    /// `noun` at the start of a sentence.
    public var capitalizedNoun: String { noun.prefix(1).uppercased() + noun.dropFirst() }

    /// The region and account of its ARN (`arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME`),
    /// nil when the ARN names none (a hand-made export).
    var regionAndAccount: (region: String, account: String)? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count > 4, !parts[3].isEmpty, !parts[4].isEmpty else { return nil }
        return (String(parts[3]), String(parts[4]))
    }

    public init(_ function: LambdaFunction) {
        self.init(
            name: function.name, arn: function.arn, securityGroupIds: function.securityGroupIds,
            subnetIds: function.subnetIds)
    }

    /// The account in the function's ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME`).
    public var accountId: String { arnPart(4) }
    /// The region in the function's ARN.
    public var region: String { arnPart(3) }

    private func arnPart(_ index: Int) -> String {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > index ? String(parts[index]) : ""
    }
}

/// A blocker's words: one or two sentences for someone who does not know the AWS rule, and
/// what to change (aws CLI commands with the real IDs, quoted for the shell, where possible).
public struct BlockerWords: Sendable, Hashable {
    public var message: String
    public var fix: String

    public init(message: String, fix: String) {
        self.message = message
        self.fix = fix
    }

    /// The words of several facts told as one blocker (`BlockerReason.combined(with:)`): their
    /// messages in order, and each fix once, one after the other.
    init(joining parts: [BlockerWords]) {
        var fixes: [String] = []
        for part in parts where !fixes.contains(part.fix) { fixes.append(part.fix) }
        self.init(message: parts.map(\.message).joined(separator: " "), fix: fixes.joined(separator: "\n"))
    }
}

/// The typed facts of why traffic does not get through at one component, which write the
/// blocker's words when they are read. Code that reads an answer (the audit's checks, the
/// diagrams) reads these facts, never the words.
public protocol BlockerReason: Sendable, Hashable {
    /// The message and the fix, for `function`'s answer.
    func words(for function: FunctionIdentity) -> BlockerWords
    /// The reason that says both this and `other`, of the same code at the same component, so
    /// that what the matrix shows as one blocker says and fixes all of it; nil when `other` adds
    /// nothing or cannot be told together with this. The default joins two facts of one kind
    /// that differ by subnet (`differsBySubnet`), and nothing else.
    func combined(with other: any BlockerReason) -> (any BlockerReason)?
    /// Whether the fact stops only some of the connections made from the subnet, not all
    /// (an RDS proxy whose own connection to its database is blocked from some of its subnets
    /// only): a subnet whose every blocker is such is partial, not unreachable. False (the
    /// default) for every fact that stops all of them.
    var stopsOnlySomeConnections: Bool { get }
    /// Whether the fix names something of the function's subnet it was found for (the subnet's
    /// CIDR in a return route or an inbound rule, its route table, the NAT gateway of its
    /// zone), so that another subnet meets the same code at the same component with a fix of
    /// its own. Two such facts of one kind are told together (`JoinedFacts`, the default
    /// `combined(with:)`): the blocker an audit shows once for the component then fixes every
    /// subnet, not the first one's only. False (the default) for a fact whose fix is the same
    /// whichever subnet meets it.
    var differsBySubnet: Bool { get }
}

extension BlockerReason {
    /// `JoinedFacts` of this and `other` when both differ by subnet; else nil.
    public func combined(with other: any BlockerReason) -> (any BlockerReason)? {
        differsBySubnet ? JoinedFacts.joining(self, other) : nil
    }
    public var stopsOnlySomeConnections: Bool { false }
    public var differsBySubnet: Bool { false }

    /// Whether `other` holds the same facts.
    func isSame(as other: any BlockerReason) -> Bool {
        guard let other = other as? Self else { return false }
        return self == other
    }
}

/// Facts of one kind at one component that differ by the function's subnet they were found
/// for (`BlockerReason.differsBySubnet`: the return route each subnet's CIDR needs in one route
/// table, the inbound rule each subnet's CIDR needs in one group, the table of each subnet
/// whose route leads to one NAT gateway), told as one blocker. An answer's `allBlockers`, which
/// the audit's findings, its matrix and the HTML report read, shows one blocker per code and
/// component: its fix must cover each subnet, as `query` shows them one by one.
public struct JoinedFacts: BlockerReason {
    /// The facts, in the order the subnets met them, each once; all of one type.
    public private(set) var parts: [any BlockerReason]

    init(parts: [any BlockerReason]) { self.parts = parts }

    /// `first` and what `other` adds (its own facts, or a `JoinedFacts`' parts) of the same
    /// type that differ by subnet too; nil when it adds nothing.
    static func joining(_ first: some BlockerReason, _ other: any BlockerReason) -> JoinedFacts? {
        JoinedFacts(parts: [first]).adding(other)
    }

    /// This with `other`'s facts that it does not hold yet; nil when there are none.
    func adding(_ other: any BlockerReason) -> JoinedFacts? {
        let kind = ObjectIdentifier(type(of: parts[0]))
        var joined = self
        for part in (other as? JoinedFacts)?.parts ?? [other]
        where ObjectIdentifier(type(of: part)) == kind && part.differsBySubnet
            && !joined.parts.contains(where: { $0.isSame(as: part) })
        {
            joined.parts.append(part)
        }
        return joined.parts.count > parts.count ? joined : nil
    }

    public func combined(with other: any BlockerReason) -> (any BlockerReason)? { adding(other) }

    public var differsBySubnet: Bool { true }
    public var stopsOnlySomeConnections: Bool { parts.allSatisfy(\.stopsOnlySomeConnections) }

    /// The first fact's words when every fix is the same (the subnets differ in what the
    /// message names only); else `BlockerWords(joiningSubnets:)`.
    public func words(for function: FunctionIdentity) -> BlockerWords {
        let words = parts.map { $0.words(for: function) }
        if words.allSatisfy({ $0.fix == words[0].fix }) { return words[0] }
        return BlockerWords(joiningSubnets: words)
    }

    public static func == (lhs: JoinedFacts, rhs: JoinedFacts) -> Bool {
        lhs.parts.count == rhs.parts.count && zip(lhs.parts, rhs.parts).allSatisfy { $0.isSame(as: $1) }
    }

    public func hash(into hasher: inout Hasher) {
        for part in parts { hasher.combine(part) }
    }
}

extension BlockerWords {
    /// The words of one kind of fact met from several subnets (`JoinedFacts`): each sentence
    /// once (the rule they share is said once, what differs each time), and one fix that does
    /// what each subnet's does. A fix whose alternatives follow a `# or ...` line (a static
    /// route instead of propagation, a NAT route on the main table instead of an association)
    /// keeps that shape: each subnet's commands of one part together, then the line, then
    /// theirs of the next, so that the alternative stays an alternative to all of them. Fixes of
    /// other shapes follow one another, each once.
    init(joiningSubnets parts: [BlockerWords]) {
        var sentences: [Substring] = []
        var said = Set<Substring>()
        for part in parts {
            for sentence in Self.sentences(part.message) where said.insert(sentence).inserted {
                sentences.append(sentence)
            }
        }
        let message = sentences.joined(separator: " ")
        let sectioned = parts.map { Self.sections($0.fix) }
        guard sectioned.allSatisfy({ $0.map(\.heading) == sectioned[0].map(\.heading) }) else {
            self.init(message: message, fix: BlockerWords(joining: parts).fix)
            return
        }
        var lines: [String] = []
        for index in sectioned[0].indices {
            if let heading = sectioned[0][index].heading { lines.append(heading) }
            var bodies: [String] = []
            for part in sectioned where !bodies.contains(part[index].body) { bodies.append(part[index].body) }
            lines += bodies.filter { !$0.isEmpty }
        }
        self.init(message: message, fix: lines.joined(separator: "\n"))
    }

    /// `message`'s sentences: split where a period and a space come before a capital letter
    /// (a sentence never ends inside an ID, an address or "e.g. such").
    static func sentences(_ message: String) -> [Substring] {
        var out: [Substring] = []
        var start = message.startIndex
        var index = message.startIndex
        while let period = message[index...].firstIndex(of: ".") {
            let next = message.index(after: period)
            index = next
            guard next < message.endIndex, message[next] == " " else { continue }
            let following = message.index(after: next)
            guard following < message.endIndex, message[following].isUppercase else { continue }
            out.append(message[start...period])
            start = following
        }
        if start < message.endIndex { out.append(message[start...]) }
        return out
    }

    /// `fix` cut before each line that starts `# or `: its commands, then each alternative
    /// under its heading.
    static func sections(_ fix: String) -> [(heading: String?, body: String)] {
        var sections: [(heading: String?, body: [Substring])] = [(nil, [])]
        for line in fix.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# or ") {
                sections.append((String(line), []))
            } else {
                sections[sections.count - 1].body.append(line)
            }
        }
        return sections.map { ($0.heading, $0.body.joined(separator: "\n")) }
    }
}

/// Words written already: a blocker read back from JSON, and the few whose words are
/// everything there is to them.
public struct WrittenReason: BlockerReason {
    public var words: BlockerWords

    public init(message: String, fix: String) { words = BlockerWords(message: message, fix: fix) }

    public func words(for function: FunctionIdentity) -> BlockerWords { words }
}

/// Why traffic does not get through at one component: a code, the AWS ID of the component,
/// and the typed facts (`reason`) that write the message and fix for the function asked about.
public struct Blocker: Sendable, Hashable {
    public var code: BlockerCode
    /// The AWS ID of the component that blocks.
    public var component: String
    public var reason: any BlockerReason
    /// The account that must run the fix, when it is not the function's: the owner of a VPC
    /// whose subnet is shared with the function's account (a participant cannot change the
    /// owner's route tables, network ACLs or gateways), or of a component in another account.
    /// Not one of the facts: equality ignores it.
    public var fixedBy: String?
    /// The region the fix runs in, when it is not the function's (a peer's security group
    /// across an inter-region peering): its `aws` commands get `--region`.
    public var fixRegion: String?

    public init(code: BlockerCode, component: String, reason: some BlockerReason) {
        self.code = code
        self.component = component
        self.reason = reason
    }

    /// A blocker whose words are written already.
    public init(code: BlockerCode, component: String, message: String, fix: String) {
        self.init(code: code, component: component, reason: WrittenReason(message: message, fix: fix))
    }

    /// The message and fix for `function`.
    public func words(for function: FunctionIdentity) -> BlockerWords {
        var words = reason.words(for: function)
        guard !words.fix.isEmpty else { return words }
        if let region = fixRegion {
            // Each command line without a region of its own runs in the component's.
            words.fix = words.fix.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.hasPrefix("aws ") && !line.contains("--region") ? Self.withRegion(line, region) : String(line)
            }.joined(separator: "\n")
        }
        // A fix that names its account already (Block Public Access's) keeps its own line.
        if let owner = fixedBy, !words.fix.hasPrefix("# as account ") {
            words.fix = "# as account \(owner), which owns \(component):\n" + words.fix
        }
        return words
    }

    /// `line` with `--region region` before its comment, if it has one.
    static func withRegion(_ line: Substring, _ region: String) -> String {
        let option = " --region \(Shell.quoted(region))"
        guard let comment = line.range(of: "   #") ?? line.range(of: "  #") else { return line + option }
        return line[..<comment.lowerBound] + option + line[comment.lowerBound...]
    }

    public static func == (lhs: Blocker, rhs: Blocker) -> Bool {
        lhs.code == rhs.code && lhs.component == rhs.component && lhs.reason.isSame(as: rhs.reason)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(component)
        hasher.combine(reason)
    }
}

extension Blocker {
    /// `blockers` without repeats: the first of each code at each component, in order.
    public static func unique(_ blockers: [Blocker]) -> [Blocker] {
        guard blockers.count > 1 else { return blockers }
        var out: [Blocker] = []
        appendUnique(blockers, to: &out)
        return out
    }

    /// Appends the blockers whose code and component `list` does not have yet; one that it
    /// has, with other facts that can be told together (`BlockerReason.combined(with:)`), joins
    /// the first.
    /// An answer has a handful of blockers: comparing them beats hashing a key built for each.
    static func appendUnique(_ blockers: [Blocker], to list: inout [Blocker]) {
        for blocker in blockers {
            guard let index = list.firstIndex(where: { $0.code == blocker.code && $0.component == blocker.component })
            else {
                list.append(blocker)
                continue
            }
            if let combined = list[index].reason.combined(with: blocker.reason) { list[index].reason = combined }
        }
    }
}
