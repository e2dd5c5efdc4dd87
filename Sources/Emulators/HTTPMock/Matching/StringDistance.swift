/// Normalised Levenshtein distance, as WireMock uses to rank near misses of string matchers.
enum StringDistance {
    /// 0 for equal strings, 1 for nothing in common; inputs are capped so a huge body cannot stall ranking.
    static func normalized(_ a: String, _ b: String) -> Double {
        let left = Array(a.unicodeScalars.prefix(2_000))
        let right = Array(b.unicodeScalars.prefix(2_000))
        let longest = max(left.count, right.count)
        guard longest > 0 else { return 0 }
        var previous = Array(0...right.count)
        var current = [Int](repeating: 0, count: right.count + 1)
        for i in 1...max(left.count, 1) where !left.isEmpty {
            current[0] = i
            for j in stride(from: 1, through: right.count, by: 1) {
                let cost = left[i - 1] == right[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        let edits = left.isEmpty ? right.count : previous[right.count]
        return Double(edits) / Double(longest)
    }
}
