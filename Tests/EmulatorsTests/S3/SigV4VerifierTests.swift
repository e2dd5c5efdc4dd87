import NIOCore
import NIOHTTP1
import Testing

@testable import Emulators

/// Signature Version 4 checked against the examples AWS publishes for S3 ("Signature Calculations for the
/// Authorization Header", "Transferring Payload in Multiple Chunks", "Authenticating Requests: Using Query Parameters").
@Suite struct SigV4VerifierTests {
    static let credentials = S3Credentials(users: ["AKIAIOSFODNN7EXAMPLE": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"])
    static let exampleTime = 1_369_353_600  // 2013-05-24T00:00:00Z
    static let emptyHash = SigV4Signing.emptySHA256

    static func getObjectHeaders(signature: String = "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
                                 accessKey: String = "AKIAIOSFODNN7EXAMPLE") -> HTTPHeaders {
        [
            "Host": "examplebucket.s3.amazonaws.com", "Range": "bytes=0-9", "x-amz-content-sha256": emptyHash,
            "x-amz-date": "20130524T000000Z",
            "Authorization": "AWS4-HMAC-SHA256 Credential=\(accessKey)/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=\(signature)",
        ]
    }

    @Test func acceptsAWSGetObjectExample() throws {
        let verifier = SigV4Verifier(credentials: Self.credentials)
        let auth = try verifier.verify(method: "GET", path: "/test.txt", query: [], headers: Self.getObjectHeaders(),
                                       now: Self.exampleTime)
        #expect(auth?.accessKey == "AKIAIOSFODNN7EXAMPLE")
        #expect(auth?.payload == .signed(sha256Hex: Self.emptyHash))
    }

    @Test func refusesAlteredSignatureAsSignatureDoesNotMatch() {
        let verifier = SigV4Verifier(credentials: Self.credentials)
        let headers = Self.getObjectHeaders(signature: "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb42")
        #expect(throws: S3Error.signatureDoesNotMatch) {
            try verifier.verify(method: "GET", path: "/test.txt", query: [], headers: headers, now: Self.exampleTime)
        }
    }

    @Test func refusesTamperedPathAsSignatureDoesNotMatch() {
        let verifier = SigV4Verifier(credentials: Self.credentials)
        #expect(throws: S3Error.signatureDoesNotMatch) {
            try verifier.verify(method: "GET", path: "/other.txt", query: [], headers: Self.getObjectHeaders(), now: Self.exampleTime)
        }
    }

