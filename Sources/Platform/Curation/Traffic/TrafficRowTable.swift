/// The best row so far of each reading_id: an arena holding the rows' bytes and an open-addressing hash
/// table of their offsets (linear probing, at most half full).
struct TrafficRowTable {
    private var arena: [UInt8] = []
    /// Arena offset + 1 of the row in each slot; 0 for an empty slot.
    private var slots: [Int] = Array(repeating: 0, count: 1024)
    private var hashes: [UInt64] = Array(repeating: 0, count: 1024)
    private(set) var count = 0

    /// Keeps `row` when its reading_id is new or it precedes the row kept for that id.
    mutating func offer(_ row: TrafficStagedRow, hash: UInt64) {
        if (count + 1) * 2 > slots.count { grow() }
        let id = row.bytes(.readingID)!
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            if hashes[slot] == hash {
                let kept = arenaRow(slots[slot] - 1)
                if kept.bytes(.readingID)!.elementsEqual(id) {
                    if row.precedes(kept) { slots[slot] = append(row) + 1 }
                    return
                }
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = append(row) + 1
        hashes[slot] = hash
        count += 1
    }

    /// Calls `body` with every kept row.
    func forEach(_ body: (TrafficStagedRow) throws -> Void) throws {
        try arena.withUnsafeBufferPointer { bytes throws in
            for slot in slots where slot != 0 {
                try body(TrafficStagedRow(at: bytes.baseAddress! + slot - 1))
            }
        }
    }

    private func arenaRow(_ offset: Int) -> TrafficStagedRow {
        arena.withUnsafeBufferPointer { TrafficStagedRow(at: $0.baseAddress! + offset) }
    }

    private mutating func append(_ row: TrafficStagedRow) -> Int {
        let offset = arena.count
        arena.append(contentsOf: UnsafeBufferPointer(start: row.base, count: row.length))
        return offset
    }

    private mutating func grow() {
        let oldSlots = slots
        let oldHashes = hashes
        slots = Array(repeating: 0, count: oldSlots.count * 2)
        hashes = Array(repeating: 0, count: oldSlots.count * 2)
        let mask = slots.count - 1
        for index in oldSlots.indices where oldSlots[index] != 0 {
            var slot = Int(truncatingIfNeeded: oldHashes[index]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = oldSlots[index]
            hashes[slot] = oldHashes[index]
        }
    }
}
