import Foundation
import GRDB
import ReachCore

/// The engine's default port for a database engine, as RDS documents it.
enum CompiledDatabase {
    static func defaultPort(engine: String) -> Int { RDSDatabase.defaultPort(engine: engine) }

    /// The security groups of an RDS proxy planned without any: CreateDBProxy documents no
    /// default (a DB instance gets its VPC's default group, a proxy endpoint too, a proxy is not
    /// said to), so they are a named unknown.
    static func unknownProxyGroups(_ proxy: String) -> String {
        "unresolved: the security groups of proxy \(proxy) (no VpcSecurityGroupIds, and RDS documents no default)"
    }
}

/// What templates compile to: rows for the inventory's tables, per scope, with what they
/// replace of a deployed stack and where each planned component is declared.
struct CompiledTemplates {
    var rows: [Scope: [Row]] = [:]
    /// Live resources a deployed stack's template replaces: (table, ID column, ID).
    var replaced: [(table: String, column: String, id: String)] = []
    /// Subnets whose route table (or network ACL) association the templates set: the live one goes.
    var reassociatedRouteTables: Set<String> = []
    var reassociatedACLs: Set<String> = []
    var components: [String: PlannedComponent] = [:]
    /// Resource types not analysed, with the resources of each (`Queue (app.yaml:12)`).
    var notAnalysed: [String: [String]] = [:]
    /// `--function` names: each planned function's logical ID and FunctionName, to its ARN.
    var functionAliases: [String: String] = [:]
    /// `rds:` names of planned databases: each logical ID to the identifier RDS gives it.
    var databaseAliases: [String: String] = [:]
    /// The functions the templates declare, by ARN.
    var functions: [String: PlannedComponent] = [:]
    /// What the run should say about the templates as a whole.
    var notes: [String] = []
    /// Inventory kinds the templates provide, per scope: the loader then reads them as exported.
    var kinds: [Scope: Set<ResourceKind>] = [:]
    /// Security groups that get AWS's allow-all egress because the template gives none.
    var defaultEgressGroups: Set<String> = []
    /// Live security-group rules a plan deletes, by their fields (Terraform's rule IDs are not AWS's).
    var deletedRuleValues: [SecurityGroupRuleValue] = []
    /// Live groups whose rules of one direction a plan rewrites (`egress` true: outbound): they
    /// go, and the plan's come back; the other direction is left alone.
    var rewrittenRuleDirections: [(group: String, egress: Bool)] = []
    /// VPCs whose main route table a plan sets (aws_main_route_table_association): the
    /// inventory's main association of each goes, and the plan's row says the new one.
    var mainRouteTableVPCs: [String] = []
    /// Live network ACL entries a plan deletes: the ACL, the direction and the rule number.
    var deletedACLEntries: [(acl: String, egress: Bool, number: Int)] = []
    /// Live route tables whose routes a plan rewrites (all but the local route and gateway
    /// endpoints' routes go; the plan's come back).
    var deletedRoutesOfTables: [String] = []
    /// Live routes a deployed stack's update deletes: their table and destination.
    var deletedRoutes: [(table: String, destination: String)] = []
    /// Live groups whose allow-all egress a template's AWS::EC2::SecurityGroupEgress replaces.
    var defaultEgressRemoved: Set<String> = []
    /// The DHCP options set each VPC is given (`default`: none, the Amazon DNS server), in the
    /// order declared; a VPC rewritten without one keeps the set it had.
    var dhcpOptionsAssociations: [(vpc: String, options: String)] = []
    /// The VPC Block Public Access mode each account and region is given
    /// (AWS::EC2::VPCBlockPublicAccessOptions, aws_vpc_block_public_access_options): it replaces
    /// the exported one, and the subnets' and VPCs' own states, which said the mode before.
    var blockPublicAccessModes: [Scope: String] = [:]

    mutating func add(_ row: Row, _ scope: Scope) { rows[scope, default: []].append(row) }

    /// What AWS creates with a new VPC, whoever plans it (a template, a Terraform plan): its main
    /// route table with the local routes of `cidrs`, its default network ACL (all traffic both
    /// ways, then AWS's `*` deny) and its default security group (all traffic in from its own
    /// members, all out). Returns how many local routes the table has: its routes' last ordinal.
    mutating func addVPCDefaults(
        vpc: String, cidrs: [String], account: String, scope: Scope, mainRouteTable table: String,
        networkACL acl: String, securityGroup group: String
    ) -> Int {
        add(.routeTables(routeTableId: table.sql, vpcId: vpc.sql, ownerId: account.sql), scope)
        add(
            .routeTableAssociations(
                associationId: "\(table)/main".sql, routeTableId: table.sql, isMain: true.sql, state: "associated".sql),
            scope)
        for (index, cidr) in cidrs.enumerated() {
            add(TemplateCompiler.localRoute(table: table, cidr: cidr, ordinal: index + 1), scope)
        }
        add(.networkAcls(networkAclId: acl.sql, vpcId: vpc.sql, isDefault: true.sql, ownerId: account.sql), scope)
        for egress in [false, true] {
            add(TemplateCompiler.allTraffic(acl: acl, egress: egress, rule: 100, action: "allow"), scope)
            add(TemplateCompiler.allTraffic(acl: acl, egress: egress, rule: 32767, action: "deny"), scope)
        }
        add(
            .securityGroups(
                groupId: group.sql, vpcId: vpc.sql, groupName: "default".sql,
                description: "default VPC security group".sql, ownerId: account.sql), scope)
        var ingress = SecurityGroupRuleValue(
            groupId: group, isEgress: false, ruleId: nil, ipProtocol: "-1", fromPort: nil, toPort: nil)
        ingress.referencedGroupId = group
        ingress.referencedUserId = account
        ingress.description = "AWS default: all traffic from members of this group"
        var egress = SecurityGroupRuleValue(
            groupId: group, isEgress: true, ruleId: nil, ipProtocol: "-1", fromPort: nil, toPort: nil)
        egress.cidrIPv4 = "0.0.0.0/0"
        egress.description = "AWS default: allow all outbound"
        add(ingress.row(ordinal: 1), scope)
        add(egress.row(ordinal: 1), scope)
        kinds[scope, default: []].formUnion([.routeTables, .networkACLs, .securityGroups])
        return cidrs.count
    }

