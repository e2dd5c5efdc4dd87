extension TemporaryPostgresCluster {
    /// Stops the server and keeps its files, so ``restartServer()`` brings the same data back on the same
    /// port: how a test plays "the database went away" and "the database came back".
    ///
    /// `immediate` stops it the way a crash would (no checkpoint, connections cut); otherwise it shuts
    /// down fast (connections are told, then closed).
    public func stopServer(immediate: Bool = false) throws {
        let outcome = try ChildProcess.run(
            binaries.pgCtl, ["stop", "-D", dataDirectory, "-m", immediate ? "immediate" : "fast", "-w", "-t", "30"],
            as: runAs, workingDirectory: directory)
        guard outcome.status == 0 else {
            throw TemporaryPostgresClusterError.commandFailed(command: "pg_ctl stop", status: outcome.status, output: outcome.output)
        }
    }

    /// Starts a server stopped by ``stopServer(immediate:)`` again on ``port``.
    public func restartServer() throws {
        guard try startServer() else {
            throw TemporaryPostgresClusterError.commandFailed(
                command: "pg_ctl start", status: 1, output: "port \(port) was taken while the server was stopped")
        }
    }
}
