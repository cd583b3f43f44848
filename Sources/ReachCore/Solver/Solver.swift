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
    /// The route tables with a route inside their VPC other than the local one (middlebox
    /// routing), for its IPv4 or its IPv6 blocks: the only ones whose replies within the VPC can
    /// go elsewhere. Most networks have none, and every walk to a private destination asks.
    let tablesRoutingInsideVPC: Set<String>

    public init(network: Network) {
        self.network = network
        var byName: [String: String] = [:]
        for list in network.prefixLists.values {
            if let name = list.name, byName[name].map({ list.id < $0 }) ?? true { byName[name] = list.id }
        }
        prefixListIdsByName = byName
        tablesRoutingInsideVPC = Set(
            network.routeTables.values.filter { table in
                let locals = table.routes.compactMap { route -> IPv4CIDR? in
                    guard route.targetKind == .local, case .cidr(let cidr) = route.destination else { return nil }
                    return cidr
                }
                let locals6 = table.routes.compactMap { route -> IPv6CIDR? in
                    guard route.targetKind == .local, case .ipv6(let text) = route.destination else { return nil }
                    return IPv6CIDR(text)
                }
                return table.routes.contains { route in
                    guard route.targetKind != .local else { return false }
                    let cidrs: [IPv4CIDR]
                    var blocks6: [IPv6CIDR] = []
                    switch route.destination {
                    case .cidr(let cidr): cidrs = [cidr]
                    case .prefixList(let id):
                        cidrs = network.prefixLists[id]?.cidrs ?? []
                        blocks6 = network.prefixLists[id]?.ipv6Cidrs ?? []
                    case .ipv6(let text):
                        cidrs = []
                        blocks6 = IPv6CIDR(text).map { [$0] } ?? []
                    }
                    return cidrs.contains { cidr in
                        locals.contains { $0.prefixLength < cidr.prefixLength && $0.contains(cidr) }
                    }
                        || blocks6.contains { block in
                            locals6.contains { $0.prefixLength < block.prefixLength && $0.contains(block) }
                        }
                }
            }.map(\.id))
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
        // Left open, it is completed with the question's context: a walk made with another
        // (`Trace.adjustContext`) has its own made from it.
        var deferred = decision
        if let adjust = trace.adjustContext {
            deferred = { solver, context, trace in decision(solver, adjust(context), &trace) }
        }
        if !trace.leaveOpen(.decide(deferred)) { decision(self, context, &trace) }
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
    ///
    /// Without `notes`, the answer has none: the audit reads its answers' verdicts, subnets and
    /// blockers, never their notes, and gathering them (a sentence written for each partial
    /// answer, the walks' notes appended and made unique) cost it for each of a million cells.
    func answer(
        _ function: LambdaFunction, target: Target, port questionPort: Int?, ipProtocol: IPProtocol,
        database: RDSDatabase?, facts: FunctionFacts? = nil, notes keepsNotes: Bool = true,
        path: (Subnet, Context) -> SubnetPath
    ) -> Answer {
        let facts = facts ?? functionFacts(function, target: target)
        var notes = keepsNotes ? facts.notes : []
        let port = target.port(asked: questionPort, database: database)
        let context = Context(
            function: function, target: target, ipProtocol: ipProtocol, port: port, database: database,
            groups: facts.groups)
        let functionBlockers = facts.blockers

        var subnetAnswers: [SubnetAnswer] = []
        if !function.isInVPC {
            var trace = Trace()
            // On a capacity provider the inventory lacks, the network is the provider's and
            // unknown: never the Lambda-owned network a function without VpcConfig runs in.
            if let provider = function.capacityProvider, !provider.isExported {
                trace.block(Explain.capacityProviderNotFound(provider))
            } else {
                outsideVPC(context, trace: &trace, notes: &notes)
            }
            let verdict: Verdict = functionBlockers.isEmpty && trace.blockers.isEmpty ? .reachable : .unreachable
            return Answer(
                function: function.name, functionArn: function.arn, target: target.description,
                ipProtocol: ipProtocol.description, port: port, verdict: verdict, subnets: [],
                blockers: functionBlockers + trace.blockers, notes: keepsNotes ? Self.unique(notes) : [],
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
            if keepsNotes && !walked.notes.isEmpty { notes += walked.notes }
            let reachable = walked.blockers.isEmpty && functionBlockers.isEmpty
            // Blockers that each stop only some of the subnet's connections (a proxy's leg
            // blocked from some of its subnets, an endpoint's zones the transit gateway cannot
            // reply from) leave the subnet partial.
            let onlySome =
                !reachable && functionBlockers.isEmpty && walked.blockers.allSatisfy(\.reason.stopsOnlySomeConnections)
            let sharedBy = subnet.ownerId.flatMap { $0 != function.accountId ? $0 : nil }
            let zone =
                sharedBy == nil
                ? subnet.availabilityZone
                : network.zoneName(of: subnet, forAccount: function.accountId, region: function.region)
            var hops = walked.hops
            // A walk is shared by the functions of every account placed in the subnet: its
            // first hop names the zone as the subnet's owner does, and is renamed here for a
            // subnet shared from another account.
            if sharedBy != nil, let first = hops.first, case .functionInterface(let id, _, let cidr) = first.step {
                hops[0].step = .functionInterface(subnet: id, zone: zone, cidr: cidr)
            }
            var blockers = Blocker.unique(walked.blockers)
            for index in blockers.indices {
                (blockers[index].fixedBy, blockers[index].fixRegion) = whereFixed(
                    blockers[index].component, for: function, in: subnet, sharedBy: sharedBy)
            }
            subnetAnswers.append(
                SubnetAnswer(
                    subnet: subnet.id, availabilityZone: zone, availabilityZoneId: subnet.availabilityZoneId,
                    sharedBy: sharedBy, verdict: reachable ? .reachable : (onlySome ? .partial : .unreachable),
                    hops: hops, blockers: blockers))
        }
        // A query's fixes are read subnet by subnet: an ACL they share gets its entries numbered
        // apart (the audit joins a function's fixes, numbered so already).
        if keepsNotes { Explain.numberAcrossSubnets(&subnetAnswers) }
        let reachableCount = subnetAnswers.count { $0.verdict == .reachable }
        let unreachableCount = subnetAnswers.count { $0.verdict == .unreachable }
        let verdict: Verdict =
            reachableCount == subnetAnswers.count
            ? .reachable : (unreachableCount == subnetAnswers.count ? .unreachable : .partial)
        if verdict == .partial && keepsNotes {
            let failing = subnetAnswers.filter { $0.verdict == .unreachable }
            if !failing.isEmpty {
                // A subnet the inventory lacks has no zone: it is named by its ID instead.
                let places = Set(
                    failing.map { $0.availabilityZone.isEmpty ? "\($0.subnet) (zone not known)" : $0.availabilityZone }
                )
                .sorted()
                notes.append(
                    "Only some subnets get through: Lambda picks an ENI in any of the function's subnets, so invocations that land in \(places.joined(separator: ", ")) fail (typically as intermittent timeouts) while the others work."
                )
            }
            let some = subnetAnswers.filter { $0.verdict == .partial }.map(\.subnet)
            if !some.isEmpty {
                // Partial within each of these subnets: which of them Lambda picks does not matter.
                let which = some.count == 1 ? "" : ", whichever of them Lambda picks"
                notes.append(
                    "From \(some.joined(separator: ", ")) some connections get through and some fail\(which): the blockers say which part of the path fails only some of the time."
                )
            }
        }
        if keepsNotes {
            notes += capacityProviderTargetNotes(function, target: target)
            notes += unknownRoutePrefixListNotes(function: function, target: target)
        }
        if verdict != .reachable && keepsNotes {
            let blockers = subnetAnswers.flatMap(\.blockers)
            notes += unknownPrefixListNotes(groups: facts.groups, blockers: blockers)
            notes += unknownServiceRangesNotes(target: target, region: function.region, blockers: blockers)
        }
        return Answer(
            function: function.name, functionArn: function.arn, target: target.description,
            ipProtocol: ipProtocol.description, port: port, verdict: verdict, subnets: subnetAnswers,
            blockers: Blocker.unique(functionBlockers), notes: Self.unique(notes),
            identity: FunctionIdentity(function))
    }

    // MARK: - Context

    /// Where the fix of a blocker at `component` runs, when not in the function's account and
    /// region: the account that owns it and its region. A security group is its owner's; a
    /// component of the function's own VPC (`vpc(of:in:)`) is the VPC owner's when the subnet is
    /// shared with the function's account (AWS, VPC sharing); one of another VPC is that VPC's
    /// account's, in its region.
    func whereFixed(_ component: String, for function: LambdaFunction, in subnet: Subnet, sharedBy: String?) -> (
        account: String?, region: String?
    ) {
        var account: String?
        var region: String?
        // Every blocker of every answer asks this (an audit's hundreds of thousands): one
        // lookup, by the ID's prefix, and nothing more for the function's own VPC.
        if component.hasPrefix("sg-") {
            guard let group = network.securityGroups[component] else { return (nil, nil) }
            (account, region) = (group.accountId, group.region)
        } else {
            guard let vpcId = Self.vpc(of: component, in: network) else { return (nil, nil) }
            if vpcId == subnet.vpcId {
                guard let sharedBy else { return (nil, nil) }
                account = sharedBy
            } else if let vpc = network.vpcs[vpcId] {
                (account, region) = (vpc.accountId, vpc.region)
            }
        }
        return (
            account.flatMap { $0.isEmpty || $0 == function.accountId ? nil : $0 },
            region.flatMap { $0.isEmpty || $0 == function.region ? nil : $0 }
        )
    }

    /// The VPC of a route table, network ACL, subnet, NAT or internet gateway (by the ID's
    /// prefix), or the VPC itself: the components of a shared VPC that only its owner changes
    /// (AWS: participants "cannot work with route tables", and the owner keeps the VPC's
    /// gateways).
    static func vpc(of component: String, in network: Network) -> String? {
        if component.hasPrefix("rtb-") { return network.routeTables[component]?.vpcId }
        if component.hasPrefix("acl-") { return network.networkACLs[component]?.vpcId }
        if component.hasPrefix("subnet-") { return network.subnets[component]?.vpcId }
        if component.hasPrefix("nat-") { return network.natGateways[component]?.vpcId }
        if component.hasPrefix("igw-") { return network.internetGateways[component]?.attachedVPCs.first }
        if component.hasPrefix("vpc-") { return network.vpcs[component] == nil ? nil : component }
        return nil
    }

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
        /// For a walk made with another context than the question's (the DNS queries made
        /// before a name is reached): how to make it from the question's, for the checks a
        /// skeleton walk leaves open, which are completed with the question's context.
        var adjustContext: (@Sendable (Context) -> Context)? = nil
        /// nil: a route to something lambda-reach does not follow (a VPN gateway, an
        /// appliance, a transit gateway's VPN or Direct Connect attachment) blocks, as
        /// ROUTE_TARGET_NOT_ANALYZED. A list (the DNS queries' walk, which decides only what it
        /// can follow): such routes are recorded here instead, in words ("route ... of rtb-...").
        var unfollowed: [String]? = nil

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
}

extension Solver {
    /// For a failing answer: the prefix lists named by rules of the function's groups, or of
    /// the groups that block, whose entries are not in the inventory (no
    /// get-managed-prefix-list-entries output). Such a rule is taken to admit nothing, which is
    /// wrong wherever the list covers the traffic, so the answer says which lists to export.
    /// For a failing answer about S3 or DynamoDB that a network ACL blocks: when the service's
    /// prefix list has no entries in the inventory, its addresses are not known and the ACLs
    /// were judged against every public address, which an ACL that allows only the service's
    /// ranges does not admit. The answer says which entries to export.
    func unknownServiceRangesNotes(target: Target, region: String, blockers: [Blocker]) -> [String] {
        guard case .awsService(let service) = target, blockers.contains(where: { $0.code == .subnetACLRestriction }),
            let id = prefixListId(service: VPCEndpoint.shortName(service), region: region),
            network.prefixLists[id]?.cidrs == nil
        else { return [] }
        return [
            "Prefix list \(id) (\(service)'s addresses in \(region)) has no entries in the inventory: the network ACLs were judged against every public address, so an ACL that allows only \(service)'s ranges reads as blocking. Import its entries: \(Self.importEntries(of: id))"
        ]
    }

    /// The routes of the function's subnets' tables whose destination is a prefix list with no
    /// entries in the inventory (a customer-managed list of on-premises or partner ranges,
    /// typically, to a transit gateway or a VPN gateway). Longest-prefix matching cannot weigh
    /// a list it cannot read: such a route is taken to cover nothing, which is wrong wherever
    /// the list holds the destination, so the answer says which list to export. A gateway
    /// endpoint's route is not one: its list is the service's, matched by the service. Only
    /// an exact destination (an address, a database) can be in such a list: the internet and
    /// a service's endpoint are judged at large, by their covering route.
    func unknownRoutePrefixListNotes(function: LambdaFunction, target: Target) -> [String] {
        switch target {
        case .address, .address6, .database: break
        case .awsService(let service): return unknownServiceRangesRouteNotes(function: function, service: service)
        case .internet, .internet6, .logs: return []
        }
        var notes: [String] = []
        for table in routeTables(of: function) {
            for route in table.routes where route.targetKind != .vpce {
                guard case .prefixList(let id) = route.destination, network.prefixLists[id]?.cidrs == nil else {
                    continue
                }
                notes.append(
                    "Route table \(table.id) routes prefix list \(id) to \(route.targetId ?? route.targetKind.rawValue), but the list's entries are not in the inventory: the route was taken to cover nothing, which this answer gets wrong if \(id) holds \(target)'s addresses. Import its entries: \(Self.importEntries(of: id))"
                )
            }
        }
        return notes
    }

    /// For a service reached through a gateway endpoint whose prefix list's entries are not in
    /// the inventory: the routes of the function's subnets' tables for public ranges (other than
    /// the covering one) that may hold some of the service's addresses. A CIDR route wins over
    /// the endpoint's prefix-list route for the addresses it covers (route priority), so such a
    /// route may take part of the service's connections elsewhere; with the list's entries, the
    /// answer would weigh it (`Routing.carves`).
    func unknownServiceRangesRouteNotes(function: LambdaFunction, service: String) -> [String] {
        guard let id = prefixListId(service: VPCEndpoint.shortName(service), region: function.region),
            network.prefixLists[id]?.cidrs == nil
        else { return [] }
        var notes: [String] = []
        for table in routeTables(of: function) {
            guard let endpointRoute = table.routes.first(where: { $0.destination == .prefixList(id) }) else {
                continue
            }
            let ranges = table.routes.compactMap { route -> String? in
                guard case .cidr(let cidr) = route.destination, cidr.prefixLength > 0,
                    AddressSet.publicInternet.intersects(cidr.range)
                else { return nil }
                return route.summary
            }
            guard !ranges.isEmpty else { continue }
            notes.append(
                "Route table \(table.id) sends \(service)'s prefix list \(id) to \(endpointRoute.targetId ?? "its endpoint"), and \(ranges.joined(separator: ", ")) for public ranges that may hold some of \(service)'s addresses: a CIDR route wins over a prefix-list route for the addresses it covers, so those connections would go its way. The list's entries are not in the inventory, so this answer could not weigh it. Import them: \(Self.importEntries(of: id))"
            )
        }
        return notes
    }

    /// The route tables of `function`'s subnets, each once, in the subnets' order.
    func routeTables(of function: LambdaFunction) -> [RouteTable] {
        var seen = Set<String>()
        return function.subnetIds.compactMap { network.routeTable(forSubnet: $0) }.filter {
            seen.insert($0.id).inserted
        }
    }

    /// The command that imports prefix list `id`'s entries, which every note on a list whose
    /// entries are missing ends with.
    static func importEntries(of id: String) -> String {
        "aws ec2 get-managed-prefix-list-entries --prefix-list-id \(id) > \(id).json && lambda-reach import \(id).json"
    }

    func unknownPrefixListNotes(groups: [SecurityGroup], blockers: [Blocker]) -> [String] {
        let blocking = blockers.filter {
            $0.code == .eniSecurityGroupRulesMismatch || $0.code == .securityGroupHasNoRules
        }
        .compactMap { network.securityGroups[$0.component] }
        var named: [String: Set<String>] = [:]
        for group in groups + blocking {
            for rule in group.ingress + group.egress {
                guard case .prefixList(let id) = rule.peer, network.prefixLists[id]?.cidrs == nil else { continue }
                named[id, default: []].insert(group.id)
            }
        }
        return named.sorted { $0.key < $1.key }.map { id, groups in
            "Prefix list \(id), named by a rule of \(groups.sorted().joined(separator: ", ")), has no entries in the inventory: the rule was taken to admit nothing, which this answer gets wrong if the list covers the traffic. Import its entries: \(Self.importEntries(of: id))"
        }
    }
}
