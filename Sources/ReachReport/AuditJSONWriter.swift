import ReachCore

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
    var document: [UInt8] { bytes + [UInt8(ascii: "\n")] }

    /// The document as text, with a final newline.
    var text: String { String(decoding: document, as: UTF8.self) }

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
            bytes.append(contentsOf: "null".utf8)
            return
        }
        appendQuoted(text)
    }

    /// One element of the current array per item, written by `write`: the same bytes as
    /// `for item in items { write(&self, item) }`, but chunks of items are written concurrently,
    /// each into a writer of its own at this depth, and appended in order.
    mutating func elements<Item: Sendable>(
        _ items: [Item], chunkSize: Int = 256, _ write: @escaping @Sendable (inout AuditJSONWriter, Item) -> Void
    ) {
        guard !items.isEmpty else { return }
        let chunks = (items.count + chunkSize - 1) / chunkSize
        let startsWithComma = open[open.count - 1].hasElements
        let depth = self.depth
        let parts = Parallel.map(chunks) { chunk in
            var part = AuditJSONWriter(capacity: 1 << 16)
            part.depth = depth
            part.open = [(hasElements: chunk > 0 || startsWithComma, lastKey: nil)]
            for item in items[(chunk * chunkSize)..<min(items.count, (chunk + 1) * chunkSize)] { write(&part, item) }
            return part.bytes
        }
        for part in parts { bytes.append(contentsOf: part) }
        open[open.count - 1].hasElements = true
    }

    mutating func strings(_ texts: [String]) { array { for text in texts { $0.string(text) } } }

    mutating func int(_ number: Int) {
        beginValue()
        bytes.append(contentsOf: String(number).utf8)
    }

    mutating func bool(_ flag: Bool) {
        beginValue()
        bytes.append(contentsOf: (flag ? "true" : "false").utf8)
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// A JSON string: quotes, backslashes and control characters escaped, the rest as UTF-8.
    /// Runs of bytes that need no escape (nearly all of them) are copied in one piece.
    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                start = index + 1
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                default:
                    bytes.append(contentsOf: [
                        UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                    ])
                    bytes.append(Self.hex[Int(byte >> 4)])
                    bytes.append(Self.hex[Int(byte & 0xF)])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
