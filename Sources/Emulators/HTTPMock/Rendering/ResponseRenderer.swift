import Foundation

/// Turns a matched stub's ``ResponseDefinition`` into a ``RenderedResponse``: loads `bodyFileName`,
/// applies `response-template`, samples delays, and adds WireMock's `Matched-Stub-Id` header.
/// Kept apart from matching so either can change without the other.
public struct ResponseRenderer: Sendable {
    /// Where `bodyFileName` is looked up.
    public let filesDirectory: URL?

    public init(filesDirectory: URL?) {
        self.filesDirectory = filesDirectory
    }

    public func render(_ stub: StubMapping, for request: MockRequest) -> RenderedResponse {
        let definition = stub.response
        let templated = definition.isTemplated
        var pathParameters: [String: String] = [:]
        if case let .urlPathTemplate(template) = stub.request.url {
            pathParameters = template.parameters(of: request.path) ?? [:]
        }
        func apply(_ text: String) -> String {
            templated ? ResponseTemplate.render(text, request: request, pathParameters: pathParameters) : text
        }
        var body: [UInt8]
        switch definition.body {
        case .empty: body = []
        case let .text(text): body = Array(apply(text).utf8)
        case let .bytes(bytes): body = bytes
        case let .file(name):
            guard let data = readFile(apply(name)) else {
                return .text(500, "bodyFileName \(name) was not found in __files\n")
            }
            if templated, let text = String(data: data, encoding: .utf8) {
                body = Array(apply(text).utf8)
            } else {
                body = Array(data)
            }
        }
        var headers = definition.headers.map { (name: $0.name, value: apply($0.value)) }
        headers.append(("Matched-Stub-Id", stub.id.uuidString.lowercased()))
        if let name = stub.name { headers.append(("Matched-Stub-Name", name)) }
        var response = RenderedResponse(status: definition.status, statusMessage: definition.statusMessage, headers: headers, body: body)
        response.delayMilliseconds = (definition.fixedDelayMilliseconds ?? 0) + (definition.delayDistribution?.sample() ?? 0)
        response.chunkedDribbleDelay = definition.chunkedDribbleDelay
        response.fault = definition.fault
        return response
    }

    private func readFile(_ name: String) -> Data? {
        guard let filesDirectory, !name.split(separator: "/").contains("..") else { return nil }
        return try? Data(contentsOf: filesDirectory.appendingPathComponent(name))
    }
}
