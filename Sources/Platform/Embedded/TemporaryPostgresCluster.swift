import Foundation
import Logging

/// A private PostgreSQL cluster for tests and the embedded stack: created in a temporary folder, served on a
/// free loopback port with a socket folder of its own, and deleted by ``stop()``.
///
/// Every cluster lives in its own folder under ``baseDirectory`` together with an `owner` file naming the
/// process that started it. Starting a cluster first stops and deletes the clusters whose owner is gone,
/// so a test run that was killed leaves nothing running after the next one. Settings trade durability for
/// speed (no fsync, no full-page writes): the data is thrown away anyway.
///
/// `initdb` and `postgres` refuse to run as root. When the caller is root, the cluster runs as the
/// unprivileged account `SLUICE_PG_USER` (default `sluice`, created by `scripts/setup`) and its files
/// belong to that account.
public final class TemporaryPostgresCluster: Sendable {
    /// The database created in every cluster.
    public let database: String
    /// The loopback port the server listens on.
    public let port: Int
    /// The folder holding the data directory, socket folder, log and owner file.
    public let directory: String
    let binaries: PostgresBinaries
    let runAs: RunAsUser?

    /// A libpq connection string for ``database`` as the superuser `postgres`.
    public var connectionString: String {
        "host=127.0.0.1 port=\(port) user=postgres dbname=\(database) connect_timeout=10"
    }

    /// The same connection as a `postgresql://` URL, for tools that want one.
    public var url: String { "postgresql://postgres@127.0.0.1:\(port)/\(database)" }

    var dataDirectory: String { "\(directory)/data" }
    var socketDirectory: String { "\(directory)/socket" }
    var logFile: String { "\(directory)/server.log" }

    private init(database: String, port: Int, directory: String, binaries: PostgresBinaries, runAs: RunAsUser?) {
        self.database = database
        self.port = port
        self.directory = directory
        self.binaries = binaries
        self.runAs = runAs
    }

