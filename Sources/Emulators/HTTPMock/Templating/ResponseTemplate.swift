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

    /// The request as the template sees it. Multi-valued query parameters and headers are lists;
    /// single ones are plain strings (WireMock's `ListOrSingle`).
    static func model(of request: MockRequest, pathParameters: [String: String]) -> JSONValue {
        func grouped(_ pairs: [(name: String, value: String)], foldCase: Bool) -> JSONValue {
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
                return (spelling[key] ?? key, list.count == 1 ? .string(list[0]) : .array(list.map(JSONValue.string)))
            })
        }
        // With a urlPathTemplate, `request.path.id` is a path variable while `request.path` still prints the path.
        let pathValue: JSONValue = pathParameters.isEmpty
            ? .string(request.path)
            : .object([(TemplateRenderer.textKey, .string(request.path))]
                + pathParameters.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
        let baseURL = "http://\(request.host)"
        let requestModel: JSONValue = .object([
            ("id", .string(request.id.uuidString.lowercased())),
            ("url", .string(request.url)),
            ("path", pathValue),
            ("pathSegments", .array(request.pathSegments.map(JSONValue.string))),
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
        return .object([("request", requestModel)])
    }
}
