/// A `SchemaElement` of `parquet.thrift`: the root group or one leaf column.
struct ParquetSchemaElement: Equatable {
    var physicalType: Int32?
    /// 0 REQUIRED, 1 OPTIONAL, 2 REPEATED.
    var repetition: Int32?
    var name: String
    var childCount: Int32?
    var convertedType: Int32?
    var logicalType: ParquetLogicalType?

    /// The root element of a flat schema of `childCount` columns.
    static func root(childCount: Int) -> ParquetSchemaElement {
        ParquetSchemaElement(name: "schema", childCount: Int32(childCount))
    }

    /// The leaf element of `column`, with both the logical type and the converted type older readers know.
    init(column: ParquetColumn) {
        physicalType = column.type.physicalType.rawValue
        repetition = column.isOptional ? 1 : 0
        name = column.name
        switch column.type {
        case .boolean, .int32, .int64, .double: break
        case .string:
            convertedType = 0  // UTF8
            logicalType = .string
        case .date:
            convertedType = 6  // DATE
            logicalType = .date
        case .timestampMicrosUTC:
            convertedType = 10  // TIMESTAMP_MICROS
            logicalType = .timestamp(isAdjustedToUTC: true, unit: 2)
        }
    }

    init(
        physicalType: Int32? = nil, repetition: Int32? = nil, name: String, childCount: Int32? = nil,
        convertedType: Int32? = nil, logicalType: ParquetLogicalType? = nil
    ) {
        self.physicalType = physicalType
        self.repetition = repetition
        self.name = name
        self.childCount = childCount
        self.convertedType = convertedType
        self.logicalType = logicalType
    }

    func encode(into encoder: inout ThriftCompactEncoder) {
        encoder.beginStruct()
        if let physicalType { encoder.field(1, i32: physicalType) }
        if let repetition { encoder.field(3, i32: repetition) }
        encoder.field(4, string: name)
        if let childCount { encoder.field(5, i32: childCount) }
        if let convertedType { encoder.field(6, i32: convertedType) }
        if let logicalType {
            // The field header is written here; the union body by the logical type.
            logicalType.encodeField(10, into: &encoder)
        }
        encoder.endStruct()
    }

    init(decoding decoder: inout ThriftCompactDecoder) throws(ParquetError) {
        try decoder.beginStruct()
        var name: String?
        while let field = try decoder.nextField() {
            switch (field.id, field.type) {
            case (1, .i32): physicalType = try decoder.i32()
            case (3, .i32): repetition = try decoder.i32()
            case (4, .binary): name = try decoder.string()
            case (5, .i32): childCount = try decoder.i32()
            case (6, .i32): convertedType = try decoder.i32()
            case (10, .structure): logicalType = try ParquetLogicalType(decoding: &decoder)
            default: try decoder.skip(field.type)
            }
        }
        decoder.endStruct()
        guard let name else { throw .corrupt("footer: schema element without a name") }
        self.name = name
    }

    /// The Sluice column type of a leaf element, or an error naming what is not supported.
    func columnType() throws(ParquetError) -> ParquetColumnType {
        let what = "column \"\(name)\""
        switch physicalType {
        case ParquetPhysicalType.boolean.rawValue:
            return .boolean
        case ParquetPhysicalType.double.rawValue:
            return .double
        case ParquetPhysicalType.int32.rawValue:
            if logicalType == .date || convertedType == 6 { return .date }
            if logicalType == nil && convertedType == nil { return .int32 }
            if logicalType == .integer(bitWidth: 32, isSigned: true) || (logicalType == nil && convertedType == 17) {
                return .int32
            }
            throw .unsupported("\(what): INT32 with annotation \(annotationText)")
        case ParquetPhysicalType.int64.rawValue:
            if case .timestamp(isAdjustedToUTC: true, unit: 2) = logicalType { return .timestampMicrosUTC }
            if logicalType == nil && convertedType == 10 { return .timestampMicrosUTC }
            if logicalType == nil && convertedType == nil { return .int64 }
            if logicalType == .integer(bitWidth: 64, isSigned: true) || (logicalType == nil && convertedType == 18) {
                return .int64
            }
            throw .unsupported("\(what): INT64 with annotation \(annotationText)")
        case ParquetPhysicalType.byteArray.rawValue:
            if logicalType == .string || (logicalType == nil && convertedType == 0) { return .string }
            throw .unsupported("\(what): BYTE_ARRAY that is not a UTF-8 string (\(annotationText))")
        case let other?:
            throw .unsupported("\(what): physical type \(other) (INT96, FLOAT and FIXED_LEN_BYTE_ARRAY are not read)")
        case nil:
            throw .unsupported("\(what) is a group: nested schemas are not read")
        }
    }

    private var annotationText: String {
        if let logicalType { return "\(logicalType)" }
        if let convertedType { return "converted type \(convertedType)" }
        return "none"
    }
}
