/// What a closed ``ParquetFileWriter`` wrote.
public struct ParquetFileSummary: Sendable, Equatable {
    /// Rows in the file.
    public var rowCount: Int64
    /// Row groups in the file (zero for a file without rows).
    public var rowGroupCount: Int
    /// The file's size in bytes, footer included.
    public var byteCount: Int64

    /// Creates a summary.
    public init(rowCount: Int64, rowGroupCount: Int, byteCount: Int64) {
        self.rowCount = rowCount
        self.rowGroupCount = rowGroupCount
        self.byteCount = byteCount
    }
}
