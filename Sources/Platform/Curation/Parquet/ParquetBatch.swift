/// Rows of one schema, stored column by column. A row is complete when every column got one value.
///
/// Each column keeps its values in a typed contiguous array (strings as UTF-8 bytes plus offsets) with a
/// presence flag per row, not as an array of ``ParquetValue``: filling a batch of a million rows then costs
/// a few appends per cell and no allocation per value, and the writer encodes straight from the arrays.
///
/// Appending a value of the wrong type for its column (`append(int64:)` to a `.string` column) is a
/// programming error and traps. A null in a required column is a data error: the batch accepts it, and
/// ``ParquetFileWriter/write(_:)`` refuses the batch with a ``ParquetError`` naming the column and row.
public struct ParquetBatch: Sendable {
    /// The schema every row follows.
    public let schema: ParquetSchema
    /// One buffer per column of ``schema``.
    private(set) var columns: [ParquetColumnBuffer]

    /// Creates an empty batch, reserving room for `reservingCapacity` rows in every column.
    public init(schema: ParquetSchema, reservingCapacity: Int = 0) {
        self.schema = schema
        self.columns = schema.columns.map {
            ParquetColumnBuffer(physicalType: $0.type.physicalType, reservingCapacity: reservingCapacity)
        }
    }

    /// A batch over column buffers the reader filled, one per column of `schema`.
    init(schema: ParquetSchema, columns: [ParquetColumnBuffer]) {
        precondition(columns.count == schema.columns.count, "one buffer per column")
        self.schema = schema
        self.columns = columns
    }

    /// Rows complete in every column.
    public var rowCount: Int {
        columns.lazy.map(\.count).min() ?? 0
    }

    /// Appends a value (nil for null) to a `.boolean` column.
    public mutating func append(boolean value: Bool?, column: Int) {
        check(column, .boolean, "append(boolean:)")
        columns[column].append(value)
    }

    /// Appends a value (nil for null) to an `.int32` or `.date` column (days since 1970-01-01).
    public mutating func append(int32 value: Int32?, column: Int) {
        check(column, .int32, "append(int32:)")
        columns[column].append(value)
    }

    /// Appends a value (nil for null) to an `.int64` or `.timestampMicrosUTC` column (microseconds since
    /// the epoch).
    public mutating func append(int64 value: Int64?, column: Int) {
        check(column, .int64, "append(int64:)")
        columns[column].append(value)
    }

    /// Appends a value (nil for null) to a `.double` column.
    public mutating func append(double value: Double?, column: Int) {
        check(column, .double, "append(double:)")
        columns[column].append(value)
    }

    /// Appends a value (nil for null) to a `.string` column.
    public mutating func append(string value: String?, column: Int) {
        check(column, .byteArray, "append(string:)")
        columns[column].append(value)
    }

    /// The value at `row` of `column`; `.null` for a null.
    public subscript(row: Int, column: Int) -> ParquetValue {
        columns[column].value(at: row)
    }

    /// Removes every row, keeping the arrays' capacity by default so that the batch can be refilled
    /// without allocating.
    public mutating func removeAll(keepingCapacity: Bool = true) {
        for index in columns.indices {
            columns[index].removeAll(keepingCapacity: keepingCapacity)
        }
    }

    /// Appends rows `range` of `other`, a batch of the same schema.
    mutating func append(rows range: Range<Int>, of other: ParquetBatch) {
        for index in columns.indices {
            columns[index].append(rows: range, of: other.columns[index])
        }
    }

    private func check(_ column: Int, _ physicalType: ParquetPhysicalType, _ method: StaticString) {
        precondition(
            columns[column].physicalType == physicalType,
            "\(method) on column \(column) (\(schema.columns[column].name)) of type \(schema.columns[column].type)")
    }
}
