import Foundation

/// WireMock's admin API under `/__admin`: stubs, the request journal, scenarios, files, reset and
/// health, with WireMock's paths and response shapes so its clients and scripts work unchanged.
/// Only routes; the engine does the work.
public struct AdminRouter: Sendable {
    public static let prefix = "/__admin"

    let engine: HTTPMockEngine

    public init(engine: HTTPMockEngine) {
        self.engine = engine
    }

    public func handle(_ request: MockRequest) -> RenderedResponse {
        let route = request.path.dropFirst(Self.prefix.count).split(separator: "/").map(String.init)
        let method = request.method
        switch (method, route.first) {
        case (_, "mappings"): return mappings(method, Array(route.dropFirst()), request)
        case (_, "requests"): return requests(method, Array(route.dropFirst()), request)
        case (_, "scenarios"): return scenarios(method, Array(route.dropFirst()), request)
        case (_, "files"): return AdminFiles(engine: engine).handle(method, Array(route.dropFirst()), request)
        case ("POST", "near-misses") where route == ["near-misses", "request"]: return nearMisses(ofLoggedRequest: request)
        case ("GET", "health") where route.count == 1: return health()
        case ("POST", "reset") where route.count == 1:
            return loadReport(engine.resetAll())
        default: return notFound()
        }
    }

    private func notFound() -> RenderedResponse { .text(404, "") }

    /// 200, or 422 naming the mapping files that failed to load when `mappings/` is re-read.
    private func loadReport(_ failures: [HTTPMockEngine.LoadFailure]) -> RenderedResponse {
        guard !failures.isEmpty else { return RenderedResponse(status: 200) }
        let errors = failures.map { failure in
            MockJSON.object([("code", .int(10)), ("source", .object([("pointer", .string(failure.file))])),
                              ("title", .string("Error parsing mapping file")), ("detail", .string(failure.error))])
        }
        return .json(422, .object([("errors", .array(errors))]))
    }

    private func parseBody(_ request: MockRequest) -> Result<MockJSON, MappingError> {
        do {
            return .success(try MockJSONParser.parse(request.body))
        } catch {
            return .failure(MappingError("/", "\(error)"))
        }
    }

    // MARK: /__admin/mappings

    private func mappings(_ method: String, _ route: [String], _ request: MockRequest) -> RenderedResponse {
        switch (method, route.count, route.first) {
        case ("GET", 0, _):
            let stubs = engine.stubs
            let offset = min(request.queryValues("offset").first.flatMap(Int.init) ?? 0, stubs.count)
            let limit = request.queryValues("limit").first.flatMap(Int.init) ?? stubs.count
            let page = stubs[max(offset, 0)...].prefix(max(limit, 0))
            return .json(200, .object([("mappings", .array(page.map(\.json))), ("meta", .object([("total", .int(stubs.count))]))]))
        case ("POST", 0, _):
            return decodeMapping(request) { stub in
                engine.addStub(stub)
                return .json(201, stub.json)
            }
        case ("DELETE", 0, _):
            engine.removeAllStubs()
            return RenderedResponse(status: 200)
        case ("POST", 1, "reset"):
            return loadReport(engine.resetToDefaultMappings())
        case ("POST", 1, "import"):
            return importMappings(request)
        case (_, 1, let idText?):
            guard let id = UUID(uuidString: idText) else { return notFound() }
            return mapping(method, id, request)
        default:
            return notFound()
        }
    }

    private func mapping(_ method: String, _ id: UUID, _ request: MockRequest) -> RenderedResponse {
        switch method {
        case "GET":
            return engine.stub(id: id).map { .json(200, $0.json) } ?? notFound()
        case "PUT":
            guard engine.stub(id: id) != nil else { return notFound() }
            return decodeMapping(request, forcedID: id) { stub in
                engine.addStub(stub)
                return .json(200, stub.json)
            }
        case "DELETE":
            return engine.removeStub(id: id) ? RenderedResponse(status: 200) : notFound()
        default:
            return notFound()
        }
    }

    private func decodeMapping(_ request: MockRequest, forcedID: UUID? = nil, then use: (StubMapping) -> RenderedResponse) -> RenderedResponse {
        switch parseBody(request) {
        case let .failure(error): return .json(422, error.json)
        case var .success(json):
            if let forcedID { json = json.setting("id", to: .string(forcedID.uuidString.lowercased())).removing("uuid") }
            do {
                return use(try MappingDecoder.mapping(from: json))
            } catch {
                return .json(422, error.json)
            }
        }
    }

    /// `{"mappings": […], "importOptions": {"duplicatePolicy": "OVERWRITE"|"IGNORE", "deleteAllNotInImport": bool}}`:
    /// all mappings are validated before any is added, so a bad import changes nothing.
    private func importMappings(_ request: MockRequest) -> RenderedResponse {
        switch parseBody(request) {
        case let .failure(error): return .json(422, error.json)
        case let .success(json):
            let stubs: [StubMapping]
            do { stubs = try MappingDecoder.mappings(from: json) } catch { return .json(422, error.json) }
            let options = json["importOptions"]
            if options?["deleteAllNotInImport"]?.boolValue == true { engine.removeAllStubs() }
            let ignoreDuplicates = options?["duplicatePolicy"]?.stringValue == "IGNORE"
            for stub in stubs where !(ignoreDuplicates && engine.stub(id: stub.id) != nil) {
                engine.addStub(stub)
            }
            return RenderedResponse(status: 200)
        }
    }

