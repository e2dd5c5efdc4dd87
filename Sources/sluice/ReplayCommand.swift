import ArgumentParser
import Contracts
import Foundation
import Platform

/// `sluice replay`: the dead letters of `meta.ingestion_failures`, listed or re-driven.
///
/// `sluice replay list` shows them; `sluice replay <failure-id>` or `sluice replay --all [--source S]`
/// re-drives them through their ingestor. Exit status 0 when every replay landed its input, 1 when
/// any failed again (those rows stay unreplayed).
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "List dead letters, or re-drive them through their ingestor.",
        subcommands: [ReplayListCommand.self, ReplayRunCommand.self],
        defaultSubcommand: ReplayRunCommand.self
    )
}

/// Options every replay command shares: where the stack is and what events are checked against.
struct ReplayOptions: ParsableArguments {
    @Option(help: "A .env file with the stack's endpoints; the environment wins.")
    var env: String?

    @Option(help: "The contracts folder events are validated against.")
    var contracts = "contracts"

    @Option(help: "Only dead letters of this ingestor: file, http or stream.")
    var source: String?

    func validate() throws {
        if let source, !["file", "http", "stream"].contains(source) {
            throw ValidationError("--source must be file, http or stream")
        }
    }

    func replayer() throws -> DeadLetterReplayer {
        let config = try PlatformConfig.load(environment: ProcessInfo.processInfo.environment, envFile: env)
        let publisher = try EventPublisher(
            contracts: try ContractRepository(root: contracts), bootstrapServers: config.kafkaBootstrapServers)
        return try DeadLetterReplayer(config: config, publisher: publisher)
    }
}

/// `sluice replay list`: one line per dead letter, oldest first.
struct ReplayListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the dead letters not replayed yet.")

    @Flag(help: "Include those already replayed.")
    var includeReplayed = false

    @OptionGroup var options: ReplayOptions

    func run() async throws {
        let letters = try options.replayer().list(source: options.source, includeReplayed: includeReplayed)
        for letter in letters {
            let state = letter.replayedAt.map { "replayed \($0) run \(letter.replayRunID ?? "?")" } ?? "pending"
            print("\(letter.failureID)  \(letter.source)  \(letter.occurredAt)  \(letter.errorKind)  \(state)")
            print("    input \(letter.inputURI ?? "-")  dead letter \(letter.deadLetterURI ?? "-")")
            print("    \(letter.error)")
        }
        print("\(letters.count) dead letter\(letters.count == 1 ? "" : "s")")
    }
}

/// `sluice replay <failure-id>` / `sluice replay --all [--source S]`: re-drive dead letters.
struct ReplayRunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Re-drive one dead letter, or all of them.")

    @Argument(help: "The failure id (from `sluice replay list`).")
    var failureID: String?

    @Flag(help: "Re-drive every dead letter not replayed yet (of --source only, when given).")
    var all = false

    @OptionGroup var options: ReplayOptions

    func validate() throws {
        guard (failureID != nil) != all else { throw ValidationError("give exactly one of a failure id and --all") }
    }

    func run() async throws {
        let replayer = try options.replayer()
        let outcomes: [ReplayOutcome]
        if let failureID {
            outcomes = [try await replayer.replay(failureID: failureID)]
        } else {
            outcomes = try await replayer.replayAll(source: options.source)
        }
        for outcome in outcomes {
            if let failure = outcome.failure {
                print("failed \(outcome.failureID) (run \(outcome.replayRunID)): \(failure)")
            } else {
                print("replayed \(outcome.failureID) (run \(outcome.replayRunID)) -> \(outcome.rawURIs.joined(separator: ", "))")
            }
        }
        let failed = outcomes.filter { $0.failure != nil }.count
        print("\(outcomes.count - failed) replayed, \(failed) failed")
        if failed > 0 { throw ExitCode.failure }
    }
}
