/// A JSON writer that streams into one byte buffer: an audit of a large organisation has tens
/// of thousands of findings, which `JSONEncoder` would first build as a tree of boxed values.
/// The output has the shape `JSONEncoder` gives with `.sortedKeys, .prettyPrinted`: keys in
/// ascending order (callers write them so; debug builds check it), two-space indentation.
///
/// ```swift
/// var out = AuditJSONWriter()
/// out.object {
///     $0.field("rule") { $0.string("single-az") }
///     $0.field("severity") { $0.string("warning") }
/// }
/// let text = out.text
/// ```
struct AuditJSONWriter {
    private(set) var bytes: [UInt8] = []
    private var depth = 0
    /// Per open container: whether it has an element yet, and the last key written.
    private var open: [(hasElements: Bool, lastKey: String?)] = []
    private var afterKey = false

    init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    /// The document, with a final newline.
    var text: String { String(decoding: bytes + [UInt8(ascii: "\n")], as: UTF8.self) }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }

    /// Before a value: the comma and line break an array element needs.
    private mutating func beginValue() {
        if afterKey {
            afterKey = false
            return
        }
        guard !open.isEmpty else { return }
        if open[open.count - 1].hasElements { bytes.append(UInt8(ascii: ",")) }
        open[open.count - 1].hasElements = true
        newline()
    }

    private mutating func container(_ opening: Character, _ closing: Character, _ body: (inout AuditJSONWriter) -> Void)
    {
        beginValue()
        bytes.append(opening.asciiValue!)
        open.append((false, nil))
        depth += 1
        body(&self)
        depth -= 1
        if open.removeLast().hasElements { newline() }
        bytes.append(closing.asciiValue!)
    }

    mutating func object(_ body: (inout AuditJSONWriter) -> Void) { container("{", "}", body) }

    mutating func array(_ body: (inout AuditJSONWriter) -> Void) { container("[", "]", body) }

    /// One member of the current object; `value` writes its value.
    mutating func field(_ key: String, _ value: (inout AuditJSONWriter) -> Void) {
        assert(
            open.last?.lastKey.map { $0 < key } ?? true,
            "JSON keys out of order: \(key) after \(open.last?.lastKey ?? "")")
        if open[open.count - 1].hasElements { bytes.append(UInt8(ascii: ",")) }
        open[open.count - 1].hasElements = true
        open[open.count - 1].lastKey = key
        newline()
        appendQuoted(key)
        bytes.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: ":"), UInt8(ascii: " ")])
        afterKey = true
        value(&self)
    }

    mutating func field(_ key: String, _ text: String?) { field(key) { $0.string(text) } }

    mutating func field(_ key: String, _ number: Int) { field(key) { $0.int(number) } }

    mutating func field(_ key: String, _ flag: Bool) { field(key) { $0.bool(flag) } }

    mutating func field(_ key: String, strings: [String]) { field(key) { $0.strings(strings) } }

    mutating func string(_ text: String?) {
        beginValue()
        guard let text else {
            bytes.append(contentsOf: Array("null".utf8))
            return
        }
        appendQuoted(text)
    }

    mutating func strings(_ texts: [String]) { array { for text in texts { $0.string(text) } } }

    mutating func int(_ number: Int) {
        beginValue()
        bytes.append(contentsOf: Array(String(number).utf8))
    }

    mutating func bool(_ flag: Bool) {
        beginValue()
        bytes.append(contentsOf: Array((flag ? "true" : "false").utf8))
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// A JSON string: quotes, backslashes and control characters escaped, the rest as UTF-8.
    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
