import Testing

@testable import ReachInventory

/// The merge of a group's security-group rules (repeats dropped, a repeat's rule ID lent to the
/// first copy without one) has two strategies, chosen by the list's length: both must give
/// exactly what the rule says, checked against a plain reading of it.
@Suite("security-group rule merge")
struct RuleMergeTests {
    /// The rule as written: keep the first copy of each identity, in order; a later copy's
    /// rule ID fills the first copy's when it has none.
    static func oracle(_ rules: [SecurityGroupRuleValue]) -> [SecurityGroupRuleValue] {
        var out: [SecurityGroupRuleValue] = []
        for rule in rules {
            if let index = out.firstIndex(where: { $0.identity == rule.identity }) {
                if out[index].ruleId == nil { out[index].ruleId = rule.ruleId }
            } else {
                out.append(rule)
            }
        }
        return out
    }

    @Test("random lists with repeats, peers missing or empty: both strategies match the rule")
    func againstOracle() {
        // A seeded generator: the same cases on every run. Small pools of values make repeats
        // common; a peer field is missing (nil) or empty, which count as the same.
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func peer(_ values: [String]) -> String? {
            let pick = next(values.count + 2)
            return pick == values.count ? nil : pick == values.count + 1 ? "" : values[pick]
        }
        var repeats = 0
        for _ in 0..<3000 {
            let rules = (0..<next(40)).map { _ in
                let ports: (Int?, Int?) = [(nil, nil), (443, 443), (0, 65535)][next(3)]
                return SecurityGroupRuleValue(
                    groupId: ["sg-0a", "sg-0b"][next(2)], isEgress: next(2) == 0,
                    ruleId: next(3) == 0 ? "sgr-\(next(50))" : nil, ipProtocol: ["tcp", "-1"][next(2)],
                    fromPort: ports.0, toPort: ports.1, cidrIPv4: peer(["10.0.0.0/8"]), cidrIPv6: peer(["::/0"]),
                    prefixListId: peer(["pl-63a5400a"]), referencedGroupId: peer(["sg-0c"]),
                    description: next(2) == 0 ? "first wins" : nil)
            }
            let expected = Self.oracle(rules)
            repeats += rules.count - expected.count
            #expect(ImportWriter.mergedByComparing(rules) == expected, "\(rules)")
            #expect(ImportWriter.mergedByHashing(rules) == expected, "\(rules)")
            #expect(ImportWriter.merged(rules) == expected)
        }
        // The cases exercise what they are for.
        #expect(repeats > 2000)
    }
}
