import Foundation
import Platform
import Testing

/// The Swift reader: files from the Swift writer, from pyarrow (data pages v1 and v2, dictionary-encoded
/// numbers) and from DuckDB read back value for value; damaged files give errors, never a crash.
@Suite(.timeLimit(.minutes(2)))
struct ParquetFileReaderTests {
    private func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("parquet-\(UUID().uuidString)-\(name).parquet").path
    }

    private func writeSample(_ table: ParquetSampleTable, _ options: ParquetWriterOptions, name: String) throws -> String {
        let path = temporaryPath(name)
        let writer = try ParquetFileWriter(path: path, schema: ParquetSampleTable.schema, options: options)
        try writer.write(table.batch())
        _ = try writer.close()
        return path
    }

    /// Checks that `reader` holds `table` in row groups of the given sizes, values and statistics.
    private func expectSample(_ reader: ParquetFileReader, _ table: ParquetSampleTable, groupRows: [Int]) throws {
        #expect(reader.schema == ParquetSampleTable.schema)
        #expect(reader.rowCount == Int64(table.rowCount))
        #expect(reader.rowGroups.map(\.rowCount) == groupRows.map(Int64.init))
        var start = 0
        for (index, rows) in groupRows.enumerated() {
            let batch = try reader.readRowGroup(index)
            #expect(batch.rowCount == rows)
            for column in ParquetSampleTable.schema.columns.indices {
                let read = (0..<rows).map { batch[$0, column] }
                let expected = (start..<(start + rows)).map { table.value(row: $0, column: column) }
                #expect(read == expected, "column \(column) of row group \(index)")
                let statistics = table.statistics(column: column, rows: start..<(start + rows))
                #expect(
                    reader.rowGroups[index].columnStatistics[column]
                        == ParquetColumnStatistics(min: statistics.min, max: statistics.max, nullCount: statistics.nullCount),
                    "statistics of column \(column) in row group \(index)")
            }
            start += rows
        }
    }

    @Test(arguments: [ParquetCompression.uncompressed, .snappy, .zstd], [true, false])
    func roundTripsEveryTypeThroughTheSwiftWriter(compression: ParquetCompression, dictionary: Bool) throws {
        let table = ParquetSampleTable(rowCount: 2_300)
        let path = try writeSample(
            table, ParquetWriterOptions(rowGroupRows: 1_000, compression: compression, dictionary: dictionary), name: "swift")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try expectSample(try ParquetFileReader(path: path), table, groupRows: [1_000, 1_000, 300])
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        try expectSample(try ParquetFileReader(bytes: bytes), table, groupRows: [1_000, 1_000, 300])
    }

    @Test func keepsNaNOutOfDoubleBoundsAndReadsItBack() throws {
        let schema = ParquetSchema([ParquetColumn("x", .double)])
        var batch = ParquetBatch(schema: schema)
        for value in [1.5, Double.nan, -2.25, nil, 0.0] { batch.append(double: value, column: 0) }
        let path = temporaryPath("nan")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetFileWriter(path: path, schema: schema)
        try writer.write(batch)
        _ = try writer.close()
        let reader = try ParquetFileReader(path: path)
        #expect(reader.rowGroups[0].columnStatistics[0] == ParquetColumnStatistics(min: .double(-2.25), max: .double(1.5), nullCount: 1))
        let read = try reader.readRowGroup(0)
        guard case .double(let nan) = read[1, 0] else {
            Issue.record("row 1 is \(read[1, 0])")
            return
        }
        #expect(nan.isNaN)
        #expect(read[3, 0] == .null)
        #expect(read[4, 0] == .double(0))
    }

    @Test(arguments: ["snappy", "zstd"])
    func readsWhatPyarrowAndDuckDBWrite(codec: String) throws {
        let table = ParquetSampleTable(rowCount: 2_300)
        let source = try writeSample(table, ParquetWriterOptions(rowGroupRows: 5_000), name: "source")
        defer { try? FileManager.default.removeItem(atPath: source) }
        let v1 = temporaryPath("pyarrow-v1")
        let v2 = temporaryPath("pyarrow-v2")
        let duck = temporaryPath("duckdb")
        defer { [v1, v2, duck].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        _ = try ParquetPythonReader.run(
            """
            import sys, duckdb, pyarrow.parquet as pq
            source, codec, v1, v2, duck = sys.argv[1:]
            table = pq.read_table(source)
            pq.write_table(table, v1, compression=codec, row_group_size=1000, data_page_version="1.0")
            pq.write_table(table, v2, compression=codec, row_group_size=1000, data_page_version="2.0")
            duckdb.execute(
                f"COPY (SELECT * FROM read_parquet('{source}')) TO '{duck}' (FORMAT parquet, COMPRESSION {codec}, ROW_GROUP_SIZE 1000)")
            """, [source, codec, v1, v2, duck])
        for path in [v1, v2] {
            let reader = try ParquetFileReader(path: path)
            #expect(reader.createdBy?.hasPrefix("parquet-cpp-arrow") == true)
            try expectSample(reader, table, groupRows: [1_000, 1_000, 300])
        }
        let duckReader = try ParquetFileReader(path: duck)
        #expect(duckReader.schema == ParquetSampleTable.schema.with(everyColumnOptional: true))
        #expect(duckReader.rowCount == 2_300)
        var row = 0
        for index in duckReader.rowGroups.indices {
            let batch = try duckReader.readRowGroup(index)
            for groupRow in 0..<batch.rowCount {
                for column in ParquetSampleTable.schema.columns.indices {
                    #expect(batch[groupRow, column] == table.value(row: row, column: column), "row \(row) column \(column)")
                }
                row += 1
            }
        }
        #expect(row == 2_300)
    }

    @Test func refusesFilesThatAreNotParquetOrAreCut() throws {
        let table = ParquetSampleTable(rowCount: 300)
        let path = try writeSample(table, ParquetWriterOptions(rowGroupRows: 100, compression: .snappy), name: "cut")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))

        func expectError(_ kind: ParquetError.Kind, _ text: String, _ body: () throws -> Void) {
            do {
                try body()
                Issue.record("expected a \(kind) error about \(text)")
            } catch let error as ParquetError {
                #expect(error.kind == kind, "\(error)")
                #expect(error.description.contains(text), "\(error)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        expectError(.notParquet, "no PAR1 magic at the end") { _ = try ParquetFileReader(bytes: Array(bytes.dropLast(100))) }
        expectError(.notParquet, "no PAR1 magic at the start") { _ = try ParquetFileReader(bytes: [0x50, 0x41, 0x52, 0x32] + bytes.dropFirst(4)) }
        expectError(.notParquet, "too few") { _ = try ParquetFileReader(bytes: Array("PAR1PAR1".utf8)) }
        expectError(.io, "/nonexistent/file.parquet") { _ = try ParquetFileReader(path: "/nonexistent/file.parquet") }
        // The footer length says more than the file holds.
        var long = bytes
        long[long.count - 6] = 0x7F
        expectError(.corrupt, "footer length") { _ = try ParquetFileReader(bytes: long) }
        // The tail of the footer is cut off but the length and magic are kept.
        let footerLength = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8
        let cutFooter = Array(bytes[0..<(bytes.count - 8 - footerLength / 2)]) + Array(bytes[(bytes.count - 8)...])
        expectError(.corrupt, "footer") { _ = try ParquetFileReader(bytes: cutFooter) }
        let reader = try ParquetFileReader(bytes: bytes)
        expectError(.usage, "row group 3 does not exist") { _ = try reader.readRowGroup(3) }
    }

    @Test func damageAnywhereGivesAnErrorOrValuesNeverACrash() throws {
        let table = ParquetSampleTable(rowCount: 60)
        for compression in [ParquetCompression.uncompressed, .snappy, .zstd] {
            let path = try writeSample(table, ParquetWriterOptions(rowGroupRows: 25, compression: compression), name: "fuzz")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            var failures = 0
            for offset in 0..<bytes.count {
                var damaged = bytes
                damaged[offset] ^= 0xFF
                do {
                    let reader = try ParquetFileReader(bytes: damaged)
                    for index in reader.rowGroups.indices { _ = try reader.readRowGroup(index) }
                } catch is ParquetError {
                    failures += 1
                }
            }
            #expect(failures > bytes.count / 10, "damage went unnoticed too often (\(failures) errors for \(bytes.count) bytes)")
        }
    }
}

extension ParquetSchema {
    /// This schema with every column OPTIONAL, as DuckDB writes any column.
    func with(everyColumnOptional: Bool) -> ParquetSchema {
        ParquetSchema(columns.map { ParquetColumn($0.name, $0.type, optional: everyColumnOptional || $0.isOptional) })
    }
}
