import Foundation

/// A `sluice` process started from the built executable, that a test can wait for or kill.
///
/// Started with `posix_spawn` (the way Platform's `ChildProcess` starts helpers), not Foundation's
/// `Process`: the test needs the pid to send SIGKILL, and a plain wait that no descriptor inherited by a
/// grandchild can hold up. Output goes to a file the test reads.
final class SluiceProcess {
    /// The built `sluice` beside the test bundle.
    static let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("sluice").path

    let pid: pid_t
    private let outputPath: String

    /// Starts `sluice arguments…` in the repository root (so `--contracts contracts` resolves).
    init(_ arguments: [String]) throws {
        outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-\(UUID().uuidString).out").path
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ["/usr/bin/env", "--chdir=\(BootstrappedStack.repositoryRoot.path)", Self.executable] + arguments
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        guard spawned == 0 else { throw FixtureError("cannot start sluice: \(String(cString: strerror(spawned)))") }
        self.pid = pid
    }

    deinit {
        unlink(outputPath)
    }

    /// What the process printed so far.
    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// Waits for the exit (polling, so the test's task is not parked in `waitpid`); the exit status, or
    /// 128 + the signal that ended it.
    func wait(timeout: Duration = .seconds(120)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            guard ContinuousClock.now < deadline else {
                kill(pid, SIGKILL)
                throw FixtureError("sluice did not exit in time; output:\n\(output)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    /// Kills the process with SIGKILL (no handler, no cleanup: a crash) and reaps it.
    func crash() async throws {
        kill(pid, SIGKILL)
        _ = try await wait()
    }

    /// Runs `sluice arguments…` to completion; its exit status and output.
    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = try SluiceProcess(arguments)
        let status = try await process.wait()
        return (status, process.output)
    }
}
