/// A question: can `function` reach `target` over `ipProtocol` on `port`?
public struct Question: Sendable, Hashable {
    public var function: LambdaFunction
    public var target: Target
    /// nil: the target's default (443, or a database's endpoint port).
    public var port: Int?
    public var ipProtocol: IPProtocol

    public init(function: LambdaFunction, target: Target, port: Int? = nil, ipProtocol: IPProtocol = .tcp) {
        self.function = function
        self.target = target
        self.port = port
        self.ipProtocol = ipProtocol
    }
}

/// A question the inventory cannot answer: the target does not exist.
public enum QuestionError: Error, Sendable, CustomStringConvertible {
    case unknownDatabase(String, closeMatches: [String])
    case ambiguousDatabase(String, candidates: [String])
    case unknownService(String, closeMatches: [String])

    public var description: String {
        switch self {
        case .unknownService(let name, let matches):
            let hint =
                matches.isEmpty ? "" : " Did you mean: \(matches.map { "aws:\($0)" }.joined(separator: ", "))?"
            return
                "'\(name)' is not an AWS service's endpoint name (as in com.amazonaws.REGION.NAME, e.g. aws:secretsmanager, aws:sqs, aws:ecr.api).\(hint) A service newer than this lambda-reach can be asked in full: aws:com.amazonaws.REGION.NAME."
        case .unknownDatabase(let identifier, let matches):
            let hint = matches.isEmpty ? "" : " Did you mean: \(matches.map { "rds:\($0)" }.joined(separator: ", "))?"
            return "no RDS DB instance, cluster or proxy named '\(identifier)' in the inventory.\(hint)"
        case .ambiguousDatabase(let identifier, let candidates):
            return
                "'\(identifier)' names several databases (\(candidates.joined(separator: ", "))); import one account/region per inventory or pick by ARN"
        }
    }
}

/// The answer stage: decides reachability over the network model and explains it.
///
/// For each subnet of the function it walks the path a packet takes (security groups, the
/// subnet's network ACL and route table, then NAT gateways, internet gateways, endpoints and
/// peering connections to the destination's own ACL and groups), recording a hop for every
/// component that lets the traffic through and a blocker for every one that does not. It keeps
/// walking past a blocker while the next hop is known, so that every fix needed is reported.
///
/// A class, though it holds only a constant: its decisions travel in closures (see `byGroups`)
/// and a copy of the network, dozens of dictionaries, would cost a retain for each.
public final class Solver: Sendable {
    public let network: Network
    /// AWS-managed prefix lists by name (`com.amazonaws.<region>.<service>`), the smallest ID
    /// of each: every walk to a gateway-endpoint service looks its list up.
    let prefixListIdsByName: [String: String]

    public init(network: Network) {
        self.network = network
        var byName: [String: String] = [:]
        for list in network.prefixLists.values {
            if let name = list.name, byName[name].map({ list.id < $0 }) ?? true { byName[name] = list.id }
        }
        prefixListIdsByName = byName
    }

    /// Answers `question`. Throws only when the target does not exist.
    public func answer(_ question: Question) throws(QuestionError) -> Answer {
        try checkService(question.target)
        let database = try resolveDatabase(question.target, for: question.function)
        return answer(
            question.function, target: question.target, port: question.port, ipProtocol: question.ipProtocol,
            database: database
        ) { subnet, context in walk(from: subnet, context) }
    }

    /// What the walk from one subnet of a function found: the part of an answer that depends on
    /// the subnet, the target, port and protocol and, of the function, only its region, its
    /// security groups (in their order) and its name (in some fixes), never its state, role or
    /// other subnets; except for IPv6 targets, whose walks also read Ipv6AllowedForDualStack and
    /// name the function's ARN and subnets (see `Audit.walkIsShared`).
    struct SubnetPath: Sendable {
        var hops: [Hop]
        var blockers: [Blocker]
        var notes: [String]
        /// The checks of the function's own security groups that a skeleton walk left open, in
        /// walk order (see `skeleton(from:_:hops:)`); empty in a complete walk.
        var openChecks: [GroupCheck] = []
        /// False for a skeleton walked without its hops: only a completion without hops may use it.
        var hopsRecorded = true
    }

    /// The walk from `subnet` that `answer(_:)` makes for each subnet of the function.
    func walk(from subnet: Subnet, _ context: Context) -> SubnetPath {
        var trace = Trace()
        var notes: [String] = []
        fromSubnet(subnet, context, trace: &trace, notes: &notes)
        return SubnetPath(hops: trace.hops, blockers: trace.blockers, notes: notes)
    }

    /// The walk from `subnet` with the function's own security groups left out: every check of
    /// them (`byGroups`) is recorded where it happens instead of being decided. Nothing else on the path
    /// depends on those groups (only on how many there are, for the fixes that list them), so
    /// the audit walks each subnet once per target and completes the walk per group set with
    /// `complete(_:subnet:_:hops:)`, which is far cheaper than walking again.
    ///
    /// Without `hops`, the skeleton records none, and can only be completed without them: the
    /// audit reads the hops of few targets, and a hop costs two allocations to make and free.
    func skeleton(from subnet: Subnet, _ context: Context, hops: Bool = true) -> SubnetPath {
        var trace = Trace(openChecks: [])
        trace.recordsHops = hops
        var notes: [String] = []
        fromSubnet(subnet, context, trace: &trace, notes: &notes)
        return SubnetPath(
            hops: trace.hops, blockers: trace.blockers, notes: notes, openChecks: trace.openChecks ?? [],
            hopsRecorded: hops)
    }

    /// `skeleton` with its open checks decided for the groups of `context`: exactly the walk
    /// `walk(from: subnet, context)` makes, hops, blockers and notes in the same order.
    ///
    /// Without `hops`, the completed path has none: for a caller that reads only its blockers
    /// and notes (the audit, for most targets), copying the skeleton's hops is most of the work.
    func complete(_ skeleton: SubnetPath, subnet: Subnet, _ context: Context, hops: Bool = true) -> SubnetPath {
        precondition(!hops || skeleton.hopsRecorded, "a skeleton walked without hops completed with them")
        guard !skeleton.openChecks.isEmpty else { return skeleton }
        var path = SubnetPath(hops: [], blockers: [], notes: skeleton.notes)
        // The skeleton's hops and one or two per check (a group's rule): the path is built
        // in one allocation, not grown check by check.
        if hops { path.hops.reserveCapacity(skeleton.hops.count + 2 * skeleton.openChecks.count) }
        var hopCursor = 0
        var blockerCursor = 0
        var notesAdded = 0
        var blocked: [Bool] = []
        blocked.reserveCapacity(skeleton.openChecks.count)
        // By index: a check holds a closure or blockers, and a copy of it is a retain and a
        // release each, for every completion of an audit.
        for index in skeleton.openChecks.indices {
            let (hopIndex, blockerIndex) = (
                skeleton.openChecks[index].hopIndex, skeleton.openChecks[index].blockerIndex
            )
            // Appends of nothing are skipped: most are (a check adds no blocker, a walk
            // without hops has none), and each call costs as much as a short copy.
            if hops && hopCursor < hopIndex { path.hops += skeleton.hops[hopCursor..<hopIndex] }
            if blockerCursor < blockerIndex { path.blockers += skeleton.blockers[blockerCursor..<blockerIndex] }
            hopCursor = hopIndex
            blockerCursor = blockerIndex
            var trace = Trace()
            trace.recordsHops = hops
            switch skeleton.openChecks[index].kind {
            case .decide(let decision):
                decision(self, context, &trace)
            case .ifBlocked(let checks, let blockers, let otherwise, let noteIndex):
                if checks.contains(where: { blocked[$0] }) {
                    trace.blockers = blockers
                } else if let otherwise {
                    path.notes.insert(otherwise, at: noteIndex + notesAdded)
                    notesAdded += 1
                }
            }
            blocked.append(!trace.blockers.isEmpty)
            if !trace.hops.isEmpty { path.hops += trace.hops }
            // The check's blockers are taken whole when the path has none yet: no copy.
            if path.blockers.isEmpty {
                path.blockers = trace.blockers
            } else if !trace.blockers.isEmpty {
                path.blockers += trace.blockers
            }
        }
        if hops && hopCursor < skeleton.hops.count { path.hops += skeleton.hops[hopCursor...] }
        if blockerCursor < skeleton.blockers.count { path.blockers += skeleton.blockers[blockerCursor...] }
        return path
    }

