/// How the body of a signed request is protected, from `x-amz-content-sha256` (or the presigned default).
public enum S3PayloadMode: Sendable, Equatable {
    /// The body's SHA-256 is signed; the server checks it once the body is in.
    case signed(sha256Hex: String)
    /// `UNSIGNED-PAYLOAD`: the body is not covered (presigned URLs, some clients over TLS).
    case unsigned
    /// `STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`: aws-chunked, every chunk signed, chained on the seed.
    case streamingSigned(trailer: Bool)
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`: aws-chunked without signatures, a checksum trailer at the end.
    case streamingUnsignedTrailer

    /// Reads the header value; nil for a value S3 does not know.
    init?(header value: String) {
        switch value {
        case "UNSIGNED-PAYLOAD": self = .unsigned
        case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD": self = .streamingSigned(trailer: false)
        case "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER": self = .streamingSigned(trailer: true)
        case "STREAMING-UNSIGNED-PAYLOAD-TRAILER": self = .streamingUnsignedTrailer
        default:
            let bytes = value.utf8
            guard bytes.count == 64, bytes.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) else {
                return nil
            }
            self = .signed(sha256Hex: value)
        }
    }

    /// Whether the body is aws-chunked and must be decoded.
    var isChunked: Bool {
        switch self {
        case .streamingSigned, .streamingUnsignedTrailer: true
        case .signed, .unsigned: false
        }
    }
}
