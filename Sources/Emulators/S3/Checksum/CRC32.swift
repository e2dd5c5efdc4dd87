/// A table-driven CRC-32 over a reflected polynomial, the building block of both checksums S3 offers.
///
/// S3's `x-amz-checksum-crc32` uses the IEEE polynomial (as zlib does) and `x-amz-checksum-crc32c` the
/// Castagnoli one; both are reflected, start from all ones and are inverted at the end, so one
/// implementation parameterised by its table serves both.
public struct CRC32: Sendable {
    /// The IEEE 802.3 polynomial (reflected), used by zlib, gzip and `x-amz-checksum-crc32`.
    public static let ieee = CRC32Table(reflectedPolynomial: 0xEDB8_8320)
    /// The Castagnoli polynomial (reflected), used by iSCSI and `x-amz-checksum-crc32c`.
    public static let castagnoli = CRC32Table(reflectedPolynomial: 0x82F6_3B78)

    private let table: CRC32Table
    private var state: UInt32 = 0xFFFF_FFFF

    /// Starts an empty checksum over `table`.
    public init(table: CRC32Table) {
        self.table = table
    }

    /// Feeds `bytes` into the checksum; call it as often as the data arrives.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        var crc = state
        let entries = table.entries
        for byte in bytes {
            crc = entries[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        state = crc
    }

    /// The checksum of everything fed so far.
    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    /// The checksum's four bytes, most significant first, as S3 base64-encodes them.
    public var bigEndianBytes: [UInt8] {
        let v = value
        return [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
    }
}

/// The 256 remainders of one reflected CRC-32 polynomial, computed once per polynomial.
public final class CRC32Table: Sendable {
    let entries: [UInt32]

    init(reflectedPolynomial: UInt32) {
        entries = (0..<256).map { index in
            var c = UInt32(index)
            for _ in 0..<8 {
                c = (c & 1) != 0 ? (c >> 1) ^ reflectedPolynomial : c >> 1
            }
            return c
        }
    }
}
