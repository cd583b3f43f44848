import Foundation
import GRDB
import ReachCore

/// Templates laid over the inventory for one run: a copy of the inventory in memory with the
/// templates' resources written into it, as AWS would have them once deployed. The inventory
/// file is never changed. Questions, audits and reports read the copy (`store`) as they read
/// any inventory; the overlay says which of what they name is planned (`annotate`).
public struct TemplateOverlay {
    /// The inventory with the templates laid over it.
    public let store: InventoryStore
    /// Every planned component by the name answers give it.
    public let components: [String: PlannedComponent]
    /// `--function` names of planned functions (logical ID, FunctionName) to their ARNs.
    public let functionAliases: [String: String]
    /// The planned functions, by ARN.
    public let functions: [String: PlannedComponent]
    /// `rds:LogicalId` of planned databases, to their identifiers.
    public let databaseAliases: [String: String]
    /// Types the templates declare that are not analysed, each with its resources.
    public let notAnalysed: [String: [String]]
    /// What every answer of the run should say about the templates.
    public let notes: [String]
    /// Planned groups whose allow-all egress is AWS's default, not the template's.
    let defaultEgressGroups: Set<String>

    /// Lays `paths` (templates, SAM templates, cloud assembly folders) over `inventory` (or
    /// over nothing: the templates alone are the network).
    public static func apply(_ paths: [String], options: TemplateOptions, over inventory: InventoryStore?) throws
        -> TemplateOverlay
    {
        let name = inventory.map { "\($0.path) with \(paths.joined(separator: ", "))" } ?? paths.joined(separator: ", ")
        return try compiling(over: inventory, name: name) { facts, single in
            let set = TemplateSet(facts: facts)
            try set.load(paths, options: options, defaultScope: single)
            var compiler = TemplateCompiler(set: set)
            return try compiler.compile()
        }
    }

    /// Lays the Terraform plan at `path` (`terraform show -json PLANFILE`) over `inventory`, or
    /// over nothing: the account as it will be after apply.
    public static func apply(plan path: String, options: TemplateOptions, over inventory: InventoryStore?) throws
        -> TemplateOverlay
    {
        let name = inventory.map { "\($0.path) with \(path)" } ?? path
        return try compiling(over: inventory, name: name) { facts, single in
            let (account, region) = try TemplateSet.scope(for: path, options: options, defaultScope: single)
            var compiler = PlanCompiler(
                plan: try TerraformPlan.read(path), facts: facts, account: account, region: region,
                overInventory: inventory != nil)
            return try compiler.compile()
        }
    }

    /// The overlay of what `compile` makes of the inventory's facts, written into a copy of it.
    private static func compiling(
        over inventory: InventoryStore?, name: String,
        _ compile: (LiveFacts, (account: String?, region: String?)) throws -> CompiledTemplates
    ) throws -> TemplateOverlay {
        let store = try InventoryStore.scratch(copying: inventory, name: name)
        let (facts, single) = try store.read { db in (try LiveFacts.load(db), try singleScope(db)) }
        let compiled = try compile(facts, single)
        try write(compiled, into: store)
        var notes = compiled.notes
        if !compiled.notAnalysed.isEmpty {
            let listed = compiled.notAnalysed.keys.sorted().map { "\($0) (\(compiled.notAnalysed[$0]!.count))" }
            notes.append("Not analysed (no effect on the network model): \(listed.joined(separator: ", ")).")
        }
        return TemplateOverlay(
            store: store, components: compiled.components, functionAliases: compiled.functionAliases,
            functions: compiled.functions, databaseAliases: compiled.databaseAliases, notAnalysed: compiled.notAnalysed,
            notes: notes, defaultEgressGroups: compiled.defaultEgressGroups)
    }

