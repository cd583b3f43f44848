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

/// Where a JSON document is not well-formed, not readable text, or holds a value no AWS
/// export can hold.
public struct JSONSyntaxError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem it is: the importer words its message after it.
    public enum Kind: Sendable {
        /// Not JSON (RFC 8259): a truncated file, a missing comma.
        case syntax
        /// Not readable text: invalid UTF-8, or a UTF-16 file cut in the middle of a character.
        case encoding
        /// Well-formed JSON with a value that no AWS export holds and that could not be kept
        /// whole (a NUL character, which SQLite's text binding would cut the string at).
        case content
    }

    public var line: Int
    public var column: Int
    public var reason: String
    public var kind: Kind
    /// The keys and indexes of the containers the error is in, outermost first (`Subnets`,
    /// `[1]`), added on the way out of the parser so that the happy path pays nothing.
    public var path: [String] = []

    public init(line: Int, column: Int, reason: String, kind: Kind = .syntax, path: [String] = []) {
        self.line = line
        self.column = column
        self.reason = reason
        self.kind = kind
        self.path = path
    }

    /// Where in the document the error is, as a JSON path: `$.Subnets[1].VpcId`.
    public var pathText: String { JSONPath.text(path) }

    public var description: String { "line \(line), column \(column): \(reason)" }

    /// The same error, one container further out: `component` is the key or `[index]` it was under.
    func inside(_ component: String) -> JSONSyntaxError {
        var error = self
        error.path.insert(component, at: 0)
        return error
    }
}

/// JSON paths as messages print them.
enum JSONPath {
    /// `["Subnets", "[1]", "VpcId"]` -> `$.Subnets[1].VpcId`.
    static func text(_ components: [String]) -> String {
        components.reduce("$") { $0 + ($1.hasPrefix("[") ? $1 : ".\($1)") }
    }
}

/// A key that appears more than once in one JSON object. The parser keeps the last value, as
/// python's json module and jq do, at the position of the first.
public struct JSONDuplicateKey: Sendable, Hashable {
    /// The path to the key, outermost first: `["Vpcs", "[0]", "CidrBlock"]`.
    public var path: [String]
    public var pathText: String { JSONPath.text(path) }
}

/// A parsed file: its value, and what the parser noticed without refusing it.
public struct JSONDocument: Sendable {
    public var value: JSONValue
    /// Keys repeated inside one object (the last value was kept), in document order.
    public var duplicateKeys: [JSONDuplicateKey]
    /// The encoding the file was read in when it was not UTF-8 (`UTF-16, little-endian`):
    /// Windows PowerShell 5.1's `>` writes UTF-16.
    public var transcodedFrom: String?
}

