import Synchronization

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

/// One component a path goes through, with the rule or route that let it through.
///
/// Its words live in one immutable object: paths are copied from walk to walk and answer to
/// answer, and a copy then costs one retain, not one per string. The detail can be given as a
/// description to run when it is read: an audit walks hundreds of thousands of paths whose
/// details no report prints.
public struct Hop: Sendable, Hashable, Codable {
    private final class Words: Sendable {
        let component: String
        let kind: String
        let describe: @Sendable () -> String

        init(component: String, kind: String, describe: @escaping @Sendable () -> String) {
            self.component = component
            self.kind = kind
            self.describe = describe
        }
    }

    private var words: Words

    /// The AWS ID (`subnet-0a1`, `rtb-9f`, `nat-77`, `sg-12`) or a well-known name (`internet`).
    public var component: String {
        get { words.component }
        set { words = Words(component: newValue, kind: kind, describe: words.describe) }
    }
    /// What the component is: `function`, `security-group`, `network-acl`, `route-table`,
    /// `nat-gateway`, `internet-gateway`, `gateway-endpoint`, `interface-endpoint`,
    /// `peering-connection`, `transit-gateway`, `transit-gateway-attachment`,
    /// `transit-gateway-route-table`, `subnet`, `database`, `network-interface`, `aws-service`,
    /// `internet`, `lambda-service`.
    public var kind: String {
        get { words.kind }
        set { words = Words(component: component, kind: newValue, describe: words.describe) }
    }
    /// The rule or route that matched, e.g. `egress rule #2 tcp 443 0.0.0.0/0`.
    public var detail: String {
        get { words.describe() }
        set { words = Words(component: component, kind: kind, describe: { newValue }) }
    }

    public init(component: String, kind: String, detail: String) {
        words = Words(component: component, kind: kind, describe: { detail })
    }

    /// A hop whose detail is worked out each time it is read (it must not change).
    init(component: String, kind: String, describe: @escaping @Sendable () -> String) {
        words = Words(component: component, kind: kind, describe: describe)
    }

    public static func == (lhs: Hop, rhs: Hop) -> Bool {
        lhs.words === rhs.words
            || (lhs.component == rhs.component && lhs.kind == rhs.kind && lhs.detail == rhs.detail)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(component)
        hasher.combine(kind)
        hasher.combine(detail)
    }

    private enum CodingKeys: String, CodingKey { case component, kind, detail }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            component: try container.decode(String.self, forKey: .component),
            kind: try container.decode(String.self, forKey: .kind),
            detail: try container.decode(String.self, forKey: .detail))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(component, forKey: .component)
        try container.encode(kind, forKey: .kind)
        try container.encode(detail, forKey: .detail)
    }
}

/// Why traffic does not get through at one component, and how to change that.
///
/// Its words live in one immutable object, as a `Hop`'s do. They can be given as a function
/// that writes them when first read: an audit finds many blockers (the same security group
/// refusing a function from each of its subnets) and prints only one of each.
public struct Blocker: Sendable, Hashable, Codable {
    private final class Words: Sendable {
        typealias Text = (message: String, fix: String)
        let code: String
        let component: String
        private let write: (@Sendable () -> Text)?
        private let text: Mutex<Text?>

        init(code: String, component: String, message: String, fix: String) {
            self.code = code
            self.component = component
            write = nil
            text = Mutex((message, fix))
        }

        init(code: String, component: String, write: @escaping @Sendable () -> Text) {
            self.code = code
            self.component = component
            self.write = write
            text = Mutex(nil)
        }

        /// The message and fix, written on first use and kept.
        var words: Text {
            text.withLock { text in
                if let text { return text }
                let written = write!()
                text = written
                return written
            }
        }
    }

    private var words: Words

    /// A code from docs/blocker-codes.md: Reachability Analyzer's where one fits.
    public var code: String {
        get { words.code }
        set { words = Words(code: newValue, component: component, message: message, fix: fix) }
    }
    /// The AWS ID of the component that blocks.
    public var component: String {
        get { words.component }
        set { words = Words(code: code, component: newValue, message: message, fix: fix) }
    }
    /// One or two sentences for someone who does not know the AWS rule.
    public var message: String {
        get { words.words.message }
        set { words = Words(code: code, component: component, message: newValue, fix: fix) }
    }
    /// What to change, as aws CLI commands with the real IDs where that is possible.
    public var fix: String {
        get { words.words.fix }
        set { words = Words(code: code, component: component, message: message, fix: newValue) }
    }

