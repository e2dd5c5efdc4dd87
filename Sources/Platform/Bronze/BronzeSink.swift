import Contracts
import Crypto
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
///
/// Each run is a row of `meta.ingestion_runs` (source `stream`, dataset ``dataset``) with its counts, and
/// every field set the events arrive with is recorded in `meta.ingestion_schemas`: a new or missing
/// member makes a new version (``BronzeSinkReport/schemaVersions``) and the run goes on; the bronze
/// columns stay those of ``BronzeServiceEventsTable/schema``. A record that is not a service event is
/// also a row of `meta.ingestion_failures` (kind `malformed_event`, its Kafka coordinates, no stored
/// input: nothing transient failed, so `sluice replay` lists it and does not re-drive it).
///
/// Metrics (dataset ``dataset``, source `stream`): records in, rows out once committed, errors by kind,
/// `sluice_dead_letters_total{topic="service.events.dlq"}` and `sluice_batch_seconds{stage="bronze_batch"}`
/// from poll to commit.
public struct BronzeSink: Sendable {
    private let config: PlatformConfig
    private let publisher: EventPublisher
    private let s3: S3Client
    private let group: String
    private let batchSize: Int
    private let batchWindow: Duration
    private let retry: RetryPolicy
    private let metrics: SluiceMetrics
    private let logger: Logger

    /// The dataset name of the runs and schema versions in the `meta` tables.
    public static let dataset = "bronze.service_events"

    /// A sink in consumer group `group`.
    public init(
        config: PlatformConfig, publisher: EventPublisher, group: String = "sluice-bronze-service-events", batchSize: Int = 100,
        batchWindow: Duration = .seconds(5), retry: RetryPolicy = StreamConsumer.defaultRetry,
        metrics: SluiceMetrics = SluiceMetrics(), logger: Logger = Logger(label: "sluice.bronze")
    ) {
        self.config = config
        self.publisher = publisher
        self.s3 = S3Client(endpoint: config.s3)
        self.group = group
        self.batchSize = max(1, batchSize)
        self.batchWindow = batchWindow
        self.retry = retry
        self.metrics = metrics
        self.logger = logger
    }

    /// Consumes until `maxRecords` were committed, nothing arrived for `idleTimeout` (nil: never idle),
    /// or the task is cancelled.
    public func run(
        maxRecords: Int = .max, idleTimeout: Duration? = .seconds(10), trace: TraceContext = .root()
    ) async throws -> BronzeSinkReport {
        let registry = IngestionRegistry(connection: try PostgresConnection(connectionString: config.postgres.connectionString))
        let runID = try registry.startRun(source: "stream", dataset: Self.dataset, traceID: trace.traceID)
        var report = BronzeSinkReport()
        do {
            try await consume(maxRecords: maxRecords, idleTimeout: idleTimeout, registry: registry, runID: runID, report: &report)
        } catch {
            metrics.errors(ErrorKind.of(error)).increment()
            try? registry.finishRun(
                runID, status: report.records > 0 ? "partial" : "failed", recordsIn: report.records, recordsOut: report.rows,
                error: "\(error)")
            throw error
        }
        try registry.finishRun(runID, status: "succeeded", recordsIn: report.records, recordsOut: report.rows)
        return report
    }

    private func consume(
        maxRecords: Int, idleTimeout: Duration?, registry: IngestionRegistry, runID: String, report: inout BronzeSinkReport
    ) async throws {
        var versions: [[String]: Int] = [:]
        let consumer = try KafkaConsumer(configuration: [
            "bootstrap.servers": config.kafkaBootstrapServers, "group.id": group, "session.timeout.ms": "10000",
            "heartbeat.interval.ms": "3000",
        ])
        try consumer.subscribe([ServiceEventTopics.events])
        let recordsIn = metrics.recordsIn(dataset: Self.dataset, source: "stream")
        let recordsOut = metrics.recordsOut(dataset: Self.dataset, source: "stream")
        let batchTime = metrics.batchSeconds(stage: "bronze_batch")
        var lastRecord = ContinuousClock.now
        logger.info("bronze sink consuming", metadata: ["group": "\(group)", "batch_size": "\(batchSize)", "batch_window": "\(batchWindow)"])
        while report.records < maxRecords, !Task.isCancelled {
            if let idleTimeout, ContinuousClock.now - lastRecord >= idleTimeout { break }
            let limit = min(batchSize, maxRecords - report.records)
            let batch = try await consumer.pollBatch(upTo: limit, closing: .fromFirstRecord(batchWindow, idle: .milliseconds(200)))
            guard !batch.isEmpty else { continue }
            let started = ContinuousClock.now
            recordsIn.increment(by: batch.count)
            let rows = try await write(batch, registry: registry, runID: runID, report: &report)
            try recordSchemas(of: rows, registry: registry, runID: runID, known: &versions, report: &report)
            try await retry.run(target: "kafka", metrics: metrics) { try consumer.commit(batch) }
            recordsOut.increment(by: rows.count)
            batchTime.record(duration: ContinuousClock.now - started)
            report.records += batch.count
            report.batches += 1
            lastRecord = .now
        }
        logger.info("bronze sink stopping", metadata: ["records": "\(report.records)", "rows": "\(report.rows)", "files": "\(report.files)"])
    }

    /// Records each field set of `rows` not seen yet in this run; a new one is a new version, not a failure.
    private func recordSchemas(
        of rows: [BronzeServiceEventsTable.Row], registry: IngestionRegistry, runID: String, known: inout [[String]: Int],
        report: inout BronzeSinkReport
    ) throws {
        for fields in Set(rows.map(\.event.fields)) where known[fields] == nil {
            let columnsJSON = JSONSerializer.string(.array(fields.map { .string($0) }))
            let hash = LowercaseHex.text(of: SHA256.hash(data: Array(columnsJSON.utf8)))
            let version = try registry.recordSchema(dataset: Self.dataset, hash: hash, columnsJSON: columnsJSON, runID: runID)
            known[fields] = version
            report.schemaVersions[version] = fields
            logger.info("service events schema", metadata: ["version": "\(version)", "fields": "\(fields)"])
        }
    }


    /// Writes the batch's objects (retrying until they are written) and dead-letters what is not an event;
    /// returns the rows written.
    private func write(
        _ batch: [KafkaRecord], registry: IngestionRegistry, runID: String, report: inout BronzeSinkReport
    ) async throws -> [BronzeServiceEventsTable.Row] {
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
            try registry.recordFailure(
                runID: runID, source: "stream", dataset: Self.dataset, kind: "malformed_event", error: error.description,
                inputURI: "kafka://\(record.topic)/\(record.partition)/\(record.offset)", deadLetterURI: nil, topic: record.topic,
                partition: record.partition, offset: record.offset)
            metrics.errors(.parse).increment()
            metrics.deadLetters(topic: ServiceEventTopics.deadLetters).increment()
            report.deadLettered += 1
        }
        return rows
    }

    /// Puts one object, retried by the policy and then again after a pause for as long as it takes;
    /// returns how many attempts failed.
    private func persist(_ bytes: [UInt8], key: String) async throws -> Int {
        var failures = 0
        while true {
            do {
                try await retry.run(target: "s3") {
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
