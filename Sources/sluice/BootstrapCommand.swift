import ArgumentParser
import Foundation
import Platform

/// `sluice bootstrap`: PostgreSQL extensions, schemas, meta and serving tables, the buckets and the Kafka topics.
///
/// Idempotent: a second run leaves the same state and its last line says nothing changed.
struct BootstrapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bootstrap",
        abstract: "Create the platform's schemas, tables, buckets and topics; safe to run again."
    )

    @Option(help: "A .env file with the stack's endpoints (infra/.env.example lists the keys); the environment wins.")
    var env: String?

    func run() throws {
        let config = try PlatformConfig.load(environment: ProcessInfo.processInfo.environment, envFile: env)
        print(try PlatformBootstrap(config: config).run().text)
    }
}
