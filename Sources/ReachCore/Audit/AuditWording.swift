/// The words of the reachability and expectation findings, built from the solver's answers.
enum AuditWording {
    // The functions below take an answer with its `allBlockers`, which the audit gathers once.

    /// `fn cannot reach internet (tcp/443)…` with every blocker, or the partial version.
    static func reachFinding(_ answer: Answer, blockers: [Blocker], function: LambdaFunction) -> Finding {
        let rule: AuditRule = answer.verdict == .partial ? .reachPartial : .reachUnreachable
        // Each blocker's words are written once, for this function, and read twice.
        let words = blockers.map(answer.words(of:))
        return Finding(
            rule: rule, function: function, target: answer.target,
            component: component(blockers, function: function),
            message: failure(answer, blockers: blockers, words: words), fix: fixes(words))
    }

    /// What stops `answer`, in one paragraph. `Prose`, not String interpolation: one is
    /// written for every failing function and target.
    static func failure(_ answer: Answer, blockers: [Blocker], words: [BlockerWords]) -> String {
        let question: Prose = "\(answer.target) (\(answer.ipProtocol)/\(answer.port))"
        var out: Prose
        if answer.verdict == .partial, !answer.subnets.contains(where: { $0.verdict == .reachable }) {
            // Every subnet gets some connections through and not others (a proxy's own leg).
            let some = answer.subnets.filter { $0.verdict == .partial }.map(subnetText)
            out =
                "\(answer.function) reaches \(question) only some of the time from \(some, separator: ", "): some connections fail, whichever subnet Lambda picks, typically as intermittent timeouts or errors."
        } else if answer.verdict == .partial {
            let good = answer.subnets.filter { $0.verdict == .reachable }.map(subnetText)
            let bad = answer.subnets.filter { $0.verdict != .reachable }.map(subnetText)
            out =
                "\(answer.function) reaches \(question) from \(good, separator: ", ") but not from \(bad, separator: ", "): invocations placed in \(answer.failingPlaces, separator: ", ") fail, typically as intermittent timeouts."
        } else if answer.subnets.isEmpty {
            out = "\(answer.function) cannot reach \(question)."
        } else {
            out = "\(answer.function) cannot reach \(question) from any of its subnets."
        }
        for (blocker, words) in zip(blockers, words) {
            out += " \(blocker.code) at \(blocker.component): \(words.message)"
        }
        return out.text
    }

    static func subnetText(_ subnet: SubnetAnswer) -> String {
        subnet.availabilityZone.isEmpty ? subnet.subnet : "\(subnet.subnet) (\(subnet.availabilityZone))"
    }

    /// Every blocker's fix, once each, in the answer's order.
    static func fixes(_ words: [BlockerWords]) -> String {
        if words.count == 1 { return words[0].fix }
        var fixes: [String] = []
        for fix in words.map(\.fix) where !fixes.contains(fix) { fixes.append(fix) }
        return fixes.joined(separator: "\n")
    }

    /// The first blocker's component: what to change first.
    static func component(_ blockers: [Blocker], function: LambdaFunction) -> String {
        blockers.first?.component ?? function.arn
    }

    // MARK: Expectations

    static func prefix(_ expectation: Expectation) -> String {
        "Expectation \"\(expectation.text)\"\(expectation.source.map { " (\($0))" } ?? "")"
    }

    static func expectationViolated(
        _ expectation: Expectation, answer: Answer, blockers: [Blocker], function: LambdaFunction, network: Network,
        users: ComponentUsers
    ) -> Finding {
        switch expectation.requirement {
        case .reach:
            let words = blockers.map(answer.words(of:))
            return Finding(
                rule: .expectationViolated, function: function, target: answer.target,
                component: component(blockers, function: function),
                message:
                    "\(prefix(expectation)) does not hold: \(failure(answer, blockers: blockers, words: words))",
                fix: fixes(words),
                source: expectation.source, expectation: expectation.text)
        case .notReach:
            let open = answer.subnets.filter { $0.verdict == .reachable }
            let path = open.first.map(pathText) ?? "the Lambda-owned network (no VpcConfig)"
            let from = open.isEmpty ? "" : " from \(open.map(subnetText).joined(separator: ", "))"
            let (component, fix) = closing(open, network: network, function: function, users: users)
            return Finding(
                rule: .expectationViolated, function: function, target: answer.target, component: component,
                message:
                    "\(prefix(expectation)) does not hold: \(answer.function) reaches \(answer.target) (\(answer.ipProtocol)/\(answer.port))\(from), via \(path).",
                fix: fix, source: expectation.source, expectation: expectation.text)
        }
    }

    /// A reachable subnet's path as `query` prints it: components, without the filters.
    static func pathText(_ subnet: SubnetAnswer) -> String { subnet.route.joined(separator: " > ") }

