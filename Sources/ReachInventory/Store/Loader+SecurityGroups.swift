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
        // order, counting only the rules the model understands. They arrive sorted by group,
        // and are gathered per group in that order. The groups then arrive in the same order,
        // so each finds its rules by walking the list alongside, with no dictionary (the
        // largest table of an organisation: 220,000 rules of 20,000 groups at 1,000 VPCs).
        var ruleSets: [(id: String, ingress: [SecurityGroupRule], egress: [SecurityGroupRule])] = []
        // A question's groups are few, and all their rules are read. For a whole inventory only
        // the rules of groups something wears (a function, a database, an endpoint, a network
        // interface) are read: only those are ever evaluated, since a rule that references a
        // group reads the group's members, never its rules. An organisation keeps many groups
        // nothing wears (at 1,000 VPCs, 40% of the rules). Either way SQLite seeks each group's
        // rules by the primary key, in its order; rules of a group not in the inventory are
        // skipped below.
        let ruleFilter =
            wanted == nil
            ? " WHERE r.\(r.groupId) IN (\(Self.wornGroups))"
            : " WHERE r.\(r.groupId) IN (SELECT g.\(g.groupId) FROM \(g.table) g\(groupFilter))"
        var ruleColumns = Selection()
        let ruleGroup = ruleColumns.add(r.groupId, "r")
        let isEgress = ruleColumns.add(r.isEgress, "r")
        let read = RuleColumns(adding: &ruleColumns, "r")
        let ordinal = ruleColumns.add(r.ordinal, "r")
        try eachRow(
            """
            SELECT \(ruleColumns)
            FROM \(r.table) r\(ruleFilter)
            ORDER BY r.\(r.groupId), r.\(r.isEgress), r.\(r.ordinal)
            """, ruleColumns, key: [ruleGroup, isEgress, ordinal]
        ) { row in
            let id = try row.text(ruleGroup)
            if ruleSets.isEmpty || ruleSets[ruleSets.count - 1].id != id { ruleSets.append((id, [], [])) }
            let last = ruleSets.count - 1
            if try row.flag(isEgress) == true {
                if let rule = try rule(row, read, number: ruleSets[last].egress.count + 1) {
                    ruleSets[last].egress.append(rule)
                }
            } else if let rule = try rule(row, read, number: ruleSets[last].ingress.count + 1) {
                ruleSets[last].ingress.append(rule)
            }
        }
        var next = 0
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
        try eachRow(
            """
            SELECT \(columns)
            FROM \(g.table) g JOIN \(s.table) s ON s.\(s.scopeId) = g.\(g.scopeId)\(groupFilter) ORDER BY g.\(g.groupId)
            """, columns, key: [group]
        ) { row in
            let id = try row.text(group)
            // Both lists are in SQLite's order of IDs (BINARY: by UTF-8 bytes), and so is
            // this comparison; the same ID, the common case, is found first by `==`.
            while next < ruleSets.count && ruleSets[next].id != id
                && ruleSets[next].id.utf8.lexicographicallyPrecedes(id.utf8)
            {
                next += 1
            }
            let own = next < ruleSets.count && ruleSets[next].id == id
            network.securityGroups[id] = SecurityGroup(
                id: id, vpcId: try row.optionalText(vpc) ?? "", name: try row.optionalText(name) ?? "",
                accountId: try row.text(account), region: try row.text(region),
                ingress: own ? ruleSets[next].ingress : [], egress: own ? ruleSets[next].egress : [])
        }
    }

    /// The IDs of the groups that something in the inventory wears: the only groups whose rules
    /// the solver evaluates (see `Network.securityGroups`).
    static let wornGroups = [
        Schema.LambdaFunctionSecurityGroups.groupId, Schema.RdsDatabaseSecurityGroups.groupId,
        Schema.VpcEndpointSecurityGroups.groupId, Schema.NetworkInterfaceSecurityGroups.groupId,
    ].map { "SELECT \($0) FROM \($0.table)" }.joined(separator: "\nUNION ")

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
    mutating func rule(_ row: Cells, _ columns: RuleColumns, number: Int) throws(CellProblem) -> SecurityGroupRule? {
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
