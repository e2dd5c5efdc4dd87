import Foundation
import Testing

@testable import Platform

/// The batch uploader's own SigV4 signer, against the worked example of AWS's S3 documentation
/// ("Signature Calculations for the Authorization Header", GET Object), whose signature is published.
struct SigV4RequestSignerTests {
    static let signer = SigV4RequestSigner(AWSSignature(
        accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1"))
    /// 2013-05-24T00:00:00Z, the example's `x-amz-date`.
    static let exampleTime = Date(timeIntervalSince1970: 1_369_353_600)

    @Test func signsAWSsGetObjectExampleWithItsPublishedSignature() throws {
        let request = HTTPRequest(method: "GET", url: "https://examplebucket.s3.amazonaws.com/test.txt", headers: [
            ("Range", "bytes=0-9"),
            ("x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ])
        let signed = Self.signer.sign(request, host: "examplebucket.s3.amazonaws.com", path: "/test.txt", query: "", now: Self.exampleTime)
        let headers = Dictionary(signed.headers.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(headers["Authorization"] == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
            + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(headers["x-amz-date"] == "20130524T000000Z")
        #expect(headers["Host"] == "examplebucket.s3.amazonaws.com")
        #expect(signed.signature == nil, "libcurl must not sign it a second time")
    }

    @Test func aNewDayGetsItsOwnKeyAndAValueIsSignedTrimmed() throws {
        let request = HTTPRequest(method: "GET", url: "https://examplebucket.s3.amazonaws.com/test.txt", headers: [
            ("Range", "  bytes=0-9 "),
            ("x-amz-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ])
        let nextDay = Self.signer.sign(request, host: "examplebucket.s3.amazonaws.com", path: "/test.txt", query: "", now: Self.exampleTime + 86_400)
        let sameDay = Self.signer.sign(request, host: "examplebucket.s3.amazonaws.com", path: "/test.txt", query: "", now: Self.exampleTime)
        let authorization = { (request: HTTPRequest) in request.headers.first { $0.name == "Authorization" }?.value ?? "" }
        #expect(authorization(nextDay).contains("/20130525/us-east-1/s3/aws4_request"))
        #expect(authorization(sameDay).hasSuffix("Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"))
    }
}
