/// The audit: every function (or a selection) against its targets, the configuration checks,
/// the expectations of an `--expect` file and a baseline, over one `Network` loaded once.
///
/// Each matrix cell is the `Answer` `Solver.answer(_:)` gives for the same question: the audit
/// asks the solver, it does not re-decide. What it adds is sharing: the walk from a subnet
/// depends only on the subnet, the function's region and security groups and the question, so
/// functions placed alike (one ENI per subnet and group combination, as Lambda itself shares
/// them) share their walks. The walks are computed once each, concurrently, then every
/// function's answers are assembled with its own function-level checks.
///
/// ```swift
/// let network = try NetworkLoader(store: store).load(.all)
/// let result = Audit(network: network).run(AuditRequest())
/// for finding in result.findings { print(finding.rule, finding.function, finding.message) }
/// ```
///
/// A class for the reason `Solver` is one: the walks capture it, and copying its network would
/// cost a retain per dictionary.
public final class Audit: Sendable {
    /// A subnet with fewer free addresses than this is running out (`subnet-low-on-addresses`).
    public static let lowAddressThreshold = 16

    public let network: Network
    let solver: Solver
    /// Databases by lowercased identifier: `Solver.resolveDatabase` scans them all.
    let databasesByIdentifier: [String: [RDSDatabase]]
    /// The resolution of each identifier that one database alone has, made once: every plan
    /// of a VPC's functions names its databases.
    let uniqueDatabases: [String: Resolution]
    /// Database identifiers by VPC, sorted: the default `rds:` targets.
    let databaseIdentifiersByVPC: [String: [String]]
    /// The AWS services with an interface endpoint, by VPC of the inventory, sorted: the
    /// default `aws:` targets.
    let interfaceServicesByVPC: [String: [String]]
    /// Whether an endpoint policy of the inventory decides by who calls (it names principals,
    /// or has an `aws:PrincipalArn` condition): walks then depend on the function's role.
    let rolesDecideEndpoints: Bool
    /// Whether an interface endpoint of the inventory has IPv6-only DNS records, or a subnet has
    /// DNS64 on: walks then depend on whether the function may use IPv6 (which names it can
    /// use, and what a DNS64 answer means to it).
    let ipv6DecidesNames: Bool

    public init(network: Network) {
        self.network = network
        solver = Solver(network: network)
        let databases = network.databases.values.sorted { $0.key < $1.key }
        databasesByIdentifier = Dictionary(grouping: databases) { $0.identifier.lowercased() }
        uniqueDatabases = databasesByIdentifier.compactMapValues {
            $0.count == 1 ? Resolution(.success($0[0])) : nil
        }
        // An identifier that databases of several kinds have in one account and region (an
        // instance and a proxy both named `orders`) is asked by kind, one column each: the
        // plain identifier names neither (`Solver.resolveDatabase`).
        var kindsByName: [String: Set<RDSDatabase.Kind>] = [:]
        for database in databases {
            kindsByName["\(database.accountId)/\(database.region)/\(database.identifier.lowercased())", default: []]
                .insert(database.kind)
        }
        var byVPC: [String: Set<String>] = [:]
        for database in databases {
            guard let vpc = database.vpcId else { continue }
            let shared =
                (kindsByName["\(database.accountId)/\(database.region)/\(database.identifier.lowercased())"]?.count ?? 0)
                > 1
            byVPC[vpc, default: []].insert(shared ? database.kindQualifiedName : database.identifier)
        }
        databaseIdentifiersByVPC = byVPC.mapValues { $0.sorted() }
        let withEndpoints = network.vpcs.keys.filter { network.endpointsByVPC[$0] != nil }
        let services = Parallel.map(withEndpoints.count) {
            Self.interfaceServices(in: withEndpoints[$0], region: "", network: network)
        }
        interfaceServicesByVPC = Dictionary(uniqueKeysWithValues: zip(withEndpoints, services))
        rolesDecideEndpoints = network.endpoints.values.contains { $0.policy?.dependsOnPrincipal == true }
        ipv6DecidesNames =
            network.endpoints.values.contains(where: \.resolvesToIPv6Only)
            || network.subnets.values.contains { $0.enableDNS64 == true }
    }

