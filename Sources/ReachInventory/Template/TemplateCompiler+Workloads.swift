import Foundation
import ReachCore

extension TemplateCompiler {
    // MARK: RDS

    mutating func compileDatabase(
        _ logicalID: String, _ type: String, _ node: TemplateNode, _ p: Resolved, _ c: inout StackContext
    )
        throws
    {
        let stack = c.stack
        let scope = c.scope
        let scopeText = "\(scope.accountId):\(scope.region)"
        let evaluator = c.evaluator
        switch type {
        case "AWS::RDS::DBSubnetGroup":
            let name = try ResourceTypes.databaseName(logicalID, "DBSubnetGroupName", stack, evaluator)
            let subnets = Self.ids(p["SubnetIds"])
            let context = c
            let vpc = subnets.compactMap { context.vpc(ofSubnet: $0) }.first
            replaceRows(of: type, name)
            out.add(.rdsDbSubnetGroups(dbSubnetGroupName: name.sql, vpcId: vpc.sql, status: "Complete".sql), scope)
            for subnet in subnets {
                out.add(
                    .rdsDbSubnetGroupSubnets(
                        dbSubnetGroupName: name.sql, subnetId: subnet.sql,
                        availabilityZone: (c.subnetZone[subnet] ?? set.facts.zone[subnet]).sql, status: "Active".sql),
                    scope)
            }
            out.kinds[scope, default: []].insert(.dbSubnetGroups)
            component(name, logicalID, type, stack, line: node.line)
        case "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::RDS::DBProxy":
            let kind = type == "AWS::RDS::DBInstance" ? "instance" : type == "AWS::RDS::DBCluster" ? "cluster" : "proxy"
            let property =
                kind == "instance" ? "DBInstanceIdentifier" : kind == "cluster" ? "DBClusterIdentifier" : "DBProxyName"
            let identifier = try ResourceTypes.databaseName(logicalID, property, stack, evaluator)
            let key = "\(kind):\(scopeText):\(identifier)"
            replaceRows(of: type, key)
            var engine = p["Engine"]?.text ?? p["EngineFamily"]?.text?.lowercased()
            var clusterIdentifier = p["DBClusterIdentifier"]?.textOrUnknown?.lowercased()
            if kind == "cluster" { clusterIdentifier = nil }
            var subnetGroup = p["DBSubnetGroupName"]?.textOrUnknown?.lowercased()
            // Instances name them VPCSecurityGroups (or VpcSecurityGroupIds), clusters and proxies
            // VpcSecurityGroupIds.
            var groups = Self.ids(p["VpcSecurityGroupIds"])
            if kind == "instance" && groups.isEmpty { groups = Self.ids(p["VPCSecurityGroups"]) }
            var subnets: [String] = kind == "proxy" ? Self.ids(p["VpcSubnetIds"]) : []
            // An Aurora instance listens on its cluster's port: CreateDBInstance's Port "doesn't
            // apply to Aurora DB instances. The port number is managed by the cluster."
            var clusterPort: Int?
            // An instance of a cluster takes the cluster's network.
            if kind == "instance", let cluster = clusterIdentifier,
                let clusterID = stack.resources.first(where: {
                    $0.node["Type"]?.scalarText == "AWS::RDS::DBCluster"
                        && (try? ResourceTypes.databaseName($0.id, "DBClusterIdentifier", stack, evaluator)) == cluster
                })?.id
            {
                let cp = try evaluator.properties(of: clusterID)
                if subnetGroup == nil { subnetGroup = cp["DBSubnetGroupName"]?.textOrUnknown?.lowercased() }
                if groups.isEmpty { groups = Self.ids(cp["VpcSecurityGroupIds"]) }
                if engine == nil { engine = cp["Engine"]?.text }
                clusterPort = cp["Port"]?.int
            }
            let subnetGroupSubnets =
                subnetGroup.map { group in
                    stack.resources.first { r in
                        r.node["Type"]?.scalarText == "AWS::RDS::DBSubnetGroup"
                            && (try? ResourceTypes.databaseName(r.id, "DBSubnetGroupName", stack, evaluator)) == group
                    }.flatMap { try? evaluator.properties(of: $0.id) }.map { Self.ids($0["SubnetIds"]) } ?? []
                } ?? []
            let context = c
            // The subnet group's VPC: the stack's own group's subnets, else a deployed group.
            let vpc =
                (subnets + subnetGroupSubnets).compactMap { context.vpc(ofSubnet: $0) }.first
                ?? subnetGroup.flatMap { set.facts.vpcOfDBSubnetGroup["\(stack.account)/\(stack.region)/\($0)"] }
            var note: String?
            if groups.isEmpty && kind != "proxy" {
                // "If no VPC security groups are specified, the default security group of the VPC is used."
                if let vpc, let planned = c.plannedVPCs[vpc] {
                    groups = [set.defaultID(ofVPC: planned, stack: stack, .securityGroup)]
                    note = "no VPCSecurityGroups: RDS gives it \(planned)'s default security group"
                } else if let vpc, let live = set.facts.defaults[vpc]?[.securityGroup] {
                    groups = [live]
                    note = "no VPCSecurityGroups: RDS gives it \(vpc)'s default security group"
                }
            } else if groups.isEmpty {
                // CreateDBProxy documents no default for VpcSecurityGroupIds (unlike a DB
                // instance's, or a proxy endpoint's): the proxy's groups are unknown, and an
                // unknown is not passed.
                groups = [CompiledDatabase.unknownProxyGroups(identifier)]
                note =
                    "no VpcSecurityGroupIds: which security groups RDS gives the proxy is not documented; give VpcSecurityGroupIds"
            }
            if kind == "proxy" && subnets.isEmpty { subnets = [] }
            let port =
                clusterPort ?? p["Port"]?.int
                ?? (kind == "proxy"
                    ? (engine?.contains("postgres") == true
                        ? 5432 : engine?.contains("sqlserver") == true ? 1433 : 3306)
                    : CompiledDatabase.defaultPort(engine: engine ?? ""))
            out.add(
                .rdsDatabases(
                    dbKey: key.sql, kind: kind.sql, identifier: identifier.sql,
                    arn:
                        "arn:\(stack.partition):rds:\(stack.region):\(stack.account):\(kind == "instance" ? "db" : kind == "cluster" ? "cluster" : "db-proxy"):\(identifier)"
                        .sql,
                    engine: engine.sql, status: "available".sql, port: port.sql, vpcId: vpc.sql,
                    availabilityZone: p["AvailabilityZone"]?.text.sql ?? .null,
                    multiAz: (p["MultiAZ"]?.bool ?? false).sql,
                    publiclyAccessible: (p["PubliclyAccessible"]?.bool ?? false).sql,
                    dbSubnetGroupName: subnetGroup.sql, dbClusterIdentifier: clusterIdentifier.sql), scope)
            for subnet in subnets { out.add(.rdsDatabaseSubnets(dbKey: key.sql, subnetId: subnet.sql), scope) }
            for group in groups {
                out.add(.rdsDatabaseSecurityGroups(dbKey: key.sql, groupId: group.sql, status: "active".sql), scope)
            }
            out.kinds[scope, default: []].insert(
                kind == "instance" ? .dbInstances : kind == "cluster" ? .dbClusters : .dbProxies)
            component(identifier, logicalID, type, stack, line: node.line, note: note)
            out.databaseAliases[logicalID] = identifier
        case "AWS::RDS::DBProxyEndpoint":
            try compileProxyEndpoint(logicalID, node, p, &c)
        default:
            // DBProxyTargetGroup: which databases a proxy reaches; the proxy's own network is what a function meets.
            component(stack.plannedIDs[logicalID]!, logicalID, type, stack, line: node.line)
        }
    }

