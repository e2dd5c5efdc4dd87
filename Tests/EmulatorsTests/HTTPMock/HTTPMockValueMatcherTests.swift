@testable import Emulators
import Testing

@Suite struct HTTPMockValueMatcherTests {
    @Test func equalToMatchesOnlyTheSameText() {
        #expect(EqualToMatcher("abc").match("abc").isExactMatch)
        #expect(!EqualToMatcher("abc").match("abC").isExactMatch)
        #expect(!EqualToMatcher("abc").match(nil).isExactMatch)
    }

    @Test func equalToCaseInsensitiveIgnoresCase() {
        #expect(EqualToMatcher("HeLLo", caseInsensitive: true).match("hello").isExactMatch)
    }

    @Test func nearerStringsHaveSmallerDistances() {
        let matcher = EqualToMatcher("/api/v1/posts")
        #expect(matcher.match("/api/v1/post").distance < matcher.match("/other").distance)
        #expect(matcher.match("/api/v1/posts").distance == 0)
    }

    @Test func containsAndDoesNotContain() {
        #expect(ContainsMatcher("need").match("a needle").isExactMatch)
        #expect(!ContainsMatcher("need").match("hay").isExactMatch)
        #expect(ContainsMatcher("bad", negated: true).match("good").isExactMatch)
        #expect(!ContainsMatcher("bad", negated: true).match("very bad").isExactMatch)
    }

    @Test func matchesIsAWholeValueMatch() throws {
        let matcher = try RegexMatcher("[0-9]{3}")
        #expect(matcher.match("123").isExactMatch)
        #expect(!matcher.match("1234").isExactMatch)
        #expect(!matcher.match("a123").isExactMatch)
        #expect(try RegexMatcher("[0-9]+", negated: true).match("abc").isExactMatch)
    }

    @Test func aRegexThatDoesNotCompileIsRefused() {
        #expect(throws: (any Error).self) { try RegexMatcher("([") }
    }

    @Test func absentPassesOnlyWhenTheValueIsMissing() {
        #expect(AbsentMatcher().match(nil).isExactMatch)
        #expect(!AbsentMatcher().match("").isExactMatch)
    }

