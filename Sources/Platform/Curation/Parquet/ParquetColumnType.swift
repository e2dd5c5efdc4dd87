/// The logical type of a Parquet column, as Sluice's curated tables use them.
///
/// Each case maps to one Parquet physical type plus, where needed, a logical type annotation, so that
/// pyarrow, DuckDB and Trino read the column with the meaning it has here.
public enum ParquetColumnType: Sendable, Equatable {
    /// BOOLEAN.
    case boolean
    /// INT32 without annotation.
    case int32
    /// INT64 without annotation.
    case int64
    /// DOUBLE (IEEE 754 binary64).
    case double
    /// BYTE_ARRAY annotated STRING: UTF-8 text.
    case string
    /// INT32 annotated DATE: days since 1970-01-01.
    case date
    /// INT64 annotated TIMESTAMP(isAdjustedToUTC: true, unit: MICROS): microseconds since the Unix epoch, UTC.
    case timestampMicrosUTC

    /// The physical type the values are stored as.
    var physicalType: ParquetPhysicalType {
        switch self {
        case .boolean: .boolean
        case .int32, .date: .int32
        case .int64, .timestampMicrosUTC: .int64
        case .double: .double
        case .string: .byteArray
        }
    }
}
