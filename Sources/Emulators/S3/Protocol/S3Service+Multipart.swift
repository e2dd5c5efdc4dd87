import NIOCore
import NIOHTTP1

extension S3Service {
    func createMultipartUpload(_ request: S3Request) throws(S3Error) -> S3Response {
        let attributes = Self.objectAttributes(from: request.headers)
        let template = S3Object(body: ByteBuffer(), etag: "", lastModified: 0, contentType: attributes.contentType,
                                standardHeaders: attributes.standard, metadata: attributes.metadata)
        let id = try store.createMultipartUpload(bucket: request.bucket, key: request.key, template: template)
        var xml = XMLWriter()
        xml.open("InitiateMultipartUploadResult", namespace: true)
        xml.element("Bucket", request.bucket)
        xml.element("Key", request.key)
        xml.element("UploadId", id)
        xml.close("InitiateMultipartUploadResult")
        return .xml(xml)
    }

    func uploadPart(_ request: S3Request) throws(S3Error) -> S3Response {
        let number = try partNumber(request)
        let (_, checksums) = try verifyIntegrity(request)
        let etag = try store.uploadPart(bucket: request.bucket, key: request.key, uploadID: uploadID(request),
                                        number: number, body: request.body, staged: request.staged)
        var headers = HTTPHeaders()
        headers.add(name: "ETag", value: etag)
        for (algorithm, value) in checksums { headers.add(name: algorithm.headerName, value: value) }
        return S3Response(status: .ok, headers: headers)
    }

    /// UploadPartCopy: a part taken from an existing object, whole or `x-amz-copy-source-range`.
    func uploadPartCopy(_ request: S3Request) throws(S3Error) -> S3Response {
        let number = try partNumber(request)
        let id = try uploadID(request)
        _ = try store.upload(bucket: request.bucket, key: request.key, uploadID: id)
        let source = try copySource(request)
        var body = source.object.body
        if let rangeHeader = request.header("x-amz-copy-source-range") {
            guard let range = try S3ByteRange.resolve(rangeHeader, size: source.object.size),
                  range.end < source.object.size
            else { throw .invalidArgument("The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy") }
            body = body.getSlice(at: body.readerIndex + range.start, length: range.count) ?? ByteBuffer()
        }
        let etag = try store.uploadPart(bucket: request.bucket, key: request.key, uploadID: id, number: number, body: body)
        var xml = XMLWriter()
        xml.open("CopyPartResult", namespace: true)
        xml.element("LastModified", HTTPDate.iso8601(milliseconds: store.now))
        xml.element("ETag", etag)
        xml.close("CopyPartResult")
        return .xml(xml)
    }

    func completeMultipartUpload(_ request: S3Request) throws(S3Error) -> S3Response {
        let id = try uploadID(request)
        _ = try store.upload(bucket: request.bucket, key: request.key, uploadID: id)
        let root = try XMLParser.parse(Array(request.body.readableBytesView))
        guard root.name == "CompleteMultipartUpload" else { throw .malformedXML }
        var parts: [(number: Int, etag: String)] = []
        for part in root.all("Part") {
            guard let numberText = part.childText("PartNumber"), let number = Int(numberText.trimmingCharacters()),
                  let etag = part.childText("ETag")
            else { throw .malformedXML }
            parts.append((number, etag.trimmingCharacters()))
        }
        guard !parts.isEmpty else { throw .malformedXML }
        if let ifNoneMatch = request.header("if-none-match"), ifNoneMatch.trimmingCharacters() == "*",
           (try? store.object(bucket: request.bucket, key: request.key)) != nil {
            throw .preconditionFailed
        }
        let object = try store.completeMultipartUpload(bucket: request.bucket, key: request.key, uploadID: id, parts: parts)
        var xml = XMLWriter()
        xml.open("CompleteMultipartUploadResult", namespace: true)
        xml.element("Location", "/\(request.bucket)/\(URIEncoding.encode(request.key, keepSlash: true))")
        xml.element("Bucket", request.bucket)
        xml.element("Key", request.key)
        xml.element("ETag", object.etag)
        xml.close("CompleteMultipartUploadResult")
        return .xml(xml)
    }

