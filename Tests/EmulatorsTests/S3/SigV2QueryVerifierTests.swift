import NIOHTTP1
import Testing

@testable import Emulators

/// boto3's default presigned URLs (SigV2 query strings); expected signatures computed with botocore.
@Suite struct SigV2QueryVerifierTests {
    static let verifier = SigV4Verifier(credentials: S3Credentials(users: ["test": "testsecretkey"]))
    static let expires = "1795455391"

    @Test func bucketLevelURLSignsTheBucketWithATrailingSlash() throws {
        let query = [("list-type", "2"), ("prefix", "list/"), ("max-keys", "1000"), ("encoding-type", "url"),
                     ("AWSAccessKeyId", "test"), ("Signature", "SJkJCi0hhYURnuZ+AIS6pJKFCHc="), ("Expires", Self.expires)]
        let auth = try Self.verifier.verify(method: "GET", path: "/bbb", query: query, headers: ["Host": "x"],
                                            now: 1_795_455_000)
        #expect(auth?.accessKey == "test")
        #expect(auth?.payload == .unsigned)
    }

    @Test func expiredOrAlteredURLIsRefused() {
        let query = [("AWSAccessKeyId", "test"), ("Signature", "SJkJCi0hhYURnuZ+AIS6pJKFCHc="), ("Expires", Self.expires)]
        #expect(throws: S3Error.expiredPresignedURL) {
            try Self.verifier.verify(method: "GET", path: "/bbb", query: query, headers: [:], now: 1_795_455_392)
        }
        #expect(throws: S3Error.signatureDoesNotMatch) {
            try Self.verifier.verify(method: "GET", path: "/other", query: query, headers: [:], now: 1_795_455_000)
        }
        #expect(throws: S3Error.signatureDoesNotMatch) {
            try Self.verifier.verify(method: "DELETE", path: "/bbb", query: query, headers: [:], now: 1_795_455_000)
        }
    }
}
