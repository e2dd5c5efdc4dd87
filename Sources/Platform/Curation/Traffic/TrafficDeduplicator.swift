#if canImport(Glibc)
import Glibc
#endif

/// Keeps one row per reading_id of one spill partition: the row that comes first in the SQL's
/// `row_number()` order (``TrafficStagedRow/precedes(_:)``).
///
/// The partition file is streamed, and only the best row so far of each reading_id is kept in memory
/// (an arena of rows and an open-addressing table of their offsets, no allocation per row). A partition
/// bigger than `memoryBudget` is first split again by further bits of the hash, up to
/// ``maximumLevel`` times, so memory stays bounded however big the input; past that only as many
/// rows as there are distinct reading ids are held.
struct TrafficDeduplicator {
    static let maximumLevel = 3
    let memoryBudget: Int
    let fanOut: Int

    /// Deduplicates the partition file at `path` (`size` bytes, split at `level`) and hands each kept row
    /// to `emit`; the file is deleted afterwards.
    func deduplicate(
        path: String, size: Int64, level: Int, emit: (TrafficStagedRow) throws -> Void
    ) throws {
        defer { unlink(path) }
        if size > Int64(memoryBudget), level < Self.maximumLevel {
            let directory = path + ".split"
            guard mkdir(directory, 0o700) == 0 else { throw TrafficCurationError.io("cannot create \(directory)", errno: errno) }
            defer { rmdir(directory) }
            let spill = try TrafficSpill(directory: directory, partitionCount: fanOut, level: level + 1)
            try Self.stream(path: path) { row in
                try spill.append(UnsafeBufferPointer(start: row.base, count: row.length), hash: Self.hash(row))
            }
            let sizes = try spill.finish()
            for index in 0..<fanOut {
                try deduplicate(path: spill.path(of: index), size: sizes[index], level: level + 1, emit: emit)
            }
            return
        }
        var table = TrafficRowTable()
        try Self.stream(path: path) { row in table.offer(row, hash: Self.hash(row)) }
        try table.forEach(emit)
    }

    /// FNV-1a of the row's reading_id, as ``TrafficRowEncoder`` computed it.
    static func hash(_ row: TrafficStagedRow) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in row.bytes(.readingID)! { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// Reads the rows of a spill file in order, 1 MiB at a time.
    static func stream(path: String, _ body: (TrafficStagedRow) throws -> Void) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw TrafficCurationError.io("cannot open \(path)", errno: errno) }
        defer { close(descriptor) }
        var capacity = 1 << 20
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        var start = 0
        var end = 0
        while true {
            // Whole rows in the buffer first.
            while end - start >= 4 {
                let length = Int(UnsafeRawPointer(buffer + start).loadUnaligned(as: UInt32.self))
                guard end - start >= length else { break }
                try body(TrafficStagedRow(at: buffer + start))
                start += length
            }
            if start > 0 {
                memmove(buffer, buffer + start, end - start)
                end -= start
                start = 0
            }
            if end >= 4 {
                let length = Int(UnsafeRawPointer(buffer).loadUnaligned(as: UInt32.self))
                if length > capacity {
                    let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: length)
                    bigger.update(from: buffer, count: end)
                    buffer.deallocate()
                    buffer = bigger
                    capacity = length
                }
            }
            let count = read(descriptor, buffer + end, capacity - end)
            if count < 0 {
                if errno == EINTR { continue }
                throw TrafficCurationError.io("cannot read \(path)", errno: errno)
            }
            if count == 0 {
                guard end == 0 else { throw TrafficCurationError("\(path): the spill ends inside a row") }
                return
            }
            end += count
        }
    }
}
