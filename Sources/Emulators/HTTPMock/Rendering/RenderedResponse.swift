/// A response ready for the wire: the stub's definition with its body loaded and templates applied,
/// plus how to deliver it (after a delay, in dribbled chunks, or as a fault instead).
public struct RenderedResponse: Sendable {
    public var status: Int
    public var statusMessage: String?
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Milliseconds to wait before the first byte is sent.
    public var delayMilliseconds: Int = 0
    public var chunkedDribbleDelay: (numberOfChunks: Int, totalDuration: Int)?
    public var fault: ResponseDefinition.Fault?

    public init(status: Int, statusMessage: String? = nil, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.statusMessage = statusMessage
        self.headers = headers
        self.body = body
    }

    /// A plain-text answer, for admin errors and the not-matched report.
    static func text(_ status: Int, _ text: String) -> RenderedResponse {
        RenderedResponse(status: status, headers: [("Content-Type", "text/plain")], body: Array(text.utf8))
    }

    /// A JSON answer, pretty-printed as WireMock's admin API does.
    static func json(_ status: Int, _ value: MockJSON) -> RenderedResponse {
        RenderedResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(value.prettySerialized.utf8))
    }
}
