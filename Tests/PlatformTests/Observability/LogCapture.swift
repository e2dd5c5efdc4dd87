import Logging
import Platform
import Synchronization

/// Collects the lines of a ``JSONLogHandler`` in memory, so a test reads what a service would print
/// without bootstrapping the process-wide logging system.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    /// A logger labelled `label` writing JSON lines here, at `level`.
    func logger(label: String, level: Logger.Level = .debug) -> Logger {
        Logger(label: label) { label in
            JSONLogHandler(label: label, logLevel: level) { [self] line in lines.withLock { $0.append(line) } }
        }
    }

    /// The lines so far, in order.
    var captured: [String] { lines.withLock { $0 } }
}
