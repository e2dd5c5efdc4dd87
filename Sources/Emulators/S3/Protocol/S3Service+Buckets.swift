import NIOHTTP1

extension S3Service {
    func listBuckets(_ request: S3Request) -> S3Response {
        var xml = XMLWriter()
        xml.open("ListAllMyBucketsResult", namespace: true)
        Self.writeOwner(&xml)
        xml.open("Buckets")
        for bucket in store.listBuckets() {
            xml.open("Bucket")
            xml.element("Name", bucket.name)
            xml.element("CreationDate", HTTPDate.iso8601(milliseconds: bucket.created))
            xml.close("Bucket")
        }
        xml.close("Buckets")
        xml.close("ListAllMyBucketsResult")
        return .xml(xml)
    }

    func createBucket(_ request: S3Request) throws(S3Error) -> S3Response {
        if request.body.readableBytes > 0 {
            let configuration = try XMLParser.parse(Array(request.body.readableBytesView))
            guard configuration.name == "CreateBucketConfiguration" else { throw .malformedXML }
        }
        try store.createBucket(request.bucket)
        var headers = HTTPHeaders()
        headers.add(name: "Location", value: "/\(request.bucket)")
        return S3Response(status: .ok, headers: headers)
    }

    func headBucket(_ request: S3Request) throws(S3Error) -> S3Response {
        try store.headBucket(request.bucket)
        var headers = HTTPHeaders()
        headers.add(name: "x-amz-bucket-region", value: verifier.credentials.region)
        return S3Response(status: .ok, headers: headers)
    }

    func deleteBucket(_ request: S3Request) throws(S3Error) -> S3Response {
        try store.deleteBucket(request.bucket)
        return S3Response(status: .noContent)
    }

    /// `us-east-1` is reported as an empty `LocationConstraint`, as S3 does.
    func bucketLocation(_ request: S3Request) throws(S3Error) -> S3Response {
        try store.headBucket(request.bucket)
        let region = verifier.credentials.region
        let body = region == "us-east-1"
            ? "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"\(XMLWriter.namespace)\"/>"
            : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"\(XMLWriter.namespace)\">\(region)</LocationConstraint>"
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/xml")
        return S3Response(status: .ok, headers: headers, body: .init(string: body))
    }

    /// Versioning is never enabled: an empty configuration, which clients read as "never enabled".
    func bucketVersioning(_ request: S3Request) throws(S3Error) -> S3Response {
        try store.headBucket(request.bucket)
        var xml = XMLWriter()
        xml.open("VersioningConfiguration", namespace: true)
        xml.close("VersioningConfiguration")
        return .xml(xml)
    }
}
