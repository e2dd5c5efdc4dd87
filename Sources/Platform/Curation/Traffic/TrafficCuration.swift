import Contracts
import Foundation

/// `sluice curate traffic`: RAW traffic CSVs in S3 → STG and CURATED Parquet in S3, the embedded
/// counterpart of the dbt models (same rules, same answer on golden/traffic).
///
/// * Input: every object under `s3://<raw>/source=file/` whose name ends in `.csv` (any case), as
///   `sluice ingest file` lands them (`source=file/dt=<day>/<sha256>/<name>`); traffic is the only
///   dataset the file ingestor declares. Each object is downloaded to a temp file (S3Client streams it to
///   disk, never whole in memory) and streamed from there through the engine, then deleted, so one RAW
///   file at a time is on local disk besides the engine's spill.
/// * A file whose header lacks a traffic column, a record of the wrong width, an unterminated quote or a
///   0-byte file is quarantined: nothing of it is curated and a JSON report goes to
///   `s3://<curated>/quarantine/traffic/<run-id>/<raw key>.report.json` (RAW is write-once, so the file
///   itself stays where it is).
/// * Output: Hive-style partitions `hive/stg/stg_traffic/traffic_date=…/part-00000.parquet` and
///   `hive/curated/fct_traffic_daily/traffic_date=…/part-00000.parquet` in the curated bucket. Each file is
///   written to a local temp folder, closed, then uploaded (a PUT replaces an object whole), so `curated`
///   never holds a half-written file. Partition files of an earlier run that this run did not write are
///   deleted only after every new file is uploaded. A run that curates no file at all leaves the outputs
///   as they were rather than emptying the tables.
public struct TrafficCuration: Sendable {
    /// The key prefix of the STG table in the curated bucket.
    public static let stagingPrefix = "hive/stg/stg_traffic/"
    /// The key prefix of the CURATED table in the curated bucket.
    public static let dailyPrefix = "hive/curated/fct_traffic_daily/"
    /// The key prefix of quarantine reports in the curated bucket.
    public static let quarantinePrefix = "quarantine/traffic/"

    private let config: PlatformConfig
    private let s3: S3Client
    private let temporaryDirectory: String

    /// Creates a curation for the stack `config` describes; temp files go under `temporaryDirectory`.
    public init(config: PlatformConfig, temporaryDirectory: String = NSTemporaryDirectory()) {
        self.config = config
        self.s3 = S3Client(endpoint: config.s3)
        self.temporaryDirectory = temporaryDirectory
    }

    /// Runs one curation pass over everything in RAW, recorded as a run of `meta.ingestion_runs` (source
    /// `curation`, dataset `traffic`, trace id of `trace`), whose id is the report's ``TrafficCurationReport/runID``.
    ///
    /// The run is `succeeded` when every file was curated, `partial` when some were quarantined and
    /// others curated, `failed` when every file was quarantined or the pass threw (the error is kept).
    /// Its counts are the data rows read and the STG plus CURATED rows written; its bytes the RAW bytes.
    public func run(trace: TraceContext = .root()) throws -> TrafficCurationReport {
        let registry = IngestionRegistry(connection: try PostgresConnection(connectionString: config.postgres.connectionString))
        let runID = try registry.startRun(source: "curation", dataset: "traffic", traceID: trace.traceID)
        let report: TrafficCurationReport
        do {
            report = try curate(runID: runID)
        } catch {
            _ = try? registry.finishRun(runID, status: "failed", error: "\(error)")
            throw error
        }
        let status = report.quarantined.isEmpty ? "succeeded" : report.curatedFiles.isEmpty ? "failed" : "partial"
        let error = report.quarantined.isEmpty
            ? nil : report.quarantined.map { "\($0.rawURI): \($0.rejection)" }.joined(separator: "; ")
        try registry.finishRun(
            runID, status: status, recordsIn: report.counts.rowsIn,
            recordsOut: report.counts.stagingRows + report.counts.dailyRows, bytesIn: report.bytesRead,
            rawURI: "s3://\(config.rawBucket)/source=file/", error: error)
        return report
    }

    private func curate(runID: String) throws -> TrafficCurationReport {
        var report = TrafficCurationReport(runID: runID)
        let work = "\(temporaryDirectory)/sluice-curate-\(runID)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }

        let engine = try TrafficCurationEngine(temporaryDirectory: work)
        let objects = try s3.listAllObjects(bucket: config.rawBucket, prefix: "source=file/")
            .filter { $0.key.lowercased().hasSuffix(".csv") }
        report.files = objects.count
        report.bytesRead = objects.reduce(0) { $0 + $1.size }
        for object in objects {
            let local = "\(work)/input.csv"
            try s3.download(bucket: config.rawBucket, key: object.key, to: local)
            defer { try? FileManager.default.removeItem(atPath: local) }
            let rawURI = "s3://\(config.rawBucket)/\(object.key)"
            switch try engine.add(path: local) {
            case .success:
                report.curatedFiles.append(rawURI)
            case .failure(let rejection):
                report.quarantined.append(try quarantine(rawURI: rawURI, key: object.key, rejection: rejection, runID: runID))
            }
        }

        let sink = try TrafficParquetSink(directory: "\(work)/out")
        report.counts = try engine.finish(into: sink)
        try sink.close()
        guard !report.curatedFiles.isEmpty else { return report }

        let earlier = try s3.listAllObjects(bucket: config.curatedBucket, prefix: Self.stagingPrefix)
            + s3.listAllObjects(bucket: config.curatedBucket, prefix: Self.dailyPrefix)
        var written = Set<String>()
        for file in sink.files {
            let key = "hive/\(file.relativePath)"
            try s3.upload(file: "\(sink.directory)/\(file.relativePath)", bucket: config.curatedBucket, key: key)
            written.insert(key)
            report.parquetFiles.append("s3://\(config.curatedBucket)/\(key)")
        }
        for object in earlier where !written.contains(object.key) {
            try s3.deleteObject(bucket: config.curatedBucket, key: object.key)
            report.deletedStaleFiles.append(object.key)
        }
        return report
    }

    private func quarantine(
        rawURI: String, key: String, rejection: TrafficFileRejection, runID: String
    ) throws -> TrafficCurationReport.Quarantined {
        let reportKey = "\(Self.quarantinePrefix)\(runID)/\(key).report.json"
        let document: JSONValue = [
            "raw_uri": .string(rawURI), "run_id": .string(runID), "dataset": "traffic",
            "line": .number(JSONNumber(rejection.line)), "reason": .string(rejection.reason),
            "quarantined_at": .string(UTCTimeText.timestamp(Date())),
        ]
        try s3.putObject(
            bucket: config.curatedBucket, key: reportKey, body: Array((JSONSerializer.prettyString(document) + "\n").utf8),
            contentType: "application/json")
        return .init(rawURI: rawURI, reportURI: "s3://\(config.curatedBucket)/\(reportKey)", rejection: rejection)
    }
}
