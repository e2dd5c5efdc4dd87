/// The `FileMetaData` struct of `parquet.thrift`: the footer that describes the whole file.
struct ParquetFileMetaData: Equatable {
    var version: Int32
    /// The root group first, then one element per column.
    var schema: [ParquetSchemaElement]
    var rowCount: Int64
    var rowGroups: [ParquetRowGroup]
    var createdBy: String?
    /// Whether `column_orders` says TypeDefinedOrder for every column, so that `min_value`/`max_value` are
    /// ordered by the column's type (signed integers, unsigned bytes for strings).
    var hasTypeDefinedColumnOrders: Bool

    init(
        version: Int32, schema: [ParquetSchemaElement], rowCount: Int64, rowGroups: [ParquetRowGroup],
        createdBy: String?, hasTypeDefinedColumnOrders: Bool
    ) {
        self.version = version
        self.schema = schema
        self.rowCount = rowCount
        self.rowGroups = rowGroups
        self.createdBy = createdBy
        self.hasTypeDefinedColumnOrders = hasTypeDefinedColumnOrders
    }

    func encoded() -> [UInt8] {
        var encoder = ThriftCompactEncoder()
        encoder.field(1, i32: version)
        encoder.listField(2, of: .structure, count: schema.count)
        for element in schema { element.encode(into: &encoder) }
        encoder.field(3, i64: rowCount)
        encoder.listField(4, of: .structure, count: rowGroups.count)
        for rowGroup in rowGroups { rowGroup.encode(into: &encoder) }
        if let createdBy { encoder.field(6, string: createdBy) }
        if hasTypeDefinedColumnOrders {
            let columnCount = schema.count - 1
            encoder.listField(7, of: .structure, count: columnCount)
            for _ in 0..<columnCount {
                encoder.beginStruct()  // ColumnOrder union
                encoder.emptyStruct(1)  // TYPE_ORDER: TypeDefinedOrder
                encoder.endStruct()
            }
        }
        encoder.stop()
        return encoder.bytes
    }

    init(decoding bytes: [UInt8]) throws(ParquetError) {
        var decoder = ThriftCompactDecoder(bytes, context: "footer")
        var version: Int32 = 1
        var schema: [ParquetSchemaElement]?
        var rowCount: Int64?
        var rowGroups: [ParquetRowGroup] = []
        var columnOrders: [Int16] = []
        while let field = try decoder.nextField() {
            switch (field.id, field.type) {
            case (1, .i32): version = try decoder.i32()
            case (2, .list):
                let header = try decoder.listHeader()
                var elements: [ParquetSchemaElement] = []
                for _ in 0..<header.count { elements.append(try ParquetSchemaElement(decoding: &decoder)) }
                schema = elements
            case (3, .i64): rowCount = try decoder.i64()
            case (4, .list):
                let header = try decoder.listHeader()
                for _ in 0..<header.count { rowGroups.append(try ParquetRowGroup(decoding: &decoder)) }
            case (6, .binary): createdBy = try decoder.string()
            case (7, .list):
                let header = try decoder.listHeader()
                for _ in 0..<header.count {
                    try decoder.beginStruct()
                    var kind: Int16 = 0
                    while let member = try decoder.nextField() {
                        kind = member.id
                        try decoder.skip(member.type)
                    }
                    decoder.endStruct()
                    columnOrders.append(kind)
                }
            case (8, _), (9, _): throw .unsupported("encrypted footer")
            default: try decoder.skip(field.type)
            }
        }
        guard let schema, !schema.isEmpty else { throw .corrupt("footer: no schema") }
        guard let rowCount else { throw .corrupt("footer: no num_rows") }
        self.version = version
        self.schema = schema
        self.rowCount = rowCount
        self.rowGroups = rowGroups
        self.hasTypeDefinedColumnOrders = !columnOrders.isEmpty && columnOrders.allSatisfy { $0 == 1 }
    }
}
