/// The `ColumnMetaData` struct of `parquet.thrift`: where a column chunk's pages are and what they hold.
struct ParquetColumnMetaData: Equatable {
    var physicalType: Int32
    var encodings: [Int32]
    var path: [String]
    var codec: Int32
    var valueCount: Int64
    /// Page headers included, as the format counts them.
    var totalUncompressedSize: Int64
    var totalCompressedSize: Int64
    var dataPageOffset: Int64
    var dictionaryPageOffset: Int64?
    var statistics: ParquetStatistics?

    init(
        physicalType: Int32, encodings: [Int32], path: [String], codec: Int32, valueCount: Int64,
        totalUncompressedSize: Int64, totalCompressedSize: Int64, dataPageOffset: Int64,
        dictionaryPageOffset: Int64?, statistics: ParquetStatistics?
    ) {
        self.physicalType = physicalType
        self.encodings = encodings
        self.path = path
        self.codec = codec
        self.valueCount = valueCount
        self.totalUncompressedSize = totalUncompressedSize
        self.totalCompressedSize = totalCompressedSize
        self.dataPageOffset = dataPageOffset
        self.dictionaryPageOffset = dictionaryPageOffset
        self.statistics = statistics
    }

    func encodeField(_ id: Int16, into encoder: inout ThriftCompactEncoder) {
        encoder.beginStruct(id)
        encoder.field(1, i32: physicalType)
        encoder.listField(2, of: .i32, count: encodings.count)
        for encoding in encodings { encoder.element(i32: encoding) }
        encoder.listField(3, of: .binary, count: path.count)
        for part in path { encoder.element(binary: part.utf8) }
        encoder.field(4, i32: codec)
        encoder.field(5, i64: valueCount)
        encoder.field(6, i64: totalUncompressedSize)
        encoder.field(7, i64: totalCompressedSize)
        encoder.field(9, i64: dataPageOffset)
        if let dictionaryPageOffset { encoder.field(11, i64: dictionaryPageOffset) }
        statistics?.encodeField(12, into: &encoder)
        encoder.endStruct()
    }

    init(decoding decoder: inout ThriftCompactDecoder) throws(ParquetError) {
        try decoder.beginStruct()
        var physicalType: Int32?, codec: Int32?, valueCount: Int64?, compressed: Int64?, dataPageOffset: Int64?
        var uncompressed: Int64 = 0
        var encodings: [Int32] = []
        var path: [String] = []
        while let field = try decoder.nextField() {
            switch (field.id, field.type) {
            case (1, .i32): physicalType = try decoder.i32()
            case (2, .list):
                let header = try decoder.listHeader()
                for _ in 0..<header.count { encodings.append(try decoder.i32()) }
            case (3, .list):
                let header = try decoder.listHeader()
                for _ in 0..<header.count { path.append(try decoder.string()) }
            case (4, .i32): codec = try decoder.i32()
            case (5, .i64): valueCount = try decoder.i64()
            case (6, .i64): uncompressed = try decoder.i64()
            case (7, .i64): compressed = try decoder.i64()
            case (9, .i64): dataPageOffset = try decoder.i64()
            case (11, .i64): dictionaryPageOffset = try decoder.i64()
            case (12, .structure): statistics = try ParquetStatistics(decoding: &decoder)
            default: try decoder.skip(field.type)
            }
        }
        decoder.endStruct()
        guard let physicalType, let codec, let valueCount, let compressed, let dataPageOffset else {
            throw .corrupt("footer: column metadata lacks a required field")
        }
        self.physicalType = physicalType
        self.codec = codec
        self.valueCount = valueCount
        self.totalCompressedSize = compressed
        self.totalUncompressedSize = uncompressed
        self.dataPageOffset = dataPageOffset
        self.encodings = encodings
        self.path = path
    }
}