    // MARK: /__admin/requests

    private func requests(_ method: String, _ route: [String], _ request: MockRequest) -> RenderedResponse {
        switch (method, route) {
        case ("GET", []):
            var events = engine.journal.events()
            if let limit = request.queryValues("limit").first.flatMap(Int.init) { events = Array(events.prefix(max(limit, 0))) }
            return .json(200, .object([
                ("requests", .array(events.map(AdminJSON.serveEvent))),
                ("meta", .object([("total", .int(events.count))])),
                ("requestJournalDisabled", .bool(false)),
            ]))
        case ("DELETE", []), ("POST", ["reset"]):
            engine.journal.removeAll()
            return RenderedResponse(status: 200)
        case ("POST", ["count"]):
            return withPattern(request) { pattern in
                let count = engine.journal.events().count { pattern.matches($0.request) }
                return .json(200, .object([("count", .int(count)), ("requestJournalDisabled", .bool(false))]))
            }
        case ("POST", ["find"]):
            return withPattern(request) { pattern in
                let found = engine.journal.events().filter { pattern.matches($0.request) }.reversed()
                return .json(200, .object([("requests", .array(found.map { AdminJSON.loggedRequest($0.request) }))]))
            }
        case ("GET", ["unmatched"]):
            let unmatched = engine.journal.events().filter { !$0.wasMatched }
            return .json(200, .object([("requests", .array(unmatched.map { AdminJSON.loggedRequest($0.request) }))]))
        case ("GET", ["unmatched", "near-misses"]):
            return .json(200, .object([("nearMisses", .array(nearMissesOfUnmatched()))]))
        case let ("GET", single) where single.count == 1:
            guard let id = UUID(uuidString: single[0]),
                  let event = engine.journal.events().first(where: { $0.id == id }) else { return notFound() }
            return .json(200, AdminJSON.serveEvent(event))
        default:
            return notFound()
        }
    }

    private func withPattern(_ request: MockRequest, _ use: (RequestPattern) -> RenderedResponse) -> RenderedResponse {
        switch parseBody(request) {
        case let .failure(error): return .json(422, error.json)
        case let .success(json):
            do { return use(try MappingDecoder.requestPattern(from: json, pointer: "")) } catch { return .json(422, error.json) }
        }
    }

    private func nearMissesOfUnmatched() -> [MockJSON] {
        engine.journal.events().filter { !$0.wasMatched }.reversed().flatMap { nearMisses(of: $0.request) }
    }

    private func nearMisses(of request: MockRequest) -> [MockJSON] {
        engine.nearMisses(for: request).map { miss in
            MockJSON.object([
                ("request", AdminJSON.loggedRequest(request)),
                ("stubMapping", miss.stub.json),
                ("matchResult", .object([("distance", .number(String(miss.result.distance)))])),
            ])
        }
    }

    /// `POST /__admin/near-misses/request`: the stubs closest to a request described as WireMock logs
    /// one (`url`, `method`, `headers`, `body`), without sending it.
    private func nearMisses(ofLoggedRequest request: MockRequest) -> RenderedResponse {
        guard case let .success(json) = parseBody(request), let url = json["url"]?.stringValue else {
            return .json(422, MappingError("/url", "a logged request needs a url").json)
        }
        var headers: [(name: String, value: String)] = []
        for member in json["headers"]?.objectMembers ?? [] {
            let values = member.value.arrayValues ?? [member.value]
            headers += values.compactMap(\.stringValue).map { (member.key, $0) }
        }
        let described = MockRequest(method: json["method"]?.stringValue ?? "GET", url: url, headers: headers,
                                    body: Array((json["body"]?.stringValue ?? "").utf8))
        return .json(200, .object([("nearMisses", .array(nearMisses(of: described)))]))
    }

    // MARK: /__admin/scenarios

    private func scenarios(_ method: String, _ route: [String], _ request: MockRequest) -> RenderedResponse {
        switch (method, route) {
        case ("GET", []):
            return .json(200, .object([("scenarios", .array(engine.scenarios.map(AdminJSON.scenario)))]))
        case ("POST", ["reset"]):
            engine.resetScenarios()
            return RenderedResponse(status: 200)
        case let ("PUT", path) where path.count == 2 && path[1] == "state":
            guard case let .success(json) = parseBody(request), let state = json["state"]?.stringValue else {
                return .json(422, MappingError("/state", "a state is required").json)
            }
            let name = path[0].removingPercentEncoding ?? path[0]
            return engine.setScenarioState(name, to: state) ? RenderedResponse(status: 200) : notFound()
        default:
            return notFound()
        }
    }

    // MARK: /__admin/health

    private func health() -> RenderedResponse {
        let now = Date()
        return .json(200, .object([
            ("status", .string("healthy")),
            ("message", .string("Wiremock is ok")),
            ("version", .string("3.0.0-sluice")),
            ("uptimeInSeconds", .int(Int(now.timeIntervalSince(engine.startDate)))),
            ("timestamp", .string(ISO8601DateFormatter().string(from: now))),
        ]))
    }
}
