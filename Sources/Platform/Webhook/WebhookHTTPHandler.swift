import Contracts
import Foundation
import NIOCore
import NIOHTTP1

/// Serves ``WebhookServer``: reads `POST /webhooks/{source}`, queues the body with ``WebhookQueue`` and
/// answers once the broker has it.
///
/// A body over `maxBodyBytes` is answered 413 as soon as it is known (from `Content-Length` or while
/// reading) and the connection closes; nothing of it is queued. `Expect: 100-continue` is answered
/// `100 Continue` when the request is acceptable.
final class WebhookHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle
        case reading(HTTPRequestHead, WebhookSource, ByteBuffer)
        case rejected(HTTPRequestHead)
    }

    private let queue: WebhookQueue
    private let maxBodyBytes: Int
    private var state = State.idle

    init(queue: WebhookQueue, maxBodyBytes: Int) {
        self.queue = queue
        self.maxBodyBytes = maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            switch route(head) {
            case .success(let source):
                if let length = head.headers.first(name: "content-length").flatMap(Int.init), length > maxBodyBytes {
                    reject(context: context, head: head)
                } else {
                    state = .reading(head, source, context.channel.allocator.buffer(capacity: 0))
                    if head.headers.first(name: "expect")?.lowercased() == "100-continue" {
                        // libcurl and others wait for this (up to a second) before sending a larger body.
                        let proceed = HTTPResponseHead(version: head.version, status: .continue)
                        context.writeAndFlush(wrapOutboundOut(.head(proceed)), promise: nil)
                    }
                }
            case .failure(let refusal):
                state = .rejected(head)
                respond(context: context, head: head, status: refusal.status, body: ["error": .string(refusal.message)])
            }
        case .body(var chunk):
            guard case .reading(let head, let source, var body) = state else { return }
            guard body.readableBytes + chunk.readableBytes <= maxBodyBytes else {
                reject(context: context, head: head)
                return
            }
            state = .idle  // drops the state's reference to `body` so the write does not copy it
            body.writeBuffer(&chunk)
            state = .reading(head, source, body)
        case .end:
            let previous = state
            state = .idle
            guard case .reading(let head, let source, var body) = previous else { return }
            enqueue(context: context, head: head, source: source, body: body.readBytes(length: body.readableBytes) ?? [])
        }
    }

    /// Queues the body, then answers 200 with where it sits, or 503 when the broker did not take it.
    private func enqueue(context: ChannelHandlerContext, head: HTTPRequestHead, source: WebhookSource, body: [UInt8]) {
        let trace = head.headers.first(name: "traceparent").flatMap(TraceContext.init(traceparent:))?.child() ?? .root()
        let payload = WebhookPayload(
            source: source, contentType: head.headers.first(name: "content-type"), body: body, trace: trace)
        let queue = self.queue
        let promise = context.eventLoop.makePromise(of: KafkaDeliveryReport.self)
        promise.completeWithTask { try await queue.enqueue(payload) }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        promise.futureResult.whenComplete { result in
            let (handler, context) = bound.value
            switch result {
            case .success(let report):
                handler.respond(context: context, head: head, status: .ok, body: [
                    "status": "queued", "source": .string(source.name), "topic": .string(report.topic),
                    "partition": .number(JSONNumber(Int(report.partition))), "offset": .number(JSONNumber(report.offset)),
                    "size_bytes": .number(JSONNumber(body.count)),
                ])
            case .failure(let error):
                handler.respond(context: context, head: head, status: .serviceUnavailable, body: [
                    "error": .string("the payload was not queued: \(error)"),
                ])
            }
        }
    }

    /// Answers 413 and closes the connection: the rest of the body is not read.
    private func reject(context: ChannelHandlerContext, head: HTTPRequestHead) {
        state = .rejected(head)
        respond(context: context, head: head, status: .payloadTooLarge, body: [
            "error": .string("the body is larger than \(maxBodyBytes) bytes"),
        ], close: true)
    }

    /// The source a request is for, or why it is refused.
    private func route(_ head: HTTPRequestHead) -> Result<WebhookSource, WebhookRefusal> {
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? "/"
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        guard segments.count == 3, segments[0].isEmpty, segments[1] == "webhooks" else {
            return .failure(WebhookRefusal(status: .notFound, message: "no route \(path); POST /webhooks/{source}"))
        }
        guard head.method == .POST else {
            return .failure(WebhookRefusal(status: .methodNotAllowed, message: "\(head.method) not allowed; POST /webhooks/{source}"))
        }
        guard let source = WebhookSource(String(segments[2])) else {
            return .failure(WebhookRefusal(
                status: .badRequest, message: "source must be 1–64 of a-z, 0-9, '-', '_' starting with a letter or digit"))
        }
        return .success(source)
    }

    private func respond(
        context: ChannelHandlerContext, head request: HTTPRequestHead, status: HTTPResponseStatus, body: JSONValue,
        close: Bool = false
    ) {
        let bytes = Array((JSONSerializer.string(body) + "\n").utf8)
        let closing = close || !request.isKeepAlive
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(bytes.count))
        if closing { headers.add(name: "connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: request.version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if closing {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}

@available(*, unavailable)
extension WebhookHTTPHandler: Sendable {}
