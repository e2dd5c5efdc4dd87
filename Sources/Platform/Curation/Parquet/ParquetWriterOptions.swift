/// How a ``ParquetFileWriter`` lays out a file.
public struct ParquetWriterOptions: Sendable {
    /// Rows per row group; a row group is written out when it holds this many rows. The writer's memory is
    /// bounded by one row group of rows, so this is also the memory knob.
    public var rowGroupRows: Int
    /// The codec for every page.
    public var compression: ParquetCompression
    /// Whether string columns get a dictionary page and dictionary-encoded data pages. A column chunk whose
    /// dictionary would pass ``dictionaryByteLimit`` is written PLAIN instead.
    public var dictionary: Bool

    /// Dictionary bytes (PLAIN-encoded) above which a string column chunk falls back to PLAIN: past this
    /// point the values are too varied for a dictionary to pay, and readers must hold it whole.
    public static let dictionaryByteLimit = 1 << 20

    /// Creates options; the defaults suit curated tables of a few million rows.
    public init(rowGroupRows: Int = 131_072, compression: ParquetCompression = .zstd, dictionary: Bool = true) {
        self.rowGroupRows = rowGroupRows
        self.compression = compression
        self.dictionary = dictionary
    }
}
