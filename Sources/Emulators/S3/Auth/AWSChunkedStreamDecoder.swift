import Contracts
import Crypto
import NIOCore

/// ``AWSChunkedDecoder`` for a body that arrives a buffer at a time and is never held whole: the framing
/// is parsed as bytes come in, payload bytes are handed on at once, and each chunk's signature is checked
/// as soon as its last byte has been seen (its SHA-256 is computed on the way), so an upload streamed to
/// disk is checked exactly as strictly as one decoded in memory. It reports the same errors as
/// ``AWSChunkedDecoder``; lines (chunk headers, trailers) are bounded so that framing cannot make it
/// buffer without limit.
struct AWSChunkedStreamDecoder {
    private enum Phase {
        case header
        case data(remaining: Int)
        case dataEnd
        case trailers
        case done
    }

    /// The longest chunk header or trailer line accepted.
    static let maximumLineLength = 16 * 1024

    private let signing: AWSChunkedDecoder.Signing?
    private var phase = Phase.header
    private var pending = ByteBuffer()
    private var previous: String
    private var chunkHash = SHA256()
    private var chunkSignature = ""
    private var trailerText = ""
    private var trailerSignature: String?
    /// The trailers read so far, by lower-case name.
    private(set) var trailers: [String: String] = [:]

    init(signing: AWSChunkedDecoder.Signing?) {
        self.signing = signing
        self.previous = signing?.authorization.seedSignature ?? ""
    }

    /// Decodes `input`, calling `payload` with each run of payload bytes in order.
    mutating func feed(_ input: ByteBuffer, payload: (ByteBuffer) throws(S3Error) -> Void) throws(S3Error) {
        pending.writeImmutableBuffer(input)
        defer { pending.discardReadBytes() }
        while true {
            switch phase {
            case .header:
                guard let line = try readLine() else { return }
                let header = line.split(separator: ";", maxSplits: 1)
                guard let sizeText = header.first, let size = Int(sizeText.trimmingSpaces(), radix: 16), size >= 0 else {
                    throw .invalidRequest("The aws-chunked body has a malformed chunk header.")
                }
                if signing != nil {
                    guard header.count == 2, header[1].hasPrefix("chunk-signature=") else { throw .signatureDoesNotMatch }
                    chunkSignature = String(header[1].dropFirst("chunk-signature=".count))
                }
                chunkHash = SHA256()
                if size == 0 {
                    try verifyChunk()
                    phase = .trailers
                } else {
                    phase = .data(remaining: size)
                }
            case .data(let remaining):
                let count = min(remaining, pending.readableBytes)
                guard count > 0, let slice = pending.readSlice(length: count) else { return }
                slice.withUnsafeReadableBytes { chunkHash.update(bufferPointer: $0) }
                try payload(slice)
                if remaining == count {
                    try verifyChunk()
                    phase = .dataEnd
                } else {
                    phase = .data(remaining: remaining - count)
                }
            case .dataEnd:
                guard let line = try readLine() else { return }
                guard line.isEmpty else { throw .invalidRequest("The aws-chunked body has a malformed chunk.") }
                phase = .header
            case .trailers:
                guard let line = try readLine() else { return }
                if line.isEmpty {
                    phase = .done
                    continue
                }
                guard let colon = line.firstIndex(of: ":") else {
                    throw .invalidRequest("The aws-chunked body has a malformed trailer.")
                }
                let name = line[..<colon].lowercased()
                let value = String(line[line.index(after: colon)...].trimmingSpaces())
                if name == "x-amz-trailer-signature" {
                    trailerSignature = value
                } else {
                    guard trailerText.utf8.count < Self.maximumLineLength else {
                        throw .invalidRequest("The aws-chunked body has a malformed trailer.")
                    }
                    trailers[name] = value
                    trailerText += "\(name):\(value)\n"
                }
            case .done:
                pending.moveReaderIndex(forwardBy: pending.readableBytes)  // as the in-memory decoder, ignore the rest
                return
            }
        }
    }

    /// Checks that the body ended where its framing says it may, and the trailer signature if one is due.
    mutating func finish() throws(S3Error) {
        switch phase {
        case .header, .data: throw .incompleteBody
        case .dataEnd: throw .invalidRequest("The aws-chunked body has a malformed chunk.")
        case .trailers, .done: break
        }
        if let signing, signing.authorization.payload == .streamingSigned(trailer: true) {
            let auth = signing.authorization
            let expected = SigV4Signing.trailerSignature(key: auth.signingKey, amzDate: auth.amzDate, scope: auth.scope,
                                                         previous: previous, trailers: trailerText)
            guard let trailerSignature, SigV4Signing.constantTimeEqual(expected, trailerSignature) else {
                throw .signatureDoesNotMatch
            }
        }
    }

    private mutating func verifyChunk() throws(S3Error) {
        guard let signing else { return }
        let auth = signing.authorization
        let expected = SigV4Signing.chunkSignature(key: auth.signingKey, amzDate: auth.amzDate, scope: auth.scope,
                                                   previous: previous, chunkSHA256: LowercaseHex.text(of: chunkHash.finalize()))
        guard SigV4Signing.constantTimeEqual(expected, chunkSignature) else { throw .signatureDoesNotMatch }
        previous = chunkSignature
    }

    /// The next line without its CRLF, consumed; nil while it is incomplete.
    private mutating func readLine() throws(S3Error) -> Substring? {
        let view = pending.readableBytesView
        var index = view.startIndex
        while let cr = view[index...].firstIndex(of: UInt8(ascii: "\r")) {
            guard cr + 1 < view.endIndex else { break }
            if view[cr + 1] == UInt8(ascii: "\n") {
                let line = pending.readString(length: cr - view.startIndex) ?? ""
                pending.moveReaderIndex(forwardBy: 2)
                return Substring(line)
            }
            index = cr + 1
        }
        guard view.count <= Self.maximumLineLength else {
            throw .invalidRequest("The aws-chunked body has a malformed chunk header.")
        }
        return nil
    }
}
