import Contracts
import NIOCore
import NIOHTTP1

/// Answers the requests of ``PipelineControlServer``: routes each request to the control and replies
/// with the pipeline's status as JSON.
final class PipelineControlHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let control: PipelineControl
    private let status: @Sendable () -> JSONValue
    private var head: HTTPRequestHead?

    init(control: PipelineControl, status: @escaping @Sendable () -> JSONValue) {
        self.control = control
        self.status = status
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
        case .body:
            break  // no route takes a body
        case .end:
            guard let head else { return }
            self.head = nil
            let (code, body) = answer(head)
            respond(context: context, head: head, status: code, body: body)
        }
    }

    /// The status code and JSON body for `head`, after carrying out what it asks.
    private func answer(_ head: HTTPRequestHead) -> (HTTPResponseStatus, JSONValue) {
        let parts = head.uri.split(separator: "?", maxSplits: 1)
        let path = parts.first.map(String.init) ?? "/"
        let query = parts.count > 1 ? String(parts[1]) : ""
        switch (head.method, path) {
        case (.GET, "/status"):
            return (.ok, status())
        case (.POST, "/pause"):
            control.pause()
            return (.ok, status())
        case (.POST, "/resume"):
            control.resume()
            return (.ok, status())
        case (.POST, "/rate"):
            let value = query.split(separator: "&").first { $0.hasPrefix("per_second=") }
                .flatMap { Double($0.dropFirst("per_second=".count)) }
            guard let value, value >= 0, value.isFinite else {
                return (.badRequest, ["error": "POST /rate needs ?per_second=R with R ≥ 0 (0 = unlimited)"])
            }
            control.setRate(value)
            return (.ok, status())
        case (_, "/status"), (_, "/pause"), (_, "/resume"), (_, "/rate"):
            return (.methodNotAllowed, ["error": .string("\(head.method) not allowed on \(path)")])
        default:
            return (.notFound, ["error": .string("no route \(path); try GET /status, POST /pause, POST /resume, POST /rate?per_second=R")])
        }
    }

    private func respond(context: ChannelHandlerContext, head request: HTTPRequestHead, status: HTTPResponseStatus, body: JSONValue) {
        let bytes = Array((JSONSerializer.string(body) + "\n").utf8)
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(bytes.count))
        if !request.isKeepAlive { headers.add(name: "connection", value: "close") }
        let response = HTTPResponseHead(version: request.version, status: status, headers: headers)
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !request.isKeepAlive {
            let channel = context.channel
            written.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}

@available(*, unavailable)
extension PipelineControlHandler: Sendable {}
