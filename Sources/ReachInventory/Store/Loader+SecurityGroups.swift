import Foundation
import GRDB
import ReachCore

/// The loader's reading of security groups and their rules: the largest tables of an organisation.
extension Load {
    mutating func loadSecurityGroups() throws {
        // The wanted VPCs' groups, and any group a wanted function names (it may be elsewhere).
        let groupFilter =
            wanted == nil
            ? ""
            : " WHERE g.vpc_id IN \(wanted!) OR g.group_id IN (SELECT group_id FROM lambda_function_security_groups WHERE function_arn IN \(functionFilter!))"
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
            ? " WHERE r.group_id IN (\(Self.wornGroups))"
            : " WHERE r.group_id IN (SELECT g.group_id FROM security_groups g\(groupFilter))"
        try eachRow(
            """
            SELECT r.group_id, r.is_egress, \(Self.ruleColumns), r.ordinal
            FROM security_group_rules r\(ruleFilter)
            ORDER BY r.group_id, r.is_egress, r.ordinal
            """, table: "security_group_rules", key: [0, 1, 10]
        ) { row in
            let id = try row.text(0)
            if ruleSets.isEmpty || ruleSets[ruleSets.count - 1].id != id { ruleSets.append((id, [], [])) }
            let last = ruleSets.count - 1
            if try row.flag(1) == true {
                if let rule = try rule(row, from: 2, number: ruleSets[last].egress.count + 1) {
                    ruleSets[last].egress.append(rule)
                }
            } else if let rule = try rule(row, from: 2, number: ruleSets[last].ingress.count + 1) {
                ruleSets[last].ingress.append(rule)
            }
        }
        var next = 0
        // Room for the groups with rules read: for a question, about all its groups; for a
        // whole inventory, only those something wears (the table then grows as the other
        // groups are filed).
        network.securityGroups.reserveCapacity(ruleSets.count)
        try eachRow(
            """
            SELECT g.group_id, g.vpc_id, g.group_name, s.account_id, s.region
            FROM security_groups g JOIN scopes s ON s.scope_id = g.scope_id\(groupFilter) ORDER BY g.group_id
            """, table: "security_groups", joined: [3: "scopes", 4: "scopes"]
        ) { row in
            let id = try row.text(0)
            // Both lists are in SQLite's order of IDs (BINARY: by UTF-8 bytes), and so is
            // this comparison; the same ID, the common case, is found first by `==`.
            while next < ruleSets.count && ruleSets[next].id != id
                && ruleSets[next].id.utf8.lexicographicallyPrecedes(id.utf8)
            {
                next += 1
            }
            let own = next < ruleSets.count && ruleSets[next].id == id
            network.securityGroups[id] = SecurityGroup(
                id: id, vpcId: try row.optionalText(1) ?? "", name: try row.optionalText(2) ?? "",
                accountId: try row.text(3), region: try row.text(4),
                ingress: own ? ruleSets[next].ingress : [], egress: own ? ruleSets[next].egress : [])
        }
    }

    /// The IDs of the groups that something in the inventory wears: the only groups whose rules
    /// the solver evaluates (see `Network.securityGroups`).
    static let wornGroups = """
        SELECT group_id FROM lambda_function_security_groups
        UNION SELECT group_id FROM rds_database_security_groups
        UNION SELECT group_id FROM vpc_endpoint_security_groups
        UNION SELECT group_id FROM network_interface_security_groups
        """

    /// The columns `rule(_:from:number:)` reads, in its order.
    static let ruleColumns =
        "r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4, r.cidr_ipv6, r.prefix_list_id, r.referenced_group_id, r.security_group_rule_id"

    /// A rule from the `ruleColumns` of `row`, starting at column `first`; nil when it names
    /// no peer. A protocol, port or CIDR outside what AWS allows is an error: read as "all
    /// ports" or left out, it would change the answer.
    mutating func rule(_ row: Cells, from first: Int, number: Int) throws(CellProblem) -> SecurityGroupRule? {
        let ipProtocol = try Self.ipProtocol(row, first)
        // -1 is AWS's "any" for ICMP types and codes (and what it prints for all protocols).
        let from = try row.optionalInteger(first + 1, in: -1...65535, "a port")
        let to = try row.optionalInteger(first + 2, in: -1...65535, "a port")
        var ports = PortRange.all
        if ipProtocol.hasPorts, let from, let to {
            // TCP and UDP ranges are 0-65535, from <= to: AWS refuses anything else.
            guard from >= 0 else { throw CellProblem(column: first + 1, problem: "\(from) is not a port (0-65535)") }
            guard to >= from else {
                throw CellProblem(column: first + 2, problem: "\(to) is below the range's first port \(from)")
            }
            ports = PortRange(from, to)
        }
        let peer: SecurityGroupRule.Peer
        if let parsed = try optionalCIDR(row, first + 3) {
            peer = .cidr(parsed)
        } else if let cidr = try row.optionalText(first + 4) {
            peer = .ipv6(try Self.ipv6CIDR(cidr, first + 4))
        } else if let list = try row.optionalText(first + 5) {
            peer = .prefixList(list)
        } else if let group = try row.optionalText(first + 6) {
            peer = .group(group)
        } else {
            return nil
        }
        return SecurityGroupRule(
            number: number, ruleId: try row.optionalText(first + 7), ipProtocol: ipProtocol, ports: ports, peer: peer)
    }
}
