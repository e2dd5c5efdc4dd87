/// The `LogicalType` union of `parquet.thrift`, for the annotations Sluice writes and recognizes.
enum ParquetLogicalType: Equatable {
    case string
    case date
    /// `unit`: 1 millis, 2 micros, 3 nanos (the `TimeUnit` union's field ids).
    case timestamp(isAdjustedToUTC: Bool, unit: Int16)
    case integer(bitWidth: Int8, isSigned: Bool)
    /// Any other annotation, by its field id in the union.
    case other(Int16)

    /// Writes the union as struct field `id` of the enclosing struct.
    func encodeField(_ id: Int16, into encoder: inout ThriftCompactEncoder) {
        encoder.beginStruct(id)
        switch self {
        case .string: encoder.emptyStruct(1)
        case .date: encoder.emptyStruct(6)
        case .timestamp(let isAdjustedToUTC, let unit):
            encoder.beginStruct(8)
            encoder.field(1, bool: isAdjustedToUTC)
            encoder.beginStruct(2)
            encoder.emptyStruct(unit)
            encoder.endStruct()
            encoder.endStruct()
        case .integer(let bitWidth, let isSigned):
            encoder.beginStruct(10)
            encoder.field(1, byte: bitWidth)
            encoder.field(2, bool: isSigned)
            encoder.endStruct()
        case .other(let member): encoder.emptyStruct(member)
        }
        encoder.endStruct()
    }

    /// Decodes the union; the decoder is positioned after the field header of the `logicalType` field.
    init(decoding decoder: inout ThriftCompactDecoder) throws(ParquetError) {
        try decoder.beginStruct()
        var result = ParquetLogicalType.other(0)
        while let field = try decoder.nextField() {
            switch (field.id, field.type) {
            case (1, .structure):
                result = .string
                try decoder.skip(.structure)
            case (6, .structure):
                result = .date
                try decoder.skip(.structure)
            case (8, .structure):
                result = try Self.decodeTimestamp(&decoder)
            case (10, .structure):
                result = try Self.decodeInteger(&decoder)
            default:
                result = .other(field.id)
                try decoder.skip(field.type)
            }
        }
        decoder.endStruct()
        self = result
    }

    private static func decodeTimestamp(_ decoder: inout ThriftCompactDecoder) throws(ParquetError) -> ParquetLogicalType {
        try decoder.beginStruct()
        var isAdjustedToUTC = false
        var unit: Int16 = 0
        while let field = try decoder.nextField() {
            switch (field.id, field.type) {
            case (1, .booleanTrue): isAdjustedToUTC = true
            case (1, .booleanFalse): isAdjustedToUTC = false
            case (2, .structure):
                try decoder.beginStruct()
                while let unitField = try decoder.nextField() {
                    unit = unitField.id
                    try decoder.skip(unitField.type)
                }
                decoder.endStruct()
            default: try decoder.skip(field.type)
            }
        }
        decoder.endStruct()
        return .timestamp(isAdjustedToUTC: isAdjustedToUTC, unit: unit)
    }

    private static func decodeInteger(_ decoder: inout ThriftCompactDecoder) throws(ParquetError) -> ParquetLogicalType {
        try decoder.beginStruct()
        var bitWidth: Int8 = 0
        var isSigned = true
        while let field = try decoder.nextField() {
            switch (field.id, field.type) {
            case (1, .byte): bitWidth = try decoder.int8()
            case (2, .booleanTrue): isSigned = true
            case (2, .booleanFalse): isSigned = false
            default: try decoder.skip(field.type)
            }
        }
        decoder.endStruct()
        return .integer(bitWidth: bitWidth, isSigned: isSigned)
    }
}
