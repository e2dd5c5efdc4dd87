import NIOCore
import NIOHTTP1

extension S3Service {
    /// PutObject: verified, then stored in one step (so a reader never sees half of it), honouring
    /// `If-None-Match: *`, `If-Match` and write-once buckets.
    func putObject(_ request: S3Request) throws(S3Error) -> S3Response {
        let (md5, checksums) = try verifyIntegrity(request)
        let attributes = Self.objectAttributes(from: request.headers)
        var object = S3Object(body: request.body, etag: Self.etag(md5: md5), lastModified: store.now,
                              contentType: attributes.contentType, standardHeaders: attributes.standard,
                              metadata: attributes.metadata, checksums: checksums)
        if let staged = request.staged { object.size = staged.size }
        let ifNoneMatch = request.header("if-none-match")
        let ifMatch = request.header("if-match")
        let key = request.key
        try store.putObject(object, bucket: request.bucket, key: key, staged: request.staged) { (existing) throws(S3Error) in
            if let ifNoneMatch {
                guard ifNoneMatch.trimmingCharacters() == "*" else {
                    throw .notImplemented("If-None-Match on PUT only supports *")
                }
                if existing != nil { throw .preconditionFailed }
            }
            if let ifMatch {
                guard let existing else { throw .noSuchKey(key) }
                guard S3Conditions.matches(ifMatch, existing.etag) else { throw .preconditionFailed }
            }
        }
        var headers = HTTPHeaders()
        headers.add(name: "ETag", value: object.etag)
        for (algorithm, value) in checksums { headers.add(name: algorithm.headerName, value: value) }
        return S3Response(status: .ok, headers: headers)
    }

    /// GetObject and HeadObject: conditions, one byte range, `response-*` overrides.
    func getObject(_ request: S3Request, includeBody: Bool) throws(S3Error) -> S3Response {
        let object = try store.object(bucket: request.bucket, key: request.key, withBody: includeBody)
        do throws(S3Error) {
            try S3Conditions(headers: request.headers).evaluate(object)
        } catch where error.status == .notModified {
            var headers = HTTPHeaders()
            headers.add(name: "ETag", value: object.etag)
            headers.add(name: "Last-Modified", value: HTTPDate.rfc1123(milliseconds: object.lastModified))
            return S3Response(status: .notModified, headers: headers)
        }
        let range: S3ByteRange?
        if let number = try partNumber(request) {
            range = try Self.partRange(number, of: object)
        } else {
            range = try S3ByteRange.resolve(request.header("range"), size: object.size)
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: object.contentType)
        headers.add(name: "ETag", value: object.etag)
        headers.add(name: "Last-Modified", value: HTTPDate.rfc1123(milliseconds: object.lastModified))
        headers.add(name: "Accept-Ranges", value: "bytes")
        for (name, value) in object.standardHeaders.sorted(by: { $0.key < $1.key }) { headers.add(name: name, value: value) }
        for (name, value) in object.metadata.sorted(by: { $0.key < $1.key }) { headers.add(name: "x-amz-meta-\(name)", value: value) }
        if request.header("x-amz-checksum-mode")?.uppercased() == "ENABLED", range == nil {
            for (algorithm, value) in object.checksums { headers.add(name: algorithm.headerName, value: value) }
        }
        if !object.partSizes.isEmpty, request.target.has("partNumber") {
            headers.add(name: "x-amz-mp-parts-count", value: String(object.partSizes.count))
        }
        for (parameter, header) in Self.responseOverrides {
            if let value = request.target.value(parameter) { headers.replaceOrAdd(name: header, value: value) }
        }
        var status = HTTPResponseStatus.ok
        var body = object.body
        var length = object.size  // HEAD has no body loaded, so the length comes from the attributes
        if let range {
            status = .partialContent
            headers.add(name: "Content-Range", value: "bytes \(range.start)-\(range.end)/\(object.size)")
            length = range.count
            if includeBody {
                body = object.body.getSlice(at: object.body.readerIndex + range.start, length: range.count) ?? ByteBuffer()
            }
        }
        headers.add(name: "Content-Length", value: String(length))
        return S3Response(status: status, headers: headers, body: includeBody ? body : ByteBuffer())
    }

    /// The `partNumber` of a GET or HEAD, if given; S3 refuses it together with `Range`.
    private func partNumber(_ request: S3Request) throws(S3Error) -> Int? {
        guard let text = request.target.value("partNumber") else { return nil }
        guard let number = Int(text), (1...10_000).contains(number) else {
            throw .invalidArgument("Part number must be an integer between 1 and 10000, inclusive")
        }
        guard request.header("range") == nil else { throw .invalidRequest("Cannot specify both Range header and partNumber query parameter") }
        return number
    }

    /// The bytes of part `number` of `object`; a single-part object has one part, the whole of it.
    private static func partRange(_ number: Int, of object: S3Object) throws(S3Error) -> S3ByteRange? {
        let sizes = object.partSizes.isEmpty ? [object.size] : object.partSizes
        guard number <= sizes.count else { throw .invalidPartNumber }
        let start = sizes.prefix(number - 1).reduce(0, +)
        guard sizes[number - 1] > 0 else { return nil }
        return S3ByteRange(start: start, end: start + sizes[number - 1] - 1)
    }

    /// The query parameters of GetObject that override response headers, and the header each sets.
    static let responseOverrides = [
        ("response-content-type", "Content-Type"), ("response-content-language", "Content-Language"),
        ("response-expires", "Expires"), ("response-cache-control", "Cache-Control"),
        ("response-content-disposition", "Content-Disposition"), ("response-content-encoding", "Content-Encoding"),
    ]

    func deleteObject(_ request: S3Request) throws(S3Error) -> S3Response {
        try store.deleteObject(bucket: request.bucket, key: request.key)
        return S3Response(status: .noContent)
    }

    /// DeleteObjects: up to 1,000 keys; each is reported deleted (also when it never existed) or as an error;
    /// `Quiet` leaves out the deleted ones.
    func deleteObjects(_ request: S3Request) throws(S3Error) -> S3Response {
        let root = try XMLParser.parse(Array(request.body.readableBytesView))
        guard root.name == "Delete" else { throw .malformedXML }
        let objects = root.all("Object")
        guard !objects.isEmpty, objects.count <= 1000 else { throw .malformedXML }
        let quiet = root.childText("Quiet")?.lowercased() == "true"
        var xml = XMLWriter()
        xml.open("DeleteResult", namespace: true)
        for object in objects {
            guard let key = object.childText("Key") else { throw .malformedXML }
            do throws(S3Error) {
                try store.deleteObject(bucket: request.bucket, key: key)
                if !quiet {
                    xml.open("Deleted")
                    xml.element("Key", key)
                    xml.close("Deleted")
                }
            } catch where error.code != "NoSuchBucket" {
                xml.open("Error")
                xml.element("Key", key)
                xml.element("Code", error.code)
                xml.element("Message", error.message)
                xml.close("Error")
            }
        }
        xml.close("DeleteResult")
        return .xml(xml)
    }
}
