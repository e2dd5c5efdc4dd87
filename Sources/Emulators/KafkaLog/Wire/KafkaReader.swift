import NIOCore

/// Reads Kafka protocol primitives from one request frame, throwing instead of trapping on short input.
///
/// Every length read from the wire is checked against the bytes that are actually left before anything
/// is sliced or allocated, so a hostile length (an array of 2^31 elements, a 2 GiB string) fails fast.
struct KafkaReader {
    private(set) var buffer: ByteBuffer

    init(_ buffer: ByteBuffer) { self.buffer = buffer }

    var remaining: Int { buffer.readableBytes }

    mutating func int8(_ field: String = "int8") throws -> Int8 {
        guard let v = buffer.readInteger(as: Int8.self) else { throw KafkaProtocolError.truncatedField(field) }
        return v
    }

    mutating func int16(_ field: String = "int16") throws -> Int16 {
        guard let v = buffer.readInteger(as: Int16.self) else { throw KafkaProtocolError.truncatedField(field) }
        return v
    }

    mutating func int32(_ field: String = "int32") throws -> Int32 {
        guard let v = buffer.readInteger(as: Int32.self) else { throw KafkaProtocolError.truncatedField(field) }
        return v
    }

    mutating func int64(_ field: String = "int64") throws -> Int64 {
        guard let v = buffer.readInteger(as: Int64.self) else { throw KafkaProtocolError.truncatedField(field) }
        return v
    }

    mutating func bool(_ field: String = "bool") throws -> Bool { try int8(field) != 0 }

    mutating func unsignedVarint(_ field: String = "varint") throws -> UInt32 {
        var value: UInt32 = 0
        var shift: UInt32 = 0
        while true {
            guard let byte = buffer.readInteger(as: UInt8.self) else { throw KafkaProtocolError.truncatedField(field) }
            value |= UInt32(byte & 0x7f) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
            if shift > 28 { throw KafkaProtocolError.invalidVarint }
        }
    }

    /// A zig-zag encoded signed varint, as record fields use.
    mutating func varint(_ field: String = "varint") throws -> Int32 {
        let raw = try unsignedVarint(field)
        return Int32(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    /// A zig-zag encoded signed varlong.
    mutating func varlong(_ field: String = "varlong") throws -> Int64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard let byte = buffer.readInteger(as: UInt8.self) else { throw KafkaProtocolError.truncatedField(field) }
            value |= UInt64(byte & 0x7f) << shift
            if byte & 0x80 == 0 { break }
            shift += 7
            if shift > 63 { throw KafkaProtocolError.invalidVarint }
        }
        return Int64(bitPattern: (value >> 1) ^ (0 &- (value & 1)))
    }

    mutating func slice(length: Int, _ field: String) throws -> ByteBuffer {
        guard length >= 0, length <= buffer.readableBytes, let s = buffer.readSlice(length: length) else {
            throw KafkaProtocolError.truncatedField(field)
        }
        return s
    }

    private mutating func utf8(length: Int, _ field: String) throws -> String {
        guard length <= buffer.readableBytes else { throw KafkaProtocolError.truncatedField(field) }
        guard let s = buffer.readString(length: length) else { throw KafkaProtocolError.invalidString }
        return s
    }

    mutating func nullableString(_ field: String = "string", flexible: Bool = false) throws -> String? {
        let length = flexible ? Int(try unsignedVarint(field)) - 1 : Int(try int16(field))
        return length < 0 ? nil : try utf8(length: length, field)
    }

    mutating func string(_ field: String = "string", flexible: Bool = false) throws -> String {
        try nullableString(field, flexible: flexible) ?? ""
    }

    mutating func nullableBytes(_ field: String = "bytes", flexible: Bool = false) throws -> ByteBuffer? {
        let length = flexible ? Int(try unsignedVarint(field)) - 1 : Int(try int32(field))
        return length < 0 ? nil : try slice(length: length, field)
    }

    mutating func bytes(_ field: String = "bytes", flexible: Bool = false) throws -> ByteBuffer {
        try nullableBytes(field, flexible: flexible) ?? ByteBuffer()
    }

    /// An array; `nil` when the wire says null. Each element takes at least one byte, which bounds the count.
    mutating func nullableArray<T>(
        _ field: String = "array", flexible: Bool = false, _ element: (inout KafkaReader) throws -> T
    ) throws -> [T]? {
        let count = flexible ? Int(try unsignedVarint(field)) - 1 : Int(try int32(field))
        if count < 0 { return nil }
        guard count <= buffer.readableBytes else { throw KafkaProtocolError.truncatedField(field) }
        var out: [T] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try element(&self)) }
        return out
    }

    mutating func array<T>(
        _ field: String = "array", flexible: Bool = false, _ element: (inout KafkaReader) throws -> T
    ) throws -> [T] {
        try nullableArray(field, flexible: flexible, element) ?? []
    }

    /// Skips a flexible version's tagged fields: none of them change what this broker does.
    mutating func skipTaggedFields() throws {
        let count = try unsignedVarint("tagged fields")
        for _ in 0..<count {
            _ = try unsignedVarint("tag")
            let size = Int(try unsignedVarint("tag size"))
            _ = try slice(length: size, "tagged field")
        }
    }
}
