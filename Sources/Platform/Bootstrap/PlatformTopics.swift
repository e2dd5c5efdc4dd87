/// The Kafka topics the platform publishes to and reads from, each with its dead-letter topic.
public enum PlatformTopics {
    /// The event topics of the contracts, named `<domain>.<event>.v<N>`.
    public static let events = ["ingest.file.v1", "ingest.http.v1", "ingest.stream.v1", "source.posts.v1", "retail.sale.v1"]

    /// Every topic `sluice bootstrap` creates: the event topics and a `.dlq` beside each.
    public static var all: [String] { events.flatMap { [$0, deadLetter(of: $0)] } }

    /// The retail sales stream the PostgreSQL sink consumes (`sluice sink postgres`).
    public static let sales = "retail.sale.v1"

    /// The dead-letter topic of `topic`.
    public static func deadLetter(of topic: String) -> String { "\(topic).dlq" }
}
