import ArgumentParser
import Foundation
import Platform

/// `sluice emulate postgres`: a throw-away PostgreSQL cluster, the one the tests and the embedded stack use.
///
/// Prints the connection string and URL, then waits for SIGINT or SIGTERM and deletes the cluster. If the
/// process is killed outright, the next cluster started on this machine finds the orphan and stops it.
struct EmulatePostgresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "postgres",
        abstract: "Start a throw-away PostgreSQL cluster on loopback; stop and delete it on Ctrl-C."
    )

    @Option(help: "The database to create.")
    var database = "poc"

    func run() throws {
        let signals = ShutdownSignals()
        let cluster = try TemporaryPostgresCluster.start(database: database)
        // Written unbuffered: whoever started this process reads the connection line while it keeps running.
        let announcement = "connection: \(cluster.connectionString)\nurl: \(cluster.url)\ndirectory: \(cluster.directory)\n"
        FileHandle.standardOutput.write(Data(announcement.utf8))
        let signal = signals.wait()
        print("signal \(signal): stopping")
        try cluster.stop()
    }
}
