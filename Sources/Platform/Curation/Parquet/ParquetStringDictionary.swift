import Glibc

/// Builds the dictionary of one string column chunk: each distinct string once, in first-seen order, and
/// per non-null row the index of its entry.
///
/// An open-addressing hash table over the column's own UTF-8 bytes: an entry is a row whose string was the
/// first of its kind, so no string is copied or hashed into a Swift `String`. Building stops as soon as the
/// PLAIN-encoded dictionary would pass its byte limit; the caller then writes the chunk PLAIN.
struct ParquetStringDictionary {
    /// Per entry: the row holding its first occurrence.
    private(set) var entryRows: [Int] = []
    /// Per non-null row, in row order: its entry.
    private(set) var indices: [UInt32] = []
    /// The dictionary's PLAIN size: a 4-byte length plus the bytes, per entry.
    private(set) var plainByteCount = 0

    /// Builds the dictionary of `column`, or returns nil when it would pass `byteLimit` bytes.
    init?(_ column: ParquetColumnBuffer, byteLimit: Int) {
        let rowCount = column.count
        indices.reserveCapacity(rowCount - column.nullCount)
        var capacity = 1024
        var slots = [Int32](repeating: -1, count: capacity)
        var hashes: [UInt64] = []
        let built: Bool = column.bytes.withUnsafeBytes { bytes in
            column.offsets.withUnsafeBufferPointer { offsets in
                column.isPresent.withUnsafeBufferPointer { isPresent in
                    for row in 0..<rowCount where isPresent[row] {
                        let start = offsets[row]
                        let length = offsets[row + 1] - start
                        let hash = Self.hash(bytes, start, length)
                        var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
                        var found: Int32 = -1
                        while slots[slot] >= 0 {
                            let entry = Int(slots[slot])
                            if hashes[entry] == hash {
                                let entryStart = offsets[entryRows[entry]]
                                let entryLength = offsets[entryRows[entry] + 1] - entryStart
                                if entryLength == length
                                    && (length == 0 || memcmp(bytes.baseAddress! + entryStart, bytes.baseAddress! + start, length) == 0)
                                {
                                    found = Int32(entry)
                                    break
                                }
                            }
                            slot = (slot + 1) & (capacity - 1)
                        }
                        if found < 0 {
                            found = Int32(entryRows.count)
                            entryRows.append(row)
                            hashes.append(hash)
                            plainByteCount += 4 + length
                            if plainByteCount > byteLimit { return false }
                            slots[slot] = found
                            if entryRows.count * 2 > capacity {
                                capacity *= 2
                                slots = Self.rehash(hashes, capacity: capacity)
                            }
                        }
                        indices.append(UInt32(found))
                    }
                    return true
                }
            }
        }
        guard built else { return nil }
    }

    private static func rehash(_ hashes: [UInt64], capacity: Int) -> [Int32] {
        var slots = [Int32](repeating: -1, count: capacity)
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & (capacity - 1)
            while slots[slot] >= 0 { slot = (slot + 1) & (capacity - 1) }
            slots[slot] = Int32(entry)
        }
        return slots
    }

    /// A fast 64-bit hash of `length` bytes at `start`, eight bytes per step with a final mix.
    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer, _ start: Int, _ length: Int) -> UInt64 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash = UInt64(truncatingIfNeeded: length) &* multiplier
        var position = start
        let end = start + length
        while end - position >= 8 {
            let word = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
            hash = (hash ^ word) &* multiplier
            hash ^= hash >> 29
            position += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while position < end {
            tail |= UInt64(bytes[position]) << shift
            shift += 8
            position += 1
        }
        hash = (hash ^ tail) &* multiplier
        hash ^= hash >> 32
        hash = hash &* 0xD6E8_FEB8_6659_FD93
        return hash ^ (hash >> 32)
    }
}
