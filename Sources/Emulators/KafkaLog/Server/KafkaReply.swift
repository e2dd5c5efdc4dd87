import NIOCore

/// What the router makes of one request: a framed response now, one later, or none (acks=0 produce).
enum KafkaReply {
    case now(ByteBuffer)
    case later(EventLoopFuture<ByteBuffer>)
    case none
}
