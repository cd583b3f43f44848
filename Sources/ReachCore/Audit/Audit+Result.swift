extension Audit {
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
        // The same key twice (one expectation line matched twice): keep the first, findings
        // are per key.
        // The order sorts by the key's fields (a rule has one severity), so repeats are
        // neighbours. Equal numbers are the same rule and function: only then are the
        // findings themselves read (each a cache miss, in this order).
        var out: [Finding] = []
        out.reserveCapacity(order.count)
        // The keys of the current run of equal numbers: findings of one expectation from two
        // lines (its text written twice) are ordered by line, so need not be neighbours.
        var runKeys = Set<FindingKey>()
        for position in order.indices {
            let this = places[order[position]]
            if position > 0, ranks[order[position]] == ranks[order[position - 1]] {
                let previous = places[order[position - 1]]
                let (a, b) = (groups[this.group][this.index], groups[previous.group][previous.index])
                if a.target == b.target && a.component == b.component && a.expectation == b.expectation { continue }
                if a.expectation != nil || b.expectation != nil {
                    if runKeys.isEmpty { runKeys.insert(b.key) }
                    guard runKeys.insert(a.key).inserted else { continue }
                }
            } else {
                runKeys.removeAll(keepingCapacity: true)
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