    /// The part of `function` its shared walks read besides its region: its role, when an
    /// endpoint policy decides by who calls; else nothing, so that every role shares them.
    func walkRole(of function: LambdaFunction) -> String? {
        rolesDecideEndpoints ? function.roleArn : nil
    }

    /// The part of `function` its shared walks read about IPv6: whether it may use it, when an
    /// endpoint's DNS records are IPv6 only or a subnet has DNS64 on; else false for every
    /// function, so that all share.
    func walkDualStack(of function: LambdaFunction) -> Bool {
        ipv6DecidesNames && function.ipv6AllowedForDualStack
    }

    /// Runs the audit. Deterministic: the same network and request give the same result.
    public func run(_ request: AuditRequest) -> AuditResult {
        var clock = StageClock()
        let functions = select(request)
        // Functions placed alike ask the matrix the same questions: those cells are planned
        // once per placement and shared (an organisation's functions are a few per VPC).
        let placements = Parallel.map(functions.count) {
            Placement(
                functions[$0], vpcs: vpcs(of: functions[$0]), role: walkRole(of: functions[$0]),
                dualStack: walkDualStack(of: functions[$0]))
        }
        var placementNumbers: [Placement: Int] = [:]
        var representatives: [Int] = []
        let numbers = placements.indices.map { index in
            Self.index(of: placements[index], in: &placementNumbers) { representatives.append(index) }
        }
        let firstOfPlacement = representatives
        // The resolver's memo only helps identifiers that several databases share, so each
        // placement can have its own.
        let matrices = Parallel.map(firstOfPlacement.count) { number in
            var resolver = DatabaseResolver(audit: self)
            let first = firstOfPlacement[number]
            return matrixCells(functions[first], vpcs: placements[first].vpcs, request: request, resolver: &resolver)
        }
        // Kept as `Results`: tens of thousands of plans, freed on every core when the run ends.
        let plans = Parallel.results(functions.count) { index in
            var resolver = DatabaseResolver(audit: self)
            return plan(
                functions[index], vpcs: placements[index].vpcs, placement: numbers[index],
                matrix: matrices[numbers[index]], request: request, resolver: &resolver)
        }
        // The configuration checks, with what they ask of the audited VPCs worked out once.
        let checks = AuditChecks(solver: solver, vpcs: Set(plans.flatMap(\.vpcs)))
        // Who else a `must not reach` fix changes: read only when such an expectation fails.
        let users = Self.readsAllHops(request) ? ComponentUsers(network: network) : .none
        clock.lap("plan")
        var outcomes: [Outcome?] = Array(repeating: nil, count: plans.count)
        var walks = (distinct: 0, asked: 0)
        for batch in batches(plans) {
            let (batchOutcomes, distinct, asked) = auditBatch(
                batch.map { plans[$0] }, request: request, checks: checks, users: users, clock: &clock)
            // The batch's skeletons and walks were freed (on every core) as auditBatch returned.
            clock.lap("free walks")
            for (index, outcome) in zip(batch, batchOutcomes) { outcomes[index] = outcome }
            walks.distinct += distinct
            walks.asked += asked
        }
        var result = assemble(request: request, plans: plans, outcomes: outcomes)
        // The outcomes' rows and findings are the result's now; the rest (their arrays, their
        // verdicts) is freed on every core, not one outcome at a time as the run returns.
        outcomes.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let buffer = buffer
            Parallel.chunks(buffer.count) { range in
                for index in range { buffer[index] = nil }
            }
        }
        clock.lap("assemble")
        result.walks = walks
        result.stages = clock.stages
        return result
    }

    /// Functions to audit together, by VPC. A walk starts from a subnet, and a subnet is in one
    /// VPC, so functions of different VPCs never share a walk: a batch's walks can be dropped
    /// once its functions are audited, which bounds memory on a large organisation.
    func batches(_ plans: Parallel.Results<Plan>, size: Int = 1024) -> [[Int]] {
        let byVPC = Dictionary(grouping: plans.indices) { plans[$0].vpcs.first ?? "" }
        var batches: [[Int]] = []
        var current: [Int] = []
        for vpc in byVPC.keys.sorted() {
            current += byVPC[vpc]!
            if current.count >= size {
                batches.append(current)
                current = []
            }
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }

    /// Audits `plans`: every distinct walk they need once, all walks at once, then every
    /// function at once. Also says how many walks there were, and how many uses.
    func auditBatch(
        _ plans: [Plan], request: AuditRequest, checks: AuditChecks, users: ComponentUsers, clock: inout StageClock
    ) -> (
        outcomes: [Outcome], distinct: Int, asked: Int
    ) {
        // Functions of different VPCs never share a walk (a walk starts from a subnet, in one
        // VPC): each VPC's functions number their walks on their own, concurrently, and the
        // numbers are then joined.
        var ranges: [Range<Int>] = []
        for index in plans.indices {
            if let last = ranges.last, plans[last.lowerBound].vpcs.first == plans[index].vpcs.first {
                ranges[ranges.count - 1] = last.lowerBound..<(index + 1)
            } else {
                ranges.append(index..<(index + 1))
            }
        }
        let vpcRanges = ranges
        let parts = Parallel.map(vpcRanges.count) { numberWalks(plans[vpcRanges[$0]]) }
        var numbering = WalkNumbering()
        for part in parts { numbering.append(part) }
        let (skeletonKeys, walkKeys, uses, groupSets, asked) = (
            numbering.skeletonKeys, numbering.walkKeys, numbering.uses, numbering.groupSets, numbering.asked
        )
        clock.lap("walk keys")
        let allHops = Self.readsAllHops(request)
        let skeletons = Parallel.results(skeletonKeys.count) {
            skeleton(skeletonKeys[$0], hops: allHops || Self.hopsAreRead(skeletonKeys[$0].question.target))
        }
        clock.lap("skeleton walks")
        // Walks that several functions share are completed once, here. A walk only one
        // function asks for is completed where that function's answer needs it: stored and
        // freed later, it would cost more than it saves.
        var slots = Array(repeating: -1, count: walkKeys.count)
        var sharedKeys: [Int] = []
        for index in walkKeys.indices where uses[index] > 1 {
            slots[index] = sharedKeys.count
            sharedKeys.append(index)
        }
        let sharedList = sharedKeys
        let shared = Parallel.results(sharedList.count) {
            walk(
                walkKeys[sharedList[$0]], skeletons: skeletons, skeletonKeys: skeletonKeys, groupSets: groupSets,
                hops: allHops)
        }
        let walks = Walks(
            keys: walkKeys, slots: slots, shared: shared, skeletons: skeletons, skeletonKeys: skeletonKeys,
            allHops: allHops)
        clock.lap("walks")
        let (cellWalks, walkBases) = (numbering.cellWalks, numbering.walkBases)
        let outcomes = Parallel.map(plans.count) {
            audit(
                plans[$0], cellWalks: cellWalks[$0], walkBase: walkBases[$0], request: request, checks: checks,
                users: users, walks: walks)
        }
        clock.lap("functions")
        return (outcomes, walkKeys.count, asked)
    }

    /// The walks some functions ask for, numbered from 0: the skeletons, the walks (a skeleton
    /// and a group set), how many times each walk is asked for, and per function and cell the
    /// walk from each subnet.
    struct WalkNumbering {
        var skeletonKeys: [SkeletonKey] = []
        var walkKeys: [WalkKey] = []
        var uses: [Int] = []
        var groupSets: [GroupSet] = []
        /// Per function, per cell: the walk from each subnet, numbered within its own part.
        var cellWalks: [[[(subnet: String, index: Int)]]] = []
        /// Per function: what to add to its `cellWalks` numbers once the parts are joined.
        var walkBases: [Int] = []
        var asked = 0

        /// Joins `part`, numbered on its own, after these.
        mutating func append(_ part: WalkNumbering) {
            let (skeletonBase, walkBase, groupBase) = (skeletonKeys.count, walkKeys.count, groupSets.count)
            skeletonKeys += part.skeletonKeys
            walkKeys += part.walkKeys.map {
                WalkKey(skeleton: $0.skeleton + skeletonBase, groups: $0.groups + groupBase)
            }
            uses += part.uses
            groupSets += part.groupSets
            cellWalks += part.cellWalks
            walkBases += part.walkBases.map { $0 + walkBase }
            asked += part.asked
        }
    }

    /// Numbers the walks `plans` ask for. A large organisation has hundreds of thousands of
    /// (function, cell, subnet) triples: their keys are interned in steps, so that the triples
    /// hash pairs of integers rather than strings (a subnet once per function, a question once
    /// per cell, a group set once per function).
    func numberWalks(_ plans: ArraySlice<Plan>) -> WalkNumbering {
        var subnets = Interner<String>()
        var questions = Interner<WalkQuestion>()
        var groupSetNumbers = Interner<[String]>()
        // The question numbers of a placement's matrix cells, by placement (a shared walk's
        // question reads nothing else of the function but its region, which the placement has):
        // the functions of a VPC ask the same few questions, and building and hashing each
        // one's strings was a quarter of numbering its walks.
        var matrixQuestions: [Int: [Int]] = [:]
        // The questions by number, as `questions` numbers them.
        var questionList: [WalkQuestion] = []
        // Skeletons by question, then subnet, by number (-1: none yet): a part has a few dozen
        // of each, so a table beats hashing the pair for every (function, cell, subnet).
        var skeletonTable: [[Int]] = []
        var numbering = WalkNumbering()
        // At most one walk per (function, cell, subnet): reserved, the table never grows.
        let most = plans.reduce(0) { $0 + $1.cells.count * $1.function.subnetIds.count }
        var walkIndex = PairNumbers(capacity: most)
        numbering.walkKeys.reserveCapacity(most)
        numbering.uses.reserveCapacity(most)
        for plan in plans {
            var walksOfCells = Array(repeating: [(subnet: String, index: Int)](), count: plan.cells.count)
            defer {
                numbering.cellWalks.append(walksOfCells)
                numbering.walkBases.append(0)
            }
            let function = plan.function
            guard function.isInVPC else { continue }
            let subnetIds = function.subnetIds.filter { network.subnets[$0] != nil }
            let subnetNumbers = subnetIds.map { subnets.index(of: $0) }
            let groups = groupSetNumbers.index(of: function.securityGroupIds)
            if groups == numbering.groupSets.count {
                numbering.groupSets.append(
                    GroupSet(
                        ids: function.securityGroupIds,
                        groups: function.securityGroupIds.compactMap { network.securityGroups[$0] }))
            }
            var known = matrixQuestions[plan.placement] ?? Array(repeating: -1, count: plan.matrixCells)
            var learned = false
            defer { if learned { matrixQuestions[plan.placement] = known } }
            for (cellIndex, cell) in plan.cells.enumerated() {
                guard case .success(let database) = cell.database.result else { continue }
                let questionNumber: Int
                if cellIndex < known.count && known[cellIndex] >= 0 {
                    questionNumber = known[cellIndex]
                } else {
                    let port = cell.target.port(asked: cell.port, database: database)
                    let question = WalkQuestion(
                        region: function.region, target: cell.target,
                        database: database?.key, port: port, ipProtocol: cell.ipProtocol,
                        function: Self.walkIsShared(cell.target) ? nil : function.arn, role: walkRole(of: function),
                        dualStack: walkDualStack(of: function))
                    questionNumber = questions.index(of: question)
                    if questionNumber == questionList.count {
                        questionList.append(question)
                        skeletonTable.append([])
                    }
                    // A function's own question (an IPv6 walk) names it: never the next one's.
                    if cellIndex < known.count && question.function == nil {
                        known[cellIndex] = questionNumber
                        learned = true
                    }
                }
                walksOfCells[cellIndex].reserveCapacity(subnetIds.count)
                for (subnetId, subnetNumber) in zip(subnetIds, subnetNumbers) {
                    if subnetNumber >= skeletonTable[questionNumber].count {
                        skeletonTable[questionNumber] += repeatElement(
                            -1, count: subnetNumber + 1 - skeletonTable[questionNumber].count)
                    }
                    if skeletonTable[questionNumber][subnetNumber] < 0 {
                        skeletonTable[questionNumber][subnetNumber] = numbering.skeletonKeys.count
                        numbering.skeletonKeys.append(
                            SkeletonKey(subnet: subnetId, question: questionList[questionNumber]))
                    }
                    let skeleton = skeletonTable[questionNumber][subnetNumber]
                    let index = walkIndex.index(of: skeleton, groups) {
                        numbering.walkKeys.append(WalkKey(skeleton: skeleton, groups: groups))
                        numbering.uses.append(0)
                    }
                    numbering.uses[index] += 1
                    walksOfCells[cellIndex].append((subnetId, index))
                    numbering.asked += 1
                }
            }
        }
        return numbering
    }

    /// The index of `key`, numbering it (and calling `add`) when it is new.
    static func index<Key: Hashable>(of key: Key, in indices: inout [Key: Int], add: () -> Void) -> Int {
        if let known = indices[key] { return known }
        let index = indices.count
        indices[key] = index
        add()
        return index
    }

    /// Numbers values in the order they first come.
    struct Interner<Value: Hashable> {
        private var numbers: [Value: Int] = [:]
        mutating func index(of value: Value) -> Int { Audit.index(of: value, in: &numbers) {} }
    }

    /// Numbers pairs of small non-negative integers in the order they first come, in an
    /// open-addressing table of fixed size. A large organisation numbers hundreds of thousands
    /// of (skeleton, group set) pairs, nearly all new: with `Dictionary`, hashing each pair
    /// twice (SipHash, to look up, then to insert) was a fifth of numbering the walks.
    struct PairNumbers {
        /// Per slot: the pair, packed as `first << 32 | second`, and its number (-1: empty).
        private var keys: [UInt64]
        private var numbers: [Int]
        private let shift: UInt64
        private(set) var count = 0

        /// A table for at most `capacity` pairs, each number below 2^32.
        init(capacity: Int) {
            // At most half full: probe sequences stay short.
            var bits = 4
            while 1 << bits < 2 * capacity { bits += 1 }
            keys = Array(repeating: 0, count: 1 << bits)
            numbers = Array(repeating: -1, count: 1 << bits)
            shift = UInt64(64 - bits)
        }

        /// The number of `(first, second)`, numbering it (and calling `add`) when it is new.
        mutating func index(of first: Int, _ second: Int, add: () -> Void) -> Int {
            precondition(first >= 0 && first < 1 << 32 && second >= 0 && second < 1 << 32 && count < keys.count / 2)
            let key = UInt64(first) << 32 | UInt64(second)
            // Fibonacci hashing: the top bits of the product, which every bit of the key
            // reaches. Linear probing from there.
            let mask = keys.count - 1
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while numbers[slot] >= 0 {
                if keys[slot] == key { return numbers[slot] }
                slot = (slot &+ 1) & mask
            }
            keys[slot] = key
            numbers[slot] = count
            count += 1
            add()
            return count - 1
        }
    }
}
