import Crypto
import NIOCore

/// Decodes an `aws-chunked` body (`Content-Encoding: aws-chunked`), the framing S3 clients use to stream
/// an upload whose signature or checksum is only known chunk by chunk:
///
///     <hex size>[;chunk-signature=<sig>]\r\n<data>\r\n … 0[;chunk-signature=<sig>]\r\n[<trailer>:<value>\r\n…]\r\n
///
/// With a signing context, every chunk's signature is checked against the chain started by the request's
/// seed signature, and a signed trailer block against `x-amz-trailer-signature`; one flipped bit anywhere
/// refuses the whole upload.
struct AWSChunkedDecoder {
    /// What the decoder needs to check chunk signatures.
    struct Signing {
        let authorization: SigV4Authorization
    }

    /// The decoded payload and the trailers (lower-case names) that followed it.
    struct Decoded {
        var payload: ByteBuffer
        var trailers: [String: String]
    }

    /// Decodes `body`; throws `SignatureDoesNotMatch` for a bad chunk signature and `IncompleteBody`
    /// (or a malformed-request error) for broken framing.
    static func decode(_ body: ByteBuffer, signing: Signing?) throws(S3Error) -> Decoded {
        var input = body
        var payload = ByteBuffer()
        payload.reserveCapacity(body.readableBytes)
        var previous = signing?.authorization.seedSignature ?? ""
        while true {
            guard let line = readLine(&input) else { throw .incompleteBody }
            let header = line.split(separator: ";", maxSplits: 1)
            guard let sizeText = header.first, let size = Int(sizeText.trimmingSpaces(), radix: 16), size >= 0 else {
                throw .invalidRequest("The aws-chunked body has a malformed chunk header.")
            }
            guard let chunk = input.readSlice(length: size) else { throw .incompleteBody }
            if let signing {
                guard header.count == 2, header[1].hasPrefix("chunk-signature=") else { throw .signatureDoesNotMatch }
                let given = String(header[1].dropFirst("chunk-signature=".count))
                let auth = signing.authorization
                let expected = SigV4Signing.chunkSignature(
                    key: auth.signingKey, amzDate: auth.amzDate, scope: auth.scope, previous: previous,
                    chunkSHA256: chunk.sha256Hex)
                guard SigV4Signing.constantTimeEqual(expected, given) else { throw .signatureDoesNotMatch }
                previous = given
            }
            if size == 0 { break }
            payload.writeImmutableBuffer(chunk)
            guard readLine(&input) == "" else { throw .invalidRequest("The aws-chunked body has a malformed chunk.") }
        }
        var trailers: [String: String] = [:]
        var trailerText = ""
        var trailerSignature: String?
        while let line = readLine(&input), !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw .invalidRequest("The aws-chunked body has a malformed trailer.") }
            let name = line[..<colon].lowercased()
            let value = String(line[line.index(after: colon)...].trimmingSpaces())
            if name == "x-amz-trailer-signature" {
                trailerSignature = value
            } else {
                trailers[name] = value
                trailerText += "\(name):\(value)\n"
            }
        }
        if let signing, signing.authorization.payload == .streamingSigned(trailer: true) {
            let auth = signing.authorization
            let expected = SigV4Signing.trailerSignature(key: auth.signingKey, amzDate: auth.amzDate, scope: auth.scope,
                                                         previous: previous, trailers: trailerText)
            guard let trailerSignature, SigV4Signing.constantTimeEqual(expected, trailerSignature) else {
                throw .signatureDoesNotMatch
            }
        }
        return Decoded(payload: payload, trailers: trailers)
    }

    /// Reads up to the next CRLF (exclusive) and consumes it; nil when there is none.
    private static func readLine(_ buffer: inout ByteBuffer) -> Substring? {
        let view = buffer.readableBytesView
        guard let cr = view.firstIndex(of: UInt8(ascii: "\r")), cr + 1 < view.endIndex,
              view[cr + 1] == UInt8(ascii: "\n")
        else { return nil }
        let length = cr - view.startIndex
        let line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 2)
        return Substring(line)
    }
}
