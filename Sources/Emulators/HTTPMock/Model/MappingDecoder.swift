import Foundation

/// Reads WireMock's JSON stub mappings into ``StubMapping``s, refusing anything it would not
/// honour (unknown fields, unknown matchers, regexes that do not compile, two bodies) with a
/// ``MappingError`` that names the field, rather than serving a stub that silently misbehaves.
public enum MappingDecoder {
    /// The mappings in one mapping file or admin request body: a single mapping or `{"mappings": […]}`.
    public static func mappings(from document: MockJSON) throws(MappingError) -> [StubMapping] {
        if let list = document["mappings"] {
            guard let values = list.arrayValues else { throw MappingError("/mappings", "mappings must be an array") }
            var result: [StubMapping] = []
            for (position, value) in values.enumerated() {
                result.append(try mapping(from: value, pointer: "/mappings/\(position)"))
            }
            return result
        }
        return [try mapping(from: document)]
    }

    private static let mappingKeys: Set<String> = [
        "id", "uuid", "name", "request", "response", "priority", "persistent", "scenarioName",
        "requiredScenarioState", "newScenarioState", "metadata", "postServeActions", "serveEventListeners",
        "insertionIndex",
    ]

    /// One mapping. A missing `id` is generated; the returned mapping's JSON carries it.
    public static func mapping(from json: MockJSON, pointer: String = "") throws(MappingError) -> StubMapping {
        guard let members = json.objectMembers else { throw MappingError(pointer.isEmpty ? "/" : pointer, "a mapping must be a JSON object") }
        for member in members where !mappingKeys.contains(member.key) {
            throw MappingError("\(pointer)/\(member.key)", "Unrecognized field \"\(member.key)\" of a stub mapping")
        }
        let idText = json["id"]?.stringValue ?? json["uuid"]?.stringValue
        let id: UUID
        if let idText {
            guard let parsed = UUID(uuidString: idText) else { throw MappingError("\(pointer)/id", "\(idText) is not a UUID") }
            id = parsed
        } else {
            id = UUID()
        }
        let priority: Int
        switch json["priority"] {
        case nil, .null?: priority = StubMapping.defaultPriority
        case let value?:
            guard let number = value.intValue else { throw MappingError("\(pointer)/priority", "priority must be an integer") }
            priority = number
        }
        let request = try requestPattern(from: json["request"] ?? .object([]), pointer: "\(pointer)/request")
        let response = try responseDefinition(from: json["response"] ?? .object([]), pointer: "\(pointer)/response")
        let idString = MockJSON.string(id.uuidString.lowercased())
        var stored = json.removing("id").removing("uuid").removing("insertionIndex")
        if case let .object(rest) = stored { stored = .object([("id", idString)] + rest + [("uuid", idString)]) }
        return StubMapping(
            id: id, name: json["name"]?.stringValue, priority: priority, request: request, response: response,
            scenarioName: try optionalString(json, "scenarioName", pointer),
            requiredScenarioState: try optionalString(json, "requiredScenarioState", pointer),
            newScenarioState: try optionalString(json, "newScenarioState", pointer), json: stored
        )
    }

    static func optionalString(_ json: MockJSON, _ key: String, _ pointer: String) throws(MappingError) -> String? {
        switch json[key] {
        case nil, .null?: return nil
        case let .string(text)?: return text
        default: throw MappingError("\(pointer)/\(key)", "\(key) must be a string")
        }
    }

    static func optionalInt(_ json: MockJSON, _ key: String, _ pointer: String) throws(MappingError) -> Int? {
        switch json[key] {
        case nil, .null?: return nil
        case let value?:
            guard let number = value.intValue else { throw MappingError("\(pointer)/\(key)", "\(key) must be an integer") }
            return number
        }
    }
}
