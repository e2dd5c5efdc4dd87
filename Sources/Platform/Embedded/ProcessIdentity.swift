import Foundation

/// A process named by its pid and its start time, so that a recycled pid is not mistaken for it.
///
/// Written into each throw-away cluster's folder as its owner: when that process is gone, whatever it
/// left running is stale and the next cluster start stops it.
struct ProcessIdentity: Equatable, Sendable {
    let pid: Int32
    /// Clock ticks since boot at which the process started (field 22 of `/proc/<pid>/stat`).
    let startTime: UInt64

    /// The calling process.
    static var current: ProcessIdentity {
        let pid = getpid()
        return ProcessIdentity(pid: pid, startTime: status(of: pid)?.startTime ?? 0)
    }

    /// Whether this very process (same pid, same start time) is still running.
    ///
    /// A zombie (exited, not yet collected by its parent) counts as gone: it can never stop its cluster.
    var isAlive: Bool {
        guard let status = Self.status(of: pid) else { return false }
        return status.state != "Z" && status.startTime == startTime
    }

    /// The form kept on disk: `<pid> <start time>`.
    var serialized: String { "\(pid) \(startTime)" }

    /// Reads the on-disk form; nil when it is not one.
    init?(serialized: String) {
        let fields = serialized.split(whereSeparator: \.isWhitespace)
        guard fields.count == 2, let pid = Int32(fields[0]), let startTime = UInt64(fields[1]) else { return nil }
        self.init(pid: pid, startTime: startTime)
    }

    init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// The scheduler state letter and start time of `pid`, or nil when no such process exists.
    static func status(of pid: Int32) -> (state: Character, startTime: UInt64)? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let closing = stat.lastIndex(of: ")")
        else { return nil }
        // The command name in parentheses may hold spaces; fields after it start at field 3 (state).
        let fields = stat[stat.index(after: closing)...].split(separator: " ")
        guard fields.count > 19, let state = fields[0].first, let startTime = UInt64(fields[19]) else { return nil }
        return (state, startTime)
    }
}
