import Foundation

/// A parsed JSON document. Objects keep their keys in document order so that warnings and
/// error paths read like the file.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The name of the JSON type, for "expected X, found Y" messages.
    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .integer, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A JSON object's members in document order. AWS objects are small, so a linear search is
/// faster than hashing every key.
public struct JSONObject: Sendable {
    public var members: [(key: String, value: JSONValue)]

    public subscript(key: String) -> JSONValue? {
        for member in members where member.key == key { return member.value }
        return nil
    }

    public var keys: [String] { members.map(\.key) }
}

/// Where a JSON document is not well-formed.
public struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var reason: String
    /// The keys and indexes of the containers the error is in, outermost first (`Subnets`,
    /// `[1]`), added on the way out of the parser so that the happy path pays nothing.
    public var path: [String] = []

    public init(line: Int, column: Int, reason: String, path: [String] = []) {
        self.line = line
        self.column = column
        self.reason = reason
        self.path = path
    }

    /// Where in the document the error is, as a JSON path: `$.Subnets[1].VpcId`.
    public var pathText: String { path.reduce("$") { $0 + ($1.hasPrefix("[") ? $1 : ".\($1)") } }

    public var description: String { "line \(line), column \(column): \(reason)" }

    /// The same error, one container further out: `component` is the key or `[index]` it was under.
    func inside(_ component: String) -> JSONSyntaxError {
        var error = self
        error.path.insert(component, at: 0)
        return error
    }
}

