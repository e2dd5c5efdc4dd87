import NIOCore
import NIOHTTP1

/// Serves S3 requests on one HTTP/1.1 connection: collects each request's body, answers
/// `Expect: 100-continue`, and writes the ``S3Service``'s response.
///
/// The head is checked before the body is read: a request that fails authentication and asked
/// `Expect: 100-continue` gets its final 403 at once and the connection is closed, so a client never
/// uploads gigabytes only to be refused. Without `Expect`, a refused body is read and dropped so the
/// client can read the error instead of a reset. A body that ends early (client gone, connection
/// closed) is simply dropped with the connection: the store is only touched once a body is complete.
final class S3ChannelHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle
        case receiving(S3Service.Prepared, body: ByteBuffer, head: HTTPRequestHead)
        case discarding
    }

    private let service: S3Service
    private var state = State.idle

    init(service: S3Service) {
        self.service = service
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            let prepared = service.prepare(head: head)
            if head.headers.first(name: "expect")?.lowercased() == "100-continue" {
                if prepared.isRefused {
                    state = .discarding
                    let response = service.respond(to: prepared, body: ByteBuffer(), requestID: Self.requestID())
                    write(response, version: head.version, keepAlive: false, context: context)
                    return
                }
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))),
                                      promise: nil)
            }
            var body = ByteBuffer()
            if !prepared.isRefused, let length = head.headers.first(name: "content-length").flatMap(Int.init),
               length <= 64 * 1024 * 1024 {
                body = context.channel.allocator.buffer(capacity: length)
            }
            state = .receiving(prepared, body: body, head: head)
        case .body(var chunk):
            guard case .receiving(let prepared, var body, let head) = state else { return }
            guard !prepared.isRefused else { return }
            state = .idle  // let `body` be uniquely referenced while it grows
            if body.readableBytes + chunk.readableBytes > S3Service.maximumBodySize {
                state = .discarding
                context.close(promise: nil)
                return
            }
            body.writeBuffer(&chunk)
            state = .receiving(prepared, body: body, head: head)
        case .end:
            guard case .receiving(let prepared, let body, let head) = state else {
                state = .idle
                return
            }
            state = .idle
            let response = service.respond(to: prepared, body: body, requestID: Self.requestID())
            write(response, version: head.version, keepAlive: head.isKeepAlive, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        state = .idle  // a partial body is dropped here and never reaches the store
        context.fireChannelInactive()
    }

    private func write(_ response: S3Response, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = response.headers
        if !headers.contains(name: "content-length"), response.status != .notModified, response.status != .noContent {
            headers.add(name: "Content-Length", value: String(response.body.readableBytes))
        }
        headers.add(name: "Server", value: "Sluice")
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: version, status: response.status, headers: headers))),
                      promise: nil)
        if response.body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(response.body))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            done.whenComplete { _ in bound.value.close(promise: nil) }
        }
    }

    /// An id for `x-amz-request-id` and the error body's `<RequestId>`; random, so no state is shared.
    private static func requestID() -> String {
        String(UInt64.random(in: .min ... .max), radix: 16, uppercase: true)
    }
}

@available(*, unavailable)
extension S3ChannelHandler: Sendable {}
