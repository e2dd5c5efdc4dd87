/// Writes the column chunks of a file, one row group column at a time: a dictionary page for a string
/// column whose dictionary stays small, then data pages (v1) of about ``pageByteTarget`` encoded bytes,
/// each compressed and handed to the sink as soon as it is built. One page buffer is reused throughout.
///
/// A data page v1 of a flat column holds, before compression: for an OPTIONAL column the definition
/// levels (bit width 1, RLE/bit-packed hybrid) behind a 4-byte little-endian length, then the values of the
/// non-null rows, PLAIN or as dictionary indices (one byte of bit width, then the hybrid encoding).
final class ParquetColumnChunkWriter {
    /// Encoded bytes per data page before compression; pyarrow's default too.
    static let pageByteTarget = 1 << 20

    private let options: ParquetWriterOptions
    private let compressor: ParquetPageCompressor
    private let sink: ParquetFileSink
    private var page: [UInt8] = []
    private var uncompressedTotal: Int64 = 0
    private var compressedTotal: Int64 = 0

    init(options: ParquetWriterOptions, sink: ParquetFileSink) throws(ParquetError) {
        self.options = options
        self.compressor = try ParquetPageCompressor(options.compression)
        self.sink = sink
        page.reserveCapacity(Self.pageByteTarget + Self.pageByteTarget / 8)
    }

    /// Writes `values`, the rows of `column` in one row group, and returns the chunk's metadata.
    func write(_ values: ParquetColumnBuffer, of column: ParquetColumn) throws(ParquetError) -> ParquetColumnMetaData {
        uncompressedTotal = 0
        compressedTotal = 0
        let dictionary =
            column.type == .string && options.dictionary
            ? ParquetStringDictionary(values, byteLimit: ParquetWriterOptions.dictionaryByteLimit) : nil
        let statistics = ParquetStatisticsBuilder.statistics(of: values, dictionary: dictionary)

        var dictionaryPageOffset: Int64?
        if let dictionary {
            dictionaryPageOffset = sink.offset
            page.removeAll(keepingCapacity: true)
            page.reserveCapacity(dictionary.plainByteCount)
            for row in dictionary.entryRows { appendPlainString(values, row) }
            try writePage(.dictionaryPage, valueCount: dictionary.entryRows.count, encoding: ParquetEncoding.plain)
        }

        let dataPageOffset = sink.offset
        let indexBitWidth = dictionary.map { ParquetHybridEncoder.bitWidth(forMaximum: $0.entryRows.count - 1) } ?? 0
        var valueIndex = 0
        for rows in pageRanges(values, indexBitWidth: indexBitWidth) {
            page.removeAll(keepingCapacity: true)
            if column.isOptional { appendDefinitionLevels(values, rows) }
            let presentCount = values.nullCount == 0 ? rows.count : values.isPresent[rows].lazy.filter { $0 }.count
            if let dictionary {
                page.append(UInt8(indexBitWidth))
                let first = valueIndex
                dictionary.indices.withUnsafeBufferPointer { indices in
                    ParquetHybridEncoder.encode(count: presentCount, bitWidth: indexBitWidth, into: &page) {
                        indices[first + $0]
                    }
                }
            } else {
                appendPlainValues(values, rows, presentCount: presentCount)
            }
            valueIndex += presentCount
            try writePage(
                .dataPage, valueCount: rows.count,
                encoding: dictionary == nil ? ParquetEncoding.plain : ParquetEncoding.rleDictionary)
        }

        var encodings = [ParquetEncoding.plain]
        if column.isOptional { encodings.append(ParquetEncoding.rle) }
        if dictionary != nil { encodings.append(ParquetEncoding.rleDictionary) }
        return ParquetColumnMetaData(
            physicalType: column.type.physicalType.rawValue, encodings: encodings, path: [column.name],
            codec: options.compression.codecNumber, valueCount: Int64(values.count),
            totalUncompressedSize: uncompressedTotal, totalCompressedSize: compressedTotal,
            dataPageOffset: dataPageOffset, dictionaryPageOffset: dictionaryPageOffset, statistics: statistics)
    }

