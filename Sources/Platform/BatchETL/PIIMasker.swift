import Foundation
import Crypto

/// Applies a dataset's PII rules to a record, with the run's salt.
public struct PIIMasker: Sendable {
    /// What a redacted value becomes.
    public static let redacted = "[REDACTED]"
    private static let hexDigits = Array("0123456789abcdef".utf8)
    private let salt: PIISalt
    /// The action for each field position of the schema; nil leaves the field as it is.
    private let actions: [PIIAction?]

    /// A masker for records laid out as `schema`, with `rules` by field name.
    public init(schema: RecordSchema, rules: [String: PIIAction], salt: PIISalt) {
        self.salt = salt
        actions = schema.names.map { rules[$0] }
    }

    /// `values` with every personal field masked.
    public func mask(_ values: [String]) -> [String] {
        var masked = values
        for (index, action) in actions.enumerated() {
            guard let action, index < masked.count, !masked[index].isEmpty else { continue }
            masked[index] = apply(action, to: masked[index])
        }
        return masked
    }

    /// One value under one action.
    public func apply(_ action: PIIAction, to value: String) -> String {
        switch action {
        case .redact:
            return Self.redacted
        case .saltedSHA256:
            var hasher = SHA256()
            hasher.update(data: salt.bytes)
            hasher.update(data: Array(value.trimmingCharacters(in: .whitespaces).lowercased().utf8))
            let digest = hasher.finalize()
            return String(unsafeUninitializedCapacity: 64) { text in
                var index = 0
                for byte in digest {
                    text[index] = Self.hexDigits[Int(byte >> 4)]
                    text[index + 1] = Self.hexDigits[Int(byte & 0xF)]
                    index += 2
                }
                return index
            }
        }
    }
}
