/// The header in front of every request: which API, which version, and the id the answer must echo.
struct KafkaRequestHeader: Sendable, Equatable {
    var apiKey: Int16
    var apiVersion: Int16
    var correlationId: Int32
    var clientId: String?

    /// Reads header v1, plus the tagged fields of header v2 when the request's version is flexible.
    ///
    /// The client id is a classic nullable string even in header v2, unlike every other string there.
    /// ApiVersions is read leniently past the client id: its body is never read, and a client probing
    /// with a version newer than this broker's must still get an answer it can retry from.
    init(from reader: inout KafkaReader) throws {
        apiKey = try reader.int16("api_key")
        apiVersion = try reader.int16("api_version")
        correlationId = try reader.int32("correlation_id")
        clientId = try reader.nullableString("client_id")
        if apiKey == KafkaApiKey.apiVersions.rawValue { return }
        if let api = KafkaApiKey(rawValue: apiKey), api.isFlexible(apiVersion) {
            try reader.skipTaggedFields()
        }
    }

    init(apiKey: Int16, apiVersion: Int16, correlationId: Int32, clientId: String?) {
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.correlationId = correlationId
        self.clientId = clientId
    }
}
