import Contracts
import Crypto
import Foundation

/// Where one queued webhook record lands in RAW, and the `ingest.webhook.v1` event that says so.
struct WebhookLanding {
    let record: KafkaRecord
    let rawBucket: String
    /// The `{source}` the payload was posted to (`unknown` for a record without the header).
    let source: String
    /// The request's content type, `application/octet-stream` when it had none.
    let contentType: String
    /// When the server accepted the payload, RFC 3339 UTC.
    let receivedAt: String
    /// `<topic>/<partition>/<offset>`.
    let coordinates: String
    /// The RAW key.
    let key: String

    init(record: KafkaRecord, rawBucket: String) {
        func header(_ name: String) -> String? {
            record.headers.last { $0.name == name }.map { String(decoding: $0.value, as: UTF8.self) }
        }
        self.record = record
        self.rawBucket = rawBucket
        source = header(WebhookRecordHeader.source).flatMap(WebhookSource.init)?.name ?? "unknown"
        contentType = header(WebhookRecordHeader.contentType).flatMap { $0.isEmpty ? nil : $0 } ?? "application/octet-stream"
        let accepted = Date(timeIntervalSince1970: Double(record.timestampMilliseconds ?? 0) / 1000)
        receivedAt = header(WebhookRecordHeader.receivedAt) ?? UTCTimeText.timestamp(accepted)
        let day = receivedAt.count >= 10 ? String(receivedAt.prefix(10)) : UTCTimeText.day(accepted)
        coordinates = "\(record.topic)/\(record.partition)/\(record.offset)"
        key = "source=webhook/dt=\(day)/\(source)/\(record.topic)-\(record.partition)-\(record.offset)\(Self.fileExtension(of: contentType))"
    }

    /// The envelope of the landed payload, its id derived from the record's coordinates.
    func event(runID: String) -> JSONValue {
        let trace = record.headers.last { $0.name == WebhookRecordHeader.traceparent }
            .flatMap { TraceContext(traceparent: String(decoding: $0.value, as: UTF8.self)) }?.child() ?? .root()
        return EventEnvelope.make(
            type: WebhookTopics.landed, source: "/sluice/webhook", id: EventEnvelope.derivedID(from: coordinates),
            subject: coordinates, traceparent: trace.traceparent,
            data: [
                "run_id": .string(runID), "raw_uri": .string("s3://\(rawBucket)/\(key)"),
                "sha256": .string(LowercaseHex.text(of: SHA256.hash(data: record.value))),
                "size_bytes": .number(JSONNumber(record.value.count)), "content_type": .string(contentType),
                "webhook_source": .string(source), "received_at": .string(receivedAt),
                "topic": .string(record.topic), "partition": .number(JSONNumber(Int(record.partition))),
                "offset": .number(JSONNumber(record.offset)),
            ])
    }

    /// `.json`, `.xml`, `.txt`, `.csv` for those media types, `.bin` otherwise.
    static func fileExtension(of contentType: String) -> String {
        let media = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if media == "application/json" || media.hasSuffix("+json") { return ".json" }
        if media == "application/xml" || media == "text/xml" || media.hasSuffix("+xml") { return ".xml" }
        if media == "text/csv" { return ".csv" }
        return media.hasPrefix("text/") ? ".txt" : ".bin"
    }
}
