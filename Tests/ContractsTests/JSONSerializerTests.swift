import Contracts
import Testing

/// The serializer's bytes: what every event on Kafka is made of, checked against the parser and by hand.
struct JSONSerializerTests {
    @Test func writesCompactJSONWithEscapesAndExactIntegers() throws {
        let value: JSONValue = [
            "id": "3f2b8c1e-9a4d-4e2f-8b6a-1c2d3e4f5a6b", "quote\"and\\slash": "line\nbreak\ttab\u{1}",
            "separators": .string("a\u{2028}b\u{2029}c"), "unicode": "über €", "ints": [0, -1, .number(JSONNumber(Int64.min)), .number(JSONNumber(Int64.max))],
            "decimal": .number(try #require(JSONNumber(literal: "2.5e-3"))), "flags": [true, false, .null], "empty": [:],
        ]
        let text = String(decoding: JSONSerializer.bytes(value), as: UTF8.self)

        #expect(text == JSONSerializer.string(value))
        #expect(text.hasPrefix(#"{"id":"3f2b8c1e-9a4d-4e2f-8b6a-1c2d3e4f5a6b","quote\"and\\slash":"line\nbreak\ttab\u0001""#))
        #expect(text.contains(#""separators":"a\u2028b\u2029c""#))
        #expect(text.contains(#""unicode":"über €""#))
        #expect(text.contains(#""ints":[0,-1,-9223372036854775808,9223372036854775807]"#))
        #expect(!text.contains("\n"))
        #expect(try JSONParser.parse(JSONSerializer.bytes(value)) == value)
    }

    @Test func sortsKeysWhenAsked() {
        let value: JSONValue = ["b": 1, "a": ["d": 2, "c": 3]]
        #expect(String(decoding: JSONSerializer.bytes(value, sortedKeys: true), as: UTF8.self) == #"{"a":{"c":3,"d":2},"b":1}"#)
        #expect(JSONSerializer.string(value) == #"{"b":1,"a":{"d":2,"c":3}}"#)
    }
}
