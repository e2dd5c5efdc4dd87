/// The `PageHeader` struct of `parquet.thrift`, with the parts for dictionary pages and data pages v1
/// and v2 (index pages are skipped by readers and never written).
struct ParquetPageHeader: Equatable {
    enum Kind: Int32 {
        case dataPage = 0
        case indexPage = 1
        case dictionaryPage = 2
        case dataPageV2 = 3
    }

    /// The page type as stored; unknown numbers are kept so the reader can name them.
    var type: Int32 = 0
    var uncompressedSize: Int32 = 0
    var compressedSize: Int32 = 0
    /// Values in the page, nulls included (data pages), or dictionary entries (dictionary pages).
    var valueCount: Int32 = 0
    var encoding: Int32 = ParquetEncoding.plain
    /// Data page v1: the definition levels' encoding (RLE).
    var definitionLevelEncoding: Int32 = ParquetEncoding.rle
    /// Data page v2: nulls, and the uncompressed byte lengths of the level sections before the values.
    var nullCount: Int32 = 0
    var definitionLevelsByteLength: Int32 = 0
    var repetitionLevelsByteLength: Int32 = 0
    /// Data page v2: whether the values section is compressed.
    var isCompressed = true

    var kind: Kind? { Kind(rawValue: type) }

    init(kind: Kind, uncompressedSize: Int32, compressedSize: Int32, valueCount: Int32, encoding: Int32) {
        self.type = kind.rawValue
        self.uncompressedSize = uncompressedSize
        self.compressedSize = compressedSize
        self.valueCount = valueCount
        self.encoding = encoding
    }

    func encoded() -> [UInt8] {
        var encoder = ThriftCompactEncoder()
        encoder.field(1, i32: type)
        encoder.field(2, i32: uncompressedSize)
        encoder.field(3, i32: compressedSize)
        switch kind {
        case .dataPage:
            encoder.beginStruct(5)
            encoder.field(1, i32: valueCount)
            encoder.field(2, i32: encoding)
            encoder.field(3, i32: definitionLevelEncoding)
            encoder.field(4, i32: ParquetEncoding.rle)
            encoder.endStruct()
        case .dictionaryPage:
            encoder.beginStruct(7)
            encoder.field(1, i32: valueCount)
            encoder.field(2, i32: encoding)
            encoder.endStruct()
        case .dataPageV2, .indexPage, nil:
            preconditionFailure("Sluice writes dictionary pages and data pages v1 only")
        }
        encoder.stop()
        return encoder.bytes
    }

    /// Decodes a page header starting at `offset` of `bytes`; `headerLength` is how many bytes it took.
    init(decoding bytes: [UInt8], at offset: Int, end: Int) throws(ParquetError) {
        var decoder = ThriftCompactDecoder(bytes, from: offset, to: end, context: "page header at chunk byte \(offset)")
        var type: Int32?, uncompressed: Int32?, compressed: Int32?
        while let field = try decoder.nextField() {
            switch (field.id, field.type) {
            case (1, .i32): type = try decoder.i32()
            case (2, .i32): uncompressed = try decoder.i32()
            case (3, .i32): compressed = try decoder.i32()
            case (5, .structure), (7, .structure), (8, .structure):
                try decoder.beginStruct()
                while let inner = try decoder.nextField() {
                    try decodeInner(pageField: field.id, inner, &decoder)
                }
                decoder.endStruct()
            default: try decoder.skip(field.type)
            }
        }
        guard let type, let uncompressed, let compressed else {
            throw .corrupt("page header at chunk byte \(offset) lacks its type or sizes")
        }
        guard uncompressed >= 0, compressed >= 0 else {
            throw .corrupt("page header at chunk byte \(offset) has a negative size")
        }
        self.type = type
        self.uncompressedSize = uncompressed
        self.compressedSize = compressed
        self.headerLength = decoder.position - offset
    }

    /// Bytes the header took in the file (set when decoded).
    private(set) var headerLength = 0

    private mutating func decodeInner(
        pageField: Int16, _ field: (id: Int16, type: ThriftCompactType), _ decoder: inout ThriftCompactDecoder
    ) throws(ParquetError) {
        switch (pageField, field.id, field.type) {
        case (5, 1, .i32), (7, 1, .i32), (8, 1, .i32): valueCount = try decoder.i32()
        case (5, 2, .i32), (7, 2, .i32): encoding = try decoder.i32()
        case (5, 3, .i32): definitionLevelEncoding = try decoder.i32()
        case (8, 2, .i32): nullCount = try decoder.i32()
        case (8, 4, .i32): encoding = try decoder.i32()
        case (8, 5, .i32): definitionLevelsByteLength = try decoder.i32()
        case (8, 6, .i32): repetitionLevelsByteLength = try decoder.i32()
        case (8, 7, .booleanFalse): isCompressed = false
        case (8, 7, .booleanTrue): isCompressed = true
        default: try decoder.skip(field.type)
        }
    }
}
