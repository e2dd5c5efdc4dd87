/// The declared shape of a batch dataset's records: one ``FieldRule`` per column, checked row by row.
public struct RecordSchema: Sendable {
    /// The rules, in the order records are handed to ``violations(_:)``.
    public let fields: [FieldRule]

    /// Declares a schema.
    public init(_ fields: [FieldRule]) {
        self.fields = fields
    }

    /// The column names, in order.
    public var names: [String] { fields.map(\.name) }

    /// Where each field of the schema is in a file with `header`; extra columns are ignored.
    public func columnIndexes(header: [String]) throws(BatchETLError) -> [Int] {
        let positions = Dictionary(header.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
        let missing = names.filter { positions[$0] == nil }
        guard missing.isEmpty else {
            throw BatchETLError(.schema, "the header lacks column(s) \(missing.joined(separator: ", "))")
        }
        return names.map { positions[$0]! }
    }

    /// Every rule `values` (one per field, in schema order) breaks; empty when the record is good.
    public func violations(_ values: [String]) -> [FieldViolation] {
        var found: [FieldViolation] = []
        for (rule, value) in zip(fields, values) {
            if let reason = rule.check(value) { found.append(FieldViolation(field: rule.name, reason: reason)) }
        }
        return found
    }
}
