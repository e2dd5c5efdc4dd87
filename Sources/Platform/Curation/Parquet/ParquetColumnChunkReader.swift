/// Reads one column chunk's pages back into a column buffer: an optional dictionary page, then data pages
/// v1 or v2, PLAIN or dictionary-encoded (RLE_DICTIONARY or the older PLAIN_DICTIONARY), any of the
/// three codecs, with definition levels for OPTIONAL columns. Index pages are skipped.
///
/// Every length, count and index from the file is checked against the bytes actually there, so a damaged
/// chunk gives a ``ParquetError`` naming the column, never a trap.
struct ParquetColumnChunkReader {
    let column: ParquetColumn
    let metaData: ParquetColumnMetaData
    /// Rows the row group says it holds; a flat column has exactly one value (or null) per row.
    let rowCount: Int

    func read(_ chunk: [UInt8]) throws(ParquetError) -> ParquetColumnBuffer {
        let what = "column \"\(column.name)\""
        guard metaData.valueCount == Int64(rowCount) else {
            throw .corrupt("\(what) has \(metaData.valueCount) values in a row group of \(rowCount) rows")
        }
        var output = ParquetColumnBuffer(physicalType: column.type.physicalType, reservingCapacity: 0)
        var dictionary: ParquetColumnBuffer?
        var position = 0
        while output.count < rowCount {
            guard position < chunk.count else {
                throw .corrupt("\(what) ends after \(output.count) of its \(rowCount) values")
            }
            let header = try ParquetPageHeader(decoding: chunk, at: position, end: chunk.count)
            let bodyStart = position + header.headerLength
            let bodyEnd = bodyStart + Int(header.compressedSize)
            guard bodyEnd <= chunk.count else {
                throw .corrupt("\(what): the page at chunk byte \(position) runs past the end of the chunk")
            }
            let pageWhat = "\(what), page at chunk byte \(position)"
            position = bodyEnd
            switch header.kind {
            case .dictionaryPage:
                guard dictionary == nil else { throw .corrupt("\(pageWhat): a second dictionary page") }
                guard header.encoding == ParquetEncoding.plain || header.encoding == ParquetEncoding.plainDictionary else {
                    throw .unsupported("\(pageWhat): dictionary page encoding \(header.encoding)")
                }
                let page = try decompress(chunk, bodyStart..<bodyEnd, size: Int(header.uncompressedSize), pageWhat)
                var entries = ParquetColumnBuffer(physicalType: column.type.physicalType, reservingCapacity: 0)
                let count = Int(header.valueCount)
                guard count >= 0, count <= page.count * 8 + 1 else {
                    throw .corrupt("\(pageWhat): \(header.valueCount) dictionary entries in \(page.count) bytes")
                }
                try page.withParquetBytes { raw throws(ParquetError) in
                    try ParquetPlainDecoder.decode(raw, 0..<raw.count, slots: count, presence: nil, into: &entries, what: pageWhat)
                }
                dictionary = entries
            case .dataPage:
                let slots = try slotCount(header, remaining: rowCount - output.count, pageWhat)
                let page = try decompress(chunk, bodyStart..<bodyEnd, size: Int(header.uncompressedSize), pageWhat)
                try page.withParquetBytes { raw throws(ParquetError) in
                    var valuesStart = 0
                    var presence: [Bool]?
                    if column.isOptional {
                        guard raw.count >= 4 else { throw .corrupt("\(pageWhat): no room for definition levels") }
                        let length = Int(UInt32(littleEndian: raw.loadUnaligned(as: UInt32.self)))
                        guard length <= raw.count - 4 else { throw .corrupt("\(pageWhat): definition levels run past the page") }
                        presence = try definitionLevels(raw, 4..<(4 + length), slots: slots, pageWhat)
                        valuesStart = 4 + length
                    }
                    try appendValues(
                        raw, valuesStart..<raw.count, slots: slots, presence: presence, encoding: header.encoding,
                        dictionary: dictionary, into: &output, pageWhat)
                }
            case .dataPageV2:
                let slots = try slotCount(header, remaining: rowCount - output.count, pageWhat)
                guard header.repetitionLevelsByteLength == 0 else {
                    throw .unsupported("\(pageWhat): repetition levels (nested or repeated columns are not read)")
                }
                let levelsLength = Int(header.definitionLevelsByteLength)
                guard levelsLength >= 0, levelsLength <= bodyEnd - bodyStart, levelsLength <= Int(header.uncompressedSize) else {
                    throw .corrupt("\(pageWhat): definition levels run past the page")
                }
                var presence: [Bool]?
                if column.isOptional {
                    presence = try chunk.withParquetBytes { raw throws(ParquetError) in
                        try definitionLevels(raw, bodyStart..<(bodyStart + levelsLength), slots: slots, pageWhat)
                    }
                }
                let valuesRange = (bodyStart + levelsLength)..<bodyEnd
                let values =
                    header.isCompressed
                    ? try decompress(chunk, valuesRange, size: Int(header.uncompressedSize) - levelsLength, pageWhat)
                    : Array(chunk[valuesRange])
                try values.withParquetBytes { raw throws(ParquetError) in
                    try appendValues(
                        raw, 0..<raw.count, slots: slots, presence: presence, encoding: header.encoding,
                        dictionary: dictionary, into: &output, pageWhat)
                }
            case .indexPage, nil:
                continue
            }
        }
        return output
    }