    /// The inventory's account and region when it holds exactly one (IAM's `global` aside).
    static func singleScope(_ db: Database) throws -> (account: String?, region: String?) {
        let s = Schema.Scopes.self
        let rows = try GRDB.Row.fetchAll(
            db, sql: "SELECT \(s.accountId), \(s.region) FROM \(s.table) WHERE \(s.region) <> 'global'")
        let accounts = Set(rows.map { $0[0] as String })
        let regions = Set(rows.map { $0[1] as String })
        return (accounts.count == 1 ? accounts.first : nil, regions.count == 1 ? regions.first : nil)
    }

    /// Writes the compiled rows in one transaction: what a deployed stack's template replaces
    /// goes first, then every row, then the kinds each scope now has (so that the loader reads
    /// them as exported).
    static func write(_ compiled: CompiledTemplates, into store: InventoryStore) throws {
        try store.write { db in
            var scopeIds: [Scope: Int64] = [:]
            for scope in Set(compiled.rows.keys).union(compiled.kinds.keys).union(compiled.blockPublicAccessModes.keys)
                .sorted()
            {
                scopeIds[scope] = try scope.id(in: db)
            }
            // A VPC the templates rewrite keeps the DHCP options set it has (no template or plan
            // property of the VPC says it: an association does, below).
            let v = Schema.Vpcs.self
            var keptOptions: [(vpc: String, options: String)] = []
            for (table, _, id) in compiled.replaced where table == v.table {
                if let options = try String.fetchOne(
                    db, sql: "SELECT \(v.dhcpOptionsId) FROM \(v.table) WHERE \(v.vpcId) = ?", arguments: [id])
                {
                    keptOptions.append((id, options))
                }
            }
            for (table, column, id) in compiled.replaced {
                try db.execute(sql: "DELETE FROM \(table) WHERE \(column) = ?", arguments: [id])
            }
            let a = Schema.RouteTableAssociations.self
            for subnet in compiled.reassociatedRouteTables.sorted() {
                try db.execute(
                    sql: "DELETE FROM \(a.table) WHERE \(a.subnetId) = ? AND \(a.isMain) = 0", arguments: [subnet])
            }
            let t = Schema.RouteTables.self
            for vpc in compiled.mainRouteTableVPCs {
                try db.execute(
                    sql:
                        "DELETE FROM \(a.table) WHERE \(a.isMain) = 1 AND \(a.routeTableId) IN (SELECT \(t.routeTableId) FROM \(t.table) WHERE \(t.vpcId) = ?)",
                    arguments: [vpc])
            }
            let n = Schema.NetworkAclAssociations.self
            for subnet in compiled.reassociatedACLs.sorted() {
                try db.execute(sql: "DELETE FROM \(n.table) WHERE \(n.subnetId) = ?", arguments: [subnet])
            }
            let route = Schema.Routes.self
            for (table, destination) in compiled.deletedRoutes {
                try db.execute(
                    sql:
                        "DELETE FROM \(route.table) WHERE \(route.routeTableId) = ? AND ? IN (\(route.destinationCidr), \(route.destinationIpv6Cidr), \(route.destinationPrefixListId))",
                    arguments: [table, destination])
            }
            for table in compiled.deletedRoutesOfTables {
                try db.execute(
                    sql:
                        "DELETE FROM \(route.table) WHERE \(route.routeTableId) = ? AND \(route.targetKind) NOT IN ('local', 'vpce')",
                    arguments: [table])
            }
            let entries = Schema.NetworkAclEntries.self
            for (acl, egress, number) in compiled.deletedACLEntries {
                try db.execute(
                    sql:
                        "DELETE FROM \(entries.table) WHERE \(entries.networkAclId) = ? AND \(entries.isEgress) = ? AND \(entries.ruleNumber) = ?",
                    arguments: [acl, egress, number])
            }
            let r = Schema.SecurityGroupRules.self
            for rule in compiled.deletedRuleValues {
                try db.execute(
                    sql: """
                        DELETE FROM \(r.table) WHERE \(r.groupId) = ? AND \(r.isEgress) = ? AND \(r.ipProtocol) = ?
                        AND \(r.fromPort) IS ? AND \(r.toPort) IS ? AND \(r.cidrIpv4) IS ? AND \(r.cidrIpv6) IS ?
                        AND \(r.prefixListId) IS ? AND \(r.referencedGroupId) IS ?
                        """,
                    arguments: [
                        rule.groupId, rule.isEgress, rule.ipProtocol, rule.fromPort, rule.toPort, rule.cidrIPv4,
                        rule.cidrIPv6, rule.prefixListId, rule.referencedGroupId,
                    ])
            }
            for (group, egress) in compiled.rewrittenRuleDirections {
                try db.execute(
                    sql: "DELETE FROM \(r.table) WHERE \(r.groupId) = ? AND \(r.isEgress) = ?",
                    arguments: [group, egress])
            }
            for group in compiled.defaultEgressRemoved.sorted() {
                try db.execute(
                    sql:
                        "DELETE FROM \(r.table) WHERE \(r.groupId) = ? AND \(r.isEgress) = 1 AND \(r.ipProtocol) = '-1'"
                        + " AND (\(r.cidrIpv4) = '0.0.0.0/0' OR \(r.cidrIpv6) = '::/0')", arguments: [group])
            }
            var inserter = RowInserter(db: db)
            for scope in compiled.rows.keys.sorted() {
                for row in compiled.rows[scope]! {
                    do {
                        try inserter.insert(row, scopeId: scopeIds[scope])
                    } catch let conflict as RowConflict {
                        let id = conflict.row.values.first.map { $0.description } ?? ""
                        throw TemplateError(
                            file: compiled.components.values.first { $0.id == id }?.template ?? "", line: nil, path: "",
                            message:
                                "\(id) (\(conflict.row.table.rawValue)) is declared twice, or clashes with the inventory: \(conflict.message)"
                        )
                    }
                }
            }
            // A planned VPC Block Public Access mode replaces the account's exported one; the
            // subnets' and VPCs' own states said the mode before the change, and are dropped.
            let o = Schema.VpcBlockPublicAccessOptions.self
            for (scope, mode) in compiled.blockPublicAccessModes.sorted(by: { $0.key < $1.key }) {
                try db.execute(
                    sql: """
                        INSERT INTO \(o.table) (\(o.scopeId), \(o.internetGatewayBlockMode), \(o.state)) VALUES (?, ?, 'update-complete')
                        ON CONFLICT (\(o.scopeId)) DO UPDATE SET \(o.internetGatewayBlockMode) = excluded.\(o.internetGatewayBlockMode)
                        """, arguments: [scopeIds[scope], mode])
                for (mode, scopeColumn) in [
                    (Schema.Subnets.blockPublicAccessMode, Schema.Subnets.scopeId),
                    (Schema.Vpcs.blockPublicAccessMode, Schema.Vpcs.scopeId),
                ] {
                    try db.execute(
                        sql: "UPDATE \(mode.table) SET \(mode) = NULL WHERE \(scopeColumn) = ?",
                        arguments: [scopeIds[scope]])
                }
            }
            for (vpc, options) in keptOptions + compiled.dhcpOptionsAssociations {
                try db.execute(
                    sql: "UPDATE \(v.table) SET \(v.dhcpOptionsId) = ? WHERE \(v.vpcId) = ?", arguments: [options, vpc])
            }
            let i = Schema.Imports.self
            let now = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: 0))
            for (scope, kinds) in compiled.kinds {
                for kind in kinds {
                    try db.execute(
                        sql:
                            "INSERT OR IGNORE INTO \(i.table) (\(i.scopeId), \(i.kind), \(i.importedAt), \(i.recordCount)) VALUES (?, ?, ?, 0)",
                        arguments: [scopeIds[scope], kind.rawValue, now])
                }
            }
        }
    }

    /// This overlay followed by `later` (laid over this one's store): the later one's store,
    /// with what both say.
    public func followed(by later: TemplateOverlay) -> TemplateOverlay {
        TemplateOverlay(
            store: later.store, components: components.merging(later.components) { $1 },
            functionAliases: functionAliases.merging(later.functionAliases) { $1 },
            functions: functions.merging(later.functions) { $1 },
            databaseAliases: databaseAliases.merging(later.databaseAliases) { $1 },
            notAnalysed: notAnalysed.merging(later.notAnalysed) { $0 + $1 }, notes: notes + later.notes,
            defaultEgressGroups: defaultEgressGroups.union(later.defaultEgressGroups))
    }

    /// A target as the user wrote it, with `rds:LogicalId` of a planned database turned into
    /// its identifier (`rds:OrdersCluster` -> `rds:orderscluster`); anything else as given.
    public func target(_ text: String) -> String {
        guard text.lowercased().hasPrefix("rds:") else { return text }
        let name = String(text.dropFirst(4))
        return databaseAliases[name].map { "rds:\($0)" } ?? text
    }

    /// `answer` (with the templates) beside `today` (the same question of the inventory
    /// alone): a note says what the templates change, the "what will this deploy do" answer.
    public func compare(_ answer: Answer, today: Answer) -> Answer {
        var answer = answer
        func said(_ verdict: Verdict) -> String { verdict.rawValue.uppercased() }
        if today.verdict == answer.verdict {
            answer.notes.append(
                "Today (the inventory alone): \(said(today.verdict)) as well; the change does not move the verdict."
            )
        } else {
            answer.notes.append(
                "Today (the inventory alone): \(said(today.verdict)); after the change: \(said(answer.verdict))."
            )
        }
        return answer
    }

    /// `answer` with the planned components it names, and the run's notes about templates.
    public func annotate(_ answer: Answer) -> Answer {
        var answer = answer
        var named: Set<String> = [answer.functionArn]
        var usedDefaultEgress = false
        for subnet in answer.subnets {
            named.insert(subnet.subnet)
            for hop in subnet.hops {
                named.insert(hop.component)
                if case .securityGroupRule(let group, .egress, let rule) = hop.step,
                    defaultEgressGroups.contains(group),
                    rule.ipProtocol == .all
                {
                    usedDefaultEgress = true
                }
            }
        }
        for blocker in answer.allBlockers { named.insert(blocker.component) }
        let planned = named.compactMap { components[$0] }.sorted()
        answer.planned = planned
        var notes = notes
        for component in planned where component.awsDefault {
            notes.append(
                "Relies on an AWS default the template does not state: \(component.id) is \(component.note ?? component.type)."
            )
        }
        if usedDefaultEgress {
            notes.append(
                "Relies on an AWS default the template does not state: a security group without SecurityGroupEgress gets an allow-all outbound rule."
            )
        }
        if planned.contains(where: { !$0.isDeployed }) {
            notes.append(
                "Components named `Name (file:line)` (a template's) or by a Terraform address are planned and do not exist yet: make the fixes in the template or the configuration."
            )
        }
        answer.notes += notes
        return answer
    }
}

