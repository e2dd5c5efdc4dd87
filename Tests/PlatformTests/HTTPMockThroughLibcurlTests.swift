import Contracts
import Emulators
import Foundation
import Platform
import Testing

/// The WireMock-compatible emulator as the platform sees it: stubs registered through the admin API and
/// every request sent by the platform's own libcurl client over a real socket.
@Suite(.timeLimit(.minutes(1)))
struct HTTPMockThroughLibcurlTests {
    private let http = CurlHTTPClient(timeoutMilliseconds: 5_000)

    private func withMock(_ body: (String) async throws -> Void) async throws {
        let server = try await HTTPMockServer.start()
        defer { Task { try? await server.shutdown() } }
        try await body(server.baseURL)
    }

    private func stub(_ base: String, _ mapping: String) throws {
        let response = try http.perform(HTTPRequest(
            method: "POST", url: base + "/__admin/mappings", headers: [("Content-Type", "application/json")],
            body: Array(mapping.utf8)))
        try #require(response.status == 201, "admin refused the mapping: \(String(decoding: response.body, as: UTF8.self))")
    }

    private func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test func matchersSelectTheStubAndNearMissesExplainAMiss() async throws {
        try await withMock { base in
            try stub(base, #"""
                {"request": {"method": "POST", "urlPath": "/orders", "queryParameters": {"dry": {"equalTo": "true"}},
                             "headers": {"X-Tenant": {"equalTo": "acme", "caseInsensitive": true}},
                             "bodyPatterns": [{"matchesJsonPath": "$.items[?(@.qty > 1)]"}, {"equalToJson": {"id": 7}, "ignoreExtraElements": true}]},
                 "response": {"status": 202, "jsonBody": {"accepted": true}}}
                """#)

            let hit = try http.perform(HTTPRequest(
                method: "POST", url: base + "/orders?dry=true", headers: [("X-Tenant", "ACME"), ("Content-Type", "application/json")],
                body: Array(#"{"id": 7, "items": [{"qty": 3}], "note": "extra"}"#.utf8)))
            let miss = try http.perform(HTTPRequest(
                method: "POST", url: base + "/orders?dry=true", headers: [("X-Tenant", "other")],
                body: Array(#"{"id": 7, "items": [{"qty": 3}]}"#.utf8)))

            #expect(hit.status == 202)
            #expect(try JSONParser.parse(hit.body) == ["accepted": true])
            #expect(miss.status == 404)
            #expect(text(miss).contains("Request was not matched"))
            #expect(text(miss).contains("X-Tenant"))
        }
    }

    @Test func aScenarioAnswers503ThenRecovers() async throws {
        try await withMock { base in
            try stub(base, #"""
                {"scenarioName": "s", "requiredScenarioState": "Started", "newScenarioState": "up",
                 "request": {"method": "GET", "url": "/flaky"}, "response": {"status": 503, "headers": {"Retry-After": "1"}}}
                """#)
            try stub(base, #"""
                {"scenarioName": "s", "requiredScenarioState": "up",
                 "request": {"method": "GET", "url": "/flaky"}, "response": {"status": 200, "body": "ok"}}
                """#)

            let first = try http.get(base + "/flaky")
            let second = try http.get(base + "/flaky")

            #expect(first.status == 503)
            #expect(first.header("Retry-After") == "1")
            #expect(second.status == 200)
            #expect(text(second) == "ok")
        }
    }

    @Test func templatesSeeTheRequest() async throws {
        try await withMock { base in
            try stub(base, #"""
                {"request": {"method": "GET", "urlPathPattern": "/users/[0-9]+"},
                 "response": {"status": 200, "body": "{{request.pathSegments.[1]}} via {{request.query.src}}",
                              "transformers": ["response-template"]}}
                """#)

            let response = try http.get(base + "/users/42?src=curl")

            #expect(text(response) == "42 via curl")
        }
    }

    @Test func faultsAndDelaysReachTheClient() async throws {
        try await withMock { base in
            try stub(base, #"{"request": {"url": "/reset"}, "response": {"fault": "CONNECTION_RESET_BY_PEER"}}"#)
            try stub(base, #"{"request": {"url": "/empty"}, "response": {"fault": "EMPTY_RESPONSE"}}"#)
            try stub(base, #"{"request": {"url": "/slow"}, "response": {"status": 200, "fixedDelayMilliseconds": 1500}}"#)

            let reset = #expect(throws: CurlError.self) { try http.get(base + "/reset") }
            let empty = #expect(throws: CurlError.self) { try http.get(base + "/empty") }
            let timeout = #expect(throws: CurlError.self) { try CurlHTTPClient(timeoutMilliseconds: 300).get(base + "/slow") }

            #expect(reset?.code == 56)  // CURLE_RECV_ERROR: connection reset
            #expect(empty?.code == 52)  // CURLE_GOT_NOTHING
            #expect(timeout?.code == 28)  // CURLE_OPERATION_TIMEDOUT
            #expect(try http.get(base + "/slow").status == 200)
        }
    }

    @Test func theJournalCountsWhatTheClientSent() async throws {
        try await withMock { base in
            try stub(base, #"{"request": {"method": "GET", "urlPath": "/ping"}, "response": {"status": 204}}"#)
            for _ in 0..<3 { _ = try http.get(base + "/ping") }

            let count = try http.perform(HTTPRequest(
                method: "POST", url: base + "/__admin/requests/count", headers: [("Content-Type", "application/json")],
                body: Array(#"{"method": "GET", "urlPath": "/ping"}"#.utf8)))

            #expect(count.status == 200)
            #expect(text(count).replacingOccurrences(of: " ", with: "").contains("\"count\":3"))
        }
    }
}
