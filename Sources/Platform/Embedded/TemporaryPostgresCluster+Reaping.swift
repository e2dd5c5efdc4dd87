import Foundation

extension TemporaryPostgresCluster {
    /// Stops and deletes every cluster under `base` whose owning process is gone; returns their folders.
    ///
    /// A cluster whose owner file is missing or unreadable is only reaped once it is a minute old, so a
    /// cluster being created by a live process at this very moment is left alone.
    static func reapStaleClusters(in base: String, binaries: PostgresBinaries, runAs: RunAsUser?) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        var reaped: [String] = []
        for name in names where name.hasPrefix("cluster-") {
            let directory = "\(base)/\(name)"
            guard isStale(directory) else { continue }
            stopServer(in: directory, binaries: binaries, runAs: runAs)
            if (try? FileManager.default.removeItem(atPath: directory)) != nil {
                reaped.append(directory)
            }
        }
        return reaped
    }

    private static func isStale(_ directory: String) -> Bool {
        if let text = try? String(contentsOfFile: "\(directory)/owner", encoding: .utf8),
            let owner = ProcessIdentity(serialized: text)
        {
            return !owner.isAlive
        }
        let created = (try? FileManager.default.attributesOfItem(atPath: directory)[.creationDate] as? Date)
            ?? (try? FileManager.default.attributesOfItem(atPath: directory)[.modificationDate] as? Date)
        return created.map { Date().timeIntervalSince($0) > 60 } ?? true
    }

    /// Stops the server of a stale cluster: politely through pg_ctl, then by signal if it is still there.
    private static func stopServer(in directory: String, binaries: PostgresBinaries, runAs: RunAsUser?) {
        let data = "\(directory)/data"
        guard FileManager.default.fileExists(atPath: "\(data)/postmaster.pid") else { return }
        let outcome = try? ChildProcess.run(
            binaries.pgCtl, ["stop", "-D", data, "-m", "immediate", "-w", "-t", "10"],
            as: runAs, workingDirectory: directory)
        guard outcome?.status != 0,
            let pidFile = try? String(contentsOfFile: "\(data)/postmaster.pid", encoding: .utf8),
            let firstLine = pidFile.split(separator: "\n").first,
            let pid = Int32(firstLine)
        else { return }
        kill(pid, SIGKILL)
    }
}
