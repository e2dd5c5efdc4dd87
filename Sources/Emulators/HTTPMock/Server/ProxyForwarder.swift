import NIOCore
import NIOHTTP1
import NIOPosix

/// `proxyBaseUrl`: forwards the request to a real upstream over plain HTTP/1.1 and relays its answer.
enum ProxyForwarder {
    /// Headers that belong to one connection and must not be forwarded (RFC 9110 §7.6.1).
    private static let hopByHop: Set<String> = ["connection", "keep-alive", "transfer-encoding", "te", "upgrade", "host", "content-length"]

    static func forward(
        _ request: MockRequest, to baseURL: String, extraHeaders: [(name: String, value: String)], on eventLoop: any EventLoop
    ) -> EventLoopFuture<RenderedResponse> {
        guard let target = Upstream(baseURL) else {
            return eventLoop.makeFailedFuture(ProxyError(message: "only http:// upstreams are supported: \(baseURL)"))
        }
        var headers = HTTPHeaders(request.headers.filter { !hopByHop.contains($0.name.lowercased()) }.map { ($0.name, $0.value) })
        for (name, value) in extraHeaders { headers.replaceOrAdd(name: name, value: value) }
        headers.replaceOrAdd(name: "Host", value: target.hostHeader)
        headers.replaceOrAdd(name: "Content-Length", value: String(request.body.count))
        headers.replaceOrAdd(name: "Connection", value: "close")
        let head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: request.method),
                                   uri: target.pathPrefix + request.url, headers: headers)
        let promise = eventLoop.makePromise(of: RenderedResponse.self)
        let body = request.body
        ClientBootstrap(group: eventLoop)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ProxyResponseCollector(promise: promise))
                }
            }
            .connect(host: target.host, port: target.port)
            .whenComplete { result in
                switch result {
                case let .failure(error):
                    promise.fail(error)
                case let .success(channel):
                    channel.write(HTTPClientRequestPart.head(head), promise: nil)
                    if !body.isEmpty {
                        channel.write(HTTPClientRequestPart.body(.byteBuffer(channel.allocator.buffer(bytes: body))), promise: nil)
                    }
                    channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
                }
            }
        return promise.futureResult
    }

    /// The parts of `http://host:port/prefix`.
    private struct Upstream {
        let host: String
        let port: Int
        let pathPrefix: String
        var hostHeader: String { port == 80 ? host : "\(host):\(port)" }

        init?(_ url: String) {
            guard url.hasPrefix("http://") else { return nil }
            let rest = url.dropFirst("http://".count)
            let authority = rest.prefix { $0 != "/" }
            var prefix = String(rest.dropFirst(authority.count))
            while prefix.hasSuffix("/") { prefix.removeLast() }
            pathPrefix = prefix
            if let colon = authority.lastIndex(of: ":"), let port = Int(authority[authority.index(after: colon)...]) {
                host = String(authority[..<colon])
                self.port = port
            } else {
                host = String(authority)
                port = 80
            }
            guard !host.isEmpty else { return nil }
        }
    }
}

/// Why a proxied request failed.
struct ProxyError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Gathers the upstream's response into a ``RenderedResponse`` and closes the upstream connection.
private final class ProxyResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<RenderedResponse>
    private var response: RenderedResponse?

    init(promise: EventLoopPromise<RenderedResponse>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(head):
            let headers = head.headers.filter { !["connection", "transfer-encoding", "content-length"].contains($0.name.lowercased()) }
            response = RenderedResponse(status: Int(head.status.code), statusMessage: head.status.reasonPhrase,
                                        headers: headers.map { ($0.name, $0.value) })
        case let .body(buffer):
            response?.body += Array(buffer.readableBytesView)
        case .end:
            if let response { promise.succeed(response) }
            response = nil
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ProxyError(message: "the upstream closed the connection before answering"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }
}