    /// A decision that reads the function's security groups (`context.groups`, or its group
    /// IDs): it records hops and blockers in the trace it is given.
    typealias GroupDecision = @Sendable (Solver, Context, inout Trace) -> Void

    /// Makes `decision` now, or in a skeleton walk records it for `complete(_:subnet:_:)`.
    /// Every check that reads the function's groups goes through here: it is what lets the
    /// rest of a walk be shared by functions whose groups differ.
    func byGroups(_ context: Context, _ trace: inout Trace, _ decision: @escaping GroupDecision) {
        if !trace.leaveOpen(.decide(decision)) { decision(self, context, &trace) }
    }

    /// A check of the function's security groups that a skeleton walk left open, with where
    /// in the walk its hops and blockers go.
    struct GroupCheck: Sendable {
        enum Kind: Sendable {
            /// A decision that reads the function's groups (`Solver.byGroups`).
            case decide(GroupDecision)
            /// `blockers` apply when one of the open checks `checks` (indices into the open
            /// checks) blocks; otherwise `otherwise` is a note, at `noteIndex` of the walk's notes.
            case ifBlocked(checks: Range<Int>, blockers: [Blocker], otherwise: String?, noteIndex: Int)
        }
        var kind: Kind
        var hopIndex: Int
        var blockerIndex: Int
    }

    /// `answer(_:)` for the question's parts (no `Question` is built per cell), with the target's
    /// database already resolved and the subnet walks supplied by `path`. The audit passes a memoising `path`, so that
    /// functions placed alike share their walks; the function-level checks and the verdict are
    /// decided here for every caller.
    func answer(
        _ function: LambdaFunction, target: Target, port questionPort: Int?, ipProtocol: IPProtocol,
        database: RDSDatabase?, facts: FunctionFacts? = nil, path: (Subnet, Context) -> SubnetPath
    ) -> Answer {
        let facts = facts ?? functionFacts(function, target: target)
        var notes = facts.notes
        let port = target.port(asked: questionPort, database: database)
        let context = Context(
            function: function, target: target, ipProtocol: ipProtocol, port: port, database: database,
            groups: facts.groups)
        let functionBlockers = facts.blockers

        var subnetAnswers: [SubnetAnswer] = []
        if !function.isInVPC {
            var trace = Trace()
            outsideVPC(context, trace: &trace, notes: &notes)
            let verdict: Verdict = functionBlockers.isEmpty && trace.blockers.isEmpty ? .reachable : .unreachable
            return Answer(
                function: function.name, functionArn: function.arn, target: target.description,
                ipProtocol: ipProtocol.description, port: port, verdict: verdict, subnets: [],
                blockers: functionBlockers + trace.blockers, notes: Self.unique(notes),
                identity: FunctionIdentity(function))
        }
        // An audit answers every function for every target: the list is made at its size, not
        // grown subnet by subnet.
        subnetAnswers.reserveCapacity(function.subnetIds.count)
        for (index, subnetId) in function.subnetIds.enumerated() {
            guard let subnet = facts.subnets[index] else {
                subnetAnswers.append(
                    SubnetAnswer(
                        subnet: subnetId, availabilityZone: "", verdict: .unreachable, hops: [],
                        blockers: [Explain.subnetNotFound(subnetId)]))
                continue
            }
            let walked = path(subnet, context)
            if !walked.notes.isEmpty { notes += walked.notes }
            let reachable = walked.blockers.isEmpty && functionBlockers.isEmpty
            subnetAnswers.append(
                SubnetAnswer(
                    subnet: subnet.id, availabilityZone: subnet.availabilityZone,
                    verdict: reachable ? .reachable : .unreachable,
                    hops: walked.hops, blockers: Blocker.unique(walked.blockers)))
        }
        let reachableCount = subnetAnswers.count { $0.verdict == .reachable }
        let verdict: Verdict =
            reachableCount == subnetAnswers.count ? .reachable : (reachableCount == 0 ? .unreachable : .partial)
        if verdict == .partial {
            let zones = Set(subnetAnswers.filter { $0.verdict != .reachable }.map(\.availabilityZone)).sorted()
            notes.append(
                "Only some subnets get through: Lambda picks an ENI in any of the function's subnets, so invocations that land in \(zones.joined(separator: ", ")) fail (typically as intermittent timeouts) while the others work."
            )
        }
        return Answer(
            function: function.name, functionArn: function.arn, target: target.description,
            ipProtocol: ipProtocol.description, port: port, verdict: verdict, subnets: subnetAnswers,
            blockers: Blocker.unique(functionBlockers), notes: Self.unique(notes),
            identity: FunctionIdentity(function))
    }

    // MARK: - Context

    struct Context {
        var function: LambdaFunction
        var target: Target
        var ipProtocol: IPProtocol
        var port: Int
        var database: RDSDatabase?
        var groups: [SecurityGroup]
    }

    /// What the walk records.
    struct Trace {
        var hops: [Hop] = []
        var blockers: [Blocker] = []
        /// nil: checks of the function's groups are decided as they come. A list (a skeleton
        /// walk): they are recorded here instead.
        var openChecks: [GroupCheck]? = nil
        /// False when the caller will not read the hops (see `complete(_:subnet:_:hops:)`).
        var recordsHops = true
        /// Records a hop (its step is made only when the hops are kept).
        mutating func hop(_ step: @autoclosure () -> Step) {
            guard recordsHops else { return }
            hops.append(Hop(step()))
        }
        /// Records a hop for each rule that let the traffic through its security group, in
        /// the `direction` the rules are of.
        mutating func ruleHops(_ matched: [(group: String, rule: SecurityGroupRule)], direction: RuleDirection) {
            guard recordsHops else { return }
            for (group, rule) in matched {
                hops.append(Hop(.securityGroupRule(group: group, direction: direction, rule: rule)))
            }
        }
        mutating func block(_ blocker: Blocker) { blockers.append(blocker) }

        /// In a skeleton walk, records `check` at this point of the walk and returns true;
        /// otherwise returns false and the caller decides the check now.
        mutating func leaveOpen(_ check: GroupCheck.Kind) -> Bool {
            guard openChecks != nil else { return false }
            openChecks!.append(GroupCheck(kind: check, hopIndex: hops.count, blockerIndex: blockers.count))
            return true
        }
    }

    /// `notes` without repeats, in order. An answer has a few notes (each subnet's walk
    /// repeating the same ones): comparing them beats hashing them.
    static func unique(_ notes: [String]) -> [String] {
        guard notes.count > 1 else { return notes }
        var out: [String] = []
        for note in notes where !out.contains(note) { out.append(note) }
        return out
    }

    // MARK: - Targets

    func resolveDatabase(_ target: Target, for function: LambdaFunction) throws(QuestionError) -> RDSDatabase? {
        guard case .database(let identifier) = target else { return nil }
        let matches = network.databases(identifiedBy: identifier)
        if matches.isEmpty {
            let names = Set(network.databases.values.map(\.identifier))
            throw QuestionError.unknownDatabase(identifier, closeMatches: CloseMatches.find(identifier, in: names))
        }
        if matches.count == 1 { return matches[0] }
        let local = matches.filter { $0.accountId == function.accountId && $0.region == function.region }
        if local.count == 1 { return local[0] }
        // An instance and its cluster can share no identifier, but a proxy might: prefer in that order.
        for kind in [RDSDatabase.Kind.instance, .cluster, .proxy] {
            let ofKind = (local.isEmpty ? matches : local).filter { $0.kind == kind }
            if ofKind.count == 1 { return ofKind[0] }
        }
        throw QuestionError.ambiguousDatabase(identifier, candidates: matches.map(\.key))
    }

    /// Throws when `target` is an AWS service that is not one: neither an AWS service API name
    /// (`AWSServices.names`), nor a service of the inventory's endpoints or prefix lists, nor
    /// given in full (`com.amazonaws.REGION.NAME`).
    public func checkService(_ target: Target) throws(QuestionError) {
        guard case .awsService(let name) = target else { return }
        let short = VPCEndpoint.shortName(name)
        if short != name || AWSServices.names.contains(name) { return }
        var inventory = Set(network.endpoints.values.map(\.shortServiceName))
        for list in network.prefixLists.values {
            if let listName = list.name { inventory.insert(VPCEndpoint.shortName(listName)) }
        }
        if inventory.contains(name) { return }
        throw .unknownService(name, closeMatches: CloseMatches.find(name, in: AWSServices.names.union(inventory)))
    }

