import Foundation
import Platform
import Testing

/// What the writer refuses, and that a refused batch loses nothing already written.
@Suite(.timeLimit(.minutes(1)))
struct ParquetFileWriterTests {
    private func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("parquet-\(UUID().uuidString).parquet").path
    }

    private func expectError(_ kind: ParquetError.Kind, mentioning text: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected a \(kind) error mentioning \(text)")
        } catch let error as ParquetError {
            #expect(error.kind == kind)
            #expect(error.description.contains(text), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func refusesANullInARequiredColumnAndKeepsTheRowsBefore() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let table = ParquetSampleTable(rowCount: 10)
        let writer = try ParquetFileWriter(
            path: path, schema: ParquetSampleTable.schema, options: ParquetWriterOptions(rowGroupRows: 4))
        try writer.write(table.batch())

        var bad = table.batch(rows: 0..<2)
        bad.removeAll()
        for row in 0..<2 {
            bad.append(boolean: true, column: 0)
            bad.append(int32: row == 1 ? nil : 5, column: 1)
            bad.append(int64: 1, column: 2)
            bad.append(double: 1, column: 3)
            bad.append(string: "z", column: 4)
            bad.append(string: "n", column: 5)
            bad.append(int32: 1, column: 6)
            bad.append(int64: 1, column: 7)
            bad.append(double: nil, column: 8)
        }
        expectError(.invalidBatch, mentioning: "column \"count\" is required but row 1") { try writer.write(bad) }

        let summary = try writer.close()
        #expect(summary.rowCount == 10)
        #expect(summary.rowGroupCount == 3)
        let report = try ParquetPythonReader.read(path)
        #expect(report.pyarrow.numRows == 10)
        #expect(report.pyarrow.columns["count"] == table.printed(column: 1, rows: 0..<10))
    }

    @Test func refusesIncompleteRowsAndBatchesOfAnotherSchema() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(path: path, schema: ParquetSampleTable.schema)
        var ragged = ParquetSampleTable(rowCount: 3).batch()
        ragged.append(boolean: true, column: 0)
        expectError(.invalidBatch, mentioning: "column \"flag\" has 4 values") { try writer.write(ragged) }

        var other = ParquetBatch(schema: ParquetSchema([ParquetColumn("flag", .boolean)]))
        other.append(boolean: false, column: 0)
        expectError(.invalidBatch, mentioning: "schema") { try writer.write(other) }
        #expect(try writer.close().rowCount == 0)
    }

    @Test func refusesUseAfterCloseAndSchemasItCannotWrite() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(path: path, schema: ParquetSampleTable.schema)
        _ = try writer.close()
        expectError(.usage, mentioning: "closed") { try writer.write(ParquetSampleTable(rowCount: 1).batch()) }
        expectError(.usage, mentioning: "closed") { _ = try writer.close() }

        let duplicate = ParquetSchema([ParquetColumn("a", .int32), ParquetColumn("a", .string)])
        expectError(.invalidSchema, mentioning: "\"a\" appears more than once") {
            _ = try ParquetFileWriter(path: path, schema: duplicate)
        }
        expectError(.invalidSchema, mentioning: "at least one column") {
            _ = try ParquetFileWriter(path: path, schema: ParquetSchema([]))
        }
        expectError(.usage, mentioning: "rowGroupRows") {
            _ = try ParquetFileWriter(
                path: path, schema: ParquetSampleTable.schema, options: ParquetWriterOptions(rowGroupRows: 0))
        }
        expectError(.io, mentioning: "/nonexistent-directory/x.parquet") {
            _ = try ParquetFileWriter(path: "/nonexistent-directory/x.parquet", schema: ParquetSampleTable.schema)
        }
    }
}