    /// Drops rows this compilation already made of `table` whose `column` is `id`: what a later
    /// resource replaces (aws_default_network_acl's entries over the defaults of a new VPC).
    mutating func dropRows(
        of table: Table, where column: Column, is id: String, and also: (Row) -> Bool = { _ in true }
    ) {
        for scope in rows.keys {
            rows[scope]!.removeAll { $0.table == table && $0[column] == id.databaseValue && also($0) }
        }
    }
}

/// Compiles each stack's resources, in template order, into inventory rows.
struct TemplateCompiler {
    let set: TemplateSet
    var out = CompiledTemplates()
    /// What one stack learns that the next may need (a nested stack's database in its parent's
    /// subnets): VPCs, subnets, tables and types by their names in answers.
    var shared = SharedFacts()

    init(set: TemplateSet) { self.set = set }

    mutating func compile() throws -> CompiledTemplates {
        out.notes += set.notes
        for stack in set.allStacks { try compile(stack) }
        for (type, names) in out.notAnalysed {
            out.notAnalysed[type] = names.sorted()
        }
        return out
    }

    private mutating func compile(_ stack: TemplateStack) throws {
        let evaluator = Evaluator(stack: stack, set: set)
        let scope = Scope(accountId: stack.account, region: stack.region)
        if let (name, reason) = stack.deployedStack {
            out.notes.append(
                "\(stack.file) is the deployed stack \(name) (matched by \(reason)): its version of the stack's resources replaces the inventory's for this run."
            )
        }
        if !stack.parametersWithoutValue.isEmpty {
            let names = stack.parametersWithoutValue.sorted()
            out.notes.append(
                "\(stack.file): \(names.joined(separator: ", ")) \(names.count == 1 ? "has" : "have") no value and no Default; what depends on \(names.count == 1 ? "it" : "them") is unresolved. Give \(names.map { "--parameter \($0)=..." }.joined(separator: " "))."
            )
        }
        for (key, line) in stack.forEach {
            out.notAnalysed["Fn::ForEach (AWS::LanguageExtensions)", default: []].append(
                "\(key) (\(stack.file):\(line))")
        }
        removeDeleted(stack)
        var context = StackContext(stack: stack, evaluator: evaluator, scope: scope)
        context.shared = shared
        defer { shared = context.shared }
        for (id, node) in stack.resources {
            let type = node["Type"]?.scalarText ?? ""
            switch try evaluator.isCreated(node) {
            case false?: continue
            case nil:
                out.notes.append(
                    "\(id) (\(stack.file):\(node.line)) is created only if the condition \(node["Condition"]?.scalarText ?? "") holds, which depends on a value not given; it is analysed as created."
                )
            case true?: break
            }
            guard ResourceTypes.analysed.contains(type) else {
                out.notAnalysed[type, default: []].append("\(id) (\(stack.file):\(node.line))")
                continue
            }
            try compileResource(id, type, node, &context)
        }
        try context.finish(&out)
    }
}

/// What the stacks of one run know of each other's planned resources, by their names in answers.
struct SharedFacts {
    /// Planned VPC -> its CIDR blocks, for local routes and peering.
    var vpcCidrs: [String: [String]] = [:]
    /// Planned VPC (answer name) -> its logical ID.
    var plannedVPCs: [String: String] = [:]
    var routeTableVPC: [String: String] = [:]
    var routeOrdinals: [String: Int] = [:]
    var ruleOrdinals: [String: Int] = [:]
    var subnetVPC: [String: String] = [:]
    var subnetZone: [String: String] = [:]
    var typeOfID: [String: String] = [:]
    /// VPCs an AWS::EC2::VPCCidrBlock gives IPv6, with their blocks (a CIDR, or
    /// `unresolved: ...` for an Amazon-provided or IPAM-allocated one), and the block's
    /// logical ID, which a group must depend on to be made after it.
    var vpcIPv6Blocks: [String: [(block: String, logicalID: String)]] = [:]
    /// A planned VPC's default network ACL and security group, which AWS gives IPv6 rules
    /// when the VPC gets an IPv6 block.
    var vpcDefaults: [String: (acl: String, group: String)] = [:]
}

/// What compiling one stack gathers before its rows can be written: routes and rules that
/// other resources add to tables and groups, and the VPCs whose defaults are needed.
@dynamicMemberLookup
struct StackContext {
    let stack: TemplateStack
    let evaluator: Evaluator
    let scope: Scope
    /// What the run's stacks share; its members read as the context's own (`c.subnetVPC`).
    var shared = SharedFacts()

    subscript<Value>(dynamicMember keyPath: WritableKeyPath<SharedFacts, Value>) -> Value {
        get { shared[keyPath: keyPath] }
        set { shared[keyPath: keyPath] = newValue }
    }

    var groupsWithDefaultEgress: [String: (line: Int, vpc: String)] = [:]
    /// Groups a standalone AWS::EC2::SecurityGroupEgress adds to: their default egress goes.
    var groupsWithEgressResources: Set<String> = []
    /// Default network ACLs of planned VPCs given an IPv6 block: AWS adds rule 101 allowing
    /// `::/0` both ways.
    var defaultACLsWithIPv6: [String] = []

    init(stack: TemplateStack, evaluator: Evaluator, scope: Scope) {
        self.stack = stack
        self.evaluator = evaluator
        self.scope = scope
    }

    func location(_ line: Int) -> String { "\(stack.file):\(line)" }

    /// The VPC of a subnet the templates or the inventory know.
    func vpc(ofSubnet id: String) -> String? { shared.subnetVPC[id] ?? evaluator.set.facts.vpcOfSubnet[id] }

    func cidrs(ofVPC id: String) -> [String] {
        shared.vpcCidrs[id] ?? evaluator.set.facts.cidr[id].map { [$0] } ?? []
    }

    mutating func nextRouteOrdinal(_ table: String) -> Int {
        // A route added to a live table follows the inventory's routes.
        let start = shared.routeTableVPC[table] == nil ? 1_000_000 : 0
        let next = (shared.routeOrdinals[table] ?? start) + 1
        shared.routeOrdinals[table] = next
        return next
    }

    mutating func nextRuleOrdinal(_ group: String, egress: Bool) -> Int {
        let key = "\(group)|\(egress)"
        let start = shared.typeOfID[group] == "AWS::EC2::SecurityGroup" ? 0 : 1_000_000
        let next = (shared.ruleOrdinals[key] ?? start) + 1
        shared.ruleOrdinals[key] = next
        return next
    }