    /// Throws when `target` names something the inventory does not have: an unknown AWS
    /// service, or a database no account of the inventory has (one identifier may be several
    /// accounts' databases: each function's question resolves it in its own).
    public func checkTarget(_ target: Target) throws(QuestionError) {
        try checkService(target)
        guard case .database(let identifier) = target, network.databases(identifiedBy: identifier).isEmpty else {
            return
        }
        let names = Set(network.databases.values.map(\.identifier))
        throw .unknownDatabase(identifier, closeMatches: CloseMatches.find(identifier, in: names))
    }

    /// The AWS service name a target asks for (`s3`, `secretsmanager`), if it is one.
    func serviceName(_ target: Target) -> String? {
        if case .awsService(let name) = target { return name }
        return nil
    }

    /// The AWS-managed prefix list of a service in a region (`com.amazonaws.us-east-1.s3`).
    func prefixListId(service: String, region: String) -> String? {
        prefixListIdsByName["com.amazonaws.\(region).\(service)"]
    }

    // MARK: - Function-level causes

    static let vpcStateReasons: Set<String> = [
        "InsufficientRolePermissions", "SubnetOutOfIPAddresses", "EniLimitExceeded", "InvalidSubnet",
        "InvalidSecurityGroup", "SubnetNotFound", "SecurityGroupNotFound", "Ec2RequestLimitExceeded",
        "EFSMountConnectivityError",
    ]

    static let eniActions = [
        "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DeleteNetworkInterface",
        "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses",
    ]
    static let logsActions = ["logs:CreateLogStream", "logs:PutLogEvents"]
    /// AWS managed policies, recognised by name because exports often leave their documents out.
    static let managedPolicyActions: [String: [String]] = [
        "AWSLambdaVPCAccessExecutionRole": eniActions + logsActions + ["logs:CreateLogGroup"],
        "AWSLambdaENIManagementAccess": eniActions,
        "AWSLambdaBasicExecutionRole": logsActions + ["logs:CreateLogGroup"],
        "AWSLambdaExecute": logsActions + ["logs:CreateLogGroup"],
        "AdministratorAccess": eniActions + logsActions + ["logs:CreateLogGroup"],
        "PowerUserAccess": eniActions + logsActions + ["logs:CreateLogGroup"],
        "AWSLambda_FullAccess": logsActions,
    ]

    /// The actions of `needed` that `role` is not granted.
    func missingActions(_ needed: [String], role: Role) -> [String] {
        let fromNames = Set(
            role.attachedPolicyNames.flatMap { Self.managedPolicyActions[$0] ?? [] }.map { $0.lowercased() })
        return needed.filter { action in
            !fromNames.contains(action.lowercased()) && !PolicyDocument.allows(action: action, in: role.documents)
        }
    }

    /// What an answer needs of the function alone, whatever the subnet: its security groups, and
    /// the blockers and notes of its state, role and VPC. They depend on the target only in
    /// whether it is `logs` (the role's logs permissions), so the audit gets them once or twice
    /// per function rather than once per target.
    struct FunctionFacts: Sendable {
        var groups: [SecurityGroup]
        /// The function's subnets in its order, nil where one is not in the inventory.
        var subnets: [Subnet?]
        var blockers: [Blocker]
        var notes: [String]
    }

    func functionFacts(_ function: LambdaFunction, target: Target) -> FunctionFacts {
        var notes: [String] = []
        let blockers = functionLevelBlockers(function, target: target, notes: &notes)
        return FunctionFacts(
            groups: function.securityGroupIds.compactMap { network.securityGroups[$0] },
            subnets: function.subnetIds.map { network.subnets[$0] }, blockers: blockers, notes: notes)
    }

    func functionLevelBlockers(_ function: LambdaFunction, target: Target, notes: inout [String]) -> [Blocker] {
        var blockers: [Blocker] = []
        if let code = function.stateReasonCode, Self.vpcStateReasons.contains(code),
            function.state == "Failed" || function.state == "Pending"
        {
            blockers.append(Explain.functionNotActive(function, network: network))
        } else if function.state == "Inactive" {
            notes.append(
                "The function is Inactive (idle): its first invocation waits, and may fail, while Lambda re-creates its network interfaces."
            )
        } else if function.state == "Failed" {
            notes.append(
                "The function is in state Failed (\(function.stateReasonCode ?? "no reason code")): \(function.stateReason ?? "")"
            )
        }
        if function.isInVPC {
            for groupId in function.securityGroupIds where network.securityGroups[groupId] == nil {
                blockers.append(Explain.securityGroupNotFound(groupId))
            }
            let vpcIds = Set(function.subnetIds.compactMap { network.subnets[$0]?.vpcId })
            if let invalid = invalidVPCConfig(function) { blockers.append(invalid) }
            for vpcId in vpcIds.sorted() {
                if let vpc = network.vpcs[vpcId], vpc.dedicatedTenancy {
                    blockers.append(Explain.dedicatedTenancy(vpc))
                }
            }
            if let reported = function.reportedVPCId, !reported.isEmpty, !vpcIds.isEmpty, !vpcIds.contains(reported) {
                notes.append(
                    "The export's VpcConfig.VpcId (\(reported)) does not match the VPC of the function's subnets (\(vpcIds.sorted().joined(separator: ", "))); the subnets decide."
                )
            }
        }
        if network.accountsWithIAMData.contains(function.accountId), let roleArn = function.roleArn {
            if let role = network.roles[roleArn] {
                if function.isInVPC {
                    let missing = missingActions(Self.eniActions, role: role)
                    if !missing.isEmpty {
                        blockers.append(Explain.roleMissingENIPermissions(role, missing: missing))
                    }
                }
            } else {
                notes.append(
                    "The execution role \(roleArn) is not in the imported IAM data; its permissions were not checked.")
            }
        }
        if target == .logs { blockers += logsBlockers(function, notes: &notes) }
        return blockers
    }

    /// The blocker of a VpcConfig AWS would reject (subnets in more than one VPC, or security
    /// groups of another VPC than the subnets'): not a function that runs, so never reachable.
    /// Groups or subnets missing from the inventory are other findings.
    func invalidVPCConfig(_ function: LambdaFunction) -> Blocker? {
        // Nearly every function is fine: that is checked first, without building anything (the
        // audit asks for every function, twice).
        var firstVPC: String?
        var consistent = true
        for subnetId in function.subnetIds {
            guard let vpcId = network.subnets[subnetId]?.vpcId else { continue }
            if let firstVPC, firstVPC != vpcId {
                consistent = false
                break
            }
            firstVPC = vpcId
        }
        if consistent {
            guard let firstVPC else { return nil }
            let foreign = function.securityGroupIds.contains { groupId in
                guard let vpcId = network.securityGroups[groupId]?.vpcId else { return false }
                return !vpcId.isEmpty && vpcId != firstVPC
            }
            if !foreign { return nil }
        }
        var subnetsByVPC: [String: [String]] = [:]
        for subnetId in function.subnetIds {
            if let vpcId = network.subnets[subnetId]?.vpcId { subnetsByVPC[vpcId, default: []].append(subnetId) }
        }
        var foreignGroups: [SecurityGroup] = []
        if subnetsByVPC.count == 1, let vpcId = subnetsByVPC.keys.first {
            foreignGroups = function.securityGroupIds.compactMap { network.securityGroups[$0] }.filter {
                !$0.vpcId.isEmpty && $0.vpcId != vpcId
            }
        }
        guard subnetsByVPC.count > 1 || !foreignGroups.isEmpty else { return nil }
        return Explain.invalidVPCConfig(
            function, subnetsByVPC: subnetsByVPC, foreignGroups: foreignGroups, network: network)
    }

    /// What only an answer about CloudWatch Logs adds to the function-level checks: whether
    /// the role may write logs. Its blocker and note come after all the others.
    func logsBlockers(_ function: LambdaFunction, notes: inout [String]) -> [Blocker] {
        guard network.accountsWithIAMData.contains(function.accountId), let roleArn = function.roleArn else {
            notes.append(
                "No IAM data was imported for account \(function.accountId): whether the execution role may write logs (logs:CreateLogStream, logs:PutLogEvents) was not checked. Import `aws iam get-account-authorization-details` to check it."
            )
            return []
        }
        guard let role = network.roles[roleArn] else { return [] }
        let missing = missingActions(Self.logsActions, role: role)
        return missing.isEmpty ? [] : [Explain.roleMissingLogsPermissions(role, missing: missing)]
    }

