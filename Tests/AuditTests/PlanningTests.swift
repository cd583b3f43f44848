import Foundation
import ReachInventory
import Testing

@testable import ReachCore

/// How the audit numbers its work: walks are numbered by (skeleton, group set) pairs.
@Suite("Audit planning")
struct PlanningTests {
    @Test("pairs are numbered in the order they first come, as a dictionary numbers them")
    func pairNumbers() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<20 {
            // Small ranges make repeats common; large ones reach the upper bits of the key.
            let range = round % 2 == 0 ? 0..<8 : 0..<(1 << 31)
            let pairs = (0..<(50 + round * 40)).map { _ in
                (Int.random(in: range, using: &generator), Int.random(in: range, using: &generator))
            }
            var table = Audit.PairNumbers(capacity: pairs.count)
            var expected: [[Int]: Int] = [:]
            var added = 0
            for (first, second) in pairs {
                let number = table.index(of: first, second) { added += 1 }
                let known = expected[[first, second]]
                if known == nil { expected[[first, second]] = expected.count }
                #expect(number == expected[[first, second]], "(\(first), \(second))")
            }
            #expect(table.count == expected.count && added == expected.count)
        }
        // The extremes of the key, and pairs that differ only by which number is which.
        var table = Audit.PairNumbers(capacity: 4)
        #expect(table.index(of: 0, 0) {} == 0)
        #expect(table.index(of: (1 << 32) - 1, (1 << 32) - 1) {} == 1)
        #expect(table.index(of: 1, 0) {} == 2)
        #expect(table.index(of: 0, 1) {} == 3)
        #expect(table.index(of: 0, 0) {} == 0 && table.index(of: 1, 0) {} == 2)
        #expect(table.index(of: (1 << 32) - 1, (1 << 32) - 1) {} == 1 && table.count == 4)
    }
}
