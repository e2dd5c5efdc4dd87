import Contracts
import Foundation

/// One service event as it travels on ``ServiceEventTopics/events``: a JSON object
/// `{"event_id","service","level","message","ts","duration_ms"}`, `ts` in epoch milliseconds and
/// `duration_ms` (integer) optional.
public struct ServiceEvent: Sendable, Equatable {
    /// A unique id (a UUID for the synthetic producer).
    public var eventID: String
    /// The emitting service, a bronze partition: 1–64 of `a-z`, `0-9`, `-`, `_`.
    public var service: String
    /// `debug`, `info`, `warn` or `error`.
    public var level: String
    /// Free text.
    public var message: String
    /// When it happened, milliseconds since the epoch (UTC); its day is the bronze `event_date`.
    public var timestampMilliseconds: Int64
    /// How long the operation took, when the event measures one.
    public var durationMilliseconds: Int64?
    /// The names of the members the event arrived with, sorted: its field set, for schema drift
    /// (unknown members are kept out of the bronze row but change this set).
    public var fields: [String]

    /// The members a service event is written with.
    public static let standardFields = ["duration_ms", "event_id", "level", "message", "service", "ts"]

    /// The levels an event may have.
    public static let levels: Set<String> = ["debug", "info", "warn", "error"]

    /// Creates an event.
    public init(
        eventID: String, service: String, level: String, message: String, timestampMilliseconds: Int64,
        durationMilliseconds: Int64? = nil
    ) {
        self.eventID = eventID
        self.service = service
        self.level = level
        self.message = message
        self.timestampMilliseconds = timestampMilliseconds
        self.durationMilliseconds = durationMilliseconds
        self.fields = Self.standardFields
    }

    /// Parses a record's value; throws ``BronzeError`` naming the first thing wrong.
    public init(json bytes: [UInt8]) throws {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch { throw BronzeError.malformedEvent("not JSON: \(error)") }
        guard case .object(let object) = value else { throw BronzeError.malformedEvent("not a JSON object") }
        fields = object.members.map(\.key).sorted()
        func text(_ name: String) throws -> String {
            guard let text = value[name]?.stringValue, !text.isEmpty else { throw BronzeError.malformedEvent("\(name) missing or not a string") }
            return text
        }
        eventID = try text("event_id")
        service = try text("service")
        guard service.wholeMatch(of: /[a-z0-9][a-z0-9_-]{0,63}/) != nil else {
            throw BronzeError.malformedEvent("service \"\(service)\" is not 1–64 of a-z, 0-9, '-', '_'")
        }
        level = try text("level")
        guard Self.levels.contains(level) else { throw BronzeError.malformedEvent("level \"\(level)\" is not one of \(Self.levels.sorted())") }
        message = value["message"]?.stringValue ?? ""
        guard case .number(let ts)? = value["ts"], let milliseconds = ts.int64Value else {
            throw BronzeError.malformedEvent("ts missing or not an integer of epoch milliseconds")
        }
        timestampMilliseconds = milliseconds
        switch value["duration_ms"] {
        case nil, .null?: durationMilliseconds = nil
        case .number(let duration)? where duration.int64Value != nil: durationMilliseconds = duration.int64Value
        default: throw BronzeError.malformedEvent("duration_ms is not an integer")
        }
    }

    /// The event as the JSON object it travels as.
    public var json: JSONValue {
        [
            "event_id": .string(eventID), "service": .string(service), "level": .string(level), "message": .string(message),
            "ts": .number(JSONNumber(timestampMilliseconds)),
            "duration_ms": durationMilliseconds.map { .number(JSONNumber($0)) } ?? .null,
        ]
    }

    /// The UTC day of ``timestampMilliseconds``, `YYYY-MM-DD`.
    public var eventDate: String {
        UTCTimeText.day(Date(timeIntervalSince1970: Double(timestampMilliseconds) / 1000))
    }
}
