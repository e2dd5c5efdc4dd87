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
///
/// Each run is a row of `meta.ingestion_runs` (source `webhook`, dataset ``WebhookTopics/inbox``) with
/// its counts and trace id, finished `failed` (or `partial` when some batches were committed) with the
/// error when the run ends on one. Metrics, with the webhook source as the dataset and `webhook` as
/// the source: payloads and their bytes in, payloads out once committed, errors by kind, and
/// `sluice_batch_seconds{stage="webhook_batch"}` from poll to commit.
public struct WebhookWorker: Sendable {
    private let config: PlatformConfig
    private let publisher: EventPublisher
    private let s3: S3Client
    private let group: String
    private let retry: RetryPolicy
    private let metrics: SluiceMetrics
    private let logger: Logger

    /// A worker in consumer group `group`.
    public init(
        config: PlatformConfig, publisher: EventPublisher, group: String = "sluice-webhook-worker",
        retry: RetryPolicy = StreamConsumer.defaultRetry, metrics: SluiceMetrics = SluiceMetrics(),
        logger: Logger = Logger(label: "sluice.webhook.worker")
    ) {
        self.config = config
        self.publisher = publisher
        self.s3 = S3Client(endpoint: config.s3)
        self.group = group
        self.retry = retry
        self.metrics = metrics
        self.logger = logger
    }

    /// Lands payloads until `maxPayloads` were handled, nothing arrived for `idleTimeout` (nil: never
    /// idle), or the task is cancelled; a batch closes at `batchSize` or `batchWindow` after it began.
    public func run(
        maxPayloads: Int = .max, idleTimeout: Duration? = .seconds(10), batchSize: Int = 100,
        batchWindow: Duration = .milliseconds(200), trace: TraceContext = .root()
    ) async throws -> WebhookWorkerReport {
        let registry = IngestionRegistry(connection: try PostgresConnection(connectionString: config.postgres.connectionString))
        let runID = try registry.startRun(source: "webhook", dataset: WebhookTopics.inbox, traceID: trace.traceID)
        var report = WebhookWorkerReport()
        do {
            try await consume(
                maxPayloads: maxPayloads, idleTimeout: idleTimeout, batchSize: batchSize, batchWindow: batchWindow, runID: runID,
                report: &report)
        } catch {
            metrics.errors(ErrorKind.of(error)).increment()
            logger.error("webhook worker stopped", error: error, metadata: ["run_id": "\(runID)", "group": "\(group)"])
            try? registry.finishRun(
                runID, status: report.payloads > 0 ? "partial" : "failed", recordsIn: report.payloads, recordsOut: report.payloads,
                bytesIn: report.bytes, error: "\(error)")
            throw error
        }
        try registry.finishRun(runID, status: "succeeded", recordsIn: report.payloads, recordsOut: report.payloads, bytesIn: report.bytes)
        return report
    }

    private func consume(
        maxPayloads: Int, idleTimeout: Duration?, batchSize: Int, batchWindow: Duration, runID: String, report: inout WebhookWorkerReport
    ) async throws {
        let consumer = try KafkaConsumer(configuration: [
            "bootstrap.servers": config.kafkaBootstrapServers, "group.id": group, "session.timeout.ms": "10000",
            "heartbeat.interval.ms": "3000",
        ])
        try consumer.subscribe([WebhookTopics.inbox])
        let batchTime = metrics.batchSeconds(stage: "webhook_batch")
        var lastPayload = ContinuousClock.now
        logger.info("landing webhook payloads", metadata: ["run_id": "\(runID)", "group": "\(group)"])
        while report.payloads < maxPayloads, !Task.isCancelled {
            if let idleTimeout, ContinuousClock.now - lastPayload >= idleTimeout { break }
            let limit = min(batchSize, maxPayloads - report.payloads)
            let batch = try await consumer.pollBatch(upTo: limit, closing: .fromStart(batchWindow))
            guard !batch.isEmpty else { continue }
            let started = ContinuousClock.now
            var sources: [String] = []
            for record in batch {
                let landing = WebhookLanding(record: record, rawBucket: config.rawBucket)
                metrics.recordsIn(dataset: landing.source, source: "webhook").increment()
                metrics.bytesIn(dataset: landing.source, source: "webhook").increment(by: record.value.count)
                if try await land(landing, runID: runID) { report.replayed += 1 }
                sources.append(landing.source)
            }
            try await retry.run(target: "kafka", metrics: metrics) { try consumer.commit(batch) }
            for source in sources { metrics.recordsOut(dataset: source, source: "webhook").increment() }
            batchTime.record(duration: ContinuousClock.now - started)
            report.payloads += batch.count
            report.bytes += batch.reduce(0) { $0 + $1.value.count }
            report.batches += 1
            lastPayload = .now
        }
        logger.info("webhook worker stopping", metadata: ["payloads": "\(report.payloads)", "replayed": "\(report.replayed)"])
    }

    /// Writes the landing's record to RAW and publishes its event; true when the object was there already.
    private func land(_ landing: WebhookLanding, runID: String) async throws -> Bool {
        let existed = try await retry.run(target: "s3", metrics: metrics) {
            try s3.putIfAbsent(bucket: config.rawBucket, key: landing.key, body: landing.record.value, contentType: landing.contentType)
        }
        try await publisher.publish(landing.event(runID: runID), key: landing.coordinates)
        return existed
    }
}
