/// What to audit: which functions, against which targets, with which expectations and baseline.
///
/// ```swift
/// var request = AuditRequest()
/// request.functions = [FunctionPattern("orders-*")]
/// request.extraTargets = [.awsService("sts")]
/// let result = Audit(network: network).run(request)
/// ```
public struct AuditRequest: Sendable {
    /// Functions whose name (or ARN, for `arn:` patterns) matches one of these; empty: all.
    public var functions: [FunctionPattern] = []
    /// Functions with a subnet in one of these VPCs; empty: any VPC (and functions without one).
    public var vpcs: [String] = []
    /// Whether each function is audited against the default targets: internet, dynamodb, s3,
    /// logs, every RDS database and every interface-endpoint service of its VPC.
    public var defaultTargets = true
    /// Targets every function is audited against besides (or, without `defaultTargets`,
    /// instead of) the defaults, in this order.
    public var extraTargets: [Target] = []
    /// Checked for every function they match; a violated one is an `expectation-violated`
    /// finding, and the cells they cover are judged by them instead of `reach-*`.
    public var expectations: [Expectation] = []
    /// Findings known and accepted: suppressed from the result.
    public var baseline: Baseline?
    /// Whether a failing cell of the matrix is also a `reach-*` finding, with its words. A diff
    /// compares the matrices themselves and leaves the words of thousands of findings unwritten.
    public var reachabilityFindings = true

    public init() {}
}

/// What identifies a finding across runs: rule, function, target and component, never the
/// words of its message or fix. Baselines are sets of keys.
public struct FindingKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var rule: String
    /// The function's ARN; empty for findings about an expectation rather than a function.
    public var functionArn: String
    /// The matrix target (`internet`, `rds:orders`); empty when the finding is not about one.
    public var target: String
    public var component: String
    /// The expectation (its text, as written) of an expectation finding; empty for the others.
    /// Two expectations that ask different questions of one function and target (another
    /// port) are two findings, each pointing at its own line, where they were one. The text,
    /// not the file and line: a baseline outlives lines moved or a file named another way.
    public var expectation: String

    public init(rule: String, functionArn: String, target: String, component: String, expectation: String = "") {
        self.rule = rule
        self.functionArn = functionArn
        self.target = target
        self.component = component
        self.expectation = expectation
    }

    /// The key without its expectation: what a baseline entry written before keys had them
    /// holds, and still accepts for every expectation.
    public var withoutExpectation: FindingKey {
        FindingKey(rule: rule, functionArn: functionArn, target: target, component: component)
    }

    public static func < (lhs: FindingKey, rhs: FindingKey) -> Bool {
        (lhs.rule, lhs.functionArn, lhs.target, lhs.component, lhs.expectation)
            < (rhs.rule, rhs.functionArn, rhs.target, rhs.component, rhs.expectation)
    }

    public var description: String {
        ([rule, functionArn, target, component] + (expectation.isEmpty ? [] : [expectation])).joined(separator: "|")
    }
}

/// One problem the audit found: which rule, how serious, where, why, and what to run.
public struct Finding: Sendable, Hashable {
    private struct Fields: Hashable, Sendable {
        var rule: String
        var severity: Severity
        var function: String
        var functionArn: String
        var target: String?
        var component: String
        var message: String
        var fix: String
        var source: SourceLine?
        var expectation: String?
    }
    private var fields: Shared<Fields>

    public var rule: String {
        get { fields.value.rule }
        set { fields.value.rule = newValue }
    }
    public var severity: Severity {
        get { fields.value.severity }
        set { fields.value.severity = newValue }
    }
    /// The function's name; empty for findings about an expectation line.
    public var function: String {
        get { fields.value.function }
        set { fields.value.function = newValue }
    }
    public var functionArn: String {
        get { fields.value.functionArn }
        set { fields.value.functionArn = newValue }
    }
    /// The target the finding is about (`internet`, `aws:sqs`), when it is about one.
    public var target: String? {
        get { fields.value.target }
        set { fields.value.target = newValue }
    }
    /// The AWS ID of what to change (`rtb-…`, `sg-…`, `vpce-…`, a role ARN, …).
    public var component: String {
        get { fields.value.component }
        set { fields.value.component = newValue }
    }
    public var message: String {
        get { fields.value.message }
        set { fields.value.message = newValue }
    }
    /// aws CLI commands with the real IDs, where that is possible.
    public var fix: String {
        get { fields.value.fix }
        set { fields.value.fix = newValue }
    }
    /// The `--expect` line, for expectation findings.
    public var source: SourceLine? {
        get { fields.value.source }
        set { fields.value.source = newValue }
    }
    /// The expectation's text, for expectation findings: part of the key.
    public var expectation: String? {
        get { fields.value.expectation }
        set { fields.value.expectation = newValue }
    }

    public init(
        rule: AuditRule, function: LambdaFunction?, target: String? = nil, component: String, message: String,
        fix: String, source: SourceLine? = nil, expectation: String? = nil
    ) {
        fields = Shared(
            Fields(
                rule: rule.id, severity: rule.severity, function: function?.name ?? "",
                functionArn: function?.arn ?? "", target: target, component: component, message: message, fix: fix,
                source: source, expectation: expectation))
    }

