import Foundation

/// The JSON shapes of WireMock's admin API for journal entries and scenarios.
enum AdminJSON {
    static func loggedRequest(_ request: MockRequest) -> MockJSON {
        var headerOrder: [String] = []
        var headerValues: [String: [String]] = [:]
        for (name, value) in request.headers {
            if headerValues[name] == nil { headerOrder.append(name) }
            headerValues[name, default: []].append(value)
        }
        let headers: MockJSON = .object(headerOrder.map { name in
            let values = headerValues[name] ?? []
            return (name, values.count == 1 ? .string(values[0]) : .array(values.map(MockJSON.string)))
        })
        var queryOrder: [String] = []
        for (name, _) in request.query where !queryOrder.contains(name) { queryOrder.append(name) }
        let query: MockJSON = .object(queryOrder.map { name in
            (name, .object([("key", .string(name)), ("values", .array(request.queryValues(name).map(MockJSON.string)))]))
        })
        let cookies: MockJSON = .object(request.cookies.map { ($0.name, MockJSON.string($0.value)) })
        let milliseconds = Int64(request.loggedDate.timeIntervalSince1970 * 1_000)
        let hostName = request.host.split(separator: ":").first.map(String.init) ?? request.host
        let port = request.host.split(separator: ":").last.flatMap { Int($0) } ?? 80
        return .object([
            ("url", .string(request.url)),
            ("absoluteUrl", .string("http://\(request.host)\(request.url)")),
            ("method", .string(request.method)),
            ("clientIp", .string(request.clientIP)),
            ("headers", headers),
            ("cookies", cookies),
            ("browserProxyRequest", .bool(false)),
            ("loggedDate", .number(String(milliseconds))),
            ("bodyAsBase64", .string(Data(request.body).base64EncodedString())),
            ("body", .string(request.bodyString)),
            ("protocol", .string("HTTP/1.1")),
            ("scheme", .string("http")),
            ("host", .string(hostName)),
            ("port", .int(port)),
            ("loggedDateString", .string(ISO8601DateFormatter().string(from: request.loggedDate))),
            ("queryParams", query),
        ])
    }

    static func serveEvent(_ event: ServeEvent) -> MockJSON {
        let definition: MockJSON = event.stub?.json["response"]
            ?? .object([("status", .int(event.responseStatus)), ("fromConfiguredStub", .bool(false))])
        var members: [(key: String, value: MockJSON)] = [
            ("id", .string(event.id.uuidString.lowercased())),
            ("request", loggedRequest(event.request)),
            ("responseDefinition", definition),
            ("response", .object([("status", .int(event.responseStatus))])),
            ("wasMatched", .bool(event.wasMatched)),
        ]
        if let stub = event.stub { members.append(("stubMapping", stub.json)) }
        return .object(members)
    }

    static func scenario(_ scenario: ScenarioStore.Scenario) -> MockJSON {
        .object([
            ("id", .string(scenario.name)),
            ("name", .string(scenario.name)),
            ("state", .string(scenario.state)),
            ("possibleStates", .array(scenario.possibleStates.map(MockJSON.string))),
            ("mappings", .array(scenario.mappings.map(\.json))),
        ])
    }
}
