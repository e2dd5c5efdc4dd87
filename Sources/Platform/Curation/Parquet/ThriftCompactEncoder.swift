/// Writes Thrift compact protocol bytes: how Parquet serializes its footer and page headers.
///
/// Integers are zigzag varints, a field header packs the field id delta with the type in one byte, a
/// struct ends with a stop byte, and a boolean field keeps its value in the header's type nibble. Field
/// ids are relative to the previous field of the same struct, so ``beginStruct(_:)`` and ``endStruct()``
/// keep a stack of the last id written per open struct.
struct ThriftCompactEncoder {
    private(set) var bytes: [UInt8] = []
    private var lastFieldID: Int16 = 0
    private var outerFieldIDs: [Int16] = []

    init() {
        bytes.reserveCapacity(256)
    }

    // MARK: Fields

    mutating func field(_ id: Int16, i16 value: Int16) {
        fieldHeader(id, .i16)
        varint(zigzag(Int64(value)))
    }

    mutating func field(_ id: Int16, i32 value: Int32) {
        fieldHeader(id, .i32)
        varint(zigzag(Int64(value)))
    }

    mutating func field(_ id: Int16, i64 value: Int64) {
        fieldHeader(id, .i64)
        varint(zigzag(value))
    }

    mutating func field(_ id: Int16, byte value: Int8) {
        fieldHeader(id, .byte)
        bytes.append(UInt8(bitPattern: value))
    }

    mutating func field(_ id: Int16, bool value: Bool) {
        fieldHeader(id, value ? .booleanTrue : .booleanFalse)
    }

    mutating func field(_ id: Int16, binary value: some Collection<UInt8>) {
        fieldHeader(id, .binary)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func field(_ id: Int16, string value: String) {
        field(id, binary: value.utf8)
    }

    /// Starts a struct-valued field; close it with ``endStruct()``.
    mutating func beginStruct(_ id: Int16) {
        fieldHeader(id, .structure)
        beginStruct()
    }

    /// Starts a struct that is a list element (no field header); close it with ``endStruct()``.
    mutating func beginStruct() {
        outerFieldIDs.append(lastFieldID)
        lastFieldID = 0
    }

    /// Ends the innermost open struct with a stop byte.
    mutating func endStruct() {
        bytes.append(ThriftCompactType.stop.rawValue)
        lastFieldID = outerFieldIDs.removeLast()
    }

    /// A struct-valued field that holds an empty struct, as Parquet's marker types (`StringType`,
    /// `TypeDefinedOrder`) are.
    mutating func emptyStruct(_ id: Int16) {
        beginStruct(id)
        endStruct()
    }

    /// Starts a list-valued field of `count` elements of `elementType`; the elements follow.
    mutating func listField(_ id: Int16, of elementType: ThriftCompactType, count: Int) {
        fieldHeader(id, .list)
        listHeader(elementType, count: count)
    }

    /// Ends the outermost message (the struct the encoder was made for).
    mutating func stop() {
        bytes.append(ThriftCompactType.stop.rawValue)
    }

    // MARK: List elements

    mutating func element(i32 value: Int32) {
        varint(zigzag(Int64(value)))
    }

    mutating func element(binary value: some Collection<UInt8>) {
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    // MARK: Primitives

    private mutating func fieldHeader(_ id: Int16, _ type: ThriftCompactType) {
        let delta = Int(id) - Int(lastFieldID)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            varint(zigzag(Int64(id)))
        }
        lastFieldID = id
    }

    private mutating func listHeader(_ elementType: ThriftCompactType, count: Int) {
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            varint(UInt64(count))
        }
    }

    private mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    private func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }
}
