import Crypto
import NIOCore
import NIOHTTP1

extension S3Service {
    /// The object named by `x-amz-copy-source` (`[/]bucket/key`, URL-encoded), after its
    /// `x-amz-copy-source-if-*` conditions hold.
    func copySource(_ request: S3Request) throws(S3Error) -> (bucket: String, key: String, object: S3Object) {
        var source = Substring(request.header("x-amz-copy-source") ?? "")
        if let mark = source.firstIndex(of: "?") {
            guard source[mark...].hasPrefix("?versionId=null") else { throw .notImplemented("versioned copy sources") }
            source = source[..<mark]
        }
        if source.hasPrefix("/") { source = source.dropFirst() }
        guard let decoded = URIEncoding.decode(source), let slash = decoded.firstIndex(of: "/"),
              decoded.index(after: slash) < decoded.endIndex
        else { throw .invalidArgument("Copy Source must mention the source bucket and key: sourcebucket/sourcekey") }
        let bucket = String(decoded[..<slash])
        let key = String(decoded[decoded.index(after: slash)...])
        let object = try store.object(bucket: bucket, key: key)
        try S3Conditions(copySourceHeaders: request.headers).evaluate(object, copy: true)
        return (bucket, key, object)
    }

    /// CopyObject: metadata copied (`COPY`, the default) or taken from the request (`REPLACE`); copying
    /// an object onto itself without replacing anything is refused, as S3 does.
    func copyObject(_ request: S3Request) throws(S3Error) -> S3Response {
        let source = try copySource(request)
        let directive = request.header("x-amz-metadata-directive")?.uppercased() ?? "COPY"
        guard directive == "COPY" || directive == "REPLACE" else {
            throw .invalidArgument("Unknown metadata directive.")
        }
        if source.bucket == request.bucket, source.key == request.key, directive == "COPY" {
            throw .invalidRequest(
                "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.")
        }
        var object = source.object
        object.lastModified = store.now
        if directive == "REPLACE" {
            let attributes = Self.objectAttributes(from: request.headers)
            object.contentType = attributes.contentType
            object.standardHeaders = attributes.standard
            object.metadata = attributes.metadata
        }
        if object.etag.contains("-") {
            object.etag = Self.etag(md5: object.body.md5)
        }
        let copied = object
        try store.putObject(copied, bucket: request.bucket, key: request.key)
        var xml = XMLWriter()
        xml.open("CopyObjectResult", namespace: true)
        xml.element("LastModified", HTTPDate.iso8601(milliseconds: copied.lastModified))
        xml.element("ETag", copied.etag)
        xml.close("CopyObjectResult")
        return .xml(xml)
    }
}
