import Emulators
import NIOCore
import NIOHTTP1
import NIOPosix

/// A SwiftNIO server that answers every request with a fixed 200 and does nothing else: the
/// ceiling the stub server is measured against, on the same machine in the same run.
enum BenchHTTPBareServer {
    static func start() async throws -> LoopbackServer {
        try await LoopbackServer.start { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                try channel.pipeline.syncOperations.addHandler(FixedResponseHandler())
            }
        }
    }
}

/// Answers each request with `200 ok` as soon as its end arrives.
private final class FixedResponseHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private var keepAlive = true

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(head):
            keepAlive = head.isKeepAlive
        case .body:
            break
        case .end:
            var headers = HTTPHeaders([("Content-Length", "2")])
            if !keepAlive { headers.add(name: "Connection", value: "close") }
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: "ok")))), promise: nil)
            let keepAlive = keepAlive
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                if !keepAlive { channel.close(promise: nil) }
            }
        }
    }
}

@available(*, unavailable)
extension FixedResponseHandler: Sendable {}
