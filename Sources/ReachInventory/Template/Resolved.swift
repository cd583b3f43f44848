/// A template value after CloudFormation's intrinsic functions: text, a list, a map, or a
/// named unknown (`Fn::ImportValue shared-vpc-subnet-a`) that the answer reports rather than
/// passes. It keeps the line and path of the node it came from (for `Fn::If`, the branch
/// taken), so that whatever is made of it can say where in the template it is.
struct Resolved: Sendable {
    indirect enum Value: Sendable {
        case text(String)
        case list([Resolved])
        case map([(key: String, value: Resolved)])
        /// What could not be resolved, as the answer names it.
        case unknown(String)
    }

    var value: Value
    var line: Int
    var path: [String]

    init(_ value: Value, at node: TemplateNode) {
        self.value = value
        self.line = node.line
        self.path = node.path
    }

    init(_ value: Value, line: Int, path: [String]) {
        self.value = value
        self.line = line
        self.path = path
    }

    subscript(key: String) -> Resolved? {
        guard case .map(let pairs) = value else { return nil }
        return pairs.last { $0.key == key }?.value
    }

    var text: String? {
        if case .text(let text) = value { return text }
        return nil
    }

    /// The text, or what could not be resolved, as a name: an ID that is unknown stays visible.
    var textOrUnknown: String? {
        switch value {
        case .text(let text): return text
        case .unknown(let reason): return "unresolved: \(reason)"
        default: return nil
        }
    }

    var unknown: String? {
        if case .unknown(let reason) = value { return reason }
        return nil
    }

    /// A list's elements; a single value counts as a list of one (CloudFormation accepts a
    /// string where a list of one is meant in several properties).
    var list: [Resolved]? {
        switch value {
        case .list(let elements): return elements
        case .text, .unknown: return [self]
        case .map: return nil
        }
    }

    var pairs: [(key: String, value: Resolved)]? {
        if case .map(let pairs) = value { return pairs }
        return nil
    }

    var bool: Bool? {
        switch text?.lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    var int: Int? { text.flatMap { Int($0) ?? Double($0).flatMap { $0 == $0.rounded() ? Int($0) : nil } } }

    var pathText: String { TemplateNode.pathText(path) }

    /// The first unknown inside this value, if any.
    var firstUnknown: String? {
        switch value {
        case .text: return nil
        case .unknown(let reason): return reason
        case .list(let elements): return elements.lazy.compactMap(\.firstUnknown).first
        case .map(let pairs): return pairs.lazy.compactMap(\.value.firstUnknown).first
        }
    }

    /// This value as JSON text (a policy document, `Fn::ToJsonString`), keys in template order.
    var json: String {
        switch value {
        case .text(let text): return Self.quoted(text)
        case .unknown(let reason): return Self.quoted("unresolved: \(reason)")
        case .list(let elements): return "[" + elements.map(\.json).joined(separator: ",") + "]"
        case .map(let pairs):
            return "{" + pairs.map { "\(Self.quoted($0.key)):\($0.value.json)" }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string, escaped as the importer writes policy documents.
    private static func quoted(_ text: String) -> String {
        var out = ""
        JSONWriter.writeString(text, to: &out)
        return out
    }
}