    /// The allow-all egress rule AWS gives a new group the template gives no egress for, and
    /// the IPv6 entries of default network ACLs.
    mutating func finish(_ out: inout CompiledTemplates) throws {
        // "The IPv6 rules are added only if you create a VPC with an associated IPv6 CIDR block
        // or if you associate an IPv6 CIDR block with your VPC" (Amazon VPC User Guide, default
        // network ACL): rule 101, all IPv6 traffic, allow, inbound and outbound. An entry the
        // template numbers 101 itself takes the number.
        for acl in defaultACLsWithIPv6 {
            let e = Schema.NetworkAclEntries.self
            for egress in [false, true] {
                let taken = (out.rows[scope] ?? []).contains {
                    $0.table == .networkAclEntries && $0[e.networkAclId] == acl.databaseValue
                        && $0[e.isEgress] == egress.databaseValue && $0[e.ruleNumber] == 101.databaseValue
                }
                if !taken {
                    out.add(
                        .networkAclEntries(
                            networkAclId: acl.sql, isEgress: egress.sql, ruleNumber: 101.sql, protocol: "-1".sql,
                            ruleAction: "allow".sql, ipv6CidrBlock: "::/0".sql), scope)
                }
            }
        }
        // A planned VPC's default group given an AWS::EC2::SecurityGroupEgress loses the
        // allow-all egress AWS made it with, as any group does that has it (a live one's is
        // deleted from the inventory: defaultEgressRemoved).
        let plannedDefaultGroups = Set(shared.vpcDefaults.values.map(\.group))
        let r = Schema.SecurityGroupRules.self
        for group in groupsWithEgressResources.sorted() where plannedDefaultGroups.contains(group) {
            out.dropRows(of: .securityGroupRules, where: r.groupId, is: group) { row in
                row[r.isEgress] == true.databaseValue && row[r.ipProtocol] == "-1".databaseValue
                    && (row[r.cidrIpv4] == "0.0.0.0/0".databaseValue || row[r.cidrIpv6] == "::/0".databaseValue)
                    && String.fromDatabaseValue(row[r.description])?.hasPrefix("AWS default") == true
            }
            if var component = out.components[group] {
                component.note =
                    "the default security group AWS creates with its VPC: all traffic in from its own members; its allow-all egress rule is removed when the template adds an AWS::EC2::SecurityGroupEgress to it"
                out.components[group] = component
            }
        }
        for (group, info) in groupsWithDefaultEgress.sorted(by: { $0.key < $1.key })
        where !groupsWithEgressResources.contains(group) {
            out.defaultEgressGroups.insert(group)
            // "If you do not add egress rules, we add egress rules that allow all outbound IPv4
            // and IPv6 traffic" (AWS::EC2::SecurityGroup, CloudFormation reference).
            // The IPv6 rule only where the VPC has an IPv6 block, as EC2 adds it: a live one,
            // or one an AWS::EC2::VPCCidrBlock associates.
            let planned = shared.vpcIPv6Blocks[info.vpc] ?? []
            let ipv6VPC = evaluator.set.facts.ipv6VPCs.contains(info.vpc) || !planned.isEmpty
            if !planned.isEmpty, !evaluator.set.facts.ipv6VPCs.contains(info.vpc),
                let logicalID = stack.plannedIDs.first(where: { $0.value == group })?.key,
                let node = stack.node(logicalID)
            {
                // EC2 adds the ::/0 rule when it creates the group in a VPC that has IPv6 by
                // then; CloudFormation orders the two only by a dependency.
                let dependsOn = Set((node["DependsOn"].map { $0.elements ?? [$0] } ?? []).compactMap(\.scalarText))
                if dependsOn.isDisjoint(with: planned.map(\.logicalID)) {
                    out.notes.append(
                        "\(group) does not DependsOn \(planned.map(\.logicalID).joined(separator: " or ")): CloudFormation may create it before \(info.vpc) has its IPv6 block, and then EC2 gives it no ::/0 egress rule; the analysis gives it the rule, as with the dependency."
                    )
                }
            }
            for ipv6 in [false, true] where !ipv6 || ipv6VPC {
                var rule = SecurityGroupRuleValue(
                    groupId: group, isEgress: true, ruleId: nil, ipProtocol: "-1", fromPort: nil, toPort: nil)
                if ipv6 { rule.cidrIPv6 = "::/0" } else { rule.cidrIPv4 = "0.0.0.0/0" }
                rule.description = TemplateCompiler.defaultEgressDescription
                out.add(rule.row(ordinal: nextRuleOrdinal(group, egress: true)), scope)
            }
        }
    }
}

extension TemplateCompiler {
    static let defaultEgressDescription =
        "AWS default: allow all outbound (the template gives the group no SecurityGroupEgress)"

    /// The text of a reference: an ID, or what could not be resolved, named.
    static func id(_ value: Resolved?) -> String? { value?.textOrUnknown }

    static func ids(_ value: Resolved?) -> [String] { value?.list?.compactMap(\.textOrUnknown) ?? [] }

    static func name(fromTags tags: Resolved?) -> String? {
        tags?.list?.first { $0["Key"]?.text == "Name" }?["Value"]?.text
    }

    /// Records where a planned component is declared, for answers and SARIF.
    mutating func component(
        _ id: String, _ logicalID: String, _ type: String, _ stack: TemplateStack, line: Int, awsDefault: Bool = false,
        note: String? = nil
    ) {
        out.components[id] = PlannedComponent(
            id: id, logicalId: logicalID, type: type, template: stack.file, line: line, awsDefault: awsDefault,
            note: note
                ?? (stack.deployed[logicalID] != nil
                    ? "deployed as \(id); the template's version replaces it for this run" : nil))
    }

    /// A table's local route for one of its VPC's blocks: what AWS puts in every table.
    static func localRoute(table: String, cidr: String, ordinal: Int) -> Row {
        .routes(
            routeTableId: table.sql, ordinal: ordinal.sql, destinationCidr: cidr.sql,
            targetKind: RouteTargetKind.local.rawValue.sql, targetId: "local".sql, state: "active".sql,
            origin: "CreateRouteTable".sql)
    }

