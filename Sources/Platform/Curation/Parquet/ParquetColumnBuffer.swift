/// The values of one column of a ``ParquetBatch``, in typed contiguous arrays.
///
/// Only the array of the column's physical type is used. A null takes a placeholder slot (zero, false,
/// empty string) so that row `i` is always at index `i`, and `isPresent[i]` tells it apart. Strings are
/// kept as one UTF-8 byte array plus `count + 1` offsets, so appending a row allocates nothing once the
/// arrays have grown, and the writer encodes straight from the bytes.
struct ParquetColumnBuffer: Sendable {
    let physicalType: ParquetPhysicalType
    /// Rows appended.
    private(set) var count = 0
    /// Rows that are null.
    private(set) var nullCount = 0
    /// Per row: whether it holds a value.
    private(set) var isPresent: [Bool] = []
    private(set) var booleans: [Bool] = []
    private(set) var int32s: [Int32] = []
    private(set) var int64s: [Int64] = []
    private(set) var doubles: [Double] = []
    /// The UTF-8 bytes of every string, back to back.
    private(set) var bytes: [UInt8] = []
    /// Row `i`'s string is `bytes[offsets[i] ..< offsets[i + 1]]`.
    private(set) var offsets: [Int] = [0]

    init(physicalType: ParquetPhysicalType, reservingCapacity capacity: Int) {
        self.physicalType = physicalType
        guard capacity > 0 else { return }
        isPresent.reserveCapacity(capacity)
        switch physicalType {
        case .boolean: booleans.reserveCapacity(capacity)
        case .int32: int32s.reserveCapacity(capacity)
        case .int64: int64s.reserveCapacity(capacity)
        case .double: doubles.reserveCapacity(capacity)
        case .byteArray: offsets.reserveCapacity(capacity + 1)
        }
    }

    private mutating func notePresence(_ present: Bool) {
        isPresent.append(present)
        count += 1
        if !present { nullCount += 1 }
    }

    mutating func append(_ value: Bool?) {
        booleans.append(value ?? false)
        notePresence(value != nil)
    }

    mutating func append(_ value: Int32?) {
        int32s.append(value ?? 0)
        notePresence(value != nil)
    }

    mutating func append(_ value: Int64?) {
        int64s.append(value ?? 0)
        notePresence(value != nil)
    }

    mutating func append(_ value: Double?) {
        doubles.append(value ?? 0)
        notePresence(value != nil)
    }

    mutating func append(_ value: String?) {
        if var value {
            // `withUTF8` makes a bridged or lazy string contiguous once, then copies its bytes in one go.
            value.withUTF8 { bytes.append(contentsOf: $0) }
        }
        offsets.append(bytes.count)
        notePresence(value != nil)
    }

    /// Appends one string given as UTF-8 bytes, as the reader decodes them.
    mutating func appendUTF8(_ value: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: value)
        offsets.append(bytes.count)
        notePresence(true)
    }

    /// Appends row `row` of `dictionary`, a buffer of the same physical type: how the reader expands
    /// dictionary indices.
    @inline(__always)
    mutating func append(row: Int, of dictionary: ParquetColumnBuffer) {
        switch physicalType {
        case .boolean: booleans.append(dictionary.booleans[row])
        case .int32: int32s.append(dictionary.int32s[row])
        case .int64: int64s.append(dictionary.int64s[row])
        case .double: doubles.append(dictionary.doubles[row])
        case .byteArray:
            bytes.append(contentsOf: dictionary.stringBytes(at: row))
            offsets.append(bytes.count)
        }
        notePresence(true)
    }

    /// Appends a null, whatever the type.
    mutating func appendNull() {
        switch physicalType {
        case .boolean: append(Bool?.none)
        case .int32: append(Int32?.none)
        case .int64: append(Int64?.none)
        case .double: append(Double?.none)
        case .byteArray: append(String?.none)
        }
    }

    /// Appends rows `range` of `other`, a buffer of the same physical type: how the writer gathers a
    /// row group from batches of any size without going through values one by one.
    mutating func append(rows range: Range<Int>, of other: ParquetColumnBuffer) {
        precondition(other.physicalType == physicalType, "column buffers of different types")
        guard !range.isEmpty else { return }
        isPresent.append(contentsOf: other.isPresent[range])
        switch physicalType {
        case .boolean: booleans.append(contentsOf: other.booleans[range])
        case .int32: int32s.append(contentsOf: other.int32s[range])
        case .int64: int64s.append(contentsOf: other.int64s[range])
        case .double: doubles.append(contentsOf: other.doubles[range])
        case .byteArray:
            let first = other.offsets[range.lowerBound]
            let last = other.offsets[range.upperBound]
            let shift = bytes.count - first
            bytes.append(contentsOf: other.bytes[first..<last])
            offsets.append(contentsOf: other.offsets[(range.lowerBound + 1)...range.upperBound].lazy.map { $0 + shift })
        }
        count += range.count
        nullCount += other.isPresent[range].lazy.filter { !$0 }.count
    }

    /// The string bytes of row `row`.
    func stringBytes(at row: Int) -> ArraySlice<UInt8> {
        bytes[offsets[row]..<offsets[row + 1]]
    }

    /// Row `row` as a value.
    func value(at row: Int) -> ParquetValue {
        guard isPresent[row] else { return .null }
        switch physicalType {
        case .boolean: return .boolean(booleans[row])
        case .int32: return .int32(int32s[row])
        case .int64: return .int64(int64s[row])
        case .double: return .double(doubles[row])
        case .byteArray: return .string(String(decoding: stringBytes(at: row), as: UTF8.self))
        }
    }

    /// Removes every row.
    mutating func removeAll(keepingCapacity keep: Bool) {
        count = 0
        nullCount = 0
        isPresent.removeAll(keepingCapacity: keep)
        booleans.removeAll(keepingCapacity: keep)
        int32s.removeAll(keepingCapacity: keep)
        int64s.removeAll(keepingCapacity: keep)
        doubles.removeAll(keepingCapacity: keep)
        bytes.removeAll(keepingCapacity: keep)
        offsets.removeAll(keepingCapacity: keep)
        offsets.append(0)
    }
}
