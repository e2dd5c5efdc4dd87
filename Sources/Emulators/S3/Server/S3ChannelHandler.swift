import NIOCore
import NIOHTTP1
import Synchronization

/// Serves S3 requests on one HTTP/1.1 connection: collects each request's body (or streams it to disk),
/// answers `Expect: 100-continue`, and writes the ``S3Service``'s response.
///
/// The head is checked before the body is read: a request that fails authentication and asked
/// `Expect: 100-continue` gets its final 403 at once and the connection is closed, so a client never
/// uploads gigabytes only to be refused. Without `Expect`, a refused body is read and dropped so the
/// client can read the error instead of a reset. A body that ends early (client gone, connection
/// closed) is simply dropped with the connection: the store is only touched once a body is complete.
///
/// On the directory backend, PutObject and UploadPart bodies go to a staging file as they arrive (see
/// ``S3UploadSink``) instead of into memory. The sink writes on its own queue; while more than
/// ``highWatermark`` bytes are waiting to be written, the handler holds back the channel's `read()` so
/// that nothing more is read from the socket (TCP then slows the client down), and lets it through again
/// once the writes have caught up below half of that. Memory per upload is thus a few megabytes,
/// whatever the body's size.
final class S3ChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        case idle
        case receiving(S3Service.Prepared, body: ByteBuffer, head: HTTPRequestHead)
        case streaming(S3Service.Prepared, sink: S3UploadSink, size: Int, head: HTTPRequestHead)
        case discarding
    }

    /// Bytes handed to the sink but not yet written above which socket reads stop.
    static let highWatermark = 4 * 1024 * 1024

    private let service: S3Service
    private var state = State.idle
    /// Bytes handed to the sink and not yet on disk.
    private var unwritten = 0
    /// Whether a `read()` was held back because of ``unwritten``, to be issued once writes catch up.
    private var readHeld = false
    /// The `Date` header of the current second, formatted once per second rather than per response.
    private var date: (second: Int, text: String) = (-1, "")

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
            let sink: S3UploadSink?
            do throws(S3Error) {
                sink = try service.uploadSink(for: prepared)
            } catch {
                state = .discarding
                let failed = S3Service.Prepared(request: .failure(error), resource: prepared.resource, isHead: prepared.isHead)
                write(service.respond(to: failed, body: ByteBuffer(), requestID: Self.requestID()), version: head.version,
                      keepAlive: false, context: context)
                return
            }
            if let sink {
                state = .streaming(prepared, sink: sink, size: 0, head: head)
                return
            }
            var body = ByteBuffer()
            if !prepared.isRefused, let length = head.headers.first(name: "content-length").flatMap(Int.init),
               length <= 64 * 1024 * 1024 {
                body = context.channel.allocator.buffer(capacity: length)
            }
            state = .receiving(prepared, body: body, head: head)
        case .body(var chunk):
            switch state {
            case .streaming(let prepared, let sink, let size, let head):
                let count = chunk.readableBytes
                guard size + count <= S3Service.maximumBodySize else {
                    state = .discarding
                    sink.abandon()
                    context.close(promise: nil)
                    return
                }
                state = .streaming(prepared, sink: sink, size: size + count, head: head)
                unwritten += count
                let loop = context.eventLoop
                let bound = NIOLoopBound((self, context), eventLoop: loop)
                sink.write(chunk) {
                    loop.execute { bound.value.0.written(count, context: bound.value.1) }
                }
            case .receiving(let prepared, var body, let head):
                guard !prepared.isRefused else { return }
                state = .idle  // let `body` be uniquely referenced while it grows
                if body.readableBytes + chunk.readableBytes > S3Service.maximumBodySize {
                    state = .discarding
                    context.close(promise: nil)
                    return
                }
                body.writeBuffer(&chunk)
                state = .receiving(prepared, body: body, head: head)
            case .idle, .discarding:
                return
            }
        case .end:
            switch state {
            case .receiving(let prepared, let body, let head):
                state = .idle
                let response = service.respond(to: prepared, body: body, requestID: Self.requestID())
                write(response, version: head.version, keepAlive: head.isKeepAlive, context: context)
            case .streaming(let prepared, let sink, _, let head):
                state = .idle
                let loop = context.eventLoop
                let bound = NIOLoopBound((self, context), eventLoop: loop)
                let service = self.service
                sink.finish { staged in
                    let response = service.respond(to: prepared, staged: staged, requestID: Self.requestID())
                    loop.execute {
                        bound.value.0.write(response, version: head.version, keepAlive: head.isKeepAlive, context: bound.value.1)
                    }
                }
            case .idle, .discarding:
                state = .idle
            }
        }
    }

    /// Holds the read back while too much is waiting to be written.
    func read(context: ChannelHandlerContext) {
        if unwritten > Self.highWatermark {
            readHeld = true
        } else {
            context.read()
        }
    }

    /// A chunk is on disk: reads resume once the backlog is down to half the watermark.
    private func written(_ count: Int, context: ChannelHandlerContext) {
        unwritten -= count
        if readHeld, unwritten <= Self.highWatermark / 2 {
            readHeld = false
            context.read()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if case .streaming(_, let sink, _, _) = state { sink.abandon() }
        state = .idle  // a partial body is dropped here and never reaches the store
        context.fireChannelInactive()
    }

    private func write(_ response: S3Response, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = response.headers
        if !headers.contains(name: "content-length"), response.status != .notModified, response.status != .noContent {
            headers.add(name: "Content-Length", value: String(response.body.readableBytes))
        }
        headers.add(name: "Server", value: "Sluice")
        let now = service.store.now
        if now / 1000 != date.second { date = (now / 1000, HTTPDate.rfc1123(milliseconds: now)) }
        headers.add(name: "Date", value: date.text)
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

    /// An id for `x-amz-request-id` and the error body's `<RequestId>`: a count from a random start, so ids
    /// are unique within a process and unlikely to repeat across runs, without a system call per request.
    private static func requestID() -> String {
        String(requestCounter.add(1, ordering: .relaxed).newValue, radix: 16, uppercase: true)
    }

    private static let requestCounter = Atomic<UInt64>(UInt64.random(in: 1 << 60 ... 1 << 62))
}

@available(*, unavailable)
extension S3ChannelHandler: Sendable {}
