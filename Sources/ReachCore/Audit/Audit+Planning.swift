extension Audit {
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
}

extension Audit {
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
        /// See `WalkQuestion.role`.
        var role: String?
        /// See `WalkQuestion.dualStack`.
        var dualStack: Bool

        init(_ function: LambdaFunction, vpcs: [String], role: String?, dualStack: Bool = false) {
            self.vpcs = vpcs
            isInVPC = function.isInVPC
            accountId = function.accountId
            region = function.region
            self.role = role
            self.dualStack = dualStack
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
}
