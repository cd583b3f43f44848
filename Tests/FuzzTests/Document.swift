import Foundation
import ReachInventory

/// A JSON document as the mutator edits it.
///
/// Not the importer's `JSONValue`: the mutator must be able to write what no parser would
/// give back, so a number keeps its literal (`1e309`, `-0.0`, `9223372036854775808` are
/// written as they are, not rounded through a Double), an object may hold a key twice, and
/// `raw` bytes are written unescaped (invalid UTF-8 inside a string, a bare `NaN`).
indirect enum Node: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number literal, exactly as it is written into the file.
    case number(String)
    case string(String)
    case array([Node])
    /// Members in document order; a key may repeat.
    case object([Member])
    /// Bytes written as they are, where a value goes.
    case raw([UInt8])

    struct Member: Equatable, Sendable {
        var key: String
        var value: Node
    }

    /// The value the importer's own parser reads, as a tree the mutator can edit. Seeds are
    /// parsed by the importer's parser so that they are read exactly as an import reads them.
    init(_ value: JSONValue) {
        switch value {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .integer(let number): self = .number(String(number))
        case .double(let number): self = .number(Node.literal(number))
        case .string(let text): self = .string(text)
        case .array(let elements): self = .array(elements.map(Node.init))
        case .object(let object): self = .object(object.members.map { Member(key: $0.key, value: Node($0.value)) })
        }
    }

    /// A JSON literal for a finite Double (Swift's description, which JSON reads back).
    static func literal(_ number: Double) -> String {
        number.isFinite ? "\(number)" : (number > 0 ? "1e999" : "-1e999")
    }

    /// Parses `text` with the importer's parser; nil when it is not JSON.
    static func parse(_ bytes: [UInt8]) -> Node? {
        guard let document = try? JSONParser.parseDocument(bytes) else { return nil }
        return Node(document.value)
    }

    /// A node written from Swift literals, for the value menus.
    static func object(_ pairs: KeyValuePairs<String, Node>) -> Node {
        .object(pairs.map { Member(key: $0.key, value: $0.value) })
    }

    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        case .raw: return "raw bytes"
        }
    }

    /// The value under the member `key` (the last one when the key repeats, as the importer
    /// reads it).
    subscript(key: String) -> Node? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// Whether the object has the key at all (null values included).
    func has(_ key: String) -> Bool {
        guard case .object(let members) = self else { return false }
        return members.contains { $0.key == key }
    }

    var elements: [Node]? {
        guard case .array(let elements) = self else { return nil }
        return elements
    }

    var text: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    // MARK: Paths

    /// One step from a container to a value: a member by its position (keys may repeat), or
    /// an element by its index.
    enum Step: Equatable, Sendable {
        case member(Int)
        case element(Int)
    }

    func child(_ step: Step) -> Node? {
        switch (self, step) {
        case (.object(let members), .member(let index)) where members.indices.contains(index):
            return members[index].value
        case (.array(let elements), .element(let index)) where elements.indices.contains(index):
            return elements[index]
        default: return nil
        }
    }

    func node(at path: [Step]) -> Node? {
        var node = self
        for step in path {
            guard let next = node.child(step) else { return nil }
            node = next
        }
        return node
    }

    /// This tree with the value at `path` changed by `change`.
    func updating(_ path: [Step], _ change: (inout Node) -> Void) -> Node {
        guard let step = path.first else {
            var copy = self
            change(&copy)
            return copy
        }
        let rest = Array(path.dropFirst())
        switch (self, step) {
        case (.object(var members), .member(let index)):
            members[index].value = members[index].value.updating(rest, change)
            return .object(members)
        case (.array(var elements), .element(let index)):
            elements[index] = elements[index].updating(rest, change)
            return .array(elements)
        default: return self
        }
    }

    /// The keys and indexes along `path`, as the importer's messages print a JSON path
    /// (`$.NetworkAcls[0].Entries[2].RuleAction`).
    func pathText(_ path: [Step]) -> String {
        components(path).reduce("$") { $0 + ($1.hasPrefix("[") ? $1 : ".\($1)") }
    }

    /// `["NetworkAcls", "[0]", "Entries", "[2]", "RuleAction"]` for a path.
    func components(_ path: [Step]) -> [String] {
        var node = self
        var names: [String] = []
        for step in path {
            switch (node, step) {
            case (.object(let members), .member(let index)): names.append(members[index].key)
            case (_, .element(let index)): names.append("[\(index)]")
            default: return names
            }
            guard let next = node.child(step) else { return names }
            node = next
        }
        return names
    }

    /// Every value of the tree with its path, the root first.
    func walk(_ visit: ([Step], Node) -> Void) {
        func go(_ node: Node, _ path: [Step]) {
            visit(path, node)
            switch node {
            case .object(let members):
                for (index, member) in members.enumerated() { go(member.value, path + [.member(index)]) }
            case .array(let elements):
                for (index, element) in elements.enumerated() { go(element, path + [.element(index)]) }
            default: break
            }
        }
        go(self, [])
    }

    /// Resolves a JSON path as the importer prints it (`$.A[1].B`), taking the last member
    /// of a repeated key; nil when some step does not exist.
    func resolve(pathText: String) -> Node? {
        guard pathText.hasPrefix("$") else { return nil }
        var node = self
        var rest = Substring(pathText.dropFirst())
        while !rest.isEmpty {
            if rest.hasPrefix("[") {
                guard let close = rest.firstIndex(of: "]"),
                    let index = Int(rest[rest.index(after: rest.startIndex)..<close]),
                    let elements = node.elements, elements.indices.contains(index)
                else { return nil }
                node = elements[index]
                rest = rest[rest.index(after: close)...]
            } else if rest.hasPrefix(".") {
                rest = rest.dropFirst()
                let end = rest.firstIndex { $0 == "." || $0 == "[" } ?? rest.endIndex
                guard let next = node[String(rest[..<end])] else { return nil }
                node = next
                rest = rest[end...]
            } else {
                return nil
            }
        }
        return node
    }

    // MARK: Writing

    /// The document as bytes, pretty-printed (two spaces), so that the parser's line and column
    /// in a message point somewhere a person can find.
    func bytes() -> [UInt8] {
        var out: [UInt8] = []
        write(to: &out, indent: 0)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    private func write(to out: inout [UInt8], indent: Int) {
        func newline(_ level: Int) {
            out.append(UInt8(ascii: "\n"))
            out.append(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: 2 * level))
        }
        switch self {
        case .null: out += Array("null".utf8)
        case .bool(let flag): out += Array((flag ? "true" : "false").utf8)
        case .number(let literal): out += Array(literal.utf8)
        case .string(let text): Node.writeString(text, to: &out)
        case .raw(let bytes): out += bytes
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                element.write(to: &out, indent: indent + 1)
            }
            if !elements.isEmpty { newline(indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                Node.writeString(member.key, to: &out)
                out += Array(": ".utf8)
                member.value.write(to: &out, indent: indent + 1)
            }
            if !members.isEmpty { newline(indent) }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string: quotes, backslashes and control characters escaped, everything else as
    /// UTF-8 (a NUL is written `\u0000`: the importer must refuse it there too).
    static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case UInt8(ascii: "\n"): out += Array("\\n".utf8)
            case UInt8(ascii: "\r"): out += Array("\\r".utf8)
            case UInt8(ascii: "\t"): out += Array("\\t".utf8)
            case 0..<0x20: out += Array(String(format: "\\u%04x", byte).utf8)
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
