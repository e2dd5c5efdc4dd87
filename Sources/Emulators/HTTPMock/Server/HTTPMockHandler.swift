import NIOCore
import NIOHTTP1

/// One connection's request handling: gathers a request, hands admin paths to the ``AdminRouter``
/// and everything else to the engine, records it in the journal and has the response delivered.
/// Pipelined requests are serialised by NIO's `HTTPServerPipelineHandler` in front of it.
final class HTTPMockHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let engine: HTTPMockEngine
    private let router: AdminRouter
    private let renderer: ResponseRenderer
    private let maximumBodySize: Int
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var bodyTooLarge = false
    private var responding = false

    init(engine: HTTPMockEngine, maximumBodySize: Int) {
        self.engine = engine
        self.router = AdminRouter(engine: engine)
        self.renderer = ResponseRenderer(filesDirectory: engine.filesDirectory)
        self.maximumBodySize = maximumBodySize
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(requestHead):
            head = requestHead
            body = nil
            bodyTooLarge = false
            // Clients that ask first (curl does for large bodies) would otherwise wait a second.
            if requestHead.headers[canonicalForm: "Expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                let interim = HTTPResponseHead(version: requestHead.version, status: .continue)
                context.writeAndFlush(wrapOutboundOut(.head(interim)), promise: nil)
            }
        case var .body(chunk):
            guard !bodyTooLarge else { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > maximumBodySize {
                // Answer at once and close, rather than reading (and discarding) an endless body.
                bodyTooLarge = true
                body = nil
                responding = true
                ResponseWriter(context: context, keepAlive: false) {}
                    .send(.text(413, "request body larger than \(maximumBodySize) bytes\n"))
            } else if body == nil {
                body = chunk
            } else {
                body?.writeBuffer(&chunk)
            }
        case .end:
            guard let requestHead = head, !bodyTooLarge else { return }
            head = nil
            responding = true
            let writer = ResponseWriter(context: context, keepAlive: requestHead.isKeepAlive, omitBody: requestHead.method == .HEAD) { [weak self] in
                self?.responding = false
            }
            let bytes = body.map { Array($0.readableBytesView) } ?? []
            body = nil
            respond(to: makeRequest(requestHead, bytes, context: context), with: writer)
        }
    }

    private func makeRequest(_ head: HTTPRequestHead, _ body: [UInt8], context: ChannelHandlerContext) -> MockRequest {
        MockRequest(
            method: head.method.rawValue,
            url: head.uri,
            headers: head.headers.map { ($0.name, $0.value) },
            body: body,
            clientIP: context.remoteAddress?.ipAddress ?? "127.0.0.1",
            host: head.headers.first(name: "Host") ?? context.localAddress.map { "\($0.ipAddress ?? "127.0.0.1"):\($0.port ?? 0)" } ?? "localhost"
        )
    }

    private func respond(to request: MockRequest, with writer: ResponseWriter) {
        if request.path == AdminRouter.prefix || request.path.hasPrefix(AdminRouter.prefix + "/") {
            writer.send(router.handle(request))
            return
        }
        guard let stub = engine.serve(request) else {
            let closest = engine.nearMisses(for: request, limit: 1).first?.stub
            engine.journal.record(ServeEvent(request: request, stub: nil, responseStatus: 404))
            writer.send(.text(404, NotMatchedReport.render(request: request, closest: closest)))
            return
        }
        if let upstream = stub.response.proxyBaseUrl {
            let journal = engine.journal
            ProxyForwarder.forward(request, to: upstream, extraHeaders: stub.response.additionalProxyRequestHeaders,
                                   on: writer.eventLoop).whenComplete { result in
                let response: RenderedResponse = switch result {
                case let .success(response): response
                case let .failure(error): .text(502, "proxying to \(upstream) failed: \(error)\n")
                }
                journal.record(ServeEvent(request: request, stub: stub, responseStatus: response.status))
                writer.send(response)
            }
            return
        }
        let response = renderer.render(stub, for: request)
        engine.journal.record(ServeEvent(request: request, stub: stub, responseStatus: response.status))
        writer.send(response)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // A connection silent for the idle timeout with no response owed is dropped, so abandoned
        // or slowloris connections do not pile up.
        if event is IdleStateHandler.IdleStateEvent, !responding {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension HTTPMockHandler: Sendable {}
