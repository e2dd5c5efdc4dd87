import Contracts
import Foundation

/// Synthetic social posts, `source.posts.v1` envelopes, for the stream pipeline and its benchmark.
public struct SyntheticPosts: Sendable {
    private static let words = ["river", "sensor", "stream", "city", "bridge", "flow", "level", "rain", "alert", "gauge", "silt", "bank"]
    private static let languages: [JSONValue] = ["en", "fr", "de", "es", "pt", "it"]

    /// Creates a generator.
    public init() {}

    /// The `index`-th post: its text, tags and author vary with the index, its ids are random.
    public func post(_ index: Int, now: Date = Date(), traceparent: String? = nil) -> JSONValue {
        let words = (0..<4).map { Self.words[(index &* 7 &+ $0 &* 5) % Self.words.count] }
        let tags = Array(Set(words.prefix(2))).sorted().map { JSONValue.string("#\($0)") }
        let userID = 1 + (index &* 7919) % 1_000_000
        return EventEnvelope.make(
            type: "source.posts.v1", source: "/sluice/source/posts", now: now, traceparent: traceparent,
            data: [
                "post_id": .string(RandomIdentifiers.uuid()),
                "author": ["user_id": .number(JSONNumber(userID)), "handle": .string("@user\(userID)"), "verified": .bool(index % 10 == 0)],
                "text": .string(words.joined(separator: " ") + " #\(index)"),
                "created_at": .string(UTCTimeText.timestamp(now)),
                "tags": .array(tags),
                "lang": Self.languages[index % Self.languages.count],
                "metrics": ["likes": .number(JSONNumber(index % 500)), "reposts": .number(JSONNumber(index % 50))],
            ])
    }
}
