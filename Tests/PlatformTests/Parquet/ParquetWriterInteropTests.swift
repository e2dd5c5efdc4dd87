import Foundation
import Platform
import Testing

/// Files from ``ParquetFileWriter`` read back by pyarrow and DuckDB (in a `python3` child): schema,
/// logical types, every value, row counts per row group, and the statistics each reader decodes.
@Suite(.timeLimit(.minutes(2)))
struct ParquetWriterInteropTests {
    private static let arrowTypes = [
        "bool", "int32", "int64", "double", "string", "string", "date32[day]", "timestamp[us, tz=UTC]", "double",
    ]
    private static let duckTypes = [
        "BOOLEAN", "INTEGER", "BIGINT", "DOUBLE", "VARCHAR", "VARCHAR", "DATE", "TIMESTAMP WITH TIME ZONE", "DOUBLE",
    ]

    private func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("parquet-\(UUID().uuidString)-\(name).parquet").path
    }

    /// Writes `table` in batches of `batchRows` rows and returns the file's path and summary.
    private func write(
        _ table: ParquetSampleTable, options: ParquetWriterOptions, batchRows: Int, name: String
    ) throws -> (String, ParquetFileSummary) {
        let path = temporaryPath(name)
        let writer = try ParquetFileWriter(path: path, schema: ParquetSampleTable.schema, options: options)
        for start in stride(from: 0, to: table.rowCount, by: batchRows) {
            try writer.write(table.batch(rows: start..<min(start + batchRows, table.rowCount)))
        }
        return (path, try writer.close())
    }

    @Test(arguments: [
        (ParquetCompression.uncompressed, "UNCOMPRESSED"), (.snappy, "SNAPPY"), (.zstd, "ZSTD"),
    ])
    func pyarrowAndDuckDBReadEveryTypeValueAndStatistic(compression: ParquetCompression, codecName: String) throws {
        let table = ParquetSampleTable(rowCount: 2_500)
        let (path, summary) = try write(
            table, options: ParquetWriterOptions(rowGroupRows: 1_000, compression: compression), batchRows: 700,
            name: codecName)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(summary.rowCount == 2_500)
        #expect(summary.rowGroupCount == 3)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(Int64(size ?? -1) == summary.byteCount)

        let report = try ParquetPythonReader.read(path)
        let schema = ParquetSampleTable.schema.columns
        let groups = [0..<1_000, 1_000..<2_000, 2_000..<2_500]

        // pyarrow
        let arrow = report.pyarrow
        #expect(arrow.numRows == 2_500)
        #expect(arrow.createdBy == "sluice")
        #expect(arrow.schema.map(\.name) == schema.map(\.name))
        #expect(arrow.schema.map(\.arrowType) == Self.arrowTypes)
        #expect(arrow.schema.map(\.nullable) == schema.map(\.isOptional))
        #expect(arrow.schema[4].logical == "String")
        #expect(arrow.schema[6].logical == "Date")
        #expect(arrow.schema[7].logical.contains("isAdjustedToUTC=true") && arrow.schema[7].logical.contains("microseconds"))
        for (index, column) in schema.enumerated() {
            #expect(arrow.columns[column.name] == table.printed(column: index, rows: 0..<2_500), "pyarrow column \(column.name)")
        }
        #expect(arrow.rowGroups.map(\.numRows) == [1_000, 1_000, 500])
        for (group, rows) in groups.enumerated() {
            for (index, column) in schema.enumerated() {
                let chunk = arrow.rowGroups[group].columns[index]
                let expected = table.statistics(column: index, rows: rows)
                #expect(chunk.compression == codecName)
                #expect(chunk.nullCount == Int(expected.nullCount), "pyarrow null count of \(column.name) in group \(group)")
                #expect(chunk.hasMinMax == (expected.min != .null), "pyarrow min/max of \(column.name)")
                #expect(chunk.min == ParquetSampleTable.printed(expected.min), "pyarrow min of \(column.name) in group \(group)")
                #expect(chunk.max == ParquetSampleTable.printed(expected.max), "pyarrow max of \(column.name) in group \(group)")
            }
            #expect(arrow.rowGroups[group].columns[4].encodings.contains("RLE_DICTIONARY"))
        }

        // DuckDB
        let duck = report.duckdb
        #expect(duck.count == 2_500)
        #expect(duck.sqlTypes == Self.duckTypes)
        #expect(duck.schema.map(\.name) == schema.map(\.name))
        #expect(duck.schema.map(\.type) == ["BOOLEAN", "INT32", "INT64", "DOUBLE", "BYTE_ARRAY", "BYTE_ARRAY", "INT32", "INT64", "DOUBLE"])
        #expect(duck.schema[7].logicalType?.contains("isAdjustedToUTC=1") == true)
        for (index, column) in schema.enumerated() {
            #expect(duck.columns[column.name] == table.printed(column: index, rows: 0..<2_500), "DuckDB column \(column.name)")
        }
        #expect(duck.metadata.count == 3 * schema.count)
        for chunk in duck.metadata {
            let index = schema.firstIndex { $0.name == chunk.path }!
            let expected = table.statistics(column: index, rows: groups[chunk.rowGroupId])
            #expect(chunk.compression == codecName)
            #expect(chunk.nullCount == Int(expected.nullCount), "DuckDB null count of \(chunk.path)")
            #expect(chunk.min == ParquetSampleTable.printed(expected.min), "DuckDB min of \(chunk.path) in \(chunk.rowGroupId)")
            #expect(chunk.max == ParquetSampleTable.printed(expected.max), "DuckDB max of \(chunk.path) in \(chunk.rowGroupId)")
        }
    }

    @Test func stringsFallBackToPlainWhenTheDictionaryWouldPassItsLimitOrIsOff() throws {
        // 2,000 distinct notes of ~600 bytes: a 1.2 MB dictionary, past the 1 MiB limit.
        let table = ParquetSampleTable(rowCount: 2_000, notePadding: 600)
        for dictionary in [true, false] {
            let (path, _) = try write(
                table, options: ParquetWriterOptions(rowGroupRows: 5_000, compression: .snappy, dictionary: dictionary),
                batchRows: 2_000, name: "plain")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let report = try ParquetPythonReader.read(path)
            let chunks = report.pyarrow.rowGroups[0].columns
            #expect(!chunks[5].encodings.contains("RLE_DICTIONARY"))
            #expect(chunks[4].encodings.contains("RLE_DICTIONARY") == dictionary)
            #expect(report.pyarrow.columns["note"] == table.printed(column: 5, rows: 0..<2_000))
            #expect(report.pyarrow.columns["zone"] == table.printed(column: 4, rows: 0..<2_000))
            #expect(report.duckdb.columns["note"] == table.printed(column: 5, rows: 0..<2_000))
            #expect(chunks[5].min == ParquetSampleTable.printed(table.statistics(column: 5, rows: 0..<2_000).min))
        }
    }

    @Test func aFileWithoutRowsHasItsSchemaAndNoRowGroups() throws {
        let path = temporaryPath("empty")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(path: path, schema: ParquetSampleTable.schema)
        try writer.write(ParquetBatch(schema: ParquetSampleTable.schema))
        let summary = try writer.close()
        #expect(summary == ParquetFileSummary(rowCount: 0, rowGroupCount: 0, byteCount: summary.byteCount))
        let report = try ParquetPythonReader.read(path)
        #expect(report.pyarrow.numRows == 0)
        #expect(report.pyarrow.rowGroups.isEmpty)
        #expect(report.pyarrow.schema.map(\.arrowType) == Self.arrowTypes)
        #expect(report.duckdb.count == 0)
        #expect(report.duckdb.sqlTypes == Self.duckTypes)
        #expect(report.duckdb.schema.map(\.name) == ParquetSampleTable.schema.columns.map(\.name))
    }
}
