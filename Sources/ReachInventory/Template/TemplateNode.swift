import Foundation
import Yams

/// A template that CloudFormation would refuse, or that lambda-reach cannot read: it names the
/// file, the line and the path inside the template (`Resources.Orders.Properties.Role`).
public struct TemplateError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    /// The dot path from the template's root; empty for the file as a whole.
    public var path: String
    public var message: String

    public init(file: String, line: Int?, path: String, message: String) {
        self.file = file
        self.line = line
        self.path = path
        self.message = message
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return path.isEmpty ? "\(place): \(message)" : "\(place): \(path): \(message)"
    }
}

/// One node of a template as CloudFormation reads it, with its line and its path from the
/// root. JSON and YAML templates both become these; YAML's short forms (`!Ref X`,
/// `!GetAtt A.B`) become the long forms (`{"Ref": "X"}`, `{"Fn::GetAtt": ["A", "B"]}`), so
/// that nothing after parsing knows which syntax a template used.
struct TemplateNode: Sendable {
    indirect enum Value: Sendable {
        /// A scalar's text, and whether YAML or JSON wrote it as a string, number, boolean or null.
        case scalar(String, ScalarKind)
        case list([TemplateNode])
        /// Keys in the order the template gives them.
        case map([(key: String, value: TemplateNode)])
    }

    enum ScalarKind: Sendable { case string, number, bool, null }

    var value: Value
    var line: Int
    var path: [String]

    /// `Resources.Orders.Properties.VpcConfig.SubnetIds[0]`.
    var pathText: String { Self.pathText(path) }

    static func pathText(_ path: [String]) -> String {
        var text = ""
        for component in path {
            if component.hasPrefix("[") {
                text += component
            } else {
                text += text.isEmpty ? component : ".\(component)"
            }
        }
        return text
    }

    /// The value under `key` of a map node.
    subscript(key: String) -> TemplateNode? {
        guard case .map(let pairs) = value else { return nil }
        return pairs.last { $0.key == key }?.value
    }

    var pairs: [(key: String, value: TemplateNode)]? {
        if case .map(let pairs) = value { return pairs }
        return nil
    }

    var elements: [TemplateNode]? {
        if case .list(let elements) = value { return elements }
        return nil
    }

    var scalarText: String? {
        if case .scalar(let text, let kind) = value, kind != .null { return text }
        return nil
    }

    var isNull: Bool {
        if case .scalar(_, .null) = value { return true }
        return false
    }

    /// What kind of value this is, for messages.
    var typeName: String {
        switch value {
        case .scalar(_, .string): return "a string"
        case .scalar(_, .number): return "a number"
        case .scalar(_, .bool): return "a boolean"
        case .scalar(_, .null): return "null"
        case .list: return "a list"
        case .map: return "a map"
        }
    }

    /// The one key of a single-key map whose key is an intrinsic function (`Ref`, `Fn::...`,
    /// `Condition`), with its argument.
    var intrinsic: (name: String, argument: TemplateNode)? {
        guard case .map(let pairs) = value, pairs.count == 1 else { return nil }
        let key = pairs[0].key
        guard key == "Ref" || key.hasPrefix("Fn::") || key == "Condition" else { return nil }
        return (key, pairs[0].value)
    }

    func error(_ file: String, _ message: String) -> TemplateError {
        TemplateError(file: file, line: line, path: pathText, message: message)
    }
}

/// Reads a template file (JSON or YAML) into nodes.
enum TemplateReader {
    /// The short forms CloudFormation's YAML accepts, and the long form each stands for.
    static let shortForms: [String: String] = [
        "!Ref": "Ref", "!Condition": "Condition",
        "!And": "Fn::And", "!Base64": "Fn::Base64", "!Cidr": "Fn::Cidr", "!Equals": "Fn::Equals",
        "!FindInMap": "Fn::FindInMap", "!GetAtt": "Fn::GetAtt", "!GetAZs": "Fn::GetAZs", "!If": "Fn::If",
        "!ImportValue": "Fn::ImportValue", "!Join": "Fn::Join", "!Not": "Fn::Not", "!Or": "Fn::Or",
        "!Select": "Fn::Select", "!Split": "Fn::Split", "!Sub": "Fn::Sub", "!Transform": "Fn::Transform",
        "!Length": "Fn::Length", "!ToJsonString": "Fn::ToJsonString", "!ForEach": "Fn::ForEach",
        // The rule functions of a template's Rules section.
        "!Contains": "Fn::Contains", "!EachMemberEquals": "Fn::EachMemberEquals", "!EachMemberIn": "Fn::EachMemberIn",
        "!RefAll": "Fn::RefAll", "!ValueOf": "Fn::ValueOf", "!ValueOfAll": "Fn::ValueOfAll",
    ]

    /// The node tree of `text`, read from `file` (named in errors).
    static func read(_ text: String, file: String) throws(TemplateError) -> TemplateNode {
        let root: Node?
        do {
            // compose, not load: load drops the tags (`!Ref`) and the marks (lines) templates need.
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.error(error, file: file)
        } catch {
            throw TemplateError(file: file, line: nil, path: "", message: "is not readable YAML or JSON: \(error)")
        }
        guard let root else {
            throw TemplateError(file: file, line: nil, path: "", message: "is empty: not a CloudFormation template")
        }
        return try convert(root, path: [], file: file)
    }

