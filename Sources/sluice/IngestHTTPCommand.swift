import ArgumentParser
import Contracts
import Foundation
import Platform

/// `sluice ingest http`: every page of one mock-API endpoint into RAW (day 4).
///
/// Exit status 0 when every page landed, 1 when the run stopped on a failure (which went to the dead letters).
struct IngestHTTPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http",
        abstract: "Fetch an endpoint of the mock API page by page into RAW, with retries and dead letters."
    )

    @Option(help: "The endpoint's path under MOCK_API_URL.")
    var path = "/api/v1/posts"

    @Option(help: "The dataset the pages belong to.")
    var dataset = "posts"

    @Option(help: "Attempts per request, the first included.")
    var attempts = 5

    @Option(help: "A .env file with the stack's endpoints; the environment wins.")
    var env: String?

    @Option(help: "The contracts folder events are validated against.")
    var contracts = "contracts"

    @OptionGroup var observability: ObservabilityOptions

    func validate() throws {
        guard attempts >= 1 else { throw ValidationError("--attempts must be at least 1") }
        guard path.hasPrefix("/") else { throw ValidationError("--path must start with /") }
    }

    func run() async throws {
        try await observability.serving {
            let config = try PlatformConfig.load(environment: ProcessInfo.processInfo.environment, envFile: env)
            let publisher = try EventPublisher(
                contracts: try ContractRepository(root: contracts), bootstrapServers: config.kafkaBootstrapServers)
            let ingestor = try HTTPIngestor(config: config, publisher: publisher, retry: RetryPolicy(maxAttempts: attempts))
            let report = try await ingestor.ingest(path: path, dataset: dataset)
            for page in report.pages {
                print("landed \(page.url) -> \(page.rawURI) (\(page.attempts) attempt\(page.attempts == 1 ? "" : "s"))")
            }
            print("run \(report.runID): \(report.pages.count) pages, \(report.records) records")
            if let failure = report.failure {
                print("failed: \(failure)" + (report.deadLetterURI.map { "; dead letter \($0)" } ?? ""))
                throw ExitCode.failure
            }
        }
    }
}
