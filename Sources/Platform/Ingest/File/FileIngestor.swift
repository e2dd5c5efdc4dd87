import Contracts
import Crypto
import Foundation
import Logging

/// What one `sluice ingest file` pass did.
public struct FileIngestReport: Sendable {
    /// A file landed in RAW with its event published.
    public struct Landed: Sendable {
        public let fileName: String
        public let rawURI: String
        public let runID: String
        public let schemaVersion: Int
        /// The file's records: CSV rows after the header, or Parquet rows.
        public let rowCount: Int
        public let delivery: KafkaDeliveryReport
    }

    /// A file moved to quarantine, and why.
    public struct Quarantined: Sendable {
        public let fileName: String
        public let reason: String
    }

    public internal(set) var landed: [Landed] = []
    public internal(set) var quarantined: [Quarantined] = []
}

/// Day 3's file ingestor: CSV and Parquet files from a local inbox folder into RAW, one `ingest.file.v1`
/// event each (a Parquet file's columns and row count come from its footer, see ``FileInspection``).
///
/// For each file: check it against its dataset's declared columns, upload it unchanged to
/// `s3://<raw>/source=file/dt=<today>/<sha256>/<name>` (write-once, so the same bytes land once however
/// often they are dropped), publish the event (validated against its contract), then move the file to
/// `processed/`. Any failure moves it to `quarantine/` with `<name>.error.json` beside it. The file is
/// moved only after its copy and event are safe, so a crash mid-way leaves it in the inbox to redo; the
/// redo lands on the same key (recognised) and publishes an event with the same id (derived from the
/// RAW URI), so consumers de-duplicating on id see it once.
///
/// RAW writes are retried by the ``RetryPolicy``. A failure also goes to the dead letters: the file's
/// bytes to `s3://<raw>/dead-letter/source=file/dt=<today>/<run-id>/<name>`, a `platform.deadletter.v1`
/// to `ingest.file.v1.dlq` and a row to `meta.ingestion_failures`, from where `sluice replay` re-drives it.
///
/// Each file is a run with a trace of its own: its event's `traceparent` and its log lines carry the
/// same trace id. Metrics (source `file`): a file's bytes count in `sluice_bytes_in_total` once read,
/// its records (CSV rows after the header, Parquet rows) in `sluice_records_in_total` once read and in
/// `sluice_records_out_total` once landed, a quarantined file in `sluice_errors_total{kind}`, and the
/// time to land one file in `sluice_batch_seconds{stage="file"}`.
public struct FileIngestor: Sendable {
    private let config: PlatformConfig
    private let dataset: DatasetSchema
    private let publisher: EventPublisher
    private let registry: IngestionRegistry
    private let s3: S3Client
    private let retry: RetryPolicy
    private let metrics: SluiceMetrics
    private let logger: Logger

    /// Creates an ingestor for `dataset` on the stack `config` describes.
    public init(
        config: PlatformConfig, dataset: DatasetSchema, publisher: EventPublisher, retry: RetryPolicy = RetryPolicy(),
        metrics: SluiceMetrics = SluiceMetrics(), logger: Logger = Logger(label: "sluice.ingest.file")
    ) throws {
        self.metrics = metrics
        self.logger = logger
        self.config = config
        self.retry = retry
        self.dataset = dataset
        self.publisher = publisher
        self.registry = IngestionRegistry(connection: try PostgresConnection(connectionString: config.postgres.connectionString))
        self.s3 = S3Client(endpoint: config.s3)
    }

    /// Ingests every `*.csv` and `*.parquet` directly inside `inbox`, in name order.
    public func ingest(inbox: String) async throws -> FileIngestReport {
        let names = try FileManager.default.contentsOfDirectory(atPath: inbox).filter(FileInspection.isIngestible).sorted()
        var report = FileIngestReport()
        for name in names {
            let path = "\(inbox)/\(name)"
            let trace = TraceContext.root()
            let runID = try registry.startRun(source: "file", dataset: dataset.name, traceID: trace.traceID)
            var logger = logger
            logger[metadataKey: "run_id"] = "\(runID)"
            logger[metadataKey: "trace_id"] = "\(trace.traceID)"
            logger[metadataKey: "span_id"] = "\(trace.spanID)"
            logger[metadataKey: "dataset"] = "\(dataset.name)"
            logger[metadataKey: "file"] = "\(name)"
            do {
                let started = ContinuousClock.now
                let landed = try await land(path: path, name: name, runID: runID, trace: trace)
                report.landed.append(landed)
                try move(path, to: "\(inbox)/processed", name: name, runID: runID)
                metrics.batchSeconds(stage: "file").record(duration: ContinuousClock.now - started)
                logger.info("file landed", metadata: ["raw_uri": "\(landed.rawURI)"])
            } catch {
                metrics.errors(ErrorKind.of(error)).increment()
                logger.error("file quarantined", error: error)
                let reason = "\(error)"
                try registry.finishRun(runID, status: "failed", error: reason)
                try await deadLetter(path: path, name: name, runID: runID, error: error)
                let destination = try move(path, to: "\(inbox)/quarantine", name: name, runID: runID)
                try Self.errorReport(file: name, runID: runID, reason: reason)
                    .write(toFile: destination + ".error.json", atomically: true, encoding: .utf8)
                report.quarantined.append(.init(fileName: name, reason: reason))
            }
        }
        return report
    }