    private func slotCount(_ header: ParquetPageHeader, remaining: Int, _ what: String) throws(ParquetError) -> Int {
        guard header.valueCount >= 0, Int(header.valueCount) <= remaining else {
            throw .corrupt("\(what): \(header.valueCount) values where \(remaining) remain in the column chunk")
        }
        return Int(header.valueCount)
    }

    private func decompress(_ chunk: [UInt8], _ range: Range<Int>, size: Int, _ what: String) throws(ParquetError) -> [UInt8] {
        guard size >= 0 else { throw .corrupt("\(what): negative uncompressed size") }
        return try chunk.withParquetBytes { raw throws(ParquetError) in
            try ParquetPageDecompressor.decompress(
                UnsafeRawBufferPointer(rebasing: raw[range]), codec: metaData.codec, uncompressedSize: size, what: what)
        }
    }

    /// Definition levels of a flat OPTIONAL column (bit width 1) as presence flags.
    private func definitionLevels(
        _ raw: UnsafeRawBufferPointer, _ range: Range<Int>, slots: Int, _ what: String
    ) throws(ParquetError) -> [Bool] {
        var presence: [Bool] = []
        presence.reserveCapacity(slots)
        try ParquetHybridDecoder.decode(
            raw, from: range.lowerBound, to: range.upperBound, bitWidth: 1, count: slots, what: "\(what), definition levels"
        ) { presence.append($0 == 1) }
        return presence
    }

    private func appendValues(
        _ raw: UnsafeRawBufferPointer, _ range: Range<Int>, slots: Int, presence: [Bool]?, encoding: Int32,
        dictionary: ParquetColumnBuffer?, into output: inout ParquetColumnBuffer, _ what: String
    ) throws(ParquetError) {
        switch encoding {
        case ParquetEncoding.plain:
            try ParquetPlainDecoder.decode(raw, range, slots: slots, presence: presence, into: &output, what: what)
        case ParquetEncoding.rleDictionary, ParquetEncoding.plainDictionary:
            guard let dictionary else { throw .corrupt("\(what): dictionary-encoded page without a dictionary page") }
            guard !range.isEmpty else { throw .corrupt("\(what): no bit width for the dictionary indices") }
            let presentCount = presence.map { $0.lazy.filter { $0 }.count } ?? slots
            var indices: [UInt32] = []
            indices.reserveCapacity(presentCount)
            try ParquetHybridDecoder.decode(
                raw, from: range.lowerBound + 1, to: range.upperBound, bitWidth: Int(raw[range.lowerBound]),
                count: presentCount, what: "\(what), dictionary indices"
            ) { (index) throws(ParquetError) in
                guard Int(index) < dictionary.count else {
                    throw .corrupt("\(what): dictionary index \(index) of a dictionary of \(dictionary.count)")
                }
                indices.append(index)
            }
            guard indices.count == presentCount else { throw .corrupt("\(what): fewer dictionary indices than values") }
            var next = 0
            for slot in 0..<slots {
                if presence?[slot] ?? true {
                    output.append(row: Int(indices[next]), of: dictionary)
                    next += 1
                } else {
                    output.appendNull()
                }
            }
        case ParquetEncoding.rle where output.physicalType == .boolean:
            // Booleans as the hybrid encoding (bit width 1) behind a 4-byte length, as data pages v2 may store them.
            guard range.count >= 4 else { throw .corrupt("\(what): no room for RLE booleans") }
            let length = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: range.lowerBound, as: UInt32.self)))
            guard length <= range.count - 4 else { throw .corrupt("\(what): RLE booleans run past the page") }
            let presentCount = presence.map { $0.lazy.filter { $0 }.count } ?? slots
            var values: [Bool] = []
            try ParquetHybridDecoder.decode(
                raw, from: range.lowerBound + 4, to: range.lowerBound + 4 + length, bitWidth: 1, count: presentCount,
                what: "\(what), RLE booleans"
            ) { values.append($0 == 1) }
            var next = 0
            for slot in 0..<slots {
                if presence?[slot] ?? true {
                    output.append(Bool?.some(values[next]))
                    next += 1
                } else {
                    output.appendNull()
                }
            }
        default:
            let names: [Int32: String] = [
                3: "RLE", 4: "BIT_PACKED", 5: "DELTA_BINARY_PACKED", 6: "DELTA_LENGTH_BYTE_ARRAY", 7: "DELTA_BYTE_ARRAY",
                9: "BYTE_STREAM_SPLIT",
            ]
            throw .unsupported("\(what): encoding \(names[encoding] ?? String(encoding)) (PLAIN and dictionary encodings are read)")
        }
    }
}
