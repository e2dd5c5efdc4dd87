import NIOCore

/// Writers for Kafka protocol primitives, the mirror of ``KafkaReader``.
extension ByteBuffer {
    mutating func writeKafkaBool(_ value: Bool) { writeInteger(value ? 1 : 0, as: Int8.self) }

    mutating func writeUnsignedVarint(_ value: UInt32) {
        var v = value
        while v >= 0x80 {
            writeInteger(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        writeInteger(UInt8(v))
    }

    mutating func writeVarint(_ value: Int32) {
        writeUnsignedVarint(UInt32(bitPattern: (value << 1) ^ (value >> 31)))
    }

    mutating func writeVarlong(_ value: Int64) {
        var v = UInt64(bitPattern: (value << 1) ^ (value >> 63))
        while v >= 0x80 {
            writeInteger(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        writeInteger(UInt8(v))
    }

    mutating func writeKafkaString(_ value: String?, flexible: Bool = false) {
        guard let value else {
            if flexible { writeUnsignedVarint(0) } else { writeInteger(-1, as: Int16.self) }
            return
        }
        let utf8 = value.utf8
        if flexible { writeUnsignedVarint(UInt32(utf8.count + 1)) } else { writeInteger(Int16(utf8.count)) }
        writeBytes(utf8)
    }

    mutating func writeKafkaBytes(_ value: ByteBuffer?, flexible: Bool = false) {
        guard var value else {
            if flexible { writeUnsignedVarint(0) } else { writeInteger(-1, as: Int32.self) }
            return
        }
        if flexible { writeUnsignedVarint(UInt32(value.readableBytes + 1)) } else { writeInteger(Int32(value.readableBytes)) }
        writeBuffer(&value)
    }

    mutating func writeKafkaArray<C: Collection>(
        _ items: C?, flexible: Bool = false, _ element: (inout ByteBuffer, C.Element) -> Void
    ) {
        guard let items else {
            if flexible { writeUnsignedVarint(0) } else { writeInteger(-1, as: Int32.self) }
            return
        }
        if flexible { writeUnsignedVarint(UInt32(items.count + 1)) } else { writeInteger(Int32(items.count)) }
        for item in items { element(&self, item) }
    }

    /// An empty tagged-field section, the end of every flexible structure this broker writes.
    mutating func writeEmptyTaggedFields() { writeUnsignedVarint(0) }
}
