import Platform
import Testing

/// The in-memory batch: typed columns, nulls, strings as UTF-8, ragged filling, clearing.
struct ParquetBatchTests {
    private static let schema = ParquetSchema([
        ParquetColumn("flag", .boolean),
        ParquetColumn("count", .int32, optional: false),
        ParquetColumn("id", .int64),
        ParquetColumn("fare", .double),
        ParquetColumn("name", .string),
        ParquetColumn("day", .date),
        ParquetColumn("at", .timestampMicrosUTC),
    ])

    private func appendRow(_ batch: inout ParquetBatch, _ n: Int, name: String?) {
        batch.append(boolean: n % 2 == 0, column: 0)
        batch.append(int32: Int32(n), column: 1)
        batch.append(int64: n == 1 ? nil : Int64(n) * 1_000_000_000_000, column: 2)
        batch.append(double: Double(n) + 0.5, column: 3)
        batch.append(string: name, column: 4)
        batch.append(int32: 19_000 + Int32(n), column: 5)
        batch.append(int64: 1_700_000_000_000_000 + Int64(n), column: 6)
    }

    @Test func givesBackEveryValueItWasGivenWithNullsInPlace() {
        var batch = ParquetBatch(schema: Self.schema, reservingCapacity: 4)
        appendRow(&batch, 0, name: "Zürich ✓")
        appendRow(&batch, 1, name: nil)
        appendRow(&batch, 2, name: "")
        #expect(batch.rowCount == 3)
        #expect(batch[0, 0] == .boolean(true))
        #expect(batch[1, 1] == .int32(1))
        #expect(batch[0, 2] == .int64(0))
        #expect(batch[1, 2] == .null)
        #expect(batch[2, 2] == .int64(2_000_000_000_000))
        #expect(batch[2, 3] == .double(2.5))
        #expect(batch[0, 4] == .string("Zürich ✓"))
        #expect(batch[1, 4] == .null)
        #expect(batch[2, 4] == .string(""))
        #expect(batch[2, 5] == .int32(19_002))
        #expect(batch[1, 6] == .int64(1_700_000_000_000_001))
    }

    @Test func countsOnlyRowsCompleteInEveryColumn() {
        var batch = ParquetBatch(schema: Self.schema)
        #expect(batch.rowCount == 0)
        appendRow(&batch, 0, name: "a")
        batch.append(boolean: nil, column: 0)
        batch.append(int32: 7, column: 1)
        #expect(batch.rowCount == 1)
        batch.append(int64: 5, column: 2)
        batch.append(double: nil, column: 3)
        batch.append(string: "b", column: 4)
        batch.append(int32: nil, column: 5)
        batch.append(int64: nil, column: 6)
        #expect(batch.rowCount == 2)
        #expect(batch[1, 0] == .null)
        #expect(batch[1, 4] == .string("b"))
    }

    @Test func isEmptyAfterRemoveAllAndCanBeRefilled() {
        var batch = ParquetBatch(schema: Self.schema)
        for n in 0..<100 { appendRow(&batch, n, name: "row \(n)") }
        #expect(batch.rowCount == 100)
        batch.removeAll()
        #expect(batch.rowCount == 0)
        appendRow(&batch, 42, name: "again")
        #expect(batch.rowCount == 1)
        #expect(batch[0, 4] == .string("again"))
        #expect(batch[0, 1] == .int32(42))
    }

    @Test func keepsTheSchemaAndColumnDefaults() {
        let batch = ParquetBatch(schema: Self.schema)
        #expect(batch.schema == Self.schema)
        #expect(Self.schema.columns[0].isOptional)
        #expect(!Self.schema.columns[1].isOptional)
        #expect(Self.schema.columns[6].type == .timestampMicrosUTC)
    }

    @Test func writerOptionsDefaultToZstdDictionaryAndLargeRowGroups() {
        let options = ParquetWriterOptions()
        #expect(options.rowGroupRows == 131_072)
        #expect(options.compression == .zstd)
        #expect(options.dictionary)
    }

    @Test func errorsSayWhatWentWrong() {
        let error = ParquetError(kind: .notParquet, message: "no PAR1 magic at the end")
        #expect(error.description == "not a Parquet file: no PAR1 magic at the end")
        let corrupt = ParquetError(kind: .corrupt, message: "footer length 99 exceeds the file")
        #expect(corrupt.description == "Parquet corrupt error: footer length 99 exceeds the file")
    }
}
