import Contracts
import Testing

@Suite struct ContractReviewTests {
    static let base: JSONValue = [
        "type": "object",
        "required": ["id"],
        "properties": ["id": ["type": "string"], "size": ["type": "integer", "minimum": 0]],
        "additionalProperties": false,
    ]

    @Test func annotationsAreSafe() throws {
        guard case .object(var o) = Self.base else { return }
        o = JSONObject(o.members + [.init(key: "description", value: "the thing")])
        let changes = SchemaDiff.changes(from: Self.base, to: .object(o))
        #expect(changes.count == 1)
        #expect(changes.first?.compatibility == .safe)
    }

    @Test func tighteningBreaksProducersAndLooseningBreaksConsumers() {
        let tighter: JSONValue = [
            "type": "object", "required": ["id", "size"],
            "properties": ["id": ["type": "string"], "size": ["type": "integer", "minimum": 1]],
            "additionalProperties": false,
        ]
        let changes = SchemaDiff.changes(from: Self.base, to: tighter)
        #expect(changes.map(\.compatibility) == [.breaksProducers, .breaksProducers])
        let back = SchemaDiff.changes(from: tighter, to: Self.base)
        #expect(back.allSatisfy { $0.compatibility == .breaksConsumers })
    }

    @Test func addingAPropertyToAClosedObjectBreaksConsumers() {
        let wider: JSONValue = [
            "type": "object", "required": ["id"],
            "properties": ["id": ["type": "string"], "size": ["type": "integer", "minimum": 0], "tag": ["type": "string"]],
            "additionalProperties": false,
        ]
        let changes = SchemaDiff.changes(from: Self.base, to: wider)
        #expect(changes.count == 1)
        #expect(changes.first?.location == "/properties/tag")
        #expect(changes.first?.compatibility == .breaksConsumers)
    }

    @Test func aBreakingChangeNeedsANewMajorVersion() {
        let tighter: JSONValue = ["type": "object", "required": ["id", "size"], "properties": [:]]
        let inPlace = ContractReview(base: ["events/x.v1.schema.json": Self.base], head: ["events/x.v1.schema.json": tighter])
        #expect(inPlace.violations.map(\.name) == ["events/x.v1.schema.json"])
        let newMajor = ContractReview(base: ["events/x.v1.schema.json": Self.base],
                                      head: ["events/x.v1.schema.json": Self.base, "events/x.v2.schema.json": tighter])
        #expect(newMajor.violations.isEmpty)
        #expect(newMajor.files.first { $0.name == "events/x.v2.schema.json" }?.status == .added)
    }
}
