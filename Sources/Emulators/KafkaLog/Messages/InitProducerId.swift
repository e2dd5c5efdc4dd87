import NIOCore

/// InitProducerId (key 22) v0–v1: a new producer id for an idempotent producer. Transactions are not
/// supported, so a transactional id is refused.
struct InitProducerIdRequest: Sendable, Equatable {
    var transactionalId: String?

    init(from r: inout KafkaReader, version: Int16) throws {
        transactionalId = try r.nullableString("transactional_id")
        _ = try r.int32("transaction_timeout_ms")
    }
}

struct InitProducerIdResponse: Sendable, Equatable {
    var errorCode: KafkaErrorCode
    var producerId: Int64
    var producerEpoch: Int16

    func write(to buffer: inout ByteBuffer, version: Int16) {
        buffer.writeInteger(Int32(0))
        buffer.writeInteger(errorCode.code)
        buffer.writeInteger(producerId)
        buffer.writeInteger(producerEpoch)
    }
}
