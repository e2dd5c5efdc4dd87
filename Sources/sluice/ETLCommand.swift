import ArgumentParser
import Foundation
import Platform

/// `sluice etl`: validated batch ETL pipelines.
struct ETLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "etl",
        abstract: "Validated batch ETL with quarantine and PII masking.",
        subcommands: [SalesOrders.self]
    )

    /// `sluice etl sales-orders --input s3://raw/…|PATH`.
    ///
    /// Exit status 0 when every row was loaded, 1 when some went to quarantine (the good rows are loaded).
    struct SalesOrders: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sales-orders",
            abstract: "Load a sales orders CSV into the star schema (curated.dim_*, curated.fact_sales).",
            discussion: """
                Rows that break the declared schema go to s3://<curated>/quarantine/sales_orders/<run>/rows.jsonl. \
                Emails are stored as salted SHA-256 (SLUICE_PII_SALT or SLUICE_PII_SALT_FILE), phone and street \
                address are redacted. The outcome is POSTed as JSON to --webhook-url or SLUICE_ETL_WEBHOOK_URL.
                """
        )

        @Option(help: "The CSV: s3://bucket/key or a local path.")
        var input: String

        @Option(help: "Where to POST the run's outcome (default: SLUICE_ETL_WEBHOOK_URL).")
        var webhookURL: String?

        @Option(help: "Rows loaded per transaction.")
        var chunkRows = 20_000

        @Option(help: "A .env file with the stack's endpoints; the environment wins.")
        var env: String?

        func validate() throws {
            if chunkRows < 1 { throw ValidationError("--chunk-rows must be at least 1") }
        }

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let salt = try PIISalt.load(environment: environment)
            let config = try PlatformConfig.load(environment: environment, envFile: env)
            let webhook = webhookURL ?? environment["SLUICE_ETL_WEBHOOK_URL"].flatMap { $0.isEmpty ? nil : $0 }
            let report = try SalesOrdersETL(config: config, salt: salt, webhookURL: webhook, chunkRows: chunkRows)
                .run(input: input)
            print("etl sales-orders: run \(report.runID) in \(String(format: "%.2f", report.durationSeconds)) s")
            print("  rows: \(report.rows) (\(report.good) loaded, \(report.quarantined) quarantined)")
            if let uri = report.quarantineURI { print("  quarantine: \(uri)") }
            let changes = report.changes
            print("  changed: dim_customer \(changes.customers), dim_product \(changes.products), "
                + "dim_date \(changes.dates), fact_sales \(changes.facts)")
            switch report.webhook {
            case .notConfigured: print("  webhook: none configured")
            case .delivered(let status): print("  webhook: delivered (HTTP \(status))")
            case .failed(let reason): print("  webhook: FAILED, the run is not: \(reason)")
            }
            if report.quarantined > 0 { throw ExitCode.failure }
        }
    }
}
