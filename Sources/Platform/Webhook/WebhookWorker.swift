import Contracts
import Crypto
import Foundation
import Logging

/// Lands every queued webhook payload in RAW with an `ingest.webhook.v1` event, committing offsets after.
///
/// Each record of ``WebhookTopics/inbox`` becomes the object
/// `source=webhook/dt=<receive day>/<source>/<topic>-<partition>-<offset><extension>`, its bytes exactly
/// as received and its content type the request's. The key derives from where the record sits in the
/// log, and the write is `If-None-Match: *`: a batch redone after a crash recognises what it wrote
/// (``WebhookWorkerReport/replayed``) and never duplicates it. The event's id derives from the same
/// coordinates. Offsets are committed per batch after every object and event of it is safe; a RAW
/// write that still fails after the ``RetryPolicy`` ends the run before the commit, so the next run
/// redoes the batch and nothing is skipped.
public struct WebhookWorker: Sendable {
    private let config: PlatformConfig
    private let publisher: EventPublisher
    private let s3: S3Client
    private let group: String
    private let retry: RetryPolicy
    private let logger: Logger

    /// A worker in consumer group `group`.
    public init(
        config: PlatformConfig, publisher: EventPublisher, group: String = "sluice-webhook-worker",
        retry: RetryPolicy = StreamConsumer.defaultRetry, logger: Logger = Logger(label: "sluice.webhook.worker")
    ) {
        self.config = config
        self.publisher = publisher
        self.s3 = S3Client(endpoint: config.s3)
        self.group = group
        self.retry = retry
        self.logger = logger
    }

    /// Lands payloads until `maxPayloads` were handled, nothing arrived for `idleTimeout` (nil: never
    /// idle), or the task is cancelled; a batch closes at `batchSize` or `batchWindow` after it began.
    public func run(
        maxPayloads: Int = .max, idleTimeout: Duration? = .seconds(10), batchSize: Int = 100,
        batchWindow: Duration = .milliseconds(200)
    ) async throws -> WebhookWorkerReport {
        let consumer = try KafkaConsumer(configuration: [
            "bootstrap.servers": config.kafkaBootstrapServers, "group.id": group, "session.timeout.ms": "10000",
            "heartbeat.interval.ms": "3000",
        ])
        try consumer.subscribe([WebhookTopics.inbox])
        let runID = UUID().uuidString.lowercased()
        var report = WebhookWorkerReport()
        var lastPayload = ContinuousClock.now
        logger.info("landing webhook payloads", metadata: ["run_id": "\(runID)", "group": "\(group)"])
        while report.payloads < maxPayloads, !Task.isCancelled {
            if let idleTimeout, ContinuousClock.now - lastPayload >= idleTimeout { break }
            let limit = min(batchSize, maxPayloads - report.payloads)
            let batch = try await consumer.pollBatch(upTo: limit, closing: .fromStart(batchWindow))
            guard !batch.isEmpty else { continue }
            for record in batch {
                if try await land(record, runID: runID) { report.replayed += 1 }
            }
            try await retry.run(target: "kafka") { try consumer.commit(batch) }
            report.payloads += batch.count
            report.batches += 1
            lastPayload = .now
        }
        logger.info("webhook worker stopping", metadata: ["payloads": "\(report.payloads)", "replayed": "\(report.replayed)"])
        return report
    }


    /// Writes `record` to RAW and publishes its event; true when the object was there already.
    private func land(_ record: KafkaRecord, runID: String) async throws -> Bool {
        let landing = WebhookLanding(record: record, rawBucket: config.rawBucket)
        let existed = try await retry.run(target: "s3") {
            try s3.putIfAbsent(bucket: config.rawBucket, key: landing.key, body: record.value, contentType: landing.contentType)
        }
        try await publisher.publish(landing.event(runID: runID), key: landing.coordinates)
        return existed
    }
}