    func abortMultipartUpload(_ request: S3Request) throws(S3Error) -> S3Response {
        try store.abortMultipartUpload(bucket: request.bucket, key: request.key, uploadID: uploadID(request))
        return S3Response(status: .noContent)
    }

    /// ListParts: `max-parts` (default 1,000) from after `part-number-marker`.
    func listParts(_ request: S3Request) throws(S3Error) -> S3Response {
        let id = try uploadID(request)
        let upload = try store.upload(bucket: request.bucket, key: request.key, uploadID: id)
        let marker = Int(request.target.value("part-number-marker") ?? "0") ?? 0
        let maxParts = min(Int(request.target.value("max-parts") ?? "1000") ?? 1000, 1000)
        let numbers = upload.parts.keys.sorted().filter { $0 > marker }
        let page = numbers.prefix(maxParts)
        let truncated = numbers.count > page.count
        var xml = XMLWriter()
        xml.open("ListPartsResult", namespace: true)
        xml.element("Bucket", request.bucket)
        xml.element("Key", request.key)
        xml.element("UploadId", id)
        Self.writeOwner(&xml, element: "Initiator")
        Self.writeOwner(&xml)
        xml.element("StorageClass", "STANDARD")
        xml.element("PartNumberMarker", marker)
        if let last = page.last { xml.element("NextPartNumberMarker", last) }
        xml.element("MaxParts", maxParts)
        xml.element("IsTruncated", truncated)
        for number in page {
            guard let part = upload.parts[number] else { continue }
            xml.open("Part")
            xml.element("PartNumber", number)
            xml.element("LastModified", HTTPDate.iso8601(milliseconds: part.lastModified))
            xml.element("ETag", part.etag)
            xml.element("Size", part.size)
            xml.close("Part")
        }
        xml.close("ListPartsResult")
        return .xml(xml)
    }

    /// ListMultipartUploads: the uploads in progress under `prefix`, at most `max-uploads`.
    func listMultipartUploads(_ request: S3Request) throws(S3Error) -> S3Response {
        let prefix = request.target.value("prefix") ?? ""
        let maxUploads = min(Int(request.target.value("max-uploads") ?? "1000") ?? 1000, 1000)
        let all = try store.uploads(bucket: request.bucket, prefix: prefix)
        let page = all.prefix(maxUploads)
        var xml = XMLWriter()
        xml.open("ListMultipartUploadsResult", namespace: true)
        xml.element("Bucket", request.bucket)
        xml.element("KeyMarker", "")
        xml.element("UploadIdMarker", "")
        if let last = page.last, all.count > page.count {
            xml.element("NextKeyMarker", last.key)
            xml.element("NextUploadIdMarker", last.uploadID)
        }
        xml.element("Prefix", prefix)
        xml.element("MaxUploads", maxUploads)
        xml.element("IsTruncated", all.count > page.count)
        for upload in page {
            xml.open("Upload")
            xml.element("Key", upload.key)
            xml.element("UploadId", upload.uploadID)
            Self.writeOwner(&xml, element: "Initiator")
            Self.writeOwner(&xml)
            xml.element("StorageClass", "STANDARD")
            xml.element("Initiated", HTTPDate.iso8601(milliseconds: upload.initiated))
            xml.close("Upload")
        }
        xml.close("ListMultipartUploadsResult")
        return .xml(xml)
    }

    private func partNumber(_ request: S3Request) throws(S3Error) -> Int {
        guard let n = request.target.value("partNumber").flatMap(Int.init), (1...10_000).contains(n) else {
            throw .invalidArgument("Part number must be an integer between 1 and 10000, inclusive")
        }
        return n
    }

    private func uploadID(_ request: S3Request) throws(S3Error) -> String {
        guard let id = request.target.value("uploadId"), !id.isEmpty else { throw .noSuchUpload }
        return id
    }
}
