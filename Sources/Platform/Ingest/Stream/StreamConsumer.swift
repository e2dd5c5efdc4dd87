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
}

/// Day 5's stream ingestor: every message of a topic into RAW, one `ingest.stream.v1` event each.
///
/// Each message becomes the RAW object `source=stream/dt=<message day>/<topic>-<partition>/<offset>.json`:
/// the key derives from where the message sits in the log, so a replay writes the same key and is
/// recognised (`If-None-Match: *` answers 412), not duplicated. Its event carries an id derived from
/// the same coordinates, so consumers de-duplicating on source + id see a replayed event once.
/// Offsets are committed per batch, only after every object and event of the batch is safe.
///
/// Each event's `traceparent` continues the trace of its message (its `traceparent` header) or, for a
/// message without one, the run's trace. Metrics (dataset = the topic, source `stream`): messages and
/// their bytes in, messages out once committed, `sluice_batch_seconds` for the stages `stream_raw` (the
/// RAW writes), `stream_publish` (the events), `stream_commit` and `stream_batch` (all three), and after
/// each commit `sluice_consumer_lag` of every partition in the batch, from the high watermark
/// librdkafka last fetched.
public struct StreamConsumer: Sendable {
    private let config: PlatformConfig
    private let publisher: EventPublisher
    private let s3: S3Client
    private let topic: String
    private let group: String
    private let metrics: SluiceMetrics
    private let logger: Logger

    /// Creates a consumer of `topic` in consumer group `group`.
    public init(
        config: PlatformConfig, publisher: EventPublisher, topic: String = "source.posts.v1", group: String = "sluice-stream-ingest",
        metrics: SluiceMetrics = SluiceMetrics(), logger: Logger = Logger(label: "sluice.stream.consume")
    ) {
        self.metrics = metrics
        self.logger = logger
        self.config = config
        self.publisher = publisher
        self.s3 = S3Client(endpoint: config.s3)
        self.topic = topic
        self.group = group
    }

    /// Consumes until `maxMessages` were handled or nothing arrived for `idleTimeout`.
    ///
    /// - Parameters:
    ///   - batchSize: messages per batch at most; a batch also closes after `batchWindow` without one.
    public func run(
        maxMessages: Int = .max, idleTimeout: Duration = .seconds(10), batchSize: Int = 500,
        batchWindow: Duration = .milliseconds(200), trace: TraceContext = .root()
    ) async throws -> StreamConsumeReport {
        do {
            return try await consume(maxMessages: maxMessages, idleTimeout: idleTimeout, batchSize: batchSize, batchWindow: batchWindow, trace: trace)
        } catch {
            metrics.errors(ErrorKind.of(error)).increment()
            logger.error("stream consumer stopped", error: error, metadata: ["topic": "\(topic)", "group": "\(group)"])
            throw error
        }
    }

    private func consume(
        maxMessages: Int, idleTimeout: Duration, batchSize: Int, batchWindow: Duration, trace: TraceContext
    ) async throws -> StreamConsumeReport {
        let consumer = try KafkaConsumer(configuration: [
            "bootstrap.servers": config.kafkaBootstrapServers, "group.id": group,
        ])
        try consumer.subscribe([topic])
        let runID = UUID().uuidString.lowercased()
        var logger = logger
        logger[metadataKey: "run_id"] = "\(runID)"
        logger[metadataKey: "trace_id"] = "\(trace.traceID)"
        logger[metadataKey: "span_id"] = "\(trace.spanID)"
        logger[metadataKey: "topic"] = "\(topic)"
        logger[metadataKey: "group"] = "\(group)"
        logger.info("consuming")
        let instruments = Instruments(metrics: metrics, topic: topic)
        var lag: [Int32: Gauge] = [:]
        var report = StreamConsumeReport()
        var lastMessage = ContinuousClock.now
        while report.messages < maxMessages, ContinuousClock.now - lastMessage < idleTimeout {
            let batch = try poll(consumer, upTo: min(batchSize, maxMessages - report.messages), window: batchWindow)
            guard !batch.isEmpty else { continue }
            lastMessage = .now
            let started = ContinuousClock.now
            instruments.recordsIn.increment(by: batch.count)
            instruments.bytesIn.increment(by: batch.reduce(0) { $0 + $1.value.count })
            let replayed = try await land(batch, runID: runID, trace: trace, instruments: instruments)
            report.replayed += replayed
            let committing = ContinuousClock.now
            try consumer.commit(batch)
            instruments.commitTime.record(duration: ContinuousClock.now - committing)
            instruments.batchTime.record(duration: ContinuousClock.now - started)
            instruments.recordsOut.increment(by: batch.count)
            for (partition, next) in Self.nextOffsets(of: batch) {
                guard let end = consumer.cachedHighWatermark(topic: topic, partition: partition) else { continue }
                let gauge = lag[partition] ?? metrics.consumerLag(topic: topic, partition: partition, group: group)
                lag[partition] = gauge
                gauge.record(max(0, end - next))
            }
            report.messages += batch.count
            report.batches += 1
            logger.debug("batch landed", metadata: ["messages": "\(batch.count)", "replayed": "\(replayed)"])
        }
        logger.info("consumer stopping", metadata: ["messages": "\(report.messages)", "batches": "\(report.batches)", "replayed": "\(report.replayed)"])
        return report
    }

    /// Up to `limit` records, returning early once `window` passes without a full batch.
    private func poll(_ consumer: KafkaConsumer, upTo limit: Int, window: Duration) throws -> [KafkaRecord] {
        var batch: [KafkaRecord] = []
        let deadline = ContinuousClock.now + window
        while batch.count < limit, ContinuousClock.now < deadline {
            if let record = try consumer.poll(timeoutMilliseconds: 20) { batch.append(record) }
        }
        return batch
    }

    /// Writes the batch's objects, then publishes its events; returns how many objects were already there.
    ///
    /// Objects are written on ``uploadLanes`` lanes at once, each lane taking every n-th message, and
    /// the events go out only once every object of the batch is safe.
    private func land(_ batch: [KafkaRecord], runID: String, trace: TraceContext, instruments: Instruments) async throws -> Int {
        let events = batch.map { event(for: $0, runID: runID, trace: trace) }
        let writing = ContinuousClock.now
        let lanes = min(Self.uploadLanes, batch.count)
        let replayed = try await withThrowingTaskGroup(of: Int.self) { group in
            for lane in 0..<lanes {
                group.addTask {
                    var replayed = 0
                    for index in stride(from: lane, to: batch.count, by: lanes)
                    where try s3.putIfAbsent(
                        bucket: config.rawBucket, key: events[index].key, body: batch[index].value, contentType: "application/json")
                    {
                        replayed += 1
                    }
                    return replayed
                }
            }
            return try await group.reduce(0, +)
        }
        instruments.rawTime.record(duration: ContinuousClock.now - writing)
        let publishing = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for event in events {
                group.addTask { _ = try await publisher.publish(event.envelope, key: event.coordinates) }
            }
            try await group.waitForAll()
        }
        instruments.publishTime.record(duration: ContinuousClock.now - publishing)
        return replayed
    }

    /// How many RAW writes of a batch run at once.
    static let uploadLanes = 4

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
                "sha256": .string(SHA256.hash(data: record.value).map { String(format: "%02x", $0) }.joined()),
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

    /// For each partition of `batch`, the offset after its highest record: what the commit stores.
    static func nextOffsets(of batch: [KafkaRecord]) -> [Int32: Int64] {
        batch.reduce(into: [:]) { next, record in next[record.partition] = max(next[record.partition] ?? 0, record.offset + 1) }
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
