/// A small deterministic PRNG (SplitMix64, Steele/Lea/Flood 2014): the same seed gives the same
/// topology on every platform and Swift version, which `SystemRandomNumberGenerator` does not.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `range` (the modulo bias is irrelevant for ranges this small).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    mutating func pick<T>(_ items: [T]) -> T {
        precondition(!items.isEmpty)
        return items[int(0...(items.count - 1))]
    }

    /// Picks by weight: `[(3, a), (1, b)]` gives a three times out of four.
    mutating func weighted<T>(_ items: [(Int, T)]) -> T {
        let total = items.reduce(0) { $0 + $1.0 }
        var roll = int(0...(total - 1))
        for (weight, item) in items {
            if roll < weight { return item }
            roll -= weight
        }
        return items[items.count - 1].1
    }

    /// `count` distinct items in random order.
    mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        var pool = items
        var result: [T] = []
        for _ in 0..<min(count, pool.count) { result.append(pool.remove(at: int(0...(pool.count - 1)))) }
        return result
    }
}
