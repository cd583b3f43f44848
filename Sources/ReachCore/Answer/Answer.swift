/// Whether traffic gets through.
public enum Verdict: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every subnet of the function reaches the target.
    case reachable
    /// No subnet reaches it.
    case unreachable
    /// Some subnets do and some do not: invocations fail or time out intermittently,
    /// depending on which subnet's ENI Lambda uses.
    case partial
}

/// The answer for one subnet of the function.
public struct SubnetAnswer: Sendable, Hashable {
    public var subnet: String
    /// The zone's name as the function's own account names it (names are mapped per account).
    public var availabilityZone: String
    /// The zone's ID (`use1-az1`), the same in every account, when the inventory has it.
    public var availabilityZoneId: String?
    /// The account that owns the subnet when it is not the function's: a subnet shared with
    /// the function's account through AWS RAM.
    public var sharedBy: String?
    public var verdict: Verdict
    public var hops: [Hop]
    public var blockers: [Blocker]

    public init(
        subnet: String, availabilityZone: String, availabilityZoneId: String? = nil, sharedBy: String? = nil,
        verdict: Verdict, hops: [Hop], blockers: [Blocker]
    ) {
        self.subnet = subnet
        self.availabilityZone = availabilityZone
        self.availabilityZoneId = availabilityZoneId
        self.sharedBy = sharedBy
        self.verdict = verdict
        self.hops = hops
        self.blockers = blockers
    }
}

extension SubnetAnswer {
    /// The components the traffic crosses, without the filters (security groups, network
    /// ACLs), each once, where the path first meets it: the path as `query` and the audit's
    /// findings print it (`subnet-1 > rtb-1 > nat-1 > igw-1 > internet`). The checks of the way
    /// back (the destination's table, a second default route of a split pair) name components
    /// the path has already passed, and would print it twice.
    public var route: [String] {
        var path: [String] = []
        var seen: Set<String> = []
        for hop in hops
        where hop.kind != .securityGroup && hop.kind != .networkACL && seen.insert(hop.component).inserted {
            path.append(hop.component)
        }
        return path
    }
}

/// The whole answer to "can function F reach target T on protocol/port P?".
///
/// Answers are data: the report stage renders them as text or JSON, and both say the same.
/// Blockers hold typed facts; their words are written, for this answer's function, when the
/// answer is rendered (`words(of:)`, and the JSON encoding).
public struct Answer: Sendable, Hashable, Codable {
    /// The version of the JSON contract, see docs/json-contract.md.
    public static let schemaVersion = 1

    private struct Fields: Hashable, Sendable {
        /// The function asked about: its name and ARN, and what its blockers' words name.
        var identity: FunctionIdentity
        var target: String
        var ipProtocol: String
        var port: Int
        var verdict: Verdict
        var subnets: [SubnetAnswer]
        var blockers: [Blocker]
        var notes: [String]
        var planned: [PlannedComponent] = []
    }
    private var fields: Shared<Fields>

    public var function: String {
        get { fields.value.identity.name }
        set { fields.value.identity.name = newValue }
    }
    public var functionArn: String {
        get { fields.value.identity.arn }
        set { fields.value.identity.arn = newValue }
    }
    public var target: String {
        get { fields.value.target }
        set { fields.value.target = newValue }
    }
    public var ipProtocol: String {
        get { fields.value.ipProtocol }
        set { fields.value.ipProtocol = newValue }
    }
    public var port: Int {
        get { fields.value.port }
        set { fields.value.port = newValue }
    }
    public var verdict: Verdict {
        get { fields.value.verdict }
        set { fields.value.verdict = newValue }
    }
    public var subnets: [SubnetAnswer] {
        get { fields.value.subnets }
        set { fields.value.subnets = newValue }
    }
    public var blockers: [Blocker] {
        get { fields.value.blockers }
        set { fields.value.blockers = newValue }
    }
    public var notes: [String] {
        get { fields.value.notes }
        set { fields.value.notes = newValue }
    }
    /// The components the answer names that a template plans (`--template`), in template
    /// order; empty without templates.
    public var planned: [PlannedComponent] {
        get { fields.value.planned }
        set { fields.value.planned = newValue }
    }
    /// The function the answer is about, as its blockers' words name it.
    public var identity: FunctionIdentity {
        get { fields.value.identity }
        set { fields.value.identity = newValue }
    }

