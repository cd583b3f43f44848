import Dispatch

/// Work spread over every core, with results in index order so that the output never depends
/// on scheduling.
package enum Parallel {
    /// `(0..<count).map(body)`, computed concurrently. `body` must only read shared state.
    package static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        let results = Slots<T>(count: count)
        // Contiguous chunks, many more than cores, handed out as cores free up: that balances
        // the load, and neighbouring items (the functions of one VPC, the walks of one subnet)
        // stay on one core. Items share objects (a skeleton's hops, a subnet's IDs), and two
        // cores retaining the same object at once make its reference count bounce between
        // their caches.
        let chunks = min(count, 256)
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            for index in (chunk * count / chunks)..<((chunk + 1) * count / chunks) {
                results.set(index, body(index))
            }
        }
        return results.values()
    }

    /// One slot per index. Each index is written by exactly one chunk, and read only after
    /// `concurrentPerform` has returned, so the slots need no lock.
    private final class Slots<T>: @unchecked Sendable {
        private let buffer: UnsafeMutableBufferPointer<T?>

        init(count: Int) {
            buffer = .allocate(capacity: count)
            buffer.initialize(repeating: nil)
        }

        deinit {
            _ = buffer.deinitialize()
            buffer.deallocate()
        }

        func set(_ index: Int, _ value: T) { buffer[index] = value }

        func values() -> [T] { buffer.map { $0! } }
    }
}
