import Foundation

/// The `contracts/` folder, read into memory: every schema (`events/*.schema.json`, plus shared
/// ones such as `common/*.schema.json`) registered by its `$id` so that `$ref`s between them
/// resolve offline, and the golden examples of each event.
public struct ContractRepository: Sendable {
    /// One event's schema file.
    public struct EventSchema: Sendable {
        /// `ingest.file.v1`: the file name without `.schema.json`.
        public let name: String
        public let path: String
        public let schema: JSONValue
        /// The `$id` (or a `file:` URI when the schema has none).
        public let uri: String
    }

    /// One golden example.
    public struct Example: Sendable {
        public let path: String
        public let instance: JSONValue
        /// True for `valid-*.json`, false for `invalid-*.json`.
        public let expectedValid: Bool
        /// Path of the `.errors.json` golden file (for invalid examples; it may not exist yet).
        public var errorsPath: String { String(path.dropLast(".json".count)) + ".errors.json" }
    }

    public let root: String
    public let events: [EventSchema]
    /// Every schema under the folder, by path, for the metaschema check.
    public let schemas: [(path: String, schema: JSONValue)]
    public let registry: SchemaRegistry

    /// Reads `root` (the `contracts/` folder); a file that is not JSON is an error naming it.
    public init(root: String) throws(ContractsError) {
        self.root = root
        var schemas: [(String, JSONValue)] = []
        var registry = SchemaRegistry()
        var events: [EventSchema] = []
        for path in Self.files(under: root, suffix: ".schema.json") {
            let value = try Self.readJSON(path)
            let uri = value["$id"]?.stringValue ?? URL(fileURLWithPath: path).absoluteString
            registry.register(value, as: uri)
            schemas.append((path, value))
            let relative = String(path.dropFirst(root.count)).trimmingPrefix("/")
            if relative.hasPrefix("events/"), !relative.dropFirst("events/".count).contains("/") {
                let name = String(URL(fileURLWithPath: path).lastPathComponent.dropLast(".schema.json".count))
                events.append(EventSchema(name: name, path: path, schema: value, uri: uri))
            }
        }
        self.schemas = schemas
        self.registry = registry
        self.events = events.sorted { $0.name < $1.name }
    }

    /// A validator for one event (formats asserted unless told otherwise: contracts are strict).
    public func validator(for event: EventSchema, formatAssertion: Bool = true) throws(SchemaError) -> Validator {
        try Validator(schema: event.schema, baseURI: event.uri, registry: registry, formatAssertion: formatAssertion)
    }

    /// The golden examples of `event` under `examples/<event>/`.
    public func examples(of event: EventSchema) throws(ContractsError) -> [Example] {
        let folder = root + "/examples/" + event.name
        var out: [Example] = []
        for path in Self.files(under: folder, suffix: ".json") where !path.hasSuffix(".errors.json") {
            let name = URL(fileURLWithPath: path).lastPathComponent
            guard name.hasPrefix("valid-") || name.hasPrefix("invalid-") else {
                throw ContractsError("example names start with valid- or invalid-", path: path)
            }
            out.append(Example(path: path, instance: try Self.readJSON(path), expectedValid: name.hasPrefix("valid-")))
        }
        return out
    }

    static func files(under folder: String, suffix: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var out: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(suffix) { out.append(folder + "/" + relative) }
        }
        return out.sorted()
    }

    static func readJSON(_ path: String) throws(ContractsError) -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else { throw ContractsError("cannot read the file", path: path) }
        do { return try JSONParser.parse(Array(data)) } catch { throw ContractsError("not JSON: \(error)", path: path) }
    }
}

extension String {
    func trimmingPrefix(_ prefix: String) -> String { hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self }
}