    public init(
        function: String, functionArn: String, target: String, ipProtocol: String, port: Int, verdict: Verdict,
        subnets: [SubnetAnswer], blockers: [Blocker], notes: [String], identity: FunctionIdentity? = nil
    ) {
        // `identity` adds the function's groups and subnets; its name and ARN are these.
        var identity = identity ?? FunctionIdentity(name: function, arn: functionArn)
        identity.name = function
        identity.arn = functionArn
        fields = Shared(
            Fields(
                identity: identity, target: target,
                ipProtocol: ipProtocol, port: port, verdict: verdict, subnets: subnets, blockers: blockers, notes: notes
            ))
    }

    /// `blocker`'s words, written for this answer's function.
    public func words(of blocker: Blocker) -> BlockerWords { blocker.words(for: identity) }

    // The JSON contract: the fields by their names, each blocker with its words written.
    private struct Coded: Codable {
        struct CodedBlocker: Codable {
            var code: String
            var component: String
            var message: String
            var fix: String
        }
        struct CodedSubnet: Codable {
            var subnet: String
            var availabilityZone: String
            var verdict: Verdict
            var hops: [Hop]
            var blockers: [CodedBlocker]
        }
        var function: String
        var functionArn: String
        var target: String
        var ipProtocol: String
        var port: Int
        var verdict: Verdict
        var subnets: [CodedSubnet]
        var blockers: [CodedBlocker]
        var notes: [String]
        /// Only with templates: absent, not empty, otherwise (the contract's earlier shape).
        var planned: [PlannedComponent]?
    }

    public init(from decoder: any Decoder) throws {
        let coded = try Coded(from: decoder)
        let blockers = { (list: [Coded.CodedBlocker]) in
            list.map {
                Blocker(
                    code: BlockerCode(rawValue: $0.code) ?? .unknownDestination, component: $0.component,
                    message: $0.message, fix: $0.fix)
            }
        }
        self.init(
            function: coded.function, functionArn: coded.functionArn, target: coded.target,
            ipProtocol: coded.ipProtocol, port: coded.port, verdict: coded.verdict,
            subnets: coded.subnets.map {
                SubnetAnswer(
                    subnet: $0.subnet, availabilityZone: $0.availabilityZone, verdict: $0.verdict, hops: $0.hops,
                    blockers: blockers($0.blockers))
            }, blockers: blockers(coded.blockers), notes: coded.notes)
        planned = coded.planned ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        let coded = { (list: [Blocker]) in
            list.map { blocker -> Coded.CodedBlocker in
                let words = self.words(of: blocker)
                return Coded.CodedBlocker(
                    code: blocker.code.rawValue, component: blocker.component, message: words.message, fix: words.fix)
            }
        }
        try Coded(
            function: function, functionArn: functionArn, target: target, ipProtocol: ipProtocol, port: port,
            verdict: verdict,
            subnets: subnets.map {
                Coded.CodedSubnet(
                    subnet: $0.subnet, availabilityZone: $0.availabilityZone, verdict: $0.verdict, hops: $0.hops,
                    blockers: coded($0.blockers))
            }, blockers: coded(blockers), notes: notes, planned: planned.isEmpty ? nil : planned
        ).encode(to: encoder)
    }

    /// The availability zones whose subnets fail: what "partial" means to an operator.
    /// A subnet that is not in the inventory has no zone, and is not counted here.
    public var failingAvailabilityZones: [String] {
        var zones: [String] = []
        for subnet in subnets
        where subnet.verdict != .reachable && !subnet.availabilityZone.isEmpty
            && !zones.contains(subnet.availabilityZone)
        {
            zones.append(subnet.availabilityZone)
        }
        // Most failing answers fail in one zone: the audit reads this for each of them.
        return zones.count > 1 ? zones.sorted() : zones
    }

    /// Where invocations fail, in words: the failing zones, then each failing subnet whose zone
    /// is not known (it is not in the inventory) by its ID.
    public var failingPlaces: [String] {
        failingAvailabilityZones
            + subnets.filter { $0.verdict != .reachable && $0.availabilityZone.isEmpty }.map {
                "\($0.subnet) (zone not known)"
            }
    }

    /// Every blocker in the answer, function-level first, without repeats.
    public var allBlockers: [Blocker] {
        var all = Blocker.unique(blockers)
        for subnet in subnets { Blocker.appendUnique(subnet.blockers, to: &all) }
        return all
    }
}
