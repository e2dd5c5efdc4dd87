import ArgumentParser
import Foundation
import Platform

/// `sluice sources …`: many sources through one worker loop.
struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "Read REST APIs paged by limit, CSV and Parquet inboxes and synthetic events through one worker loop.",
        subcommands: [SourcesRunCommand.self]
    )
}

/// `sluice sources run --config FILE`: one pass over the file's sources, or one every `--every` seconds.
///
/// Prints a line per source. Exit status 0 when every source finished, 1 when one failed after its
/// last retry (its dead letters are listed by `sluice replay list`); the other sources are read anyway.
struct SourcesRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Read every source of a sources file (JSON) into RAW, with retries and dead letters.")

    @Option(help: "The sources file (JSON: retry and sources; see the README).")
    var config: String

    @Option(help: "Read the sources again every this many seconds until interrupted; 0 reads them once.")
    var every = 0

    @OptionGroup var options: StreamOptions

    @OptionGroup var observability: ObservabilityOptions

    func validate() throws {
        guard every >= 0 else { throw ValidationError("--every must not be negative") }
    }

    func run() async throws {
        let sources: SourcesConfig
        do {
            sources = try SourcesConfig.load(path: config)
        } catch let error as SourcesConfigError {
            throw ValidationError(error.description)
        }
        try await observability.serving {
            let (platform, publisher) = try options.publisher()
            let worker = SourcesWorker(config: platform, publisher: publisher)
            guard every > 0 else {
                let report = await worker.runOnce(sources)
                Self.print(report)
                if !report.failed.isEmpty { throw ExitCode.failure }
                return
            }
            let interval = Duration.seconds(every)
            _ = await ShutdownSignals().cancelling { await worker.run(sources, every: interval, onPass: Self.print) }
        }
    }

    private static func print(_ report: SourcesReport) {
        for outcome in report.outcomes {
            let status = outcome.failure.map { "FAILED: \($0)" } ?? "ok"
            Swift.print("\(outcome.name) (\(outcome.kind.rawValue)): \(outcome.landed) landed, \(outcome.records) records, \(status)")
        }
    }
}
