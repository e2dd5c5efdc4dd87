import Contracts
import Foundation
import Logging

/// The platform's log line: one JSON object per line, as Loki and `jq` read it.
///
/// Fields in order: `ts` (RFC 3339 UTC with milliseconds), `level`, `message`, `label` (the logger's
/// label), `error` when the call passed one, then every metadata entry as a top-level field of its own
/// (`run_id`, `trace_id`, `span_id`, `dataset`, ...) in key order, so a query filters on
/// `trace_id` directly rather than on a nested object. A metadata key that would overwrite one of the
/// fixed fields is written with a leading underscore (`_message`), so nothing is lost or shadowed.
///
/// A pure function of its inputs: tests check the format without installing a global handler.
public enum JSONLogFormatter {
    /// The fields the formatter writes itself, before the metadata.
    public static let fixedFields: Set<String> = ["ts", "level", "message", "label", "error"]

    /// One log line, without the trailing newline.
    public static func line(
        time: Date, level: Logger.Level, message: String, label: String, metadata: Logger.Metadata,
        error: (any Error)? = nil
    ) -> String {
        var members: [JSONObject.Member] = [
            .init(key: "ts", value: .string(UTCTimeText.timestamp(time))),
            .init(key: "level", value: .string(level.rawValue)),
            .init(key: "message", value: .string(message)),
            .init(key: "label", value: .string(label)),
        ]
        if let error { members.append(.init(key: "error", value: .string(String(describing: error)))) }
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            members.append(.init(key: fixedFields.contains(key) ? "_\(key)" : key, value: json(value)))
        }
        return JSONSerializer.string(.object(JSONObject(members)))
    }

    /// A metadata value as JSON: strings as strings, arrays and dictionaries as arrays and objects.
    static func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let convertible): .string(convertible.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let entries):
            .object(JSONObject(entries.sorted(by: { $0.key < $1.key }).map { .init(key: $0.key, value: json($0.value)) }))
        }
    }
}