    /// The finding of `blocker`, in the words written for `function`, at the blocker's component.
    init(rule: AuditRule, function: LambdaFunction, blocker: Blocker) {
        let words = blocker.words(for: FunctionIdentity(function))
        self.init(
            rule: rule, function: function, component: blocker.component, message: words.message, fix: words.fix)
    }

    public var key: FindingKey {
        FindingKey(
            rule: rule, functionArn: functionArn, target: target ?? "", component: component,
            expectation: expectation ?? "")
    }

    /// The output order: most serious first, then rule, function, target, component.
    public static func ordered(_ lhs: Finding, _ rhs: Finding) -> Bool {
        let left = (lhs.severity.rank, lhs.rule, lhs.function, lhs.functionArn, lhs.target ?? "", lhs.component)
        let right = (rhs.severity.rank, rhs.rule, rhs.function, rhs.functionArn, rhs.target ?? "", rhs.component)
        if left != right { return left < right }
        return (lhs.source?.line ?? 0, lhs.message, lhs.fix) < (rhs.source?.line ?? 0, rhs.message, rhs.fix)
    }

    /// `findings` in the `ordered` order, sorting tens of thousands without comparing tuples
    /// of strings over and over: each finding's leading fields are joined once into one key
    /// (NUL-separated, so that the joined keys compare as the tuples do).
    public static func sorted(_ findings: [Finding]) -> [Finding] {
        let keys = findings.map { finding in
            [
                String(finding.severity.rank), finding.rule, finding.function, finding.functionArn,
                finding.target ?? "", finding.component,
            ]
            .joined(separator: "\u{0}")
        }
        let order = findings.indices.sorted { a, b in
            if keys[a] != keys[b] { return keys[a] < keys[b] }
            return ordered(findings[a], findings[b])
        }
        return order.map { findings[$0] }
    }
}

/// Findings accepted earlier (`--write-baseline`), suppressed when they come up again.
public struct Baseline: Sendable, Hashable {
    public var keys: Set<FindingKey>

    public init(keys: Set<FindingKey>) { self.keys = keys }

    /// The baseline that accepts `findings`.
    public init(findings: [Finding]) { keys = Set(findings.map(\.key)) }

    /// Whether the finding of `key` is accepted: its key is an entry, or its key without its
    /// expectation is (an entry from before keys had them).
    public func accepts(_ key: FindingKey) -> Bool {
        keys.contains(key) || (!key.expectation.isEmpty && keys.contains(key.withoutExpectation))
    }
}

/// One cell of the reachability matrix: a function against a target.
public struct TargetReachability: Sendable, Hashable {
    /// As `--to` spells it: `internet`, `rds:orders`, `aws:sqs`.
    public var target: String
    public var ipProtocol: String
    public var port: Int
    /// The verdict `lambda-reach query` gives for the same function and target.
    public var verdict: Verdict
    /// The zones of the subnets that do not get through (partial and unreachable answers).
    public var failingAvailabilityZones: [String]
    /// Every blocker of the answer, function-level first, without repeats: each by its code
    /// and component, as the matrix shows it. Their words are in the answer's finding.
    public var blockers: [BlockerKey]

    public init(
        target: String, ipProtocol: String, port: Int, verdict: Verdict, failingAvailabilityZones: [String],
        blockers: [BlockerKey]
    ) {
        self.target = target
        self.ipProtocol = ipProtocol
        self.port = port
        self.verdict = verdict
        self.failingAvailabilityZones = failingAvailabilityZones
        self.blockers = blockers
    }

    /// The cell of `answer`, whose `allBlockers` are `blockers`.
    init(_ answer: Answer, blockers: [Blocker]) {
        self.init(
            target: answer.target, ipProtocol: answer.ipProtocol, port: answer.port, verdict: answer.verdict,
            failingAvailabilityZones: answer.verdict == .reachable ? [] : answer.failingAvailabilityZones,
            blockers: blockers.map(BlockerKey.init))
    }
}

/// A blocker as a matrix cell names it: its code and the component that blocks.
///
/// A cell keeps these rather than the `Blocker`s: a blocker holds its words, or what writing
/// them needs (the groups, the subnet, the function), and an organisation's audit has tens of
/// thousands of failing cells whose words are already in their findings.
public struct BlockerKey: Sendable, Hashable {
    /// A code from docs/blocker-codes.md.
    public var code: BlockerCode
    /// The AWS ID of the component that blocks.
    public var component: String

    public init(code: BlockerCode, component: String) {
        self.code = code
        self.component = component
    }

    /// The code and component of `blocker`.
    public init(_ blocker: Blocker) { self.init(code: blocker.code, component: blocker.component) }
}

