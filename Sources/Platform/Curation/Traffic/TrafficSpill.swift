#if canImport(Glibc)
import Glibc
#endif

/// Typed STG rows spread over `partitionCount` temp files by a hash of their reading_id, so that all
/// rows of one reading_id share a file and each file can be deduplicated alone, in memory.
///
/// This is what keeps curation's memory flat in the input size: rows go to disk through one small
/// buffer per partition, and only one partition's unique rows are in memory at a time afterwards.
/// ``mark()`` and ``rollBack(to:)`` undo one input file's rows when the file turns out to be malformed
/// half-way (truncating each partition back), so a rejected file leaves nothing behind.
///
/// Not Sendable: one spill belongs to one curation run.
final class TrafficSpill {
    /// Where each partition's file stood at a ``mark()``.
    struct Mark {
        fileprivate let sizes: [Int64]
    }

    let directory: String
    let partitionCount: Int
    /// Which bits of the hash pick the partition: the top bits, shifted right by this.
    let hashShift: UInt64
    private var descriptors: [Int32] = []
    private var buffers: [[UInt8]]
    private var written: [Int64]
    private static let bufferBytes = 64 * 1024

    /// Creates `partitionCount` (a power of two, at most 256) empty files in `directory`; `level` picks
    /// the hash bits (0 for the first split, 1 when a partition is split again, ...).
    init(directory: String, partitionCount: Int, level: Int = 0) throws(TrafficCurationError) {
        precondition(partitionCount > 1 && partitionCount <= 256 && partitionCount & (partitionCount - 1) == 0)
        self.directory = directory
        self.partitionCount = partitionCount
        let bits = UInt64(partitionCount.trailingZeroBitCount)
        hashShift = 64 - bits * UInt64(level + 1)
        buffers = Array(repeating: [], count: partitionCount)
        written = Array(repeating: 0, count: partitionCount)
        for index in 0..<partitionCount {
            let descriptor = open(path(of: index), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                closeAll()
                throw .io("cannot create \(path(of: index))", errno: errno)
            }
            descriptors.append(descriptor)
            buffers[index].reserveCapacity(Self.bufferBytes)
        }
    }

    deinit {
        closeAll()
    }

    /// The file of partition `index`.
    func path(of index: Int) -> String {
        "\(directory)/partition-\(index)"
    }

    /// The partition `hash` belongs to.
    @inline(__always)
    func partition(of hash: UInt64) -> Int {
        Int(truncatingIfNeeded: (hash >> hashShift) & UInt64(partitionCount - 1))
    }

    /// Appends one encoded row to the partition of `hash`.
    @inline(__always)
    func append(_ row: [UInt8], hash: UInt64) throws(TrafficCurationError) {
        let index = partition(of: hash)
        buffers[index].append(contentsOf: row)
        if buffers[index].count >= Self.bufferBytes { try flush(index) }
    }

    /// Appends one encoded row (read in place from another spill) to the partition of `hash`.
    func append(_ row: UnsafeBufferPointer<UInt8>, hash: UInt64) throws(TrafficCurationError) {
        let index = partition(of: hash)
        buffers[index].append(contentsOf: row)
        if buffers[index].count >= Self.bufferBytes { try flush(index) }
    }

    /// Where every partition stands now.
    func mark() throws(TrafficCurationError) -> Mark {
        for index in 0..<partitionCount { try flush(index) }
        return Mark(sizes: written)
    }

    /// Drops every row appended since `mark`.
    func rollBack(to mark: Mark) throws(TrafficCurationError) {
        for index in 0..<partitionCount {
            buffers[index].removeAll(keepingCapacity: true)
            guard ftruncate(descriptors[index], off_t(mark.sizes[index])) == 0,
                  lseek(descriptors[index], off_t(mark.sizes[index]), SEEK_SET) >= 0
            else { throw .io("cannot truncate \(path(of: index))", errno: errno) }
            written[index] = mark.sizes[index]
        }
    }

    /// Writes out every buffer and closes the files; returns each partition's size in bytes.
    func finish() throws(TrafficCurationError) -> [Int64] {
        for index in 0..<partitionCount { try flush(index) }
        closeAll()
        return written
    }

    private func flush(_ index: Int) throws(TrafficCurationError) {
        guard !buffers[index].isEmpty else { return }
        let descriptor = descriptors[index]
        let failure: Int32? = buffers[index].withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let count = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += count
            }
            return nil
        }
        if let failure { throw .io("cannot write \(path(of: index))", errno: failure) }
        written[index] += Int64(buffers[index].count)
        buffers[index].removeAll(keepingCapacity: true)
    }

    private func closeAll() {
        for descriptor in descriptors { close(descriptor) }
        descriptors.removeAll()
    }
}
