/// Reads Thrift compact protocol bytes (Parquet's footer and page headers), refusing anything that runs
/// past its buffer or nests absurdly deep with a ``ParquetError`` instead of trapping.
///
/// Callers walk a struct with ``nextField()`` until it returns nil, read the fields they know, and
/// ``skip(_:)`` the rest, so files from newer writers with extra fields still read.
struct ThriftCompactDecoder {
    private let bytes: [UInt8]
    /// Where the next byte is read.
    private(set) var position: Int
    private let end: Int
    private var lastFieldID: Int16 = 0
    private var outerFieldIDs: [Int16] = []
    /// What the bytes are, for error messages ("page header at offset 4").
    private let context: String

    /// Reads `bytes[start..<end]` (all of it by default).
    init(_ bytes: [UInt8], from start: Int = 0, to end: Int? = nil, context: String) {
        self.bytes = bytes
        self.position = start
        self.end = Swift.min(end ?? bytes.count, bytes.count)
        self.context = context
    }

    /// The next field's id and type in the current struct, or nil at its stop byte. A boolean field's value
    /// is its type: `.booleanTrue` or `.booleanFalse`.
    mutating func nextField() throws(ParquetError) -> (id: Int16, type: ThriftCompactType)? {
        let header = try byte()
        if header == 0 { return nil }
        guard let type = ThriftCompactType(rawValue: header & 0x0F) else {
            throw corrupt("unknown field type \(header & 0x0F)")
        }
        let delta = header >> 4
        if delta != 0 {
            lastFieldID &+= Int16(delta)
        } else {
            let id = try zigzag(varint())
            guard let narrow = Int16(exactly: id) else { throw corrupt("field id \(id) out of range") }
            lastFieldID = narrow
        }
        return (lastFieldID, type)
    }

    /// Enters a struct (after its field header, or as a list element).
    mutating func beginStruct() throws(ParquetError) {
        guard outerFieldIDs.count < 64 else { throw corrupt("structs nested more than 64 deep") }
        outerFieldIDs.append(lastFieldID)
        lastFieldID = 0
    }

    /// Leaves a struct whose stop byte ``nextField()`` returned nil for.
    mutating func endStruct() {
        lastFieldID = outerFieldIDs.popLast() ?? 0
    }

    mutating func int8() throws(ParquetError) -> Int8 {
        Int8(bitPattern: try byte())
    }

    mutating func i32() throws(ParquetError) -> Int32 {
        let value = try zigzag(varint())
        guard let narrow = Int32(exactly: value) else { throw corrupt("i32 value \(value) out of range") }
        return narrow
    }

    mutating func i64() throws(ParquetError) -> Int64 {
        try zigzag(varint())
    }

    /// A binary (or string) value's bytes.
    mutating func binary() throws(ParquetError) -> [UInt8] {
        let length = try varint()
        guard length <= UInt64(end - position) else {
            throw corrupt("binary of \(length) bytes runs past the end")
        }
        let start = position
        position += Int(length)
        return Array(bytes[start..<position])
    }

    mutating func string() throws(ParquetError) -> String {
        String(decoding: try binary(), as: UTF8.self)
    }

    /// A list header: the elements' type and how many follow.
    mutating func listHeader() throws(ParquetError) -> (type: ThriftCompactType, count: Int) {
        let header = try byte()
        guard let type = ThriftCompactType(rawValue: header & 0x0F) else {
            throw corrupt("unknown list element type \(header & 0x0F)")
        }
        var count = UInt64(header >> 4)
        if count == 15 { count = try varint() }
        // Every element takes at least one byte, which bounds a corrupt count before anything is allocated.
        guard count <= UInt64(end - position) else { throw corrupt("list of \(count) elements runs past the end") }
        return (type, Int(count))
    }

    /// Skips a value of `type` whose header was already read.
    mutating func skip(_ type: ThriftCompactType) throws(ParquetError) {
        switch type {
        case .stop: throw corrupt("stop where a value was expected")
        case .booleanTrue, .booleanFalse: return
        case .byte: _ = try byte()
        case .i16, .i32, .i64: _ = try varint()
        case .double: try advance(8)
        case .binary:
            let length = try varint()
            guard length <= UInt64(end - position) else { throw corrupt("binary runs past the end") }
            position += Int(length)
        case .list, .set:
            let (elementType, count) = try listHeader()
            for _ in 0..<count { try skipElement(elementType) }
        case .map:
            let count = try varint()
            guard count > 0 else { return }
            guard count <= UInt64(end - position) else { throw corrupt("map runs past the end") }
            let types = try byte()
            guard let key = ThriftCompactType(rawValue: types >> 4), let value = ThriftCompactType(rawValue: types & 0x0F)
            else { throw corrupt("unknown map types \(types)") }
            for _ in 0..<count {
                try skipElement(key)
                try skipElement(value)
            }
        case .structure:
            try beginStruct()
            while let field = try nextField() { try skip(field.type) }
            endStruct()
        }
    }

    /// Skips a list, set or map element: booleans there take one byte.
    private mutating func skipElement(_ type: ThriftCompactType) throws(ParquetError) {
        if type == .booleanTrue || type == .booleanFalse {
            _ = try byte()
        } else {
            try skip(type)
        }
    }

    private mutating func byte() throws(ParquetError) -> UInt8 {
        guard position < end else { throw corrupt("ends in the middle of a value") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func advance(_ count: Int) throws(ParquetError) {
        guard count <= end - position else { throw corrupt("ends in the middle of a value") }
        position += count
    }

    private mutating func varint() throws(ParquetError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw corrupt("varint longer than 10 bytes") }
            result |= UInt64(next & 0x7F) << shift
            if next & 0x80 == 0 { return result }
            shift += 7
        }
    }

    private func zigzag(_ value: UInt64) -> Int64 {
        Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    private func corrupt(_ reason: String) -> ParquetError {
        .corrupt("\(context): \(reason)")
    }
}
