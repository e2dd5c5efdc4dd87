import Contracts
import Crypto
import Foundation
import Logging
import Metrics

/// What a `sluice stream consume` run did.
public struct StreamConsumeReport: Sendable {
    /// Messages landed in RAW with their event published and their offset committed.
    public internal(set) var messages = 0
    /// Of those, messages whose RAW object was already there (a replay after a crash), recognised by key.
    public internal(set) var replayed = 0
    /// Batches committed.
    public internal(set) var batches = 0
    /// Of ``messages``, those whose RAW write failed after the last retry and went to the dead letters
    /// instead (no event; their offsets are committed, the dead letter holds them).
    public internal(set) var deadLettered = 0
    /// The bytes of the messages handled.
    public internal(set) var bytes = 0
}

/// Day 5's stream ingestor: every message of a topic into RAW, one `ingest.stream.v1` event each.
///
/// Each message becomes the RAW object `source=stream/dt=<message day>/<topic>-<partition>/<offset>.json`:
/// the key derives from where the message sits in the log, so a replay writes the same key and is
/// recognised (`If-None-Match: *` answers 412), not duplicated. Its event carries an id derived from
/// the same coordinates, so consumers de-duplicating on source + id see a replayed event once.
/// Offsets are committed per batch, only after every object and event of the batch is safe.
/// A batch's objects are written together (``S3BatchUploader``, many PUTs in flight) while the next
/// batch is polled and its events built, and its events are published while the next batch is written,
/// so storage, Kafka and the event work share the cores instead of taking turns.
///
/// Each event's `traceparent` continues the trace of its message (its `traceparent` header) or, for a
/// message without one, the run's trace. Metrics (dataset = the topic, source `stream`): messages and
/// their bytes in, messages out once committed, `sluice_batch_seconds` for the stages `stream_raw` (the
/// RAW writes), `stream_publish` (the events), `stream_commit` and `stream_batch` (all three), and after
/// each commit `sluice_consumer_lag` of every partition in the batch, from the high watermark
/// librdkafka last fetched.
///
/// RAW writes are retried by the ``RetryPolicy`` (503 SlowDown, 5xx, connection faults). A message whose
/// write still fails goes to the dead letters: its bytes to `s3://<raw>/dead-letter/<its RAW key>`, a
/// `platform.deadletter.v1` to `ingest.stream.v1.dlq` and a row to `meta.ingestion_failures`; only then
/// is its offset committed. When even the dead letter cannot be written, the run throws before the
/// commit, and the next run redoes the batch.
///
/// Each run is a row of `meta.ingestion_runs` (source `stream`, dataset = the topic, its trace id) with
/// the messages and bytes handled, finished `failed` (or `partial` after some commits) when it throws;
/// its dead letters name it.
public struct StreamConsumer: Sendable {
    private let config: PlatformConfig
    private let publisher: EventPublisher
    private let uploader: S3BatchUploader
    private let topic: String
    private let group: String
    private let metrics: SluiceMetrics
    private let logger: Logger
    private let retry: RetryPolicy

    /// The retries of a RAW write by default: more patient than an HTTP fetch's, since giving up on
    /// storage only moves the message to storage's dead-letter prefix.
    public static let defaultRetry = RetryPolicy(maxAttempts: 8, baseDelay: .milliseconds(100), maxDelay: .seconds(5))

    /// Creates a consumer of `topic` in consumer group `group`, keeping up to `uploadsInFlight` RAW
    /// writes in flight at once.
    public init(
        config: PlatformConfig, publisher: EventPublisher, topic: String = "source.posts.v1", group: String = "sluice-stream-ingest",
        retry: RetryPolicy = StreamConsumer.defaultRetry, uploadsInFlight: Int = StreamConsumer.defaultUploadsInFlight,
        metrics: SluiceMetrics = SluiceMetrics(), logger: Logger = Logger(label: "sluice.stream.consume")
    ) {
        self.metrics = metrics
        self.logger = logger
        self.config = config
        self.publisher = publisher
        self.uploader = S3BatchUploader(client: S3Client(endpoint: config.s3), maxInFlight: uploadsInFlight)
        self.topic = topic
        self.group = group
        self.retry = retry
    }

