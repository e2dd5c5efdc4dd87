import Contracts
import Foundation

/// Collects a run's bad rows as JSON lines in a local file (one line per row: row number, CSV line, every
/// violated field with its reason, and the record with its PII already masked) and uploads the file to
/// `s3://<curated>/quarantine/<dataset>/<run>/rows.jsonl` when the run has any.
final class QuarantineWriter {
    private let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private(set) var count = 0

    init(directory: String) throws {
        path = (directory as NSString).appendingPathComponent("quarantine-\(UUID().uuidString).jsonl")
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw BatchETLError(.load, "cannot create the quarantine file \(path)")
        }
        self.handle = handle
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Records one bad row; `record` must already be masked, with `names` its field names.
    func add(row: Int, line: Int, violations: [FieldViolation], names: [String], record: [String]) throws {
        let fields = zip(names, record).map { JSONObject.Member(key: $0.0, value: .string($0.1)) }
        let entry: JSONValue = [
            "row": .number(JSONNumber(row)),
            "line": .number(JSONNumber(line)),
            "field": .string(violations.first?.field ?? "*"),
            "reason": .string(violations.first?.reason ?? ""),
            "violations": .array(violations.map { ["field": .string($0.field), "reason": .string($0.reason)] }),
            "record": .object(JSONObject(fields)),
        ]
        buffer.append(contentsOf: JSONSerializer.bytes(entry))
        buffer.append(10)
        count += 1
        if buffer.count >= 1 << 16 { try flush() }
    }

    /// Uploads the rows, if any, and returns their `s3://` URI.
    func upload(with client: S3Client, bucket: String, key: String) throws -> String? {
        try flush()
        try handle.synchronize()
        guard count > 0 else { return nil }
        try client.upload(file: path, bucket: bucket, key: key, contentType: "application/x-ndjson")
        return "s3://\(bucket)/\(key)"
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
