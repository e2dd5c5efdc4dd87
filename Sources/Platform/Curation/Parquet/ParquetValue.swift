/// One value of a Parquet cell, by physical kind.
///
/// `.date` columns give `.int32` (days since 1970-01-01) and `.timestampMicrosUTC` columns give `.int64`
/// (microseconds since the epoch): the column's ``ParquetColumnType`` says how to read the number.
public enum ParquetValue: Sendable, Hashable {
    case null
    case boolean(Bool)
    case int32(Int32)
    case int64(Int64)
    case double(Double)
    case string(String)
}
