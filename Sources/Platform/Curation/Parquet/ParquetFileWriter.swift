/// Writes one Parquet file to a local path; memory bounded by one row group. `close()` writes the footer;
/// a writer that is not closed leaves a file without footer, which is why callers write to a temp path
/// and upload after close.
///
/// Rows from ``write(_:)`` gather in one row group's buffer, whatever the batch sizes; when it holds
/// ``ParquetWriterOptions/rowGroupRows`` rows, each column chunk is encoded and its pages written to the
/// file at once, and the buffer is reused. Only the footer's metadata (a few hundred bytes per row group)
/// stays in memory until ``close()``.
///
/// A batch is checked whole before any of it is taken (its schema, that every column has the same row
/// count, that required columns hold no null), so a refused batch leaves the file as it was. After an
/// I/O or codec failure the file is unusable and every later call fails.
public final class ParquetFileWriter {
    /// What the file records as its writer, in the footer's `created_by`.
    public static let createdBy = "sluice"

    private let schema: ParquetSchema
    private let options: ParquetWriterOptions
    private let sink: ParquetFileSink
    private let chunkWriter: ParquetColumnChunkWriter
    private var rowGroup: ParquetBatch
    private var rowGroups: [ParquetRowGroup] = []
    private var rowCount: Int64 = 0
    private var state = State.open

    private enum State {
        case open, closed, failed(ParquetError)
    }

    /// The magic at both ends of a Parquet file.
    static let magic: [UInt8] = Array("PAR1".utf8)

    /// Creates (or truncates) the file at `path` and writes its leading magic.
    public init(path: String, schema: ParquetSchema, options: ParquetWriterOptions = .init()) throws {
        try schema.validate()
        guard options.rowGroupRows > 0 else {
            throw ParquetError(kind: .usage, message: "rowGroupRows must be at least 1, not \(options.rowGroupRows)")
        }
        self.schema = schema
        self.options = options
        self.sink = try ParquetFileSink(path: path)
        self.chunkWriter = try ParquetColumnChunkWriter(options: options, sink: sink)
        self.rowGroup = ParquetBatch(schema: schema, reservingCapacity: Swift.min(options.rowGroupRows, 1 << 20))
        try sink.write(Self.magic)
    }

    /// Adds the rows of `batch`, writing out each row group as it fills.
    public func write(_ batch: ParquetBatch) throws {
        try checkOpen()
        try check(batch)
        let total = batch.rowCount
        var taken = 0
        while taken < total {
            let count = Swift.min(total - taken, options.rowGroupRows - rowGroup.rowCount)
            rowGroup.append(rows: taken..<(taken + count), of: batch)
            taken += count
            if rowGroup.rowCount == options.rowGroupRows { try flushRowGroup() }
        }
    }

    /// Writes the last row group and the footer, closes the file and says what it holds.
    public func close() throws -> ParquetFileSummary {
        try checkOpen()
        do throws(ParquetError) {
            if rowGroup.rowCount > 0 { try flushRowGroup() }
            let footer = ParquetFileMetaData(
                version: 1,
                schema: [.root(childCount: schema.columns.count)] + schema.columns.map(ParquetSchemaElement.init(column:)),
                rowCount: rowCount, rowGroups: rowGroups, createdBy: Self.createdBy, hasTypeDefinedColumnOrders: true
            ).encoded()
            try sink.write(footer)
            let length = UInt32(footer.count)
            try sink.write((0..<4).map { UInt8(truncatingIfNeeded: length >> UInt32(8 * $0)) })
            try sink.write(Self.magic)
            let byteCount = sink.offset
            try sink.close()
            state = .closed
            return ParquetFileSummary(rowCount: rowCount, rowGroupCount: rowGroups.count, byteCount: byteCount)
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private func checkOpen() throws(ParquetError) {
        switch state {
        case .open: return
        case .closed: throw .usage("the Parquet writer for \(sink.path) is closed")
        case .failed(let error): throw .usage("the Parquet writer for \(sink.path) failed earlier: \(error)")
        }
    }

    private func check(_ batch: ParquetBatch) throws(ParquetError) {
        guard batch.schema == schema else { throw .invalidBatch("the batch's schema is not the file's schema") }
        let counts = batch.columns.map(\.count)
        if let shortest = counts.min(), let longest = counts.max(), shortest != longest {
            let short = schema.columns[counts.firstIndex(of: shortest)!].name
            let long = schema.columns[counts.firstIndex(of: longest)!].name
            throw .invalidBatch(
                "the batch has incomplete rows: column \"\(long)\" has \(longest) values, column \"\(short)\" \(shortest)")
        }
        for (index, column) in schema.columns.enumerated() where !column.isOptional && batch.columns[index].nullCount > 0 {
            let row = batch.columns[index].isPresent.firstIndex(of: false)!
            throw .invalidBatch("column \"\(column.name)\" is required but row \(row) of the batch is null")
        }
    }

    private func flushRowGroup() throws(ParquetError) {
        do throws(ParquetError) {
            let fileOffset = sink.offset
            var chunks: [ParquetColumnMetaData] = []
            for (index, column) in schema.columns.enumerated() {
                chunks.append(try chunkWriter.write(rowGroup.columns[index], of: column))
            }
            let rows = Int64(rowGroup.rowCount)
            rowGroups.append(
                ParquetRowGroup(
                    columns: chunks, totalByteSize: chunks.reduce(0) { $0 + $1.totalUncompressedSize }, rowCount: rows,
                    fileOffset: fileOffset, totalCompressedSize: chunks.reduce(0) { $0 + $1.totalCompressedSize },
                    ordinal: Int16(exactly: rowGroups.count)))
            rowCount += rows
            rowGroup.removeAll(keepingCapacity: true)
        } catch {
            state = .failed(error)
            throw error
        }
    }
}

@available(*, unavailable)
extension ParquetFileWriter: Sendable {}
