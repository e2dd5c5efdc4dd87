/// One compiled keyword of a schema node. Subschemas are indices into `CompiledSchema.nodes`, so
/// that recursive schemas (a `$ref` back to an ancestor) need no reference cycles.
///
/// Indirect, so a keyword is one reference: the evaluator copies a keyword per step, and copying one
/// pointer beat copying each payload's fields (about 8% on the envelope workload).
indirect enum Keyword: Sendable {
    /// The JSON types as a bit set, `integer` apart from `number`.
    struct Types: OptionSet, Sendable {
        let rawValue: UInt8
        static let null = Types(rawValue: 1), boolean = Types(rawValue: 2), integer = Types(rawValue: 4)
        static let number = Types(rawValue: 8), string = Types(rawValue: 16), array = Types(rawValue: 32)
        static let object = Types(rawValue: 64)

        init(rawValue: UInt8) { self.rawValue = rawValue }

        init?(name: String) {
            switch name {
            case "null": self = .null
            case "boolean": self = .boolean
            case "integer": self = .integer
            case "number": self = .number
            case "string": self = .string
            case "array": self = .array
            case "object": self = .object
            default: return nil
            }
        }

        var names: [String] {
            let all: [(Types, String)] = [(.null, "null"), (.boolean, "boolean"), (.integer, "integer"), (.number, "number"),
                                          (.string, "string"), (.array, "array"), (.object, "object")]
            return all.filter { contains($0.0) }.map(\.1)
        }
    }

    case alwaysFalse
    case ref(Int)
    /// `$dynamicRef`: the statically resolved target, and the anchor name when the target carries a
    /// matching `$dynamicAnchor` (only then is the dynamic scope searched).
    case dynamicRef(Int, anchor: String?)
    case type(Types)
    case const(JSONValue)
    case enumeration([JSONValue])
    case multipleOf(JSONNumber)
    case maximum(JSONNumber), exclusiveMaximum(JSONNumber), minimum(JSONNumber), exclusiveMinimum(JSONNumber)
    case maxLength(Int), minLength(Int)
    case pattern(ECMARegex)
    case maxItems(Int), minItems(Int), uniqueItems
    case maxProperties(Int), minProperties(Int)
    case required([String])
    case dependentRequired([(String, [String])])
    case properties([(String, Int)])
    case patternProperties([(ECMARegex, Int)])
    /// Applies to the members not named in `names` nor matched by `patterns` of the same node
    /// (a list, not a set: a few byte comparisons beat hashing every member name).
    case additionalProperties(Int, names: [String], patterns: [ECMARegex])
    case propertyNames(Int)
    case dependentSchemas([(String, Int)])
    case prefixItems([Int])
    /// `items` (2020-12) or draft-07 `additionalItems`: applies to the elements from `start` on.
    case items(Int, start: Int)
    case contains(Int, min: Int, max: Int?)
    case allOf([Int]), anyOf([Int]), oneOf([Int])
    case not(Int)
    case conditional(if: Int, then: Int?, else: Int?)
    case unevaluatedItems(Int)
    case unevaluatedProperties(Int)
    case format(String, assert: Bool)
}

/// A keyword with the name it was written under, for keyword locations in the output.
struct NamedKeyword: Sendable {
    let name: String
    let keyword: Keyword
}

/// One compiled subschema.
///
/// A class so that the evaluator fetches a node with one retain instead of copying its fields.
/// `@unchecked Sendable`: `SchemaCompiler` fills `keywords` and `collectsAnnotations` before the
/// `Validator` that owns the node exists; from then on nothing writes to it.
final class SchemaNode: @unchecked Sendable {
    var keywords: [NamedKeyword] = []
    /// Index of the schema resource (`$id` scope) the node belongs to, for the dynamic scope.
    let resource: Int
    /// `uri#/pointer` of the subschema: the prefix of each absolute keyword location.
    let location: String
    /// True when the node holds `unevaluatedItems`/`unevaluatedProperties`, so it must collect the
    /// annotations of its in-place applicators.
    var collectsAnnotations = false

    init(resource: Int, location: String) {
        self.resource = resource
        self.location = location
    }
}

/// A schema resource (a document root or a subschema with `$id`): its URI and dynamic anchors.
struct SchemaResource: Sendable {
    let uri: String
    var dynamicAnchors: [String: Int] = [:]
}
