/// Why a throw-away PostgreSQL cluster could not be set up.
public enum TemporaryPostgresClusterError: Error, CustomStringConvertible {
    /// No PostgreSQL server binaries (initdb, pg_ctl) were found.
    case missingServerBinaries(searched: [String])
    /// A helper program is not installed.
    case missingProgram(String, searched: [String])
    /// Running as root needs an unprivileged account to run the server as; `scripts/setup` creates it.
    case missingUser(String)
    /// A server tool exited with a failure; its output is kept so the cause is visible.
    case commandFailed(command: String, status: Int32, output: String)
    /// The server did not start on any of the ports tried.
    case noPortAvailable(attempts: Int, lastLog: String)

    public var description: String {
        switch self {
        case .missingServerBinaries(let searched):
            "PostgreSQL server binaries (initdb, pg_ctl) not found in \(searched); "
                + "install postgresql-15 (scripts/setup does) or set SLUICE_PG_BINDIR"
        case .missingProgram(let program, let searched):
            "\(program) not found in \(searched)"
        case .missingUser(let name):
            "running as root needs the unprivileged user '\(name)' to run PostgreSQL as; "
                + "run scripts/setup or: useradd --system --user-group --no-create-home \(name)"
        case .commandFailed(let command, let status, let output):
            "\(command) exited with status \(status):\n\(output)"
        case .noPortAvailable(let attempts, let lastLog):
            "PostgreSQL did not start on any of \(attempts) loopback ports; last server log:\n\(lastLog)"
        }
    }
}