    /// Creates and starts a cluster with `database` in it, after stopping stale clusters of dead owners.
    ///
    /// Blocks for the second or two `initdb` and the server start take.
    public static func start(database: String = "poc", logger: Logger = Logger(label: "sluice.postgres")) throws
        -> TemporaryPostgresCluster
    {
        let binaries = try PostgresBinaries.locate()
        let runAs = try geteuid() == 0 ? RunAsUser.named(serverAccountName) : nil
        let base = try prepareBaseDirectory(runAs: runAs)
        for reaped in reapStaleClusters(in: base, binaries: binaries, runAs: runAs) {
            logger.notice("stopped stale PostgreSQL cluster", metadata: ["directory": "\(reaped)"])
        }
        let directory = try createClusterDirectory(in: base, runAs: runAs)
        do {
            let cluster = try initializeAndStart(directory: directory, database: database, binaries: binaries, runAs: runAs)
            logger.info("PostgreSQL cluster up", metadata: ["port": "\(cluster.port)", "directory": "\(directory)"])
            return cluster
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
    }

    /// Stops the server and deletes every file of the cluster.
    public func stop() throws {
        let outcome = try ChildProcess.run(
            binaries.pgCtl, ["stop", "-D", dataDirectory, "-m", "fast", "-w", "-t", "30"],
            as: runAs, workingDirectory: directory)
        guard outcome.status == 0 else {
            throw TemporaryPostgresClusterError.commandFailed(command: "pg_ctl stop", status: outcome.status, output: outcome.output)
        }
        try FileManager.default.removeItem(atPath: directory)
    }

    /// The account the server runs as when the caller is root.
    static var serverAccountName: String {
        ProcessInfo.processInfo.environment["SLUICE_PG_USER"] ?? "sluice"
    }

    /// The folder all clusters of this user live under; the same path in every process, so stale ones are found.
    static func baseDirectory() -> String {
        let temporary = ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp"
        return "\(temporary)/sluice-postgres-\(geteuid())"
    }

    private static func prepareBaseDirectory(runAs: RunAsUser?) throws -> String {
        let base = baseDirectory()
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        if let runAs {
            guard chown(base, runAs.uid, runAs.gid) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EPERM) }
        }
        return base
    }

    private static func createClusterDirectory(in base: String, runAs: RunAsUser?) throws -> String {
        let directory = "\(base)/cluster-\(UUID().uuidString.prefix(8).lowercased())"
        try FileManager.default.createDirectory(atPath: "\(directory)/socket", withIntermediateDirectories: true)
        // The owner file goes first, so a crash at any later point still leaves a cluster that can be reaped.
        try ProcessIdentity.current.serialized.write(toFile: "\(directory)/owner", atomically: true, encoding: .utf8)
        if let runAs {
            for path in [directory, "\(directory)/socket"] where chown(path, runAs.uid, runAs.gid) != 0 {
                throw POSIXError(.init(rawValue: errno) ?? .EPERM)
            }
        }
        return directory
    }

    private static func initializeAndStart(
        directory: String, database: String, binaries: PostgresBinaries, runAs: RunAsUser?
    ) throws -> TemporaryPostgresCluster {
        let initdb = try ChildProcess.run(
            binaries.initdb,
            ["-D", "\(directory)/data", "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"],
            as: runAs, workingDirectory: directory)
        guard initdb.status == 0 else {
            throw TemporaryPostgresClusterError.commandFailed(command: "initdb", status: initdb.status, output: initdb.output)
        }
        try testSettings(socketDirectory: "\(directory)/socket")
            .appendLines(toFile: "\(directory)/data/postgresql.conf")

        let attempts = 8
        for _ in 0..<attempts {
            let port = try LoopbackPort.free()
            let cluster = TemporaryPostgresCluster(
                database: database, port: port, directory: directory, binaries: binaries, runAs: runAs)
            if try cluster.startServer() {
                try cluster.createDatabase()
                return cluster
            }
        }
        let log = (try? String(contentsOfFile: "\(directory)/server.log", encoding: .utf8)) ?? ""
        throw TemporaryPostgresClusterError.noPortAvailable(attempts: attempts, lastLog: String(log.suffix(2000)))
    }

    private static func testSettings(socketDirectory: String) -> [String] {
        [
            "listen_addresses = '127.0.0.1'",
            "unix_socket_directories = '\(socketDirectory)'",
            "fsync = off",
            "synchronous_commit = off",
            "full_page_writes = off",
            "max_connections = 100",
            "shared_buffers = 64MB",
            "max_wal_size = 1GB",
            "checkpoint_timeout = 30min",
            "log_min_messages = warning",
            "timezone = 'UTC'",
        ]
    }

    /// Starts the server on ``port``; false when the port was taken in the meantime, so the caller tries another.
    func startServer() throws -> Bool {
        let outcome = try ChildProcess.run(
            binaries.pgCtl,
            ["start", "-D", dataDirectory, "-l", logFile, "-w", "-t", "60", "-o", "-p \(port)"],
            as: runAs, workingDirectory: directory)
        if outcome.status == 0 { return true }
        let log = (try? String(contentsOfFile: logFile, encoding: .utf8)) ?? ""
        if log.contains("could not bind") || log.contains("Address already in use") { return false }
        throw TemporaryPostgresClusterError.commandFailed(
            command: "pg_ctl start", status: outcome.status, output: outcome.output + log)
    }

    private func createDatabase() throws {
        let maintenance = try PostgresConnection(
            connectionString: "host=127.0.0.1 port=\(port) user=postgres dbname=postgres connect_timeout=10")
        try maintenance.query("CREATE DATABASE \"\(database)\"")
    }
}

extension [String] {
    fileprivate func appendLines(toFile path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(("\n# Sluice throw-away cluster\n" + joined(separator: "\n") + "\n").utf8))
    }
}
