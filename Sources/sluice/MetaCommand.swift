import ArgumentParser
import Contracts
import Foundation
import Platform

/// `sluice meta`: what the metadata registry knows — freshness per source, row counts per run, failures.
struct MetaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meta",
        abstract: "Print the metadata views of the meta schema (freshness, runs, failures).",
        subcommands: [Freshness.self, Runs.self, Failures.self]
    )

    /// The options every `sluice meta` view takes.
    struct ViewOptions: ParsableArguments {
        @Option(help: "A .env file with the stack's endpoints; the environment wins.")
        var env: String?

        @Flag(help: "Print a JSON array of objects instead of a table.")
        var json = false

        @Option(help: "At most this many rows.")
        var limit = 50

        func validate() throws {
            if limit < 1 { throw ValidationError("--limit must be at least 1") }
        }

        /// Reads `view` from the stack's registry and prints it.
        func print(_ view: MetadataView) throws {
            let config = try PlatformConfig.load(environment: ProcessInfo.processInfo.environment, envFile: env)
            let registry = IngestionRegistry(connection: try PostgresConnection(connectionString: config.postgres.connectionString))
            let table = try registry.read(view, limit: limit)
            Swift.print(json ? JSONSerializer.string(table.json) : table.text)
        }
    }

    /// `sluice meta freshness`: per source and dataset, the last successful run and the last run.
    struct Freshness: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per source and dataset: the last success, the last run and its status (meta.source_freshness).")

        @OptionGroup var options: ViewOptions

        func run() throws { try options.print(.freshness) }
    }

    /// `sluice meta runs`: the newest runs with their row counts.
    struct Runs: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The newest runs: status, records in and out, bytes, failures (meta.run_row_counts).")

        @OptionGroup var options: ViewOptions

        func run() throws { try options.print(.runs) }
    }

    /// `sluice meta failures`: the newest dead letters and failed runs.
    struct Failures: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The newest failures: dead letters and failed or partial runs (meta.recent_failures).")

        @OptionGroup var options: ViewOptions

        func run() throws { try options.print(.failures) }
    }
}
