@testable import Platform
import Testing

/// The Thrift compact protocol encoder and decoder: exact bytes for the forms Parquet uses, round trips,
/// skipping of unknown fields, and clear errors on truncated input.
struct ThriftCompactCodecTests {
    @Test func encodesFieldHeadersZigzagVarintsAndStops() {
        var encoder = ThriftCompactEncoder()
        encoder.field(1, i32: 1)  // delta 1, type i32 (5), zigzag(1) = 2
        encoder.field(3, i64: -1)  // delta 2, type i64 (6), zigzag(-1) = 1
        encoder.field(20, i32: 300)  // delta 17 > 15: type byte, then zigzag(20) = 40, then zigzag(300) = 600
        encoder.field(21, bool: true)  // the value lives in the type nibble
        encoder.field(22, string: "ab")
        encoder.stop()
        #expect(encoder.bytes == [0x15, 0x02, 0x26, 0x01, 0x05, 0x28, 0xD8, 0x04, 0x11, 0x18, 0x02, 0x61, 0x62, 0x00])
    }

    @Test func roundTripsNestedStructsListsAndExtremes() throws {
        var encoder = ThriftCompactEncoder()
        encoder.field(1, i32: Int32.min)
        encoder.field(2, i64: Int64.max)
        encoder.beginStruct(4)
        encoder.field(1, bool: false)
        encoder.field(15, i16: -7)
        encoder.endStruct()
        encoder.listField(5, of: .i32, count: 20)
        for value in 0..<20 { encoder.element(i32: Int32(value) * -3) }
        encoder.field(6, binary: [0xFF, 0x00])
        encoder.stop()

        var decoder = ThriftCompactDecoder(encoder.bytes, context: "test")
        var fields: [Int16] = []
        while let field = try decoder.nextField() {
            fields.append(field.id)
            switch field.id {
            case 1: #expect(try decoder.i32() == Int32.min)
            case 2: #expect(try decoder.i64() == Int64.max)
            case 4:
                try decoder.beginStruct()
                #expect(try decoder.nextField()! == (1, .booleanFalse))
                let short = try decoder.nextField()!
                #expect(short.id == 15 && short.type == .i16)
                try decoder.skip(.i16)
                #expect(try decoder.nextField() == nil)
                decoder.endStruct()
            case 5:
                let header = try decoder.listHeader()
                #expect(header.count == 20 && header.type == .i32)
                for value in 0..<20 { #expect(try decoder.i32() == Int32(value) * -3) }
            case 6: #expect(try decoder.binary() == [0xFF, 0x00])
            default: Issue.record("unexpected field \(field.id)")
            }
        }
        #expect(fields == [1, 2, 4, 5, 6])
        #expect(decoder.position == encoder.bytes.count)
    }

    @Test func skipsFieldsItDoesNotKnow() throws {
        var encoder = ThriftCompactEncoder()
        encoder.beginStruct(1)
        encoder.listField(1, of: .structure, count: 2)
        for _ in 0..<2 {
            encoder.beginStruct()
            encoder.field(1, string: "skipped")
            encoder.endStruct()
        }
        encoder.endStruct()
        encoder.field(2, i32: 42)
        encoder.stop()
        var decoder = ThriftCompactDecoder(encoder.bytes, context: "test")
        let first = try decoder.nextField()!
        try decoder.skip(first.type)
        #expect(try decoder.nextField()! == (2, .i32))
        #expect(try decoder.i32() == 42)
    }

    @Test func truncatedInputIsACorruptErrorNotACrash() {
        var encoder = ThriftCompactEncoder()
        encoder.field(1, string: "a string that will be cut")
        encoder.stop()
        let cut = Array(encoder.bytes.prefix(10))
        var decoder = ThriftCompactDecoder(cut, context: "footer")
        #expect(throws: ParquetError.self) {
            while let field = try decoder.nextField() { try decoder.skip(field.type) }
        }
        var endless = ThriftCompactDecoder([0x19, 0xFC, 0xFF, 0xFF, 0xFF, 0x0F], context: "footer")
        do {
            while let field = try endless.nextField() { try endless.skip(field.type) }
            Issue.record("a list longer than its input was accepted")
        } catch {
            #expect(error.kind == .corrupt)
            #expect(error.description.contains("footer"))
        }
    }
}
