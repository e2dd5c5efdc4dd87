import Testing

@testable import Emulators

/// Bucket and key from the path (path style) or from the Host header (virtual-hosted style), as MinIO
/// with `MINIO_DOMAIN` reads them.
struct S3RequestTargetTests {
    @Test func aBucketSubdomainNamesTheBucketWhateverItsCase() throws {
        let target = try #require(S3RequestTarget(uri: "/photos/2024/a%20b.jpg?versionId=1", host: "Holiday.S3.LOCALHOST:9000"))
        #expect(target.bucket == "holiday")
        #expect(target.key == "photos/2024/a b.jpg")
        #expect(target.signedPath == "/photos/2024/a b.jpg")
        #expect(target.query.map(\.0) == ["versionId"])
        #expect(S3RequestTarget(uri: "/", host: "logs.localhost")?.bucket == "logs")
    }

    @Test func ipLiteralsAndTheBareDomainLeaveTheBucketToThePath() throws {
        for host in ["127.0.0.1:9000", "127.0.0.1", "[::1]:9000", "localhost:9000", "s3.localhost:9000", "minio:9000"] {
            let target = try #require(S3RequestTarget(uri: "/raw/source=stream/0.json", host: host))
            #expect(target.bucket == "raw", "host \(host)")
            #expect(target.key == "source=stream/0.json", "host \(host)")
        }
        #expect(S3RequestTarget(uri: "/", host: "127.0.0.1:9000")?.bucket == nil)
    }
}
