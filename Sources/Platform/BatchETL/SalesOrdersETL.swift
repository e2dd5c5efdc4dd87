import Foundation

/// `sluice etl sales-orders`: a sales orders CSV (in RAW or a local file) checked row by row against
/// ``BatchDataset/salesOrders``, its PII masked, good rows upserted into the star schema in chunks, bad
/// rows written to quarantine, and the outcome POSTed to a webhook.
///
/// Memory is constant in the file's size: the CSV is streamed (``CSVStreamReader``), a RAW object is first
/// downloaded to a temporary file as it arrives, and at most one chunk of rows is held. Masking happens
/// as soon as a row is read, so neither PostgreSQL nor the quarantine object ever sees a clear email,
/// phone or street address.
public struct SalesOrdersETL: Sendable {
    /// The dataset this pipeline loads.
    public static let dataset = BatchDataset.salesOrders
    private let config: PlatformConfig
    private let salt: PIISalt
    private let webhookURL: String?
    private let chunkRows: Int
    private let workDirectory: String

    /// A pipeline against the stack `config` names. `chunkRows` rows are loaded per transaction.
    public init(
        config: PlatformConfig, salt: PIISalt, webhookURL: String? = nil, chunkRows: Int = 20_000,
        workDirectory: String = NSTemporaryDirectory()
    ) {
        self.config = config
        self.salt = salt
        self.webhookURL = webhookURL
        self.chunkRows = max(chunkRows, 1)
        self.workDirectory = workDirectory
    }

    /// Runs the pipeline over `input` (`s3://bucket/key` or a local path). A run that fails still sends a
    /// `failed` notification before the error is thrown.
    public func run(input: String) throws -> BatchETLReport {
        let started = Date()
        let runID = Self.runID(at: started)
        let notifier = ETLWebhookNotifier(url: webhookURL)
        let dataset = Self.dataset
        do {
            let outcome = try load(input: input, runID: runID)
            let duration = Date().timeIntervalSince(started)
            let delivery = notifier.notify(BatchETLReport.notification(
                runID: runID, dataset: dataset.name, status: "succeeded", rows: outcome.rows, good: outcome.good,
                quarantined: outcome.quarantined, quarantineURI: outcome.quarantineURI, durationSeconds: duration,
                error: nil))
            return BatchETLReport(
                runID: runID, dataset: dataset.name, input: input, rows: outcome.rows, good: outcome.good,
                quarantined: outcome.quarantined, quarantineURI: outcome.quarantineURI, changes: outcome.changes,
                durationSeconds: duration, webhook: delivery)
        } catch {
            _ = notifier.notify(BatchETLReport.notification(
                runID: runID, dataset: dataset.name, status: "failed", rows: 0, good: 0, quarantined: 0,
                quarantineURI: nil, durationSeconds: Date().timeIntervalSince(started), error: "\(error)"))
            throw error
        }
    }

    private struct Outcome {
        var rows = 0, good = 0, quarantined = 0
        var quarantineURI: String?
        var changes = StarSchemaChanges()
    }

    private func load(input: String, runID: String) throws -> Outcome {
        let s3 = S3Client(endpoint: config.s3)
        let (path, downloaded) = try localFile(for: input, client: s3)
        defer { if downloaded { try? FileManager.default.removeItem(atPath: path) } }

        let reader: CSVStreamReader
        do {
            reader = try CSVStreamReader(path: path)
            guard try reader.nextRecord() else { throw BatchETLError(.input, "\(input) is empty: no header") }
        } catch let error as CSVError {
            throw BatchETLError(.input, "\(input): \(error)")
        }
        let dataset = Self.dataset
        let header = (0..<reader.fieldCount).map(reader.string)
        let indexes = try dataset.schema.columnIndexes(header: header)
        let names = dataset.schema.names
        let masker = PIIMasker(schema: dataset.schema, rules: dataset.pii, salt: salt)

        let connection = try PostgresConnection(connectionString: config.postgres.connectionString)
        try SalesOrdersLoader.createTables(on: connection)
        let loader = SalesOrdersLoader(connection: connection, schema: dataset.schema, chunkRows: chunkRows)
        let quarantine = try QuarantineWriter(directory: workDirectory)
        var outcome = Outcome()
        var values = [String](repeating: "", count: names.count)
        do {
            while try reader.nextRecord() {
                outcome.rows += 1
                for (position, index) in indexes.enumerated() {
                    values[position] = index < reader.fieldCount ? reader.string(index) : ""
                }
                var violations: [FieldViolation] = []
                if reader.fieldCount != header.count {
                    violations.append(FieldViolation(
                        field: "*", reason: "\(reader.fieldCount) fields where the header has \(header.count)"))
                }
                violations += dataset.schema.violations(values)
                let masked = masker.mask(values)
                if violations.isEmpty {
                    outcome.good += 1
                    try loader.add(row: outcome.rows, record: masked)
                } else {
                    try quarantine.add(row: outcome.rows, line: reader.line, violations: violations, names: names, record: masked)
                }
            }
        } catch let error as CSVError {
            throw BatchETLError(.input, "\(input): \(error)")
        }
        try loader.flush()
        outcome.quarantined = quarantine.count
        outcome.changes = loader.changes
        outcome.quarantineURI = try quarantine.upload(
            with: s3, bucket: config.curatedBucket, key: "quarantine/\(dataset.name)/\(runID)/rows.jsonl")
        return outcome
    }

    /// The local file to read `input` from, and whether it is a download to remove afterwards.
    private func localFile(for input: String, client: S3Client) throws -> (String, Bool) {
        guard input.hasPrefix("s3://") else {
            guard FileManager.default.isReadableFile(atPath: input) else {
                throw BatchETLError(.input, "cannot read \(input)")
            }
            return (input, false)
        }
        let location = input.dropFirst("s3://".count)
        guard let slash = location.firstIndex(of: "/"), slash != location.startIndex, location.index(after: slash) != location.endIndex else {
            throw BatchETLError(.input, "\(input) is not s3://bucket/key")
        }
        let path = (workDirectory as NSString).appendingPathComponent("etl-input-\(UUID().uuidString).csv")
        try client.download(bucket: String(location[..<slash]), key: String(location[location.index(after: slash)...]), to: path)
        return (path, true)
    }

    /// `20261123T201500Z-1a2b3c4d`: sortable by start time, unique across runs.
    static func runID(at date: Date) -> String {
        var time = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&time, &parts)
        let stamp = String(
            format: "%04d%02d%02dT%02d%02d%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour,
            parts.tm_min, parts.tm_sec)
        return "\(stamp)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}