extension LiveFacts {
    /// What templates may refer to in the inventory.
    static func load(_ db: Database) throws -> LiveFacts {
        var facts = LiveFacts()
        let s = Schema.Scopes.self
        let e = Schema.CloudformationExports.self
        facts.exports = try byScopedName(db, e.table, scope: e.scopeId, name: e.name, value: e.value)
        let r = Schema.CloudformationStackResources.self
        for row in try GRDB.Row.fetchAll(
            db,
            sql: """
                SELECT s.\(s.accountId), s.\(s.region), r.\(r.stackName), r.\(r.logicalResourceId), r.\(r.physicalResourceId), r.\(r.resourceType)
                FROM \(r.table) r JOIN \(s.table) s ON s.\(s.scopeId) = r.\(r.scopeId)
                WHERE r.\(r.physicalResourceId) IS NOT NULL ORDER BY 1, 2, 3, 4
                """)
        {
            facts.stacks["\(row[0] as String)/\(row[1] as String)", default: [:]][row[2] as String, default: []].append(
                StackResource(logicalID: row[3], physicalID: row[4], type: row[5]))
        }
        let ids: [(Column, Table)] = [
            (Schema.Vpcs.vpcId, .vpcs), (Schema.Subnets.subnetId, .subnets),
            (Schema.RouteTables.routeTableId, .routeTables),
            (Schema.InternetGateways.internetGatewayId, .internetGateways),
            (Schema.EgressOnlyInternetGateways.egressOnlyInternetGatewayId, .egressOnlyInternetGateways),
            (Schema.NatGateways.natGatewayId, .natGateways), (Schema.VpcEndpoints.vpcEndpointId, .vpcEndpoints),
            (Schema.SecurityGroups.groupId, .securityGroups), (Schema.NetworkAcls.networkAclId, .networkAcls),
            (Schema.VpcPeeringConnections.vpcPeeringConnectionId, .vpcPeeringConnections),
            (Schema.TransitGatewayAttachments.transitGatewayAttachmentId, .transitGatewayAttachments),
            (Schema.LambdaFunctions.functionName, .lambdaFunctions), (Schema.IamRoles.roleName, .iamRoles),
            (Schema.RdsDatabases.identifier, .rdsDatabases),
        ]
        for (column, table) in ids {
            facts.known.formUnion(try String.fetchAll(db, sql: "SELECT \(column) FROM \(table.rawValue)"))
        }
        let functions = Schema.LambdaFunctions.self
        facts.functionNames = Set(
            try String.fetchAll(db, sql: "SELECT \(functions.functionName) FROM \(functions.table)"))
        let vpcs = Schema.Vpcs.self
        for row in try GRDB.Row.fetchAll(
            db,
            sql:
                "SELECT s.\(s.accountId), s.\(s.region), v.\(vpcs.vpcId) FROM \(vpcs.table) v JOIN \(s.table) s ON s.\(s.scopeId) = v.\(vpcs.scopeId) WHERE v.\(vpcs.isDefault) = 1 ORDER BY 1, 2, 3"
        ) {
            facts.defaultVPC["\(row[0] as String)/\(row[1] as String)"] = row[2]
        }
        let b = Schema.VpcCidrBlocks.self
        facts.ipv6VPCs = Set(
            try String.fetchAll(db, sql: "SELECT DISTINCT \(b.vpcId) FROM \(b.table) WHERE \(b.family) = 'ipv6'"))
        let v = Schema.Vpcs.self
        for row in try GRDB.Row.fetchAll(
            db, sql: "SELECT \(v.vpcId), \(v.cidrBlock) FROM \(v.table) WHERE \(v.cidrBlock) IS NOT NULL")
        {
            facts.cidr[row[0]] = row[1]
        }
        let sn = Schema.Subnets.self
        for row in try GRDB.Row.fetchAll(
            db,
            sql:
                "SELECT n.\(sn.subnetId), n.\(sn.vpcId), n.\(sn.cidrBlock), n.\(sn.availabilityZone), s.\(s.region) FROM \(sn.table) n JOIN \(s.table) s ON s.\(s.scopeId) = n.\(sn.scopeId) ORDER BY n.\(sn.availabilityZone)"
        ) {
            let id: String = row[0]
            facts.vpcOfSubnet[id] = row[1]
            if let cidr: String = row[2] { facts.cidr[id] = cidr }
            if let zone: String = row[3] {
                facts.zone[id] = zone
                let region: String = row[4]
                if !(facts.zonesByRegion[region] ?? []).contains(zone) {
                    facts.zonesByRegion[region, default: []].append(zone)
                }
            }
        }
        let pl = Schema.PrefixLists.self
        facts.prefixListByName = try byScopedName(
            db, pl.table, scope: pl.scopeId, name: pl.prefixListName, value: pl.prefixListId)
        let dg = Schema.RdsDbSubnetGroups.self
        facts.vpcOfDBSubnetGroup = try byScopedName(
            db, dg.table, scope: dg.scopeId, name: dg.dbSubnetGroupName, value: dg.vpcId)
        let tgw = Schema.TransitGateways.self
        for row in try GRDB.Row.fetchAll(
            db,
            sql:
                "SELECT \(tgw.transitGatewayId), \(tgw.defaultRouteTableAssociation), \(tgw.associationDefaultRouteTableId), \(tgw.defaultRouteTablePropagation), \(tgw.propagationDefaultRouteTableId) FROM \(tgw.table)"
        ) {
            let associates = (row[1] as String?) == "enable"
            let propagates = (row[3] as String?) == "enable"
            facts.transitGatewayDefaults[row[0]] = (
                associates ? row[2] as String? : nil, propagates ? row[4] as String? : nil
            )
        }
        let g = Schema.SecurityGroups.self
        for row in try GRDB.Row.fetchAll(
            db,
            sql:
                "SELECT \(g.vpcId), \(g.groupId) FROM \(g.table) WHERE \(g.groupName) = 'default' AND \(g.vpcId) IS NOT NULL"
        ) {
            facts.defaults[row[0], default: [:]][.securityGroup] = row[1]
        }
        let acl = Schema.NetworkAcls.self
        for row in try GRDB.Row.fetchAll(
            db, sql: "SELECT \(acl.vpcId), \(acl.networkAclId) FROM \(acl.table) WHERE \(acl.isDefault) = 1")
        {
            facts.defaults[row[0], default: [:]][.networkACL] = row[1]
        }
        let a = Schema.RouteTableAssociations.self
        for row in try GRDB.Row.fetchAll(
            db,
            sql:
                "SELECT \(a.subnetId), \(a.associationId), \(a.routeTableId) FROM \(a.table) WHERE \(a.isMain) = 0 AND \(a.subnetId) IS NOT NULL ORDER BY 1, 2"
        ) {
            facts.routeTableAssociation[row[0]] = (row[1], row[2])
        }
        let t = Schema.RouteTables.self
        for row in try GRDB.Row.fetchAll(
            db,
            sql:
                "SELECT t.\(t.vpcId), t.\(t.routeTableId) FROM \(t.table) t JOIN \(a.table) a ON a.\(a.routeTableId) = t.\(t.routeTableId) WHERE a.\(a.isMain) = 1"
        ) {
            facts.defaults[row[0], default: [:]][.mainRouteTable] = row[1]
        }
        return facts
    }

