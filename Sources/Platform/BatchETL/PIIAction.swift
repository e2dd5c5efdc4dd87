/// What happens to a personal field before a record leaves RAW.
public enum PIIAction: Sendable, Equatable {
    /// Replaced by the hex SHA-256 of the salt followed by the trimmed, lower-cased value, so equal emails
    /// still join while the address cannot be read back (nor found by hashing a guess without the salt).
    case saltedSHA256
    /// Replaced by ``PIIMasker/redacted``.
    case redact
}
