import Foundation

/// CPU time of this process's threads grouped by name, from `/proc/self/task/<tid>/stat`: how a bench
/// tells the in-process servers' share (SwiftNIO's event loops, `NIO-…`) from the client's.
struct ThreadCPU {
    /// Seconds of user plus system time per thread name, summed over threads of the same name.
    let secondsByName: [String: Double]

    /// Reads every thread's counters now.
    static func now() -> ThreadCPU {
        var seconds: [String: Double] = [:]
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        for task in tasks {
            guard let (name, spent) = Self.nameAndSeconds(statFile: "/proc/self/task/\(task)/stat") else { continue }
            seconds[name, default: 0] += spent
        }
        return ThreadCPU(secondsByName: seconds)
    }

    /// The name and the user plus system CPU seconds in a `/proc/…/stat` file (a process's or a thread's).
    static func nameAndSeconds(statFile: String) -> (name: String, seconds: Double)? {
        guard let stat = try? String(contentsOfFile: statFile, encoding: .utf8),
            let open = stat.firstIndex(of: "("), let close = stat.lastIndex(of: ")")
        else { return nil }
        // After the name: state is field 3, utime and stime are fields 14 and 15 (1-based).
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (String(stat[stat.index(after: open)..<close]), (user + system) / Double(sysconf(Int32(_SC_CLK_TCK))))
    }

    /// Seconds spent since `earlier` by threads whose name starts with `prefix`, and by all the others.
    /// Threads that ended in between are not counted.
    func since(_ earlier: ThreadCPU, prefix: String) -> (matching: Double, others: Double) {
        var matching = 0.0
        var others = 0.0
        for (name, seconds) in secondsByName {
            let spent = seconds - (earlier.secondsByName[name] ?? 0)
            if name.hasPrefix(prefix) { matching += spent } else { others += spent }
        }
        return (matching, others)
    }
}
