import Foundation
import GRDB
import ReachCore

/// The loader's reading of Lambda functions and their IAM roles.
extension Load {
    mutating func loadFunctions() throws {
        let wantedFunctions = functionFilter.map { " WHERE f.function_arn IN \($0)" } ?? ""
        let subnets = try grouped(
            "SELECT function_arn, subnet_id, ordinal FROM lambda_function_subnets f\(wantedFunctions) ORDER BY 1, ordinal",
            table: "lambda_function_subnets", key: [0, 2]
        ) { try $0.text(1) }
        let groups = try grouped(
            "SELECT function_arn, group_id, ordinal FROM lambda_function_security_groups f\(wantedFunctions) ORDER BY 1, ordinal",
            table: "lambda_function_security_groups", key: [0, 2]
        ) { try $0.text(1) }
        try eachRow(
            """
            SELECT f.function_arn, f.function_name, s.account_id, s.region, f.role_arn, f.state, f.state_reason,
                   f.state_reason_code, f.reported_vpc_id, f.ipv6_allowed_for_dual_stack
            FROM lambda_functions f JOIN scopes s ON s.scope_id = f.scope_id\(wantedFunctions) ORDER BY f.function_arn
            """, table: "lambda_functions", joined: [2: "scopes", 3: "scopes"]
        ) { row in
            let arn = try row.text(0)
            network.functions[arn] = LambdaFunction(
                arn: arn, name: try row.text(1), accountId: try row.text(2), region: try row.text(3),
                roleArn: try row.optionalText(4), state: try row.optionalText(5), stateReason: try row.optionalText(6),
                stateReasonCode: try row.optionalText(7), subnetIds: subnets[arn] ?? [],
                securityGroupIds: groups[arn] ?? [], reportedVPCId: try row.optionalText(8),
                ipv6AllowedForDualStack: try row.flag(9) ?? false)
        }
    }

    mutating func loadRoles() throws {
        let roleFilter =
            functionFilter.map {
                " WHERE role_arn IN (SELECT role_arn FROM lambda_functions WHERE function_arn IN \($0))"
            } ?? ""
        let inline = try grouped(
            "SELECT role_arn, document, policy_name FROM iam_role_inline_policies\(roleFilter) ORDER BY 1, policy_name",
            table: "iam_role_inline_policies", key: [0, 2]
        ) { try $0.text(1) }
        // (policy ARN, policy name, document) per role.
        let attached = try grouped(
            """
            SELECT a.role_arn, a.policy_arn, a.policy_name, p.document FROM iam_role_attached_policies a
            LEFT JOIN iam_policies p ON p.policy_arn = a.policy_arn\(roleFilter.replacingOccurrences(of: "role_arn IN", with: "a.role_arn IN"))
            ORDER BY 1, 2
            """, table: "iam_role_attached_policies", key: [0, 1], joined: [3: "iam_policies"]
        ) { row in (arn: try row.text(1), name: try row.optionalText(2), document: try row.optionalText(3)) }
        try eachRow("SELECT role_arn, role_name FROM iam_roles\(roleFilter) ORDER BY role_arn", table: "iam_roles") {
            row in
            let arn = try row.text(0)
            let own = attached[arn] ?? []
            var documents = (inline[arn] ?? []).compactMap { policy($0) }
            documents += own.compactMap { policy($0.document) }
            network.roles[arn] = Role(
                arn: arn, name: try row.text(1), documents: documents,
                attachedPolicyNames: own.map { $0.name ?? String($0.arn.split(separator: "/").last ?? "") })
        }
        try eachRow(
            "SELECT DISTINCT s.account_id FROM imports i JOIN scopes s ON s.scope_id = i.scope_id WHERE i.kind = 'iam-roles'",
            table: "scopes"
        ) { row in network.accountsWithIAMData.insert(try row.text(0)) }
    }
}
