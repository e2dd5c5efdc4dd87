import Emulators
import Foundation
import Testing

/// The stub server over a real socket: what a client sees.
@Suite struct HTTPMockServerTests {
    @Test func stubsAndBodyFilesLoadFromTheRootDirectory() async throws {
        let mappings = [
            "one.json": #"{"request":{"method":"GET","urlPath":"/file"},"response":{"status":200,"headers":{"Content-Type":"application/json"},"bodyFileName":"data/body.json"}}"#,
            "many.json": #"{"mappings":[{"request":{"url":"/a"},"response":{"body":"A"}},{"request":{"url":"/b"},"response":{"status":202,"jsonBody":{"b":[1,2.50]}}}]}"#,
        ]
        try await withMockServer(mappings: mappings, files: ["data/body.json": #"{"from":"file"}"#]) { server, client, _ async throws in
            #expect(server.loadFailures.isEmpty)
            let file = try client.send("GET", "/file?x=1")
            #expect(file.status == 200)
            #expect(file.header("Content-Type") == "application/json")
            #expect(file.text == #"{"from":"file"}"#)
            #expect(try client.send("GET", "/a").text == "A")
            let json = try client.send("GET", "/b")
            #expect(json.status == 202 && json.text == #"{"b":[1,2.5]}"#)
        }
    }

    @Test func aBrokenMappingFileIsReportedAndTheOthersStillLoad() async throws {
        let mappings = [
            "good.json": #"{"request":{"url":"/good"},"response":{"body":"fine"}}"#,
            "bad.json": #"{"request":{"urlPattern":"(["}}"#,
            "garbage.json": "{not json",
        ]
        try await withMockServer(mappings: mappings) { server, client, _ async throws in
            #expect(server.loadFailures.count == 2)
            #expect(try client.send("GET", "/good").text == "fine")
        }
    }

    @Test func stubsAddedThroughTheAdminAPIAreServedListedAndDeleted() async throws {
        try await withMockServer { _, client, _ async throws in
            let id = "00000000-0000-4000-8000-000000000042"
            let created = try client.send("POST", "/__admin/mappings", json: #"{"id":"\#(id)","request":{"method":"GET","url":"/new"},"response":{"status":418,"statusMessage":"Short","headers":{"X-A":["1","2"]},"body":"tea"}}"#)
            #expect(created.status == 201)
            let served = try client.send("GET", "/new")
            #expect(served.status == 418 && served.reason == "Short" && served.text == "tea")
            #expect(served.header("Matched-Stub-Id") == id)
            #expect(served.headers.filter { $0.name == "X-A" }.map(\.value) == ["1", "2"])
            let listed = try MockJSONParser.parse(Array(try client.send("GET", "/__admin/mappings").body))
            #expect(listed["meta"]?["total"] == .number("1"))
            #expect(try client.send("GET", "/__admin/mappings/\(id)").status == 200)
            #expect(try client.send("DELETE", "/__admin/mappings/\(id)").status == 200)
            #expect(try client.send("GET", "/new").status == 404)
            #expect(try client.send("GET", "/__admin/mappings/\(id)").status == 404)
        }
    }

    @Test func aBadMappingIsRefusedWith422NamingTheFieldAndNothingIsLost() async throws {
        try await withMockServer(mappings: ["keep.json": #"{"request":{"url":"/keep"},"response":{"body":"kept"}}"#]) { _, client, _ async throws in
            let refused = try client.send("POST", "/__admin/mappings", json: #"{"request":{"url":"/x"},"response":{"body":"a","jsonBody":{}}}"#)
            #expect(refused.status == 422)
            let error = try MockJSONParser.parse(Array(refused.body))
            #expect(error["errors"]?.arrayValues?.first?["source"]?["pointer"] == .string("/response/jsonBody"))
            #expect(try client.send("POST", "/__admin/mappings", json: "{nope").status == 422)
            #expect(try client.send("GET", "/keep").text == "kept")
        }
    }

    @Test func anUnmatchedRequestGets404WithTheClosestStub() async throws {
        let mapping = #"{"request":{"method":"GET","urlPath":"/api/v1/posts","headers":{"X-Token":{"equalTo":"abc"}}},"response":{"body":"x"}}"#
        try await withMockServer(mappings: ["m.json": mapping]) { _, client, _ async throws in
            let missed = try client.send("GET", "/api/v1/posts", headers: ["X-Token": "abd"])
            #expect(missed.status == 404)
            #expect(missed.text.contains("Request was not matched"))
            #expect(missed.text.contains("[path] /api/v1/posts"))
            #expect(missed.text.contains("X-Token: abd                                        <<<<< Header does not match"))
            let nearMisses = try MockJSONParser.parse(Array(try client.send("GET", "/__admin/requests/unmatched/near-misses").body))
            #expect(nearMisses["nearMisses"]?.arrayValues?.count == 1)
            let asked = try client.send("POST", "/__admin/near-misses/request", json: #"{"url":"/api/v1/post","method":"GET","headers":{"X-Token":"abc"}}"#)
            let closest = try MockJSONParser.parse(Array(asked.body))["nearMisses"]?.arrayValues?.first
            #expect(closest?["stubMapping"]?["request"]?["urlPath"] == .string("/api/v1/posts"))
        }
    }

    @Test func scenariosMoveFromStartedThroughTheirStatesAndReset() async throws {
        let mappings = #"{"mappings":[{"scenarioName":"flaky","requiredScenarioState":"Started","newScenarioState":"ok","request":{"url":"/flaky"},"response":{"status":503}},{"scenarioName":"flaky","requiredScenarioState":"ok","request":{"url":"/flaky"},"response":{"status":200}}]}"#
        try await withMockServer(mappings: ["s.json": mappings]) { _, client, _ async throws in
            #expect(try client.send("GET", "/flaky").status == 503)
            #expect(try client.send("GET", "/flaky").status == 200)
            #expect(try client.send("GET", "/flaky").status == 200)
            let listed = try MockJSONParser.parse(Array(try client.send("GET", "/__admin/scenarios").body))
            #expect(listed["scenarios"]?.arrayValues?.first?["state"] == .string("ok"))
            #expect(try client.send("POST", "/__admin/scenarios/reset").status == 200)
            #expect(try client.send("GET", "/flaky").status == 503)
        }
    }

    @Test func theJournalCountsAndFindsRequests() async throws {
        try await withMockServer(mappings: ["m.json": #"{"request":{"urlPathPattern":"/items/.*"},"response":{"status":200}}"#]) { _, client, _ async throws in
            for item in 1...3 { _ = try client.send("GET", "/items/\(item)") }
            _ = try client.send("POST", "/other", json: "{}")
            let count = try MockJSONParser.parse(Array(try client.send("POST", "/__admin/requests/count", json: #"{"method":"GET","urlPathPattern":"/items/.*"}"#).body))
            #expect(count["count"] == .number("3"))
            let found = try MockJSONParser.parse(Array(try client.send("POST", "/__admin/requests/find", json: #"{"url":"/items/2"}"#).body))
            #expect(found["requests"]?.arrayValues?.first?["url"] == .string("/items/2"))
            let unmatched = try MockJSONParser.parse(Array(try client.send("GET", "/__admin/requests/unmatched").body))
            #expect(unmatched["requests"]?.arrayValues?.map { $0["url"] } == [.string("/other")])
            #expect(try client.send("DELETE", "/__admin/requests").status == 200)
            let all = try MockJSONParser.parse(Array(try client.send("GET", "/__admin/requests").body))
            #expect(all["requests"]?.arrayValues?.isEmpty == true)
            #expect(try client.send("GET", "/__admin/requests?limit=-1").status == 200)
        }
    }

    @Test func responseTemplatesSeeTheRequest() async throws {
        let mapping = #"{"request":{"urlPathTemplate":"/users/{id}"},"response":{"transformers":["response-template"],"headers":{"X-Path":"{{request.path}}"},"body":"user {{request.path.id}} of {{request.path}} page {{request.query.page}} name {{jsonPath request.body '$.name'}}"}}"#
        try await withMockServer(mappings: ["t.json": mapping]) { _, client, _ async throws in
            let response = try client.send("PUT", "/users/7?page=3", json: #"{"name":"ada"}"#)
            #expect(response.text == "user 7 of /users/7 page 3 name ada")
        }
    }

    @Test func aFixedDelayHoldsTheResponseBack() async throws {
        try await withMockServer(mappings: ["d.json": #"{"request":{"url":"/slow"},"response":{"body":"late","fixedDelayMilliseconds":300}}"#]) { _, client, _ async throws in
            let started = Date()
            let response = try client.send("GET", "/slow")
            #expect(response.text == "late")
            #expect(Date().timeIntervalSince(started) >= 0.29)
        }
    }

    @Test func aDribbledBodyArrivesWholeAfterItsDuration() async throws {
        let mapping = #"{"request":{"url":"/dribble"},"response":{"body":"0123456789","chunkedDribbleDelay":{"numberOfChunks":5,"totalDuration":300}}}"#
        try await withMockServer(mappings: ["d.json": mapping]) { _, client, _ async throws in
            let started = Date()
            let response = try client.send("GET", "/dribble")
            #expect(response.text == "0123456789")
            #expect(response.header("Transfer-Encoding") == "chunked")
            #expect(Date().timeIntervalSince(started) >= 0.25)
        }
    }

    @Test func faultsBreakTheConnectionAsNamed() async throws {
        let faults = ["CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK", "RANDOM_DATA_THEN_CLOSE"]
        let mappings = faults.map { #"{"request":{"url":"/\#($0)"},"response":{"fault":"\#($0)"}}"# }
        try await withMockServer(mappings: ["f.json": #"{"mappings":[\#(mappings.joined(separator: ","))]}"#]) { _, client, _ async throws in
            let reset = try client.exchange("GET", "/CONNECTION_RESET_BY_PEER")
            #expect(reset.errorNumber == ECONNRESET && reset.bytes.isEmpty)
            let empty = try client.exchange("GET", "/EMPTY_RESPONSE")
            #expect(empty.errorNumber == nil && empty.bytes.isEmpty)
            let malformed = try client.exchange("GET", "/MALFORMED_RESPONSE_CHUNK")
            #expect(String(decoding: malformed.bytes, as: UTF8.self).hasPrefix("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"))
            #expect(throws: RawHTTPClient.ClientError.self) { try RawHTTPClient.parse(malformed.bytes) }
            let random = try client.exchange("GET", "/RANDOM_DATA_THEN_CLOSE")
            #expect(!random.bytes.isEmpty && !String(decoding: random.bytes, as: UTF8.self).hasPrefix("HTTP/"))
        }
    }

    @Test func proxyBaseUrlForwardsToARealUpstream() async throws {
        try await withMockServer(mappings: ["u.json": #"{"request":{"urlPath":"/upstream/hello"},"response":{"status":201,"headers":{"X-Up":"yes"},"body":"from upstream"}}"#]) { upstream, _, _ async throws in
            let proxy = #"{"request":{"urlPathPattern":"/upstream/.*"},"response":{"proxyBaseUrl":"\#(upstream.baseURL)"}}"#
            try await withMockServer(mappings: ["p.json": proxy]) { _, client, _ async throws in
                let response = try client.send("GET", "/upstream/hello?x=1")
                #expect(response.status == 201 && response.text == "from upstream" && response.header("X-Up") == "yes")
            }
        }
    }

    @Test func resetReloadsTheMappingsFolderAndForgetsRequests() async throws {
        try await withMockServer(mappings: ["m.json": #"{"request":{"url":"/disk"},"response":{"body":"from disk"}}"#]) { _, client, root async throws in
            _ = try client.send("POST", "/__admin/mappings", json: #"{"request":{"url":"/runtime"},"response":{"body":"r"}}"#)
            try Data(#"{"request":{"url":"/later"},"response":{"body":"added on disk"}}"#.utf8)
                .write(to: root.appendingPathComponent("mappings/later.json"))
            #expect(try client.send("POST", "/__admin/reset").status == 200)
            #expect(try client.send("GET", "/runtime").status == 404)
            #expect(try client.send("GET", "/later").text == "added on disk")
            #expect(try client.send("GET", "/disk").text == "from disk")
        }
    }

    @Test func theFilesAPIWritesReadsAndDeletesBodies() async throws {
        try await withMockServer(mappings: ["m.json": #"{"request":{"url":"/f"},"response":{"bodyFileName":"put.txt"}}"#]) { _, client, _ async throws in
            #expect(try client.send("PUT", "/__admin/files/put.txt", body: Data("put body".utf8)).status == 200)
            #expect(try client.send("GET", "/f").text == "put body")
            #expect(try client.send("GET", "/__admin/files").text.contains("put.txt"))
            #expect(try client.send("GET", "/__admin/files/put.txt").text == "put body")
            #expect(try client.send("DELETE", "/__admin/files/put.txt").status == 200)
            #expect(try client.send("GET", "/__admin/files/put.txt").status == 404)
            #expect(try client.send("GET", "/__admin/files/%2e%2e/mappings/m.json").status == 404)
        }
    }

    @Test func healthAnswers() async throws {
        try await withMockServer { _, client, _ async throws in
            let health = try MockJSONParser.parse(Array(try client.send("GET", "/__admin/health").body))
            #expect(health["status"] == .string("healthy"))
        }
    }

    @Test func hostileClientsDoNotStopTheServerServingOthers() async throws {
        try await withMockServer(mappings: ["m.json": #"{"request":{"url":"/ok"},"response":{"body":"ok"}}"#]) { server, client, _ async throws in
            // A request line that is not HTTP.
            let broken = try client.raw(Data("NOT HTTP AT ALL\r\n\r\n".utf8))
            #expect(String(decoding: broken.bytes, as: UTF8.self).hasPrefix("HTTP/1.1 400"))
            // A body over the limit is refused without buffering it.
            let small = try await HTTPMockServer.start(maximumBodySize: 1_024)
            let huge = try RawHTTPClient(port: small.port).send("POST", "/x", body: Data(repeating: 65, count: 4_096))
            #expect(huge.status == 413)
            try await small.shutdown()
            #expect(try client.send("GET", "/ok").text == "ok")
            _ = server
        }
    }

    @Test func theInfraSourceLoadsAndPagesThroughPosts() async throws {
        let server = try await HTTPMockServer.start(rootDirectory: repositoryRoot.appendingPathComponent("infra/wiremock"))
        let client = RawHTTPClient(port: server.port)
        #expect(server.loadFailures.isEmpty)
        var offset: MockJSON = .number("0")
        var seen = 0
        while case let .number(next) = offset {
            let page = try MockJSONParser.parse(Array(try client.send("GET", "/api/v1/posts?limit=5&offset=\(next)").body))
            seen += page["data"]?.arrayValues?.count ?? 0
            offset = page["paging"]?["next_offset"] ?? .null
        }
        #expect(seen == 12)
        #expect(try client.send("GET", "/api/v1/flaky/posts").status == 503)
        #expect(try client.send("GET", "/api/v1/flaky/posts").status == 200)
        try await server.shutdown()
    }

    @Test func curlSeesTheStubbedAnswer() async throws {
        let mapping = #"{"request":{"method":"POST","urlPath":"/curl","bodyPatterns":[{"equalToJson":{"a":1}}]},"response":{"status":201,"headers":{"X-Via":"stub"},"body":"made"}}"#
        try await withMockServer(mappings: ["c.json": mapping]) { server, _, _ async throws in
            let curl = Process()
            curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            curl.arguments = ["-s", "-i", "-X", "POST", "-H", "Content-Type: application/json", "-d", #"{ "a" : 1 }"#, "\(server.baseURL)/curl"]
            let output = Pipe()
            curl.standardOutput = output
            try curl.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            curl.waitUntilExit()
            #expect(text.hasPrefix("HTTP/1.1 201"))
            #expect(text.contains("X-Via: stub"))
            #expect(text.hasSuffix("made"))
        }
    }

    @Test func headGetsTheHeadersWithoutTheBody() async throws {
        try await withMockServer(mappings: ["h.json": #"{"request":{"method":"ANY","url":"/h"},"response":{"body":"0123456789"}}"#]) { _, client, _ async throws in
            let response = try client.send("HEAD", "/h")
            #expect(response.status == 200 && response.header("Content-Length") == "10" && response.body.isEmpty)
        }
    }

    @Test func aClientThatExpects100ContinueIsToldToGoOn() async throws {
        try await withMockServer(mappings: ["c.json": #"{"request":{"method":"POST","url":"/c"},"response":{"status":201}}"#]) { _, client, _ async throws in
            let head = "POST /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nhi"
            let text = String(decoding: try client.raw(Data(head.utf8)).bytes, as: UTF8.self)
            #expect(text.hasPrefix("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201"))
        }
    }

    @Test func wireMock3MatchersWorkOverTheWire() async throws {
        let mappings = #"""
        {"mappings":[
          {"request":{"method":"POST","urlPath":"/form","formParameters":{"name":{"equalTo":"ada lovelace"},"tag":{"hasExactly":[{"equalTo":"a"},{"equalTo":"b"}]}}},"response":{"body":"form"}},
          {"request":{"method":"GET","urlPathTemplate":"/users/{id}/posts/{post}","pathParameters":{"id":{"matches":"[0-9]+"},"post":{"equalTo":"first"}}},"response":{"body":"template"}},
          {"request":{"method":"GET","urlPath":"/tags","queryParameters":{"t":{"includes":[{"equalTo":"x"}]}}},"response":{"body":"includes"}},
          {"request":{"method":"GET","urlPath":"/cookie","cookies":{"session":{"matches":"s-[0-9]+"}}},"response":{"body":"cookie"}}
        ]}
        """#
        try await withMockServer(mappings: ["m.json": mappings]) { _, client, _ async throws in
            let form = ["Content-Type": "application/x-www-form-urlencoded"]
            #expect(try client.send("POST", "/form", headers: form, body: Data("name=ada+lovelace&tag=b&tag=a".utf8)).text == "form")
            #expect(try client.send("POST", "/form", headers: form, body: Data("name=ada+lovelace&tag=a".utf8)).status == 404)
            #expect(try client.send("GET", "/users/12/posts/first").text == "template")
            #expect(try client.send("GET", "/users/ab/posts/first").status == 404)
            #expect(try client.send("GET", "/tags?t=y&t=x").text == "includes")
            #expect(try client.send("GET", "/cookie", headers: ["Cookie": "a=1; session=s-42"]).text == "cookie")
        }
    }

    @Test func importAddsAllOrNothing() async throws {
        try await withMockServer { _, client, _ async throws in
            let bad = #"{"mappings":[{"request":{"url":"/one"},"response":{"body":"1"}},{"request":{"url":"/two","bogus":1}}]}"#
            #expect(try client.send("POST", "/__admin/mappings/import", json: bad).status == 422)
            #expect(try client.send("GET", "/one").status == 404)
            let good = #"{"mappings":[{"request":{"url":"/one"},"response":{"body":"1"}},{"request":{"url":"/two"},"response":{"body":"2"}}]}"#
            #expect(try client.send("POST", "/__admin/mappings/import", json: good).status == 200)
            #expect(try client.send("GET", "/two").text == "2")
        }
    }
}
