extension Audit {
    // MARK: - Walks

    /// What a skeleton walk depends on (see `Solver.skeleton(from:_:)`): the subnet and the
    /// question asked from it.
    struct SkeletonKey: Hashable, Sendable {
        var subnet: String
        var question: WalkQuestion
    }

    /// A question as a walk sees it: the target, port and protocol, and of the function only
    /// its region (and its role, where endpoint policies decide by who calls). Its name and
    /// groups are in no walk's facts: blockers' words take them from the function they are
    /// written for (`FunctionIdentity`), and the group decisions are made when a skeleton is
    /// completed.
    struct WalkQuestion: Hashable, Sendable {
        var region: String
        var target: Target
        var database: String?
        var port: Int
        var ipProtocol: IPProtocol
        /// The function's ARN, for the targets whose walks are its own (`walkIsShared`): those
        /// are walked whole, with the function, not as skeletons.
        var function: String?
        /// The function's execution role, when an endpoint policy of the inventory decides by
        /// who calls (`Audit.walkRole(of:)`): functions with other roles then walk apart.
        var role: String?
        /// The function's `Ipv6AllowedForDualStack`, when an interface endpoint of the inventory
        /// has IPv6-only DNS records or a subnet has DNS64 on (`Audit.walkDualStack(of:)`):
        /// whether it can use them, and what a DNS64 answer means to it.
        var dualStack = false
    }

    /// A walk shared by the functions with the same groups: a skeleton and the group set that
    /// completes it, both by number.
    struct WalkKey: Hashable, Sendable {
        var skeleton: Int
        var groups: Int
    }

    /// A function's security groups, by ID and (those in the inventory) as groups: looked up
    /// once per distinct set, not once per walk.
    struct GroupSet: Sendable {
        var ids: [String]
        var groups: [SecurityGroup]
    }

    /// Whether functions placed alike can share the walks to `target`. The IPv6 walks read
    /// more of the function than its region and groups (Ipv6AllowedForDualStack), so each
    /// function walks them itself. No `default:` here: a new kind of target has to be decided on.
    static func walkIsShared(_ target: Target) -> Bool {
        switch target {
        case .internet, .address, .awsService, .database, .logs: return true
        case .internet6, .address6: return false
        }
    }

    /// A batch's walks by number: the shared ones completed already, the others completed
    /// when asked for.
    struct Walks: Sendable {
        var keys: [WalkKey]
        /// Per walk: its place among `shared`, or -1 when only one function asks for it.
        var slots: [Int]
        var shared: Parallel.Results<Solver.SubnetPath>
        var skeletons: Parallel.Results<Skeleton>
        var skeletonKeys: [SkeletonKey]
        /// Whether every walk keeps its hops (see `Audit.readsAllHops`).
        var allHops: Bool

        /// Walk `index` for the function of `context`: shared, or completed here when only that
        /// function asks for it.
        func walk(_ index: Int, context: Solver.Context, audit: Audit) -> Solver.SubnetPath {
            if slots[index] >= 0 { return shared[slots[index]] }
            let skeleton = keys[index].skeleton
            return audit.completion(
                skeletons[skeleton], question: skeletonKeys[skeleton].question, context, hops: allHops)
        }
    }

    /// Whether the audit reads the hops of every walk: only to print the path of a `not reach`
    /// expectation that does not hold. Otherwise it reads them for S3 and DynamoDB alone (the
    /// NAT-for-gateway-service check), and completes the other walks without them.
    static func readsAllHops(_ request: AuditRequest) -> Bool {
        request.expectations.contains { $0.requirement == .notReach }
    }

    /// Whether the configuration checks read the hops of walks to `target`.
    static func hopsAreRead(_ target: Target) -> Bool {
        AuditChecks.gatewayEndpointServices.contains { target == .awsService($0) }
    }

    /// A skeleton walk and its subnet. An object: each is read by every completion from it,
    /// and a copy of the value would retain each of its path's arrays.
    final class Skeleton: Sendable {
        let path: Solver.SubnetPath
        let subnet: Subnet

        init(path: Solver.SubnetPath, subnet: Subnet) {
            self.path = path
            self.subnet = subnet
        }
    }

    /// The skeleton of `key`, with its hops when `hops` (see `Solver.skeleton(from:_:hops:)`):
    /// it must then be completed with them, or without when not.
    func skeleton(_ key: SkeletonKey, hops: Bool = true) -> Skeleton {
        let subnet = network.subnets[key.subnet]!
        let question = key.question
        if let arn = question.function, let function = network.functions[arn] {
            // A function's own walk, made whole with the function.
            let context = Solver.Context(
                function: function, target: question.target, ipProtocol: question.ipProtocol, port: question.port,
                database: question.database.flatMap { network.databases[$0] },
                groups: function.securityGroupIds.compactMap { network.securityGroups[$0] })
            return Skeleton(path: solver.walk(from: subnet, context), subnet: subnet)
        }
        let context = standIn(question, groupIds: [], groups: [])
        return Skeleton(path: solver.skeleton(from: subnet, context, hops: hops), subnet: subnet)
    }

    /// The context of a shared walk: a stand-in function that has only what the walk reads
    /// (its region, and its groups when the walk is completed).
    func standIn(_ question: WalkQuestion, groupIds: [String], groups: [SecurityGroup]) -> Solver.Context {
        let template = LambdaFunction(
            arn: "", name: "", accountId: "", region: question.region, roleArn: question.role,
            securityGroupIds: groupIds, ipv6AllowedForDualStack: question.dualStack)
        return Solver.Context(
            function: template, target: question.target, ipProtocol: question.ipProtocol, port: question.port,
            database: question.database.flatMap { network.databases[$0] }, groups: groups)
    }

    /// The skeleton of `key` completed for its group set.
    func walk(
        _ key: WalkKey, skeletons: Parallel.Results<Skeleton>, skeletonKeys: [SkeletonKey], groupSets: [GroupSet],
        hops: Bool = true
    ) -> Solver.SubnetPath {
        let question = skeletonKeys[key.skeleton].question
        let context = standIn(question, groupIds: groupSets[key.groups].ids, groups: groupSets[key.groups].groups)
        return completion(skeletons[key.skeleton], question: question, context, hops: hops)
    }

    /// `skeleton` completed for the groups of `context`, with hops when `hops` or the checks read
    /// them. A function's own walk (an IPv6 question) is whole already.
    func completion(_ skeleton: Skeleton, question: WalkQuestion, _ context: Solver.Context, hops: Bool)
        -> Solver.SubnetPath
    {
        guard question.function == nil else { return skeleton.path }
        return solver.complete(
            skeleton.path, subnet: skeleton.subnet, context, hops: hops || Self.hopsAreRead(question.target))
    }

    /// The walk for `subnet` in `context`, shared with the functions placed alike.
    func sharedWalk(
        _ subnet: Subnet, _ context: Solver.Context, cellWalks: [(subnet: String, index: Int)], walkBase: Int,
        walks: Walks
    ) -> Solver.SubnetPath {
        guard let index = cellWalks.first(where: { $0.subnet == subnet.id })?.index else {
            return solver.walk(from: subnet, context)
        }
        return walks.walk(walkBase + index, context: context, audit: self)
    }
}
