import Foundation
import GRDB
import ReachCore

/// The loader's reading of security groups and their rules: the largest tables of an organisation.
extension Load {
    mutating func loadSecurityGroups() throws {
        let g = Schema.SecurityGroups.self
        let r = Schema.SecurityGroupRules.self
        let f = Schema.LambdaFunctionSecurityGroups.self
        // The wanted VPCs' groups, and any group a wanted function names (it may be elsewhere).
        let groupFilter =
            wanted == nil
            ? ""
            : " WHERE g.\(g.vpcId) IN \(wanted!) OR g.\(g.groupId) IN (SELECT \(f.groupId) FROM \(f.table) WHERE \(f.functionArn) IN \(functionFilter!))"
        // Rules are numbered per direction as explanations show them: 1-based, in stored
        // order, counting only the rules the model understands. They are gathered per group
        // (the largest table of an organisation: 2.2 million rules of 200,000 groups at 10,000
        // VPCs), each group's set found by its ID.
        var ruleSets: [(id: String, ingress: [SecurityGroupRule], egress: [SecurityGroupRule])] = []
        var rulesOfGroup: [String: Int] = [:]
        var ruleColumns = Selection()
        let ruleGroup = ruleColumns.add(r.groupId, "r")
        let isEgress = ruleColumns.add(r.isEgress, "r")
        let read = RuleColumns(adding: &ruleColumns, "r")
        let ordinal = ruleColumns.add(r.ordinal, "r")
        let key = [ruleGroup, isEgress, ordinal]
        /// Appends the rule of `row` to set `index`, after the set's rules read so far.
        func append(_ row: Cells, to index: Int) throws(CellProblem) {
            if try row.flag(isEgress) == true {
                if let rule = try rule(row, read, number: ruleSets[index].egress.count + 1) {
                    ruleSets[index].egress.append(rule)
                }
            } else if let rule = try rule(row, read, number: ruleSets[index].ingress.count + 1) {
                ruleSets[index].ingress.append(rule)
            }
        }
        /// The set of group `id`, and whether it is new (the group had none yet).
        func set(of id: String) -> (index: Int, isNew: Bool) {
            if let index = rulesOfGroup[id] { return (index, false) }
            ruleSets.append((id, [], []))
            rulesOfGroup[id] = ruleSets.count - 1
            return (ruleSets.count - 1, true)
        }
        if wanted == nil {
            let again = try readWornRules(
                ruleColumns, key: key, group: ruleGroup, isEgress: isEgress, ordinal: ordinal, set: set(of:),
                append: append(_:to:))
            for id in again {
                let index = set(of: id).index
                ruleSets[index].ingress = []
                ruleSets[index].egress = []
                try db.eachRow(
                    "SELECT \(ruleColumns) FROM \(r.table) r WHERE r.\(r.groupId) = ? ORDER BY r.\(r.isEgress), r.\(r.ordinal)",
                    arguments: [id], ruleColumns, key: key, path: path
                ) { try append($0, to: index) }
            }
        } else {
            // A question's groups are few, and all their rules are read, each group's in order.
            var current = -1
            try eachRow(
                """
                SELECT \(ruleColumns)
                FROM \(r.table) r WHERE r.\(r.groupId) IN (SELECT g.\(g.groupId) FROM \(g.table) g\(groupFilter))
                ORDER BY r.\(r.groupId), r.\(r.isEgress), r.\(r.ordinal)
                """, ruleColumns, key: key
            ) { row in
                // A group's rules are a run of rows: its ID is made a `String` once per group.
                if current < 0 || !row.text(ruleGroup, equals: ruleSets[current].id) {
                    current = set(of: try row.text(ruleGroup)).index
                }
                try append(row, to: current)
            }
        }
        // Room for the groups with rules read: for a question, about all its groups; for a
        // whole inventory, only those something wears (the table then grows as the other
        // groups are filed).
        network.securityGroups.reserveCapacity(ruleSets.count)
        let s = Schema.Scopes.self
        var columns = Selection()
        let group = columns.add(g.groupId, "g")
        let vpc = columns.add(g.vpcId, "g")
        let name = columns.add(g.groupName, "g")
        let account = columns.add(s.accountId, "s")
        let region = columns.add(s.region, "s")
        // The groups in the table's own order (see `Load`): in their IDs' order, reading them
        // was a seek per group, 0.8 s of the 2.5 s this read takes at 10,000 VPCs.
        try eachRow(
            """
            SELECT \(columns)
            FROM \(g.table) g JOIN \(s.table) s ON s.\(s.scopeId) = g.\(g.scopeId)\(groupFilter)
            """, columns, key: [group]
        ) { row in
            let id = try row.text(group)
            let own = rulesOfGroup[id].map { ruleSets[$0] }
            network.securityGroups[id] = SecurityGroup(
                id: id, vpcId: try row.optionalText(vpc) ?? "", name: try row.optionalText(name) ?? "",
                accountId: try row.text(account), region: try row.text(region),
                ingress: own?.ingress ?? [], egress: own?.egress ?? [])
        }
    }

