import Foundation

/// `bench emulators` started as a child process: the S3 and Kafka emulators outside the bench's own
/// process, as MinIO and Redpanda are outside the platform's services in compose, so that the bench's
/// peak memory is the pipeline's and the data the emulators hold is counted apart.
///
/// The child's standard input is a pipe whose other end only this object holds: closing it (``stop()``),
/// or the bench dying, ends the child.
final class EmulatorProcess {
    /// The S3 endpoint URL.
    let s3Endpoint: String
    /// The Kafka bootstrap address.
    let kafkaBootstrapServers: String
    private let pid: pid_t
    private var input: Int32

    /// Starts the child and waits (up to 30 s) until both emulators listen.
    init() throws {
        let endpointsFile = FileManager.default.temporaryDirectory.appendingPathComponent("sluice-bench-\(getpid()).endpoints").path
        unlink(endpointsFile)
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw BenchError("pipe failed: \(errno)") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[0], 0)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[1])
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let argv = ["/proc/self/exe", "emulators", "--endpoints-file", endpointsFile]
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, nil, cArguments, environ)
        close(pipeEnds[0])
        guard spawned == 0 else {
            close(pipeEnds[1])
            throw BenchError("cannot start the emulators: \(String(cString: strerror(spawned)))")
        }
        _ = fcntl(pipeEnds[1], F_SETFD, FD_CLOEXEC)
        self.pid = pid
        input = pipeEnds[1]
        let deadline = Date().addingTimeInterval(30)
        var lines: [String] = []
        while lines.count < 2 {
            if let text = try? String(contentsOfFile: endpointsFile, encoding: .utf8) {
                lines = text.split(separator: "\n").map(String.init)
            } else if Date() > deadline {
                close(input)
                throw BenchError("the emulators did not start within 30 s")
            } else {
                usleep(20_000)
            }
        }
        unlink(endpointsFile)
        s3Endpoint = lines[0]
        kafkaBootstrapServers = lines[1]
    }

    /// The child's VmHWM: the most memory the emulators held.
    var peakResidentMemory: String { BenchStreamCommand.peakResidentMemory(of: "\(pid)") }

    /// User plus system CPU seconds the child has used so far.
    var cpuSeconds: Double { ThreadCPU.nameAndSeconds(statFile: "/proc/\(pid)/stat")?.seconds ?? 0 }

    /// Ends the child and waits for it.
    func stop() {
        guard input >= 0 else { return }
        close(input)
        input = -1
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    }

    deinit { stop() }
}

/// A bench that cannot run as asked.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
