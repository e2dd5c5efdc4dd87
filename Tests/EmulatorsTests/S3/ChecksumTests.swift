import Testing

@testable import Emulators

@Suite struct ChecksumTests {
    static let checkInput = Array("123456789".utf8)

    @Test func crc32MatchesItsCheckValue() {
        var crc = CRC32(table: CRC32.ieee)
        crc.update(Self.checkInput)
        #expect(crc.value == 0xCBF4_3926)
    }

    @Test func crc32cMatchesItsCheckValue() {
        var crc = CRC32(table: CRC32.castagnoli)
        crc.update(Self.checkInput)
        #expect(crc.value == 0xE306_9283)
    }

    @Test func crcFedInPiecesEqualsCrcOfTheWhole() {
        var pieces = CRC32(table: CRC32.castagnoli)
        pieces.update(Self.checkInput[0..<4])
        pieces.update(Self.checkInput[4...])
        var whole = CRC32(table: CRC32.castagnoli)
        whole.update(Self.checkInput)
        #expect(pieces.value == whole.value)
    }

    @Test func checksumHeadersAreBase64OfTheDigest() {
        #expect(S3ChecksumAlgorithm.crc32.base64Digest(of: Self.checkInput) == "y/Q5Jg==")
        #expect(S3ChecksumAlgorithm.sha256.base64Digest(of: Array("abc".utf8))
            == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")
        #expect(S3ChecksumAlgorithm.sha1.base64Digest(of: Array("abc".utf8)) == "qZk+NkcGgWq6PiVxeFDCbJzQ2J0=")
    }

    @Test func base64RoundTripsEveryLength() {
        for n in 0..<10 {
            let bytes = (0..<n).map { UInt8($0 * 37 & 0xFF) }
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
        }
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
    }

    @Test func base64RefusesMalformedInput() {
        #expect(Base64.decode("not-base64!!") == nil)
        #expect(Base64.decode("abc") == nil)
        #expect(Base64.decode("a=bc") == nil)
    }
}
