#if canImport(Glibc)
import Glibc
#endif

/// Reads RFC 4180 CSV from a file one record at a time, in constant memory, without a `String` per field.
///
/// Fields are handed out as byte ranges of an internal buffer (``field(_:)``), valid until the next call
/// to ``nextRecord()``: the curation engine types most fields straight from bytes and never needs them
/// as strings. Accepted: fields quoted with `"` (holding commas, quotes doubled as `""`, and line ends),
/// LF or CRLF line ends, a UTF-8 byte order mark at the start (dropped), no line end after the last
/// record. Blank lines are skipped. Bytes between a closing quote and the next delimiter are kept as part
/// of the field, as Python's csv module does.
///
/// Memory is one buffer of at least 1 MiB that grows only to hold one record; a record longer than
/// ``maximumRecordBytes`` (in practice: an unterminated quote swallowing the rest of a big file) is an
/// error with its line number instead of a buffer the size of the file.
///
/// Not Sendable: one reader belongs to one task.
public final class CSVStreamReader {
    /// The longest record accepted, in bytes.
    public let maximumRecordBytes: Int
    private let descriptor: Int32
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Unconsumed bytes are `buffer[start..<end]`.
    private var start = 0
    private var end = 0
    private var atEndOfFile = false
    private var startedFile = false
    /// Field `i` of the current record is `buffer[fieldStarts[i]..<fieldEnds[i]]`.
    private var fieldStarts: [Int] = []
    private var fieldEnds: [Int] = []
    private var fieldQuoted: [Bool] = []
    private var nextLine = 1
    /// The 1-based line the current record starts on.
    public private(set) var line = 0