    /// Rows per data page, so that a page's encoded values come to about ``pageByteTarget`` bytes.
    private func pageRanges(_ values: ParquetColumnBuffer, indexBitWidth: Int) -> [Range<Int>] {
        let rowCount = values.count
        let rowsPerPage: Int
        switch values.physicalType {
        case .boolean: rowsPerPage = Self.pageByteTarget * 8
        case .int32: rowsPerPage = Self.pageByteTarget / 4
        case .int64, .double: rowsPerPage = Self.pageByteTarget / 8
        case .byteArray where indexBitWidth > 0: rowsPerPage = Self.pageByteTarget * 8 / indexBitWidth
        case .byteArray:
            var ranges: [Range<Int>] = []
            var start = 0
            var bytes = 0
            for row in 0..<rowCount {
                bytes += 4 + values.offsets[row + 1] - values.offsets[row]
                if bytes >= Self.pageByteTarget {
                    ranges.append(start..<(row + 1))
                    start = row + 1
                    bytes = 0
                }
            }
            if start < rowCount { ranges.append(start..<rowCount) }
            return ranges
        }
        return stride(from: 0, to: rowCount, by: rowsPerPage).map { $0..<Swift.min($0 + rowsPerPage, rowCount) }
    }

    private func appendDefinitionLevels(_ values: ParquetColumnBuffer, _ rows: Range<Int>) {
        let lengthPosition = page.count
        page.append(contentsOf: [0, 0, 0, 0])
        values.isPresent.withUnsafeBufferPointer { isPresent in
            ParquetHybridEncoder.encode(count: rows.count, bitWidth: 1, into: &page) {
                isPresent[rows.lowerBound + $0] ? 1 : 0
            }
        }
        let length = UInt32(page.count - lengthPosition - 4)
        for byte in 0..<4 { page[lengthPosition + byte] = UInt8(truncatingIfNeeded: length >> UInt32(8 * byte)) }
    }

    private func appendPlainValues(_ values: ParquetColumnBuffer, _ rows: Range<Int>, presentCount: Int) {
        switch values.physicalType {
        case .boolean:
            var buffer: UInt8 = 0
            var bits: UInt8 = 0
            for row in rows where values.isPresent[row] {
                if values.booleans[row] { buffer |= 1 << bits }
                bits += 1
                if bits == 8 {
                    page.append(buffer)
                    buffer = 0
                    bits = 0
                }
            }
            if bits > 0 { page.append(buffer) }
        case .int32: appendFixedWidth(values.int32s, values, rows, presentCount: presentCount)
        case .int64: appendFixedWidth(values.int64s, values, rows, presentCount: presentCount)
        case .double: appendFixedWidth(values.doubles, values, rows, presentCount: presentCount)
        case .byteArray:
            for row in rows where values.isPresent[row] { appendPlainString(values, row) }
        }
    }

    /// PLAIN for fixed-width numbers is their little-endian bytes back to back, which is how this
    /// (little-endian) machine holds them: a page without nulls is one copy.
    private func appendFixedWidth<Value: BitwiseCopyable>(
        _ array: [Value], _ values: ParquetColumnBuffer, _ rows: Range<Int>, presentCount: Int
    ) {
        if presentCount == rows.count {
            array[rows].withUnsafeBytes { page.append(contentsOf: $0) }
            return
        }
        let width = MemoryLayout<Value>.stride
        let start = page.count
        page.append(contentsOf: repeatElement(0, count: presentCount * width))
        page.withUnsafeMutableBytes { target in
            array.withUnsafeBytes { source in
                var position = start
                for row in rows where values.isPresent[row] {
                    target.baseAddress!.advanced(by: position).copyMemory(
                        from: source.baseAddress!.advanced(by: row * width), byteCount: width)
                    position += width
                }
            }
        }
    }

    private func appendPlainString(_ values: ParquetColumnBuffer, _ row: Int) {
        let bytes = values.stringBytes(at: row)
        let length = UInt32(bytes.count)
        for byte in 0..<4 { page.append(UInt8(truncatingIfNeeded: length >> UInt32(8 * byte))) }
        page.append(contentsOf: bytes)
    }

    private func writePage(_ kind: ParquetPageHeader.Kind, valueCount: Int, encoding: Int32) throws(ParquetError) {
        guard page.count <= Int32.max else { throw .invalidBatch("a page of \(page.count) bytes exceeds Parquet's 2 GiB page limit") }
        try compressor.compress(page) { (compressed) throws(ParquetError) in
            let header = ParquetPageHeader(
                kind: kind, uncompressedSize: Int32(page.count), compressedSize: Int32(compressed.count),
                valueCount: Int32(valueCount), encoding: encoding
            ).encoded()
            try sink.write(header)
            try sink.write(compressed)
            uncompressedTotal += Int64(header.count + page.count)
            compressedTotal += Int64(header.count + compressed.count)
        }
    }
}

#if !_endian(little)
    #error("ParquetColumnChunkWriter copies numbers as they are in memory, which is PLAIN only on little-endian machines")
#endif

@available(*, unavailable)
extension ParquetColumnChunkWriter: Sendable {}
