/// One broken rule of one row: the field and the reason (never the value).
public struct FieldViolation: Sendable, Equatable {
    /// The field's column name, or `*` for a row-level problem such as a wrong number of fields.
    public let field: String
    /// Why the value was refused.
    public let reason: String

    /// Creates a violation.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
}
