/// Reads a Parquet file this writer (or pyarrow/DuckDB, for the types above) wrote.
///
/// Opening reads and checks only the footer: the magic at both ends, the footer length, the schema
/// (flat, of the types in ``ParquetColumnType``) and every row group's column chunk locations against the
/// file's size. ``readRowGroup(_:)`` then reads one row group's chunks. Anything damaged or outside what
/// this reader supports is a ``ParquetError`` saying what and where.
public struct ParquetFileReader: Sendable {
    private let source: ParquetByteSource
    private let metaData: ParquetFileMetaData

    /// The file's columns.
    public let schema: ParquetSchema
    /// Rows in the file, as its footer says.
    public var rowCount: Int64 { metaData.rowCount }
    /// The row groups, with their row counts and column statistics.
    public let rowGroups: [ParquetRowGroupInfo]
    /// The footer's `created_by`, such as "sluice" or "parquet-cpp-arrow version 26.0.1".
    public var createdBy: String? { metaData.createdBy }

    /// Opens the file at `path` and reads its footer.
    public init(path: String) throws {
        try self.init(source: try ParquetByteSource(path: path))
    }

    /// Reads a Parquet file held in memory.
    public init(bytes: [UInt8]) throws {
        try self.init(source: ParquetByteSource(bytes: bytes))
    }

    private init(source: ParquetByteSource) throws(ParquetError) {
        self.source = source
        let size = source.count
        guard size >= 12 else { throw .notParquet("\(size) bytes are too few (a Parquet file has at least 12)") }
        let tail = try source.read(at: size - 8, length: 8)
        guard Array(tail[4..<8]) == ParquetFileWriter.magic else { throw .notParquet("no PAR1 magic at the end") }
        guard try source.read(at: 0, length: 4) == ParquetFileWriter.magic else {
            throw .notParquet("no PAR1 magic at the start")
        }
        let footerLength = Int(tail[0]) | Int(tail[1]) << 8 | Int(tail[2]) << 16 | Int(tail[3]) << 24
        guard footerLength <= size - 12 else {
            throw .corrupt("the footer length \(footerLength) exceeds the \(size - 12) bytes the file has for it (truncated?)")
        }
        metaData = try ParquetFileMetaData(decoding: try source.read(at: size - 8 - footerLength, length: footerLength))
        schema = try Self.schema(of: metaData)
        let dataEnd = Int64(size - 8 - footerLength)
        var infos: [ParquetRowGroupInfo] = []
        for (index, group) in metaData.rowGroups.enumerated() {
            infos.append(try Self.info(of: group, index: index, schema: schema, dataEnd: dataEnd))
        }
        rowGroups = infos
        let total = metaData.rowGroups.reduce(Int64(0)) { $0 &+ $1.rowCount }
        guard total == metaData.rowCount else {
            throw .corrupt("the footer says \(metaData.rowCount) rows but its row groups hold \(total)")
        }
    }

    /// The rows of row group `index`.
    public func readRowGroup(_ index: Int) throws -> ParquetBatch {
        guard metaData.rowGroups.indices.contains(index) else {
            throw ParquetError(kind: .usage, message: "row group \(index) does not exist (the file has \(rowGroups.count))")
        }
        let group = metaData.rowGroups[index]
        var columns: [ParquetColumnBuffer] = []
        for (column, chunk) in zip(schema.columns, group.columns) {
            let start = Self.chunkStart(chunk)
            let bytes = try source.read(at: Int(start), length: Int(chunk.totalCompressedSize))
            let reader = ParquetColumnChunkReader(column: column, metaData: chunk, rowCount: Int(group.rowCount))
            columns.append(try reader.read(bytes))
        }
        return ParquetBatch(schema: schema, columns: columns)
    }

    // MARK: Footer checks

