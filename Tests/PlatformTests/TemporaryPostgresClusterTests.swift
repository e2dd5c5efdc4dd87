import Emulators
import Foundation
import Platform
import Testing

/// The throw-away cluster: isolation between clusters, clean stop, and recovery after a killed owner.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct TemporaryPostgresClusterTests {
    @Test func twoClustersAtOnceDoNotCollide() async throws {
        async let first = Task { try TemporaryPostgresCluster.start() }.value
        async let second = Task { try TemporaryPostgresCluster.start() }.value
        let clusters = try await [first, second]
        defer { clusters.forEach { try? $0.stop() } }

        #expect(clusters[0].port != clusters[1].port)
        #expect(clusters[0].directory != clusters[1].directory)
        let a = try PostgresConnection(connectionString: clusters[0].connectionString)
        let b = try PostgresConnection(connectionString: clusters[1].connectionString)
        try a.execute(script: "CREATE TABLE only_in_a (id int)")
        let inB = try b.query("SELECT to_regclass('only_in_a') IS NOT NULL AS present")[0].decode("present", as: Bool.self)
        #expect(inB == false)
    }

    @Test func stopShutsTheServerAndDeletesItsFiles() throws {
        let cluster = try TemporaryPostgresCluster.start()
        let connectionString = cluster.connectionString

        try cluster.stop()

        #expect(!FileManager.default.fileExists(atPath: cluster.directory))
        #expect(throws: PostgresError.self) { try PostgresConnection(connectionString: connectionString) }
    }

    @Test func theServerInheritsNoneOfTheCallersSockets() async throws {
        // A listener open while the cluster starts must be ours alone: once shut, its port is free again.
        let listener = try await LoopbackServer.start { $0.eventLoop.makeSucceededVoidFuture() }
        let port = listener.port
        let cluster = try TemporaryPostgresCluster.start()
        defer { try? cluster.stop() }

        try await listener.shutdown()

        let again = try await LoopbackServer.start(port: port) { $0.eventLoop.makeSucceededVoidFuture() }
        #expect(again.port == port)
        try await again.shutdown()
    }

    @Test func aKilledOwnerLeavesNothingRunningAfterTheNextStart() throws {
        let orphan = try StandalonePostgres.launch()
        orphan.kill()
        // SIGKILL takes effect when the kernel next runs the owner, which on a busy machine can be after
        // the next start has looked: wait until it is gone, as a crashed owner is by the time anyone looks.
        orphan.reap()
        // Killed with SIGKILL, the owner could not stop its server: it is still up.
        _ = try PostgresConnection(connectionString: orphan.connectionString)
        #expect(FileManager.default.fileExists(atPath: orphan.directory))

        let next = try TemporaryPostgresCluster.start()
        defer { try? next.stop() }

        #expect(!FileManager.default.fileExists(atPath: orphan.directory))
        #expect(throws: PostgresError.self) { try PostgresConnection(connectionString: orphan.connectionString) }
    }
}

/// `sluice emulate postgres` run as a separate process, so that its owner can be killed like a crashed test.
private struct StandalonePostgres {
    let process: Process
    let connectionString: String
    let directory: String

    static func launch() throws -> StandalonePostgres {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("sluice")
        process.arguments = ["emulate", "postgres"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("directory: ") || !text.hasSuffix("\n") {
            let chunk = output.fileHandleForReading.availableData
            guard !chunk.isEmpty else { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let fields = Dictionary(
            text.split(separator: "\n").compactMap { line -> (String, String)? in
                guard let colon = line.firstIndex(of: ":") else { return nil }
                return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }, uniquingKeysWith: { first, _ in first })
        guard let connection = fields["connection"], let directory = fields["directory"] else {
            process.terminate()
            throw StandalonePostgresError(output: text)
        }
        return StandalonePostgres(process: process, connectionString: connection, directory: directory)
    }

    func kill() {
        Foundation.kill(process.processIdentifier, SIGKILL)
    }

    /// Waits for the killed process to end and collects its exit status (its server lives on).
    func reap() {
        process.waitUntilExit()
    }

    /// Where SwiftPM put the built executables: beside the test bundle.
    static var productsDirectory: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    }
}

private struct StandalonePostgresError: Error, CustomStringConvertible {
    let output: String
    var description: String { "sluice emulate postgres did not announce its cluster; it printed:\n\(output)" }
}
