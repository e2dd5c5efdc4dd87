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
            for slot in 0..<slots {
                guard isPresent(slot) else {
                    output.appendNull()
                    continue
                }
                output.append(Int32?.some(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: Int32.self))))
                position += 4
            }
        case .int64:
            guard presentCount * 8 <= available else { throw shortData(what, presentCount, "INT64") }
            for slot in 0..<slots {
                guard isPresent(slot) else {
                    output.appendNull()
                    continue
                }
                output.append(Int64?.some(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: Int64.self))))
                position += 8
            }
        case .double:
            guard presentCount * 8 <= available else { throw shortData(what, presentCount, "DOUBLE") }
            for slot in 0..<slots {
                guard isPresent(slot) else {
                    output.appendNull()
                    continue
                }
                let pattern = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
                output.append(Double?.some(Double(bitPattern: pattern)))
                position += 8
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

    private static func shortData(_ what: String, _ count: Int, _ type: String) -> ParquetError {
        .corrupt("\(what): the page is too short for its \(count) PLAIN \(type) values")
    }
}
