extension Audit {
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
            facts: facts, notes: false
        ) { subnet, context in
            sharedWalk(subnet, context, cellWalks: cellWalks, walkBase: walkBase, walks: walks)
        }
    }

    /// The outcome for one function: `cellWalks` numbers, per cell, the walk from each subnet
    /// (plus `walkBase`).
    func audit(
        _ plan: Plan, cellWalks: [[(subnet: String, index: Int)]], walkBase: Int, request: AuditRequest,
        checks: AuditChecks, users: ComponentUsers, walks: Walks
    ) -> Outcome {
        let function = plan.function
        var row: [TargetReachability] = []
        var findings: [Finding] = []
        var verdicts: [Int: Bool] = [:]
        var problems: [Int: QuestionError] = [:]
        var answers: [Answer] = []
        var blockersOf: [[Blocker]] = []
        var inMatrix: [Bool] = []
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
            inMatrix.append(cell.inMatrix)
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
                            expectation, answer: answer, blockers: blockers, function: function, network: network,
                            users: users))
                }
            }
            if cell.inMatrix && cell.expectations.isEmpty && answer.verdict != .reachable
                && request.reachabilityFindings
            {
                findings.append(AuditWording.reachFinding(answer, blockers: blockers, function: function))
            }
        }
        // A configuration finding that only repeats a blocker of a failing answer about the
        // same target (reported by reach-* or an expectation, or expected) is left out.
        findings += checks.findings(
            for: function, vpcs: plan.vpcs,
            reported: AuditChecks.Reported(answers: answers, blockers: blockersOf, inMatrix: inMatrix))
        let subnets = function.subnetIds
        return Outcome(
            row: FunctionReachability(
                function: function.name, functionArn: function.arn, vpcs: plan.vpcs, subnets: subnets, targets: row,
                capacityProvider: function.capacityProvider?.arn,
                capacityProviderExported: function.capacityProvider?.isExported ?? true),
            findings: findings, verdicts: verdicts, problems: problems)
    }
}
