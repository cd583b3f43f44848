/// Growable bytes that are appended through a pointer. `[UInt8].append(contentsOf:)` costs
/// about a hundred instructions a call, whatever it copies, and a large audit's report makes
/// millions of short appends: keys, separators, indentation. Here an append checks the
/// capacity and copies.
///
/// A class, not a copy-on-write value: a value's every append first asks the runtime whether
/// its storage is shared, and that call was 1% of a large audit's instructions (ten million
/// appends). A buffer is written by one writer, then handed on to be read, never written again.
final class ByteBuffer: @unchecked Sendable {
    // `@unchecked Sendable`: a buffer is appended to by the one thread that writes it, and only
    // read once handed to another (`AuditJSONWriter` makes a new one for what comes next).
    // Exclusivity is unchecked for the same reason, and because the dynamic check of every
    // access would cost more than the append it guards.
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private var capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// Room for `extra` more bytes.
    @inline(__always)
    private func makeRoom(_ extra: Int) {
        if _slowPath(count + extra > capacity) { grow(extra) }
    }

    private func grow(_ extra: Int) {
        let capacity = Swift.max(count + extra, self.capacity * 2)
        let larger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        larger.update(from: base, count: count)
        base.deallocate()
        base = larger
        self.capacity = capacity
    }

    func append(_ byte: UInt8) {
        makeRoom(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        makeRoom(bytes.count)
        let target = base + count
        // Most appends are a few bytes (a key, a comma, indentation): copied here, without
        // the call to memcpy. From 8 to 16 bytes, as two words that may overlap.
        let count = bytes.count
        if count >= 8 && count <= 16 {
            let (head, tail) = (
                UnsafeRawPointer(source).loadUnaligned(as: UInt64.self),
                UnsafeRawPointer(source + count - 8).loadUnaligned(as: UInt64.self)
            )
            UnsafeMutableRawPointer(target).storeBytes(of: head, as: UInt64.self)
            UnsafeMutableRawPointer(target + count - 8).storeBytes(of: tail, as: UInt64.self)
        } else if count < 8 {
            for offset in 0..<count { target[offset] = source[offset] }
        } else {
            target.update(from: source, count: count)
        }
        self.count += count
    }

    @inline(__always)
    func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Calls `body` with the bytes, valid only during the call.
    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// The bytes, copied into an array.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
