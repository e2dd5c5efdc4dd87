/// Who a schema change can break, per the compatibility policy of `contracts/conventions.md`.
public enum Compatibility: String, Sendable, Comparable {
    /// Neither producers nor consumers notice (annotations, a new event type).
    case safe
    /// The new schema accepts events the old one refused: consumers written against the old one may
    /// receive data they do not understand.
    case breaksConsumers = "breaking for consumers"
    /// The new schema refuses events the old one accepted: existing producers may start failing.
    case breaksProducers = "breaking for producers"
    /// Both, or a change whose effect cannot be told without evaluating it.
    case breaksBoth = "breaking for consumers and producers"

    public var isBreaking: Bool { self != .safe }

    /// The class of a change seen through a negation (`not`): accepting more becomes refusing more.
    var inverted: Compatibility {
        switch self {
        case .breaksConsumers: .breaksProducers
        case .breaksProducers: .breaksConsumers
        default: self
        }
    }

    private var rank: Int {
        switch self {
        case .safe: 0
        case .breaksConsumers, .breaksProducers: 1
        case .breaksBoth: 2
        }
    }

    public static func < (lhs: Compatibility, rhs: Compatibility) -> Bool { lhs.rank < rhs.rank }
}

/// One difference between two versions of a schema.
public struct SchemaChange: Sendable, CustomStringConvertible {
    /// JSON Pointer of the changed keyword in the schema.
    public let location: String
    /// What changed, for a person.
    public let summary: String
    public let compatibility: Compatibility

    public var description: String { "\(location.isEmpty ? "/" : location): \(summary) [\(compatibility.rawValue)]" }
}
