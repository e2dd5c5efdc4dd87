import Foundation

/// Copies Parquet objects from S3 into a PostgreSQL table with COPY, one row group at a time.
///
/// Each object is downloaded to a scratch file (S3Client streams it to disk, so a large object is never
/// held whole), read with ``ParquetFileReader`` and removed as soon as its rows are sent. Memory is bounded
/// by one row group. A file that is not readable Parquet throws ``ServingError/Kind/unreadableObject``
/// naming the object; the caller's transaction then undoes whatever was copied before it.
struct ParquetStageLoader {
    let s3: S3Client
    let bucket: String
    let connection: PostgresConnection
    /// A folder of the caller's for the downloads; emptied object by object.
    let scratchFolder: String

    /// Copies the `columns` of `object` into `table` (whose column list is `tableColumns`): each row is
    /// `constantFields` (COPY text fields, such as a partition value) followed by the columns in order.
    /// Returns the number of rows copied.
    func load(
        _ object: HivePartitionedObject, columns: [ParquetColumnRequirement], constantFields: [String],
        into table: String, tableColumns: [String]
    ) throws -> Int {
        let uri = "s3://\(bucket)/\(object.key)"
        let path = "\(scratchFolder)/\(UUID().uuidString).parquet"
        try s3.download(bucket: bucket, key: object.key, to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }

        let reader: ParquetFileReader
        do {
            reader = try ParquetFileReader(path: path)
        } catch {
            throw ServingError(kind: .unreadableObject, message: "\(uri) is not readable Parquet: \(error)")
        }
        let indices = try ParquetColumnRequirement.columnIndices(of: columns, in: reader.schema, object: uri)
        let prefix = constantFields.map { $0 + "\t" }.joined()
        let copy = "COPY \(table) (\(tableColumns.joined(separator: ", "))) FROM STDIN"
        var copied = 0
        for group in reader.rowGroups.indices {
            let batch: ParquetBatch
            do {
                batch = try reader.readRowGroup(group)
            } catch {
                throw ServingError(
                    kind: .unreadableObject, message: "\(uri): row group \(group) is not readable Parquet: \(error)")
            }
            let lines = (0..<batch.rowCount).lazy.map { row in
                prefix + indices.map { PostgresCopyText.field(batch[row, $0]) }.joined(separator: "\t")
            }
            copied += try connection.copyIn(sql: copy, rows: lines)
        }
        return copied
    }
}
