/// Why the bronze sink could not take a record or a batch.
public enum BronzeError: Error, CustomStringConvertible {
    /// A record that is not a service event; it goes to `service.events.dlq` with this reason.
    case malformedEvent(String)

    public var description: String {
        switch self {
        case .malformedEvent(let reason): "malformed service event: \(reason)"
        }
    }
}