    /// The rules of the groups something wears (`wornGroups`), for a whole inventory: only
    /// those are ever evaluated, since a rule that references a group reads the group's
    /// members, never its rules, and an organisation keeps many groups nothing wears (at 1,000
    /// VPCs, 40% of the rules). `set(id)` gives a group's set (and whether it is new),
    /// `append(row, set)` adds a rule to it. Returns the groups whose rules must be read again,
    /// in order (see below), sorted.
    ///
    /// The rules are read in the table's own order, a scan, and kept or passed over group by
    /// group: read in their groups' order (by the unique index) or filtered by SQLite, each
    /// was a seek into the table, and at 10,000 VPCs SQLite spent 1.0 s where the scan takes
    /// 0.7. lambda-reach writes a group's rules together, in order: a group whose rules come
    /// in two runs, or out of order (a file changed by something else), has them read again
    /// in order, so that the sets are what reading them all in order would give.
    func readWornRules(
        _ columns: Selection, key: [Int], group: Int, isEgress: Int, ordinal: Int,
        set: (String) -> (index: Int, isNew: Bool),
        append: (Cells, Int) throws(CellProblem) -> Void
    ) throws -> [String] {
        let r = Schema.SecurityGroupRules.self
        var wornColumns = Selection()
        let wornGroup = wornColumns.add(Schema.LambdaFunctionSecurityGroups.groupId)
        var worn = Set<String>()
        try eachRow(Self.wornGroups, wornColumns, key: [wornGroup]) { worn.insert(try $0.text(wornGroup)) }
        // The run's group, its set (nil: not worn, or read again below) and the last ordinal
        // read in each direction.
        var current: (id: String, set: Int?, ingress: Int, egress: Int)?
        var again = Set<String>()
        try eachRow("SELECT \(columns) FROM \(r.table) r", columns, key: key) { row in
            if current == nil || !row.text(group, equals: current!.id) {
                let id = try row.text(group)
                var index: Int?
                if worn.contains(id) {
                    // A second run of the same group: its rules are read again, whole.
                    let found = set(id)
                    if found.isNew { index = found.index } else { again.insert(id) }
                }
                current = (id, index, Int.min, Int.min)
            }
            guard let index = current!.set else { return }
            // `append` checks the flag; a NULL one is ingress there too.
            let egress = row.integerIfAny(isEgress) == 1
            // Out of order in its direction (or no ordinal to tell): read again, in order.
            guard let position = row.integerIfAny(ordinal), position > (egress ? current!.egress : current!.ingress)
            else {
                again.insert(current!.id)
                current!.set = nil
                return
            }
            if egress { current!.egress = position } else { current!.ingress = position }
            try append(row, index)
        }
        return again.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The IDs of the groups that something in the inventory wears: the only groups whose rules
    /// the solver evaluates (see `Network.securityGroups`). A capacity provider's instances wear
    /// its groups, or, when it names none, the default group of its subnets' VPC.
    static let wornGroups =
        [
            Schema.LambdaFunctionSecurityGroups.groupId, Schema.RdsDatabaseSecurityGroups.groupId,
            Schema.VpcEndpointSecurityGroups.groupId, Schema.NetworkInterfaceSecurityGroups.groupId,
            Schema.LambdaCapacityProviderSecurityGroups.groupId,
        ].map { "SELECT \($0) FROM \($0.table)" }.joined(separator: "\nUNION ") + "\nUNION " + providersDefaultGroups

    /// The default groups of the VPCs of the capacity providers' subnets.
    static var providersDefaultGroups: String {
        let g = Schema.SecurityGroups.self
        let s = Schema.Subnets.self
        let p = Schema.LambdaCapacityProviderSubnets.self
        return """
            SELECT g.\(g.groupId) FROM \(g.table) g JOIN \(s.table) s ON s.\(s.vpcId) = g.\(g.vpcId)
            JOIN \(p.table) p ON p.\(p.subnetId) = s.\(s.subnetId) WHERE g.\(g.groupName) = 'default'
            """
    }

    /// Where `rule(_:_:number:)` finds its columns in a row of security_group_rules.
    struct RuleColumns {
        let ipProtocol, fromPort, toPort, cidrIPv4, cidrIPv6, prefixList, referencedGroup, ruleId: Int

        /// Adds the columns to `columns`, of the table aliased `alias`.
        init(adding columns: inout Selection, _ alias: String) {
            let r = Schema.SecurityGroupRules.self
            ipProtocol = columns.add(r.ipProtocol, alias)
            fromPort = columns.add(r.fromPort, alias)
            toPort = columns.add(r.toPort, alias)
            cidrIPv4 = columns.add(r.cidrIpv4, alias)
            cidrIPv6 = columns.add(r.cidrIpv6, alias)
            prefixList = columns.add(r.prefixListId, alias)
            referencedGroup = columns.add(r.referencedGroupId, alias)
            ruleId = columns.add(r.securityGroupRuleId, alias)
        }
    }

    /// A rule from the `columns` of `row`; nil when it names no peer. A protocol, port or CIDR
    /// outside what AWS allows is an error: read as "all ports" or left out, it would change
    /// the answer.
    func rule(_ row: Cells, _ columns: RuleColumns, number: Int) throws(CellProblem) -> SecurityGroupRule? {
        let ipProtocol = try Self.ipProtocol(row, columns.ipProtocol)
        // -1 is AWS's "any" for ICMP types and codes (and what it prints for all protocols).
        let from = try row.optionalInteger(columns.fromPort, in: -1...65535, "a port")
        let to = try row.optionalInteger(columns.toPort, in: -1...65535, "a port")
        var ports = PortRange.all
        if ipProtocol.hasPorts, let from, let to {
            // TCP and UDP ranges are 0-65535, from <= to: AWS refuses anything else.
            guard from >= 0 else {
                throw CellProblem(column: columns.fromPort, problem: "\(from) is not a port (0-65535)")
            }
            guard to >= from else {
                throw CellProblem(column: columns.toPort, problem: "\(to) is below the range's first port \(from)")
            }
            ports = PortRange(from, to)
        }
        let peer: SecurityGroupRule.Peer
        if let parsed = try optionalCIDR(row, columns.cidrIPv4) {
            peer = .cidr(parsed)
        } else if let cidr = try row.optionalText(columns.cidrIPv6) {
            peer = .ipv6(try Self.ipv6CIDR(cidr, columns.cidrIPv6))
        } else if let list = try row.optionalText(columns.prefixList) {
            peer = .prefixList(list)
        } else if let group = try row.optionalText(columns.referencedGroup) {
            peer = .group(group)
        } else {
            return nil
        }
        return SecurityGroupRule(
            number: number, ruleId: try row.optionalText(columns.ruleId), ipProtocol: ipProtocol, ports: ports,
            peer: peer)
    }
}