    /// Opens the file at `path`.
    public init(path: String, bufferBytes: Int = 1 << 20, maximumRecordBytes: Int = 16 << 20) throws(CSVError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CSVError(line: 0, reason: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        self.descriptor = descriptor
        self.capacity = max(bufferBytes, 64)
        self.buffer = .allocate(capacity: capacity)
        self.maximumRecordBytes = maximumRecordBytes
        fieldStarts.reserveCapacity(32)
        fieldEnds.reserveCapacity(32)
        fieldQuoted.reserveCapacity(32)
    }

    deinit {
        buffer.deallocate()
        close(descriptor)
    }

    /// The number of fields of the current record.
    public var fieldCount: Int { fieldStarts.count }

    /// Field `index` of the current record, unquoted, as bytes valid until the next ``nextRecord()``.
    @inline(__always)
    public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: buffer + fieldStarts[index], count: fieldEnds[index] - fieldStarts[index])
    }

    /// Field `index` of the current record as a string (for headers and reports, not the hot path).
    public func string(_ index: Int) -> String {
        String(decoding: field(index), as: UTF8.self)
    }

    /// Moves to the next record; false at the end of the file.
    public func nextRecord() throws(CSVError) -> Bool {
        if !startedFile {
            startedFile = true
            try fill(minimum: 3)
            if end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB, buffer[start + 2] == 0xBF {
                start += 3
            }
        }
        while true {
            if start == end {
                if atEndOfFile { return false }
                try fill(minimum: 1)
                continue
            }
            guard let recordEnd = scanRecord() else {
                if atEndOfFile {
                    throw CSVError(line: nextLine, reason: "a quoted field is not closed before the end of the file")
                }
                if end - start >= maximumRecordBytes {
                    throw CSVError(
                        line: nextLine,
                        reason: "a record longer than \(maximumRecordBytes) bytes (an unterminated quote?)")
                }
                try fill(minimum: end - start + 1)
                continue
            }
            line = nextLine
            nextLine += newlines(from: start, to: recordEnd)
            start = recordEnd
            if fieldStarts.count == 1, fieldEnds[0] == fieldStarts[0], !fieldQuoted[0] { continue }  // blank line
            unquoteFields()
            return true
        }
    }

    /// Finds the record at `start`: fills the field tables and returns the index after its line end, or
    /// nil when the buffer ends first and more of the file is needed. Changes no buffer byte, so a scan
    /// cut short by the buffer's end can simply be repeated after a refill.
    ///
    /// The field tables and the buffer's bounds are moved into locals for the scan: touching a class's
    /// stored properties costs a dynamic exclusivity check each time, which was a sixth of the time.
    @inline(__always)
    private func scanRecord() -> Int? {
        var fieldStarts: [Int] = []
        var fieldEnds: [Int] = []
        var fieldQuoted: [Bool] = []
        swap(&fieldStarts, &self.fieldStarts)
        swap(&fieldEnds, &self.fieldEnds)
        swap(&fieldQuoted, &self.fieldQuoted)
        defer {
            swap(&fieldStarts, &self.fieldStarts)
            swap(&fieldEnds, &self.fieldEnds)
            swap(&fieldQuoted, &self.fieldQuoted)
        }
        fieldStarts.removeAll(keepingCapacity: true)
        fieldEnds.removeAll(keepingCapacity: true)
        fieldQuoted.removeAll(keepingCapacity: true)
        let buffer = self.buffer, end = self.end, atEndOfFile = self.atEndOfFile
        let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r")
        var p = self.start
        while true {
            let fieldStart = p
            var quoted = false
            if p < end, buffer[p] == quote {
                quoted = true
                p += 1
                while true {
                    guard let found = memchr(buffer + p, Int32(quote), end - p) else { return nil }
                    p = buffer.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                    if p == end {
                        if !atEndOfFile { return nil }   // the next byte may be a second quote
                        break
                    }
                    if buffer[p] == quote { p += 1 } else { break }
                }
            }
            while p < end {
                let byte = buffer[p]
                if byte == comma || byte == newline { break }
                p += 1
            }
            if p == end && !atEndOfFile { return nil }
            fieldStarts.append(fieldStart)
            fieldQuoted.append(quoted)
            if p < end, buffer[p] == comma {
                fieldEnds.append(p)
                p += 1
                continue
            }
            // A line end (or the end of the file): the record is complete; a CR before the LF is not data.
            var fieldEnd = p
            if fieldEnd > fieldStart, buffer[fieldEnd - 1] == cr { fieldEnd -= 1 }
            fieldEnds.append(fieldEnd)
            return p < end ? p + 1 : p
        }
    }

    /// Rewrites quoted fields in place: the quotes go, `""` becomes `"`, bytes after the closing quote stay.
    private func unquoteFields() {
        let quote = UInt8(ascii: "\"")
        for index in fieldQuoted.indices where fieldQuoted[index] {
            var read = fieldStarts[index] + 1
            var write = fieldStarts[index]
            let stop = fieldEnds[index]
            var inside = true
            while read < stop {
                let byte = buffer[read]
                if inside, byte == quote {
                    if read + 1 < stop, buffer[read + 1] == quote {
                        buffer[write] = quote
                        write += 1
                        read += 2
                    } else {
                        inside = false
                        read += 1
                    }
                    continue
                }
                buffer[write] = byte
                write += 1
                read += 1
            }
            fieldEnds[index] = write
        }
    }

    private func newlines(from: Int, to: Int) -> Int {
        var count = 0
        var p = from
        while p < to {
            guard let found = memchr(buffer + p, Int32(UInt8(ascii: "\n")), to - p) else { break }
            count += 1
            p = buffer.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return count
    }

    /// Reads more of the file until `end - start >= minimum` or the file ends; moves the unconsumed
    /// bytes to the front and grows the buffer when they would not fit otherwise.
    private func fill(minimum: Int) throws(CSVError) {
        if start > 0 {
            let pending = end - start
            if pending > 0 { memmove(buffer, buffer + start, pending) }
            start = 0
            end = pending
        }
        if minimum > capacity || end == capacity {
            let grown = max(capacity * 2, minimum)
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            bigger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = bigger
            capacity = grown
        }
        while end - start < minimum, !atEndOfFile, end < capacity {
            let count = read(descriptor, buffer + end, capacity - end)
            if count < 0 {
                if errno == EINTR { continue }
                throw CSVError(line: nextLine, reason: "read failed: \(String(cString: strerror(errno)))")
            }
            if count == 0 { atEndOfFile = true } else { end += count }
        }
    }
}
