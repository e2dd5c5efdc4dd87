import Contracts
import Crypto
import Foundation

/// Builds the CloudEvents-style envelope of `contracts/events/envelope.v1.schema.json`.
///
/// The envelope's type is the topic name (`<domain>.<event>.v<N>`), and its `schema_version` is that
/// N, so a consumer can tell the contract from the event alone.
public enum EventEnvelope {
    /// The producer block every Sluice event carries.
    public static let producer: JSONValue = ["name": "sluice", "version": "0.1.0"]

    /// A new envelope of `type` around `data`, stamped with `id` (a fresh UUID unless given) and the time.
    ///
    /// Consumers de-duplicate on source + id, so work that may be redone after a crash passes an id
    /// derived from its input (``derivedID(from:)``): the redone event is then recognisably the same.
    /// `traceparent` (a ``TraceContext/traceparent``) ties the event to the run's trace and its logs.
    public static func make(
        type: String, source: String, id: String? = nil, subject: String? = nil,
        now: Date = Date(), traceparent: String? = nil, data: JSONValue
    ) -> JSONValue {
        var members: [JSONObject.Member] = [
            .init(key: "specversion", value: "1.0"),
            .init(key: "id", value: .string(id ?? RandomIdentifiers.uuid())),
            .init(key: "source", value: .string(source)),
            .init(key: "type", value: .string(type)),
            .init(key: "time", value: .string(UTCTimeText.timestamp(now))),
            .init(key: "datacontenttype", value: "application/json"),
            .init(key: "dataschema", value: .string("https://sluice.example/contracts/events/\(type).schema.json")),
        ]
        if let subject { members.append(.init(key: "subject", value: .string(subject))) }
        members.append(.init(key: "schema_version", value: .number(JSONNumber(majorVersion(of: type)))))
        if let traceparent { members.append(.init(key: "traceparent", value: .string(traceparent))) }
        members += [
            .init(key: "producer", value: producer),
            .init(key: "data", value: data),
        ]
        return .object(JSONObject(members))
    }

    /// A UUID-shaped id (version 8, RFC 9562) made from the SHA-256 of `name`: the same name, the same id.
    public static func derivedID(from name: String) -> String {
        var bytes = Array(SHA256.hash(data: Array(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0f) | 0x80
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return RandomIdentifiers.uuidText(bytes)
    }

    /// The N of a `….vN` type name; 1 when the name carries none.
    static func majorVersion(of type: String) -> Int {
        let bytes = type.utf8
        let digits = bytes.reversed().prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        guard !digits.isEmpty, digits.count <= 9, bytes.dropLast(digits.count).last == UInt8(ascii: "v"),
            bytes.dropLast(digits.count + 1).isEmpty || bytes.dropLast(digits.count + 1).last == UInt8(ascii: ".")
        else { return 1 }
        return digits.reversed().reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
}