    /// A table's local route for an IPv6 block of its VPC.
    static func localRoute6(table: String, cidr: String, ordinal: Int) -> Row {
        .routes(
            routeTableId: table.sql, ordinal: ordinal.sql, destinationIpv6Cidr: cidr.sql,
            targetKind: RouteTargetKind.local.rawValue.sql, targetId: "local".sql, state: "active".sql,
            origin: "CreateRouteTable".sql)
    }

    /// A network ACL entry for all traffic to and from anywhere (IPv4): AWS's default entries.
    static func allTraffic(acl: String, egress: Bool, rule: Int, action: String) -> Row {
        .networkAclEntries(
            networkAclId: acl.sql, isEgress: egress.sql, ruleNumber: rule.sql, protocol: "-1".sql,
            ruleAction: action.sql, cidrBlock: "0.0.0.0/0".sql)
    }

    /// Drops the inventory's rows of a resource of `type` (its own and its children's) that the
    /// run replaces or a stack update deletes: `id` is its key in those tables.
    mutating func replaceRows(of type: String, _ id: String) {
        for (table, column) in Self.rowsByType[type] ?? [] { out.replaced.append((table.rawValue, column, id)) }
    }

    // MARK: Resources

    mutating func compileResource(_ logicalID: String, _ type: String, _ node: TemplateNode, _ c: inout StackContext)
        throws
    {
        let stack = c.stack
        let scope = c.scope
        let p = try c.evaluator.properties(of: logicalID)
        let id = stack.plannedIDs[logicalID]!
        let isDeployed = stack.deployed[logicalID] != nil
        let owner = stack.account.sql
        c.typeOfID[id] = type
        func add(_ row: Row) { out.add(row, scope) }
        func kind(_ kind: ResourceKind) { out.kinds[scope, default: []].insert(kind) }
        func required(_ key: String) throws -> String {
            guard let value = Self.id(p[key]) else {
                throw stack.error(node, "\(type) \(logicalID) needs \(key)")
            }
            return value
        }
        switch type {
        case "AWS::EC2::VPC":
            let cidr = p["CidrBlock"]?.textOrUnknown
            let tenancy = p["InstanceTenancy"]?.text ?? "default"
            if isDeployed { replaceRows(of: type, id) }
            add(
                .vpcs(
                    vpcId: id.sql, ownerId: owner, state: "available".sql, cidrBlock: cidr.sql,
                    instanceTenancy: tenancy.sql, isDefault: false.sql,
                    enableDnsSupport: (p["EnableDnsSupport"]?.bool ?? true).sql,
                    enableDnsHostnames: (p["EnableDnsHostnames"]?.bool ?? false).sql,
                    name: Self.name(fromTags: p["Tags"]).sql,
                    // A new VPC gets the region's default DHCP options set, the Amazon DNS
                    // server, until an association says otherwise; a deployed one keeps its own.
                    dhcpOptionsId: "default".sql))
            if let cidr, IPv4Block(cidr) != nil {
                add(.vpcCidrBlocks(vpcId: id.sql, cidr: cidr.sql, family: "ipv4".sql, state: "associated".sql))
                c.vpcCidrs[id] = [cidr]
            } else {
                c.vpcCidrs[id] = []
                out.notes.append(
                    "\(id): the VPC's CIDR block is \(cidr ?? "not given (Ipv4IpamPoolId: IPAM allocates it at deploy)"); its local route and addresses are unknown."
                )
            }
            c.plannedVPCs[id] = logicalID
            kind(.vpcs)
            component(id, logicalID, type, stack, line: node.line)
            if !isDeployed { compileVPCDefaults(logicalID, id, node, &c) }
        case "AWS::EC2::Subnet":
            let vpc = try required("VpcId")
            var zone = p["AvailabilityZone"]?.textOrUnknown
            if zone == nil, let zoneID = p["AvailabilityZoneId"]?.text {
                zone = zoneID
                out.notes.append(
                    "\(id) is placed by AvailabilityZoneId \(zoneID); its zone name in this account is not known offline."
                )
            }
            if isDeployed { replaceRows(of: type, id) }
            let cidr: String? = p["CidrBlock"]?.textOrUnknown
            // AWS keeps five addresses of every subnet.
            let addresses: Int? = cidr.flatMap(IPv4Block.init).map { max(0, (1 << (32 - $0.prefix)) - 5) }
            let zoneID: String? = p["AvailabilityZoneId"]?.text
            let mapPublic: Bool = p["MapPublicIpOnLaunch"]?.bool ?? false
            let assignIPv6: Bool = p["AssignIpv6AddressOnCreation"]?.bool ?? false
            let name: String? = Self.name(fromTags: p["Tags"])
            add(
                .subnets(
                    subnetId: id.sql, vpcId: vpc.sql, ownerId: owner, availabilityZone: zone.sql,
                    availabilityZoneId: zoneID.sql, cidrBlock: cidr.sql, availableIpAddressCount: addresses.sql,
                    mapPublicIpOnLaunch: mapPublic.sql, assignIpv6AddressOnCreation: assignIPv6.sql,
                    state: "available".sql, name: name.sql, enableDns64: (p["EnableDns64"]?.bool ?? false).sql))
            // A block known only after deploy (`Fn::Cidr` of the VPC's Amazon-provided block,
            // as AWS's own examples write it) is kept as the named unknown: the subnet has IPv6,
            // and what depends on the exact range says it is unresolved.
            if let ipv6 = p["Ipv6CidrBlock"]?.textOrUnknown {
                add(.subnetIpv6CidrBlocks(subnetId: id.sql, cidr: ipv6.sql))
            }
            c.subnetVPC[id] = vpc
            c.subnetZone[id] = zone
            kind(.subnets)
            component(id, logicalID, type, stack, line: node.line)
        case "AWS::EC2::RouteTable":
            let vpc = try required("VpcId")
            if isDeployed {
                // The table and its routes are the template's; its subnets' associations are
                // resources of their own (another stack's may point here) and stay.
                out.replaced.append((Table.routeTables.rawValue, Schema.RouteTables.routeTableId.name, id))
                out.replaced.append((Table.routes.rawValue, Schema.Routes.routeTableId.name, id))
            }
            add(
                .routeTables(
                    routeTableId: id.sql, vpcId: vpc.sql, ownerId: owner, name: Self.name(fromTags: p["Tags"]).sql))
            c.routeTableVPC[id] = vpc
            addLocalRoutes(id, vpc: vpc, &c)
            kind(.routeTables)
            component(id, logicalID, type, stack, line: node.line)
        case "AWS::EC2::Route":
            try compileRoute(logicalID, node, p, &c)
        case "AWS::EC2::VPCCidrBlock":
            try compileVPCCidrBlock(logicalID, id, node, p, &c)
        case "AWS::EC2::SubnetRouteTableAssociation":
            let subnet = try required("SubnetId")
            let table = try required("RouteTableId")
            // The association this logical ID has in the deployed stack: a change of its
            // SubnetId or RouteTableId replaces it, and the old one goes.
            let own = stack.deployedResources.first { $0.logicalID == logicalID && $0.type == type }?.physicalID
            guard try associationCanBeMade(logicalID, id, node, own: own, subnet: subnet, table: table, &c) else {
                return
            }
            if let own {
                out.replaced.append(
                    (Table.routeTableAssociations.rawValue, Schema.RouteTableAssociations.associationId.name, own))
            }
            out.reassociatedRouteTables.insert(subnet)
            add(
                .routeTableAssociations(
                    associationId: id.sql, routeTableId: table.sql, subnetId: subnet.sql, isMain: false.sql,
                    state: "associated".sql))
            component(id, logicalID, type, stack, line: node.line)
        case "AWS::EC2::InternetGateway":
            if isDeployed { replaceRows(of: type, id) }
            add(.internetGateways(internetGatewayId: id.sql, ownerId: owner, name: Self.name(fromTags: p["Tags"]).sql))
            kind(.internetGateways)
            component(id, logicalID, type, stack, line: node.line)
        case "AWS::EC2::VPCGatewayAttachment":
            let vpc = try required("VpcId")
            if let gateway = Self.id(p["InternetGatewayId"]) {
                if isDeployed || stack.deployed.values.contains(gateway) {
                    out.replaced.append(
                        (
                            Table.internetGatewayAttachments.rawValue,
                            Schema.InternetGatewayAttachments.internetGatewayId.name, gateway
                        ))
                }
                add(.internetGatewayAttachments(internetGatewayId: gateway.sql, vpcId: vpc.sql, state: "available".sql))
            }
            component(id, logicalID, type, stack, line: node.line)
        case "AWS::EC2::EgressOnlyInternetGateway":
            let vpc = try required("VpcId")
            if isDeployed { replaceRows(of: type, id) }
            add(
                .egressOnlyInternetGateways(
                    egressOnlyInternetGatewayId: id.sql, name: Self.name(fromTags: p["Tags"]).sql))
            add(
                .egressOnlyInternetGatewayAttachments(
                    egressOnlyInternetGatewayId: id.sql, vpcId: vpc.sql, state: "attached".sql))
            kind(.egressOnlyInternetGateways)
            component(id, logicalID, type, stack, line: node.line)
        case "AWS::EC2::NatGateway":
            let subnet = try required("SubnetId")
            let connectivity = p["ConnectivityType"]?.text ?? "public"
            // A deployed NAT gateway keeps its addresses: the template does not say them.
            if isDeployed {
                out.replaced.append((Table.natGateways.rawValue, Schema.NatGateways.natGatewayId.name, id))
            }
            add(
                .natGateways(
                    natGatewayId: id.sql, vpcId: c.vpc(ofSubnet: subnet).sql, subnetId: subnet.sql,
                    state: "available".sql,
                    connectivityType: connectivity.sql, name: Self.name(fromTags: p["Tags"]).sql))
            if !isDeployed {
                add(
                    .natGatewayAddresses(
                        natGatewayId: id.sql, ordinal: 1.sql, allocationId: Self.id(p["AllocationId"]).sql,
                        privateIp: (p["PrivateIpAddress"]?.text).sql, isPrimary: true.sql))
            }
            if connectivity == "public" && p["AllocationId"] == nil {
                throw stack.error(
                    node,
                    "a public NAT gateway needs AllocationId (an Elastic IP); CloudFormation would fail to create \(logicalID)"
                )
            }
            // `Ref` of an Elastic IP is its address, not its allocation ID: EC2 refuses an
            // address as AllocationId, so the stack would fail to create the NAT gateway. The
            // resolved value cannot tell the two apart (both are planned), so the template's
            // own node is read.
            if let allocation = node["Properties"]?["AllocationId"], let target = allocation["Ref"]?.scalarText,
                stack.type(of: target) == "AWS::EC2::EIP"
            {
                throw stack.error(
                    allocation,
                    "Ref \(target) gives the Elastic IP's address, not its allocation ID; write !GetAtt \(target).AllocationId (CloudFormation would fail to create \(logicalID): EC2 refuses an address as AllocationId)"
                )
            }
            kind(.natGateways)
            component(id, logicalID, type, stack, line: node.line)
        case "AWS::EC2::EIP":
            component(id, logicalID, type, stack, line: node.line)
        case "AWS::EC2::VPCEndpoint":
            try compileEndpoint(logicalID, id, node, p, &c)
        case "AWS::EC2::SecurityGroup":
            try compileSecurityGroup(logicalID, id, node, p, &c)
        case "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress":
            let egress = type.hasSuffix("Egress")
            guard let group = Self.id(p["GroupId"]) else {
                throw stack.error(node, "\(type) \(logicalID) needs GroupId (a VPC security group's ID)")
            }
            // An egress rule added by its own resource replaces the allow-all rule AWS gave the
            // group, as the group's SecurityGroupEgress property does (CloudFormation removes
            // the default rule when it adds one: aws-cdk #998, #3355, #15297), a live group's too.
            if egress {
                c.groupsWithEgressResources.insert(group)
                if c.typeOfID[group] != "AWS::EC2::SecurityGroup" { out.defaultEgressRemoved.insert(group) }
            }
            for rule in try Self.rules(p, groupId: group, egress: egress, stack: stack, node: node) {
                add(rule.row(ordinal: c.nextRuleOrdinal(group, egress: egress)))
            }
            component(id, logicalID, type, stack, line: node.line)
        case "AWS::EC2::DHCPOptions":
            if isDeployed { replaceRows(of: type, id) }
            add(.dhcpOptions(dhcpOptionsId: id.sql, ownerId: owner, name: Self.name(fromTags: p["Tags"]).sql))
            // Only the DNS servers matter here: where the VPC's functions send their queries.
            for (ordinal, server) in (p["DomainNameServers"]?.list ?? []).enumerated() {
                guard let text = server.textOrUnknown, ValueForm.dnsServer.accepts(text) else {
                    throw stack.error(
                        node,
                        "\(type) \(logicalID): DomainNameServers[\(ordinal)] is \(server.text.map { "'\($0)'" } ?? "not a text"); expected \(ValueForm.dnsServer.expected)"
                    )
                }
                add(.dhcpOptionsDnsServers(dhcpOptionsId: id.sql, ordinal: ordinal.sql, server: text.sql))
            }
            kind(.dhcpOptions)
            component(id, logicalID, type, stack, line: node.line)
        case "AWS::EC2::VPCDHCPOptionsAssociation":
            let vpc = try required("VpcId")
            // `default` detaches the VPC's set: it then uses the Amazon DNS server.
            out.dhcpOptionsAssociations.append((vpc: vpc, options: try required("DhcpOptionsId")))
            component(id, logicalID, type, stack, line: node.line)
        case "AWS::EC2::NetworkAcl":
            let vpc = try required("VpcId")
            if isDeployed { replaceRows(of: type, id) }
            add(
                .networkAcls(
                    networkAclId: id.sql, vpcId: vpc.sql, isDefault: false.sql, ownerId: owner,
                    name: Self.name(fromTags: p["Tags"]).sql))
            // A new network ACL denies everything until entries allow: AWS's `*` entries.
            for egress in [false, true] { add(Self.allTraffic(acl: id, egress: egress, rule: 32767, action: "deny")) }
            kind(.networkACLs)
            component(id, logicalID, type, stack, line: node.line)
        case "AWS::EC2::NetworkAclEntry":
            try compileACLEntry(logicalID, id, node, p, &c)
        case "AWS::EC2::SubnetNetworkAclAssociation":
            let subnet = try required("SubnetId")
            let acl = try required("NetworkAclId")
            out.reassociatedACLs.insert(subnet)
            add(.networkAclAssociations(associationId: id.sql, networkAclId: acl.sql, subnetId: subnet.sql))
            component(id, logicalID, type, stack, line: node.line)
        case "AWS::EC2::VPCBlockPublicAccessOptions":
            // CloudFormation creates it in either blocking mode (not off, the default): the
            // account's mode in the stack's region.
            let mode = try required("InternetGatewayBlockMode")
            guard ["block-bidirectional", "block-ingress"].contains(mode) else {
                throw stack.error(
                    node,
                    "\(type) \(logicalID): InternetGatewayBlockMode must be block-bidirectional or block-ingress, found '\(mode)'"
                )
            }
            out.blockPublicAccessModes[scope] = mode
            component(id, logicalID, type, stack, line: node.line)
        case "AWS::EC2::VPCBlockPublicAccessExclusion":
            let mode = try required("InternetGatewayExclusionMode")
            guard ValueForm.blockPublicAccessExclusionMode.accepts(mode) else {
                throw stack.error(
                    node,
                    "\(type) \(logicalID): InternetGatewayExclusionMode must be allow-bidirectional or allow-egress, found '\(mode)'"
                )
            }
            let subnet = Self.id(p["SubnetId"])
            let vpc = Self.id(p["VpcId"])
            guard (subnet == nil) != (vpc == nil) else {
                throw stack.error(node, "\(type) \(logicalID) needs one of SubnetId and VpcId")
            }
            if isDeployed { replaceRows(of: type, id) }
            add(
                .vpcBlockPublicAccessExclusions(
                    exclusionId: id.sql, internetGatewayExclusionMode: mode.sql, vpcId: vpc.sql, subnetId: subnet.sql,
                    state: "create-complete".sql))
            component(id, logicalID, type, stack, line: node.line)
        case "AWS::EC2::VPCPeeringConnection":
            try compilePeering(logicalID, id, node, p, &c)
        case "AWS::EC2::TransitGatewayAttachment":
            try compileTransitGatewayAttachment(logicalID, id, node, p, &c)
        case "AWS::RDS::DBSubnetGroup", "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::RDS::DBProxy",
            "AWS::RDS::DBProxyEndpoint", "AWS::RDS::DBProxyTargetGroup":
            try compileDatabase(logicalID, type, node, p, &c)
        case "AWS::Lambda::Function":
            try compileFunction(logicalID, node, p, &c)
        case "AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
            try compileIAM(logicalID, type, node, p, &c)
        case "AWS::CloudFormation::Stack":
            if stack.nestedStacks[logicalID] == nil {
                out.notAnalysed[type, default: []].append(
                    "\(logicalID) (\(stack.file):\(node.line)): its TemplateURL is not a local file or cloud assembly asset"
                )
            }
        default:
            out.notAnalysed[type, default: []].append("\(logicalID) (\(stack.file):\(node.line))")
        }
    }

