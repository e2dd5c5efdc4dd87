import Emulators
import NIOCore
import NIOHTTP1
import Platform
import Testing

/// libcurl's multi interface driven through its socket callbacks and epoll, against a SwiftNIO server
/// on loopback: answers come back to the request that asked, timeouts fire, refusals are reported.
@Suite(.timeLimit(.minutes(3)))
struct CurlMultiClientTests {
    @Test func manyRequestsInFlightEachGetTheirOwnAnswerInOrder() async throws {
        let server = try await LoopbackServer.start { channel in
            channel.pipeline.configureHTTPServerPipeline().flatMap { channel.pipeline.addHandler(PathEchoHandler()) }
        }
        defer { Task { try? await server.shutdown() } }
        let client = CurlMultiClient(maxInFlight: 16)

        for round in 0..<2 {  // the second round reuses the kept-alive connections
            let requests = (0..<200).map { HTTPRequest(method: "GET", url: "http://\(server.endpoint)/item/\(round)-\($0)") }
            let responses = await client.perform(requests)

            #expect(responses.count == 200)
            for (index, response) in responses.enumerated() {
                let answer = try response.get()
                #expect(answer.status == 200)
                #expect(String(decoding: answer.body, as: UTF8.self) == "/item/\(round)-\(index)")
            }
        }
    }

    @Test func aServerThatNeverAnswersTimesOutInsteadOfHanging() async throws {
        let server = try await LoopbackServer.start { channel in
            channel.pipeline.configureHTTPServerPipeline().flatMap { channel.pipeline.addHandler(SilentHandler()) }
        }
        defer { Task { try? await server.shutdown() } }
        let started = ContinuousClock.now

        let responses = await CurlMultiClient(maxInFlight: 4, timeoutMilliseconds: 300)
            .perform((0..<6).map { HTTPRequest(method: "GET", url: "http://\(server.endpoint)/slow/\($0)") })

        Self.expectEachFailed(responses, count: 6, code: 28)  // CURLE_OPERATION_TIMEDOUT
        // Two rounds of 300 ms on an idle machine; the bound leaves room for a CI machine busy with every
        // other suite, and still tells a timeout from a hang.
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func aRefusedConnectionIsReportedForEachRequest() async {
        let responses = await CurlMultiClient(maxInFlight: 2, timeoutMilliseconds: 2_000)
            .perform((0..<3).map { HTTPRequest(method: "GET", url: "http://127.0.0.1:1/\($0)") })

        Self.expectEachFailed(responses, count: 3, code: 7)  // CURLE_COULDNT_CONNECT
    }

    @Test func headersAreReadFromTheFinalResponseCaseInsensitivelyAndTrimmed() async throws {
        let server = try await LoopbackServer.start { channel in
            channel.pipeline.configureHTTPServerPipeline().flatMap { channel.pipeline.addHandler(InterimThenFinalHandler()) }
        }
        defer { Task { try? await server.shutdown() } }

        let request = HTTPRequest(
            method: "PUT", url: "http://\(server.endpoint)/x", headers: [("Expect", "100-continue")], body: Array("body".utf8))
        let response = try #require(await CurlMultiClient(maxInFlight: 1).perform([request]).first).get()

        #expect(response.status == 201)
        #expect(response.header("x-THING") == "padded value")  // the first of two, spaces and tabs trimmed
        #expect(response.header("X-Interim") == nil)  // only on the 100 Continue, which does not count
        #expect(response.header("x-missing") == nil)
        #expect(response.headers.filter { $0.name.lowercased() == "x-thing" }.map(\.value) == ["padded value", "second"])
        #expect(response.headers.first?.name == "X-Thing")  // names as sent, in arrival order
    }

    /// Expects `count` responses, each a transport failure with libcurl's result `code`.
    static func expectEachFailed(_ responses: [Result<HTTPResponse, CurlError>], count: Int, code: UInt32) {
        #expect(responses.count == count)
        for response in responses {
            guard case .failure(let error) = response else { Issue.record("a request succeeded: \(response)"); continue }
            #expect(error.code == code)
        }
    }
}

/// Answers `100 Continue` with a header of its own, then `201` with a padded header given twice.
private final class InterimThenFinalHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let interim = HTTPResponseHead(version: head.version, status: .continue, headers: ["X-Interim": "yes"])
            context.writeAndFlush(wrapOutboundOut(.head(interim)), promise: nil)
        case .body:
            break
        case .end:
            let headers: HTTPHeaders = ["X-Thing": " \tpadded value\t ", "x-thing": "second", "Content-Length": "0"]
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .created, headers: headers))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}

/// Answers every request with its own path as the body.
private final class PathEchoHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        let body = context.channel.allocator.buffer(string: head.uri)
        let headers = HTTPHeaders([("Content-Length", "\(body.readableBytes)")])
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .ok, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

/// Reads requests and never answers them.
private final class SilentHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
}