    /// Where a path that must not exist can be closed, and how: the routes that carry it out of
    /// the reachable subnets (when not the VPC's local route), else the destination's ingress
    /// rule, else the function's egress rule. Each is followed by what else it changes, from
    /// `users` (a shared table's other subnets, a shared group's other functions), and a route
    /// by the broader route of its table that would carry the traffic once it is deleted.
    static func closing(
        _ subnets: [SubnetAnswer], network: Network, function: LambdaFunction, users: ComponentUsers = .none
    ) -> (String, String) {
        guard !subnets.isEmpty else {
            return (
                function.arn,
                Shell.line(
                    "A function without VpcConfig reaches the internet and public AWS endpoints. Attach it to private subnets without a NAT route:\naws lambda update-function-configuration --function-name \(function.name) --vpc-config SubnetIds=<private subnets>,SecurityGroupIds=<groups>"
                )
            )
        }
        // Per option: its command, then what else it changes (when something does).
        var options: [(component: String, fix: [String])] = []
        let hops = subnets.flatMap(\.hops)
        for hop in hops {
            // The function subnet's own routes: a NAT gateway's subnet's route is shared.
            guard case .route(let table, let route, .functionSubnet) = hop.step, route.targetKind != .local else {
                continue
            }
            let command = Shell.line(
                "aws ec2 delete-route --route-table-id \(table) \(Explain.destinationArgument(route))   # \(note: route.summary)"
            )
            let fallback = network.routeTables[table].flatMap { fallbackRoute(for: route, in: $0, network: network) }
                .map {
                    "#   then \($0.summary) of \(table) carries the traffic instead: the path stays open unless it goes too."
                }
            options.append(
                (table, [command, fallback, users.routeTableNote(table, function: function)].compactMap { $0 }))
        }
        let rules = hops.compactMap {
            hop -> (group: String, direction: RuleDirection, rule: SecurityGroupRule)? in
            guard case .securityGroupRule(let group, let direction, let rule) = hop.step else { return nil }
            return (group, direction, rule)
        }
        if let last = rules.last(where: { $0.direction == .ingress }) {
            let note = users.ingressNote(last.rule, network: network, function: function)
            options.append(
                (last.group, [revoke(last.rule, of: last.group, egress: false).text, note].compactMap { $0 }))
        }
        for matched in rules where matched.direction == .egress {
            let note = users.groupNote(matched.group, function: function)
            options.append(
                (matched.group, [revoke(matched.rule, of: matched.group, egress: true).text, note].compactMap { $0 }))
        }
        guard let first = options.first else { return (function.arn, "") }
        var seen = Set<String>()
        let fix =
            "Close the path at one of:\n"
            + options.filter { seen.insert($0.fix[0]).inserted }.flatMap(\.fix).joined(separator: "\n")
        return (first.component, fix)
    }

    /// The route of `table` that carries `route`'s traffic once `route` is deleted:
    /// `Explain.broaderRoute`'s for a CIDR route; for a prefix list's route (a gateway
    /// endpoint's, to an AWS service's public addresses), a default route beside it.
    static func fallbackRoute(for route: Route, in table: RouteTable, network: Network) -> Route? {
        guard case .prefixList = route.destination else {
            return Explain.broaderRoute(than: route, in: table, network: network)
        }
        return table.routes.first { other in
            guard other != route, !other.isBlackhole, other.targetKind != .local,
                case .cidr(let wide) = other.destination
            else { return false }
            return wide.prefixLength == 0
        }
    }

    /// The command that removes `rule` of `group`.
    static func revoke(_ rule: SecurityGroupRule, of group: String, egress: Bool) -> ShellCommand {
        let verb = egress ? "revoke-security-group-egress" : "revoke-security-group-ingress"
        if let ruleId = rule.ruleId {
            return
                "aws ec2 \(raw: verb) --group-id \(group) --security-group-rule-ids \(ruleId)   # \(note: rule.summary)"
        }
        // One word, quoted as a whole: the shorthand always holds `[{`, so the quotes are those
        // it always had, and an ID in it with a `'` cannot end them.
        return "aws ec2 \(raw: verb) --group-id \(group) --ip-permissions \(ipPermissions(rule))"
    }

    /// A rule in the shorthand of `--ip-permissions` (IDs from the inventory unquoted: the
    /// caller quotes the whole).
    static func ipPermissions(_ rule: SecurityGroupRule) -> String {
        var out = "IpProtocol=\(rule.ipProtocol == .all ? "-1" : rule.ipProtocol.description)"
        if rule.ipProtocol.hasPorts { out += ",FromPort=\(rule.ports.from),ToPort=\(rule.ports.to)" }
        switch rule.peer {
        case .cidr(let cidr): out += ",IpRanges=[{CidrIp=\(cidr)}]"
        case .ipv6(let cidr): out += ",Ipv6Ranges=[{CidrIpv6=\(cidr)}]"
        case .prefixList(let id): out += ",PrefixListIds=[{PrefixListId=\(id)}]"
        case .group(let id): out += ",UserIdGroupPairs=[{GroupId=\(id)}]"
        }
        return out
    }

    static func expectationUnknownTarget(_ expectation: Expectation, problem: String) -> Finding {
        let place = expectation.source.map { "\($0.file) line \($0.line)" } ?? "the expectation"
        return Finding(
            rule: .expectationUnknownTarget, function: nil, target: expectation.target.description,
            component: expectation.text, message: "\(prefix(expectation)) cannot be checked: \(problem)",
            fix:
                "Correct the target in \(place), or import the database: aws rds describe-db-instances > db.json && lambda-reach import db.json",
            source: expectation.source, expectation: expectation.text)
    }

    static func expectationUnmatched(_ expectation: Expectation, selection: AuditRequest) -> Finding {
        let place = expectation.source.map { "\($0.file) line \($0.line)" } ?? "the expectation"
        let scope =
            selection.functions.isEmpty && selection.vpcs.isEmpty
            ? "in the inventory" : "among the audited functions (--function/--vpc)"
        return Finding(
            rule: .expectationUnmatched, function: nil, target: expectation.target.description,
            component: expectation.text,
            message: "\(prefix(expectation)) checks nothing: no function \(scope) matches '\(expectation.functions)'.",
            fix: "Correct the pattern in \(place) (`lambda-reach functions` lists the names), or remove the line.",
            source: expectation.source, expectation: expectation.text)
    }
}
