/// The Parquet physical types Sluice writes, with their `Type` numbers from `parquet.thrift`.
enum ParquetPhysicalType: Int32, Sendable {
    case boolean = 0
    case int32 = 1
    case int64 = 2
    case double = 5
    case byteArray = 6

    /// The name the format uses, for error messages.
    var name: String {
        switch self {
        case .boolean: "BOOLEAN"
        case .int32: "INT32"
        case .int64: "INT64"
        case .double: "DOUBLE"
        case .byteArray: "BYTE_ARRAY"
        }
    }
}