    /// Consumes until `maxMessages` were handled or nothing arrived for `idleTimeout`.
    ///
    /// - Parameters:
    ///   - batchSize: messages per batch at most; a batch also closes after `batchWindow` without one.
    public func run(
        maxMessages: Int = .max, idleTimeout: Duration = .seconds(10), batchSize: Int = 500,
        batchWindow: Duration = .milliseconds(200), trace: TraceContext = .root()
    ) async throws -> StreamConsumeReport {
        let registry = IngestionRegistry(connection: try PostgresConnection(connectionString: config.postgres.connectionString))
        let runID = try registry.startRun(source: "stream", dataset: topic, traceID: trace.traceID)
        var report = StreamConsumeReport()
        do {
            try await consume(
                maxMessages: maxMessages, idleTimeout: idleTimeout, batchSize: batchSize, batchWindow: batchWindow, runID: runID,
                trace: trace, report: &report)
        } catch {
            metrics.errors(ErrorKind.of(error)).increment()
            logger.error("stream consumer stopped", error: error, metadata: ["topic": "\(topic)", "group": "\(group)"])
            try? registry.finishRun(
                runID, status: report.messages > 0 ? "partial" : "failed", recordsIn: report.messages,
                recordsOut: report.messages - report.deadLettered, bytesIn: report.bytes, error: "\(error)")
            throw error
        }
        try registry.finishRun(
            runID, status: "succeeded", recordsIn: report.messages, recordsOut: report.messages - report.deadLettered, bytesIn: report.bytes)
        return report
    }

    private func consume(
        maxMessages: Int, idleTimeout: Duration, batchSize: Int, batchWindow: Duration, runID: String, trace: TraceContext,
        report: inout StreamConsumeReport
    ) async throws {
        // A consumer killed without leaving the group holds its partitions until its session expires;
        // 10 s (Kafka's default before 3.0, not 3.0's 45 s) lets a restarted one take over soon after a crash.
        let consumer = try KafkaConsumer(configuration: [
            "bootstrap.servers": config.kafkaBootstrapServers, "group.id": group, "session.timeout.ms": "10000",
            "heartbeat.interval.ms": "3000",
        ])
        try consumer.subscribe([topic])
        var logger = logger
        logger[metadataKey: "run_id"] = "\(runID)"
        logger[metadataKey: "trace_id"] = "\(trace.traceID)"
        logger[metadataKey: "span_id"] = "\(trace.spanID)"
        logger[metadataKey: "topic"] = "\(topic)"
        logger[metadataKey: "group"] = "\(group)"
        logger.info("consuming")
        let instruments = Instruments(metrics: metrics, topic: topic)
        var lag: [Int32: Gauge] = [:]
        var lastMessage = ContinuousClock.now
        // Three batches are at work at once: batch N+1 is polled and its events built while batch N's
        // objects are written (a libcurl thread and the S3 server), and batch N-1's events are published
        // (the cooperative pool and Kafka) meanwhile. Writes take turns, one batch at a time, and so do
        // publishes, so events and commits stay in batch order; each batch is committed only after its
        // own objects and events are safe.
        try await withThrowingTaskGroup(of: Void.self) { publishing in
            try await withThrowingTaskGroup(of: Landing.self) { writing in
                var unpublished: Landing?
                var written: [KafkaRecord]?
                func commitPublished() async throws {
                    guard let landing = unpublished else { return }
                    _ = try await publishing.next()
                    unpublished = nil
                    try await commit(landing, consumer: consumer, instruments: instruments, lag: &lag, report: &report, logger: logger)
                }
                /// Waits for the batch being written, if any, and takes it off the writes.
                func finishWrite() async throws -> Landing? {
                    guard written != nil else { return nil }
                    written = nil
                    return try await writing.next()
                }
                /// Commits the batch published before `landing` and starts publishing `landing`'s events.
                func publish(_ landing: Landing) async throws {
                    try await commitPublished()
                    publishing.addTask { try await publishEvents(of: landing, instruments: instruments) }
                    unpublished = landing
                }
                func inFlight() -> Int { report.messages + (unpublished?.batch.count ?? 0) + (written?.count ?? 0) }
                while inFlight() < maxMessages, ContinuousClock.now - lastMessage < idleTimeout {
                    let batch = try await consumer.pollBatch(upTo: min(batchSize, maxMessages - inFlight()), closing: .fromStart(batchWindow))
                    guard !batch.isEmpty else {
                        if let landing = try await finishWrite() { try await publish(landing) }
                        try await commitPublished()
                        continue
                    }
                    lastMessage = .now
                    let started = ContinuousClock.now
                    instruments.recordsIn.increment(by: batch.count)
                    instruments.bytesIn.increment(by: batch.reduce(0) { $0 + $1.value.count })
                    let events = batch.map { event(for: $0, runID: runID, trace: trace) }
                    let landed = try await finishWrite()
                    writing.addTask {
                        try await write(batch, events: events, started: started, runID: runID, instruments: instruments)
                    }
                    written = batch
                    if let landed { try await publish(landed) }
                    // Idle means nothing arrived while waiting: a batch slowed by retries does not count as idleness.
                    lastMessage = .now
                }
                if let landing = try await finishWrite() { try await publish(landing) }
                try await commitPublished()
            }
        }
        logger.info("consumer stopping", metadata: ["messages": "\(report.messages)", "batches": "\(report.batches)", "replayed": "\(report.replayed)"])
    }


