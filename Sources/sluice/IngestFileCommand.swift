import ArgumentParser
import Contracts
import Foundation
import Platform

/// `sluice ingest file`: one pass over a local inbox folder (day 3).
///
/// Exit status 0 when every file landed, 1 when any went to quarantine (the pass still finishes the others).
struct IngestFileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "file",
        abstract: "Land every CSV and Parquet file of an inbox folder in RAW; move each to processed/ or quarantine/."
    )

    @Option(help: "The inbox folder (default: SLUICE_INBOX from the environment or .env).")
    var inbox: String?

    @Option(help: "The dataset the files belong to: \(DatasetSchema.all.keys.sorted().joined(separator: ", ")).")
    var dataset = DatasetSchema.traffic.name

    @Option(help: "A .env file with the stack's endpoints; the environment wins.")
    var env: String?

    @Option(help: "The contracts folder events are validated against.")
    var contracts = "contracts"

    @OptionGroup var observability: ObservabilityOptions

    func validate() throws {
        guard DatasetSchema.all[dataset] != nil else { throw ValidationError("unknown dataset \(dataset)") }
    }

    func run() async throws {
        // Bootstrapped first: the publisher and ingestor take the process-wide metrics factory when made.
        try await observability.serving {
            let environment = ProcessInfo.processInfo.environment
            let config = try PlatformConfig.load(environment: environment, envFile: env)
            let fileValues = try env.map(DotEnvFile.load) ?? [:]
            guard let inbox = inbox ?? environment["SLUICE_INBOX"] ?? fileValues["SLUICE_INBOX"] else {
                throw ValidationError("no inbox: pass --inbox or set SLUICE_INBOX")
            }
            let publisher = try EventPublisher(
                contracts: try ContractRepository(root: contracts), bootstrapServers: config.kafkaBootstrapServers)
            let ingestor = try FileIngestor(config: config, dataset: DatasetSchema.all[dataset]!, publisher: publisher)
            let report = try await ingestor.ingest(inbox: inbox)
            for landed in report.landed {
                print("landed \(landed.fileName) -> \(landed.rawURI) (schema v\(landed.schemaVersion), \(landed.delivery.topic)@\(landed.delivery.partition):\(landed.delivery.offset))")
            }
            for quarantined in report.quarantined {
                print("quarantined \(quarantined.fileName): \(quarantined.reason)")
            }
            print("\(report.landed.count) landed, \(report.quarantined.count) quarantined")
            if !report.quarantined.isEmpty { throw ExitCode.failure }
        }
    }
}