    /// A new VPC's main route table (local route only), default network ACL (allow all) and
    /// default security group (members in, all out): what AWS creates with it.
    private mutating func compileVPCDefaults(
        _ logicalID: String, _ vpc: String, _ node: TemplateNode, _ c: inout StackContext
    ) {
        let stack = c.stack
        let scope = c.scope
        let table = set.defaultID(ofVPC: logicalID, stack: stack, .mainRouteTable)
        let acl = set.defaultID(ofVPC: logicalID, stack: stack, .networkACL)
        let group = set.defaultID(ofVPC: logicalID, stack: stack, .securityGroup)
        let localRoutes = out.addVPCDefaults(
            vpc: vpc, cidrs: c.cidrs(ofVPC: vpc), account: stack.account, scope: scope, mainRouteTable: table,
            networkACL: acl, securityGroup: group)
        c.routeTableVPC[table] = vpc
        c.routeOrdinals[table] = localRoutes
        c.typeOfID[group] = "AWS::EC2::SecurityGroup"
        // The default group's two rules are its first: rules added to it follow them.
        c.ruleOrdinals["\(group)|false"] = 1
        c.ruleOrdinals["\(group)|true"] = 1
        c.vpcDefaults[vpc] = (acl: acl, group: group)
        component(
            table, "\(logicalID).MainRouteTable", "AWS::EC2::RouteTable", stack, line: node.line, awsDefault: true,
            note:
                "the main route table AWS creates with \(logicalID): only the local route; a subnet with no SubnetRouteTableAssociation uses it"
        )
        component(
            acl, "\(logicalID).DefaultNetworkAcl", "AWS::EC2::NetworkAcl", stack, line: node.line, awsDefault: true,
            note:
                "the default network ACL AWS creates with \(logicalID): allows all traffic in and out; a subnet with no SubnetNetworkAclAssociation uses it"
        )
        component(
            group, "\(logicalID).DefaultSecurityGroup", "AWS::EC2::SecurityGroup", stack, line: node.line,
            awsDefault: true,
            note:
                "the default security group AWS creates with \(logicalID): all traffic in from its own members, all out"
        )
    }