    private static func schema(of metaData: ParquetFileMetaData) throws(ParquetError) -> ParquetSchema {
        let root = metaData.schema[0]
        let leaves = metaData.schema.dropFirst()
        guard root.childCount.map(Int.init) == leaves.count else {
            throw .unsupported("the schema is nested (the root has \(root.childCount ?? 0) children among \(leaves.count) elements)")
        }
        var columns: [ParquetColumn] = []
        for element in leaves {
            guard element.childCount == nil || element.childCount == 0 else {
                throw .unsupported("column \"\(element.name)\" is a group: nested schemas are not read")
            }
            let type = try element.columnType()
            switch element.repetition {
            case 0: columns.append(ParquetColumn(element.name, type, optional: false))
            case 1, nil: columns.append(ParquetColumn(element.name, type, optional: true))
            default: throw .unsupported("column \"\(element.name)\" is repeated: lists are not read")
            }
        }
        return ParquetSchema(columns)
    }

    private static func info(
        of group: ParquetRowGroup, index: Int, schema: ParquetSchema, dataEnd: Int64
    ) throws(ParquetError) -> ParquetRowGroupInfo {
        guard group.columns.count == schema.columns.count else {
            throw .corrupt("row group \(index) has \(group.columns.count) column chunks for \(schema.columns.count) columns")
        }
        guard group.rowCount >= 0, group.rowCount <= Int32.max else {
            throw .corrupt("row group \(index) claims \(group.rowCount) rows")
        }
        var statistics: [ParquetColumnStatistics?] = []
        for (column, chunk) in zip(schema.columns, group.columns) {
            let what = "row group \(index), column \"\(column.name)\""
            guard chunk.physicalType == column.type.physicalType.rawValue else {
                throw .corrupt("\(what): chunk type \(chunk.physicalType) differs from the schema's")
            }
            let start = chunkStart(chunk)
            guard start >= 4, chunk.totalCompressedSize >= 0, start <= dataEnd - chunk.totalCompressedSize else {
                throw .corrupt("\(what): the chunk at \(start) of \(chunk.totalCompressedSize) bytes lies outside the data")
            }
            statistics.append(try columnStatistics(chunk.statistics, column: column, what))
        }
        return ParquetRowGroupInfo(rowCount: group.rowCount, columnStatistics: statistics)
    }

    /// Where a chunk's first page is: its dictionary page when it has one, else its first data page.
    private static func chunkStart(_ chunk: ParquetColumnMetaData) -> Int64 {
        if let dictionary = chunk.dictionaryPageOffset, dictionary > 0, dictionary < chunk.dataPageOffset {
            return dictionary
        }
        return chunk.dataPageOffset
    }

    /// Statistics as values of the column's type; nil when the file has none or no null count (readers must
    /// not assume zero nulls then). Deprecated signed-order bounds are dropped for strings.
    private static func columnStatistics(
        _ statistics: ParquetStatistics?, column: ParquetColumn, _ what: String
    ) throws(ParquetError) -> ParquetColumnStatistics? {
        guard let statistics, let nullCount = statistics.nullCount else { return nil }
        guard !(statistics.boundsAreLegacy && column.type == .string) else {
            return ParquetColumnStatistics(min: .null, max: .null, nullCount: nullCount)
        }
        return ParquetColumnStatistics(
            min: try value(statistics.minValue, column.type, "\(what), min"),
            max: try value(statistics.maxValue, column.type, "\(what), max"), nullCount: nullCount)
    }

    private static func value(_ bytes: [UInt8]?, _ type: ParquetColumnType, _ what: String) throws(ParquetError) -> ParquetValue {
        guard let bytes else { return .null }
        func fixed<Value: FixedWidthInteger>(_: Value.Type) throws(ParquetError) -> Value {
            guard bytes.count == MemoryLayout<Value>.size else {
                throw .corrupt("\(what): \(bytes.count) bytes for a \(MemoryLayout<Value>.size)-byte value")
            }
            return bytes.reversed().reduce(Value.zero) { $0 << 8 | Value(truncatingIfNeeded: $1) }
        }
        switch type {
        case .boolean: return .boolean(try fixed(UInt8.self) != 0)
        case .int32, .date: return .int32(try fixed(Int32.self))
        case .int64, .timestampMicrosUTC: return .int64(try fixed(Int64.self))
        case .double: return .double(Double(bitPattern: try fixed(UInt64.self)))
        case .string: return .string(String(decoding: bytes, as: UTF8.self))
        }
    }
}