    /// An additional endpoint of a proxy (AWS::RDS::DBProxyEndpoint): subnets and security
    /// groups of its own, possibly in another VPC than the proxy's, in front of the proxy, which
    /// is the template's (`Ref`) or a live one named by DBProxyName. It is a database target as
    /// the live one is (`rds:NAME`, kind `proxy-endpoint`); the loader gives it its proxy's port
    /// and engine, which CloudFormation does not let the endpoint say.
    mutating func compileProxyEndpoint(
        _ logicalID: String, _ node: TemplateNode, _ p: Resolved, _ c: inout StackContext
    )
        throws
    {
        let type = "AWS::RDS::DBProxyEndpoint"
        let stack = c.stack
        let scope = c.scope
        let identifier = try ResourceTypes.databaseName(logicalID, "DBProxyEndpointName", stack, c.evaluator)
        let key = "proxy-endpoint:\(scope.accountId):\(scope.region):\(identifier)"
        replaceRows(of: type, key)
        guard let proxy = Self.id(p["DBProxyName"]) else {
            throw stack.error(node, "\(type) \(logicalID) needs DBProxyName (the proxy the endpoint belongs to)")
        }
        // "Valid Values: READ_WRITE | READ_ONLY"; CreateDBProxyEndpoint: "The default is READ_WRITE."
        let role = p["TargetRole"]?.text ?? "READ_WRITE"
        guard ["READ_WRITE", "READ_ONLY"].contains(role) else {
            throw stack.error(
                node["Properties"]?["TargetRole"] ?? node,
                "\(type) \(logicalID): TargetRole must be READ_WRITE or READ_ONLY, found '\(role)'")
        }
        let subnets = Self.ids(p["VpcSubnetIds"])
        let context = c
        let vpc = subnets.compactMap { context.vpc(ofSubnet: $0) }.first
        var groups = Self.ids(p["VpcSecurityGroupIds"])
        var note: String?
        if groups.isEmpty {
            // "The default is the default security group for the VPC" (VpcSecurityGroupIds of
            // AWS::RDS::DBProxyEndpoint and of CreateDBProxyEndpoint): the VPC of its subnets.
            if let vpc, let planned = c.plannedVPCs[vpc] {
                groups = [set.defaultID(ofVPC: planned, stack: stack, .securityGroup)]
                note = "no VpcSecurityGroupIds: RDS gives it \(planned)'s default security group"
            } else if let vpc, let live = set.facts.defaults[vpc]?[.securityGroup] {
                groups = [live]
                note = "no VpcSecurityGroupIds: RDS gives it \(vpc)'s default security group"
            } else {
                groups = [
                    "unresolved: the default security group of \(vpc ?? "the VPC of \(logicalID)'s subnets") (no VpcSecurityGroupIds)"
                ]
                note = "no VpcSecurityGroupIds: RDS gives it its VPC's default security group, which is not known here"
            }
        }
        out.add(
            .rdsDatabases(
                dbKey: key.sql, kind: RDSDatabase.Kind.proxyEndpoint.rawValue.sql, identifier: identifier.sql,
                status: "available".sql, vpcId: vpc.sql, dbProxyName: proxy.sql, targetRole: role.sql), scope)
        for subnet in subnets { out.add(.rdsDatabaseSubnets(dbKey: key.sql, subnetId: subnet.sql), scope) }
        for group in groups {
            out.add(.rdsDatabaseSecurityGroups(dbKey: key.sql, groupId: group.sql, status: "active".sql), scope)
        }
        out.kinds[scope, default: []].insert(.dbProxyEndpoints)
        component(identifier, logicalID, type, stack, line: node.line, note: note)
        out.databaseAliases[logicalID] = identifier
    }