    /// `functionFacts(function, target: .logs)`, from the facts of `function` for any other
    /// target: the logs checks are added, the others not run again.
    func logsFacts(adding facts: FunctionFacts, of function: LambdaFunction) -> FunctionFacts {
        var facts = facts
        facts.blockers += logsBlockers(function, notes: &facts.notes)
        return facts
    }

    // MARK: - No VpcConfig

    func outsideVPC(_ context: Context, trace: inout Trace, notes: inout [String]) {
        let function = context.function
        switch context.target {
        case .logs:
            trace.hop(.lambdaService(.logsWithoutVPC))
        case .internet, .awsService:
            trace.hop(.lambdaService(.noVPCConfig))
            let service: String? = if case .awsService(let name) = context.target { name } else { nil }
            trace.hop(.publicDestination(label: context.target.description, .endpoint(service: service)))
        case .address(let address, _):
            if AddressSet.publicInternet.contains(address) {
                trace.hop(.lambdaService(.noVPCConfig))
                trace.hop(.publicDestination(label: address.description, .address))
            } else {
                trace.block(Explain.notInVPC(function, target: context.target, database: nil, network: network))
            }
        case .internet6, .address6:
            trace.block(ExplainIPv6.notAllowed(function))
        case .database(let identifier):
            if let database = context.database, database.subnetIds.isEmpty == false {
                trace.block(Explain.notInVPC(function, target: context.target, database: database, network: network))
            } else {
                trace.block(
                    Explain.notInVPC(
                        function, target: .database(identifier), database: context.database, network: network))
            }
        }
    }

    // MARK: - From one subnet

    func fromSubnet(_ subnet: Subnet, _ context: Context, trace: inout Trace, notes: inout [String]) {
        trace.hop(.functionInterface(subnet: subnet.id, zone: subnet.availabilityZone, cidr: subnet.cidr))
        switch context.target {
        case .logs:
            trace.hop(.lambdaService(.logsOutsideVPC))
        case .internet:
            publicDestination(
                subnet, context,
                destination: PublicDestination(label: "internet", addresses: .publicInternet, prefixLists: []),
                trace: &trace, notes: &notes)
        case .address(let address, _):
            addressDestination(subnet, context, address: address, trace: &trace, notes: &notes)
        case .internet6:
            ipv6Destination(
                subnet, context, destination: IPv6Destination(label: "internet6", block: .globalUnicast), trace: &trace,
                notes: &notes)
        case .address6(let address, _):
            ipv6Destination(
                subnet, context,
                destination: IPv6Destination(
                    label: address.description, block: IPv6CIDR(address: address, prefixLength: 128)),
                trace: &trace, notes: &notes)
        case .awsService(let service):
            serviceDestination(subnet, context, service: service, trace: &trace, notes: &notes)
        case .database:
            guard let database = context.database else { return }
            databaseDestination(subnet, context, database: database, trace: &trace, notes: &notes)
        }
    }

    /// Something outside every VPC: the internet, a public AWS endpoint, or a public address of
    /// the inventory (`owner`), which the path reaches through the internet.
    struct PublicDestination {
        var label: String
        var addresses: AddressSet
        var prefixLists: Set<String>
        var service: String?
        var owner: PublicOwner?
        /// Whether the destination is the public internet at large (the internet, a service or
        /// a database whose addresses are not known): judged by the covering routes, narrower
        /// routes for some public ranges being only notes (see `Solver.atLarge`).
        var isAtLarge: Bool

        init(
            label: String, addresses: AddressSet, prefixLists: Set<String>, service: String? = nil,
            owner: PublicOwner? = nil
        ) {
            self.label = label
            self.addresses = addresses
            self.prefixLists = prefixLists
            self.service = service
            self.owner = owner
            isAtLarge = addresses == .publicInternet
        }
    }

    /// Something inside a VPC: where it is and which groups guard it.
    struct PlacedDestination {
        var label: String
        /// Destination subnets with the addresses the destination has there.
        var placements: [(subnet: Subnet, addresses: AddressSet)]
        /// nil when the destination's groups are not known (an address with no exported ENI).
        var securityGroupIds: [String]?
        /// The destination's hop, at the end of the path.
        var step: Step
        var addresses: AddressSet { placements.reduce(AddressSet()) { $0.union($1.addresses) } }
        /// The VPC the destination is in (its placements are all in one).
        var vpcId: String? { placements.first?.subnet.vpcId }
    }

    /// `remoteVPC`: the VPC the destination is in, when known: a rule that references a group
    /// reaches that group's members, all in the group's VPC, so it covers an address only there
    /// (VPC CIDRs overlap across an organisation).
    func checkEgress(
        _ subnet: Subnet, _ context: Context, remote: AddressSet, prefixLists: Set<String>, remoteGroups: Set<String>,
        remoteLabel: String, remoteVPC: String? = nil, trace: inout Trace
    ) {
        byGroups(context, &trace) { solver, context, trace in
            solver.decideEgress(
                context, remote: remote, prefixLists: prefixLists, remoteGroups: remoteGroups,
                remoteLabel: remoteLabel, remoteVPC: remoteVPC, trace: &trace)
        }
    }

    /// Records the route of `table` that matched, for traffic leaving `subnet` (`origin` says
    /// which subnet that is) and, when the route is a
    /// blackhole, its blocker. True when the traffic goes on to the route's target. The VPC
    /// route walks (the function's subnet in IPv4 and IPv6, a NAT gateway's subnet, a transit
    /// gateway attachment subnet) take their routes through here; a transit gateway's own
    /// route tables have blackholes of their own (`ExplainTGW.blackhole`).
    func takeRoute(
        _ route: Route, of table: RouteTable, from subnet: Subnet, origin: Step.RouteOrigin = .functionSubnet,
        _ context: Context,
        trace: inout Trace
    ) -> Bool {
        trace.hop(.route(table: table.id, route: route, origin: origin))
        guard !route.isBlackhole else {
            trace.block(
                Explain.blackhole(table: table, route: route, network: network, subnet: subnet))
            return false
        }
        return true
    }

    /// Egress through the function's groups towards `remote`.
    func decideEgress(
        _ context: Context, remote: AddressSet, prefixLists: Set<String>, remoteGroups: Set<String>,
        remoteLabel: String, remoteVPC: String? = nil, trace: inout Trace
    ) {
        let decision = Filters.egress(
            groups: context.groups, remote: remote, memberOf: prefixLists, ipProtocol: context.ipProtocol,
            port: context.port, network: network, remoteGroups: remoteGroups, remoteVPC: remoteVPC)
        if decision.allowed {
            trace.ruleHops(decision.matched, direction: .egress)
        } else if let first = context.function.securityGroupIds.first, !context.groups.isEmpty {
            trace.block(
                Explain.egressMismatch(
                    groupId: context.groups.first?.id ?? first, noRules: decision.hadNoRules, context: context,
                    remoteLabel: remoteLabel, remote: remote, prefixLists: prefixLists, remoteGroups: remoteGroups))
        }
    }

    /// The NACL of a subnet the traffic leaves through (the function's, or a transit gateway
    /// attachment subnet between the gateway and the resources): out to `remote` on the port,
    /// back in on ephemeral ports.
    func checkSourceACL(
        _ subnet: Subnet, _ context: Context, remote: AddressSet, remoteLabel: String, trace: inout Trace
    ) {
        guard let acl = network.networkACL(forSubnet: subnet.id) else { return }
        checkACL(
            acl, subnet: subnet, outbound: true, remote: remote, ports: PortRange(context.port), context,
            remoteLabel: remoteLabel, trace: &trace)
        checkACL(
            acl, subnet: subnet, outbound: false, remote: remote, ports: .ephemeral, context, remoteLabel: remoteLabel,
            trace: &trace)
    }

