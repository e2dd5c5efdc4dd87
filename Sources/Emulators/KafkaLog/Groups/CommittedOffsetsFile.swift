import Foundation

/// Committed offsets on disk, beside the log's segment files: one JSON line per commit, replayed at
/// start, so consumer groups resume where they were after a broker restart (Kafka keeps them in its
/// `__consumer_offsets` topic for the same reason). Commit times are wall-clock here, so retention keeps
/// counting across restarts.
struct CommittedOffsetsFile: Sendable {
    struct Entry: Codable, Sendable, Equatable {
        var group: String
        var topic: String
        var partition: Int32
        var offset: Int64
        var metadata: String?
        /// Milliseconds since 1970.
        var committedAt: Int64
    }

    static let name = "__consumer_offsets.jsonl"

    let url: URL

    init(directory: String) {
        url = URL(fileURLWithPath: directory, isDirectory: true).appendingPathComponent(Self.name)
    }

    /// Every commit on file, oldest first; a torn last line is skipped.
    func load() -> [Entry] {
        guard let data = try? Data(contentsOf: url) else { return [] }
        let decoder = JSONDecoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(Entry.self, from: Data($0)) }
    }

    func append(_ entries: [Entry]) {
        guard !entries.isEmpty else { return }
        let encoder = JSONEncoder()
        var data = Data()
        for entry in entries {
            guard let line = try? encoder.encode(entry) else { continue }
            data += line
            data.append(UInt8(ascii: "\n"))
        }
        if !FileManager.default.fileExists(atPath: url.path) {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        }
        guard let handle = try? FileHandle(forWritingTo: url) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: data)
    }
}
