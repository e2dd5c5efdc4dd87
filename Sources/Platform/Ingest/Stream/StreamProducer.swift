import Contracts
import Foundation
import Logging

/// `sluice stream produce`: synthetic posts to `source.posts.v1` at a steady rate.
///
/// Every post carries a `traceparent` in the run's trace. Metrics (dataset `source.posts.v1`, source
/// `synthetic`): a post made counts in `sluice_records_in_total`, a post the broker acknowledged in
/// `sluice_records_out_total`, and its send-to-acknowledgement time in `sluice_batch_seconds{stage="produce"}`.
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
    ///
    /// Sends are pipelined: up to `inFlight` posts await their delivery reports at once, so the rate is
    /// not bounded by one round trip per post.
    public func produce(
        count: Int, ratePerSecond: Double?, inFlight: Int = 256, trace: TraceContext = .root()
    ) async throws -> [KafkaDeliveryReport] {
        let start = ContinuousClock.now
        var logger = logger
        logger[metadataKey: "run_id"] = "\(UUID().uuidString.lowercased())"
        logger[metadataKey: "trace_id"] = "\(trace.traceID)"
        logger[metadataKey: "span_id"] = "\(trace.spanID)"
        logger.info("producing posts", metadata: ["count": "\(count)", "rate": "\(ratePerSecond.map { "\($0)" } ?? "unlimited")"])
        let made = metrics.recordsIn(dataset: "source.posts.v1", source: "synthetic")
        let acknowledged = metrics.recordsOut(dataset: "source.posts.v1", source: "synthetic")
        let sendTime = metrics.batchSeconds(stage: "produce")
        let reports = try await withThrowingTaskGroup(of: KafkaDeliveryReport.self) { group in
            var reports: [KafkaDeliveryReport] = []
            reports.reserveCapacity(count)
            for index in 0..<count {
                if let ratePerSecond, ratePerSecond > 0 {
                    let due = start + .seconds(Double(index) / ratePerSecond)
                    if due > ContinuousClock.now { try await Task.sleep(until: due) }
                }
                if index >= inFlight, let report = try await group.next() { reports.append(report) }
                let post = posts.post(index, traceparent: trace.child().traceparent)
                made.increment()
                // Keyed by post id: a post's updates stay in order on one partition, posts spread over all.
                group.addTask {
                    let sent = ContinuousClock.now
                    do {
                        let report = try await publisher.publish(post, key: post["data"]?["post_id"]?.stringValue)
                        sendTime.record(duration: ContinuousClock.now - sent)
                        acknowledged.increment()
                        return report
                    } catch {
                        metrics.errors(ErrorKind.of(error)).increment()
                        throw error
                    }
                }
            }
            for try await report in group { reports.append(report) }
            return reports
        }
        logger.info("produced posts", metadata: ["count": "\(reports.count)"])
        return reports
    }
}
