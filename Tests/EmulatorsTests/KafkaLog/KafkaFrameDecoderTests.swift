import NIOCore
import Testing
@testable import Emulators

extension KafkaLogTests {
    @Suite struct KafkaFrameDecoderTests {
        let decoder = KafkaFrameDecoder(maximumFrameLength: 1024)

        @Test func waitsForTheWholeFrame() throws {
            var buffer = ByteBuffer()
            buffer.writeInteger(Int32(5))
            buffer.writeString("abc")
            #expect(try decoder.nextFrame(&buffer) == nil)
            buffer.writeString("de")
            #expect(try decoder.nextFrame(&buffer) == ByteBuffer(string: "abcde"))
            #expect(buffer.readableBytes == 0)
        }

        @Test func refusesA2GiBLengthPrefixBeforeAnyBodyArrives() {
            var buffer = ByteBuffer()
            buffer.writeInteger(Int32.max)
            #expect(throws: KafkaProtocolError.frameTooLarge(Int(Int32.max))) { try decoder.nextFrame(&buffer) }
        }

        @Test func refusesANegativeLengthPrefix() {
            var buffer = ByteBuffer()
            buffer.writeInteger(Int32(-4))
            #expect(throws: KafkaProtocolError.negativeFrameLength(-4)) { try decoder.nextFrame(&buffer) }
        }

        @Test func splitsBackToBackFrames() throws {
            var buffer = ByteBuffer()
            for body in ["one", "", "three"] {
                buffer.writeInteger(Int32(body.utf8.count))
                buffer.writeString(body)
            }
            #expect(try decoder.nextFrame(&buffer) == ByteBuffer(string: "one"))
            #expect(try decoder.nextFrame(&buffer) == ByteBuffer())
            #expect(try decoder.nextFrame(&buffer) == ByteBuffer(string: "three"))
            #expect(try decoder.nextFrame(&buffer) == nil)
        }
    }
}
