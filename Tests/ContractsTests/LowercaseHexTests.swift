import Contracts
import Testing

/// The hex every digest, ETag and signature is written in.
struct LowercaseHexTests {
    @Test func writesTwoLowercaseDigitsPerByteInOrder() {
        let bytes: [UInt8] = [0x00, 0x09, 0x0a, 0x0f, 0x10, 0xa5, 0xf0, 0xff]
        #expect(LowercaseHex.text(of: bytes) == "00090a0f10a5f0ff")
        #expect(LowercaseHex.text(of: [UInt8]()) == "")
        let all = LowercaseHex.text(of: (0...255).map(UInt8.init))
        #expect(all.utf8.count == 512)
        #expect(all.hasPrefix("000102") && all.hasSuffix("fdfeff"))
        #expect(all.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
    }
}
