import Foundation
import GRDB
import ReachCore

/// The loader's reading of Lambda functions and their IAM roles.
extension Load {
    mutating func loadFunctions() throws {
        let f = Schema.LambdaFunctions.self
        let filter = functionFilter
        let wanted = { (column: Column) in filter.map { " WHERE f.\(column) IN \($0)" } ?? "" }
        /// The values of `child`, in `ordinal` order, for each function (`arn`), the functions
        /// in ARN order: taken function by function below, as the functions come in that order.
        /// An organisation's ARNs are long and alike (one account's share 50 characters): filed
        /// in dictionaries by ARN and looked up, they were half of reading the functions.
        func ordered(_ arn: Column, _ child: Column, _ ordinal: Column) throws -> Runs<String> {
            var columns = Selection()
            let function = columns.add(arn)
            let value = columns.add(child)
            let position = columns.add(ordinal)
            return Runs(
                try db.runs(
                    "SELECT \(columns) FROM \(arn.table) f\(wanted(arn)) ORDER BY \(arn), \(ordinal)",
                    table: columns.table, parent: function, key: [function, position], path: path
                ) { try $0.text(value) })
        }
        let fs = Schema.LambdaFunctionSubnets.self
        var subnets = try ordered(fs.functionArn, fs.subnetId, fs.ordinal)
        let fg = Schema.LambdaFunctionSecurityGroups.self
        var groups = try ordered(fg.functionArn, fg.groupId, fg.ordinal)
        let s = Schema.Scopes.self
        var columns = Selection()
        let arnColumn = columns.add(f.functionArn, "f")
        let name = columns.add(f.functionName, "f")
        let account = columns.add(s.accountId, "s")
        let region = columns.add(s.region, "s")
        let role = columns.add(f.roleArn, "f")
        let state = columns.add(f.state, "f")
        let stateReason = columns.add(f.stateReason, "f")
        let stateReasonCode = columns.add(f.stateReasonCode, "f")
        let lastUpdate = columns.add(f.lastUpdateStatus, "f")
        let lastUpdateReason = columns.add(f.lastUpdateStatusReasonCode, "f")
        let reportedVPC = columns.add(f.reportedVpcId, "f")
        let ipv6 = columns.add(f.ipv6AllowedForDualStack, "f")
        let logGroup = columns.add(f.logGroup, "f")
        let capacityProvider = columns.add(f.capacityProviderArn, "f")
        let providers = try loadCapacityProviders()
        try eachRow(
            """
            SELECT \(columns)
            FROM \(f.table) f JOIN \(s.table) s ON s.\(s.scopeId) = f.\(f.scopeId)\(wanted(f.functionArn))
            ORDER BY f.\(f.functionArn)
            """, columns, key: [arnColumn]
        ) { row in
            let arn = try row.text(arnColumn)
            var function = LambdaFunction(
                arn: arn, name: try row.text(name), accountId: try row.text(account), region: try row.text(region),
                roleArn: try row.optionalText(role), state: try row.optionalText(state),
                stateReason: try row.optionalText(stateReason), stateReasonCode: try row.optionalText(stateReasonCode),
                lastUpdateStatus: try row.optionalText(lastUpdate),
                lastUpdateStatusReasonCode: try row.optionalText(lastUpdateReason), subnetIds: subnets.take(arn),
                securityGroupIds: groups.take(arn),
                reportedVPCId: try row.optionalText(reportedVPC), ipv6AllowedForDualStack: try row.flag(ipv6) ?? false,
                logGroup: try row.optionalText(logGroup))
            // Lambda Managed Instances: the function's code runs on the provider's instances, in
            // its subnets and with its groups; a function of a provider that is not exported has
            // none, and is never taken to run in the Lambda-owned network.
            if let providerARN = try row.optionalText(capacityProvider) {
                if let provider = providers[providerARN] {
                    function.subnetIds = provider.subnets
                    function.securityGroupIds = provider.groups
                    function.capacityProvider = CapacityProviderPlacement(
                        arn: providerARN, isExported: true, state: provider.state,
                        usesDefaultGroup: provider.groups.isEmpty)
                } else {
                    function.subnetIds = []
                    function.securityGroupIds = []
                    function.capacityProvider = CapacityProviderPlacement(arn: providerARN, isExported: false)
                }
            }
            network.functions[arn] = function
        }
    }

