@testable import Emulators
import Foundation
import Testing

@Suite struct HTTPMockTemplateTests {
    private let request = MockRequest(
        method: "POST", url: "/things/42/parts?page=2&tag=a&tag=b",
        headers: [("Content-Type", "application/json"), ("X-Thing", "a<b")],
        body: Array(#"{"name":"ada","items":[1,2,3]}"#.utf8)
    )

    private func render(_ template: String) -> String { ResponseTemplate.render(template, request: request) }

    @Test func requestFieldsAreAvailable() {
        #expect(render("{{request.method}} {{request.path}} {{request.pathSegments.[1]}}") == "POST /things/42/parts 42")
        #expect(render("{{request.query.page}} {{request.query.tag}} {{request.query.tag.[1]}}") == "2 a b")
        #expect(render("{{#each request.query.tag}}<{{this}}>{{/each}}") == "<a><b>")
        #expect(render("{{request.headers.content-type}}") == "application/json")
    }

    @Test func doubleBracesEscapeHTMLAndTripleBracesDoNot() {
        #expect(render("{{request.headers.X-Thing}}") == "a&lt;b")
        #expect(render("{{{request.headers.X-Thing}}}") == "a<b")
    }

    @Test func jsonPathReadsTheBody() {
        #expect(render("{{jsonPath request.body '$.name'}}") == "ada")
        #expect(render("{{jsonPath request.body '$.items'}}") == "[1,2,3]")
    }

    @Test func mathAndStringHelpers() {
        #expect(render("{{math 7 '*' 6}} {{math 7 '/' 2}}") == "42 3.5")
        #expect(render("{{upper 'ab'}} {{lower 'CD'}} {{capitalize 'hello world'}} {{trim '  x '}}") == "AB cd Hello World x")
        #expect(render("{{substring 'abcdef' 1 3}} {{replace 'a-b' '-' '+'}} {{size request.pathSegments}}") == "bc a+b 3")
    }

    @Test func blocksIterateAndBranch() {
        #expect(render("{{#each request.pathSegments}}[{{this}}]{{/each}}") == "[things][42][parts]")
        #expect(render("{{#if request.query.page}}yes{{else}}no{{/if}} {{#if request.query.none}}yes{{else}}no{{/if}}") == "yes no")
        #expect(render("{{#if (eq request.query.page '2')}}two{{/if}}") == "two")
    }

    @Test func nowFormatsAndOffsets() {
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(render("{{now format='yyyy'}}") == String(year))
        let epoch = Int(render("{{now format='epoch'}}")) ?? 0
        let tomorrow = Int(render("{{now offset='1 days' format='epoch'}}")) ?? 0
        #expect(abs(tomorrow - epoch - 86_400_000) < 5_000)
    }

    @Test func randomValuesHaveTheRequestedShape() {
        let value = render("{{randomValue length=12 type='NUMERIC'}}")
        #expect(value.count == 12 && value.allSatisfy(\.isNumber))
        #expect(UUID(uuidString: render("{{randomValue type='UUID'}}")) != nil)
    }

    @Test func aBrokenTemplateSaysSo() {
        #expect(render("{{#if x}}never closed").hasPrefix("[ERROR:"))
    }
}
