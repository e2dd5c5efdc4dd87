/// The schemas a `$ref` may reach besides the one being compiled, by absolute URI. The caller fills
/// it (from `contracts/`, or from the test suite's remotes); nothing is ever fetched over the network.
public struct SchemaRegistry: Sendable {
    public private(set) var documents: [String: JSONValue] = [:]

    public init() {}

    /// Registers `schema` under `uri` and, if different, under its own `$id`.
    public mutating func register(_ schema: JSONValue, as uri: String) {
        documents[URIReference(uri).withoutFragment.description] = schema
        if case .string(let id)? = schema["$id"] {
            let resolved = URIReference(uri).resolving(id).withoutFragment.description
            documents[resolved] = schema
        }
    }
}