    /// Whether an `AWS::EC2::SubnetRouteTableAssociation` of `subnet` can be made. CloudFormation
    /// makes one with AssociateRouteTable, which EC2 refuses for a subnet that already has an
    /// explicit association (Resource.AlreadyAssociated). The subnet's live association `L` is in
    /// the way unless it is this resource's own (`own`: a change of SubnetId or RouteTableId
    /// replaces it, and the resource's replacementStrategy is delete_then_create), or another
    /// association of the stack that the template moves to another subnet (replaced, so deleted
    /// before its new one is made; CloudFormation orders that deletion and this creation only by
    /// their dependencies: a note says the outcome depends on the order, unless this one
    /// DependsOn it). An association of the stack that the template no longer declares is
    /// deleted only in the update's cleanup phase, after every creation: it is in the way, as is
    /// one of another stack or of none. Then the stack fails and rolls back: a `Deploy error:`
    /// note, and the subnet keeps `L` (which the update no longer deletes).
    mutating func associationCanBeMade(
        _ logicalID: String, _ id: String, _ node: TemplateNode, own: String?, subnet: String, table: String,
        _ c: inout StackContext
    ) throws -> Bool {
        let stack = c.stack
        let type = "AWS::EC2::SubnetRouteTableAssociation"
        guard let live = set.facts.routeTableAssociation[subnet], live.association != own else { return true }
        let holder = stack.deployedResources.first { $0.physicalID == live.association && $0.type == type }
        let place = "\(logicalID) (\(stack.file):\(node.line))"
        let why: String
        var fix =
            "Disassociate it first (aws ec2 disassociate-route-table --association-id \(live.association)), or leave the subnet's table to whoever owns its association."
        if let holder, stack.resourceIndex[holder.logicalID] != nil {
            let holderSubnet = Self.id(try c.evaluator.properties(of: holder.logicalID)["SubnetId"])
            if holderSubnet != subnet {
                let dependsOn = Set((node["DependsOn"].map { $0.elements ?? [$0] } ?? []).compactMap(\.scalarText))
                if !dependsOn.contains(holder.logicalID) {
                    out.notes.append(
                        "Deploy order: \(place) associates \(subnet) with \(table) while \(holder.logicalID) (\(live.association), \(subnet)'s association with \(live.table)) moves to \(holderSubnet ?? "another subnet"): CloudFormation replaces \(holder.logicalID) by deleting it first, but creates, updates and deletes resources in parallel unless a dependency orders them. If AssociateRouteTable runs before that deletion, EC2 refuses it (Resource.AlreadyAssociated) and the stack update fails and rolls back. This run takes the template's end state; DependsOn: \(holder.logicalID) on \(logicalID) makes it certain."
                    )
                }
                return true
            }
            why = ", \(holder.logicalID) of \(stack.name), which \(stack.file) still associates with \(subnet)"
            fix =
                "Give \(subnet) one association: change the RouteTableId of \(holder.logicalID) instead (CloudFormation replaces the association, deleting the old one first)."
        } else if let holder {
            why =
                ", \(holder.logicalID) of \(stack.name), which the template no longer declares (a stack update creates and replaces resources first and deletes removed ones only in its cleanup phase, after \(logicalID) is made)"
            fix =
                "Keep \(holder.logicalID) and change its RouteTableId instead (CloudFormation replaces the association, deleting the old one first), or remove \(holder.logicalID) in one update and add \(logicalID) in the next."
            // The update never reaches its cleanup phase: the association is not deleted.
            out.replaced.removeAll { $0.table == Table.routeTableAssociations.rawValue && $0.id == live.association }
            out.notes.removeAll { $0.hasPrefix("\(holder.logicalID) (\(type), \(live.association)) ") }
        } else {
            why = " that is not \(stack.name)'s"
        }
        let update =
            own.map { "the replacement of \($0) fails and CloudFormation rolls back the stack update" }
            ?? (stack.deployedStack == nil
                ? "CloudFormation fails and rolls back the stack"
                : "CloudFormation fails and rolls back the stack update")
        out.notes.append(
            "Deploy error: \(place) associates \(subnet) with \(table), but \(subnet) already has an explicit association (\(live.association), to \(live.table))\(why): EC2 refuses it (Resource.AlreadyAssociated) and \(update). This run keeps \(subnet) on \(live.table). \(fix)"
        )
        component(
            id, logicalID, type, stack, line: node.line,
            note: "not deployable: \(subnet) is already associated with \(live.table)")
        return false
    }