    @Test func equalToJsonIgnoresFormattingAndMemberOrder() throws {
        let matcher = EqualToJsonMatcher(try MockJSONParser.parse(#"{"a":1,"b":[1,2]}"#))
        #expect(matcher.match(#"{ "b": [1, 2], "a": 1.0 }"#).isExactMatch)
        #expect(!matcher.match(#"{"a":1,"b":[2,1]}"#).isExactMatch)
        #expect(!matcher.match(#"{"a":1,"b":[1,2],"c":3}"#).isExactMatch)
        #expect(!matcher.match("not json").isExactMatch)
    }

    @Test func equalToJsonCanIgnoreArrayOrderAndExtraElements() throws {
        let expected = try MockJSONParser.parse(#"{"list":[1,2,3]}"#)
        #expect(EqualToJsonMatcher(expected, ignoreArrayOrder: true).match(#"{"list":[3,1,2]}"#).isExactMatch)
        #expect(!EqualToJsonMatcher(expected, ignoreArrayOrder: true).match(#"{"list":[3,1,1]}"#).isExactMatch)
        #expect(EqualToJsonMatcher(expected, ignoreExtraElements: true).match(#"{"list":[1,2,3],"more":true}"#).isExactMatch)
    }

    @Test func equalToJsonPlaceholdersAcceptValuesByType() throws {
        let matcher = EqualToJsonMatcher(try MockJSONParser.parse(
            #"{"id":"${json-unit.any-number}","name":"${json-unit.any-string}","ts":"${json-unit.ignore}","code":"${json-unit.regex}[A-Z]{2}"}"#
        ))
        #expect(matcher.match(#"{"id":7,"name":"n","ts":[1],"code":"AB"}"#).isExactMatch)
        #expect(!matcher.match(#"{"id":"7","name":"n","ts":1,"code":"AB"}"#).isExactMatch)
        #expect(!matcher.match(#"{"id":7,"name":"n","ts":1,"code":"abc"}"#).isExactMatch)
    }

    @Test func matchesJsonPathAloneNeedsSomethingFound() throws {
        let exists = JSONPathMatcher(try JSONPath("$.order.items[0].sku"))
        #expect(exists.match(#"{"order":{"items":[{"sku":"A"}]}}"#).isExactMatch)
        #expect(!exists.match(#"{"order":{"items":[]}}"#).isExactMatch)
        let filter = JSONPathMatcher(try JSONPath("$.items[?(@.qty > 5)]"))
        #expect(filter.match(#"{"items":[{"qty":1},{"qty":9}]}"#).isExactMatch)
        #expect(!filter.match(#"{"items":[{"qty":1}]}"#).isExactMatch)
    }

    @Test func matchesJsonPathWithASubMatcherTestsWhatItFinds() throws {
        let name = JSONPathMatcher(try JSONPath("$.user.name"), valueMatcher: EqualToMatcher("ada"))
        #expect(name.match(#"{"user":{"name":"ada"}}"#).isExactMatch)
        #expect(!name.match(#"{"user":{"name":"bob"}}"#).isExactMatch)
        let tags = JSONPathMatcher(try JSONPath("$.tags[*]"), valueMatcher: EqualToMatcher("blue"))
        #expect(tags.match(#"{"tags":["red","blue"]}"#).isExactMatch)
    }

    @Test func binaryEqualToComparesBytes() throws {
        let matcher = try BinaryEqualToMatcher(base64: "AAEC/w==")
        #expect(matcher.match(bytes: [0, 1, 2, 255]).isExactMatch)
        #expect(!matcher.match(bytes: [0, 1, 2]).isExactMatch)
    }

    @Test func andOrNotCombineMatchers() throws {
        let and = AndMatcher(matchers: [try RegexMatcher("[a-z]+"), ContainsMatcher("ok")])
        #expect(and.match("isok").isExactMatch)
        #expect(!and.match("IS-OK").isExactMatch)
        let or = OrMatcher(matchers: [EqualToMatcher("one"), EqualToMatcher("two")])
        #expect(or.match("two").isExactMatch)
        #expect(!or.match("three").isExactMatch)
        #expect(NotMatcher(matcher: EqualToMatcher("x")).match("y").isExactMatch)
    }

    @Test func multiValuedPartsSupportHasExactlyAndIncludes() {
        let single = MultiValueMatcher.single(EqualToMatcher("b"))
        #expect(single.match(["a", "b"]).isExactMatch)
        let exactly = MultiValueMatcher.hasExactly([EqualToMatcher("a"), EqualToMatcher("b")])
        #expect(exactly.match(["b", "a"]).isExactMatch)
        #expect(!exactly.match(["a", "b", "c"]).isExactMatch)
        let includes = MultiValueMatcher.includes([EqualToMatcher("a")])
        #expect(includes.match(["c", "a"]).isExactMatch)
        #expect(!includes.match(["c"]).isExactMatch)
        #expect(MultiValueMatcher.single(AbsentMatcher()).match([]).isExactMatch)
    }

    @Test func urlPathTemplateNamesItsVariables() {
        let template = PathTemplate("/contacts/{id}/addresses/{addressId}")
        #expect(template.parameters(of: "/contacts/12/addresses/7") == ["id": "12", "addressId": "7"])
        #expect(template.parameters(of: "/contacts/12/addresses") == nil)
        #expect(template.parameters(of: "/contacts/12/other/7") == nil)
    }

    @Test func equalToXmlIgnoresLayoutAndAttributeOrder() throws {
        let matcher = try EqualToXmlMatcher(#"<order id="1" kind="a"><item>pen</item></order>"#)
        #expect(matcher.match("<order kind=\"a\" id=\"1\">\n  <item>pen</item>\n</order>").isExactMatch)
        #expect(!matcher.match(#"<order id="1" kind="a"><item>ink</item></order>"#).isExactMatch)
        #expect(!matcher.match("not xml").isExactMatch)
        #expect(!matcher.match("").isExactMatch)
        #expect(throws: MappingError.self) { try EqualToXmlMatcher("<open>") }
    }

    @Test func matchesXPathSelectsNodesAndTestsTheirText() throws {
        let exists = XPathMatcher(try XPathExpression("//item[@sku='A1']"))
        #expect(exists.match(#"<order><item sku="A1"/></order>"#).isExactMatch)
        #expect(!exists.match(#"<order><item sku="B2"/></order>"#).isExactMatch)
        let text = XPathMatcher(try XPathExpression("/order/item/text()"), valueMatcher: EqualToMatcher("pen"))
        #expect(text.match("<order><item>ink</item><item>pen</item></order>").isExactMatch)
        #expect(throws: XPathError.self) { try XPathExpression("//[") }
        #expect(!exists.match("").isExactMatch)
        #expect(!exists.match("<unclosed>").isExactMatch)
    }
}