    public init(code: String, component: String, message: String, fix: String) {
        words = Words(code: code, component: component, message: message, fix: fix)
    }

    /// A blocker whose message and fix `write` gives when they are first read (it must always
    /// give the same words).
    init(code: String, component: String, write: @escaping @Sendable () -> (message: String, fix: String)) {
        words = Words(code: code, component: component, write: write)
    }

    public static func == (lhs: Blocker, rhs: Blocker) -> Bool {
        lhs.words === rhs.words
            || (lhs.code == rhs.code && lhs.component == rhs.component && lhs.message == rhs.message
                && lhs.fix == rhs.fix)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(code)
        hasher.combine(component)
        hasher.combine(message)
        hasher.combine(fix)
    }

    private enum CodingKeys: String, CodingKey { case code, component, message, fix }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            code: try container.decode(String.self, forKey: .code),
            component: try container.decode(String.self, forKey: .component),
            message: try container.decode(String.self, forKey: .message),
            fix: try container.decode(String.self, forKey: .fix))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
        try container.encode(component, forKey: .component)
        try container.encode(message, forKey: .message)
        try container.encode(fix, forKey: .fix)
    }
}

/// The answer for one subnet of the function.
public struct SubnetAnswer: Sendable, Hashable, Codable {
    public var subnet: String
    public var availabilityZone: String
    public var verdict: Verdict
    public var hops: [Hop]
    public var blockers: [Blocker]

    public init(subnet: String, availabilityZone: String, verdict: Verdict, hops: [Hop], blockers: [Blocker]) {
        self.subnet = subnet
        self.availabilityZone = availabilityZone
        self.verdict = verdict
        self.hops = hops
        self.blockers = blockers
    }
}

/// The whole answer to "can function F reach target T on protocol/port P?".
///
/// Answers are data: the report stage renders them as text or JSON, and both say the same.
public struct Answer: Sendable, Hashable, Codable {
    /// The version of the JSON contract, see docs/json-contract.md.
    public static let schemaVersion = 1

    /// Coded as the object of its fields: the JSON contract's keys are their names.
    private struct Fields: Hashable, Sendable, Codable {
        var function: String
        var functionArn: String
        var target: String
        var ipProtocol: String
        var port: Int
        var verdict: Verdict
        var subnets: [SubnetAnswer]
        var blockers: [Blocker]
        var notes: [String]
    }
    private var fields: Shared<Fields>

    public var function: String {
        get { fields.value.function }
        set { fields.value.function = newValue }
    }
    public var functionArn: String {
        get { fields.value.functionArn }
        set { fields.value.functionArn = newValue }
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

    public init(
        function: String, functionArn: String, target: String, ipProtocol: String, port: Int, verdict: Verdict,
        subnets: [SubnetAnswer], blockers: [Blocker], notes: [String]
    ) {
        fields = Shared(
            Fields(
                function: function, functionArn: functionArn, target: target, ipProtocol: ipProtocol, port: port,
                verdict: verdict, subnets: subnets, blockers: blockers, notes: notes))
    }

    public init(from decoder: any Decoder) throws { fields = Shared(try Fields(from: decoder)) }

    public func encode(to encoder: any Encoder) throws { try fields.value.encode(to: encoder) }

    /// The availability zones whose subnets fail: what "partial" means to an operator.
    public var failingAvailabilityZones: [String] {
        var zones: [String] = []
        for subnet in subnets where subnet.verdict != .reachable && !zones.contains(subnet.availabilityZone) {
            zones.append(subnet.availabilityZone)
        }
        // Most failing answers fail in one zone: the audit reads this for each of them.
        return zones.count > 1 ? zones.sorted() : zones
    }

    /// Every blocker in the answer, function-level first, without repeats.
    public var allBlockers: [Blocker] {
        var all = Blocker.unique(blockers)
        for subnet in subnets { Blocker.appendUnique(subnet.blockers, to: &all) }
        return all
    }
}

extension Blocker {
    /// `blockers` without repeats: the first of each code at each component, in order.
    static func unique(_ blockers: [Blocker]) -> [Blocker] {
        guard blockers.count > 1 else { return blockers }
        var out: [Blocker] = []
        appendUnique(blockers, to: &out)
        return out
    }

    /// Appends the blockers whose code and component `list` does not have yet. An answer has a
    /// handful of blockers: comparing them beats hashing a key built for each.
    static func appendUnique(_ blockers: [Blocker], to list: inout [Blocker]) {
        for blocker in blockers
        where !list.contains(where: { $0.code == blocker.code && $0.component == blocker.component }) {
            list.append(blocker)
        }
    }
}
