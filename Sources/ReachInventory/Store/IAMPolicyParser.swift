import Foundation
import ReachCore

/// Policy JSON (as stored) -> the policy model the solver evaluates.
enum PolicyParser {
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
                let strings = { (key: String) -> [String] in
                    switch statement[key] {
                    case .string(let text): return [text]
                    case .array(let list):
                        return list.compactMap { if case .string(let text) = $0 { return text } else { return nil } }
                    default: return []
                    }
                }
                var anyPrincipal = true
                switch statement["Principal"] {
                case .string(let text): anyPrincipal = text == "*"
                case .object(let principal):
                    if case .string(let aws) = principal["AWS"] {
                        anyPrincipal = aws == "*"
                    } else {
                        anyPrincipal = false
                    }
                default: break
                }
                let hasConditions: Bool
                if case .object(let condition) = statement["Condition"] {
                    hasConditions = !condition.members.isEmpty
                } else {
                    hasConditions = false
                }
                let resources = strings("Resource")
                let notResources = strings("NotResource")
                return PolicyDocument.Statement(
                    allow: (strings("Effect").first ?? "Allow").lowercased() == "allow", actions: strings("Action"),
                    notActions: strings("NotAction"),
                    resources: resources.isEmpty && notResources.isEmpty ? ["*"] : resources,
                    notResources: notResources, anyPrincipal: anyPrincipal, hasConditions: hasConditions)
            })
    }
}
