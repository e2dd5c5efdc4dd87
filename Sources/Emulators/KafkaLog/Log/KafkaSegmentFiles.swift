import Foundation
import NIOCore

/// The on-disk form of the log: one directory per partition (`<topic>-<partition>`) holding a segment
/// file of record batches exactly as they are served, so a broker started on the same directory comes
/// back with the same offsets, records and idempotent-producer state; a topic whose settings differ
/// from the defaults also has `<topic>.timestamp-type`, holding its ``TopicConfig/TimestampType``.
///
/// Writes are appends of whole batches and are not fsynced: the files survive a restart or a killed
/// process, not a machine crash. A batch cut short by a kill is dropped at load, since its CRC fails.
struct KafkaSegmentFiles: Sendable {
    static let segmentName = "00000000000000000000.log"

    let directory: URL

    init(directory: String) throws {
        self.directory = URL(fileURLWithPath: directory, isDirectory: true)
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
    }

    private func partitionDirectory(_ topic: String, _ partition: Int) -> URL {
        directory.appendingPathComponent("\(topic)-\(partition)", isDirectory: true)
    }

    /// Every topic found on disk with its partitions, rebuilt by appending the stored batches again.
    func load() -> [String: [PartitionLog]] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var found: [String: [Int: PartitionLog]] = [:]
        for name in names {
            guard let dash = name.lastIndex(of: "-"), let partition = Int(name[name.index(after: dash)...]) else { continue }
            let topic = String(name[..<dash])
            var log = PartitionLog()
            let file = directory.appendingPathComponent(name).appendingPathComponent(Self.segmentName)
            if let data = try? Data(contentsOf: file) {
                var rest = ByteBuffer(bytes: data)
                while rest.readableBytes >= RecordBatchHeader.size,
                      let header = try? RecordBatchHeader(peekingAt: rest), header.totalSize <= rest.readableBytes,
                      let one = rest.readSlice(length: header.totalSize),
                      let batches = try? RecordBatchParser.batches(in: one) {
                    _ = log.append(batches)
                }
            }
            found[topic, default: [:]][partition] = log
        }
        return found.compactMapValues { partitions in
            let count = (partitions.keys.max() ?? -1) + 1
            return count > 0 ? (0..<count).map { partitions[$0] ?? PartitionLog() } : nil
        }
    }

    /// The settings of topics that differ from the defaults.
    func loadConfigs() -> [String: TopicConfig] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var configs: [String: TopicConfig] = [:]
        for name in names where name.hasSuffix(".timestamp-type") {
            let topic = String(name.dropLast(".timestamp-type".count))
            guard let text = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8),
                  let type = TopicConfig.TimestampType(rawValue: text.trimmingCharacters(in: .whitespacesAndNewlines)) else { continue }
            configs[topic] = TopicConfig(timestampType: type)
        }
        return configs
    }

    /// Records a topic's settings (removes the file for the defaults).
    func saveConfig(_ config: TopicConfig, of topic: String) {
        let file = directory.appendingPathComponent("\(topic).timestamp-type")
        if config == TopicConfig() {
            try? FileManager.default.removeItem(at: file)
        } else {
            try? Data("\(config.timestampType.rawValue)\n".utf8).write(to: file)
        }
    }

    /// Creates the directories of partitions `range` of `topic`.
    func createPartitions(_ topic: String, _ range: Range<Int>) {
        for partition in range {
            try? FileManager.default.createDirectory(at: partitionDirectory(topic, partition), withIntermediateDirectories: true)
        }
    }

    func deleteTopic(_ topic: String, partitions: Int) {
        for partition in 0..<partitions { try? FileManager.default.removeItem(at: partitionDirectory(topic, partition)) }
        saveConfig(TopicConfig(), of: topic)
    }

    /// Appends stored batches (their offsets already assigned) to a partition's segment.
    func append(_ batches: ArraySlice<StoredBatch>, to tp: TopicPartition) {
        let path = partitionDirectory(tp.topic, Int(tp.partition)).appendingPathComponent(Self.segmentName).path
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        for batch in batches {
            batch.bytes.withUnsafeReadableBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n <= 0 { return }
                    offset += n
                }
            }
        }
    }
}