    // MARK: Lambda

    mutating func compileFunction(_ logicalID: String, _ node: TemplateNode, _ p: Resolved, _ c: inout StackContext)
        throws
    {
        let stack = c.stack
        let evaluator = c.evaluator
        let name = try ResourceTypes.functionName(logicalID, stack, evaluator)
        let arn = try ResourceTypes.functionARN(logicalID, stack, evaluator)
        replaceRows(of: "AWS::Lambda::Function", arn)
        let vpcConfig = p["VpcConfig"]
        let subnets = Self.ids(vpcConfig?["SubnetIds"])
        let groups = Self.ids(vpcConfig?["SecurityGroupIds"])
        // No State: Lambda gives one when it creates the function. A function yet to be created
        // needs its network interfaces, so its role's permissions for them decide.
        out.add(
            .lambdaFunctions(
                functionArn: arn.sql, functionName: name.sql, roleArn: p["Role"]?.textOrUnknown.sql ?? .null,
                runtime: p["Runtime"]?.text.sql ?? .null, packageType: (p["PackageType"]?.text ?? "Zip").sql,
                ipv6AllowedForDualStack: (vpcConfig?["Ipv6AllowedForDualStack"]?.bool ?? false).sql,
                logGroup: p["LoggingConfig"]?["LogGroup"]?.text.sql ?? .null), c.scope)
        for (index, subnet) in subnets.enumerated() {
            out.add(.lambdaFunctionSubnets(functionArn: arn.sql, ordinal: index.sql, subnetId: subnet.sql), c.scope)
        }
        for (index, group) in groups.enumerated() {
            out.add(
                .lambdaFunctionSecurityGroups(functionArn: arn.sql, ordinal: index.sql, groupId: group.sql), c.scope)
        }
        out.kinds[c.scope, default: []].insert(.functions)
        let line = vpcConfig?.line ?? node.line
        let generated = ResourceTypes.isGenerated(name)
        let planned = PlannedComponent(
            id: arn, logicalId: logicalID, type: stack.isSAM ? "AWS::Serverless::Function" : "AWS::Lambda::Function",
            template: stack.file, line: line,
            note: generated
                ? "no FunctionName: CloudFormation names it \(stack.name)-\(logicalID)- and a random suffix at deploy"
                : nil)
        out.components[arn] = planned
        out.functions[arn] = PlannedComponent(
            id: arn, logicalId: logicalID, type: planned.type, template: stack.file, line: node.line)
        for alias in [logicalID, name] {
            if let other = out.functionAliases[alias], other != arn {
                out.notes.append(
                    "\(alias) names two planned functions (\(other) and \(arn)); --function \(alias) picks the first.")
                continue
            }
            out.functionAliases[alias] = arn
        }
        // The logical ID names the planned function in `--function`; a live function that
        // happens to have that name is a different function, asked for by its ARN.
        if generated, set.facts.functionNames.contains(logicalID), out.functionAliases[logicalID] == arn {
            out.notes.append(
                "--function \(logicalID) names the function \(logicalID) of \(stack.file), which has no FunctionName (CloudFormation names it \(stack.name)-\(logicalID)-... at deploy); the live function \(logicalID) is --function arn:\(stack.partition):lambda:\(stack.region):\(stack.account):function:\(logicalID)."
            )
        }
    }

