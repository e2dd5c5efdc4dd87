import Foundation

/// WireMock's `response-template` transformer: renders a body or header value as a Handlebars
/// template with the request as its model (`request.url`, `request.path`, `request.pathSegments`,
/// `request.query`, `request.headers`, `request.cookies`, `request.body`, `request.method`, …).
public enum ResponseTemplate {
    /// Renders `template` for `request`. A template that does not parse is returned with the
    /// error in place of the body, so the stub author sees it instead of a silent empty answer.
    public static func render(_ template: String, request: MockRequest, pathParameters: [String: String] = [:]) -> String {
        do {
            let nodes = try TemplateParser.parse(template, helperNames: TemplateHelpers.names)
            return try TemplateRenderer(helpers: TemplateHelpers()).render(nodes, context: model(of: request, pathParameters: pathParameters))
        } catch {
            return "[ERROR: \(error)]"
        }
    }

    /// The request as the template sees it. A multi-valued query parameter or header prints as its
    /// first value and indexes as a list; a single one is a plain string (WireMock's `ListOrSingle`).
    static func model(of request: MockRequest, pathParameters: [String: String]) -> MockJSON {
        func grouped(_ pairs: [(name: String, value: String)], foldCase: Bool) -> MockJSON {
            var order: [String] = []
            var values: [String: [String]] = [:]
            var spelling: [String: String] = [:]
            for (name, value) in pairs {
                let key = foldCase ? name.lowercased() : name
                if values[key] == nil { order.append(key); spelling[key] = name }
                values[key, default: []].append(value)
            }
            return .object(order.map { key in
                let list = values[key] ?? []
                let value: MockJSON = list.count == 1
                    ? .string(list[0])
                    : .object([(TemplateRenderer.textKey, .string(list[0])), (TemplateRenderer.listKey, .array(list.map(MockJSON.string)))])
                return (spelling[key] ?? key, value)
            })
        }
        // With a urlPathTemplate, `request.path.id` is a path variable while `request.path` still prints the path.
        let pathValue: MockJSON = pathParameters.isEmpty
            ? .string(request.path)
            : .object([(TemplateRenderer.textKey, .string(request.path))]
                + pathParameters.sorted { $0.key < $1.key }.map { ($0.key, MockJSON.string($0.value)) })
        let baseURL = "http://\(request.host)"
        let requestModel: MockJSON = .object([
            ("id", .string(request.id.uuidString.lowercased())),
            ("url", .string(request.url)),
            ("path", pathValue),
            ("pathSegments", .array(request.pathSegments.map(MockJSON.string))),
            ("query", grouped(request.query, foldCase: false)),
            ("method", .string(request.method)),
            ("headers", grouped(request.headers, foldCase: true)),
            ("cookies", grouped(request.cookies, foldCase: false)),
            ("body", .string(request.bodyString)),
            ("bodyAsBase64", .string(Data(request.body).base64EncodedString())),
            ("baseUrl", .string(baseURL)),
            ("absoluteUrl", .string(baseURL + request.url)),
            ("clientIp", .string(request.clientIP)),
            ("scheme", .string("http")),
        ])
        // WireMock 2's older spelling, `request.requestLine.*`, still found in many stubs.
        let hostName = request.host.split(separator: ":").first.map(String.init) ?? request.host
        let port = request.host.split(separator: ":").dropFirst().first.flatMap { Int($0) } ?? 80
        let requestLine: MockJSON = .object([
            ("method", .string(request.method)),
            ("path", pathValue),
            ("pathSegments", .array(request.pathSegments.map(MockJSON.string))),
            ("query", grouped(request.query, foldCase: false)),
            ("scheme", .string("http")),
            ("host", .string(hostName)),
            ("port", .int(port)),
            ("baseUrl", .string(baseURL)),
            ("url", .string(request.url)),
        ])
        return .object([("request", requestModel.setting("requestLine", to: requestLine))])
    }
}
