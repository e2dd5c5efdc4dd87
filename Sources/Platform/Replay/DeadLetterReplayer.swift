import Contracts
import Foundation

/// `sluice replay`: lists the dead letters of `meta.ingestion_failures` and re-drives them.
///
/// The stored input is the truth: a replay reads the dead-letter object and sends it down the same
/// path its ingestor takes (a file's bytes through ``FileIngestor``'s checks and landing, an HTTP page's
/// URL through ``HTTPIngestor``'s fetch, a stream message's bytes to its offset-derived RAW key with
/// its derived-id event). RAW keys are write-once and name the input, so a replay that runs twice, or
/// after the input landed some other way, is recognised and lands nothing twice. A replay is recorded
/// as an ingestion run; when it lands the input, the row gets `replayed_at` and `replay_run_id`. A
/// replay that fails again leaves the row as it was (an HTTP page that fails again is also dead-lettered
/// anew by its ingestor).
public struct DeadLetterReplayer: Sendable {
    private let config: PlatformConfig
    private let publisher: EventPublisher
    private let connection: PostgresConnection
    private let s3: S3Client

    /// A replayer for the stack `config` describes, publishing through `publisher`.
    public init(config: PlatformConfig, publisher: EventPublisher) throws {
        self.config = config
        self.publisher = publisher
        self.connection = try PostgresConnection(connectionString: config.postgres.connectionString)
        self.s3 = S3Client(endpoint: config.s3)
    }

    /// Dead letters, oldest first: of `source` only when given, and only those not yet replayed unless
    /// `includeReplayed`.
    public func list(source: String? = nil, includeReplayed: Bool = false) throws -> [DeadLetter] {
        let rows = try connection.query(
            """
            SELECT \(DeadLetter.columns) FROM meta.ingestion_failures
            WHERE ($1::text IS NULL OR source = $1) AND ($2::boolean OR replayed_at IS NULL)
            ORDER BY occurred_at, failure_id
            """,
            [source, includeReplayed ? "true" : "false"])
        return try rows.map(DeadLetter.init(row:))
    }

    /// Re-drives the dead letter `failureID`; throws when there is none, it was replayed already or it has
    /// no stored input. A replay that fails again is reported in the outcome, not thrown.
    public func replay(failureID: String) async throws -> ReplayOutcome {
        let rows = try connection.query(
            "SELECT \(DeadLetter.columns) FROM meta.ingestion_failures WHERE failure_id::text = $1", [failureID])
        guard rows.count == 1 else { throw ReplayError.unknown(failureID) }
        let letter = try DeadLetter(row: rows[0])
        guard letter.replayedAt == nil else { throw ReplayError.alreadyReplayed(letter) }
        return try await replay(letter)
    }

    /// Re-drives every dead letter of `source` (all sources when nil) not replayed yet, oldest first;
    /// those without a stored input are skipped (they are listed by ``list(source:includeReplayed:)``).
    public func replayAll(source: String? = nil) async throws -> [ReplayOutcome] {
        var outcomes: [ReplayOutcome] = []
        for letter in try list(source: source) where letter.deadLetterURI != nil {
            outcomes.append(try await replay(letter))
        }
        return outcomes
    }

    private func replay(_ letter: DeadLetter) async throws -> ReplayOutcome {
        guard let uri = letter.deadLetterURI, let key = objectKey(of: uri) else { throw ReplayError.noStoredInput(letter) }
        let stored = try await RetryPolicy().run(target: "s3") { try s3.getObject(bucket: config.rawBucket, key: key) }
        let outcome: ReplayOutcome
        switch letter.source {
        case "stream": outcome = try await replayStream(letter, key: key, bytes: stored)
        case "file": outcome = try await replayFile(letter, key: key, bytes: stored)
        case "http": outcome = try await replayHTTP(letter, bytes: stored)
        default: throw ReplayError.unreadable(letter, "unknown source \(letter.source)")
        }
        if outcome.failure == nil {
            try connection.query(
                """
                UPDATE meta.ingestion_failures SET replayed_at = now(), replay_run_id = $2::uuid
                WHERE failure_id = $1::uuid AND replayed_at IS NULL
                """,
                [letter.failureID, outcome.replayRunID])
        }
        return outcome
    }

