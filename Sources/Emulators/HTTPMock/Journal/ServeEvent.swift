import Foundation

/// One request the server received and what it did with it: a journal entry.
public struct ServeEvent: Sendable {
    public let request: MockRequest
    /// The stub that answered, nil if none matched.
    public let stub: StubMapping?
    public let responseStatus: Int

    public init(request: MockRequest, stub: StubMapping?, responseStatus: Int) {
        self.request = request
        self.stub = stub
        self.responseStatus = responseStatus
    }

    public var id: UUID { request.id }
    public var wasMatched: Bool { stub != nil }
}
