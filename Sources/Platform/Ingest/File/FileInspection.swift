/// What an inbox file holds, as far as landing it needs to know, whatever its format: its columns,
/// how many records it has, and its media type.
///
/// A `.parquet` file is read from its footer (schema and row count) with the platform's Parquet reader;
/// any other file is checked as CSV (``CSVInspection``). A damaged file throws the reader's error
/// (`ParquetError`, `CSVError`), which sends the file to quarantine.
struct FileInspection {
    /// The column names, in order.
    let columns: [String]
    /// The records after the header (CSV) or in all row groups (Parquet).
    let rowCount: Int
    /// `text/csv` or `application/vnd.apache.parquet`.
    let contentType: String

    /// The media type of landed Parquet files.
    static let parquetContentType = "application/vnd.apache.parquet"

    /// True for the names the file ingestor takes from an inbox: `*.csv` and `*.parquet`.
    static func isIngestible(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".csv") || lowered.hasSuffix(".parquet")
    }

    static func inspect(_ bytes: [UInt8], name: String) throws -> FileInspection {
        if name.lowercased().hasSuffix(".parquet") {
            let reader = try ParquetFileReader(bytes: bytes)
            return FileInspection(
                columns: reader.schema.columns.map(\.name), rowCount: Int(reader.rowCount), contentType: parquetContentType)
        }
        let csv = try CSVInspection.inspect(bytes)
        return FileInspection(columns: csv.columns, rowCount: csv.rowCount, contentType: "text/csv")
    }
}
