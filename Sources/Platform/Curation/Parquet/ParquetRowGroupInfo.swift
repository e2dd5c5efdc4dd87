/// One row group of a Parquet file, as its footer describes it.
public struct ParquetRowGroupInfo: Sendable, Equatable {
    /// Rows in the row group.
    public var rowCount: Int64
    /// Per column, in schema order: the chunk's statistics, or nil when the file stored none.
    public var columnStatistics: [ParquetColumnStatistics?]

    /// Creates row group info.
    public init(rowCount: Int64, columnStatistics: [ParquetColumnStatistics?]) {
        self.rowCount = rowCount
        self.columnStatistics = columnStatistics
    }
}
