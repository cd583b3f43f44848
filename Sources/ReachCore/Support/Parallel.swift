import Dispatch

/// Work spread over every core, with results in index order so that the output never depends
/// on scheduling.
package enum Parallel {
    /// `(0..<count).map(body)`, computed concurrently. `body` must only read shared state.
    package static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        return Results(count, body).array()
    }

    /// `map`, kept as `Results`: values that are freed on every core when the last reference
    /// to them goes.
    package static func results<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> Results<T> {
        Results(count, body)
    }

    /// `first()` and `second()`, computed at once on two cores. Both must only read shared
    /// state.
    package static func both<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B)
        -> (A, B)
    {
        // Each of the two iterations writes its own result only, and both are read after
        // concurrentPerform returns, which waits for them.
        nonisolated(unsafe) var a: A?
        nonisolated(unsafe) var b: B?
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 { a = first() } else { b = second() }
        }
        return (a!, b!)
    }

    /// Runs `body` on contiguous chunks of `0..<count`, many more chunks than cores, handed out
    /// as cores free up: that balances the load, and neighbouring items (the functions of one
    /// VPC, the walks of one subnet) stay on one core. Items share objects (a skeleton's hops,
    /// a subnet's IDs), and two cores retaining the same object at once make its reference
    /// count bounce between their caches.
    static func chunks(_ count: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let chunks = min(count, 256)
        guard chunks > 0 else { return }
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            body((chunk * count / chunks)..<((chunk + 1) * count / chunks))
        }
    }

    /// Values computed concurrently, in index order. Freeing a large audit's walks (hundreds
    /// of thousands of paths) one by one on one core was a tenth of the run: these are freed
    /// by chunks on every core.
    package final class Results<T: Sendable>: RandomAccessCollection, @unchecked Sendable {
        // Every element is initialized exactly once, by the chunk that owns its index, before
        // `init` returns; after that the buffer is only read, until `deinit`.
        private let buffer: UnsafeMutableBufferPointer<T>

        init(_ count: Int, _ body: @Sendable (Int) -> T) {
            // Each chunk writes its own indices only.
            nonisolated(unsafe) let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: count)
            Parallel.chunks(count) { range in
                for index in range { (buffer.baseAddress! + index).initialize(to: body(index)) }
            }
            self.buffer = buffer
        }

        /// Results that were computed already.
        package convenience init(_ values: [T]) { self.init(values.count) { values[$0] } }

        deinit {
            nonisolated(unsafe) let buffer = self.buffer
            Parallel.chunks(buffer.count) { range in
                (buffer.baseAddress! + range.lowerBound).deinitialize(count: range.count)
            }
            buffer.deallocate()
        }

        package var startIndex: Int { 0 }
        package var endIndex: Int { buffer.count }
        package subscript(index: Int) -> T { buffer[index] }

        /// The values as an array (copied: each element retained once more).
        func array() -> [T] { Array(buffer) }
    }
}
