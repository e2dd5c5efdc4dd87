import Contracts
import Foundation
import Platform

/// Issue 11: after real runs (the golden file landed and curated, served, and a broken file refused), the
/// `meta` views `sluice meta` prints answer freshness per source, row counts per run and failures.
enum PipelineMetadataChecks {
    static let all: [SmokeCheck] = [
        SmokeCheck("meta views: last success per source, row counts per run, failures after real runs") { context in
            let golden = try GoldenTraffic(root: context.goldenRoot)
            let curation = try await golden.landAndCurate(context)
            let trace = TraceContext.root()
            let serving = try TrafficServing(config: context.config).run(trace: trace)
            let refusal = try await refuseBrokenFile(context)

            let registry = IngestionRegistry(connection: try PostgresConnection(connectionString: context.config.postgres.connectionString))
            let freshness = try registry.read(.freshness, limit: 1_000)
            let last = Dictionary(
                zip(zip(freshness.values("source"), freshness.values("dataset")).map { "\($0 ?? "")/\($1 ?? "")" },
                    zip(freshness.values("last_success_run_id"), freshness.values("last_status"))),
                uniquingKeysWith: { first, _ in first })
            guard last["curation/traffic"]?.0 == curation.runID else {
                throw SmokeFailure("freshness of curation/traffic: \(String(describing: last["curation/traffic"])), expected run \(curation.runID)")
            }
            guard let file = last["file/traffic"], file.0 != nil, file.1 == "failed" else {
                throw SmokeFailure("freshness of file/traffic: \(String(describing: last["file/traffic"])), expected a last success and a last failure")
            }

            let runs = try registry.read(.runs, limit: 1_000)
            guard let servingRow = runs.values("trace_id").firstIndex(of: trace.traceID) else {
                throw SmokeFailure("no run in meta.run_row_counts carries the serving run's trace id \(trace.traceID)")
            }
            let recordsIn = runs.values("records_in")[servingRow]
            guard runs.values("source")[servingRow] == "serving", runs.values("status")[servingRow] == "succeeded",
                recordsIn == "\(serving.facts.total + serving.stagingRows)"
            else { throw SmokeFailure("serving run row: \(runs.rows[servingRow])") }
            guard let curationRow = runs.values("run_id").firstIndex(of: curation.runID),
                runs.values("records_in")[curationRow] == "\(curation.counts.rowsIn)"
            else { throw SmokeFailure("no curation run with \(curation.counts.rowsIn) records in for \(curation.runID)") }

            let failures = try registry.read(.failures, limit: 1_000)
            guard let failure = failures.values("error").firstIndex(of: refusal),
                failures.values("source")[failure] == "file", failures.values("error_kind")[failure] == "malformed_csv"
            else { throw SmokeFailure("meta.recent_failures lacks the refused file (\(refusal))") }

            return "\(freshness.rows.count) sources fresh; serving run read \(recordsIn ?? "?") rows; "
                + "\(failures.rows.count) failures, newest \(failures.values("error_kind").first.flatMap { $0 } ?? "-")"
        },
    ]

    /// Ingests a file whose second record is short; returns the reason it was quarantined with.
    private static func refuseBrokenFile(_ context: SmokeContext) async throws -> String {
        let inbox = FileManager.default.temporaryDirectory.appendingPathComponent("smoke-meta-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: inbox) }
        let header = DatasetSchema.traffic.requiredColumns.joined(separator: ",")
        try "\(header)\nm1,too,short\n".write(toFile: "\(inbox)/meta-broken.csv", atomically: true, encoding: .utf8)
        let publisher = try EventPublisher(
            contracts: try ContractRepository(root: context.contractsRoot), bootstrapServers: context.config.kafkaBootstrapServers)
        let report = try await FileIngestor(config: context.config, dataset: .traffic, publisher: publisher).ingest(inbox: inbox)
        guard report.landed.isEmpty, let quarantined = report.quarantined.first else { throw SmokeFailure("the broken file was landed") }
        return quarantined.reason
    }
}