/// A small, strict JSON parser (RFC 8259) that works on bytes.
///
/// It exists because imports of organisation-sized exports are dominated by JSON parsing, and a
/// byte-level parser that builds one tree is several times faster than going through
/// Foundation's object graph; it also reports line and column for truncated files.
///
/// Input is UTF-8, with or without a byte-order mark. UTF-16 and UTF-32 (with a byte-order mark,
/// or recognised by the NUL bytes around the first ASCII characters, RFC 4627 section 3) are
/// transcoded first. Strings are checked to be valid UTF-8, so that nothing is replaced by
/// U+FFFD on the way in: an ID that silently changed would be reported against another file.
public struct JSONParser {
    /// The value of `data`; see `parseDocument(_:)` for what it also notices.
    public static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
        try parseDocument([UInt8](data)).value
    }

    /// Parses a whole file.
    public static func parseDocument(_ input: [UInt8]) throws(JSONSyntaxError) -> JSONDocument {
        var bytes = input
        var origin = 0
        var transcodedFrom: String?
        switch TextEncoding.detect(input) {
        case .utf8: break
        case .utf8WithBOM: origin = 3
        case .wide(let encoding, let bomLength):
            bytes = try encoding.transcode(input, from: bomLength)
            transcodedFrom = encoding.name
        }
        var parser = Cursor(origin: origin)
        let value = try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) -> JSONValue in
            parser.buffer = buffer
            parser.skipWhitespace()
            let value = try parser.parseValue(depth: 0)
            parser.skipWhitespace()
            if parser.index != buffer.count { throw parser.error("unexpected content after the JSON value") }
            return value
        }
        return JSONDocument(value: value, duplicateKeys: parser.duplicates, transcodedFrom: transcodedFrom)
    }

    private struct Cursor {
        var buffer: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)
        var index: Int
        /// Where the text starts (after a UTF-8 byte-order mark), for line and column numbers.
        let origin: Int
        /// Whether the last string parsed had an escape, so that its bytes in the file are not
        /// its characters (for the duplicate-key filter).
        var lastStringHadEscape = false
        var duplicates: [JSONDuplicateKey] = []

        init(origin: Int) {
            self.origin = origin
            self.index = origin
        }

        func error(_ reason: String, kind: JSONSyntaxError.Kind = .syntax, at position: Int? = nil)
            -> JSONSyntaxError
        {
            var line = 1
            var column = 1
            for offset in origin..<min(position ?? index, buffer.count) {
                if buffer[offset] == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
            return JSONSyntaxError(line: line, column: column, reason: reason, kind: kind)
        }

        /// What is at the cursor, for "expected X, found Y".
        func found() -> String {
            guard index < buffer.count else { return "the end of the file" }
            let byte = buffer[index]
            if (0x20..<0x7F).contains(byte) { return "'\(Character(UnicodeScalar(byte)))'" }
            return byte < 0x80 ? "byte \(byte)" : "the non-ASCII byte \(hex(byte)) outside a string"
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

        /// Prefixes the paths of the duplicate keys found since `count` with `component`, on
        /// the way out of a container (as errors are), so that the common case pays one compare.
        mutating func prefixDuplicates(since count: Int, with component: String) {
            for position in count..<duplicates.count { duplicates[position].path.insert(component, at: 0) }
        }

        mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            index += 1
            var members: [(key: String, value: JSONValue)] = []
            skipWhitespace()
            if index < buffer.count && buffer[index] == UInt8(ascii: "}") {
                index += 1
                return .object(JSONObject(members: members))
            }
            // A 64-bit filter over the keys seen (their raw length and first and last bytes):
            // AWS objects never repeat a key, so the linear search for a repeat runs only when
            // two keys share a bit, or after a key with an escape (whose bytes are not its text).
            var seen: UInt64 = 0
            var escapedKey = false
            while true {
                skipWhitespace()
                guard index < buffer.count else {
                    throw error("expected a key in double quotes, found the end of the file (is the file truncated?)")
                }
                guard buffer[index] == UInt8(ascii: "\"") else {
                    throw error("expected a key in double quotes, found \(found())")
                }
                let keyStart = index + 1
                let key = try parseString()
                let keyEnd = index - 1
                var repeated: Int?
                let length = keyEnd - keyStart
                let bit: UInt64 =
                    length == 0
                    ? 1
                    : 1 << ((UInt64(length) &+ UInt64(buffer[keyStart]) &* 3 &+ UInt64(buffer[keyEnd - 1]) &* 5) & 63)
                if seen & bit != 0 || escapedKey || lastStringHadEscape {
                    repeated = members.firstIndex { $0.key == key }
                }
                seen |= bit
                escapedKey = escapedKey || lastStringHadEscape
                skipWhitespace()
                guard index < buffer.count, buffer[index] == UInt8(ascii: ":") else {
                    throw error(
                        "expected ':' after the key \"\(key)\", found \(found())\(index < buffer.count ? "" : " (is the file truncated?)")"
                    )
                }
                index += 1
                skipWhitespace()
                let value: JSONValue
                let duplicatesBefore = duplicates.count
                do {
                    value = try parseValue(depth: depth + 1)
                } catch {
                    throw error.inside(key)
                }
                if duplicates.count != duplicatesBefore { prefixDuplicates(since: duplicatesBefore, with: key) }
                if let repeated {
                    members[repeated].value = value
                    duplicates.append(JSONDuplicateKey(path: [key]))
                } else {
                    members.append((key, value))
                }
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
                let duplicatesBefore = duplicates.count
                do {
                    elements.append(try parseValue(depth: depth + 1))
                } catch {
                    throw error.inside("[\(elements.count)]")
                }
                if duplicates.count != duplicatesBefore {
                    prefixDuplicates(since: duplicatesBefore, with: "[\(elements.count - 1)]")
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
            // Every byte ORed together: a string of ASCII only (AWS IDs and names, nearly every
            // string) needs no UTF-8 check.
            var bits: UInt8 = 0
            lastStringHadEscape = false
            // Fast path: no escapes, the common case for AWS IDs and names.
            while index < buffer.count {
                let byte = buffer[index]
                if byte == UInt8(ascii: "\"") {
                    if bits >= 0x80 { try checkUTF8(from: start, to: index) }
                    let slice = UnsafeBufferPointer(rebasing: buffer[start..<index])
                    index += 1
                    return String(decoding: slice, as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { throw error("control character in a string") }
                bits |= byte
                index += 1
            }
            lastStringHadEscape = true
            var scratch = [UInt8](UnsafeBufferPointer(rebasing: buffer[start..<min(index, buffer.count)]))
            while index < buffer.count {
                let byte = buffer[index]
                if byte == UInt8(ascii: "\"") {
                    // Escapes are ASCII, so the raw bytes of the literal are valid UTF-8 exactly
                    // when the characters are.
                    if bits >= 0x80 { try checkUTF8(from: start, to: index) }
                    index += 1
                    return String(decoding: scratch, as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") {
                    let escapeStart = index
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
                        // SQLite's text binding ends a string at its first NUL: the value would
                        // be stored cut short. No AWS value holds one.
                        guard scalar != 0 else {
                            throw error(
                                "a NUL character (\\u0000) in a string: no AWS value holds one, and the inventory would keep only the part before it",
                                kind: .content, at: escapeStart)
                        }
                        UTF8.encode(unicode) { scratch.append($0) }
                    default: throw error("invalid escape sequence")
                    }
                } else {
                    if byte < 0x20 { throw error("control character in a string") }
                    bits |= byte
                    scratch.append(byte)
                    index += 1
                }
            }
            throw error("expected the closing '\"' of a string, found the end of the file (is the file truncated?)")
        }

        /// Throws at the first byte of `from..<to` that is not well-formed UTF-8 (RFC 3629: no
        /// overlong forms, no surrogates, nothing above U+10FFFF).
        func checkUTF8(from: Int, to end: Int) throws(JSONSyntaxError) {
            var position = from
            while position < end {
                let lead = buffer[position]
                if lead < 0x80 {
                    position += 1
                    continue
                }
                var length = 0
                var second: ClosedRange<UInt8> = 0x80...0xBF
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0:
                    length = 3
                    second = 0xA0...0xBF
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED:
                    length = 3
                    second = 0x80...0x9F
                case 0xF0:
                    length = 4
                    second = 0x90...0xBF
                case 0xF1...0xF3: length = 4
                case 0xF4:
                    length = 4
                    second = 0x80...0x8F
                default: length = 0
                }
                var valid = length > 0 && position + length <= end && second.contains(buffer[position + 1])
                if valid {
                    for offset in 2..<length where !(0x80...0xBF).contains(buffer[position + offset]) { valid = false }
                }
                guard valid else {
                    throw error(
                        "byte offset \(position) (\(hex(buffer[position]))) is not valid UTF-8: the file must be UTF-8 text (was it saved as Latin-1 or Windows-1252? re-save it as UTF-8)",
                        kind: .encoding, at: position)
                }
                position += length
            }
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
            // Too large for a Double (1e309) parses as infinity, which `Fields` reports as such.
            guard let value = Double(text) else { throw error("invalid number") }
            return .double(value)
        }
    }
}

/// `0xEF`, for messages about bytes.
private func hex(_ byte: UInt8) -> String {
    let digits = Array("0123456789ABCDEF")
    return "0x\(digits[Int(byte >> 4)])\(digits[Int(byte & 0x0F)])"
}

/// The encoding of a file, from its byte-order mark or, without one, from where the NUL bytes
/// are around its first two (ASCII) characters (RFC 4627, section 3).
private enum TextEncoding {
    case utf8
    case utf8WithBOM
    case wide(WideEncoding, bomLength: Int)

    static func detect(_ bytes: [UInt8]) -> TextEncoding {
        let count = bytes.count
        func at(_ offset: Int) -> UInt8? { offset < count ? bytes[offset] : nil }
        if at(0) == 0xEF && at(1) == 0xBB && at(2) == 0xBF { return .utf8WithBOM }
        if at(0) == 0x00 && at(1) == 0x00 && at(2) == 0xFE && at(3) == 0xFF {
            return .wide(WideEncoding(unitSize: 4, bigEndian: true), bomLength: 4)
        }
        if at(0) == 0xFF && at(1) == 0xFE && at(2) == 0x00 && at(3) == 0x00 {
            return .wide(WideEncoding(unitSize: 4, bigEndian: false), bomLength: 4)
        }
        if at(0) == 0xFE && at(1) == 0xFF { return .wide(WideEncoding(unitSize: 2, bigEndian: true), bomLength: 2) }
        if at(0) == 0xFF && at(1) == 0xFE { return .wide(WideEncoding(unitSize: 2, bigEndian: false), bomLength: 2) }
        guard count >= 2 else { return .utf8 }
        let nul = (0..<min(count, 4)).map { bytes[$0] == 0 }
        if count >= 4 {
            if nul[0] && nul[1] && nul[2] && !nul[3] {
                return .wide(WideEncoding(unitSize: 4, bigEndian: true), bomLength: 0)
            }
            if !nul[0] && nul[1] && nul[2] && nul[3] {
                return .wide(WideEncoding(unitSize: 4, bigEndian: false), bomLength: 0)
            }
        }
        if nul[0] && !nul[1] { return .wide(WideEncoding(unitSize: 2, bigEndian: true), bomLength: 0) }
        if !nul[0] && nul[1] { return .wide(WideEncoding(unitSize: 2, bigEndian: false), bomLength: 0) }
        return .utf8
    }
}

/// UTF-16 or UTF-32 in one byte order.
private struct WideEncoding {
    var unitSize: Int
    var bigEndian: Bool

    var name: String { "UTF-\(unitSize * 8), \(bigEndian ? "big" : "little")-endian" }

    /// The text of `bytes` from `start` as UTF-8; throws at the first byte that is not part of
    /// a character of this encoding.
    func transcode(_ bytes: [UInt8], from start: Int) throws(JSONSyntaxError) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count - start) / unitSize + 16)
        var line = 1
        var column = 1
        func failure(_ offset: Int, _ reason: String) -> JSONSyntaxError {
            JSONSyntaxError(
                line: line, column: column,
                reason:
                    "byte offset \(offset): \(reason): the file was read as \(name) (from its \(start > 0 ? "byte-order mark" : "NUL bytes")); re-save it as UTF-8",
                kind: .encoding)
        }
        func unit(_ offset: Int) -> UInt32 {
            var value: UInt32 = 0
            for index in 0..<unitSize {
                let byte = UInt32(bytes[offset + (bigEndian ? index : unitSize - 1 - index)])
                value = value << 8 | byte
            }
            return value
        }
        var offset = start
        while offset < bytes.count {
            guard offset + unitSize <= bytes.count else {
                throw failure(offset, "the file ends in the middle of a character")
            }
            var scalar = unit(offset)
            var next = offset + unitSize
            if unitSize == 2, (0xD800...0xDBFF).contains(scalar) {
                guard next + 2 <= bytes.count, (0xDC00...0xDFFF).contains(unit(next)) else {
                    throw failure(offset, "a high surrogate without its low surrogate")
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (unit(next) - 0xDC00)
                next += 2
            }
            guard let character = Unicode.Scalar(scalar) else {
                throw failure(offset, "\(String(scalar, radix: 16, uppercase: true)) is not a Unicode character")
            }
            UTF8.encode(character) { output.append($0) }
            if scalar == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            offset = next
        }
        return output
    }
}
