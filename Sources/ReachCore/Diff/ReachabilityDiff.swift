/// What a change does to the functions' reachability: the verdicts that move (function x
/// target x subnet), each with the components whose change caused it, and the configuration
/// findings that appear or go away. Two audits, of the network before and after, compared.
public struct ReachabilityDiff: Sendable {
    /// A component on the path (before or after) that is not what it was.
    public struct Cause: Sendable, Hashable, Comparable {
        /// The AWS ID (or a planned component's name).
        public var component: String
        /// What changed of it, in words: `route 0.0.0.0/0 -> nat-04 removed`.
        public var change: String

        public init(component: String, change: String) {
            self.component = component
            self.change = change
        }

        public static func < (lhs: Cause, rhs: Cause) -> Bool {
            (lhs.component, lhs.change) < (rhs.component, rhs.change)
        }
    }

    /// One verdict that moved: a function's subnet, for a target.
    public struct Change: Sendable, Hashable {
        public var function: String
        public var functionArn: String
        public var target: String
        public var ipProtocol: String
        public var port: Int
        /// The subnet whose verdict moved; empty for a function without VpcConfig (Lambda's
        /// own network) or a function-level verdict.
        public var subnet: String
        public var availabilityZone: String
        /// nil: the function, target or subnet is not there on that side.
        public var before: Verdict?
        public var after: Verdict?
        /// The cell's verdict (all the function's subnets) on each side.
        public var cellBefore: Verdict?
        public var cellAfter: Verdict?
        public var causes: [Cause]
        /// What blocks after the change (code at component), when it is blocked.
        public var blockersAfter: [BlockerKey]

        /// Moved toward unreachable: reachable to unreachable for the subnet, or the cell from
        /// reachable to partial or unreachable, or partial to unreachable.
        public var isWorse: Bool {
            guard let before, let after else { return false }
            if Self.rank(after) > Self.rank(before) { return true }
            if let cellBefore, let cellAfter, Self.rank(cellAfter) > Self.rank(cellBefore) { return true }
            return false
        }

        static func rank(_ verdict: Verdict) -> Int {
            switch verdict {
            case .reachable: return 0
            case .partial: return 1
            case .unreachable: return 2
            }
        }
    }

    public var changes: [Change]
    /// Configuration findings (not reachability) that the change brings, and that it removes.
    public var appeared: [Finding]
    public var resolved: [Finding]
    /// Functions on one side only.
    public var functionsAdded: [String]
    public var functionsRemoved: [String]

    public init(
        changes: [Change], appeared: [Finding], resolved: [Finding], functionsAdded: [String],
        functionsRemoved: [String]
    ) {
        self.changes = changes
        self.appeared = appeared
        self.resolved = resolved
        self.functionsAdded = functionsAdded
        self.functionsRemoved = functionsRemoved
    }

    /// Whether anything got worse: a verdict toward unreachable, or a finding at or above
    /// `threshold` that was not there before.
    public func isWorse(failOn threshold: Severity?) -> Bool {
        if changes.contains(where: \.isWorse) { return true }
        guard let threshold else { return false }
        return appeared.contains { $0.severity.isAtLeast(threshold) }
    }
}

/// One side of a diff: an audit and the network it ran on.
public struct DiffSide: Sendable {
    public var result: AuditResult
    public var network: Network

    public init(result: AuditResult, network: Network) {
        self.result = result
        self.network = network
    }
}

