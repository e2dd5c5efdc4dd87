import NIOCore

extension S3Service {
    /// ListObjectsV2: prefix, delimiter, max-keys, continuation-token (opaque: the last entry, base64),
    /// start-after, fetch-owner, encoding-type=url.
    func listObjectsV2(_ request: S3Request) throws(S3Error) -> S3Response {
        let target = request.target
        let query = try ListQuery(target)
        var after = target.value("start-after").flatMap { $0.isEmpty ? nil : $0 }
        let token = target.value("continuation-token")
        if let token {
            guard let raw = Base64.decode(token), let decoded = String(validating: raw, as: UTF8.self) else {
                throw .invalidArgument("The continuation token provided is incorrect")
            }
            after = decoded
        }
        let listing = try store.list(bucket: request.bucket, prefix: query.prefix, delimiter: query.delimiter,
                                     after: after, maxKeys: query.maxKeys)
        var xml = XMLWriter()
        xml.open("ListBucketResult", namespace: true)
        xml.element("Name", request.bucket)
        xml.element("Prefix", query.encode(query.prefix))
        if let delimiter = query.delimiter { xml.element("Delimiter", query.encode(delimiter)) }
        xml.element("MaxKeys", query.maxKeys)
        xml.element("KeyCount", listing.contents.count + listing.commonPrefixes.count)
        xml.element("IsTruncated", listing.isTruncated)
        if let token { xml.element("ContinuationToken", token) }
        if listing.isTruncated, let last = listing.lastEntry {
            xml.element("NextContinuationToken", Base64.encode(Array(last.utf8)))
        }
        if let startAfter = target.value("start-after") { xml.element("StartAfter", query.encode(startAfter)) }
        if query.urlEncoded { xml.element("EncodingType", "url") }
        writeEntries(listing, query: query, owner: target.value("fetch-owner") == "true", into: &xml)
        xml.close("ListBucketResult")
        return .xml(xml)
    }

    /// ListObjects (v1): prefix, delimiter, max-keys, marker; `NextMarker` when truncated; owners always.
    func listObjectsV1(_ request: S3Request) throws(S3Error) -> S3Response {
        let target = request.target
        let query = try ListQuery(target)
        let marker = target.value("marker") ?? ""
        let listing = try store.list(bucket: request.bucket, prefix: query.prefix, delimiter: query.delimiter,
                                     after: marker.isEmpty ? nil : marker, maxKeys: query.maxKeys)
        var xml = XMLWriter()
        xml.open("ListBucketResult", namespace: true)
        xml.element("Name", request.bucket)
        xml.element("Prefix", query.encode(query.prefix))
        xml.element("Marker", query.encode(marker))
        if let delimiter = query.delimiter { xml.element("Delimiter", query.encode(delimiter)) }
        xml.element("MaxKeys", query.maxKeys)
        xml.element("IsTruncated", listing.isTruncated)
        if listing.isTruncated, let last = listing.lastEntry { xml.element("NextMarker", query.encode(last)) }
        if query.urlEncoded { xml.element("EncodingType", "url") }
        writeEntries(listing, query: query, owner: true, into: &xml)
        xml.close("ListBucketResult")
        return .xml(xml)
    }

    private func writeEntries(_ listing: S3Listing, query: ListQuery, owner: Bool, into xml: inout XMLWriter) {
        for (key, object) in listing.contents {
            xml.open("Contents")
            xml.element("Key", query.encode(key))
            xml.element("LastModified", HTTPDate.iso8601(milliseconds: object.lastModified))
            xml.element("ETag", object.etag)
            xml.element("Size", object.size)
            if owner { Self.writeOwner(&xml) }
            xml.element("StorageClass", "STANDARD")
            xml.close("Contents")
        }
        for prefix in listing.commonPrefixes {
            xml.open("CommonPrefixes")
            xml.element("Prefix", query.encode(prefix))
            xml.close("CommonPrefixes")
        }
    }
}

/// The parameters both listing versions share.
private struct ListQuery {
    let prefix: String
    let delimiter: String?
    let maxKeys: Int
    let urlEncoded: Bool

    init(_ target: S3RequestTarget) throws(S3Error) {
        prefix = target.value("prefix") ?? ""
        delimiter = target.value("delimiter").flatMap { $0.isEmpty ? nil : $0 }
        if let text = target.value("max-keys") {
            guard let n = Int(text), n >= 0 else { throw .invalidArgument("Provided max-keys not an integer or within integer range") }
            maxKeys = min(n, 1000)
        } else {
            maxKeys = 1000
        }
        if let encoding = target.value("encoding-type") {
            guard encoding == "url" else { throw .invalidArgument("Invalid Encoding Method specified in Request") }
            urlEncoded = true
        } else {
            urlEncoded = false
        }
    }

    /// A key or prefix as the listing shows it: URL-encoded (keeping `/`) when asked for.
    func encode(_ text: String) -> String {
        urlEncoded ? URIEncoding.encode(text, keepSlash: true) : text
    }
}
