import Emulators
import NIOCore
import NIOHTTP1
import Platform
import Testing

/// libcurl against a SwiftNIO server on loopback: the request goes over a real socket both ways.
struct CurlHTTPClientTests {
    @Test func fetchesAPageFromALoopbackServer() async throws {
        let server = try await LoopbackServer.start { channel in
            channel.pipeline.configureHTTPServerPipeline().flatMap {
                channel.pipeline.addHandler(FixedPageHandler(body: "<h1>sluice</h1>"))
            }
        }
        defer { Task { try? await server.shutdown() } }

        let response = try CurlHTTPClient().get("http://\(server.endpoint)/index.html")

        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "<h1>sluice</h1>")
        #expect(response.header("content-type") == "text/html")
        #expect(response.header("X-Requested-Path") == "/index.html")
    }

    @Test func anUnreachableServerIsACurlError() throws {
        let error = #expect(throws: CurlError.self) {
            try CurlHTTPClient(timeoutMilliseconds: 2_000).get("http://127.0.0.1:1/")
        }
        #expect(error?.code == 7)  // CURLE_COULDNT_CONNECT
    }
}

/// Answers every request with one HTML page and echoes the requested path in a header.
private final class FixedPageHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let body: String

    init(body: String) {
        self.body = body
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let request) = unwrapInboundIn(data) else { return }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/html")
        headers.add(name: "Content-Length", value: "\(body.utf8.count)")
        headers.add(name: "X-Requested-Path", value: request.uri)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: .ok, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
