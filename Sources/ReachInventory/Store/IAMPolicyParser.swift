import Foundation
import ReachCore

/// Policy JSON (as stored) -> the policy model the solver evaluates.
enum PolicyParser {
    /// A string or a list of strings, as policies write one value or several (others: none).
    static func strings(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let text): return [text]
        case .array(let list):
            return list.compactMap { if case .string(let text) = $0 { return text } else { return nil } }
        default: return []
        }
    }

    static func parse(_ text: String) -> PolicyDocument? {
        guard let value = try? JSONParser.parse(Data(text.utf8)), case .object(let object) = value else { return nil }
        var statements: [JSONValue] = []
        switch object["Statement"] {
        case .array(let list): statements = list
        case .object(let single): statements = [.object(single)]
        default: break
        }
        return PolicyDocument(
            statements: statements.compactMap { value in
                guard case .object(let statement) = value else { return nil }
                let strings = { (key: String) -> [String] in Self.strings(statement[key]) }
                var anyPrincipal = true
                var principals: [String] = []
                switch statement["Principal"] {
                case .string(let text): anyPrincipal = text == "*"
                case .object(let principal):
                    // The AWS principals (role ARNs, accounts); a service or federated principal
                    // is never a function's role.
                    principals = Self.strings(principal["AWS"])
                    anyPrincipal = principals.contains("*")
                default: break
                }
                var hasConditions = false
                var conditions: [PolicyDocument.Condition] = []
                if case .object(let condition) = statement["Condition"] {
                    hasConditions = !condition.members.isEmpty
                    for (operation, keys) in condition.members {
                        guard case .object(let keys) = keys else { continue }
                        for (key, values) in keys.members {
                            conditions.append(
                                PolicyDocument.Condition(operation: operation, key: key, values: Self.strings(values)))
                        }
                    }
                }
                let resources = strings("Resource")
                let notResources = strings("NotResource")
                return PolicyDocument.Statement(
                    allow: (strings("Effect").first ?? "Allow").lowercased() == "allow", actions: strings("Action"),
                    notActions: strings("NotAction"),
                    resources: resources.isEmpty && notResources.isEmpty ? ["*"] : resources,
                    notResources: notResources, anyPrincipal: anyPrincipal, principals: principals,
                    hasConditions: hasConditions, conditions: conditions)
            })
    }
}
