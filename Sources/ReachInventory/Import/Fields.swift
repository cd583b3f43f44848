/// A value at a known key that is not what the AWS CLI prints there.
///
/// The path is built on the way out of the decoding functions (each level prepends its key),
/// so that the happy path pays nothing for it.
struct ShapeError: Error {
    var path: [String]
    var expected: String
    var found: String
    /// Another place in the document the error is about (the first of two entries that share
    /// a rule number), relative to the container `siblingDepth` levels above `path`'s end.
    var sibling: [String]? = nil
    var siblingDepth = 0

    /// `$.SecurityGroups[3].IpPermissions[0].FromPort`
    var pathText: String { JSONPath.text(path) }

    /// The sibling's whole path, once `path` is whole.
    var siblingPathText: String? {
        sibling.map { JSONPath.text(Array(path.dropLast(siblingDepth)) + $0) }
    }

    /// The message of the import error this becomes.
    var message: String {
        "expected \(expected), found \(found)\(siblingPathText.map { " (and at \($0))" } ?? "")"
    }
}

/// Runs `body`, prefixing the path of any shape error it throws with `component`.
@inline(__always)
func at<T>(_ component: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch var error as ShapeError {
        error.path.insert(component(), at: 0)
        throw error
    }
}

/// Typed, path-aware access to one JSON object of an AWS CLI document.
struct Fields {
    let object: JSONObject

    init(_ value: JSONValue) throws {
        guard case .object(let object) = value else {
            throw ShapeError(path: [], expected: "an object", found: value.typeName)
        }
        self.object = object
    }

    var keys: [String] { object.keys }

    private func mismatch(_ key: String, _ expected: String, _ value: JSONValue) -> ShapeError {
        ShapeError(path: [key], expected: expected, found: value.typeName)
    }

    /// A present, non-null value at `key`.
    func value(_ key: String) -> JSONValue? {
        guard let value = object[key] else { return nil }
        if case .null = value { return nil }
        return value
    }

    func string(_ key: String) throws -> String {
        guard let value = try optionalString(key) else {
            throw ShapeError(path: [key], expected: "a string", found: "nothing (the key is missing)")
        }
        return value
    }

    func optionalString(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw mismatch(key, "a string", value) }
        return text
    }

    /// A boolean that AWS always prints: a missing or null value is an error, never "false"
    /// (a network ACL entry's `Egress` read as false would turn an outbound deny inbound).
    func bool(_ key: String) throws -> Bool {
        guard let value = try optionalBool(key) else {
            throw ShapeError(
                path: [key], expected: "a boolean",
                found: object[key] == nil ? "nothing (the key is missing)" : "null")
        }
        return value
    }

    func optionalBool(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        switch value {
        case .bool(let flag): return flag
        // describe-vpc-attribute and some emulators print {"Value": true}.
        case .object(let object):
            if let inner = object["Value"], case .bool(let flag) = inner { return flag }
            throw mismatch(key, "a boolean", value)
        default: throw mismatch(key, "a boolean", value)
        }
    }

    func optionalInt(_ key: String) throws -> Int? {
        guard let value = value(key) else { return nil }
        switch value {
        case .integer(let number): return Int(number)
        case .double(let number) where number.rounded() == number && abs(number) < 1e15: return Int(number)
        case .double(let number):
            throw ShapeError(path: [key], expected: "a whole number", found: Self.describe(number))
        // Some exports (and the RuleNumber of older tools) print numbers as strings.
        case .string(let text) where Int(text) != nil: return Int(text)
        default: throw mismatch(key, "a whole number", value)
        }
    }

    /// What a number that is not a whole number is, for "expected a whole number, found ...".
    static func describe(_ number: Double) -> String {
        if !number.isFinite { return "a number too large to represent (beyond 1.8e308)" }
        if number.rounded() != number { return "a fraction (\(number))" }
        return "a number too large (\(number))"
    }

    func int(_ key: String) throws -> Int {
        guard let value = try optionalInt(key) else {
            throw ShapeError(path: [key], expected: "a whole number", found: "nothing (the key is missing)")
        }
        return value
    }

    func optionalObject(_ key: String) throws -> Fields? {
        guard let value = value(key) else { return nil }
        guard case .object(let object) = value else { throw mismatch(key, "an object", value) }
        return Fields(object: object)
    }

    /// The elements of the array at `key` (empty when absent), each decoded by `body` with
    /// its index in the path.
    func objects<T>(_ key: String, required: Bool = false, _ body: (Fields) throws -> T) throws -> [T] {
        var result: [T] = []
        try eachObject(key, required: required, reserving: { result.reserveCapacity($0) }) {
            result.append(try body($0))
        }
        return result
    }

    /// Calls `body` with each object of the array at `key`, as `objects(_:_:)` reads them;
    /// `reserving` learns the array's length first.
    /// `required`: the list is one AWS prints for every resource of the kind, `[]` when there is
    /// nothing in it (a group's rules, an ACL's entries, a table's routes). Missing, it means the
    /// document was reshaped (`--query`), not that there is nothing: read as none, a group's
    /// missing egress rules would block everything and an ACL's missing entries would too.
    func eachObject(
        _ key: String, required: Bool = false, reserving: (Int) -> Void = { _ in }, _ body: (Fields) throws -> Void
    ) throws {
        // A list AWS prints is an array, empty or not: null is not "none". Read as none, a null
        // list of ACL entries, routes, rules or a database's groups would quietly open paths.
        if case .null? = object[key] { throw mismatch(key, "an array", .null) }
        if required && object[key] == nil {
            throw ShapeError(
                path: [key], expected: "an array (AWS prints \(key) for every one, [] when it is empty)",
                found: "nothing: was the output reshaped with --query?")
        }
        guard let value = value(key) else { return }
        guard case .array(let elements) = value else { throw mismatch(key, "an array", value) }
        reserving(elements.count)
        for (index, element) in elements.enumerated() {
            try at(key) {
                try at("[\(index)]") { try body(try Fields(element)) }
            }
        }
    }

    /// The strings of the array at `key` (empty when absent).
    func strings(_ key: String) throws -> [String] {
        if case .null? = object[key] { throw mismatch(key, "an array of strings", .null) }
        guard let value = value(key) else { return [] }
        guard case .array(let elements) = value else { throw mismatch(key, "an array of strings", value) }
        return try elements.enumerated().map { index, element in
            guard case .string(let text) = element else {
                throw ShapeError(path: [key, "[\(index)]"], expected: "a string", found: element.typeName)
            }
            return text
        }
    }

    init(object: JSONObject) { self.object = object }
}
