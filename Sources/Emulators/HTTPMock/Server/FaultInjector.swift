import NIOCore
import NIOHTTP1
import NIOPosix

/// WireMock's faults, done to the socket so the client sees exactly the breakage it is meant to
/// handle. Raw bytes are written from the HTTP encoder's context, i.e. beneath the HTTP framing.
enum FaultInjector {
    /// What WireMock writes for `RANDOM_DATA_THEN_CLOSE` and inside a malformed chunk.
    static let garbage = Array("lskdu018973t09sylgasjkfg1][]'./.sdlv".utf8)

    static func inject(_ fault: ResponseDefinition.Fault, status: Int, context: ChannelHandlerContext) {
        switch fault {
        case .emptyResponse:
            context.close(promise: nil)
        case .connectionResetByPeer:
            // SO_LINGER with a zero timeout makes close() send RST instead of FIN.
            guard let socket = context.channel as? any SocketOptionProvider else {
                context.close(promise: nil)
                return
            }
            let channel = context.channel
            socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
        case .randomDataThenClose:
            writeRaw(garbage, context: context)
        case .malformedResponseChunk:
            let head = "HTTP/1.1 \(status) \(HTTPResponseStatus(statusCode: status).reasonPhrase)\r\nTransfer-Encoding: chunked\r\n\r\n"
            writeRaw(Array(head.utf8) + garbage, context: context)
        }
    }

    private static func writeRaw(_ bytes: [UInt8], context: ChannelHandlerContext) {
        let buffer = context.channel.allocator.buffer(bytes: bytes)
        guard let encoder = try? context.pipeline.syncOperations.context(handlerType: HTTPResponseEncoder.self) else {
            context.close(promise: nil)
            return
        }
        let channel = context.channel
        encoder.writeAndFlush(NIOAny(buffer)).whenComplete { _ in channel.close(promise: nil) }
    }
}