    func checkACL(
        _ acl: NetworkACL, subnet: Subnet, outbound: Bool, remote: AddressSet, ports: PortRange, _ context: Context,
        remoteLabel: String, trace: inout Trace
    ) {
        let decision = Filters.acl(
            entries: outbound ? acl.outbound : acl.inbound, ipProtocol: context.ipProtocol, remote: remote, ports: ports
        )
        if decision.allowed {
            trace.hop(
                .networkACL(
                    acl: acl.id, outbound: outbound, remote: remoteLabel, ipProtocol: context.ipProtocol, ports: ports,
                    allowing: decision.allowing))
        } else {
            trace.block(
                Explain.aclRestriction(
                    acl, subnet: subnet, outbound: outbound, remote: remote, remoteLabel: remoteLabel, ports: ports,
                    denying: decision.denying, context: context))
        }
    }

    /// The route table of `subnet`, with a hop for the route that matched.
    func routeTable(of subnet: Subnet) -> RouteTable? { network.routeTable(forSubnet: subnet.id) }

    // MARK: Public destinations

    func publicDestination(
        _ subnet: Subnet, _ context: Context, destination asked: PublicDestination, trace: inout Trace,
        notes: inout [String]
    ) {
        var destination = asked
        if destination.isAtLarge, let table = routeTable(of: subnet) {
            // The internet at large is the addresses its covering routes carry, from here and
            // from the NAT gateway's subnet: those beyond a narrower route are not judged at
            // all, by the groups and ACLs either.
            destination.addresses = atLargeAddresses(of: destination, from: table, notes: &notes)
        }
        checkEgress(
            subnet, context, remote: destination.addresses, prefixLists: destination.prefixLists, remoteGroups: [],
            remoteLabel: destination.label, trace: &trace)
        checkSourceACL(subnet, context, remote: destination.addresses, remoteLabel: destination.label, trace: &trace)
        guard let table = routeTable(of: subnet) else {
            notes.append(
                "No route table is exported for \(subnet.id) or its VPC's main table; the path could not be followed.")
            trace.block(Explain.noRouteTable(subnet))
            return
        }
        let legs = Routing.legs(
            table: table, destination: destination.addresses, memberOf: destination.prefixLists, network: network)
        for leg in atLarge(legs, of: table, destination: destination, notes: &notes) {
            followPublic(
                leg, from: subnet, table: table, context, destination: destination, trace: &trace, notes: &notes)
        }
    }

    /// The legs that decide a destination: all of them for an exact one, and for the public
    /// internet at large (`PublicDestination.isAtLarge`) those of the covering route, the
    /// widest that carries public traffic (0.0.0.0/0 normally; the unrouted rest counts as the
    /// widest when there is one). A narrower route for a public range (a blackhole, a partner
    /// range to a VPN gateway, a peering to a public range) does not decide `internet`: it is a
    /// note, so that no fix rewrites the route that works for the rest.
    ///
    /// `endpointsServe`: whether the table's gateway-endpoint routes carry this traffic (they do
    /// from the endpoint's own VPC): their prefix-list routes are then AWS's own ranges, routed
    /// so on purpose, and not worth a note.
    func atLarge(
        _ legs: [Routing.Leg], of table: RouteTable, destination: PublicDestination, endpointsServe: Bool = true,
        notes: inout [String]
    ) -> [Routing.Leg] {
        guard destination.isAtLarge, legs.count > 1 else { return legs }
        let breadths = legs.map { breadth(of: $0.route) }
        let widest = breadths.min()!
        // A narrower route to where a covering route goes (0.0.0.0/1 beside 0.0.0.0/0, both to
        // one NAT gateway) is the same path, not an exception.
        let coveringTargets = zip(legs, breadths).compactMap { leg, breadth -> Route? in
            breadth == widest ? leg.route : nil
        }.filter { !$0.isBlackhole }
        var judged: [Routing.Leg] = []
        var exceptions: [Routing.Leg] = []
        for (leg, breadth) in zip(legs, breadths) {
            let sameTarget =
                leg.route.map { route in
                    !route.isBlackhole
                        && coveringTargets.contains {
                            $0.targetKind == route.targetKind && $0.targetId == route.targetId
                        }
                } ?? false
            if breadth == widest || sameTarget { judged.append(leg) } else { exceptions.append(leg) }
        }
        let covering = judged.map { $0.route.map { "\($0.summary)" } ?? "no route" }.joined(separator: ", ")
        for leg in exceptions {
            guard let route = leg.route else { continue }
            if endpointsServe, route.targetKind == .vpce, case .prefixList = route.destination { continue }
            let ranges = Explain.cidrList(leg.addresses)
            let what =
                route.isBlackhole
                ? "drops traffic to \(ranges) (a blackhole)"
                : "sends \(ranges) to \(route.targetId ?? route.targetKind.rawValue) (\(Explain.targetKindName(route.targetKind)))"
            notes.append(
                "Route \(route.summary) in \(table.id) \(what): those addresses are not the internet at large, and \(destination.label) is judged by the route the rest takes (\(covering)). Ask for one of them with --to ip:\(leg.addresses.first?.description ?? "") to see its own path."
            )
        }
        return judged
    }

    /// The addresses of an at-large destination that its covering routes carry: those of the
    /// covering legs of `table` (the function subnet's), less, for a leg to a public NAT
    /// gateway, what the NAT subnet's table sends elsewhere by a narrower route. The notes on
    /// the exceptions are written here, once.
    func atLargeAddresses(of destination: PublicDestination, from table: RouteTable, notes: inout [String])
        -> AddressSet
    {
        let legs = Routing.legs(
            table: table, destination: destination.addresses, memberOf: destination.prefixLists, network: network)
        // The common table: one covering route to one NAT gateway whose subnet routes it all one
        // way. Nothing is left out, and no set is built.
        if legs.count == 1, let route = legs[0].route, !route.isBlackhole {
            guard route.targetKind == .nat, let nat = route.targetId.flatMap({ network.natGateways[$0] }),
                nat.isPublic, let natTable = network.routeTable(forSubnet: nat.subnetId)
            else { return destination.addresses }
            let natLegs = Routing.legs(
                table: natTable, destination: destination.addresses, memberOf: destination.prefixLists,
                network: network)
            if natLegs.count == 1 { return destination.addresses }
        }
        var kept = AddressSet()
        // What each NAT gateway carries, from every covering leg that leads to it: its subnet's
        // table judges the union (a narrower route there is an exception of the whole).
        var byNAT: [(nat: NATGateway, addresses: AddressSet)] = []
        for leg in atLarge(legs, of: table, destination: destination, notes: &notes) {
            guard let route = leg.route, !route.isBlackhole, route.targetKind == .nat,
                let nat = route.targetId.flatMap({ network.natGateways[$0] }), nat.isPublic
            else {
                kept = kept.union(leg.addresses)
                continue
            }
            if let index = byNAT.firstIndex(where: { $0.nat.id == nat.id }) {
                byNAT[index].addresses = byNAT[index].addresses.union(leg.addresses)
            } else {
                byNAT.append((nat, leg.addresses))
            }
        }
        for (nat, addresses) in byNAT {
            guard let natTable = network.routeTable(forSubnet: nat.subnetId) else {
                kept = kept.union(addresses)
                continue
            }
            let natLegs = Routing.legs(
                table: natTable, destination: addresses, memberOf: destination.prefixLists, network: network)
            for natLeg in atLarge(natLegs, of: natTable, destination: destination, notes: &notes) {
                kept = kept.union(natLeg.addresses)
            }
        }
        return kept
    }

    /// How much a route covers, as a prefix length (smaller is wider); no route at all is the
    /// widest (it stands for everything no route covers).
    func breadth(of route: Route?) -> Int {
        guard let route else { return 0 }
        switch route.destination {
        case .cidr(let cidr): return cidr.prefixLength
        case .prefixList(let id): return network.prefixLists[id]?.cidrs?.map(\.prefixLength).min() ?? 32
        case .ipv6: return 128
        }
    }

