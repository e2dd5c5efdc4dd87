/// Types one RAW record by the STG rules and writes it in ``TrafficStagedRow``'s binary form.
///
/// Works on the reader's field bytes and one reused buffer: no `String` and no allocation per record
/// unless a category holds non-ASCII text (upper-cased through Swift's full Unicode mapping).
struct TrafficRowEncoder {
    /// The last encoded row.
    private(set) var row: [UInt8] = []
    /// The FNV-1a hash of the last row's reading_id: what the spill partitions by.
    private(set) var readingIDHash: UInt64 = 0

    init() {
        row.reserveCapacity(512)
    }

    /// Encodes the current record of `reader`; false when it has no reading_id (such rows are dropped,
    /// as the SQL drops them: they cannot be deduplicated).
    mutating func encode(_ reader: CSVStreamReader, columns: TrafficRawColumns) -> Bool {
        let index = columns.fieldIndex
        let readingID = TrafficFieldParser.trimmed(reader.field(index[0]))
        guard !readingID.isEmpty else { return false }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in readingID { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        readingIDHash = hash

        row.removeAll(keepingCapacity: true)
        row.append(contentsOf: [0, 0, 0, 0, 0, 0] as [UInt8])
        var presence: UInt16 = 0
        // reading_id, sensor_id, road, direction, road_segment_id, city, congestion_level, source_system
        let sources = (index[0], index[1], index[2], index[3], index[4], index[5], index[12], index[14])
        appendString(readingID, bit: 0, upper: false, presence: &presence)
        appendString(TrafficFieldParser.trimmed(reader.field(sources.1)), bit: 1, upper: false, presence: &presence)
        appendString(TrafficFieldParser.trimmed(reader.field(sources.2)), bit: 2, upper: true, presence: &presence)
        appendString(TrafficFieldParser.trimmed(reader.field(sources.3)), bit: 3, upper: true, presence: &presence)
        appendString(TrafficFieldParser.trimmed(reader.field(sources.4)), bit: 4, upper: false, presence: &presence)
        appendString(TrafficFieldParser.trimmed(reader.field(sources.5)), bit: 5, upper: true, presence: &presence)
        appendString(TrafficFieldParser.trimmed(reader.field(sources.6)), bit: 6, upper: true, presence: &presence)
        appendString(TrafficFieldParser.trimmed(reader.field(sources.7)), bit: 7, upper: true, presence: &presence)

        append(TrafficFieldParser.double(reader.field(index[6]), within: -90...90), bit: TrafficStagedRow.latBit, presence: &presence)
        append(TrafficFieldParser.double(reader.field(index[7]), within: -180...180), bit: TrafficStagedRow.lonBit, presence: &presence)
        append(TrafficFieldParser.double(reader.field(index[10]), within: -1e300...1e300), bit: TrafficStagedRow.speedBit, presence: &presence)
        append(TrafficFieldParser.double(reader.field(index[11]), within: -1e300...1e300), bit: TrafficStagedRow.occupancyBit, presence: &presence)
        append(TrafficFieldParser.timestampMicros(reader.field(index[8])), bit: TrafficStagedRow.measuredAtBit, presence: &presence)
        append(TrafficFieldParser.wholeCount(reader.field(index[9])), bit: TrafficStagedRow.vehicleCountBit, presence: &presence)
        if let flag = TrafficFieldParser.flag(reader.field(index[13])) {
            row.append(flag ? 1 : 0)
            presence |= TrafficStagedRow.incidentBit
        }

        let length = UInt32(row.count)
        row.withUnsafeMutableBytes { bytes in
            bytes.storeBytes(of: length, toByteOffset: 0, as: UInt32.self)
            bytes.storeBytes(of: presence, toByteOffset: 4, as: UInt16.self)
        }
        return true
    }

    @inline(__always)
    private mutating func appendString(_ text: UnsafeBufferPointer<UInt8>, bit: Int, upper: Bool, presence: inout UInt16) {
        guard !text.isEmpty else { return }
        presence |= 1 << bit
        if upper, text.contains(where: { $0 >= 0x80 }) {
            let upperCased = Array(String(decoding: text, as: UTF8.self).uppercased().utf8)
            append(UInt32(upperCased.count))
            row.append(contentsOf: upperCased)
            return
        }
        append(UInt32(text.count))
        let start = row.count
        row.append(contentsOf: text)
        if upper {
            row.withUnsafeMutableBufferPointer { bytes in
                for index in start..<bytes.count where bytes[index] &- UInt8(ascii: "a") < 26 { bytes[index] -= 32 }
            }
        }
    }

    @inline(__always)
    private mutating func append(_ value: UInt32) {
        withUnsafeBytes(of: value) { row.append(contentsOf: $0) }
    }

    @inline(__always)
    private mutating func append(_ value: Double?, bit: UInt16, presence: inout UInt16) {
        guard let value else { return }
        presence |= bit
        withUnsafeBytes(of: value) { row.append(contentsOf: $0) }
    }

    @inline(__always)
    private mutating func append(_ value: Int64?, bit: UInt16, presence: inout UInt16) {
        guard let value else { return }
        presence |= bit
        withUnsafeBytes(of: value) { row.append(contentsOf: $0) }
    }
}