    /// The capacity providers the loaded functions name, by ARN: state, subnets and groups.
    func loadCapacityProviders() throws -> [String: (state: String?, subnets: [String], groups: [String])] {
        let p = Schema.LambdaCapacityProviders.self
        let f = Schema.LambdaFunctions.self
        let condition = functionFilter.map {
            "IN (SELECT \(f.capacityProviderArn) FROM \(f.table) WHERE \(f.functionArn) IN \($0))"
        }
        let ps = Schema.LambdaCapacityProviderSubnets.self
        let pg = Schema.LambdaCapacityProviderSecurityGroups.self
        /// A provider's subnets or groups, in their ordinal order.
        func ordered(_ parent: Column, _ child: Column, _ ordinal: Column) throws -> [String: [String]] {
            var columns = Selection()
            let id = columns.add(parent)
            let value = columns.add(child)
            let position = columns.add(ordinal)
            return try grouped(
                "SELECT \(columns) FROM \(parent.table)\(Self.where(parent, condition)) ORDER BY \(parent), \(ordinal)",
                columns, parent: id, key: [id, position]
            ) { try $0.text(value) }
        }
        let subnets = try ordered(ps.capacityProviderArn, ps.subnetId, ps.ordinal)
        let groups = try ordered(pg.capacityProviderArn, pg.groupId, pg.ordinal)
        var columns = Selection()
        let arnColumn = columns.add(p.capacityProviderArn)
        let state = columns.add(p.state)
        var result: [String: (state: String?, subnets: [String], groups: [String])] = [:]
        try eachRow(
            "SELECT \(columns) FROM \(p.table)\(Self.where(p.capacityProviderArn, condition))", columns,
            key: [arnColumn]
        ) { row in
            let arn = try row.text(arnColumn)
            result[arn] = (try row.optionalText(state), subnets[arn] ?? [], groups[arn] ?? [])
        }
        return result
    }

    /// A capacity provider without security groups launches its instances with their VPC's
    /// default group (SAM's CapacityProvider VpcConfig: "If not specified, the default security
    /// group for the VPC will be used"): the group named `default` of its first subnet's VPC,
    /// once the groups are loaded. None in the inventory: the function keeps no group, which
    /// the solver reports.
    mutating func linkCapacityProviderDefaultGroups() {
        let subnets = network.subnets
        for (arn, function) in network.functions where function.capacityProvider?.usesDefaultGroup == true {
            guard let vpcId = function.subnetIds.compactMap({ subnets[$0]?.vpcId }).first,
                let group = network.securityGroups.values.filter({ $0.vpcId == vpcId && $0.isDefault })
                    .min(by: { $0.id < $1.id })
            else { continue }
            var linked = function
            linked.securityGroupIds = [group.id]
            network.functions[arn] = linked
        }
    }

    /// Children in runs by parent, in SQLite's order of the parents' IDs (BINARY: by UTF-8
    /// bytes), taken by parents that come in the same order.
    struct Runs<T> {
        let runs: [(parent: String, values: [T])]
        private var next = 0

        init(_ runs: [(parent: String, values: [T])]) { self.runs = runs }

        /// The values of `parent`, or none; the runs of parents before it are passed over.
        mutating func take(_ parent: String) -> [T] {
            while next < runs.count && runs[next].parent != parent
                && runs[next].parent.utf8.lexicographicallyPrecedes(parent.utf8)
            {
                next += 1
            }
            guard next < runs.count && runs[next].parent == parent else { return [] }
            next += 1
            return runs[next - 1].values
        }
    }

