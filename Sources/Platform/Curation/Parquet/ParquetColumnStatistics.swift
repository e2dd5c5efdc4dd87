/// The statistics a row group stores for one column chunk, as a reader sees them.
public struct ParquetColumnStatistics: Sendable, Equatable {
    /// The smallest non-null value, or `.null` when the chunk holds no non-null value (or the file gave none).
    public var min: ParquetValue
    /// The largest non-null value, or `.null` like ``min``.
    public var max: ParquetValue
    /// How many values in the chunk are null.
    public var nullCount: Int64

    /// Creates statistics.
    public init(min: ParquetValue, max: ParquetValue, nullCount: Int64) {
        self.min = min
        self.max = max
        self.nullCount = nullCount
    }
}