    // MARK: IAM

    mutating func compileIAM(
        _ logicalID: String, _ type: String, _ node: TemplateNode, _ p: Resolved, _ c: inout StackContext
    )
        throws
    {
        let stack = c.stack
        let evaluator = c.evaluator
        let global = Scope(accountId: stack.account, region: "global")
        switch type {
        case "AWS::IAM::Role":
            let arn = try ResourceTypes.roleARN(logicalID, stack, evaluator)
            let name = try ResourceTypes.roleName(logicalID, stack, evaluator)
            replaceRows(of: type, arn)
            out.add(
                .iamRoles(
                    roleArn: arn.sql, roleName: name.sql, path: (p["Path"]?.text ?? "/").sql,
                    permissionsBoundaryArn: p["PermissionsBoundary"]?.text.sql ?? .null), global)
            var inlineNames: Set<String> = []
            for policy in p["Policies"]?.list ?? [] {
                guard let policyName = policy["PolicyName"]?.text, let document = policy["PolicyDocument"],
                    inlineNames.insert(policyName).inserted
                else { continue }
                out.add(
                    .iamRoleInlinePolicies(
                        roleArn: arn.sql, policyName: policyName.sql, document: (document.text ?? document.json).sql),
                    global)
            }
            var attached: Set<String> = []
            for managed in Self.ids(p["ManagedPolicyArns"]) where attached.insert(managed).inserted {
                out.add(
                    .iamRoleAttachedPolicies(
                        roleArn: arn.sql, policyArn: managed.sql,
                        policyName: String(managed.split(separator: "/").last ?? Substring(managed)).sql), global)
            }
            out.kinds[global, default: []].insert(.roles)
            component(
                arn, logicalID, type, stack, line: node.line,
                note: ResourceTypes.isGenerated(name)
                    ? "no RoleName: CloudFormation names it \(stack.name)-\(logicalID)- and a random suffix at deploy"
                    : nil)
        case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy":
            let document = p["PolicyDocument"].map { $0.text ?? $0.json }
            let roles = Self.ids(p["Roles"])
            if type == "AWS::IAM::ManagedPolicy" {
                let arn = try ResourceTypes.refValue(of: logicalID, in: stack, evaluator: evaluator)
                out.add(
                    .iamPolicies(
                        policyArn: arn.sql, policyName: logicalID.sql, defaultVersionId: "v1".sql,
                        document: document.sql), global)
                out.kinds[global, default: []].insert(.policies)
                for role in roles {
                    let roleArn = roleARN(named: role, stack: stack, evaluator: evaluator)
                    out.add(
                        .iamRoleAttachedPolicies(roleArn: roleArn.sql, policyArn: arn.sql, policyName: logicalID.sql),
                        global)
                }
            } else {
                let name = p["PolicyName"]?.text ?? logicalID
                for role in roles {
                    let roleArn = roleARN(named: role, stack: stack, evaluator: evaluator)
                    out.add(
                        .iamRoleInlinePolicies(
                            roleArn: roleArn.sql, policyName: name.sql, document: (document ?? "{}").sql), global)
                }
            }
            component(stack.plannedIDs[logicalID]!, logicalID, type, stack, line: node.line)
        default: break
        }
    }

    /// A role named in a policy's `Roles` (by name, as `Ref` to a role returns) as its ARN.
    private func roleARN(named name: String, stack: TemplateStack, evaluator: Evaluator) -> String {
        for (id, node) in stack.resources where node["Type"]?.scalarText == "AWS::IAM::Role" {
            if (try? ResourceTypes.roleName(id, stack, evaluator)) == name,
                let arn = try? ResourceTypes.roleARN(id, stack, evaluator)
            {
                return arn
            }
        }
        return "arn:\(stack.partition):iam::\(stack.account):role/\(name)"
    }

}
