import NIOCore
import NIOHTTP1
import NIOPosix

/// Puts a ``RenderedResponse`` on the wire for one request: after its delay, whole or dribbled in
/// chunks, or as the fault it names. Sendable so a delayed or proxied answer can be sent from a
/// scheduled task; every method runs on the channel's event loop.
struct ResponseWriter: Sendable {
    private let context: NIOLoopBound<ChannelHandlerContext>
    private let finished: NIOLoopBound<() -> Void>
    private let keepAlive: Bool
    /// A response to HEAD carries the headers of the body it would have, but no body (RFC 9110 §9.3.2).
    private let omitBody: Bool
    let eventLoop: any EventLoop

    init(context: ChannelHandlerContext, keepAlive: Bool, omitBody: Bool = false, finished: @escaping () -> Void) {
        self.context = NIOLoopBound(context, eventLoop: context.eventLoop)
        self.finished = NIOLoopBound(finished, eventLoop: context.eventLoop)
        self.keepAlive = keepAlive
        self.omitBody = omitBody
        self.eventLoop = context.eventLoop
    }

    /// Sends `response`, honouring its delay, dribble and fault.
    func send(_ response: RenderedResponse) {
        guard eventLoop.inEventLoop else {
            eventLoop.execute { send(response) }
            return
        }
        guard response.delayMilliseconds > 0 else {
            deliver(response)
            return
        }
        eventLoop.scheduleTask(in: .milliseconds(Int64(response.delayMilliseconds))) {
            deliver(response)
        }
    }

    private func deliver(_ response: RenderedResponse) {
        if let fault = response.fault {
            FaultInjector.inject(fault, status: response.status, context: context.value)
            finished.value()
            return
        }
        if let dribble = response.chunkedDribbleDelay, !omitBody {
            dribbleBody(response, chunks: dribble.numberOfChunks, totalMilliseconds: dribble.totalDuration)
            return
        }
        let context = context.value
        var headers = head(for: response)
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
        context.write(NIOAny(HTTPServerResponsePart.head(responseHead(response, headers))), promise: nil)
        if !response.body.isEmpty, !omitBody {
            context.write(NIOAny(HTTPServerResponsePart.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        }
        end()
    }

    /// The body in `chunks` pieces, evenly spaced over `totalMilliseconds`, with chunked framing.
    private func dribbleBody(_ response: RenderedResponse, chunks: Int, totalMilliseconds: Int) {
        let context = context.value
        var headers = head(for: response)
        headers.remove(name: "Content-Length")
        headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.head(responseHead(response, headers))), promise: nil)
        let size = max(1, (response.body.count + chunks - 1) / chunks)
        let pieces = stride(from: 0, to: response.body.count, by: size).map { Array(response.body[$0..<min($0 + size, response.body.count)]) }
        let interval = Int64(totalMilliseconds / max(chunks, 1))
        for (position, piece) in pieces.enumerated() {
            let isLast = position == pieces.count - 1
            eventLoop.scheduleTask(in: .milliseconds(interval * Int64(position + 1))) {
                let context = self.context.value
                let buffer = context.channel.allocator.buffer(bytes: piece)
                context.writeAndFlush(NIOAny(HTTPServerResponsePart.body(.byteBuffer(buffer))), promise: nil)
                if isLast { end() }
            }
        }
        if pieces.isEmpty { end() }
    }

    private func head(for response: RenderedResponse) -> HTTPHeaders {
        var headers = HTTPHeaders(response.headers.map { ($0.name, $0.value) })
        if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
        return headers
    }

    private func responseHead(_ response: RenderedResponse, _ headers: HTTPHeaders) -> HTTPResponseHead {
        let status = response.statusMessage.map { HTTPResponseStatus.custom(code: UInt(response.status), reasonPhrase: $0) }
            ?? HTTPResponseStatus(statusCode: response.status)
        return HTTPResponseHead(version: .http1_1, status: status, headers: headers)
    }

    private func end() {
        let context = context.value
        let keepAlive = keepAlive
        let loopBoundContext = self.context
        context.writeAndFlush(NIOAny(HTTPServerResponsePart.end(nil))).whenComplete { _ in
            guard !keepAlive else { return }
            // A lingering close: stop writing but keep reading for a moment, so request bytes the
            // client is still sending (an oversized body) do not turn the close into a reset that
            // destroys the response before the client has read it.
            let context = loopBoundContext.value
            context.close(mode: .output, promise: nil)
            context.eventLoop.scheduleTask(in: .seconds(2)) { loopBoundContext.value.close(promise: nil) }
        }
        finished.value()
    }
}