extension ReachabilityDiff {
    /// Compares two audits cell by cell. The cells that differ (verdict, failing zones or
    /// blockers) are asked again on both sides, whole, to compare them subnet by subnet and
    /// name the components of either path that changed.
    public static func compare(_ old: DiffSide, _ new: DiffSide) -> ReachabilityDiff {
        struct Key: Hashable, Comparable {
            var function: String
            var arn: String
            var target: String
            var ipProtocol: String
            var port: Int
            static func < (a: Key, b: Key) -> Bool {
                (a.function, a.arn, a.target, a.ipProtocol, a.port) < (
                    b.function, b.arn, b.target, b.ipProtocol, b.port
                )
            }
        }
        // Both matrices list functions by name then ARN, and a function's targets in one order:
        // walked side by side, only the rows that differ are looked at cell by cell (an
        // organisation against itself compares 10,000 rows, not 80,000 cells by hashing).
        let oldArns = Set(old.result.functions.map(\.functionArn))
        let newArns = Set(new.result.functions.map(\.functionArn))
        let oldRows = Dictionary(old.result.functions.map { ($0.functionArn, $0) }, uniquingKeysWith: { a, _ in a })
        var before: [Key: TargetReachability] = [:]
        var after: [Key: TargetReachability] = [:]
        var changed: [Key] = []
        for row in new.result.functions {
            guard let previous = oldRows[row.functionArn], previous.targets != row.targets else { continue }
            let key = { (cell: TargetReachability) in
                Key(
                    function: row.function, arn: row.functionArn, target: cell.target, ipProtocol: cell.ipProtocol,
                    port: cell.port)
            }
            var keys: Set<Key> = []
            for cell in previous.targets {
                before[key(cell)] = cell
                keys.insert(key(cell))
            }
            for cell in row.targets {
                after[key(cell)] = cell
                keys.insert(key(cell))
            }
            for cell in keys {
                guard let a = before[cell], let b = after[cell] else {
                    changed.append(cell)
                    continue
                }
                if a.verdict != b.verdict || a.failingAvailabilityZones != b.failingAvailabilityZones
                    || Set(a.blockers) != Set(b.blockers)
                {
                    changed.append(cell)
                }
            }
        }
        changed.sort()
        let asked = changed.map {
            AuditCell(functionArn: $0.arn, target: $0.target, ipProtocol: $0.ipProtocol, port: $0.port)
        }
        let oldAnswers = CellAnswers.answers(for: asked, in: old.network)
        let newAnswers = CellAnswers.answers(for: asked, in: new.network)
        var changes: [Change] = []
        for (key, cell) in zip(changed, asked) {
            let a = oldAnswers[cell]
            let b = newAnswers[cell]
            changes += Self.subnetChanges(
                key.function, cell, a, b, cellBefore: before[key]?.verdict, cellAfter: after[key]?.verdict,
                old: old.network, new: new.network)
        }
        // Configuration findings by key; the reachability findings are the cells above.
        let reachabilityRules: Set<String> = [AuditRule.reachUnreachable.id, AuditRule.reachPartial.id]
        let oldFindings = old.result.allFindings.filter { !reachabilityRules.contains($0.rule) }
        let newFindings = new.result.allFindings.filter { !reachabilityRules.contains($0.rule) }
        let oldKeys = Set(oldFindings.map(\.key))
        let newKeys = Set(newFindings.map(\.key))
        let names = { (result: AuditResult, arns: Set<String>) in
            result.functions.filter { arns.contains($0.functionArn) }.map(\.function).sorted()
        }
        return ReachabilityDiff(
            changes: changes,
            appeared: newFindings.filter { !oldKeys.contains($0.key) },
            resolved: oldFindings.filter { !newKeys.contains($0.key) },
            functionsAdded: names(new.result, newArns.subtracting(oldArns)),
            functionsRemoved: names(old.result, oldArns.subtracting(newArns)))
    }

    /// The subnets of one cell whose verdicts differ, each with its causes.
    static func subnetChanges(
        _ function: String, _ cell: AuditCell, _ before: Answer?, _ after: Answer?, cellBefore: Verdict?,
        cellAfter: Verdict?, old: Network, new: Network
    ) -> [Change] {
        // A function without VpcConfig answers with no subnet: its verdict is the cell's.
        func verdicts(_ answer: Answer?) -> [String: (verdict: Verdict, zone: String, answer: SubnetAnswer?)] {
            guard let answer else { return [:] }
            if answer.subnets.isEmpty { return ["": (answer.verdict, "", nil)] }
            var out: [String: (Verdict, String, SubnetAnswer?)] = [:]
            for subnet in answer.subnets {
                // A function-level blocker makes every subnet unreachable.
                out[subnet.subnet] = (
                    answer.blockers.isEmpty ? subnet.verdict : .unreachable, subnet.availabilityZone, subnet
                )
            }
            return out
        }
        let a = verdicts(before)
        let b = verdicts(after)
        var order: [String] = []
        for subnet in (before?.subnets.map(\.subnet) ?? []) + (after?.subnets.map(\.subnet) ?? [])
        where !order.contains(subnet) {
            order.append(subnet)
        }
        if order.isEmpty && (a[""] != nil || b[""] != nil) { order = [""] }
        var out: [Change] = []
        for subnet in order where a[subnet]?.verdict != b[subnet]?.verdict {
            var components: [String] = [cell.functionArn]
            func add(_ id: String) { if !components.contains(id) { components.append(id) } }
            for side in [a[subnet]?.answer, b[subnet]?.answer] {
                for hop in side?.hops ?? [] { add(hop.component) }
                for blocker in side?.blockers ?? [] { add(blocker.component) }
            }
            if !subnet.isEmpty { add(subnet) }
            for blocker in (before?.blockers ?? []) + (after?.blockers ?? []) { add(blocker.component) }
            _ = function
            var causes: [Cause] = []
            for component in components {
                for change in new.changes(of: component, since: old) {
                    causes.append(Cause(component: component, change: change))
                }
            }
            let blockers = (after?.blockers ?? []) + (b[subnet]?.answer?.blockers ?? [])
            out.append(
                Change(
                    function: function, functionArn: cell.functionArn, target: cell.target, ipProtocol: cell.ipProtocol,
                    port: cell.port, subnet: subnet, availabilityZone: a[subnet]?.zone ?? b[subnet]?.zone ?? "",
                    before: a[subnet]?.verdict, after: b[subnet]?.verdict, cellBefore: cellBefore, cellAfter: cellAfter,
                    causes: causes, blockersAfter: Blocker.unique(blockers).map(BlockerKey.init)))
        }
        return out
    }
}
