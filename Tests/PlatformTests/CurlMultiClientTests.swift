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

        #expect(responses.count == 6)
        for response in responses {
            guard case .failure(let error) = response else { Issue.record("a request without an answer succeeded"); continue }
            #expect(error.code == 28)  // CURLE_OPERATION_TIMEDOUT
        }
        // Two rounds of 300 ms on an idle machine; the bound leaves room for a CI machine busy with every
        // other suite, and still tells a timeout from a hang.
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func aRefusedConnectionIsReportedForEachRequest() async {
        let responses = await CurlMultiClient(maxInFlight: 2, timeoutMilliseconds: 2_000)
            .perform((0..<3).map { HTTPRequest(method: "GET", url: "http://127.0.0.1:1/\($0)") })

        #expect(responses.count == 3)
        for response in responses {
            guard case .failure(let error) = response else { Issue.record("a request to a closed port succeeded"); continue }
            #expect(error.code == 7)  // CURLE_COULDNT_CONNECT
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
