import Contracts
import Platform
import Testing

/// What "every message once" means for the stream pipeline, checked against what a user can read:
/// RAW listed over S3 and `ingest.stream.v1` read from its start.
///
/// RAW: exactly one object per produced message (the listing has as many keys as messages, and their
/// `<topic>-<partition>/<offset>.json` names are the produced positions). Events, delivered at least
/// once: every event is valid; de-duplicated by id (derived from the message's position) there is
/// exactly one per message, its id is the position's derived id, and it points at that message's object.
/// Copies beyond one are allowed only as exact repeats of the same id (a batch redone after a crash).
struct StreamLanding {
    let produced: [KafkaDeliveryReport]

    /// Checks RAW and the events of `stack`; returns how many events were repeats of an id already seen.
    @discardableResult
    func verify(_ stack: FaultStack, allowRepeats: Bool) async throws -> Int {
        let positions = Set(produced.map { "\($0.topic)-\($0.partition)/\($0.offset).json" })
        let keys = try stack.rawKeys(under: "source=stream/")
        #expect(keys.count == produced.count, "RAW holds \(keys.count) objects for \(produced.count) messages")
        let landed = Set(keys.map { $0.split(separator: "/").suffix(2).joined(separator: "/") })
        #expect(landed == positions, "\(positions.subtracting(landed).count) messages missing from RAW, \(landed.subtracting(positions).count) unexpected")

        let events = try await stack.readAll(topic: "ingest.stream.v1")
        let validator = try stack.contracts.validator(for: #require(stack.contracts.events.first { $0.name == "ingest.stream.v1" }))
        #expect(events.allSatisfy { validator.isValid($0) })
        var byID: [String: JSONValue] = [:]
        for event in events {
            let id = try #require(event["id"]?.stringValue)
            if let first = byID[id] {
                #expect(first["data"]?["raw_uri"] == event["data"]?["raw_uri"], "event \(id) repeated with another object")
            }
            byID[id] = event
        }
        let expectedIDs = Set(produced.map { EventEnvelope.derivedID(from: "\($0.topic)/\($0.partition)/\($0.offset)") })
        let ids = Set(byID.keys)
        #expect(ids == expectedIDs, "\(expectedIDs.subtracting(ids).count) messages without an event, \(ids.subtracting(expectedIDs).count) unexpected ids")
        let pointedAt = Set(byID.values.compactMap { $0["data"]?["raw_uri"]?.stringValue })
        #expect(pointedAt == Set(keys.map { "s3://raw/\($0)" }), "\(pointedAt.count) objects pointed at by events, \(keys.count) in RAW")
        let repeats = events.count - byID.count
        if !allowRepeats { #expect(repeats == 0, "\(repeats) events published twice") }
        return repeats
    }
}
