/// Growable bytes that are appended through a pointer. `[UInt8].append(contentsOf:)` costs
/// about a hundred instructions a call, whatever it copies, and a large audit's report makes
/// millions of short appends: keys, separators, indentation. Here an append checks the
/// capacity and copies.
///
/// A value type: a copy shares the bytes until one of the two appends (copy on write).
struct ByteBuffer: @unchecked Sendable {
    // `@unchecked Sendable`: the storage changes only through a uniquely referenced buffer
    // (`makeRoom`), so a buffer handed to another thread is never written by two.
    private final class Storage {
        @exclusivity(unchecked) var base: UnsafeMutablePointer<UInt8>
        @exclusivity(unchecked) var count = 0
        @exclusivity(unchecked) var capacity: Int

        init(capacity: Int) {
            self.capacity = Swift.max(capacity, 16)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }
    }

    private var storage: Storage

    init(capacity: Int = 1 << 16) { storage = Storage(capacity: capacity) }

    var count: Int { storage.count }
    var isEmpty: Bool { storage.count == 0 }

    /// Room for `extra` more bytes, in storage of this buffer's own.
    @inline(__always)
    private mutating func makeRoom(_ extra: Int) {
        if _slowPath(!isKnownUniquelyReferenced(&storage) || storage.count + extra > storage.capacity) {
            grow(extra)
        }
    }

    private mutating func grow(_ extra: Int) {
        let needed = storage.count + extra
        let capacity = needed > storage.capacity ? Swift.max(needed, storage.capacity * 2) : storage.capacity
        let copy = Storage(capacity: capacity)
        copy.base.update(from: storage.base, count: storage.count)
        copy.count = storage.count
        storage = copy
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        makeRoom(1)
        storage.base[storage.count] = byte
        storage.count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        makeRoom(bytes.count)
        let target = storage.base + storage.count
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
        storage.count += count
    }

    @inline(__always)
    mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Calls `body` with the bytes, valid only during the call.
    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: storage.base, count: storage.count))
    }

    /// The bytes, copied into an array.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: storage.base, count: storage.count)) }
}
