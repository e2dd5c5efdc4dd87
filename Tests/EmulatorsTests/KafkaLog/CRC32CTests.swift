import Testing
@testable import Emulators

extension KafkaLogTests {
    @Suite struct CRC32CTests {
        @Test func matchesTheCastagnoliCheckValue() {
            let input = Array("123456789".utf8)
            #expect(input.withUnsafeBytes { CRC32C.checksum($0) } == 0xE306_9283)
        }

        @Test func theTableAndTheCPUInstructionAgreeWithTheBitwiseDefinitionAtEveryLength() {
            let data = (0..<100).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            for length in 0...data.count {
                let sliced = data[0..<length].withUnsafeBytes { CRC32C.software($0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, count: length) }
                let chosen = data[0..<length].withUnsafeBytes { CRC32C.checksum($0) }
                var crc: UInt32 = 0xFFFF_FFFF
                for byte in data[0..<length] {
                    crc ^= UInt32(byte)
                    for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
                }
                #expect(sliced == crc ^ 0xFFFF_FFFF, "length \(length)")
                #expect(chosen == sliced || length == 0, "hardware and software differ at length \(length)")
            }
        }
    }
}
