@testable import Contracts
import Testing

@Suite struct JSONParserTests {
    @Test func numbersKeepTheirExactValue() throws {
        let big = try JSONParser.parse("[12345678901234567890, 12345678901234567891, 1.0, 1, 1e2, 0.0075, -0]")
        let a = try #require(big.arrayValue)
        #expect(a[0] != a[1])
        #expect(a[2] == a[3])
        #expect(a[4] == .number(JSONNumber(100)))
        if case .number(let x) = a[0], case .number(let y) = a[1] { #expect(x < y) } else { Issue.record("not numbers") }
        if case .number(let n) = a[5] {
            #expect(n.isMultiple(of: JSONNumber(literal: "0.0001")!))
            #expect(!n.isMultiple(of: JSONNumber(literal: "0.002")!))
        }
        #expect(a[6] == .number(JSONNumber(0)))
    }

    @Test func numbersRoundTripThroughTheSerialiser() throws {
        for literal in ["0.0075", "12345678901234567890", "-1.5e300", "100", "1e-7", "123.456"] {
            let n = try #require(JSONNumber(literal: literal))
            #expect(JSONNumber(literal: n.description) == n, "\(literal) → \(n)")
        }
    }

    @Test func invalidUTF8IsRefusedWithItsOffset() {
        let bytes: [UInt8] = Array("{\"a\": \"x".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
        do {
            _ = try JSONParser.parse(bytes)
        } catch {
            #expect(error.code == JSONParseError.invalidUTF8)
            #expect(error.offset == 8)
        }
    }

    @Test func trailingGarbageIsRefusedWithItsOffset() {
        do {
            _ = try JSONParser.parse("{\"a\": 1} x")
            Issue.record("accepted trailing garbage")
        } catch {
            #expect(error.code == JSONParseError.trailingGarbage)
            #expect(error.offset == 9)
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        do {
            _ = try JSONParser.parse(deep)
            Issue.record("accepted 100,000 levels")
        } catch {
            #expect(error.code == JSONParseError.tooDeep)
            #expect(error.offset == JSONParser.defaultMaxDepth)
        }
        #expect((try? JSONParser.parse(String(repeating: "[", count: 500) + String(repeating: "]", count: 500))) != nil)
    }

    @Test func stringsAreUnescapedAndSurrogatePairsJoined() throws {
        let v = try JSONParser.parse(#"["a\"b\\c\/\n", "\ud83d\ude00", "é"]"#)
        #expect(v == ["a\"b\\c/\n", "😀", "é"])
        #expect(throws: JSONParseError.self) { try JSONParser.parse(#""\ud800""#) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse("\"tab\there\"") }
        #expect(throws: JSONParseError.self) { try JSONParser.parse("01") }
    }

    @Test func objectsCompareUnorderedAndStringsByCodePoint() throws {
        #expect(try JSONParser.parse(#"{"a":1,"b":[true,null]}"#) == JSONParser.parse(#"{"b":[true,null],"a":1.0}"#))
        #expect(JSONValue.string("\u{e9}") != JSONValue.string("e\u{301}"))
    }

    @Test func aHundredMegabyteStringParses() throws {
        var bytes: [UInt8] = [UInt8(ascii: "\"")]
        bytes += [UInt8](repeating: UInt8(ascii: "a"), count: 100_000_000)
        bytes.append(UInt8(ascii: "\""))
        let v = try JSONParser.parse(bytes)
        #expect(v.stringValue?.utf8.count == 100_000_000)
    }
}
