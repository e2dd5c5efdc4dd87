import Contracts
import Foundation

/// Builds the CloudEvents-style envelope of `contracts/events/envelope.v1.schema.json`.
///
/// The envelope's type is the topic name (`<domain>.<event>.v<N>`), and its `schema_version` is that
/// N, so a consumer can tell the contract from the event alone.
public enum EventEnvelope {
    /// The producer block every Sluice event carries.
    public static let producer: JSONValue = ["name": "sluice", "version": "0.1.0"]

    /// A new envelope of `type` around `data`, stamped with a fresh id and the current time.
    public static func make(type: String, source: String, subject: String? = nil, data: JSONValue, now: Date = Date()) -> JSONValue {
        var members: [JSONObject.Member] = [
            .init(key: "specversion", value: "1.0"),
            .init(key: "id", value: .string(UUID().uuidString.lowercased())),
            .init(key: "source", value: .string(source)),
            .init(key: "type", value: .string(type)),
            .init(key: "time", value: .string(timestamp(now))),
            .init(key: "datacontenttype", value: "application/json"),
            .init(key: "dataschema", value: .string("https://sluice.example/contracts/events/\(type).schema.json")),
        ]
        if let subject { members.append(.init(key: "subject", value: .string(subject))) }
        members += [
            .init(key: "schema_version", value: .number(JSONNumber(majorVersion(of: type)))),
            .init(key: "producer", value: producer),
            .init(key: "data", value: data),
        ]
        return .object(JSONObject(members))
    }

    /// RFC 3339 in UTC with milliseconds, e.g. `2026-11-23T08:15:30.125Z`.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    /// The N of a `….vN` type name; 1 when the name carries none.
    static func majorVersion(of type: String) -> Int {
        guard let last = type.split(separator: ".").last, last.hasPrefix("v"), let version = Int(last.dropFirst()) else {
            return 1
        }
        return version
    }
}
