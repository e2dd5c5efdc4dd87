import Contracts
import Foundation
import Logging

/// Kafka to bronze in batches: service events from ``ServiceEventTopics/events`` into
/// ``BronzeServiceEventsTable``, offsets committed only after the batch's objects are written.
///
/// A batch closes at `batchSize` records or `batchWindow` after its first record, whichever comes
/// first (100 and 5 s by default). Its rows are split by event date, service and Kafka partition, one
/// Parquet object each (see ``BronzeServiceEventsTable`` for why a redo overwrites, not duplicates).
/// A failed object write is retried with the ``RetryPolicy``; when the policy is exhausted the sink
/// holds the batch and keeps trying (a storage outage pauses it, it never skips the batch), until the
/// write succeeds or the run is cancelled, which ends it without committing. A record that is not a
/// service event goes to `service.events.dlq` with the reason, then its offset is committed with the batch.
public struct BronzeSink: Sendable {
    private let config: PlatformConfig
    private let publisher: EventPublisher
    private let s3: S3Client
    private let group: String
    private let batchSize: Int
    private let batchWindow: Duration
    private let retry: RetryPolicy
    private let logger: Logger

    /// A sink in consumer group `group`.
    public init(
        config: PlatformConfig, publisher: EventPublisher, group: String = "sluice-bronze-service-events", batchSize: Int = 100,
        batchWindow: Duration = .seconds(5), retry: RetryPolicy = StreamConsumer.defaultRetry,
        logger: Logger = Logger(label: "sluice.bronze")
    ) {
        self.config = config
        self.publisher = publisher
        self.s3 = S3Client(endpoint: config.s3)
        self.group = group
        self.batchSize = max(1, batchSize)
        self.batchWindow = batchWindow
        self.retry = retry
        self.logger = logger
    }

    /// Consumes until `maxRecords` were committed, nothing arrived for `idleTimeout` (nil: never idle),
    /// or the task is cancelled.
    public func run(maxRecords: Int = .max, idleTimeout: Duration? = .seconds(10)) async throws -> BronzeSinkReport {
        let consumer = try KafkaConsumer(configuration: [
            "bootstrap.servers": config.kafkaBootstrapServers, "group.id": group, "session.timeout.ms": "10000",
            "heartbeat.interval.ms": "3000",
        ])
        try consumer.subscribe([ServiceEventTopics.events])
        var report = BronzeSinkReport()
        var lastRecord = ContinuousClock.now
        logger.info("bronze sink consuming", metadata: ["group": "\(group)", "batch_size": "\(batchSize)", "batch_window": "\(batchWindow)"])
        while report.records < maxRecords, !Task.isCancelled {
            if let idleTimeout, ContinuousClock.now - lastRecord >= idleTimeout { break }
            let batch = try poll(consumer, upTo: min(batchSize, maxRecords - report.records))
            guard !batch.isEmpty else { continue }
            try await write(batch, report: &report)
            try await retry.run { try consumer.commit(batch) }
            report.records += batch.count
            report.batches += 1
            lastRecord = .now
        }
        logger.info("bronze sink stopping", metadata: ["records": "\(report.records)", "rows": "\(report.rows)", "files": "\(report.files)"])
        return report
    }

    /// Up to `limit` records: waits for a first one (at most 200 ms, so the caller can check idleness and
    /// cancellation), then gathers more until the batch is full or `batchWindow` has passed since it.
    private func poll(_ consumer: KafkaConsumer, upTo limit: Int) throws -> [KafkaRecord] {
        var batch: [KafkaRecord] = []
        var deadline = ContinuousClock.now + .milliseconds(200)
        while batch.count < limit, ContinuousClock.now < deadline {
            do {
                guard let record = try consumer.poll(timeoutMilliseconds: 20) else { continue }
                if batch.isEmpty { deadline = .now + batchWindow }
                batch.append(record)
            } catch let error as KafkaError {
                guard RetryPolicy.isRetryable(error) else { throw error }
            }
        }
        return batch
    }

    /// Writes the batch's objects (retrying until they are written) and dead-letters what is not an event.
    private func write(_ batch: [KafkaRecord], report: inout BronzeSinkReport) async throws {
        var rows: [BronzeServiceEventsTable.Row] = []
        var malformed: [(KafkaRecord, BronzeError)] = []
        for record in batch {
            do {
                rows.append(.init(event: try ServiceEvent(json: record.value), partition: record.partition, offset: record.offset))
            } catch let error as BronzeError {
                malformed.append((record, error))
            }
        }
        for file in BronzeServiceEventsTable.files(of: rows) {
            let bytes = try BronzeServiceEventsTable.parquet(file.rows)
            report.writeRetries += try await persist(bytes, key: file.key)
            report.files += 1
            report.rows += file.rows.count
        }
        for (record, error) in malformed {
            let original: JSONValue = [
                "topic": .string(record.topic), "partition": .number(JSONNumber(Int(record.partition))),
                "offset": .number(JSONNumber(record.offset)),
                "value": (try? JSONParser.parse(record.value)) ?? .string(String(decoding: record.value, as: UTF8.self)),
            ]
            try await publisher.publishDeadLetter(
                originalTopic: ServiceEventTopics.events, reason: .unreadable, attempts: 1, original: original, message: error.description)
            report.deadLettered += 1
        }
    }

    /// Puts one object, retried by the policy and then again after a pause for as long as it takes;
    /// returns how many attempts failed.
    private func persist(_ bytes: [UInt8], key: String) async throws -> Int {
        var failures = 0
        while true {
            do {
                try await retry.run {
                    do {
                        _ = try s3.putObject(bucket: config.curatedBucket, key: key, body: bytes, contentType: "application/vnd.apache.parquet")
                    } catch {
                        failures += 1
                        throw error
                    }
                }
                return failures
            } catch let error as RetryExhaustedError {
                logger.warning("bronze write still failing; holding the batch", metadata: ["key": "\(key)", "error": "\(error)"])
                try await Task.sleep(for: retry.maxDelay)
            }
        }
    }
}
