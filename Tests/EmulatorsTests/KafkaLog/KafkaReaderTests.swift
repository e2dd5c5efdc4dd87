import NIOCore
import Testing
@testable import Emulators

extension KafkaLogTests {
    @Suite struct KafkaReaderTests {
        @Test func varintsRoundTrip() throws {
            let values: [Int32] = [0, 1, -1, 63, -64, 64, 300, -300, .max, .min]
            var buffer = ByteBuffer()
            for v in values { buffer.writeVarint(v) }
            var reader = KafkaReader(buffer)
            #expect(try values.map { _ in try reader.varint() } == values)
        }

        @Test func varlongsRoundTrip() throws {
            let values: [Int64] = [0, -1, 1 << 40, -(1 << 40), .max, .min]
            var buffer = ByteBuffer()
            for v in values { buffer.writeVarlong(v) }
            var reader = KafkaReader(buffer)
            #expect(try values.map { _ in try reader.varlong() } == values)
        }

        @Test func stringsAndBytesRoundTripInBothEncodings() throws {
            for flexible in [false, true] {
                var buffer = ByteBuffer()
                buffer.writeKafkaString("topic", flexible: flexible)
                buffer.writeKafkaString(nil, flexible: flexible)
                buffer.writeKafkaBytes(ByteBuffer(string: "xyz"), flexible: flexible)
                var reader = KafkaReader(buffer)
                #expect(try reader.string(flexible: flexible) == "topic")
                #expect(try reader.nullableString(flexible: flexible) == nil)
                #expect(try reader.bytes(flexible: flexible) == ByteBuffer(string: "xyz"))
                #expect(reader.remaining == 0)
            }
        }

        @Test func aHostileArrayCountFailsWithoutAllocating() {
            var buffer = ByteBuffer()
            buffer.writeInteger(Int32.max)
            var reader = KafkaReader(buffer)
            #expect(throws: KafkaProtocolError.self) { try reader.array { try $0.int32() } }
        }

        @Test func aStringLongerThanTheFrameFails() {
            var buffer = ByteBuffer()
            buffer.writeInteger(Int16(200))
            buffer.writeString("short")
            var reader = KafkaReader(buffer)
            #expect(throws: KafkaProtocolError.truncatedField("s")) { try reader.string("s") }
        }
    }
}
