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
        let signals = SignalWaiter(SIGINT, SIGTERM)
        let cluster = try TemporaryPostgresCluster.start(database: database)
        // Written unbuffered: whoever started this process reads the connection line while it keeps running.
        let announcement = "connection: \(cluster.connectionString)\nurl: \(cluster.url)\ndirectory: \(cluster.directory)\n"
        FileHandle.standardOutput.write(Data(announcement.utf8))
        let signal = signals.wait()
        print("signal \(signal): stopping")
        try cluster.stop()
    }
}

/// Blocks the given signals for the whole process and waits for one of them synchronously.
///
/// Blocking them before any other thread starts means they are never delivered asynchronously, so
/// `sigwait` sees each one and the cluster is always stopped before exit.
struct SignalWaiter {
    private var set = sigset_t()

    init(_ signals: Int32...) {
        sigemptyset(&set)
        for signal in signals { sigaddset(&set, signal) }
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    /// Waits for one of the signals and returns its number.
    func wait() -> Int32 {
        var received: Int32 = 0
        var set = set
        sigwait(&set, &received)
        return received
    }
}