    /// A stream message: its bytes to the RAW key its log position names (the dead letter's key without
    /// `dead-letter/`), and its event with the id derived from that position.
    private func replayStream(_ letter: DeadLetter, key: String, bytes: [UInt8]) async throws -> ReplayOutcome {
        let rows = try connection.query(
            "SELECT topic, kafka_partition, kafka_offset FROM meta.ingestion_failures WHERE failure_id = $1::uuid",
            [letter.failureID])
        let row = rows.count == 1 ? rows[0] : nil
        guard let row, let topic: String = try row.decode("topic"), let partition: Int = try row.decode("kafka_partition"),
              let offset: Int = try row.decode("kafka_offset"), let day = Self.day(inKey: key),
              let midnight = Self.midnightMilliseconds(of: day)
        else { throw ReplayError.unreadable(letter, "no topic, partition, offset and day") }
        let registry = IngestionRegistry(connection: connection)
        let trace = TraceContext.root()
        let runID = try registry.startRun(source: "stream", dataset: topic, traceID: trace.traceID)
        // The record as it sat in the log; its day (from the key) places the object where the first pass would have.
        let record = KafkaRecord(
            topic: topic, partition: Int32(partition), offset: Int64(offset), key: nil, value: bytes, headers: [],
            timestampMilliseconds: midnight)
        let consumer = StreamConsumer(config: config, publisher: publisher, topic: topic)
        do {
            _ = try await consumer.redrive(record, runID: runID, trace: trace)
        } catch {
            try registry.finishRun(runID, status: "failed", error: "\(error)")
            return ReplayOutcome(failureID: letter.failureID, replayRunID: runID, rawURIs: [], failure: "\(error)")
        }
        let rawURI = "s3://\(config.rawBucket)/\(key.dropFirst("dead-letter/".count))"
        try registry.finishRun(runID, status: "succeeded", recordsIn: 1, recordsOut: 1, bytesIn: bytes.count, rawURI: rawURI)
        return ReplayOutcome(failureID: letter.failureID, replayRunID: runID, rawURIs: [rawURI], failure: nil)
    }

    /// A file: its stored bytes through the file ingestor's checks, landing and event, under its name.
    private func replayFile(_ letter: DeadLetter, key: String, bytes: [UInt8]) async throws -> ReplayOutcome {
        guard let dataset = letter.dataset.flatMap({ DatasetSchema.all[$0] }) else {
            throw ReplayError.unreadable(letter, "unknown dataset \(letter.dataset ?? "(none)")")
        }
        let registry = IngestionRegistry(connection: connection)
        let trace = TraceContext.root()
        let runID = try registry.startRun(source: "file", dataset: dataset.name, traceID: trace.traceID)
        let name = String(key.split(separator: "/").last ?? "")
        do {
            let landed = try await FileIngestor(config: config, dataset: dataset, publisher: publisher)
                .land(bytes: bytes, name: name, runID: runID, trace: trace)
            return ReplayOutcome(failureID: letter.failureID, replayRunID: runID, rawURIs: [landed.rawURI], failure: nil)
        } catch {
            try registry.finishRun(runID, status: "failed", error: "\(error)")
            return ReplayOutcome(failureID: letter.failureID, replayRunID: runID, rawURIs: [], failure: "\(error)")
        }
    }

    /// An HTTP page: its URL fetched again as the same page of the run that failed, following on to the last page.
    private func replayHTTP(_ letter: DeadLetter, bytes: [UInt8]) async throws -> ReplayOutcome {
        guard let input = (try? JSONParser.parse(bytes))?["input"], let url = input["url"]?.stringValue,
              case .number(let pageNumber)? = input["page"], let page = pageNumber.int64Value,
              let rawRunID = input["raw_run_id"]?.stringValue, let day = input["day"]?.stringValue
        else { throw ReplayError.unreadable(letter, "not an HTTP dead letter with url, page, raw_run_id and day") }
        // A page of a source paged by limit says its limit; the others follow the links their pages carry.
        let paging: HTTPPaging =
            if case .number(let limit)? = input["limit"], let value = limit.int64Value { .limitOffset(limit: Int(value)) } else { .links }
        let report = try await HTTPIngestor(config: config, publisher: publisher)
            .resume(url: url, page: Int(page), rawRunID: rawRunID, day: day, dataset: letter.dataset ?? "", paging: paging)
        // The dead-lettered page is re-driven once it lands; a later page failing is a failure of its own.
        let failure = report.pages.isEmpty ? (report.failure ?? "nothing fetched") : nil
        return ReplayOutcome(failureID: letter.failureID, replayRunID: report.runID, rawURIs: report.pages.map(\.rawURI), failure: failure)
    }

    /// The key of `s3://<raw bucket>/<key>`, nil for any other bucket.
    private func objectKey(of uri: String) -> String? {
        let prefix = "s3://\(config.rawBucket)/"
        return uri.hasPrefix(prefix) ? String(uri.dropFirst(prefix.count)) : nil
    }

    /// Milliseconds since the epoch at 00:00 UTC of `day` (`YYYY-MM-DD`).
    static func midnightMilliseconds(of day: String) -> Int64? {
        let fields = day.split(separator: "-").compactMap { Int32($0) }
        guard fields.count == 3 else { return nil }
        var parts = tm()
        parts.tm_year = fields[0] - 1900
        parts.tm_mon = fields[1] - 1
        parts.tm_mday = fields[2]
        return Int64(timegm(&parts)) * 1000
    }

    /// The `YYYY-MM-DD` of a key's `dt=` segment.
    static func day(inKey key: String) -> String? {
        key.split(separator: "/").first { $0.hasPrefix("dt=") }.map { String($0.dropFirst(3)) }
    }
}
