import NIOCore

/// ApiVersions (key 18): the first request of every client, answered with ``KafkaApiKey/supportedVersions``.
///
/// The request body (client software name and version, v3+) changes nothing here and is not read.
/// A version above the supported range is answered with UNSUPPORTED_VERSION in the v0 layout, which
/// every client can decode, so it retries with a version from the list it just received.
struct ApiVersionsResponse: Sendable, Equatable {
    var errorCode: KafkaErrorCode
    var apiKeys: [KafkaApiKey]

    func write(to buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 3
        buffer.writeInteger(errorCode.code)
        buffer.writeKafkaArray(apiKeys, flexible: flexible) { b, api in
            b.writeInteger(api.rawValue)
            b.writeInteger(api.supportedVersions.lowerBound)
            b.writeInteger(api.supportedVersions.upperBound)
            if flexible { b.writeEmptyTaggedFields() }
        }
        if version >= 1 { buffer.writeInteger(Int32(0)) }
        if flexible { buffer.writeEmptyTaggedFields() }
    }
}
