/// Where the 15 traffic columns are in one RAW file's header.
///
/// A file is traffic-shaped when its header names every column of ``DatasetSchema/traffic`` (after
/// trimming spaces; a byte order mark is already gone): the same rule the file ingestor lands files by.
/// Extra columns are allowed and ignored, the order is free; a missing or twice-named traffic column
/// sends the whole file to quarantine.
struct TrafficRawColumns: Sendable, Equatable {
    /// The RAW columns in the order the STG rules use them.
    static let names = DatasetSchema.traffic.requiredColumns

    /// `fieldIndex[i]` is the header position of `names[i]`.
    let fieldIndex: [Int]
    /// How many fields every record must have: the header's width.
    let width: Int

    /// Maps `header`; throws the reason the file does not fit.
    init(header: [String]) throws(TrafficFileRejection) {
        var positions: [String: Int] = [:]
        for (index, raw) in header.enumerated() {
            var name = Substring(raw)
            while name.first == " " { name.removeFirst() }
            while name.last == " " { name.removeLast() }
            if Self.names.contains(String(name)), positions[String(name)] != nil {
                throw TrafficFileRejection(line: 1, reason: "the header names column \(name) twice")
            }
            positions[String(name)] = positions[String(name)] ?? index
        }
        let missing = Self.names.filter { positions[$0] == nil }
        guard missing.isEmpty else {
            throw TrafficFileRejection(
                line: 1, reason: "the header does not match the traffic columns: missing \(missing.joined(separator: ", "))")
        }
        fieldIndex = Self.names.map { positions[$0]! }
        width = header.count
    }
}
