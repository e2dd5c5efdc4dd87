import Contracts
import Foundation
import Logging

/// `sluice stream produce`: synthetic posts to `source.posts.v1` at a steady rate.
///
/// Every post carries a `traceparent` in the run's trace. Metrics (dataset `source.posts.v1`, source
/// `synthetic`): a post made counts in `sluice_records_in_total`, a post the broker acknowledged in
/// `sluice_records_out_total`, and the send-to-acknowledgement time of each chunk of posts in `sluice_batch_seconds{stage="produce"}`.
public struct StreamProducer: Sendable {
    private let publisher: EventPublisher
    private let posts = SyntheticPosts()
    private let metrics: SluiceMetrics
    private let logger: Logger

    /// Creates a producer publishing through `publisher` (every post is validated against its contract).
    public init(publisher: EventPublisher, metrics: SluiceMetrics = SluiceMetrics(), logger: Logger = Logger(label: "sluice.stream.produce")) {
        self.publisher = publisher
        self.metrics = metrics
        self.logger = logger
    }

    /// Publishes `count` posts at about `ratePerSecond` (unlimited when nil); returns where each landed.
    public func produce(
        count: Int, ratePerSecond: Double?, inFlight: Int = 2000, trace: TraceContext = .root()
    ) async throws -> [KafkaDeliveryReport] {
        var reports: [KafkaDeliveryReport] = []
        reports.reserveCapacity(count)
        try await produce(count: count, ratePerSecond: ratePerSecond, inFlight: inFlight, trace: trace) { reports += $0 }
        return reports
    }

    /// Publishes `count` posts at about `ratePerSecond` (unlimited when nil), handing each chunk's delivery
    /// reports to `landed` as the broker acknowledges them and keeping none itself, so memory stays the
    /// same whatever `count`; returns how many posts were acknowledged.
    ///
    /// Sends are pipelined: up to `inFlight` posts await their delivery reports at once, in chunks of up
    /// to a quarter of that (500 at most), so the rate is not bounded by one round trip per post.
    @discardableResult
    public func produce(
        count: Int, ratePerSecond: Double?, inFlight: Int = 2000, trace: TraceContext = .root(),
        landed: ([KafkaDeliveryReport]) -> Void
    ) async throws -> Int {
        let start = ContinuousClock.now
        var logger = logger
        logger[metadataKey: "run_id"] = "\(RandomIdentifiers.uuid())"
        logger[metadataKey: "trace_id"] = "\(trace.traceID)"
        logger[metadataKey: "span_id"] = "\(trace.spanID)"
        logger.info("producing posts", metadata: ["count": "\(count)", "rate": "\(ratePerSecond.map { "\($0)" } ?? "unlimited")"])
        let made = metrics.recordsIn(dataset: "source.posts.v1", source: "synthetic")
        let acknowledged = metrics.recordsOut(dataset: "source.posts.v1", source: "synthetic")
        let sendTime = metrics.batchSeconds(stage: "produce")
        // Posts go out in chunks (``EventPublisher/publishAll(_:)``), a few chunks awaiting their reports at
        // once. At a set rate a chunk holds the posts due by now, so the pace stays smooth.
        let chunkSize = max(1, min(500, inFlight / 4))
        let chunksInFlight = max(1, inFlight / chunkSize)
        let acknowledgedCount = try await withThrowingTaskGroup(of: [KafkaDeliveryReport].self) { group in
            var acknowledgedCount = 0
            var index = 0
            var pending = 0
            while index < count {
                var size = min(chunkSize, count - index)
                if let ratePerSecond, ratePerSecond > 0 {
                    let due = start + .seconds(Double(index) / ratePerSecond)
                    if due > ContinuousClock.now { try await Task.sleep(until: due) }
                    let dueByNow = Int((ContinuousClock.now - start) / .seconds(1) * ratePerSecond) + 1 - index
                    size = max(1, min(size, dueByNow))
                }
                if pending >= chunksInFlight, let done = try await group.next() {
                    landed(done)
                    acknowledgedCount += done.count
                    pending -= 1
                }
                let chunk = (index..<index + size).map { posts.post($0, traceparent: trace.child().traceparent) }
                made.increment(by: size)
                // Keyed by post id: a post's updates stay in order on one partition, posts spread over all.
                group.addTask {
                    let sent = ContinuousClock.now
                    do {
                        let landed = try await publisher.publishAll(chunk.map { ($0, $0["data"]?["post_id"]?.stringValue) })
                        sendTime.record(duration: ContinuousClock.now - sent)
                        acknowledged.increment(by: landed.count)
                        return landed
                    } catch {
                        metrics.errors(ErrorKind.of(error)).increment()
                        throw error
                    }
                }
                pending += 1
                index += size
            }
            for try await done in group {
                landed(done)
                acknowledgedCount += done.count
            }
            return acknowledgedCount
        }
        logger.info("produced posts", metadata: ["count": "\(acknowledgedCount)"])
        return acknowledgedCount
    }
}