/// One row of the matrix: a function and its verdict for each target.
public struct FunctionReachability: Sendable, Hashable {
    public var function: String
    public var functionArn: String
    /// The VPCs of the function's subnets (empty without VpcConfig).
    public var vpcs: [String]
    public var subnets: [String]
    public var targets: [TargetReachability]
    /// The capacity provider of a function of Lambda Managed Instances (its ARN), whose subnets
    /// `subnets` are; nil for any other function.
    public var capacityProvider: String?
    /// Whether that provider is in the inventory: without it the function has no subnets, and
    /// is in no VPC known, not in the Lambda-owned network.
    public var capacityProviderExported: Bool

    public init(
        function: String, functionArn: String, vpcs: [String], subnets: [String], targets: [TargetReachability],
        capacityProvider: String? = nil, capacityProviderExported: Bool = true
    ) {
        self.function = function
        self.functionArn = functionArn
        self.vpcs = vpcs
        self.subnets = subnets
        self.targets = targets
        self.capacityProvider = capacityProvider
        self.capacityProviderExported = capacityProviderExported
    }
}

/// How one expectation fared over the functions it matched.
public struct ExpectationResult: Sendable, Hashable {
    public var expectation: Expectation
    /// The audited functions the expectation matched.
    public var functionsChecked: Int
    /// How many of them violate it.
    public var violations: Int
    /// Why it could not be checked (an unknown database), if it could not.
    public var problem: String?

    public init(expectation: Expectation, functionsChecked: Int, violations: Int, problem: String?) {
        self.expectation = expectation
        self.functionsChecked = functionsChecked
        self.violations = violations
        self.problem = problem
    }

    /// Held for every function it matched, and matched at least one.
    public var passed: Bool { problem == nil && violations == 0 && functionsChecked > 0 }
}

/// The audit's answer: the matrix, the findings, the expectations' outcome. Deterministic:
/// functions are sorted by name then ARN, findings by `Finding.ordered`.
public struct AuditResult: Sendable {
    /// The version of the audit's JSON contract (docs/audit.md).
    public static let schemaVersion = 1

    public var functions: [FunctionReachability]
    /// The findings that count: not suppressed by the baseline.
    public var findings: [Finding]
    /// Findings the baseline suppressed.
    public var suppressed: [Finding]
    /// Baseline entries that no longer come up (fixed since, or renamed).
    public var staleBaselineEntries: [FindingKey]
    public var expectations: [ExpectationResult]
    /// The VPCs of the audited functions.
    public var vpcCount: Int
    /// Their Name tags, where they have one.
    public var vpcNames: [String: String]
    /// How many distinct subnet walks answered all the questions (functions placed alike
    /// share theirs), against how many the questions would take one by one.
    public var walks = (distinct: 0, asked: 0)
    /// Wall-clock time of each stage of the run, in order, and the process's CPU time during
    /// it (for `LAMBDA_REACH_TIMINGS`; never rendered into a report, which must not depend on
    /// the clock).
    public var stages: [(name: String, duration: Duration, cpu: Duration)] = []

    public init(
        functions: [FunctionReachability], findings: [Finding], suppressed: [Finding],
        staleBaselineEntries: [FindingKey],
        expectations: [ExpectationResult], vpcCount: Int, vpcNames: [String: String] = [:]
    ) {
        self.functions = functions
        self.findings = findings
        self.suppressed = suppressed
        self.staleBaselineEntries = staleBaselineEntries
        self.expectations = expectations
        self.vpcCount = vpcCount
        self.vpcNames = vpcNames
    }

    /// Every finding, suppressed or not: what `--write-baseline` records.
    public var allFindings: [Finding] { suppressed.isEmpty ? findings : Finding.sorted(findings + suppressed) }

    /// The same result judged against `baseline` instead of the request's: its findings split
    /// again into those that count and those suppressed, its stale entries recomputed.
    public func applying(_ baseline: Baseline?) -> AuditResult {
        var result = self
        let all = allFindings
        guard let baseline else {
            result.findings = all
            result.suppressed = []
            result.staleBaselineEntries = []
            return result
        }
        result.findings = all.filter { !baseline.accepts($0.key) }
        result.suppressed = all.filter { baseline.accepts($0.key) }
        // An entry without an expectation is used by the findings of every expectation.
        let used = Set(all.flatMap { [$0.key, $0.key.withoutExpectation] })
        result.staleBaselineEntries = baseline.keys.subtracting(used).sorted()
        return result
    }

    /// Findings at or above `threshold` (nil: none ever fail).
    public func failing(at threshold: Severity?) -> [Finding] {
        guard let threshold else { return [] }
        return findings.filter { $0.severity.isAtLeast(threshold) }
    }

    /// How many findings are at or above `threshold` (nil: none): `failing(at:).count`
    /// without copying tens of thousands of findings.
    public func failingCount(at threshold: Severity?) -> Int {
        guard let threshold else { return 0 }
        return findings.indices.count { findings[$0].severity.isAtLeast(threshold) }
    }

    /// How many matrix cells have `verdict`.
    public func count(_ verdict: Verdict) -> Int {
        functions.indices.reduce(0) { total, row in
            total + functions[row].targets.indices.count { functions[row].targets[$0].verdict == verdict }
        }
    }

    /// How many findings have `severity`.
    public func count(_ severity: Severity) -> Int { findings.indices.count { findings[$0].severity == severity } }
}
