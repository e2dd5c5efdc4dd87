/// One error of the spec's "basic" output format (JSON Schema 2020-12 Core §12.4.2).
public struct OutputUnit: Sendable, Equatable {
    /// JSON Pointer of the keyword along the evaluation path (through `$ref`s).
    public let keywordLocation: String
    /// `uri#/pointer` of the keyword in the schema resource that holds it.
    public let absoluteKeywordLocation: String
    /// JSON Pointer of the offending value in the instance.
    public let instanceLocation: String
    /// What is wrong, for a person.
    public let error: String

    public init(keywordLocation: String, absoluteKeywordLocation: String, instanceLocation: String, error: String) {
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.instanceLocation = instanceLocation
        self.error = error
    }

    /// The one-line form, `/payload/raw_uri: does not match ^s3://`.
    public var human: String { (instanceLocation.isEmpty ? "/" : instanceLocation) + ": " + error }

    /// The unit as a JSON object, as the spec spells its members.
    public var json: JSONValue {
        .object(JSONObject([
            .init(key: "keywordLocation", value: .string(keywordLocation)),
            .init(key: "absoluteKeywordLocation", value: .string(absoluteKeywordLocation)),
            .init(key: "instanceLocation", value: .string(instanceLocation)),
            .init(key: "error", value: .string(error)),
        ]))
    }

    /// Reads a unit back from its JSON form (golden `.errors.json` files).
    public init?(json: JSONValue) {
        guard case .string(let k)? = json["keywordLocation"], case .string(let i)? = json["instanceLocation"] else { return nil }
        keywordLocation = k
        instanceLocation = i
        absoluteKeywordLocation = json["absoluteKeywordLocation"]?.stringValue ?? ""
        error = json["error"]?.stringValue ?? ""
    }
}

/// The outcome of validating one instance.
public struct ValidationResult: Sendable, Equatable {
    public let valid: Bool
    /// Empty when valid; otherwise at least one unit.
    public let errors: [OutputUnit]

    /// The "flag" output format: `{"valid": …}`.
    public var flagOutput: JSONValue { .object(JSONObject([.init(key: "valid", value: .bool(valid))])) }

    /// The "basic" output format: `{"valid": …, "errors": [units]}`.
    public var basicOutput: JSONValue {
        var members: [JSONObject.Member] = [.init(key: "valid", value: .bool(valid))]
        if !valid { members.append(.init(key: "errors", value: .array(errors.map(\.json)))) }
        return .object(JSONObject(members))
    }
}