    func followPublic(
        _ leg: Routing.Leg, from subnet: Subnet, table: RouteTable, _ context: Context, destination: PublicDestination,
        trace: inout Trace, notes: inout [String]
    ) {
        guard let route = leg.route else {
            trace.block(
                Explain.noRoute(
                    table: table, subnet: subnet, context: context, destinationLabel: destination.label,
                    service: destination.service, network: network))
            return
        }
        guard takeRoute(route, of: table, from: subnet, context, trace: &trace) else { return }
        switch route.targetKind {
        case .igw:
            guard let id = route.targetId, let gateway = network.internetGateways[id] else {
                trace.block(
                    Explain.missingTarget(
                        table: table, route: route, network: network, subnet: subnet))
                return
            }
            if !gateway.attachedVPCs.contains(subnet.vpcId) {
                trace.block(Explain.igwDetached(gateway, vpcId: subnet.vpcId))
            }
            trace.block(Explain.publicSubnetTrap(gateway, subnet: subnet, network: network))
        case .nat:
            guard let id = route.targetId, let nat = network.natGateways[id] else {
                trace.block(
                    Explain.missingTarget(
                        table: table, route: route, network: network, subnet: subnet))
                return
            }
            throughNAT(nat, leg: leg, from: subnet, context, destination: destination, trace: &trace, notes: &notes)
        case .vpce:
            guard let id = route.targetId, let endpoint = network.endpoints[id] else {
                trace.block(
                    Explain.missingTarget(
                        table: table, route: route, network: network, subnet: subnet))
                return
            }
            guard usableEndpointRoute(route, to: endpoint, table: table, from: subnet, context, trace: &trace) else {
                return
            }
            throughGatewayEndpoint(endpoint, context, destination: destination, trace: &trace)
        case .pcx:
            guard let id = route.targetId, let peering = network.peerings[id] else {
                trace.block(
                    Explain.missingTarget(
                        table: table, route: route, network: network, subnet: subnet))
                return
            }
            if !peering.isActive { trace.block(Explain.peeringNotActive(peering)) }
            trace.block(
                Explain.peeringNotTransitive(
                    peering, subnet: subnet, destinationLabel: destination.label, network: network,
                    route: route))
        case .tgw:
            throughTransitGatewayToPublic(
                route, leg: leg, table: table, from: subnet, context, destination: destination, trace: &trace,
                notes: &notes)
        case .local:
            // A public address inside the VPC's own CIDR: the VPC uses public address space.
            trace.block(
                Explain.noRoute(
                    table: table, subnet: subnet, context: context, destinationLabel: destination.label,
                    service: destination.service, network: network))
        default:
            blockNotAnalyzed(route, table: table, from: subnet, context, trace: &trace)
        }
    }

    func throughNAT(
        _ nat: NATGateway, leg: Routing.Leg, from subnet: Subnet, _ context: Context, destination: PublicDestination,
        trace: inout Trace, notes: inout [String]
    ) {
        trace.hop(.natGateway(nat))
        if nat.state != "available" {
            trace.block(
                Explain.natNotAvailable(nat, network: network, subnet: subnet, route: leg.route))
        }
        if !nat.isPublic {
            trace.block(Explain.privateNAT(nat, network: network, subnet: subnet, route: leg.route))
        }
        guard let natSubnet = network.subnets[nat.subnetId] else {
            notes.append(
                "The NAT gateway's subnet \(nat.subnetId) is not in the inventory; the path beyond the NAT gateway was not checked."
            )
            return
        }
        if let acl = network.networkACL(forSubnet: natSubnet.id) {
            if natSubnet.id != subnet.id {
                checkACL(
                    acl, subnet: natSubnet, outbound: false, remote: subnet.addresses, ports: PortRange(context.port),
                    context, remoteLabel: subnet.id, trace: &trace)
                checkACL(
                    acl, subnet: natSubnet, outbound: true, remote: subnet.addresses, ports: .ephemeral, context,
                    remoteLabel: subnet.id, trace: &trace)
            }
            checkACL(
                acl, subnet: natSubnet, outbound: true, remote: leg.addresses, ports: PortRange(context.port), context,
                remoteLabel: destination.label, trace: &trace)
            checkACL(
                acl, subnet: natSubnet, outbound: false, remote: leg.addresses, ports: .ephemeral, context,
                remoteLabel: destination.label, trace: &trace)
        }
        guard nat.isPublic else { return }
        guard let table = routeTable(of: natSubnet) else {
            trace.block(Explain.noRouteTable(natSubnet))
            return
        }
        let natLegs = Routing.legs(
            table: table, destination: leg.addresses, memberOf: destination.prefixLists, network: network)
        for natLeg in atLarge(natLegs, of: table, destination: destination, notes: &notes) {
            guard let route = natLeg.route else {
                trace.block(Explain.natSubnetNoRoute(table: table, nat: nat, natSubnet: natSubnet, network: network))
                continue
            }
            guard
                takeRoute(
                    route, of: table, from: natSubnet, origin: .natGatewaySubnet(natSubnet.id), context,
                    trace: &trace)
            else { continue }
            switch route.targetKind {
            case .igw:
                guard let id = route.targetId, let gateway = network.internetGateways[id] else {
                    trace.block(
                        Explain.missingTarget(
                            table: table, route: route, network: network, subnet: natSubnet))
                    continue
                }
                if gateway.attachedVPCs.contains(natSubnet.vpcId) {
                    notes.append(
                        "Connections through a NAT gateway are closed after 350 seconds without traffic: long-lived connections (database pools, long polls) need keep-alives shorter than that."
                    )
                    trace.hop(
                        .internetGateway(
                            id: gateway.id, vpc: natSubnet.vpcId,
                            .natElasticIP(address: nat.publicAddresses.first?.description)))
                    if !natLeg.addresses.isSubset(of: .publicInternet) {
                        // The internet carries public addresses only: a private or reserved one
                        // sent there (an address of an unpeered VPC, of an on-premises network)
                        // is dropped.
                        trace.block(
                            Explain.privateAddressToInternet(
                                destination.label, addresses: natLeg.addresses, from: subnet, network: network))
                    } else if let owner = destination.owner {
                        arrive(at: owner, from: nat, context, trace: &trace, notes: &notes)
                    } else {
                        trace.hop(
                            .publicDestination(
                                label: destination.label,
                                destination.service.map { .serviceEndpoint(service: $0) } ?? .address))
                    }
                } else {
                    trace.block(Explain.igwDetached(gateway, vpcId: natSubnet.vpcId))
                }
            case .vpce:
                guard let id = route.targetId, let endpoint = network.endpoints[id] else { continue }
                guard usableEndpointRoute(route, to: endpoint, table: table, from: subnet, context, trace: &trace)
                else { continue }
                throughGatewayEndpoint(endpoint, context, destination: destination, trace: &trace)
            default:
                blockNotAnalyzed(route, table: table, from: subnet, context, trace: &trace)
            }
        }
    }

    /// Whether `route` (to `endpoint`) is one AWS makes for a gateway endpoint: by the service's
    /// prefix list. A route to a Gateway Load Balancer endpoint leads to an appliance, which is
    /// not followed; a CIDR route to a gateway endpoint is one AWS never makes (an inconsistent
    /// export), and is taken as dropping the traffic rather than as reaching the service.
    func usableEndpointRoute(
        _ route: Route, to endpoint: VPCEndpoint, table: RouteTable, from subnet: Subnet, _ context: Context,
        trace: inout Trace
    ) -> Bool {
        guard endpoint.kind == .gateway else {
            blockNotAnalyzed(route, table: table, from: subnet, context, trace: &trace)
            return false
        }
        if case .prefixList = route.destination { return true }
        trace.block(Explain.gatewayEndpointByCIDR(table: table, route: route, endpoint: endpoint))
        return false
    }

    func throughGatewayEndpoint(
        _ endpoint: VPCEndpoint, _ context: Context, destination: PublicDestination, trace: inout Trace
    ) {
        trace.hop(.gatewayEndpoint(id: endpoint.id, serviceName: endpoint.serviceName, state: endpoint.state))
        if endpoint.state != "available" { trace.block(Explain.endpointNotAvailable(endpoint)) }
        if let policy = endpoint.policy, !policy.admitsAnyCall(toService: endpoint.shortServiceName) {
            trace.block(Explain.endpointPolicyDenies(endpoint))
        }
        if let service = destination.service, service != endpoint.shortServiceName {
            trace.block(Explain.noRouteVia(endpoint: endpoint, service: service))
            return
        }
        trace.hop(.serviceThroughGatewayEndpoint(service: endpoint.shortServiceName, region: context.function.region))
    }

    // MARK: Services