    mutating func loadRoles() throws {
        let f = Schema.LambdaFunctions.self
        // For a question, the roles of the wanted functions (`column` holds a role ARN).
        let filter = functionFilter
        let wanted = { (column: String) in
            filter.map {
                " WHERE \(column) IN (SELECT \(f.roleArn) FROM \(f.table) WHERE \(f.functionArn) IN \($0))"
            } ?? ""
        }
        let i = Schema.IamRoleInlinePolicies.self
        var inlineColumns = Selection()
        let inlineRole = inlineColumns.add(i.roleArn)
        let inlineDocument = inlineColumns.add(i.document)
        let inlineName = inlineColumns.add(i.policyName)
        let inline = try grouped(
            "SELECT \(inlineColumns) FROM \(i.table)\(wanted("\(i.roleArn)")) ORDER BY \(i.roleArn), \(i.policyName)",
            inlineColumns, parent: inlineRole, key: [inlineRole, inlineName]
        ) { try $0.text(inlineDocument) }
        let a = Schema.IamRoleAttachedPolicies.self
        let p = Schema.IamPolicies.self
        var attachedColumns = Selection()
        let attachedRole = attachedColumns.add(a.roleArn, "a")
        let policyARN = attachedColumns.add(a.policyArn, "a")
        let document = attachedColumns.add(p.document, "p")
        // (policy ARN, document) per role.
        let attached = try grouped(
            """
            SELECT \(attachedColumns) FROM \(a.table) a
            LEFT JOIN \(p.table) p ON p.\(p.policyArn) = a.\(a.policyArn)\(wanted("a.\(a.roleArn)"))
            ORDER BY a.\(a.roleArn), a.\(a.policyArn)
            """, attachedColumns, parent: attachedRole, key: [attachedRole, policyARN]
        ) { row in
            (arn: try row.text(policyARN), document: try row.optionalText(document))
        }
        let r = Schema.IamRoles.self
        var columns = Selection()
        let role = columns.add(r.roleArn, "r")
        let name = columns.add(r.roleName, "r")
        let boundaryARN = columns.add(r.permissionsBoundaryArn, "r")
        let boundaryDocument = columns.add(p.document, "p")
        try eachRow(
            """
            SELECT \(columns) FROM \(r.table) r
            LEFT JOIN \(p.table) p ON p.\(p.policyArn) = r.\(r.permissionsBoundaryArn)\(wanted("r.\(r.roleArn)"))
            ORDER BY r.\(r.roleArn)
            """, columns, key: [role]
        ) {
            row in
            let arn = try row.text(role)
            let own = attached[arn] ?? []
            var documents = (inline[arn] ?? []).compactMap { policy($0) }
            // A managed policy is judged by its exported document. Without one, an AWS managed
            // policy may be known by name (its ARN's last part); the account's own policies may
            // take any name, an AWS one's included, so theirs tells nothing.
            var awsManaged: [String] = []
            var unexported: [String] = []
            for managed in own {
                if let document = policy(managed.document) {
                    documents.append(document)
                } else if Role.isAWSManaged(managed.arn) {
                    awsManaged.append(managed.arn)
                } else {
                    unexported.append(managed.arn)
                }
            }
            var boundary: PermissionsBoundary?
            if let boundaryArn = try row.optionalText(boundaryARN) {
                boundary = PermissionsBoundary(
                    policyArn: boundaryArn, document: policy(try row.optionalText(boundaryDocument)))
            }
            network.roles[arn] = Role(
                arn: arn, name: try row.text(name), documents: documents,
                awsManagedPolicies: awsManaged, unexportedPolicies: unexported, permissionsBoundary: boundary)
        }
        let imports = Schema.Imports.self
        let s = Schema.Scopes.self
        var accountColumns = Selection()
        let account = accountColumns.add(s.accountId, "s")
        try eachRow(
            """
            SELECT DISTINCT \(accountColumns) FROM \(imports.table) i JOIN \(s.table) s ON s.\(s.scopeId) = i.\(imports.scopeId)
            WHERE i.\(imports.kind) = '\(ResourceKind.roles.rawValue)'
            """, accountColumns, key: [account]
        ) { row in network.accountsWithIAMData.insert(try row.text(account)) }
    }
}
