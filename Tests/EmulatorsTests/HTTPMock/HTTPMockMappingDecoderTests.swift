@testable import Emulators
import Testing

@Suite struct HTTPMockMappingDecoderTests {
    private func refusal(_ json: String) throws -> MappingError? {
        let document = try MockJSONParser.parse(json)
        do {
            _ = try MappingDecoder.mappings(from: document)
            return nil
        } catch {
            return error
        }
    }

    @Test func aSingleMappingAndAMappingsListBothLoad() throws {
        let single = try MappingDecoder.mappings(from: try MockJSONParser.parse(#"{"request":{"url":"/a"},"response":{"status":201}}"#))
        #expect(single.count == 1 && single[0].response.status == 201)
        let list = try MappingDecoder.mappings(from: try MockJSONParser.parse(#"{"mappings":[{"request":{"url":"/a"}},{"request":{"url":"/b"}}]}"#))
        #expect(list.count == 2)
    }

    @Test func anUnknownFieldIsRefusedByName() throws {
        #expect(try refusal(#"{"request":{"url":"/x","foo":1},"response":{}}"#)?.pointer == "/request/foo")
    }

    @Test func anUnknownMatcherIsRefusedWithItsPointer() throws {
        let error = try refusal(#"{"request":{"url":"/x","bodyPatterns":[{"bogus":"x"}]}}"#)
        #expect(error?.pointer == "/request/bodyPatterns/0")
        #expect(error?.detail.contains("is not a valid match operation") == true)
    }

    @Test func aRegexThatDoesNotCompileIsRefused() throws {
        #expect(try refusal(#"{"request":{"urlPattern":"(["}}"#)?.pointer == "/request/urlPattern")
        #expect(try refusal(#"{"request":{"headers":{"A":{"matches":"(["}}}}"#)?.pointer == "/request/headers/A/matches")
    }

    @Test func twoBodiesAreRefused() throws {
        #expect(try refusal(#"{"request":{},"response":{"body":"a","jsonBody":{}}}"#)?.pointer == "/response/jsonBody")
    }

    @Test func anUnknownFaultIsRefused() throws {
        #expect(try refusal(#"{"request":{},"response":{"fault":"EXPLODE"}}"#)?.pointer == "/response/fault")
    }

    @Test func theRefusalRendersAsWireMocksErrorDocument() {
        let json = MappingError("/request/foo", "no").json
        #expect(json["errors"]?.arrayValues?.first?["source"]?["pointer"] == .string("/request/foo"))
    }

    @Test func basicAuthCredentialsBecomeAnAuthorizationHeaderMatcher() throws {
        let stub = try MappingDecoder.mapping(from: try MockJSONParser.parse(#"{"request":{"basicAuthCredentials":{"username":"user","password":"pass"}}}"#))
        let request = MockRequest(method: "GET", url: "/", headers: [("Authorization", "Basic dXNlcjpwYXNz")], body: [])
        #expect(stub.request.matches(request))
    }

    @Test func theStoredJSONCarriesTheId() throws {
        let stub = try MappingDecoder.mapping(from: try MockJSONParser.parse(#"{"id":"00000000-0000-4000-8000-000000000001","request":{}}"#))
        #expect(stub.json["id"] == .string("00000000-0000-4000-8000-000000000001"))
        #expect(stub.json["uuid"] == .string("00000000-0000-4000-8000-000000000001"))
    }

    @Test func delaysBeyondAnHourAreRefused() throws {
        #expect(try refusal(#"{"request":{},"response":{"fixedDelayMilliseconds":9223372036854775807}}"#)?.pointer == "/response/fixedDelayMilliseconds")
        #expect(try refusal(#"{"request":{},"response":{"delayDistribution":{"type":"lognormal","median":1e300,"sigma":1}}}"#)?.pointer == "/response/delayDistribution")
        #expect(try refusal(#"{"request":{},"response":{"delayDistribution":{"type":"uniform","lower":-5,"upper":1}}}"#)?.pointer == "/response/delayDistribution")
    }
}
