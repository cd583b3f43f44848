import Dispatch
import ReachCore

/// A JSON writer that streams into byte buffers: an audit of a large organisation has tens
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
/// let text = out.finishText()
/// ```
struct AuditJSONWriter {
    /// The document so far: finished pieces, then the one being written. `elements` adds the
    /// pieces its concurrent writers made as they are, so a document of tens of megabytes is
    /// never copied into one buffer. With a sink, finished pieces go there at once instead,
    /// and their memory is reused for the next ones.
    private var pieces: [ByteBuffer] = []
    /// A class, not a value (see `ByteBuffer`): a writer is used in place (`inout`), and two
    /// copies of one would append to the same bytes.
    private var bytes: ByteBuffer
    private let sink: (@Sendable (UnsafeRawBufferPointer) -> Void)?
    private var depth = 0
    /// Per open container, innermost in the lowest bit: whether it has an element yet. Bits,
    /// not a `[Bool]`: every container of a million-line document pushes and pops one, and an
    /// array checks its uniqueness and capacity each time.
    private var open = OpenContainers()
    #if DEBUG
        /// Per open container: the last key written, to check that keys come in order.
        private var lastKeys: [String] = []
    #endif
    private var afterKey = false

    /// A writer that keeps the document (`finish` returns it), or hands each finished piece to
    /// `sink` as soon as it is complete, in document order.
    init(capacity: Int = 1 << 16, sink: (@Sendable (UnsafeRawBufferPointer) -> Void)? = nil) {
        self.sink = sink
        bytes = ByteBuffer(capacity: capacity)
    }

    private mutating func emit(_ piece: ByteBuffer) {
        if let sink { piece.withUnsafeBytes(sink) } else { pieces.append(piece) }
    }

    /// The document in pieces, with a final newline, to be written one after the other (none
    /// left when the writer has a sink: it has had them all).
    consuming func finish() -> [[UInt8]] {
        bytes.append(UInt8(ascii: "\n"))
        emit(bytes)
        return pieces.map(\.array)
    }

    /// The document as text, with a final newline.
    consuming func finishText() -> String {
        var text = ""
        for piece in finish() { text += String(decoding: piece, as: UTF8.self) }
        return text
    }

    /// A line break and enough spaces for the deepest indentation the reports use. Static text
    /// the writer copies from (this, the key separator) is kept outside any array: slicing or
    /// appending an array retains and releases it, on every line of a document of a million
    /// lines.
    private static let lineBreak: StaticString = "\n                                                                "

    /// A line break and the indentation of `depth`: one append, up to 32 levels.
    private mutating func newline() {
        var count = 1 + depth * 2
        if _fastPath(count <= Self.lineBreak.utf8CodeUnitCount) {
            bytes.append(UnsafeBufferPointer(start: Self.lineBreak.utf8Start, count: count))
            return
        }
        var start = Self.lineBreak.utf8Start
        while count > 0 {
            let run = min(count, Self.lineBreak.utf8CodeUnitCount - (start - Self.lineBreak.utf8Start))
            bytes.append(UnsafeBufferPointer(start: start, count: run))
            count -= run
            // Deeper still: the rest are spaces, from after the line break.
            start = Self.lineBreak.utf8Start + 1
        }
    }

    /// Before a value: the comma and line break an array element needs.
    private mutating func beginValue() {
        if afterKey {
            afterKey = false
            return
        }
        guard !open.isEmpty else { return }
        nextInContainer()
    }

    /// The comma after the innermost container's previous element or member, if it has one,
    /// and the line break before the next: for an array element and an object member alike.
    /// Inlined: it runs on every line of a report, and as a call it cost 4 M instructions more
    /// on the 100-VPC audit.
    @inline(__always)
    private mutating func nextInContainer() {
        if open.innermostHasElement { bytes.append(UInt8(ascii: ",")) }
        open.innermostHasElement = true
        newline()
    }

