/// Lowercase hexadecimal text of bytes (digests in events, `x-amz-content-sha256`, derived ids).
///
/// Written out by hand because `String(format: "%02x")` per byte goes through Foundation's formatter
/// and costs microseconds per digest, which the stream consumer pays several times per message.
enum HexText {
    private static let digits = Array("0123456789abcdef".utf8)

    /// Two lowercase hex digits per byte of `bytes`, in order.
    static func lowercase<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
