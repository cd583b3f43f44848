/// Suggestions for a name that is not in the inventory.
public enum CloseMatches {
    /// Up to five names close to `text`: containing it, or within a small edit distance.
    public static func find(_ text: String, in names: Set<String>) -> [String] {
        let lower = text.lowercased()
        let scored = names.map { name -> (String, Int) in
            let candidate = name.lowercased()
            if candidate.contains(lower) || lower.contains(candidate) { return (name, 0) }
            return (name, distance(lower, candidate))
        }
        let limit = max(2, lower.count / 3)
        return scored.filter { $0.1 <= limit }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }.prefix(5).map(\.0)
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