    private static func error(_ error: YamlError, file: String) -> TemplateError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return TemplateError(
                file: file, line: mark.line, path: "", message: "is not valid YAML or JSON: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return TemplateError(
                file: file, line: context.mark.line, path: "",
                message: "a map has the key \(duplicates.joined(separator: ", ")) more than once")
        default:
            return TemplateError(file: file, line: nil, path: "", message: "is not valid YAML or JSON: \(error)")
        }
    }

    private static func convert(_ node: Node, path: [String], file: String) throws(TemplateError) -> TemplateNode {
        let line = node.mark?.line ?? 0
        let converted: TemplateNode
        switch node {
        case .alias:
            throw TemplateError(
                file: file, line: line, path: TemplateNode.pathText(path),
                message: "a YAML alias (*name): CloudFormation does not accept aliases and anchors")
        case .scalar(let scalar):
            converted = TemplateNode(value: .scalar(scalar.string, kind(of: scalar)), line: line, path: path)
        case .sequence(let sequence):
            var elements: [TemplateNode] = []
            for (index, element) in sequence.enumerated() {
                elements.append(try convert(element, path: path + ["[\(index)]"], file: file))
            }
            converted = TemplateNode(value: .list(elements), line: line, path: path)
        case .mapping(let mapping):
            var pairs: [(key: String, value: TemplateNode)] = []
            var seen: Set<String> = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let key) = keyNode else {
                    throw TemplateError(
                        file: file, line: keyNode.mark?.line ?? line, path: TemplateNode.pathText(path),
                        message: "a map key that is not text")
                }
                if key.string == "<<" {
                    throw TemplateError(
                        file: file, line: keyNode.mark?.line ?? line, path: TemplateNode.pathText(path),
                        message: "a YAML merge key (<<): CloudFormation does not accept it")
                }
                guard seen.insert(key.string).inserted else {
                    throw TemplateError(
                        file: file, line: keyNode.mark?.line ?? line, path: TemplateNode.pathText(path + [key.string]),
                        message: "the key \(key.string) appears twice in one map")
                }
                var value = try convert(valueNode, path: path + [key.string], file: file)
                // A block map or list starts on the line after its key; the key's line is where
                // a reader looks for it (`OrdersFunction:`, `VpcConfig:`).
                if let keyLine = keyNode.mark?.line { value.line = keyLine }
                pairs.append((key.string, value))
            }
            converted = TemplateNode(value: .map(pairs), line: line, path: path)
        }
        return try shortForm(node, converted, file: file)
    }

    /// YAML types a plain scalar as JSON would; quoted scalars are strings.
    private static func kind(of scalar: Node.Scalar) -> TemplateNode.ScalarKind {
        let tag = scalar.tag.rawValue
        if tag == Tag.Name.str.rawValue { return .string }
        guard scalar.style == .plain || scalar.style == .any else { return .string }
        switch scalar.string {
        case "true", "True", "TRUE", "false", "False", "FALSE": return .bool
        case "null", "Null", "NULL", "~", "": return .null
        default: break
        }
        return Double(scalar.string) != nil || Int(scalar.string) != nil ? .number : .string
    }

    /// Turns a node with a short-form tag into the long form's map; refuses tags CloudFormation
    /// does not know.
    private static func shortForm(_ node: Node, _ converted: TemplateNode, file: String) throws(TemplateError)
        -> TemplateNode
    {
        let tagName: String
        switch node {
        case .scalar(let scalar): tagName = scalar.tag.rawValue
        case .sequence(let sequence): tagName = sequence.tag.rawValue
        case .mapping(let mapping): tagName = mapping.tag.rawValue
        case .alias: return converted
        }
        if tagName.isEmpty || tagName == "!" || tagName.hasPrefix("tag:yaml.org,2002:") { return converted }
        guard let long = shortForms[tagName] else {
            throw converted.error(
                file,
                "the YAML tag \(tagName) is not a CloudFormation short form (!Ref, !GetAtt, !Sub, !If, !Join, ...)")
        }
        var argument = converted
        argument.path = converted.path + [long]
        if long == "Fn::GetAtt", case .scalar(let text, _) = converted.value {
            // `!GetAtt Resource.Attribute`: the resource's name ends at the first dot.
            guard let dot = text.firstIndex(of: ".") else {
                throw converted.error(file, "!GetAtt \(text): expected LogicalName.AttributeName")
            }
            argument.value = .list([
                TemplateNode(value: .scalar(String(text[..<dot]), .string), line: converted.line, path: argument.path),
                TemplateNode(
                    value: .scalar(String(text[text.index(after: dot)...]), .string), line: converted.line,
                    path: argument.path),
            ])
        }
        return TemplateNode(value: .map([(long, argument)]), line: converted.line, path: converted.path)
    }
}