    private mutating func addLocalRoutes(_ table: String, vpc: String, _ c: inout StackContext) {
        for cidr in c.cidrs(ofVPC: vpc) {
            out.add(Self.localRoute(table: table, cidr: cidr, ordinal: c.nextRouteOrdinal(table)), c.scope)
        }
        for block in c.vpcIPv6Blocks[vpc] ?? [] where IPv6CIDR(block.block) != nil {
            out.add(Self.localRoute6(table: table, cidr: block.block, ordinal: c.nextRouteOrdinal(table)), c.scope)
        }
    }
}

extension TemplateCompiler {
    /// A stack update deletes the resources the new template no longer declares: the deployed
    /// stack's resources missing from the template leave the inventory for the run.
    mutating func removeDeleted(_ stack: TemplateStack) {
        let scopeText = "\(stack.account):\(stack.region)"
        for resource in stack.deployedResources where stack.resourceIndex[resource.logicalID] == nil {
            let id = resource.physicalID
            var deleted = true
            switch resource.type {
            case "AWS::EC2::Route":
                // `rtb-0a1|0.0.0.0/0`: the table and the destination identify a route.
                let parts = id.split(separator: "|", maxSplits: 1).map(String.init)
                guard parts.count == 2 else {
                    deleted = false
                    break
                }
                out.deletedRoutes.append((table: parts[0], destination: parts[1]))
            case "AWS::EC2::SubnetRouteTableAssociation":
                out.replaced.append(
                    (Table.routeTableAssociations.rawValue, Schema.RouteTableAssociations.associationId.name, id))
            case "AWS::EC2::SubnetNetworkAclAssociation":
                out.replaced.append(
                    (Table.networkAclAssociations.rawValue, Schema.NetworkAclAssociations.associationId.name, id))
            case "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress":
                out.replaced.append(
                    (Table.securityGroupRules.rawValue, Schema.SecurityGroupRules.securityGroupRuleId.name, id))
            case "AWS::EC2::VPCGatewayAttachment":
                // `IGW|vpc-0a1`, CloudFormation's identifier of the attachment.
                let parts = id.split(separator: "|").map(String.init)
                guard let gateway = parts.first(where: { $0.hasPrefix("igw-") }) else {
                    deleted = false
                    break
                }
                out.replaced.append(
                    (
                        Table.internetGatewayAttachments.rawValue,
                        Schema.InternetGatewayAttachments.internetGatewayId.name, gateway
                    ))
            case "AWS::EC2::VPCBlockPublicAccessOptions":
                // Deleting the resource turns VPC Block Public Access off for the account and
                // region, unless another template sets it.
                let scope = Scope(accountId: stack.account, region: stack.region)
                if out.blockPublicAccessModes[scope] == nil { out.blockPublicAccessModes[scope] = "off" }
            case "AWS::Lambda::Function":
                replaceRows(
                    of: resource.type, "arn:\(stack.partition):lambda:\(stack.region):\(stack.account):function:\(id)")
            case "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::RDS::DBProxy", "AWS::RDS::DBProxyEndpoint":
                let kind =
                    resource.type.hasSuffix("Instance")
                    ? "instance"
                    : resource.type.hasSuffix("Cluster")
                        ? "cluster" : resource.type.hasSuffix("Endpoint") ? "proxy-endpoint" : "proxy"
                replaceRows(of: resource.type, "\(kind):\(scopeText):\(id)")
            default:
                if Self.rowsByType[resource.type] != nil, resource.type != "AWS::IAM::Role" {
                    replaceRows(of: resource.type, id)
                } else if resource.type == "AWS::IAM::Role" {
                    // A role's physical ID is its name.
                    out.replaced.append((Table.iamRoles.rawValue, Schema.IamRoles.roleName.name, id))
                } else {
                    deleted = false
                }
            }
            if deleted {
                out.notes.append(
                    "\(resource.logicalID) (\(resource.type), \(id)) is in the deployed stack \(stack.deployedStack?.name ?? stack.name) but not in \(stack.file): the update deletes it, and this run leaves it out."
                )
            }
        }
    }

