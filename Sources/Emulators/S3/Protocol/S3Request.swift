import NIOCore
import NIOHTTP1

/// A request whose head has been parsed and whose signature checked, waiting for (or holding) its body.
struct S3Request: Sendable {
    let method: HTTPMethod
    let target: S3RequestTarget
    let headers: HTTPHeaders
    /// Nil only for the unauthenticated health endpoints.
    let authorization: SigV4Authorization?
    /// The payload, aws-chunked framing removed.
    var body = ByteBuffer()
    /// The body as streamed to a staging file of the directory backend, in place of ``body``.
    var staged: S3StagedBody?
    /// Trailers of an aws-chunked body, by lower-case name.
    var trailers: [String: String] = [:]

    /// The bucket; only called on bucket and object routes, where it is always set.
    var bucket: String { target.bucket ?? "" }
    /// The key; only called on object routes, where it is always set.
    var key: String { target.key ?? "" }

    /// The first value of a header.
    func header(_ name: String) -> String? { headers.first(name: name) }
}