    private mutating func container(_ opening: UInt8, _ closing: UInt8, _ body: (inout AuditJSONWriter) -> Void) {
        beginValue()
        bytes.append(opening)
        open.push()
        #if DEBUG
            lastKeys.append("")
        #endif
        depth += 1
        body(&self)
        depth -= 1
        #if DEBUG
            lastKeys.removeLast()
        #endif
        if open.pop() { newline() }
        bytes.append(closing)
    }

    mutating func object(_ body: (inout AuditJSONWriter) -> Void) {
        container(UInt8(ascii: "{"), UInt8(ascii: "}"), body)
    }

    mutating func array(_ body: (inout AuditJSONWriter) -> Void) {
        container(UInt8(ascii: "["), UInt8(ascii: "]"), body)
    }

    /// One member of the current object; `value` writes its value. Keys are literals that
    /// need no escaping (debug builds check it, and their order).
    mutating func field(_ key: StaticString, _ value: (inout AuditJSONWriter) -> Void) {
        let keyBytes = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        #if DEBUG
            let name = key.description
            assert(!keyBytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }, "JSON key needs escaping: \(name)")
            assert(lastKeys[lastKeys.count - 1] < name, "JSON keys out of order: \(name) after \(lastKeys.last!)")
            lastKeys[lastKeys.count - 1] = name
        #endif
        nextInContainer()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(keyBytes)
        bytes.append(Self.keySeparator)
        afterKey = true
        value(&self)
    }

    private static let keySeparator: StaticString = "\" : "

    mutating func field(_ key: StaticString, _ text: String?) { field(key) { $0.string(text) } }

    mutating func field(_ key: StaticString, _ number: Int) { field(key) { $0.int(number) } }

    mutating func field(_ key: StaticString, _ flag: Bool) { field(key) { $0.bool(flag) } }

    mutating func field(_ key: StaticString, strings: [String]) { field(key) { $0.strings(strings) } }

    mutating func string(_ text: String?) {
        beginValue()
        guard let text else {
            bytes.append("null" as StaticString)
            return
        }
        appendQuoted(text)
    }

    /// One element of the current array per item, written by `write`: the same bytes as
    /// `for item in items { write(&self, item) }`, but chunks of items are written concurrently,
    /// each into a writer of its own at this depth, and kept as pieces of the document.
    ///
    /// The defaults make waves of 512 items: a function's row is about 4 KB, so a wave of rows
    /// is a couple of megabytes, small enough that the last one, written out when nothing is
    /// left to render, is short (waves of 4,096 items were measured 15 to 30 ms slower).
    mutating func elements<Item: Sendable>(
        _ items: [Item], chunkSize: Int = 64, wave: Int = 8,
        _ write: @escaping @Sendable (inout AuditJSONWriter, Item) -> Void
    ) {
        guard !items.isEmpty else { return }
        let chunks = (items.count + chunkSize - 1) / chunkSize
        let startsWithComma = open.innermostHasElement
        let depth = self.depth
        emit(bytes)
        bytes = ByteBuffer(capacity: 1 << 16)
        // Chunks are written a wave at a time. With a sink, a wave's pieces go to it on another
        // thread while the next wave is written: handing tens of megabytes to write(2) is a
        // kernel copy, and done between waves it left the other cores idle. At most two waves
        // are held, so a few megabytes of buffers are reused instead of the whole document
        // being held (fresh memory costs a page fault per page).
        let sending = DispatchGroup()
        for first in stride(from: 0, to: chunks, by: wave) {
            let parts = Parallel.map(min(wave, chunks - first)) { offset in
                let chunk = first + offset
                var part = AuditJSONWriter(capacity: 1 << 16)
                part.depth = depth
                part.open = OpenContainers(innermostHasElement: chunk > 0 || startsWithComma)
                #if DEBUG
                    part.lastKeys = [""]
                #endif
                for index in (chunk * chunkSize)..<min(items.count, (chunk + 1) * chunkSize) {
                    write(&part, items[index])
                }
                return part.bytes
            }
            // The previous wave is out before this one goes: the sink sees the document in order.
            sending.wait()
            if let sink {
                sending.enter()
                DispatchQueue.global().async {
                    for part in parts { part.withUnsafeBytes(sink) }
                    sending.leave()
                }
            } else {
                pieces += parts
            }
        }
        sending.wait()
        open.innermostHasElement = true
    }

    mutating func strings(_ texts: [String]) { array { for text in texts { $0.string(text) } } }

    mutating func int(_ number: Int) {
        beginValue()
        bytes.append(String(number))
    }

    mutating func bool(_ flag: Bool) {
        beginValue()
        bytes.append(flag ? "true" as StaticString : "false")
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// Whether any of the eight bytes of `word` needs an escape in a JSON string: a control
    /// character (below 0x20), a quote or a backslash. A byte of 0x80 or more (UTF-8 beyond
    /// ASCII) never does. These are the classic word-at-a-time tests "has a byte less than n"
    /// and "has a zero byte" (of the word XOR the byte sought): their yes/no is exact.
    static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quotes = word ^ (ones &* 0x22)
        let backslashes = word ^ (ones &* 0x5C)
        let control = (word &- ones &* 0x20) & ~word
        let quote = (quotes &- ones) & ~quotes
        let backslash = (backslashes &- ones) & ~backslashes
        return (control | quote | backslash) & (ones &* 0x80) != 0
    }

    /// A JSON string: quotes, backslashes and control characters escaped, the rest as UTF-8.
    /// Runs of bytes that need no escape (nearly all of them) are copied in one piece, and
    /// found eight bytes at a time: the scan is most of the cost of writing a report.
    private mutating func appendQuoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            let raw = UnsafeRawBufferPointer(utf8)
            var start = 0
            var index = 0
            while index < utf8.count {
                if index &+ 8 <= utf8.count {
                    if !Self.needsEscape(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) {
                        index &+= 8
                        continue
                    }
                } else if utf8.count >= 8,
                    !Self.needsEscape(raw.loadUnaligned(fromByteOffset: utf8.count &- 8, as: UInt64.self))
                {
                    // Fewer than eight bytes left: the word that ends the text holds them (and
                    // bytes scanned already), and none of them needs an escape.
                    index = utf8.count
                    break
                }
                let byte = utf8[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else {
                    index += 1
                    continue
                }
                bytes.append(UnsafeBufferPointer(rebasing: utf8[start..<index]))
                index += 1
                start = index
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
                case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
                default:
                    bytes.append("u00" as StaticString)
                    bytes.append(Self.hex[Int(byte >> 4)])
                    bytes.append(Self.hex[Int(byte & 0xF)])
                }
            }
            bytes.append(UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

/// The open containers of an `AuditJSONWriter`, as a stack of bits: whether each has an
/// element yet, the innermost in the lowest bit. Past 64 levels, the outer ones' bits move
/// to an array (reports nest a few levels; the writer takes any depth).
private struct OpenContainers {
    private var bits: UInt64 = 0
    private var count = 0
    private var deeper: [Bool] = []

    init() {}

    /// One open container, as an element writer of `elements` starts inside its array.
    init(innermostHasElement: Bool) {
        count = 1
        bits = innermostHasElement ? 1 : 0
    }

    var isEmpty: Bool { count == 0 }

    var innermostHasElement: Bool {
        get { bits & 1 != 0 }
        set { bits = newValue ? bits | 1 : bits & ~1 }
    }

    /// A container opened, with no element yet.
    mutating func push() {
        if count >= 64 { deeper.append(bits >> 63 != 0) }
        bits <<= 1
        count += 1
    }

    /// Closes the innermost container; whether it had an element.
    mutating func pop() -> Bool {
        let hadElement = bits & 1 != 0
        bits >>= 1
        count -= 1
        if count >= 64, deeper.removeLast() { bits |= 1 << 63 }
        return hadElement
    }
}
