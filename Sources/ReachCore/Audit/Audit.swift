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

    public init(network: Network) {
        self.network = network
        solver = Solver(network: network)
        let databases = network.databases.values.sorted { $0.key < $1.key }
        databasesByIdentifier = Dictionary(grouping: databases) { $0.identifier.lowercased() }
        uniqueDatabases = databasesByIdentifier.compactMapValues {
            $0.count == 1 ? Resolution(.success($0[0])) : nil
        }
        var byVPC: [String: Set<String>] = [:]
        for database in databases {
            if let vpc = database.vpcId { byVPC[vpc, default: []].insert(database.identifier) }
        }
        databaseIdentifiersByVPC = byVPC.mapValues { $0.sorted() }
        let withEndpoints = network.vpcs.keys.filter { network.endpointsByVPC[$0] != nil }
        let services = Parallel.map(withEndpoints.count) {
            Self.interfaceServices(in: withEndpoints[$0], region: "", network: network)
        }
        interfaceServicesByVPC = Dictionary(uniqueKeysWithValues: zip(withEndpoints, services))
    }

    /// Runs the audit. Deterministic: the same network and request give the same result.
    public func run(_ request: AuditRequest) -> AuditResult {
        var clock = StageClock()
        let functions = select(request)
        // Functions placed alike ask the matrix the same questions: those cells are planned
        // once per placement and shared (an organisation's functions are a few per VPC).
        let placements = Parallel.map(functions.count) { Placement(functions[$0], vpcs: vpcs(of: functions[$0])) }
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
        clock.lap("plan")
        var outcomes: [Outcome?] = Array(repeating: nil, count: plans.count)
        var walks = (distinct: 0, asked: 0)
        for batch in batches(plans) {
            let (batchOutcomes, distinct, asked) = auditBatch(
                batch.map { plans[$0] }, request: request, checks: checks, clock: &clock)
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
    func auditBatch(_ plans: [Plan], request: AuditRequest, checks: AuditChecks, clock: inout StageClock) -> (
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
                walks: walks)
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
                        function: Self.walkIsShared(cell.target) ? nil : function.arn)
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

    // MARK: - Selection

    /// The VPCs of a function: its subnets', or its VpcConfig's when no subnet is known.
    func vpcs(of function: LambdaFunction) -> [String] {
        // A function's subnets are nearly always in one VPC: a list, not a set, and no sort.
        var fromSubnets: [String] = []
        for subnetId in function.subnetIds {
            if let vpc = network.subnets[subnetId]?.vpcId, !fromSubnets.contains(vpc) { fromSubnets.append(vpc) }
        }
        if fromSubnets.isEmpty, let reported = function.reportedVPCId, !reported.isEmpty, function.isInVPC {
            return [reported]
        }
        return fromSubnets.count > 1 ? fromSubnets.sorted() : fromSubnets
    }

    func select(_ request: AuditRequest) -> [LambdaFunction] {
        let wantedVPCs = Set(request.vpcs)
        let selected = network.functions.values.filter { function in
            (request.functions.isEmpty || request.functions.contains { $0.matches(function) })
                && (wantedVPCs.isEmpty || !wantedVPCs.isDisjoint(with: vpcs(of: function)))
        }
        // Sorted by index, compared in place: a sort moves its elements, and a function is a
        // large value.
        let order = selected.indices.sorted {
            (selected[$0].name, selected[$0].arn) < (selected[$1].name, selected[$1].arn)
        }
        return order.map { selected[$0] }
    }

    // MARK: - Planning

    /// One question asked of a function: a matrix target, an expectation's, or one the
    /// configuration checks need.
    struct Cell: Sendable {
        var target: Target
        var port: Int?
        var ipProtocol: IPProtocol
        var database: Resolution
        var inMatrix: Bool
        /// Indices into the request's expectations that judge this cell.
        var expectations: [Int]

        /// The port the solver asks this cell's question on (`Target.port(asked:database:)`);
        /// the port asked for when its database does not resolve.
        var questionPort: Int? {
            guard case .success(let database) = database.result else { return port ?? target.namedPort }
            return target.port(asked: port, database: database)
        }
    }

    struct Plan: Sendable {
        var function: LambdaFunction
        var vpcs: [String]
        var cells: [Cell]
        /// The number of the function's placement (functions placed alike share it), whose
        /// matrix the first `matrixCells` cells are, the same for each of them.
        var placement: Int
        var matrixCells: Int
    }

    /// The default targets of a function, in matrix order: internet, dynamodb, s3, logs, its
    /// VPC's databases by identifier, its VPC's interface-endpoint services by name.
    public func defaultTargets(for function: LambdaFunction) -> [Target] {
        defaultTargets(for: function, vpcs: vpcs(of: function))
    }

    /// `defaultTargets(for:)` of a function in `functionVPCs` (its `vpcs(of:)`).
    func defaultTargets(for function: LambdaFunction, vpcs functionVPCs: [String]) -> [Target] {
        var targets: [Target] = [.internet, .awsService("dynamodb"), .awsService("s3"), .logs]
        guard function.isInVPC else { return targets }
        // One VPC's identifiers are sorted and unique already.
        let databases =
            functionVPCs.count == 1
            ? databaseIdentifiersByVPC[functionVPCs[0]] ?? []
            : Set(functionVPCs.flatMap { databaseIdentifiersByVPC[$0] ?? [] }).sorted()
        targets += databases.map { .database($0) }
        let services =
            functionVPCs.count == 1
            ? interfaceServices(in: functionVPCs[0], region: function.region)
            : Set(functionVPCs.flatMap { interfaceServices(in: $0, region: function.region) }).sorted()
        for service in services where !targets.contains(.awsService(service)) {
            targets.append(.awsService(service))
        }
        return targets
    }

    /// The AWS services with an interface endpoint in `vpcId`, sorted: worked out once per VPC
    /// of the inventory. `region` stands for the VPC's when the VPC is not in the inventory.
    func interfaceServices(in vpcId: String, region: String) -> [String] {
        interfaceServicesByVPC[vpcId] ?? Self.interfaceServices(in: vpcId, region: region, network: network)
    }

    static func interfaceServices(in vpcId: String, region: String, network: Network) -> [String] {
        let prefix = "com.amazonaws.\(network.vpcs[vpcId]?.region ?? region)."
        var services = Set<String>()
        for endpoint in network.endpoints(inVPC: vpcId)
        where endpoint.kind == .interface && endpoint.serviceName.hasPrefix(prefix) {
            services.insert(endpoint.shortServiceName)
        }
        return services.sorted()
    }

    /// What a function's matrix cells depend on: its VPCs, whether it is in a VPC, and the
    /// account and region that `rds:` identifiers are resolved in.
    struct Placement: Hashable, Sendable {
        var vpcs: [String]
        var isInVPC: Bool
        var accountId: String
        var region: String

        init(_ function: LambdaFunction, vpcs: [String]) {
            self.vpcs = vpcs
            isInVPC = function.isInVPC
            accountId = function.accountId
            region = function.region
        }
    }

    /// The cells every function of `function`'s placement asks: the matrix's targets, and
    /// S3 and DynamoDB for the NAT check.
    func matrixCells(
        _ function: LambdaFunction, vpcs functionVPCs: [String], request: AuditRequest,
        resolver: inout DatabaseResolver
    ) -> [Cell] {
        var cells: [Cell] = []
        let matrix =
            (request.defaultTargets ? defaultTargets(for: function, vpcs: functionVPCs) : []) + request.extraTargets
        for target in matrix {
            add(
                target, port: nil, ipProtocol: .tcp, inMatrix: true, expectation: nil, to: &cells, for: function,
                &resolver)
        }
        // The NAT-for-S3/DynamoDB check needs those answers even when the matrix leaves them out.
        if function.isInVPC {
            for service in ["s3", "dynamodb"] {
                add(
                    .awsService(service), port: nil, ipProtocol: .tcp, inMatrix: false, expectation: nil, to: &cells,
                    for: function, &resolver)
            }
        }
        return cells
    }

    /// The plan of `function`: the cells of its placement (number `placement`, whose cells are
    /// `matrix`), and its expectations'.
    func plan(
        _ function: LambdaFunction, vpcs: [String], placement: Int, matrix: [Cell], request: AuditRequest,
        resolver: inout DatabaseResolver
    ) -> Plan {
        var cells = matrix
        for (index, expectation) in request.expectations.enumerated() where expectation.functions.matches(function) {
            add(
                expectation.target, port: expectation.port, ipProtocol: expectation.ipProtocol, inMatrix: false,
                expectation: index, to: &cells, for: function, &resolver)
        }
        return Plan(function: function, vpcs: vpcs, cells: cells, placement: placement, matrixCells: matrix.count)
    }

    /// Adds a cell to `cells`, or merges it into the one that asks the same question.
    func add(
        _ target: Target, port: Int?, ipProtocol: IPProtocol, inMatrix: Bool, expectation: Int?, to cells: inout [Cell],
        for function: LambdaFunction, _ resolver: inout DatabaseResolver
    ) {
        let database = resolver.resolve(target, for: function)
        var candidate = Cell(
            target: target, port: port, ipProtocol: ipProtocol, database: database, inMatrix: inMatrix,
            expectations: expectation.map { [$0] } ?? [])
        // Cells that ask the same question are one cell.
        if let index = cells.firstIndex(where: {
            $0.target == target && $0.ipProtocol == ipProtocol && $0.questionPort == candidate.questionPort
        }) {
            cells[index].inMatrix = cells[index].inMatrix || inMatrix
            cells[index].expectations += candidate.expectations
        } else {
            candidate.expectations.sort()
            cells.append(candidate)
        }
    }

    /// What a cell's target resolves to: a database, none (the target names no database), or
    /// why it does not resolve. One object per resolution, which the cells that name it share:
    /// a cell holds one reference instead of the result, four words wide for the error's
    /// strings, and 10,000 functions' plans name their VPC's databases.
    final class Resolution: Sendable {
        let result: Result<RDSDatabase?, QuestionError>
        init(_ result: Result<RDSDatabase?, QuestionError>) { self.result = result }

        /// The resolution of every target that is not a database.
        static let noDatabase = Resolution(.success(nil))
    }

    /// Resolves `rds:` targets as `Solver.answer(_:)` does, once per identifier, account and
    /// region, and without scanning every database when the identifier is unique.
    struct DatabaseResolver {
        let audit: Audit
        var known: [String: Resolution] = [:]

        mutating func resolve(_ target: Target, for function: LambdaFunction) -> Resolution {
            guard case .database(let identifier) = target else {
                // An AWS service that is not one is a question the solver refuses too.
                do throws(QuestionError) {
                    try audit.solver.checkService(target)
                } catch {
                    return Resolution(.failure(error))
                }
                return .noDatabase
            }
            if let unique = audit.uniqueDatabases[identifier.lowercased()] { return unique }
            let key = "\(identifier)\u{0}\(function.accountId)\u{0}\(function.region)"
            if let resolution = known[key] { return resolution }
            let resolution: Resolution
            do {
                resolution = Resolution(.success(try audit.solver.resolveDatabase(target, for: function)))
            } catch {
                resolution = Resolution(.failure(error))
            }
            known[key] = resolution
            return resolution
        }
    }

    // MARK: - Walks

    /// What a skeleton walk depends on (see `Solver.skeleton(from:_:)`): the subnet and the
    /// question asked from it.
    struct SkeletonKey: Hashable, Sendable {
        var subnet: String
        var question: WalkQuestion
    }

    /// A question as a walk sees it: the target, port and protocol, and of the function only
    /// its region. Its name and groups are in no walk's facts: blockers' words take them from
    /// the function they are written for (`FunctionIdentity`), and the group decisions are made
    /// when a skeleton is completed.
    struct WalkQuestion: Hashable, Sendable {
        var region: String
        var target: Target
        var database: String?
        var port: Int
        var ipProtocol: IPProtocol
        /// The function's ARN, for the targets whose walks are its own (`walkIsShared`): those
        /// are walked whole, with the function, not as skeletons.
        var function: String?
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
            arn: "", name: "", accountId: "", region: question.region, securityGroupIds: groupIds)
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

    // MARK: - One function

    struct Outcome: Sendable {
        var row: FunctionReachability
        var findings: [Finding]
        /// Per expectation index: whether this function violates it; nil when not checked.
        var verdicts: [Int: Bool]
        /// Per expectation index: why it could not be checked for this function.
        var problems: [Int: QuestionError]
    }

    /// The answer the solver gives for `cell`, or nil when its target does not resolve.
    func answer(
        _ cell: Cell, cellWalks: [(subnet: String, index: Int)], walkBase: Int, function: LambdaFunction,
        facts: Solver.FunctionFacts, walks: Walks
    ) -> Answer? {
        guard case .success(let database) = cell.database.result else { return nil }
        return solver.answer(
            function, target: cell.target, port: cell.port, ipProtocol: cell.ipProtocol, database: database,
            facts: facts
        ) { subnet, context in
            sharedWalk(subnet, context, cellWalks: cellWalks, walkBase: walkBase, walks: walks)
        }
    }

    /// The outcome for one function: `cellWalks` numbers, per cell, the walk from each subnet
    /// (plus `walkBase`).
    func audit(
        _ plan: Plan, cellWalks: [[(subnet: String, index: Int)]], walkBase: Int, request: AuditRequest,
        checks: AuditChecks, walks: Walks
    ) -> Outcome {
        let function = plan.function
        var row: [TargetReachability] = []
        var findings: [Finding] = []
        var verdicts: [Int: Bool] = [:]
        var problems: [Int: QuestionError] = [:]
        var answers: [Answer] = []
        var blockersOf: [[Blocker]] = []
        // Every answer of the function shares these; only `logs` adds the role's logs check.
        let facts = solver.functionFacts(function, target: .internet)
        lazy var logsFacts = solver.logsFacts(adding: facts, of: function)
        for (cell, cellWalks) in zip(plan.cells, cellWalks) {
            let cellFacts = cell.target == .logs ? logsFacts : facts
            guard
                let answer = answer(
                    cell, cellWalks: cellWalks, walkBase: walkBase, function: function, facts: cellFacts, walks: walks)
            else {
                if case .failure(let error) = cell.database.result {
                    for index in cell.expectations { problems[index] = error }
                }
                continue
            }
            // Every use below needs the answer's blockers: they are gathered once.
            let blockers = answer.allBlockers
            answers.append(answer)
            blockersOf.append(blockers)
            if cell.inMatrix { row.append(TargetReachability(answer, blockers: blockers)) }
            for index in cell.expectations {
                let expectation = request.expectations[index]
                let violated: Bool
                switch expectation.requirement {
                case .reach: violated = answer.verdict != .reachable
                case .notReach: violated = answer.verdict != .unreachable
                }
                verdicts[index] = (verdicts[index] ?? false) || violated
                if violated {
                    findings.append(
                        AuditWording.expectationViolated(
                            expectation, answer: answer, blockers: blockers, function: function, network: network))
                }
            }
            if cell.inMatrix && cell.expectations.isEmpty && answer.verdict != .reachable {
                findings.append(AuditWording.reachFinding(answer, blockers: blockers, function: function))
            }
        }
        // A configuration finding that only repeats a blocker of a failing answer about the
        // same target (reported by reach-* or an expectation, or expected) is left out.
        findings += checks.findings(
            for: function, vpcs: plan.vpcs, reported: AuditChecks.Reported(answers: answers, blockers: blockersOf))
        let subnets = function.subnetIds
        return Outcome(
            row: FunctionReachability(
                function: function.name, functionArn: function.arn, vpcs: plan.vpcs, subnets: subnets, targets: row),
            findings: findings, verdicts: verdicts, problems: problems)
    }

    // MARK: - The result

    /// `Finding.sorted(findings)` without repeated keys (the first of each kept), for findings
    /// about `functions` (in the audit's order: by name, then ARN) or about no function.
    static func sortedUnique(_ findings: [Finding], functions: [LambdaFunction]) -> [Finding] {
        sortedUnique(groups: [findings], functions: functions)
    }

    /// The findings of `groups`, one after the other, sorted and made unique as
    /// `sortedUnique(_:functions:)` does. The findings are read where they are and copied once,
    /// into the result: an audit has tens of thousands, in one group per function.
    ///
    /// The leading fields of the order become numbers (the severity's rank, the rule's place
    /// among rule IDs, the function's place), so that they are sorted without comparing long
    /// strings.
    static func sortedUnique(groups: [[Finding]], functions: [LambdaFunction]) -> [Finding] {
        let ruleRanks = Dictionary(
            uniqueKeysWithValues: AuditRule.all.map(\.id).sorted().enumerated().map { ($1, $0) })
        var ranksByArn: [String: Int] = ["": -1]
        ranksByArn.reserveCapacity(functions.count + 1)
        for (rank, function) in functions.enumerated() { ranksByArn[function.arn] = rank }
        let functionRanks = ranksByArn
        // Each finding's numbers, nil when its rule or function is not one of these. Read on
        // every core: the findings were made on every core, and reading tens of thousands of
        // them is mostly waiting for memory.
        // The audit gives one group per function, in the functions' order: a finding of the
        // group's own function (its ARN shares the function's storage, so the comparison is
        // immediate) needs no lookup.
        let numbers = Parallel.map(groups.count) { group in
            groups[group].indices.map { index -> (severity: Int, rule: Int, function: Int)? in
                let arn = groups[group][index].functionArn
                let own = group < functions.count && functions[group].arn == arn ? group : nil
                guard let rule = ruleRanks[groups[group][index].rule],
                    let function = own ?? functionRanks[arn],
                    function >= 0 || groups[group][index].function.isEmpty
                else { return nil }
                return (groups[group][index].severity.rank, rule, function)
            }
        }
        // Each finding by its place: its group and its index there.
        var places: [(group: Int, index: Int)] = []
        var ranks: [(severity: Int, rule: Int, function: Int)] = []
        let count = groups.reduce(0) { $0 + $1.count }
        places.reserveCapacity(count)
        ranks.reserveCapacity(count)
        for group in groups.indices {
            for index in groups[group].indices {
                guard let number = numbers[group][index] else {
                    var seen = Set<FindingKey>()
                    return Finding.sorted(groups.flatMap { $0 }).filter { seen.insert($0.key).inserted }
                }
                places.append((group, index))
                ranks.append(number)
            }
        }
        // Ordered by the numbers with two stable counting sorts, by function and then by
        // severity and rule: no comparison for tens of thousands of findings. Only the
        // findings of a function under one rule (a handful) are compared, and stable sorts
        // keep the findings alike in every field in the order they came.
        let byFunction = Self.countingSort(Array(places.indices), buckets: functions.count + 1) {
            ranks[$0].function + 1
        }
        let ruleCount = ruleRanks.count
        var order = Self.countingSort(byFunction, buckets: Severity.allCases.count * ruleCount) {
            ranks[$0].severity * ruleCount + ranks[$0].rule
        }
        // The runs of equal numbers (the findings of one function under one rule) are sorted
        // each on its own, on every core: tens of thousands of short sorts, each reading
        // findings that are cache misses.
        var runs: [Range<Int>] = []
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && ranks[order[end]] == ranks[order[start]] { end += 1 }
            if end - start > 1 { runs.append(start..<end) }
            start = end
        }
        // Constants for the concurrent sorts to read (a `var` cannot be shared with them).
        let (orderToSort, placesToRead, runsToSort) = (order, places, runs)
        let sortedRuns = Parallel.map(runs.count) { run in
            // Fields are compared in place: copying a finding out of its group is a retain
            // and a release, on every comparison.
            orderToSort[runsToSort[run]].sorted { a, b in
                let (x, y) = (placesToRead[a], placesToRead[b])
                if groups[x.group][x.index].target != groups[y.group][y.index].target {
                    return (groups[x.group][x.index].target ?? "") < (groups[y.group][y.index].target ?? "")
                }
                if groups[x.group][x.index].component != groups[y.group][y.index].component {
                    return groups[x.group][x.index].component < groups[y.group][y.index].component
                }
                return Finding.ordered(groups[x.group][x.index], groups[y.group][y.index])
            }
        }
        for (run, sorted) in zip(runs, sortedRuns) { order.replaceSubrange(run, with: sorted) }
        // The same key twice (two expectations alike): keep the first, findings are per key.
        // The order sorts by the key's fields (a rule has one severity), so repeats are
        // neighbours. Equal numbers are the same rule and function: only then are the
        // findings themselves read (each a cache miss, in this order).
        var out: [Finding] = []
        out.reserveCapacity(order.count)
        for position in order.indices {
            let this = places[order[position]]
            if position > 0, ranks[order[position]] == ranks[order[position - 1]] {
                let previous = places[order[position - 1]]
                let (a, b) = (groups[this.group][this.index], groups[previous.group][previous.index])
                if a.target == b.target && a.component == b.component { continue }
            }
            out.append(groups[this.group][this.index])
        }
        return out
    }

    /// `items` ordered by `bucket` (each in `0..<buckets`), stably: items with the same bucket
    /// stay in the order they came.
    static func countingSort(_ items: [Int], buckets: Int, _ bucket: (Int) -> Int) -> [Int] {
        var starts = [Int](repeating: 0, count: buckets + 1)
        for item in items { starts[bucket(item) + 1] += 1 }
        for index in 0..<buckets { starts[index + 1] += starts[index] }
        var sorted = [Int](repeating: 0, count: items.count)
        for item in items {
            let slot = bucket(item)
            sorted[starts[slot]] = item
            starts[slot] += 1
        }
        return sorted
    }

    /// The result of `outcomes` (one for each of `plans`, none nil).
    func assemble(request: AuditRequest, plans: Parallel.Results<Plan>, outcomes: [Outcome?]) -> AuditResult {
        // Read in place: a copy of each outcome is a retain and a release of each of its fields.
        let outcomes = outcomes.lazy.map { $0! }
        // The findings of the expectations themselves; the functions' stay in their outcomes
        // until sorted (see `sortedUnique(groups:functions:)`).
        var findings: [Finding] = []
        var expectations: [ExpectationResult] = []
        for (index, expectation) in request.expectations.enumerated() {
            let checked = outcomes.filter { $0.verdicts[index] != nil }.count
            let violations = outcomes.filter { $0.verdicts[index] == true }.count
            let problems = Set(outcomes.compactMap { $0.problems[index]?.description }).sorted()
            let problem = problems.isEmpty ? nil : problems.joined(separator: "; ")
            expectations.append(
                ExpectationResult(
                    expectation: expectation, functionsChecked: checked, violations: violations, problem: problem))
            if let problem {
                findings.append(AuditWording.expectationUnknownTarget(expectation, problem: problem))
            } else if checked == 0 {
                findings.append(AuditWording.expectationUnmatched(expectation, selection: request))
            }
        }
        findings = Self.sortedUnique(groups: outcomes.map(\.findings) + [findings], functions: plans.map(\.function))
        let vpcs = Set(plans.flatMap(\.vpcs))
        var names: [String: String] = [:]
        for vpc in vpcs { names[vpc] = network.vpcs[vpc]?.name }
        return AuditResult(
            functions: outcomes.map(\.row), findings: findings, suppressed: [], staleBaselineEntries: [],
            expectations: expectations, vpcCount: vpcs.count, vpcNames: names
        ).applying(request.baseline)
    }
}
