import Contracts

/// Why an event was not published to its topic.
public enum EventPublisherError: Error, CustomStringConvertible {
    /// No schema in `contracts/events/` for the event's type.
    case unknownEventType(String)
    /// The event does not satisfy its contract. It went to the dead-letter topic with these errors:
    /// an invalid event is a bug in its producer, and is never silently dropped.
    case invalidEvent(type: String, errors: [OutputUnit])

    public var description: String {
        switch self {
        case .unknownEventType(let type):
            "no contract for event type \(type) in contracts/events"
        case .invalidEvent(let type, let errors):
            "\(type) event violates its contract (sent to \(PlatformTopics.deadLetter(of: type))): "
                + errors.map { "\($0.instanceLocation.isEmpty ? "/" : $0.instanceLocation): \($0.error)" }.joined(separator: "; ")
        }
    }
}
