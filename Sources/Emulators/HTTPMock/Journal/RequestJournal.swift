/// Where served requests are recorded for `/__admin/requests` and verification counts.
///
/// A protocol, as WireMock's `RequestJournal` is, so a bounded or disabled journal can replace the
/// in-memory one without touching the server.
public protocol RequestJournal: Sendable {
    func record(_ event: ServeEvent)
    /// Every recorded event, most recent first.
    func events() -> [ServeEvent]
    func removeAll()
}
