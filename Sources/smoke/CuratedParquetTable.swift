import Platform

/// A Hive-partitioned Parquet table in S3 read back as a ``CanonicalTable``: every data object under the
/// table's prefix, each value in the canonical text of `golden/traffic/README.md`, the partition column
/// taken from the key (it is not inside the files, as Hive and Trino write them).
enum CuratedParquetTable {
    /// Reads the table under `prefix` of `bucket` with the columns in `header`'s order.
    static func read(s3: S3Client, bucket: String, prefix: String, header: [String]) throws -> CanonicalTable {
        let objects = try HivePartitionedObject.list(s3: s3, bucket: bucket, prefix: prefix)
        guard !objects.isEmpty else { throw SmokeFailure("no Parquet objects under s3://\(bucket)/\(prefix)") }
        var rows: [[String]] = []
        for object in objects {
            let file = try ParquetFileReader(bytes: try s3.getObject(bucket: bucket, key: object.key))
            var fields: [String: Int] = [:]
            for (index, column) in file.schema.columns.enumerated() { fields[column.name] = index }
            let partitions = Dictionary(object.partitionValues.map { ($0.name, $0.value ?? "") }) { first, _ in first }
            for group in file.rowGroups.indices {
                let batch = try file.readRowGroup(group)
                for row in 0..<batch.rowCount {
                    rows.append(try header.map { name in
                        if let column = fields[name] { return text(batch[row, column], as: file.schema.columns[column].type) }
                        if let value = partitions[name] { return value }
                        throw SmokeFailure("s3://\(bucket)/\(object.key) has no column \(name)")
                    })
                }
            }
        }
        return CanonicalTable(header: header, rows: rows)
    }

    /// The canonical text of one value: empty for NULL, dates `YYYY-MM-DD`, timestamps with six fraction
    /// digits, booleans `true`/`false`, numbers in Swift's shortest round-trip form.
    static func text(_ value: ParquetValue, as type: ParquetColumnType) -> String {
        switch value {
        case .null: ""
        case .boolean(let flag): flag ? "true" : "false"
        case .int32(let days) where type == .date: UTCTimeText.day(daysSinceEpoch: Int64(days))
        case .int32(let number): "\(number)"
        case .int64(let micros) where type == .timestampMicrosUTC: UTCTimeText.timestamp(microsecondsSinceEpoch: micros)
        case .int64(let number): "\(number)"
        case .double(let number): "\(number)"
        case .string(let text): text
        }
    }
}
