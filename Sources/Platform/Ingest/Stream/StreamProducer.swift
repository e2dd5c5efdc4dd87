import Contracts
import Foundation

/// `sluice stream produce`: synthetic posts to `source.posts.v1` at a steady rate.
public struct StreamProducer: Sendable {
    private let publisher: EventPublisher
    private let posts = SyntheticPosts()

    /// Creates a producer publishing through `publisher` (every post is validated against its contract).
    public init(publisher: EventPublisher) {
        self.publisher = publisher
    }

    /// Publishes `count` posts at about `ratePerSecond` (unlimited when nil); returns where each landed.
    ///
    /// Sends are pipelined: up to `inFlight` posts await their delivery reports at once, so the rate is
    /// not bounded by one round trip per post.
    public func produce(count: Int, ratePerSecond: Double?, inFlight: Int = 256) async throws -> [KafkaDeliveryReport] {
        let start = ContinuousClock.now
        return try await withThrowingTaskGroup(of: KafkaDeliveryReport.self) { group in
            var reports: [KafkaDeliveryReport] = []
            reports.reserveCapacity(count)
            for index in 0..<count {
                if let ratePerSecond, ratePerSecond > 0 {
                    let due = start + .seconds(Double(index) / ratePerSecond)
                    if due > ContinuousClock.now { try await Task.sleep(until: due) }
                }
                if index >= inFlight, let report = try await group.next() { reports.append(report) }
                let post = posts.post(index)
                // Keyed by post id: a post's updates stay in order on one partition, posts spread over all.
                group.addTask { try await publisher.publish(post, key: post["data"]?["post_id"]?.stringValue) }
            }
            for try await report in group { reports.append(report) }
            return reports
        }
    }
}