    /// The rows of a resource by its physical ID, its own and its children's.
    static let rowsByType: [String: [(Table, String)]] = [
        "AWS::EC2::VPC": [(.vpcs, "vpc_id"), (.vpcCidrBlocks, "vpc_id")],
        "AWS::EC2::DHCPOptions": [(.dhcpOptions, "dhcp_options_id"), (.dhcpOptionsDnsServers, "dhcp_options_id")],
        "AWS::EC2::Subnet": [(.subnets, "subnet_id"), (.subnetIpv6CidrBlocks, "subnet_id")],
        "AWS::EC2::RouteTable": [
            (.routeTables, "route_table_id"), (.routes, "route_table_id"), (.routeTableAssociations, "route_table_id"),
        ],
        "AWS::EC2::InternetGateway": [
            (.internetGateways, "internet_gateway_id"), (.internetGatewayAttachments, "internet_gateway_id"),
        ],
        "AWS::EC2::EgressOnlyInternetGateway": [
            (.egressOnlyInternetGateways, "egress_only_internet_gateway_id"),
            (.egressOnlyInternetGatewayAttachments, "egress_only_internet_gateway_id"),
        ],
        "AWS::EC2::NatGateway": [(.natGateways, "nat_gateway_id"), (.natGatewayAddresses, "nat_gateway_id")],
        "AWS::EC2::VPCBlockPublicAccessExclusion": [(.vpcBlockPublicAccessExclusions, "exclusion_id")],
        "AWS::EC2::VPCEndpoint": [
            (.vpcEndpoints, "vpc_endpoint_id"), (.vpcEndpointRouteTables, "vpc_endpoint_id"),
            (.vpcEndpointSubnets, "vpc_endpoint_id"), (.vpcEndpointSecurityGroups, "vpc_endpoint_id"),
        ],
        "AWS::EC2::SecurityGroup": [(.securityGroups, "group_id"), (.securityGroupRules, "group_id")],
        "AWS::EC2::NetworkAcl": [
            (.networkAcls, "network_acl_id"), (.networkAclEntries, "network_acl_id"),
            (.networkAclAssociations, "network_acl_id"),
        ],
        "AWS::EC2::VPCPeeringConnection": [
            (.vpcPeeringConnections, "vpc_peering_connection_id"),
            (.vpcPeeringConnectionCidrs, "vpc_peering_connection_id"),
        ],
        "AWS::Lambda::Function": [
            (.lambdaFunctions, "function_arn"), (.lambdaFunctionSubnets, "function_arn"),
            (.lambdaFunctionSecurityGroups, "function_arn"),
        ],
        "AWS::RDS::DBInstance": databaseRows, "AWS::RDS::DBCluster": databaseRows, "AWS::RDS::DBProxy": databaseRows,
        "AWS::RDS::DBProxyEndpoint": databaseRows,
        "AWS::RDS::DBSubnetGroup": [
            (.rdsDbSubnetGroups, "db_subnet_group_name"), (.rdsDbSubnetGroupSubnets, "db_subnet_group_name"),
        ],
        "AWS::IAM::Role": [
            (.iamRoles, "role_arn"), (.iamRoleInlinePolicies, "role_arn"), (.iamRoleAttachedPolicies, "role_arn"),
        ],
    ]

    /// A database's rows, by its key (`instance:ACCOUNT:REGION:identifier`).
    static let databaseRows: [(Table, String)] = [
        (.rdsDatabases, "db_key"), (.rdsDatabaseSubnets, "db_key"), (.rdsDatabaseSecurityGroups, "db_key"),
    ]
}