    /// A batch whose objects are safe in RAW (or dead after the last retry), with its events to publish.
    private struct Landing: Sendable {
        let batch: [KafkaRecord]
        let events: [(key: String, coordinates: String, envelope: JSONValue)]
        let replayed: Int
        let failed: [Int: RetryExhaustedError]
        /// When the batch was polled, for `stream_batch`.
        let started: ContinuousClock.Instant
        /// The run the batch belongs to, which its dead letters name.
        let runID: String
    }

    /// Writes the batch's objects: together, `uploadsInFlight` PUTs at a time over kept-alive
    /// connections (``S3BatchUploader``), each retried on its own.
    private func write(
        _ batch: [KafkaRecord], events: [(key: String, coordinates: String, envelope: JSONValue)], started: ContinuousClock.Instant,
        runID: String, instruments: Instruments
    ) async throws -> Landing {
        let writing = ContinuousClock.now
        let outcomes = try await uploader.putIfAbsent(
            bucket: config.rawBucket, objects: zip(batch, events).map { S3BatchUploader.Object(key: $1.key, body: $0.value) },
            contentType: "application/json", retry: retry, metrics: metrics)
        var replayed = 0
        var failed: [Int: RetryExhaustedError] = [:]
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case .success(let existed): if existed { replayed += 1 }
            case .failure(let error): failed[index] = error
            }
        }
        instruments.rawTime.record(duration: ContinuousClock.now - writing)
        return Landing(batch: batch, events: events, replayed: replayed, failed: failed, started: started, runID: runID)
    }

    /// Publishes the events of the landed objects and sends the messages whose write failed after the last
    /// retry to the dead letters.
    private func publishEvents(of landing: Landing, instruments: Instruments) async throws {
        let publishing = ContinuousClock.now
        try await publisher.publishAll(
            landing.events.enumerated().filter { landing.failed[$0.offset] == nil }.map { ($0.element.envelope, $0.element.coordinates) })
        instruments.publishTime.record(duration: ContinuousClock.now - publishing)
        guard !landing.failed.isEmpty else { return }
        let registry = IngestionRegistry(connection: try PostgresConnection(connectionString: config.postgres.connectionString))
        for (index, error) in landing.failed.sorted(by: { $0.key < $1.key }) {
            try await deadLetter(landing.batch[index], rawKey: landing.events[index].key, runID: landing.runID, error: error, registry: registry)
        }
    }

    /// Commits a batch whose objects and events are safe, and counts it.
    private func commit(
        _ landing: Landing, consumer: KafkaConsumer, instruments: Instruments, lag: inout [Int32: Gauge],
        report: inout StreamConsumeReport, logger: Logger
    ) async throws {
        // A broker restarting under the commit is waited out; the batch is safe already, so a commit
        // that still fails ends the run and the next one redoes the batch (recognised, not duplicated).
        let committing = ContinuousClock.now
        try await retry.run(target: "kafka", metrics: metrics) { try consumer.commit(landing.batch) }
        instruments.commitTime.record(duration: ContinuousClock.now - committing)
        instruments.batchTime.record(duration: ContinuousClock.now - landing.started)
        instruments.recordsOut.increment(by: landing.batch.count)
        for (partition, next) in landing.batch.nextOffsetsByPartition() {
            guard let end = consumer.cachedHighWatermark(topic: topic, partition: partition) else { continue }
            let gauge = lag[partition] ?? metrics.consumerLag(topic: topic, partition: partition, group: group)
            lag[partition] = gauge
            gauge.record(max(0, end - next))
        }
        report.messages += landing.batch.count
        report.bytes += landing.batch.reduce(0) { $0 + $1.value.count }
        report.replayed += landing.replayed
        report.deadLettered += landing.failed.count
        report.batches += 1
        logger.debug("batch landed", metadata: [
            "messages": "\(landing.batch.count)", "replayed": "\(landing.replayed)", "dead_lettered": "\(landing.failed.count)",
        ])
    }

    /// Writes `record`'s value to RAW under `key`, retried; true when the object was there already.
    private func writeRAW(_ record: KafkaRecord, key: String) async throws -> Bool {
        try await retry.run(target: "s3", metrics: metrics) {
            try uploader.client.putIfAbsent(bucket: config.rawBucket, key: key, body: record.value, contentType: "application/json")
        }
    }

    /// Sends a message whose RAW write failed to the three dead-letter places. The object's key is its
    /// RAW key under `dead-letter/`, so a redone batch recognises a dead letter written before a crash.
    private func deadLetter(
        _ record: KafkaRecord, rawKey: String, runID: String, error: RetryExhaustedError, registry: IngestionRegistry
    ) async throws {
        let key = "dead-letter/\(rawKey)"
        _ = try await writeRAW(record, key: key)
        let uri = "s3://\(config.rawBucket)/\(key)"
        let coordinates = "\(record.topic)/\(record.partition)/\(record.offset)"
        let original: JSONValue = [
            "topic": .string(record.topic), "partition": .number(JSONNumber(Int(record.partition))),
            "offset": .number(JSONNumber(record.offset)), "dead_letter_uri": .string(uri),
            "value": (try? JSONParser.parse(record.value)) ?? .string(String(decoding: record.value, as: UTF8.self)),
        ]
        try await publisher.publishDeadLetter(
            originalTopic: "ingest.stream.v1", reason: .processingFailed, attempts: error.attempts, original: original,
            message: "\(error)")
        try registry.recordFailure(
            runID: runID, source: "stream", dataset: record.topic, kind: "storage", error: "\(error)",
            inputURI: "kafka://\(coordinates)", deadLetterURI: uri, attempts: error.attempts, topic: record.topic,
            partition: record.partition, offset: record.offset)
    }

    /// Re-drives one dead-lettered message (`sluice replay`): writes it to its RAW key and publishes its
    /// event, as the first pass would have, in the replay run's trace; true when the object was already in RAW.
    func redrive(_ record: KafkaRecord, runID: String, trace: TraceContext) async throws -> Bool {
        let event = event(for: record, runID: runID, trace: trace)
        let existed = try await writeRAW(record, key: event.key)
        try await publisher.publish(event.envelope, key: event.coordinates)
        return existed
    }

    /// How many RAW writes of a batch are in flight at once by default: enough to keep the S3 server busy
    /// while each answer travels back (on the 2-core bench machine 64 beat 8, 16 and 32; 96 gained
    /// nothing), few enough that a 500-message batch reuses the same connections.
    public static let defaultUploadsInFlight = 64

    /// The RAW key of `record` and its `ingest.stream.v1` envelope.
    private func event(for record: KafkaRecord, runID: String, trace: TraceContext) -> (key: String, coordinates: String, envelope: JSONValue) {
        let day = UTCTimeText.day(Date(timeIntervalSince1970: Double(record.timestampMilliseconds ?? 0) / 1000))
        let key = "source=stream/dt=\(day)/\(record.topic)-\(record.partition)/\(record.offset).json"
        let coordinates = "\(record.topic)/\(record.partition)/\(record.offset)"
        let envelope = EventEnvelope.make(
            type: "ingest.stream.v1", source: "/sluice/ingest/stream", id: EventEnvelope.derivedID(from: coordinates),
            subject: coordinates, traceparent: Self.trace(of: record, otherwise: trace).child().traceparent,
            data: [
                "run_id": .string(runID), "raw_uri": .string("s3://\(config.rawBucket)/\(key)"),
                "sha256": .string(LowercaseHex.text(of: SHA256.hash(data: record.value))),
                "size_bytes": .number(JSONNumber(record.value.count)), "content_type": "application/json",
                "topic": .string(record.topic), "partition": .number(JSONNumber(Int(record.partition))),
                "offset": .number(JSONNumber(record.offset)), "message_count": 1,
                "key": record.key.map { .string(String(decoding: $0, as: UTF8.self)) } ?? .null,
            ])
        return (key, coordinates, envelope)
    }

    /// The trace a message's `traceparent` header names, or `run` when it has none (or a malformed one).
    static func trace(of record: KafkaRecord, otherwise run: TraceContext) -> TraceContext {
        guard let header = record.headers.last(where: { $0.name == "traceparent" }),
            let trace = TraceContext(traceparent: String(decoding: header.value, as: UTF8.self))
        else { return run }
        return trace
    }

    /// The metric handles of one run, taken once rather than looked up per batch.
    struct Instruments: Sendable {
        let recordsIn: Counter
        let recordsOut: Counter
        let bytesIn: Counter
        let rawTime: Metrics.Timer
        let publishTime: Metrics.Timer
        let commitTime: Metrics.Timer
        let batchTime: Metrics.Timer

        init(metrics: SluiceMetrics, topic: String) {
            recordsIn = metrics.recordsIn(dataset: topic, source: "stream")
            recordsOut = metrics.recordsOut(dataset: topic, source: "stream")
            bytesIn = metrics.bytesIn(dataset: topic, source: "stream")
            rawTime = metrics.batchSeconds(stage: "stream_raw")
            publishTime = metrics.batchSeconds(stage: "stream_publish")
            commitTime = metrics.batchSeconds(stage: "stream_commit")
            batchTime = metrics.batchSeconds(stage: "stream_batch")
        }
    }
}