    /// `account/region/name` -> value, of a table whose rows belong to a scope.
    private static func byScopedName(_ db: Database, _ table: String, scope: Column, name: Column, value: Column)
        throws -> [String: String]
    {
        let s = Schema.Scopes.self
        var out: [String: String] = [:]
        for row in try GRDB.Row.fetchAll(
            db,
            sql:
                "SELECT s.\(s.accountId), s.\(s.region), t.\(name), t.\(value) FROM \(table) t JOIN \(s.table) s ON s.\(s.scopeId) = t.\(scope) WHERE t.\(name) IS NOT NULL AND t.\(value) IS NOT NULL ORDER BY 1, 2, 3"
        ) {
            out["\(row[0] as String)/\(row[1] as String)/\(row[2] as String)"] = row[3]
        }
        return out
    }
}

extension TemplateOverlay {
    /// The audit's findings about planned components, placed at the template line that declares
    /// the component (a function's finding at its VpcConfig): SARIF points code scanning there.
    public func locate(_ result: AuditResult) -> AuditResult {
        var result = result
        result.findings = result.findings.map(locate)
        result.suppressed = result.suppressed.map(locate)
        return result
    }

    /// One finding placed at the template line of its component (or of its function), when a
    /// template declares it; a plan's components have no line and stay where they were.
    public func locate(_ finding: Finding) -> Finding {
        guard finding.source == nil,
            let component = components[finding.component] ?? components[finding.functionArn], component.line > 0
        else { return finding }
        var finding = finding
        finding.source = SourceLine(file: component.template, line: component.line)
        return finding
    }
}
