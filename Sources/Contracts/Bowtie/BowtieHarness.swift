/// The request/response logic of the Bowtie harness protocol (version 1), kept apart from I/O so
/// that it can be tested without a process: one JSON request in, at most one JSON response out.
public struct BowtieHarness: Sendable {
    /// The implementation description sent in answer to `start`.
    public static let implementation: JSONValue = [
        "language": "swift", "name": "sluice", "version": "0.1.0",
        "homepage": "https://sluice.invalid/contracts",
        "dialects": .array(Draft.allCases.map { .string($0.rawValue) }),
    ]

    private var draft: Draft = .draft2020_12
    private let formatAssertion: Bool
    /// The last registry seen and its compiled form: the runner sends the same one with every case.
    private var registryCache: (JSONObject, SchemaRegistry)?

    public init(formatAssertion: Bool) {
        self.formatAssertion = formatAssertion
    }

    /// What the harness should do after a request.
    public enum Reply: Sendable, Equatable {
        case respond(JSONValue)
        case stop
    }

    /// Handles one request line.
    public mutating func handle(_ line: String) -> Reply {
        guard let request = try? JSONParser.parse(line), case .string(let command)? = request["cmd"] else {
            return .respond(["errored": true, "context": ["message": "not a JSON request with a cmd"]])
        }
        switch command {
        case "start":
            return .respond(["version": 1, "implementation": Self.implementation])
        case "dialect":
            guard case .string(let uri)? = request["dialect"], let d = Draft(metaschemaURI: uri) else {
                return .respond(["ok": false])
            }
            draft = d
            return .respond(["ok": true])
        case "run":
            return .respond(run(request))
        case "stop":
            return .stop
        default:
            return .respond(["errored": true, "context": ["message": .string("unknown command \(command)")]])
        }
    }

    private mutating func run(_ request: JSONValue) -> JSONValue {
        let seq = request["seq"] ?? .null
        guard let testCase = request["case"], let schema = testCase["schema"], case .array(let tests)? = testCase["tests"] else {
            return ["seq": seq, "errored": true, "context": ["message": "malformed run request"]]
        }
        let registry = registry(from: testCase["registry"]?.objectValue ?? JSONObject([]))
        do {
            let validator = try Validator(schema: schema, draft: draft, registry: registry, formatAssertion: formatAssertion)
            let results: [JSONValue] = tests.map { ["valid": .bool(validator.isValid($0["instance"] ?? .null))] }
            return ["seq": seq, "results": .array(results)]
        } catch {
            return ["seq": seq, "errored": true, "context": ["message": .string(error.description)]]
        }
    }

    private mutating func registry(from object: JSONObject) -> SchemaRegistry {
        if let (cached, registry) = registryCache, cached == object { return registry }
        var registry = SchemaRegistry()
        for member in object.members { registry.register(member.value, as: member.key) }
        registryCache = (object, registry)
        return registry
    }
}
