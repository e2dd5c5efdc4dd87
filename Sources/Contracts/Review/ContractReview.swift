/// `sluice contracts review`: compares every event schema with its base version and decides whether
/// the change set may merge. A breaking change is allowed only as a new major version — a new
/// `<domain>.<event>.v<N+1>.schema.json` file — never inside an existing version's file.
public struct ContractReview: Sendable {
    /// The review of one schema file.
    public struct FileReview: Sendable {
        public enum Status: String, Sendable { case added, removed, changed, unchanged }
        /// File name, such as `ingest.file.v1.schema.json`.
        public let name: String
        public let status: Status
        public let changes: [SchemaChange]
        /// The worst class among the changes (a removed file breaks both sides).
        public var compatibility: Compatibility {
            if status == .removed { return .breaksBoth }
            return changes.map(\.compatibility).max() ?? .safe
        }
    }

    public let files: [FileReview]

    /// Reviews `head` against `base`, both maps from schema file name to schema.
    public init(base: [String: JSONValue], head: [String: JSONValue]) {
        var files: [FileReview] = []
        for name in Set(base.keys).union(head.keys).sorted() {
            switch (base[name], head[name]) {
            case (nil, .some): files.append(FileReview(name: name, status: .added, changes: []))
            case (.some, nil): files.append(FileReview(name: name, status: .removed, changes: []))
            case (.some(let a), .some(let b)):
                let changes = SchemaDiff.changes(from: a, to: b)
                files.append(FileReview(name: name, status: changes.isEmpty ? .unchanged : .changed, changes: changes))
            default: continue
            }
        }
        self.files = files
    }

    /// Files whose breaking changes were not given a new major version: changed in place, or removed.
    public var violations: [FileReview] {
        files.filter { ($0.status == .changed || $0.status == .removed) && $0.compatibility.isBreaking }
    }

    /// The report, one line per file and one per change.
    public var report: String {
        var lines: [String] = []
        for file in files where file.status != .unchanged {
            lines.append("\(file.name): \(file.status.rawValue) [\(file.compatibility.rawValue)]")
            for change in file.changes { lines.append("  " + change.description) }
        }
        if lines.isEmpty { lines.append("no schema changes") }
        let v = violations
        lines.append(v.isEmpty ? "review: OK" : "review: \(v.count) schema(s) with breaking changes and no new major version: "
                     + v.map(\.name).joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