    func serviceDestination(
        _ subnet: Subnet, _ context: Context, service asked: String, trace: inout Trace, notes: inout [String]
    ) {
        // `com.amazonaws.REGION.NAME` is asked as NAME in the function's region.
        let service = VPCEndpoint.shortName(asked)
        let region = context.function.region
        let prefixList = prefixListId(service: service, region: region)
        var prefixLists: Set<String> = []
        var addresses = AddressSet.publicInternet
        if let prefixList {
            prefixLists.insert(prefixList)
            if let cidrs = network.prefixLists[prefixList]?.cidrs { addresses = AddressSet(cidrs) }
        }
        // The VPC's endpoints for the service. Gateway endpoints' prefix lists count even when
        // the lists themselves were not exported.
        let endpoints = network.endpoints(inVPC: subnet.vpcId).filter { $0.shortServiceName == service }
        let table = routeTable(of: subnet)
        for endpoint in endpoints where endpoint.kind == .gateway {
            for route in table?.routes ?? [] where route.targetId == endpoint.id {
                if case .prefixList(let id) = route.destination { prefixLists.insert(id) }
            }
        }
        let publicDestination = PublicDestination(
            label: service, addresses: addresses, prefixLists: prefixLists, service: service)
        if service == "sts" {
            notes.append(
                "STS: the regional endpoint (sts.\(region).amazonaws.com) is what an sts interface endpoint serves; the global endpoint sts.amazonaws.com always resolves publicly and needs a NAT gateway."
            )
        }
        // A gateway endpoint route for the service wins over everything else in the table.
        if let table,
            table.routes.contains(where: {
                if case .prefixList(let id) = $0.destination, prefixLists.contains(id), $0.targetKind == .vpce {
                    return true
                }
                return false
            })
        {
            self.publicDestination(subnet, context, destination: publicDestination, trace: &trace, notes: &notes)
            return
        }
        let interfaceEndpoints = endpoints.filter { $0.kind == .interface }
        let vpc = network.vpcs[subnet.vpcId]
        var dnsBlockers: [Blocker] = []
        if let endpoint = interfaceEndpoints.first(where: \.privateDNSEnabled) {
            let support = vpc?.enableDnsSupport
            let hostnames = vpc?.enableDnsHostnames
            if support == nil || hostnames == nil {
                notes.append(
                    "\(subnet.vpcId)'s DNS attributes were not exported (aws ec2 describe-vpc-attribute); enableDnsSupport and enableDnsHostnames are assumed on, as private DNS for \(endpoint.id) requires."
                )
            }
            if support != false && hostnames != false {
                interfaceEndpointDestination(subnet, context, endpoint: endpoint, trace: &trace, notes: &notes)
                return
            }
            if let vpc { dnsBlockers.append(Explain.vpcDNSDisabled(vpc, endpoint: endpoint)) }
        } else if let endpoint = interfaceEndpoints.first {
            dnsBlockers.append(Explain.privateDNSDisabled(endpoint, service: service))
        }
        // Through the NAT gateway: the endpoint's DNS settings are blockers only when that
        // path is blocked too (a skeleton walk may not know yet: its group checks are open).
        let blockersBefore = trace.blockers.count
        let checksBefore = trace.openChecks?.count ?? 0
        self.publicDestination(subnet, context, destination: publicDestination, trace: &trace, notes: &notes)
        let unused = interfaceEndpoints.first.map { endpoint in
            "\(endpoint.id) (\(endpoint.serviceName)) is not used: the service name resolves to its public endpoint (\(dnsBlockers.first?.code == .vpcDNSAttributesDisabled ? "the VPC's DNS attributes are off" : "private DNS is off")), reached through the NAT gateway."
        }
        let checksAfter = trace.openChecks?.count ?? 0
        if trace.blockers.count > blockersBefore {
            trace.blockers += dnsBlockers
        } else if checksAfter > checksBefore {
            _ = trace.leaveOpen(
                .ifBlocked(
                    checks: checksBefore..<checksAfter, blockers: dnsBlockers, otherwise: unused, noteIndex: notes.count
                ))
        } else if let unused {
            notes.append(unused)
        }
    }

    func interfaceEndpointDestination(
        _ subnet: Subnet, _ context: Context, endpoint: VPCEndpoint, trace: inout Trace, notes: inout [String]
    ) {
        let enis = endpoint.networkInterfaceIds.compactMap { network.networkInterfaces[$0] }
        var placements: [(subnet: Subnet, addresses: AddressSet)] = []
        for subnetId in endpoint.subnetIds {
            guard let endpointSubnet = network.subnets[subnetId] else { continue }
            let addresses = enis.filter { $0.subnetId == subnetId }.flatMap(\.privateAddresses)
                .filter { endpointSubnet.cidr?.contains($0) ?? false }
            placements.append(
                (
                    subnet: endpointSubnet,
                    addresses: addresses.isEmpty
                        ? endpointSubnet.addresses : AddressSet(ranges: addresses.map { $0.value...$0.value })
                ))
        }
        if placements.isEmpty {
            notes.append(
                "\(endpoint.id) lists no subnet that is in the inventory; its network interfaces could not be located.")
            trace.block(Explain.endpointWithoutSubnets(endpoint))
            return
        }
        if endpoint.state != "available" { trace.block(Explain.endpointNotAvailable(endpoint)) }
        if let policy = endpoint.policy,
            !policy.admitsAnyCall(
                toService: endpoint.shortServiceName.split(separator: ".").first.map(String.init)
                    ?? endpoint.shortServiceName)
        {
            trace.block(Explain.endpointPolicyDenies(endpoint))
        }
        if !placements.contains(where: { $0.subnet.availabilityZone == subnet.availabilityZone }) {
            notes.append(
                "\(endpoint.id) has no network interface in \(subnet.availabilityZone); traffic from there crosses to another AZ's interface, which works (and costs cross-AZ data transfer)."
            )
        }
        let destination = PlacedDestination(
            label: endpoint.serviceName, placements: placements, securityGroupIds: endpoint.securityGroupIds,
            step: .interfaceEndpoint(id: endpoint.id, serviceName: endpoint.serviceName))
        placedDestination(subnet, context, destination: destination, trace: &trace, notes: &notes)
        trace.hop(
            .serviceThroughInterfaceEndpoint(service: endpoint.shortServiceName, endpointService: endpoint.serviceName))
    }

    // MARK: Private destinations

    func databaseStep(_ database: RDSDatabase, _ context: Context, publiclyAccessible: Bool) -> Step {
        .database(
            identifier: database.identifier, kind: database.kind, engine: database.engine, endpoint: database.endpoint,
            port: context.port, publiclyAccessible: publiclyAccessible)
    }

    func databaseDestination(
        _ subnet: Subnet, _ context: Context, database: RDSDatabase, trace: inout Trace, notes: inout [String]
    ) {
        if let refusal = Explain.databaseNotServing(database) { trace.block(refusal) }
        if let dbVPC = database.vpcId, resolvesPublicly(database, from: subnet, notes: &notes) {
            let owner = PublicOwner(
                label: "rds:\(database.identifier)", step: databaseStep(database, context, publiclyAccessible: true),
                vpcId: dbVPC, subnets: database.subnetIds.compactMap { network.subnets[$0] },
                securityGroupIds: database.securityGroupIds, refusal: nil,
                privateWay: privateResolution(of: database, from: subnet))
            publicDestination(
                subnet, context,
                destination: PublicDestination(
                    label: "rds:\(database.identifier)", addresses: .publicInternet, prefixLists: [], owner: owner),
                trace: &trace, notes: &notes)
            return
        }
        let placements = database.subnetIds.compactMap { network.subnets[$0] }.map {
            (subnet: $0, addresses: $0.addresses)
        }
        guard !placements.isEmpty else {
            notes.append(
                "The subnets of \(database.identifier) are not in the inventory; its network location is unknown.")
            trace.block(Explain.unknownDestination(database.identifier, subnet: subnet))
            return
        }
        let destination = PlacedDestination(
            label: "rds:\(database.identifier)", placements: placements, securityGroupIds: database.securityGroupIds,
            step: databaseStep(database, context, publiclyAccessible: false))
        placedDestination(subnet, context, destination: destination, trace: &trace, notes: &notes)
    }

