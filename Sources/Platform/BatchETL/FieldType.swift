/// The type a CSV field of a batch dataset must parse as.
public enum FieldType: String, Sendable {
    /// Any text.
    case text
    /// A whole number (optional sign, digits).
    case integer
    /// A decimal number such as `12.50`.
    case decimal
    /// A calendar date written `YYYY-MM-DD`.
    case date
}
