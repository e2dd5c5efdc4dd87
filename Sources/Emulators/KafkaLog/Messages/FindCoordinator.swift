import NIOCore

/// FindCoordinator (key 10) v0–v2: the coordinator of every group (and transaction) is this broker.
struct FindCoordinatorRequest: Sendable, Equatable {
    var key: String

    init(from r: inout KafkaReader, version: Int16) throws {
        key = try r.string("key")
        if version >= 1 { _ = try r.int8("key_type") }
    }
}

struct FindCoordinatorResponse: Sendable, Equatable {
    var errorCode: KafkaErrorCode = .none
    var nodeId: Int32
    var host: String
    var port: Int32

    func write(to buffer: inout ByteBuffer, version: Int16) {
        if version >= 1 { buffer.writeInteger(Int32(0)) }
        buffer.writeInteger(errorCode.code)
        if version >= 1 { buffer.writeKafkaString(nil) }
        buffer.writeInteger(nodeId)
        buffer.writeKafkaString(host)
        buffer.writeInteger(port)
    }
}