    private func land(path: String, name: String, runID: String, trace: TraceContext) async throws -> FileIngestReport.Landed {
        try await land(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), name: name, runID: runID, trace: trace)
    }

    /// Checks, lands and announces one file's bytes: the path of a first pass and of `sluice replay`.
    func land(bytes: [UInt8], name: String, runID: String, trace: TraceContext = .root()) async throws -> FileIngestReport.Landed {
        metrics.bytesIn(dataset: dataset.name, source: "file").increment(by: bytes.count)
        let inspection = try FileInspection.inspect(bytes, name: name)
        metrics.recordsIn(dataset: dataset.name, source: "file").increment(by: inspection.rowCount)
        let missing = dataset.missingColumns(in: inspection.columns)
        guard missing.isEmpty else {
            throw FileIngestError.missingColumns(missing, dataset: dataset.name)
        }
        let sha256 = LowercaseHex.text(of: SHA256.hash(data: bytes))
        let key = "source=file/dt=\(UTCTimeText.day(Date()))/\(sha256)/\(name)"
        // The key names the bytes (their SHA-256), so a file dropped again is recognised, not duplicated.
        _ = try await retry.run(target: "s3", metrics: metrics) {
            try s3.putIfAbsent(bucket: config.rawBucket, key: key, body: bytes, contentType: inspection.contentType)
        }
        let rawURI = "s3://\(config.rawBucket)/\(key)"

        let columnsJSON = JSONSerializer.string(.array(inspection.columns.map { .string($0) }))
        let schemaHash = LowercaseHex.text(of: SHA256.hash(data: Array(columnsJSON.utf8)))
        let version = try registry.recordSchema(dataset: dataset.name, hash: schemaHash, columnsJSON: columnsJSON, runID: runID)

        let envelope = EventEnvelope.make(
            type: "ingest.file.v1", source: "/sluice/ingest/file", id: EventEnvelope.derivedID(from: rawURI), subject: name,
            traceparent: trace.child().traceparent,
            data: [
                "run_id": .string(runID), "raw_uri": .string(rawURI), "sha256": .string(sha256),
                "size_bytes": .number(JSONNumber(bytes.count)), "content_type": .string(inspection.contentType), "file_name": .string(name),
                "dataset": .string(dataset.name), "row_count": .number(JSONNumber(inspection.rowCount)),
                "columns": .array(inspection.columns.map { .string($0) }),
            ])
        let delivery = try await publisher.publish(envelope, key: sha256)
        try registry.finishRun(
            runID, status: "succeeded", recordsIn: inspection.rowCount, recordsOut: inspection.rowCount,
            bytesIn: bytes.count, rawURI: rawURI, schemaHash: schemaHash)
        metrics.recordsOut(dataset: dataset.name, source: "file").increment(by: inspection.rowCount)
        return .init(
            fileName: name, rawURI: rawURI, runID: runID, schemaVersion: version, rowCount: inspection.rowCount, delivery: delivery)
    }

    /// Sends a failed file to the three dead-letter places (best effort for the object: when storage is
    /// what failed, the row and the topic still say so, and the quarantined file keeps the input).
    private func deadLetter(path: String, name: String, runID: String, error: any Error) async throws {
        let reason = "\(error)"
        let attempts = (error as? RetryExhaustedError)?.attempts ?? 1
        let key = "dead-letter/source=file/dt=\(UTCTimeText.day(Date()))/\(runID)/\(name)"
        var uri: String?
        if let bytes = try? Array(Data(contentsOf: URL(fileURLWithPath: path))),
           (try? await retry.run(target: "s3", metrics: metrics, {
               try s3.putIfAbsent(bucket: config.rawBucket, key: key, body: bytes, contentType: "application/octet-stream")
           })) != nil {
            uri = "s3://\(config.rawBucket)/\(key)"
        }
        let original: JSONValue = [
            "file_name": .string(name), "input_uri": .string("file://\(path)"), "dataset": .string(dataset.name),
            "dead_letter_uri": uri.map { .string($0) } ?? .null,
        ]
        try await publisher.publishDeadLetter(
            originalTopic: "ingest.file.v1", reason: .processingFailed, attempts: attempts, original: original, message: reason)
        try registry.recordFailure(
            runID: runID, source: "file", dataset: dataset.name, kind: Self.kind(of: error), error: reason,
            inputURI: "file://\(path)", deadLetterURI: uri, attempts: attempts)
    }

    /// Moves `path` into `folder` (created if needed); a name already there gets the run id in front.
    @discardableResult
    private func move(_ path: String, to folder: String, name: String, runID: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var destination = "\(folder)/\(name)"
        if FileManager.default.fileExists(atPath: destination) { destination = "\(folder)/\(runID)-\(name)" }
        try FileManager.default.moveItem(atPath: path, toPath: destination)
        return destination
    }

    private static func errorReport(file: String, runID: String, reason: String) -> String {
        let report: JSONValue = [
            "file": .string(file), "run_id": .string(runID), "reason": .string(reason),
            "quarantined_at": .string(UTCTimeText.timestamp(Date())),
        ]
        return JSONSerializer.prettyString(report) + "\n"
    }

    private static func kind(of error: any Error) -> String {
        switch (error as? RetryExhaustedError)?.last ?? error {
        case is CSVError: "malformed_csv"
        case is ParquetError: "malformed_parquet"
        case is FileIngestError: "schema_mismatch"
        case is S3ResponseError, is CurlError: "storage"
        case is KafkaError, is EventPublisherError: "publish"
        default: "other"
        }
    }
}

/// Why a file does not fit its dataset.
public enum FileIngestError: Error, CustomStringConvertible {
    /// Declared columns the file's header lacks.
    case missingColumns([String], dataset: String)

    public var description: String {
        switch self {
        case .missingColumns(let columns, let dataset):
            "missing columns of dataset \(dataset): \(columns.joined(separator: ", "))"
        }
    }
}
