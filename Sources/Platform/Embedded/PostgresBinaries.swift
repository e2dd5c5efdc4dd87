import Foundation

/// Where the PostgreSQL server programs live.
///
/// Debian keeps them outside `PATH`, in `/usr/lib/postgresql/<major>/bin`. `SLUICE_PG_BINDIR` wins when
/// set; otherwise the newest major version found there is used, then `PATH`.
struct PostgresBinaries: Sendable {
    let directory: String

    var initdb: String { "\(directory)/initdb" }
    var pgCtl: String { "\(directory)/pg_ctl" }

    static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PostgresBinaries {
        var candidates: [String] = []
        if let override = environment["SLUICE_PG_BINDIR"] { candidates.append(override) }
        let root = "/usr/lib/postgresql"
        let majors = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        candidates += majors.compactMap(Int.init).sorted(by: >).map { "\(root)/\($0)/bin" }
        candidates += (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        for directory in candidates
        where FileManager.default.isExecutableFile(atPath: "\(directory)/initdb")
            && FileManager.default.isExecutableFile(atPath: "\(directory)/pg_ctl")
        {
            return PostgresBinaries(directory: directory)
        }
        throw TemporaryPostgresClusterError.missingServerBinaries(searched: candidates)
    }
}
