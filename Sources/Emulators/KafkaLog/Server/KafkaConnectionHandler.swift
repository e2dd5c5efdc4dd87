import NIOCore

/// Serves one client connection: hands each request frame to the ``KafkaRequestRouter`` and writes the
/// answers in request order.
///
/// Kafka clients match answers to requests by order as well as by correlation id, so while an answer is
/// pending (a long-polling fetch, a JoinGroup waiting for the other members) later requests of the same
/// connection are queued, as a Kafka broker mutes a connection with a request in flight. Once
/// ``maximumQueuedRequests`` are waiting, the handler stops asking the socket for more (it holds back
/// `read`), so a client that pipelines without end behind a parked request cannot grow the queue
/// without bound. A request that cannot be parsed, or a framing error from ``KafkaFrameDecoder``,
/// closes this connection only.
final class KafkaConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let maximumQueuedRequests = 64

    private let router: KafkaRequestRouter
    private var queue = CircularBuffer<ByteBuffer>()
    private var awaitingAnswer = false
    private var needsFlush = false
    private var readHeldBack = false

    init(router: KafkaRequestRouter) {
        self.router = router
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        queue.append(unwrapInboundIn(data))
        drain(context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flushIfNeeded(context: context)
    }

    func read(context: ChannelHandlerContext) {
        if queue.count >= Self.maximumQueuedRequests {
            readHeldBack = true
        } else {
            context.read()
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func flushIfNeeded(context: ChannelHandlerContext) {
        if needsFlush {
            needsFlush = false
            context.flush()
        }
    }

    private func drain(context: ChannelHandlerContext) {
        while !awaitingAnswer, let frame = queue.popFirst() {
            let reply: KafkaReply
            do {
                reply = try router.handle(frame, on: context.eventLoop, clientHost: clientHost(context))
            } catch {
                queue.removeAll()
                context.close(promise: nil)
                return
            }
            switch reply {
            case .none:
                continue
            case .now(let response):
                context.write(wrapOutboundOut(response), promise: nil)
                needsFlush = true
            case .nowInParts(let parts):
                for part in parts { context.write(wrapOutboundOut(part), promise: nil) }
                needsFlush = true
            case .later(let future):
                awaitingAnswer = true
                future.assumeIsolated().whenComplete { result in
                    self.awaitingAnswer = false
                    switch result {
                    case .success(let parts):
                        for part in parts { context.write(self.wrapOutboundOut(part), promise: nil) }
                        self.needsFlush = true
                        self.drain(context: context)
                        self.flushIfNeeded(context: context)
                        if self.readHeldBack && self.queue.count < Self.maximumQueuedRequests {
                            self.readHeldBack = false
                            context.read()
                        }
                    case .failure:
                        context.close(promise: nil)
                    }
                }
            }
        }
    }

    private func clientHost(_ context: ChannelHandlerContext) -> String {
        context.remoteAddress.flatMap(\.ipAddress).map { "/\($0)" } ?? ""
    }
}

@available(*, unavailable)
extension KafkaConnectionHandler: Sendable {}
