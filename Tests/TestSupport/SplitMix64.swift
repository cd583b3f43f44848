/// A small deterministic PRNG (SplitMix64, Steele/Lea/Flood 2014): the same seed gives the same
/// topologies and mutations on every platform and Swift version, which
/// `SystemRandomNumberGenerator` does not, so that a seed or case number found on one machine is
/// the same case on another.
public struct SplitMix64 {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The generator of case `index` of a run seeded with `seed`: each case draws from its own
    /// stream, so that one case can be replayed alone (LAMBDA_REACH_FUZZ_FIRST) and a change to
    /// how many numbers one case draws does not shift every later case.
    public init(seed: UInt64, case index: Int) {
        var mixer = SplitMix64(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `range` (the modulo bias is irrelevant for ranges this small).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// True with probability `percent`/100.
    public mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    public mutating func pick<T>(_ items: [T]) -> T {
        precondition(!items.isEmpty)
        return items[int(0...(items.count - 1))]
    }

    /// Picks by weight: `[(3, a), (1, b)]` gives a three times out of four. Items of weight 0
    /// are never picked.
    public mutating func weighted<T>(_ items: [(Int, T)]) -> T {
        let total = items.reduce(0) { $0 + $1.0 }
        precondition(total > 0)
        var roll = int(0...(total - 1))
        for (weight, item) in items {
            if roll < weight { return item }
            roll -= weight
        }
        return items[items.count - 1].1
    }

    /// `count` distinct items in random order.
    public mutating func sample<T>(_ items: [T], count: Int) -> [T] {
        var pool = items
        var result: [T] = []
        for _ in 0..<min(count, pool.count) { result.append(pool.remove(at: int(0...(pool.count - 1)))) }
        return result
    }
}