    /// A destination with known subnets: route there (locally or through a peering), then the
    /// destination's network ACL and security groups.
    func placedDestination(
        _ subnet: Subnet, _ context: Context, destination: PlacedDestination, trace: inout Trace, notes: inout [String]
    ) {
        let destinationGroupIds = Set(destination.securityGroupIds ?? [])
        checkEgress(
            subnet, context, remote: destination.addresses, prefixLists: [], remoteGroups: destinationGroupIds,
            remoteLabel: destination.label, remoteVPC: destination.vpcId, trace: &trace)
        guard let table = routeTable(of: subnet) else {
            trace.block(Explain.noRouteTable(subnet))
            return
        }
        var ingressChecked = false
        for (destinationSubnet, addresses) in destination.placements.sorted(by: { $0.subnet.id < $1.subnet.id }) {
            let sameSubnet = destinationSubnet.id == subnet.id
            if !sameSubnet {
                checkSourceACL(subnet, context, remote: addresses, remoteLabel: destinationSubnet.id, trace: &trace)
            }
            for leg in Routing.legs(table: table, destination: addresses, memberOf: [], network: network) {
                guard let route = leg.route else {
                    trace.block(
                        Explain.noRoute(
                            table: table, subnet: subnet, context: context, destinationLabel: destination.label,
                            service: nil, network: network, destinationVPC: destinationSubnet.vpcId))
                    continue
                }
                guard takeRoute(route, of: table, from: subnet, context, trace: &trace) else { continue }
                switch route.targetKind {
                case .local:
                    if destinationSubnet.vpcId != subnet.vpcId {
                        trace.block(
                            Explain.noRoute(
                                table: table, subnet: subnet, context: context, destinationLabel: destination.label,
                                service: nil, network: network, destinationVPC: destinationSubnet.vpcId))
                        continue
                    }
                case .pcx:
                    guard let id = route.targetId, let peering = network.peerings[id] else {
                        trace.block(
                            Explain.missingTarget(
                                table: table, route: route, network: network, subnet: subnet))
                        continue
                    }
                    trace.hop(.peering(peering))
                    if !peering.isActive { trace.block(Explain.peeringNotActive(peering)) }
                    guard let peer = peering.peer(of: subnet.vpcId), peer.vpcId == destinationSubnet.vpcId else {
                        trace.block(
                            Explain.peeringNotTransitive(
                                peering, subnet: subnet, destinationLabel: destination.label, network: network))
                        continue
                    }
                    if !leg.addresses.isSubset(of: AddressSet(peer.cidrs)) {
                        trace.block(
                            Explain.peeringNotTransitive(
                                peering, subnet: subnet, destinationLabel: destination.label, network: network))
                    }
                    checkReturnRoute(from: destinationSubnet, to: subnet, via: peering, trace: &trace)
                case .tgw:
                    // The transit gateway's walk checks the destination's side itself (which
                    // security-group references count depends on the transit gateway).
                    throughTransitGateway(
                        route, leg: leg, table: table, from: subnet, to: destinationSubnet, context,
                        destination: destination, ingressChecked: &ingressChecked, trace: &trace, notes: &notes)
                    continue
                case .igw:
                    if let id = route.targetId, let gateway = network.internetGateways[id] {
                        trace.block(
                            Explain.publicSubnetTrap(gateway, subnet: subnet, network: network))
                    } else {
                        trace.block(
                            Explain.missingTarget(
                                table: table, route: route, network: network, subnet: subnet))
                    }
                    continue
                default:
                    blockNotAnalyzed(route, table: table, from: subnet, context, trace: &trace)
                    continue
                }
                // At the destination's subnet.
                if !sameSubnet, let acl = network.networkACL(forSubnet: destinationSubnet.id) {
                    checkACL(
                        acl, subnet: destinationSubnet, outbound: false, remote: subnet.addresses,
                        ports: PortRange(context.port), context, remoteLabel: subnet.id, trace: &trace)
                    checkACL(
                        acl, subnet: destinationSubnet, outbound: true, remote: subnet.addresses, ports: .ephemeral,
                        context, remoteLabel: subnet.id, trace: &trace)
                } else if sameSubnet {
                    trace.hop(.sameSubnet(subnet: destinationSubnet.id))
                }
                if !ingressChecked {
                    ingressChecked = true
                    checkIngress(subnet, context, destination: destination, trace: &trace, notes: &notes)
                }
            }
        }
        trace.hop(destination.step)
    }

    func checkIngress(
        _ subnet: Subnet, _ context: Context, destination: PlacedDestination, trace: inout Trace, notes: inout [String]
    ) {
        guard let groups = destinationGroups(destination, trace: &trace, notes: &notes) else { return }
        let label = destination.label
        byGroups(context, &trace) { solver, context, trace in
            solver.decideIngress(subnet, context, groups: groups, destinationLabel: label, trace: &trace)
        }
    }

    /// The destination's security groups that are in the inventory, for an ingress check; nil
    /// when there is nothing to check: its groups are unknown (an address without an exported
    /// ENI), or none of them was exported, which is a blocker. A missing group is a note.
    func destinationGroups(_ destination: PlacedDestination, trace: inout Trace, notes: inout [String])
        -> [SecurityGroup]?
    {
        guard let groupIds = destination.securityGroupIds else { return nil }
        // Every RDS database and interface endpoint in a VPC has a security group: an export
        // that lists none lacks them, and no rule can be taken as admitting the function.
        if groupIds.isEmpty, [.database, .interfaceEndpoint].contains(destination.step.kind) {
            trace.block(Explain.noGroupsListed(destination.label, component: destination.step.component))
            return nil
        }
        let groups = groupIds.compactMap { network.securityGroups[$0] }
        for missing in groupIds where network.securityGroups[missing] == nil {
            notes.append(
                "Security group \(missing) of \(destination.label) is not in the inventory; its rules were not checked."
            )
        }
        guard !groups.isEmpty else {
            if let first = groupIds.first {
                trace.block(Explain.destinationGroupNotFound(first, destination: destination.label))
            }
            return nil
        }
        return groups
    }

    /// Ingress at a destination guarded by `groups` (not empty) from the function's subnet or,
    /// by reference, from its groups.
    func decideIngress(
        _ subnet: Subnet, _ context: Context, groups: [SecurityGroup], destinationLabel: String, trace: inout Trace
    ) {
        let decision = Filters.ingress(
            groups: groups, source: subnet.addresses, sourceGroups: context.groups, ipProtocol: context.ipProtocol,
            port: context.port, network: network)
        if decision.allowed {
            trace.ruleHops(decision.matched, direction: .ingress)
        } else {
            trace.block(
                Explain.ingressMismatch(
                    group: groups[0], noRules: decision.hadNoRules, subnet: subnet, context: context,
                    destinationLabel: destinationLabel))
        }
    }

    /// Through a peering, the destination's subnet must route the function's whole subnet back.
    func checkReturnRoute(
        from destinationSubnet: Subnet, to subnet: Subnet, via peering: PeeringConnection, trace: inout Trace
    ) {
        guard let table = routeTable(of: destinationSubnet) else {
            trace.block(Explain.noRouteTable(destinationSubnet))
            return
        }
        let legs = Routing.legs(table: table, destination: subnet.addresses, memberOf: [], network: network)
        let back = legs.allSatisfy {
            $0.route?.targetKind == .pcx && $0.route?.targetId == peering.id && $0.route?.isBlackhole == false
        }
        if back {
            trace.hop(.returnRoute(table: table.id, route: legs.first?.route, subnet: destinationSubnet.id))
        } else {
            trace.block(
                Explain.noReturnRoute(
                    table: table, destinationSubnet: destinationSubnet, source: subnet, peering: peering))
        }
    }
}

/// Suggestions for a name that is not in the inventory.
public enum CloseMatches {
    /// Up to five names close to `text`: containing it, or within a small edit distance.
    public static func find(_ text: String, in names: Set<String>) -> [String] {
        let lower = text.lowercased()
        let scored = names.map { name -> (String, Int) in
            let candidate = name.lowercased()
            if candidate.contains(lower) || lower.contains(candidate) { return (name, 0) }
            return (name, distance(lower, candidate))
        }
        let limit = max(2, lower.count / 3)
        return scored.filter { $0.1 <= limit }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(5).map(\.0)
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension Network {
    /// The databases (instances, clusters, proxies) that `identifier` names, by their keys: the
    /// one matching rule of `rds:IDENTIFIER`. RDS identifiers are case-insensitive (AWS stores
    /// them in lowercase), so the match is too; the loader's SQL that picks a database's VPCs
    /// (`NetworkLoader.vpcs(forDatabase:)`) matches the same way.
    func databases(identifiedBy identifier: String) -> [RDSDatabase] {
        let lower = identifier.lowercased()
        return databases.values.filter { $0.identifier.lowercased() == lower }.sorted { $0.key < $1.key }
    }
}
