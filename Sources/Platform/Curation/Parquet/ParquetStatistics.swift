/// The `Statistics` struct of `parquet.thrift`, as stored for a column chunk.
///
/// Sluice writes the bounds in `min_value`/`max_value` (ordered by the column's type: signed for integers,
/// by value for doubles, unsigned bytes for strings) and leaves the deprecated signed-only `min`/`max`
/// empty; it reads either, preferring the new fields.
struct ParquetStatistics: Equatable {
    /// PLAIN-encoded bound (strings without length prefix), or nil.
    var minValue: [UInt8]?
    var maxValue: [UInt8]?
    var nullCount: Int64?
    /// NaNs among the values, for DOUBLE columns: the bounds leave NaN out.
    var nanCount: Int64?
    /// Whether the bounds came from the deprecated `min`/`max` fields, which older writers filled by signed
    /// byte comparison: right for numbers, wrong for strings with bytes above 0x7F.
    private(set) var boundsAreLegacy = false

    init(minValue: [UInt8]?, maxValue: [UInt8]?, nullCount: Int64?, nanCount: Int64?) {
        self.minValue = minValue
        self.maxValue = maxValue
        self.nullCount = nullCount
        self.nanCount = nanCount
    }

    func encodeField(_ id: Int16, into encoder: inout ThriftCompactEncoder) {
        encoder.beginStruct(id)
        if let nullCount { encoder.field(3, i64: nullCount) }
        if let maxValue { encoder.field(5, binary: maxValue) }
        if let minValue { encoder.field(6, binary: minValue) }
        if maxValue != nil { encoder.field(7, bool: true) }
        if minValue != nil { encoder.field(8, bool: true) }
        if let nanCount { encoder.field(9, i64: nanCount) }
        encoder.endStruct()
    }

    init(decoding decoder: inout ThriftCompactDecoder) throws(ParquetError) {
        try decoder.beginStruct()
        var legacyMin: [UInt8]?
        var legacyMax: [UInt8]?
        while let field = try decoder.nextField() {
            switch (field.id, field.type) {
            case (1, .binary): legacyMax = try decoder.binary()
            case (2, .binary): legacyMin = try decoder.binary()
            case (3, .i64): nullCount = try decoder.i64()
            case (5, .binary): maxValue = try decoder.binary()
            case (6, .binary): minValue = try decoder.binary()
            case (9, .i64): nanCount = try decoder.i64()
            default: try decoder.skip(field.type)
            }
        }
        decoder.endStruct()
        if minValue == nil && maxValue == nil && (legacyMin != nil || legacyMax != nil) {
            minValue = legacyMin
            maxValue = legacyMax
            boundsAreLegacy = true
        }
    }
}
