/// Reads PLAIN-encoded values of a page (or a dictionary page) into a column buffer, putting a null
/// wherever the page's definition levels say the row has no value.
enum ParquetPlainDecoder {
    /// Decodes `slots` rows from `bytes[range]`: `presence[i]` says whether row `i` has a value (all do when
    /// nil); only present rows take a value from the bytes.
    static func decode(
        _ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, slots: Int, presence: [Bool]?,
        into output: inout ParquetColumnBuffer, what: String
    ) throws(ParquetError) {
        let presentCount = presence.map { $0.lazy.filter { $0 }.count } ?? slots
        let available = range.count
        func isPresent(_ slot: Int) -> Bool { presence?[slot] ?? true }
        var position = range.lowerBound
        switch output.physicalType {
        case .boolean:
            guard (presentCount + 7) / 8 <= available else { throw shortData(what, presentCount, "BOOLEAN") }
            var bit = 0
            for slot in 0..<slots {
                guard isPresent(slot) else {
                    output.appendNull()
                    continue
                }
                output.append(Bool?.some(bytes[position + bit / 8] & (1 << UInt8(bit % 8)) != 0))
                bit += 1
            }
        case .int32:
            guard presentCount * 4 <= available else { throw shortData(what, presentCount, "INT32") }
            decodeFixedWidth(bytes, from: position, slots: slots, isPresent: isPresent) { (value: Int32?) in output.append(value) }
        case .int64:
            guard presentCount * 8 <= available else { throw shortData(what, presentCount, "INT64") }
            decodeFixedWidth(bytes, from: position, slots: slots, isPresent: isPresent) { (value: Int64?) in output.append(value) }
        case .double:
            guard presentCount * 8 <= available else { throw shortData(what, presentCount, "DOUBLE") }
            decodeFixedWidth(bytes, from: position, slots: slots, isPresent: isPresent) { (bits: UInt64?) in
                output.append(bits.map(Double.init(bitPattern:)))
            }
        case .byteArray:
            for slot in 0..<slots {
                guard isPresent(slot) else {
                    output.appendNull()
                    continue
                }
                guard range.upperBound - position >= 4 else { throw shortData(what, presentCount, "BYTE_ARRAY") }
                let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
                position += 4
                guard length <= range.upperBound - position else { throw shortData(what, presentCount, "BYTE_ARRAY") }
                output.appendUTF8(UnsafeRawBufferPointer(rebasing: bytes[position..<(position + length)]))
                position += length
            }
        }
    }

    /// Reads one little-endian `Word` per present slot from `start` on, handing `append` nil for the others;
    /// the caller has checked the page holds enough bytes.
    private static func decodeFixedWidth<Word: FixedWidthInteger>(
        _ bytes: UnsafeRawBufferPointer, from start: Int, slots: Int, isPresent: (Int) -> Bool, append: (Word?) -> Void
    ) {
        var position = start
        for slot in 0..<slots {
            guard isPresent(slot) else {
                append(nil)
                continue
            }
            append(Word(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: Word.self)))
            position += MemoryLayout<Word>.size
        }
    }

    private static func shortData(_ what: String, _ count: Int, _ type: String) -> ParquetError {
        .corrupt("\(what): the page is too short for its \(count) PLAIN \(type) values")
    }
}
