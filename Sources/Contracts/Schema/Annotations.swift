/// Which object members (by position) and array items (by index) some keyword has evaluated at one
/// instance location: the annotations `unevaluatedProperties`/`unevaluatedItems` depend on.
struct Annotations {
    var members = IndexBits()
    var items = IndexBits()

    mutating func merge(_ other: Annotations) {
        members.formUnion(other.members)
        items.formUnion(other.items)
    }
}

/// A set of small non-negative integers: one inline word for the first 64, an array beyond.
struct IndexBits {
    private var low: UInt64 = 0
    private var high: [UInt64] = []

    func contains(_ i: Int) -> Bool {
        if i < 64 { return low & (1 << UInt64(i)) != 0 }
        let w = i / 64 - 1
        return w < high.count && high[w] & (1 << UInt64(i % 64)) != 0
    }

    mutating func insert(_ i: Int) {
        if i < 64 {
            low |= 1 << UInt64(i)
            return
        }
        let w = i / 64 - 1
        if w >= high.count { high += [UInt64](repeating: 0, count: w - high.count + 1) }
        high[w] |= 1 << UInt64(i % 64)
    }

    mutating func insertAll(below count: Int) {
        if count >= 64 {
            low = .max
            for i in 64..<count { insert(i) }
        } else if count > 0 {
            low |= (1 << UInt64(count)) &- 1
        }
    }

    mutating func formUnion(_ other: IndexBits) {
        low |= other.low
        if other.high.count > high.count { high += [UInt64](repeating: 0, count: other.high.count - high.count) }
        for i in other.high.indices { high[i] |= other.high[i] }
    }
}
