/// Why a produced record batch was refused; each maps to the error code the partition answers with.
struct RecordBatchError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Base: Hashable, Sendable {
        case truncated
        case unsupportedMagic(Int8)
        case crcMismatch(expected: UInt32, actual: UInt32)
        case inconsistentCounts
    }

    private let base: Base

    /// The record set ends inside a batch.
    static let truncated = Self(base: .truncated)
    /// Magic 0 and 1 (the message sets before Kafka 0.11) are not stored by this log.
    static func unsupportedMagic(_ magic: Int8) -> Self { Self(base: .unsupportedMagic(magic)) }
    /// The CRC-32C in the header does not match the bytes.
    static func crcMismatch(expected: UInt32, actual: UInt32) -> Self { Self(base: .crcMismatch(expected: expected, actual: actual)) }
    /// The record count and the last offset delta disagree, or are negative.
    static let inconsistentCounts = Self(base: .inconsistentCounts)

    /// The code the partition's produce response carries: CORRUPT_MESSAGE for all of them, as Kafka does.
    var errorCode: KafkaErrorCode { .corruptMessage }

    var description: String {
        switch base {
        case .truncated: "record batch truncated"
        case .unsupportedMagic(let m): "record batch magic \(m) is not 2"
        case .crcMismatch(let e, let a): "record batch CRC \(e) does not match the computed \(a)"
        case .inconsistentCounts: "record count and last offset delta disagree"
        }
    }
}
