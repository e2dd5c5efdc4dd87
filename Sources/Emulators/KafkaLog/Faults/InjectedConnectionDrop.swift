/// Thrown by the router for a planned ``KafkaFault/dropConnection``; the connection handler closes the
/// connection on it as on any request it cannot answer.
struct InjectedConnectionDrop: Error, Hashable, Sendable {}
