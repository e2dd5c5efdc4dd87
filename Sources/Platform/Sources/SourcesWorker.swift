import Foundation
import Logging

/// Many sources, one queue: a single worker loop over REST APIs paged by `limit`, inboxes of CSV and
/// Parquet files and synthetic events, each landed write-once in RAW with its event on Kafka.
///
/// Every source goes through the ingestor of its kind, so each keeps that ingestor's guarantees: a REST
/// source through ``HTTPIngestor`` (pages by ``HTTPPaging/limitOffset(limit:)``), a files source through
/// ``FileIngestor`` (CSV and Parquet, processed/ and quarantine/), a synthetic one through
/// ``StreamProducer``. All of them share the config's ``SourcesConfig/Retry``: capped exponential
/// backoff with jitter. Each run and each file's schema hash and version is recorded in the `meta`
/// tables (a new or missing column makes a new version and the run goes on); what still fails after
/// the last retry goes to the dead letters (RAW `dead-letter/`, `<topic>.dlq`, `meta.ingestion_failures`),
/// from where `sluice replay` re-drives it. One failing source does not stop the others.
public struct SourcesWorker: Sendable {
    private let config: PlatformConfig
    private let publisher: EventPublisher
    private let metrics: SluiceMetrics
    private let logger: Logger

    /// A worker for the stack `config` describes, publishing through `publisher`.
    public init(
        config: PlatformConfig, publisher: EventPublisher, metrics: SluiceMetrics = SluiceMetrics(),
        logger: Logger = Logger(label: "sluice.sources")
    ) {
        self.config = config
        self.publisher = publisher
        self.metrics = metrics
        self.logger = logger
    }

    /// Reads every source of `sources` once, in order.
    public func runOnce(_ sources: SourcesConfig, trace: TraceContext = .root()) async -> SourcesReport {
        var report = SourcesReport()
        for source in sources.sources {
            var outcome = SourcesReport.Outcome(name: source.name, kind: source.kind)
            do {
                try await read(source, retry: sources.retry.policy, trace: trace, into: &outcome)
            } catch {
                metrics.errors(ErrorKind.of(error)).increment()
                outcome.failure = "\(error)"
            }
            if let failure = outcome.failure {
                logger.error("source failed", metadata: ["source": "\(source.name)", "reason": "\(failure)"])
            } else {
                logger.info("source read", metadata: ["source": "\(source.name)", "landed": "\(outcome.landed)", "records": "\(outcome.records)"])
            }
            report.outcomes.append(outcome)
        }
        return report
    }

    /// Reads the sources again every `interval` until the task is cancelled; `onPass` sees each pass.
    public func run(_ sources: SourcesConfig, every interval: Duration, onPass: (SourcesReport) -> Void) async {
        while !Task.isCancelled {
            onPass(await runOnce(sources))
            try? await Task.sleep(for: interval)
        }
    }

    private func read(_ source: SourceSpec, retry: RetryPolicy, trace: TraceContext, into outcome: inout SourcesReport.Outcome) async throws {
        switch source.kind {
        case .rest:
            let paging: HTTPPaging = source.limit.map { .limitOffset(limit: $0) } ?? .links
            let ingestor = try HTTPIngestor(config: config, publisher: publisher, retry: retry, metrics: metrics, logger: logger)
            let pages = try await ingestor.ingest(path: source.path ?? "/", dataset: source.dataset ?? source.name, paging: paging, trace: trace)
            outcome.runIDs = [pages.runID]
            outcome.landed = pages.pages.count
            outcome.records = pages.records
            outcome.failure = pages.failure
        case .files:
            let name = source.dataset ?? source.name
            let dataset = DatasetSchema.all[name] ?? DatasetSchema(name: name, requiredColumns: [])
            let ingestor = try FileIngestor(config: config, dataset: dataset, publisher: publisher, retry: retry, metrics: metrics, logger: logger)
            let files = try await ingestor.ingest(inbox: source.inbox ?? ".")
            outcome.runIDs = files.landed.map(\.runID)
            outcome.landed = files.landed.count
            outcome.records = files.landed.reduce(0) { $0 + $1.rowCount }
            if !files.quarantined.isEmpty {
                outcome.failure = files.quarantined.map { "\($0.fileName): \($0.reason)" }.joined(separator: "; ")
            }
        case .synthetic:
            let registry = IngestionRegistry(connection: try PostgresConnection(connectionString: config.postgres.connectionString))
            let runID = try registry.startRun(source: "stream", dataset: "source.posts.v1", traceID: trace.traceID)
            outcome.runIDs = [runID]
            do {
                let sent = try await StreamProducer(publisher: publisher, metrics: metrics, logger: logger)
                    .produce(count: source.count ?? 0, ratePerSecond: nil, trace: trace) { _ in }
                outcome.landed = sent
                outcome.records = sent
                try registry.finishRun(runID, status: "succeeded", recordsIn: sent, recordsOut: sent)
            } catch {
                try? registry.finishRun(runID, status: "failed", error: "\(error)")
                throw error
            }
        }
    }
}
