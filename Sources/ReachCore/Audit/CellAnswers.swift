/// One cell of an audit's matrix: a function and a target, as the matrix names them.
public struct AuditCell: Sendable, Hashable {
    public var functionArn: String
    /// As `--to` spells it (`internet`, `rds:orders`).
    public var target: String
    public var ipProtocol: String
    /// The port the matrix asked on.
    public var port: Int

    public init(functionArn: String, target: String, ipProtocol: String = "tcp", port: Int) {
        self.functionArn = functionArn
        self.target = target
        self.ipProtocol = ipProtocol
        self.port = port
    }
}

extension AuditResult {
    /// The cells whose verdict is not `reachable`, in matrix order: what the HTML audit draws
    /// in full.
    public var failingCells: [AuditCell] {
        functions.flatMap { row in
            row.targets.filter { $0.verdict != .reachable }.map {
                AuditCell(functionArn: row.functionArn, target: $0.target, ipProtocol: $0.ipProtocol, port: $0.port)
            }
        }
    }
}

/// The answers `lambda-reach why` gives for cells of an audit's matrix. The audit keeps of each
/// cell its verdict and blockers' keys, not its path (an organisation has tens of thousands of
/// cells); a report that draws a cell's path asks the solver again, the question `why` asks.
///
/// In the library, beside the audit, for every report that needs whole answers.
public enum CellAnswers {
    /// The answer for each of `cells` that `network` can answer: a cell whose function is not in
    /// it, or whose target no longer parses or resolves, has none.
    ///
    /// Answers are asked on every core: an organisation's audit has thousands of failing cells.
    public static func answers(for cells: [AuditCell], in network: Network) -> [AuditCell: Answer] {
        let solver = Solver(network: network)
        let answers = Parallel.map(cells.count) { answer(cells[$0], solver: solver) }
        var out: [AuditCell: Answer] = [:]
        for (cell, answer) in zip(cells, answers) {
            if let answer { out[cell] = answer }
        }
        return out
    }

    /// `why FUNCTION --to TARGET --port PORT`'s answer, on the port the matrix asked.
    static func answer(_ cell: AuditCell, solver: Solver) -> Answer? {
        guard let function = solver.network.functions[cell.functionArn],
            let target = try? Target(parsing: cell.target)
        else { return nil }
        let ipProtocol = IPProtocol(aws: cell.ipProtocol) ?? .tcp
        return try? solver.answer(
            Question(function: function, target: target, port: cell.port, ipProtocol: ipProtocol))
    }
}
