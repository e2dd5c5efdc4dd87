import ArgumentParser
import Emulators
import Foundation
import Synchronization

/// `sluice emulate kafka`: the Kafka log emulator as a standalone one-broker cluster on loopback.
///
/// The first stdout line is the bootstrap address (`127.0.0.1:PORT`; with `--brokers N`, every broker's
/// address, comma-separated, broker 1 first), written unbuffered so that a
/// script that started the process can read it while the broker keeps running; with `--port 0` this
/// is the only way to learn the port. With `--admin-port`, the second line is the JSON admin endpoint's
/// URL. SIGINT or SIGTERM stops it.
struct EmulateKafkaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Serve the Kafka protocol on loopback (one broker, node id 1) until interrupted."
    )

    @Option(help: "The port to listen on; 0 lets the kernel pick one.")
    var port = 9092

    @Option(help: "The address to bind and advertise.")
    var host = "127.0.0.1"

    @Option(help: "Partitions of a topic created without a count (auto-created topics).")
    var partitions = 1

    @Option(help: "Brokers to run in this process, node ids 1…N on consecutive ports (from --port, or kernel-picked with 0).")
    var brokers = 1

    @Flag(help: "Refuse to create topics on a Metadata request for an unknown topic.")
    var noAutoCreateTopics = false

    @Option(help: "Keep the log in segment files in this directory, loaded again on the next start (default: memory only).")
    var data: String?

    @Option(help: "Also serve the JSON admin endpoint (topics, records, groups) on this port; 0 lets the kernel pick.")
    var adminPort: Int?

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard partitions >= 1 else { throw ValidationError("--partitions must be at least 1") }
        guard (1...16).contains(brokers) else { throw ValidationError("--brokers must be 1…16") }
        if let adminPort, !(0...65535).contains(adminPort) { throw ValidationError("--admin-port must be 0…65535") }
    }

    func run() throws {
        let signals = SignalWaiter(SIGINT, SIGTERM)
        let configuration = KafkaBrokerConfiguration(
            host: host, port: port, defaultPartitions: partitions, autoCreateTopics: !noAutoCreateTopics, dataDirectory: data)
        let brokers = brokers
        let cluster = try Self.blocking { try await KafkaCluster.start(brokers: brokers, configuration) }
        var announcement = "\(cluster.bootstrapServers)\n"
        var admin: KafkaAdminServer?
        if let adminPort {
            let host = host
            let server = try Self.blocking { try await KafkaAdminServer.start(for: cluster.brokers[0], host: host, port: adminPort) }
            announcement += "admin: \(server.url)\n"
            admin = server
        }
        FileHandle.standardOutput.write(Data(announcement.utf8))
        let signal = signals.wait()
        FileHandle.standardError.write(Data("signal \(signal): stopping\n".utf8))
        if let admin { try Self.blocking { try await admin.shutdown() } }
        try Self.blocking { try await cluster.shutdown() }
    }

    /// Runs async work from this synchronous command (the `sluice` root command is not async) and waits for it.
    private static func blocking<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = BlockingOutcome<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                let value = try await work()
                outcome.value.withLock { $0 = .success(value) }
            } catch {
                outcome.value.withLock { $0 = .failure(error) }
            }
            done.signal()
        }
        done.wait()
        return try outcome.value.withLock { $0! }.get()
    }
}

/// Where ``EmulateKafkaCommand`` receives the result of async work it waits for.
private final class BlockingOutcome<T: Sendable>: Sendable {
    let value = Mutex<Result<T, any Error>?>(nil)
}
