import ArgumentParser
import Emulators
import Foundation
import Platform

/// `bench emulators`: the embedded stack's S3 and Kafka emulators in a process of their own, for
/// ``EmulatorProcess``. Writes the two endpoints to a file once both listen, and stops when its standard
/// input ends, which is when the bench that started it closes the pipe or dies.
struct BenchEmulatorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulators",
        abstract: "Run the S3 and Kafka emulators for another bench command (internal).",
        shouldDisplay: false
    )

    @Option(help: "Where to write the S3 endpoint and the Kafka bootstrap address, a line each.")
    var endpointsFile: String

    @Option(help: "Partitions of topics created without a count.")
    var kafkaPartitions = 3

    func run() async throws {
        let s3 = try await S3Server.start(
            store: S3Store(writeOnceBuckets: ["raw"]), credentials: S3Credentials(users: [EmbeddedStack.accessKey: EmbeddedStack.secretKey]))
        let kafka = try await KafkaBroker.start(KafkaBrokerConfiguration(defaultPartitions: kafkaPartitions))
        // Written whole and then renamed, so the parent never reads half a file.
        try "\(s3.endpoint)\n\(kafka.endpoint)\n".write(toFile: endpointsFile + ".partial", atomically: false, encoding: .utf8)
        guard rename(endpointsFile + ".partial", endpointsFile) == 0 else { throw ValidationError("cannot write \(endpointsFile)") }
        _ = try await BlockingWork.run {
            var byte: UInt8 = 0
            while read(0, &byte, 1) > 0 {}
        }
        try await kafka.shutdown()
        try await s3.shutdown()
    }
}