    @Test func refusesUnknownAccessKeyAsInvalidAccessKeyId() {
        let verifier = SigV4Verifier(credentials: Self.credentials)
        #expect(throws: S3Error.invalidAccessKeyId) {
            try verifier.verify(method: "GET", path: "/test.txt", query: [],
                                headers: Self.getObjectHeaders(accessKey: "AKIDUNKNOWN"), now: Self.exampleTime)
        }
    }

    @Test func refusesRequestsMoreThanFifteenMinutesOff() {
        let verifier = SigV4Verifier(credentials: Self.credentials)
        #expect(throws: S3Error.requestTimeTooSkewed) {
            try verifier.verify(method: "GET", path: "/test.txt", query: [], headers: Self.getObjectHeaders(),
                                now: Self.exampleTime + 16 * 60)
        }
    }

    @Test func treatsUnsignedRequestAsAnonymous() throws {
        let verifier = SigV4Verifier(credentials: Self.credentials)
        #expect(try verifier.verify(method: "GET", path: "/", query: [], headers: ["Host": "x"], now: Self.exampleTime) == nil)
    }

    static let presignedQuery: [(String, String)] = [
        ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
        ("X-Amz-Credential", "AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"),
        ("X-Amz-Date", "20130524T000000Z"), ("X-Amz-Expires", "86400"), ("X-Amz-SignedHeaders", "host"),
        ("X-Amz-Signature", "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"),
    ]

    @Test func acceptsAWSPresignedURLExampleUntilItExpires() throws {
        let verifier = SigV4Verifier(credentials: Self.credentials)
        let headers: HTTPHeaders = ["Host": "examplebucket.s3.amazonaws.com"]
        let auth = try verifier.verify(method: "GET", path: "/test.txt", query: Self.presignedQuery, headers: headers,
                                       now: Self.exampleTime + 3600)
        #expect(auth?.payload == .unsigned)
        #expect(throws: S3Error.expiredPresignedURL) {
            try verifier.verify(method: "GET", path: "/test.txt", query: Self.presignedQuery, headers: headers,
                                now: Self.exampleTime + 86_401)
        }
    }

    @Test func decodesAWSChunkedExampleWithItsChunkSignatures() throws {
        let verifier = SigV4Verifier(credentials: Self.credentials)
        let headers: HTTPHeaders = [
            "Host": "s3.amazonaws.com", "x-amz-date": "20130524T000000Z", "x-amz-storage-class": "REDUCED_REDUNDANCY",
            "Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": "66560", "Content-Length": "66824",
            "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
        ]
        let auth = try #require(try verifier.verify(method: "PUT", path: "/examplebucket/chunkObject.txt", query: [],
                                                    headers: headers, now: Self.exampleTime))
        #expect(auth.payload == .streamingSigned(trailer: false))
        let body = Self.chunkedBody([
            (65536, "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648"),
            (1024, "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497"),
            (0, "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"),
        ])
        #expect(body.readableBytes == 66824)
        let decoded = try AWSChunkedDecoder.decode(body, signing: .init(authorization: auth))
        #expect(decoded.payload.readableBytes == 66560)
        #expect(decoded.payload.readableBytesView.allSatisfy { $0 == UInt8(ascii: "a") })

        let tampered = Self.chunkedBody([
            (65536, "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648"),
            (1024, "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497"),
            (0, "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df8"),
        ])
        #expect(throws: S3Error.signatureDoesNotMatch) {
            try AWSChunkedDecoder.decode(tampered, signing: .init(authorization: auth))
        }
    }

    /// The streaming decoder, fed the same example a few bytes at a time, decodes and checks it as the
    /// in-memory one does, and notices a flipped signature and a body cut short.
    @Test func streamDecoderChecksChunkSignaturesPieceByPiece() throws {
        let verifier = SigV4Verifier(credentials: Self.credentials)
        let headers: HTTPHeaders = [
            "Host": "s3.amazonaws.com", "x-amz-date": "20130524T000000Z", "x-amz-storage-class": "REDUCED_REDUNDANCY",
            "Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": "66560", "Content-Length": "66824",
            "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
            "Authorization": "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9",
        ]
        let auth = try #require(try verifier.verify(method: "PUT", path: "/examplebucket/chunkObject.txt", query: [],
                                                    headers: headers, now: Self.exampleTime))
        func decode(_ body: ByteBuffer, piece: Int) throws(S3Error) -> Int {
            var decoder = AWSChunkedStreamDecoder(signing: .init(authorization: auth))
            var input = body
            var decoded = 0
            while let slice = input.readSlice(length: min(piece, input.readableBytes)), slice.readableBytes > 0 {
                try decoder.feed(slice) { (payload) throws(S3Error) in decoded += payload.readableBytes }
            }
            try decoder.finish()
            return decoded
        }
        var signatures = [
            (65536, "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648"),
            (1024, "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497"),
            (0, "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9"),
        ]
        for piece in [1, 7, 4096, 100_000] {
            #expect(try decode(Self.chunkedBody(signatures), piece: piece) == 66560)
        }
        #expect(throws: S3Error.incompleteBody) { try decode(Self.chunkedBody(Array(signatures.prefix(2))), piece: 999) }
        signatures[1].1 = "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5496"
        #expect(throws: S3Error.signatureDoesNotMatch) { try decode(Self.chunkedBody(signatures), piece: 333) }
    }

    static func chunkedBody(_ chunks: [(Int, String)]) -> ByteBuffer {
        var body = ByteBuffer()
        for (size, signature) in chunks {
            body.writeString("\(String(size, radix: 16));chunk-signature=\(signature)\r\n")
            body.writeRepeatingByte(UInt8(ascii: "a"), count: size)
            body.writeString("\r\n")
        }
        return body
    }
}