/// A small, strict JSON parser (RFC 8259) that works on bytes.
///
/// It exists because imports of organisation-sized exports are dominated by JSON parsing, and a
/// byte-level parser that builds one tree is several times faster than going through
/// Foundation's object graph; it also reports line and column for truncated files.
public struct JSONParser {
    public static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
        let bytes = [UInt8](data)
        var parser = Cursor(bytes: bytes)
        do {
            return try bytes.withUnsafeBufferPointer { buffer in
                parser.buffer = buffer
                parser.skipWhitespace()
                let value = try parser.parseValue(depth: 0)
                parser.skipWhitespace()
                if parser.index != buffer.count { throw parser.error("unexpected content after the JSON value") }
                return value
            }
        } catch let error as JSONSyntaxError {
            throw error
        } catch {
            throw JSONSyntaxError(line: 0, column: 0, reason: "\(error)")
        }
    }

    private struct Cursor {
        let bytes: [UInt8]
        var buffer: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)
        var index = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func error(_ reason: String) -> JSONSyntaxError {
            var line = 1
            var column = 1
            for position in 0..<min(index, buffer.count) {
                if buffer[position] == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
            return JSONSyntaxError(line: line, column: column, reason: reason)
        }

        /// What is at the cursor, for "expected X, found Y".
        func found() -> String {
            guard index < buffer.count else { return "the end of the file" }
            let byte = buffer[index]
            return (0x20..<0x7F).contains(byte) ? "'\(Character(UnicodeScalar(byte)))'" : "byte \(byte)"
        }

        mutating func skipWhitespace() {
            while index < buffer.count {
                switch buffer[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            guard depth < 512 else { throw error("nesting deeper than 512 levels") }
            guard index < buffer.count else {
                throw error("expected a JSON value, found the end of the file (is the file truncated?)")
            }
            switch buffer[index] {
            case UInt8(ascii: "{"): return try parseObject(depth: depth)
            case UInt8(ascii: "["): return try parseArray(depth: depth)
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
            default:
                throw error(
                    "expected a JSON value (an object, array, string, number, true, false or null), found \(found())")
            }
        }

        mutating func expectLiteral(_ literal: StaticString) throws(JSONSyntaxError) {
            let count = literal.utf8CodeUnitCount
            guard index + count <= buffer.count else {
                throw error("expected \(literal), found the end of the file (is the file truncated?)")
            }
            let pointer = literal.utf8Start
            for offset in 0..<count where buffer[index + offset] != pointer[offset] {
                throw error("expected \(literal), found \(found())")
            }
            index += count
        }

        mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            index += 1
            var members: [(key: String, value: JSONValue)] = []
            skipWhitespace()
            if index < buffer.count && buffer[index] == UInt8(ascii: "}") {
                index += 1
                return .object(JSONObject(members: members))
            }
            while true {
                skipWhitespace()
                guard index < buffer.count else {
                    throw error("expected a key in double quotes, found the end of the file (is the file truncated?)")
                }
                guard buffer[index] == UInt8(ascii: "\"") else {
                    throw error("expected a key in double quotes, found \(found())")
                }
                let key = try parseString()
                skipWhitespace()
                guard index < buffer.count, buffer[index] == UInt8(ascii: ":") else {
                    throw error(
                        "expected ':' after the key \"\(key)\", found \(found())\(index < buffer.count ? "" : " (is the file truncated?)")"
                    )
                }
                index += 1
                skipWhitespace()
                let value: JSONValue
                do {
                    value = try parseValue(depth: depth + 1)
                } catch {
                    throw error.inside(key)
                }
                members.append((key, value))
                skipWhitespace()
                guard index < buffer.count else {
                    throw error("expected ',' or '}' in an object, found the end of the file (is the file truncated?)")
                }
                if buffer[index] == UInt8(ascii: ",") {
                    index += 1
                } else if buffer[index] == UInt8(ascii: "}") {
                    index += 1
                    return .object(JSONObject(members: members))
                } else {
                    throw error("expected ',' or '}' in an object, found \(found())")
                }
            }
        }

        mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if index < buffer.count && buffer[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                do {
                    elements.append(try parseValue(depth: depth + 1))
                } catch {
                    throw error.inside("[\(elements.count)]")
                }
                skipWhitespace()
                guard index < buffer.count else {
                    throw error("expected ',' or ']' in an array, found the end of the file (is the file truncated?)")
                }
                if buffer[index] == UInt8(ascii: ",") {
                    index += 1
                } else if buffer[index] == UInt8(ascii: "]") {
                    index += 1
                    return .array(elements)
                } else {
                    throw error("expected ',' or ']' in an array, found \(found())")
                }
            }
        }

        mutating func parseString() throws(JSONSyntaxError) -> String {
            index += 1
            let start = index
            // Fast path: no escapes, the common case for AWS IDs and names.
            while index < buffer.count {
                let byte = buffer[index]
                if byte == UInt8(ascii: "\"") {
                    let slice = UnsafeBufferPointer(rebasing: buffer[start..<index])
                    index += 1
                    return String(decoding: slice, as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw error("control character in a string") }
                index += 1
            }
            var scratch = [UInt8](UnsafeBufferPointer(rebasing: buffer[start..<min(index, buffer.count)]))
            while index < buffer.count {
                let byte = buffer[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return String(decoding: scratch, as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") {
                    index += 1
                    guard index < buffer.count else { break }
                    let escape = buffer[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): scratch.append(0x22)
                    case UInt8(ascii: "\\"): scratch.append(0x5C)
                    case UInt8(ascii: "/"): scratch.append(0x2F)
                    case UInt8(ascii: "b"): scratch.append(0x08)
                    case UInt8(ascii: "f"): scratch.append(0x0C)
                    case UInt8(ascii: "n"): scratch.append(0x0A)
                    case UInt8(ascii: "r"): scratch.append(0x0D)
                    case UInt8(ascii: "t"): scratch.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try parseHex4()
                        if (0xD800...0xDBFF).contains(scalar) {
                            guard index + 1 < buffer.count, buffer[index] == UInt8(ascii: "\\"),
                                buffer[index + 1] == UInt8(ascii: "u")
                            else { throw error("unpaired surrogate in a \\u escape") }
                            index += 2
                            let low = try parseHex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw error("invalid surrogate pair") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                        scratch.append(contentsOf: Array(String(Character(unicode)).utf8))
                    default: throw error("invalid escape sequence")
                    }
                } else {
                    if byte < 0x20 { throw error("control character in a string") }
                    scratch.append(byte)
                    index += 1
                }
            }
            throw error("expected the closing '\"' of a string, found the end of the file (is the file truncated?)")
        }

        mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
            guard index + 4 <= buffer.count else { throw error("unexpected end of file in a \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = buffer[index]
                let digit: UInt32
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
                default: throw error("invalid hex digit in a \\u escape")
                }
                value = value << 4 | digit
                index += 1
            }
            return value
        }

        mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
            let start = index
            var isInteger = true
            if buffer[index] == UInt8(ascii: "-") { index += 1 }
            var digits = 0
            while index < buffer.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[index]) {
                index += 1
                digits += 1
            }
            guard digits > 0 else { throw error("invalid number") }
            if index < buffer.count, buffer[index] == UInt8(ascii: ".") {
                isInteger = false
                index += 1
                var fraction = 0
                while index < buffer.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[index]) {
                    index += 1
                    fraction += 1
                }
                guard fraction > 0 else { throw error("invalid number") }
            }
            if index < buffer.count, buffer[index] == UInt8(ascii: "e") || buffer[index] == UInt8(ascii: "E") {
                isInteger = false
                index += 1
                if index < buffer.count, buffer[index] == UInt8(ascii: "+") || buffer[index] == UInt8(ascii: "-") {
                    index += 1
                }
                var exponent = 0
                while index < buffer.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(buffer[index]) {
                    index += 1
                    exponent += 1
                }
                guard exponent > 0 else { throw error("invalid number") }
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
            if isInteger, let value = Int64(text) { return .integer(value) }
            guard let value = Double(text) else { throw error("invalid number") }
            return .double(value)
        }
    }
}
