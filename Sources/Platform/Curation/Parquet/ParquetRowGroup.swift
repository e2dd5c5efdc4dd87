/// The `RowGroup` struct of `parquet.thrift`, with its `ColumnChunk`s reduced to their metadata: Sluice
/// keeps column data in the same file, so `file_path` is never set and `file_offset` is 0 as the format
/// asks of writers that keep no metadata outside the footer.
struct ParquetRowGroup: Equatable {
    var columns: [ParquetColumnMetaData]
    var totalByteSize: Int64
    var rowCount: Int64
    var fileOffset: Int64?
    var totalCompressedSize: Int64?
    var ordinal: Int16?

    init(
        columns: [ParquetColumnMetaData], totalByteSize: Int64, rowCount: Int64, fileOffset: Int64?,
        totalCompressedSize: Int64?, ordinal: Int16?
    ) {
        self.columns = columns
        self.totalByteSize = totalByteSize
        self.rowCount = rowCount
        self.fileOffset = fileOffset
        self.totalCompressedSize = totalCompressedSize
        self.ordinal = ordinal
    }

    func encode(into encoder: inout ThriftCompactEncoder) {
        encoder.beginStruct()
        encoder.listField(1, of: .structure, count: columns.count)
        for column in columns {
            encoder.beginStruct()  // ColumnChunk
            encoder.field(2, i64: 0)
            column.encodeField(3, into: &encoder)
            encoder.endStruct()
        }
        encoder.field(2, i64: totalByteSize)
        encoder.field(3, i64: rowCount)
        if let fileOffset { encoder.field(5, i64: fileOffset) }
        if let totalCompressedSize { encoder.field(6, i64: totalCompressedSize) }
        if let ordinal { encoder.field(7, i16: ordinal) }
        encoder.endStruct()
    }

    init(decoding decoder: inout ThriftCompactDecoder) throws(ParquetError) {
        try decoder.beginStruct()
        var columns: [ParquetColumnMetaData] = []
        var totalByteSize: Int64 = 0
        var rowCount: Int64?
        while let field = try decoder.nextField() {
            switch (field.id, field.type) {
            case (1, .list):
                let header = try decoder.listHeader()
                for _ in 0..<header.count {
                    columns.append(try Self.decodeColumnChunk(&decoder))
                }
            case (2, .i64): totalByteSize = try decoder.i64()
            case (3, .i64): rowCount = try decoder.i64()
            case (5, .i64): fileOffset = try decoder.i64()
            case (6, .i64): totalCompressedSize = try decoder.i64()
            default: try decoder.skip(field.type)
            }
        }
        decoder.endStruct()
        guard let rowCount else { throw .corrupt("footer: row group without num_rows") }
        self.columns = columns
        self.totalByteSize = totalByteSize
        self.rowCount = rowCount
    }

    private static func decodeColumnChunk(_ decoder: inout ThriftCompactDecoder) throws(ParquetError) -> ParquetColumnMetaData {
        try decoder.beginStruct()
        var metaData: ParquetColumnMetaData?
        while let field = try decoder.nextField() {
            switch (field.id, field.type) {
            case (1, .binary): throw .unsupported("column chunk stored in another file (file_path)")
            case (3, .structure): metaData = try ParquetColumnMetaData(decoding: &decoder)
            case (8, _), (9, _): throw .unsupported("encrypted column chunks")
            default: try decoder.skip(field.type)
            }
        }
        decoder.endStruct()
        guard let metaData else { throw .corrupt("footer: column chunk without metadata") }
        return metaData
    }
}
