import Contracts
import Crypto
import Foundation

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
public struct StreamConsumer: Sendable {
    private let config: PlatformConfig
    private let publisher: EventPublisher
    private let s3: S3Client
    private let topic: String
    private let group: String

    /// Creates a consumer of `topic` in consumer group `group`.
    public init(config: PlatformConfig, publisher: EventPublisher, topic: String = "source.posts.v1", group: String = "sluice-stream-ingest") {
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
        batchWindow: Duration = .milliseconds(200)
    ) async throws -> StreamConsumeReport {
        let consumer = try KafkaConsumer(configuration: [
            "bootstrap.servers": config.kafkaBootstrapServers, "group.id": group,
        ])
        try consumer.subscribe([topic])
        let runID = UUID().uuidString.lowercased()
        var report = StreamConsumeReport()
        var lastMessage = ContinuousClock.now
        while report.messages < maxMessages, ContinuousClock.now - lastMessage < idleTimeout {
            let batch = try poll(consumer, upTo: min(batchSize, maxMessages - report.messages), window: batchWindow)
            guard !batch.isEmpty else { continue }
            lastMessage = .now
            report.replayed += try await land(batch, runID: runID)
            try consumer.commit(batch)
            report.messages += batch.count
            report.batches += 1
        }
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
    private func land(_ batch: [KafkaRecord], runID: String) async throws -> Int {
        let events = batch.map { event(for: $0, runID: runID) }
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
        try await withThrowingTaskGroup(of: Void.self) { group in
            for event in events {
                group.addTask { _ = try await publisher.publish(event.envelope, key: event.coordinates) }
            }
            try await group.waitForAll()
        }
        return replayed
    }

    /// How many RAW writes of a batch run at once.
    static let uploadLanes = 4

    /// The RAW key of `record` and its `ingest.stream.v1` envelope.
    private func event(for record: KafkaRecord, runID: String) -> (key: String, coordinates: String, envelope: JSONValue) {
        let day = UTCTimeText.day(Date(timeIntervalSince1970: Double(record.timestampMilliseconds ?? 0) / 1000))
        let key = "source=stream/dt=\(day)/\(record.topic)-\(record.partition)/\(record.offset).json"
        let coordinates = "\(record.topic)/\(record.partition)/\(record.offset)"
        let envelope = EventEnvelope.make(
            type: "ingest.stream.v1", source: "/sluice/ingest/stream", id: EventEnvelope.derivedID(from: coordinates),
            subject: coordinates,
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
}
