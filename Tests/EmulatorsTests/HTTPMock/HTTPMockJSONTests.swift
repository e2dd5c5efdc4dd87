@testable import Emulators
import Testing

@Suite struct HTTPMockJSONTests {
    @Test func parsingKeepsMemberOrderAndNumberText() throws {
        let value = try MockJSONParser.parse(#"{"b":1.50,"a":[true,null,"x\u00e9\n"]}"#)
        #expect(value.serialized == #"{"b":1.50,"a":[true,null,"xé\n"]}"#)
    }

    @Test func malformedJSONReportsWhereItStopped() {
        #expect(throws: MockJSONParseError.self) { try MockJSONParser.parse(#"{"a": }"#) }
        do {
            _ = try MockJSONParser.parse(#"{"a": }"#)
        } catch {
            #expect(error.offset == 6)
        }
    }

    @Test func trailingDataIsRefused() {
        #expect(throws: MockJSONParseError.self) { try MockJSONParser.parse("[1] [2]") }
    }

    @Test func prettyPrintingFollowsJacksonsLayout() throws {
        let value = try MockJSONParser.parse(#"{"a":[1,2],"b":{"c":{}},"d":[]}"#)
        #expect(value.prettySerialized == "{\n  \"a\" : [ 1, 2 ],\n  \"b\" : {\n    \"c\" : { }\n  },\n  \"d\" : [ ]\n}")
    }

    @Test func jsonBodyNumbersAreWrittenPlain() throws {
        let value = try MockJSONParser.parse(#"[2.50, 1e3, 100.0, -0.0, 1.5e-7, 0.10]"#)
        #expect(value.withPlainNumbers.serialized == "[2.5,1000,100,0,0.00000015,0.1]")
    }

    @Test func jsonPathWalksMembersIndexesWildcardsAndDeepScans() throws {
        let document = try MockJSONParser.parse(#"{"store":{"books":[{"title":"A","price":8},{"title":"B","price":12}]}}"#)
        #expect(try JSONPath("$.store.books[1].title").evaluate(document) == .string("B"))
        #expect(try JSONPath("$['store']['books'][-1].price").evaluate(document) == .number("12"))
        #expect(try JSONPath("$.store.books[*].title").evaluate(document) == .array([.string("A"), .string("B")]))
        #expect(try JSONPath("$..price").evaluate(document) == .array([.number("8"), .number("12")]))
        #expect(try JSONPath("$.store.books[?(@.price < 10)].title").evaluate(document) == .array([.string("A")]))
        #expect(try JSONPath("$.store.books.length()").evaluate(document) == .number("2"))
        #expect(try JSONPath("$.missing").evaluate(document) == nil)
    }

    @Test func aMalformedJsonPathIsRefused() {
        #expect(throws: JSONPathError.self) { try JSONPath("store.books") }
        #expect(throws: JSONPathError.self) { try JSONPath("$.books[") }
    }
}
