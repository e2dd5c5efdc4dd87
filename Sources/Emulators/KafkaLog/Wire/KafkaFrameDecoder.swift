import NIOCore

/// Splits the byte stream into request frames on Kafka's 4-byte big-endian length prefix.
///
/// The prefix is checked before any byte of the body is awaited: a negative length, or one above
/// ``maximumFrameLength``, is an error at once, so a client announcing 2 GiB never makes the broker
/// buffer (or allocate) anything for it. Bytes left over when the peer closes are a truncated frame.
struct KafkaFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    /// Kafka's own default for `socket.request.max.bytes` is 100 MiB.
    static let defaultMaximumFrameLength = 100 * 1024 * 1024

    let maximumFrameLength: Int

    init(maximumFrameLength: Int = KafkaFrameDecoder.defaultMaximumFrameLength) {
        self.maximumFrameLength = maximumFrameLength
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let frame = try nextFrame(&buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame))
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while let frame = try nextFrame(&buffer) {
            context.fireChannelRead(Self.wrapInboundOut(frame))
        }
        if buffer.readableBytes > 0 { throw KafkaProtocolError.truncatedFrame(buffer.readableBytes) }
        return .needMoreData
    }

    /// The next complete frame's body, or `nil` until all of it has arrived.
    func nextFrame(_ buffer: inout ByteBuffer) throws -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: Int32.self) else { return nil }
        guard length >= 0 else { throw KafkaProtocolError.negativeFrameLength(Int(length)) }
        guard Int(length) <= maximumFrameLength else { throw KafkaProtocolError.frameTooLarge(Int(length)) }
        guard buffer.readableBytes >= 4 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(length))
    }
}
