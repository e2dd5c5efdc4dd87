import Foundation

/// Runs a helper program (initdb, pg_ctl) to completion and captures what it printed.
///
/// Built on `posix_spawn` and `waitpid` rather than Foundation's `Process`: `pg_ctl start` leaves a
/// daemonized server behind, and `Process` notices a child's exit through a descriptor that such a
/// grandchild inherits, so it would wait forever. Here the child gets only standard input (`/dev/null`)
/// and one capture file for its output; every other descriptor is closed in it.
///
/// When a ``RunAsUser`` is given, the program runs through util-linux's `setpriv` with that user's ids:
/// PostgreSQL's server tools refuse to run as root, and CI runs as root.
enum ChildProcess {
    /// The outcome of one run.
    struct Outcome {
        let status: Int32
        let output: String
    }

    /// Runs `executable` with `arguments` in `workingDirectory` and waits for it to exit.
    static func run(
        _ executable: String,
        _ arguments: [String],
        as user: RunAsUser? = nil,
        workingDirectory: String
    ) throws -> Outcome {
        // coreutils' `env --chdir` sets the working directory: glibc's posix_spawn chdir action is a GNU
        // extension that Swift's Glibc module does not export.
        var argv = [try locate("env"), "--chdir=\(workingDirectory)", executable] + arguments
        if let user {
            argv = [try locate("setpriv"), "--reuid=\(user.uid)", "--regid=\(user.gid)", "--clear-groups", "--"] + argv
        }
        let capture = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-child-\(UUID().uuidString)").path
        defer { unlink(capture) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, capture, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        try closeInheritedDescriptors(&actions)

        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else {
            throw TemporaryPostgresClusterError.commandFailed(
                command: argv[0], status: spawned, output: String(cString: strerror(spawned)))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: capture, encoding: .utf8)) ?? ""
        return Outcome(status: exitStatus(status), output: output)
    }

    /// Makes the child close every descriptor above standard error before it runs.
    ///
    /// Without this the child inherits every socket the parent holds without close-on-exec, and a server
    /// it leaves running (the postmaster `pg_ctl start` daemonizes) keeps them open for its whole life:
    /// an emulator's listening socket then stays bound after the emulator stops, and its port can
    /// neither refuse connections nor be bound again. glibc (2.34 and later) has the file action, but
    /// Swift's Glibc module does not export GNU extensions, so it is looked up at run time.
    private static func closeInheritedDescriptors(_ actions: inout posix_spawn_file_actions_t) throws {
        typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else {
            throw TemporaryPostgresClusterError.missingProgram(
                "posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later)", searched: ["libc"])
        }
        let addCloseFrom = unsafeBitCast(symbol, to: AddCloseFrom.self)
        let result = addCloseFrom(&actions, 3)
        guard result == 0 else { throw POSIXError(.init(rawValue: result) ?? .EINVAL) }
    }

    /// The exit code of a normal exit, or 128 + the signal number for a killed child, as shells report it.
    private static func exitStatus(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// The absolute path of `program` on `PATH` or in the system folders, where `setpriv` lives.
    static func locate(_ program: String) throws -> String {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/sbin", "/bin", "/sbin"]
        for folder in folders where FileManager.default.isExecutableFile(atPath: "\(folder)/\(program)") {
            return "\(folder)/\(program)"
        }
        throw TemporaryPostgresClusterError.missingProgram(program, searched: folders)
    }
}

/// An unprivileged account that server processes are started as when Sluice itself runs as root.
struct RunAsUser: Sendable {
    let name: String
    let uid: uid_t
    let gid: gid_t

    /// Looks `name` up in the password database.
    static func named(_ name: String) throws -> RunAsUser {
        guard let entry = getpwnam(name) else {
            throw TemporaryPostgresClusterError.missingUser(name)
        }
        return RunAsUser(name: name, uid: entry.pointee.pw_uid, gid: entry.pointee.pw_gid)
    }
}
