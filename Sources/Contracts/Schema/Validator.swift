/// A compiled JSON Schema, ready to validate any number of instances from any number of threads.
///
/// Compilation resolves every `$ref`, compiles every regex and refuses a malformed schema, an
/// unknown `$schema`, an unresolvable reference or a cyclic `$ref` chain with a `SchemaError` that
/// names the location; validation itself cannot fail, it only says valid or not (and why).
public final class Validator: Sendable {
    /// Used as the base URI of a schema that has no `$id` and was given none.
    public static let defaultBaseURI = "urn:sluice:schema"

    private let nodes: [SchemaNode]
    private let resources: [SchemaResource]
    private let root: Int

    /// Compiles `schema`.
    /// - Parameters:
    ///   - baseURI: the URI the schema is known by (its `$id`, if any, is resolved against it).
    ///   - draft: the draft assumed when the schema has no `$schema` (2020-12 by default).
    ///   - registry: other schemas `$ref` may reach by URI.
    ///   - formatAssertion: check `format` (by default it is only an annotation, as 2020-12 says).
    public init(schema: JSONValue, baseURI: String = Validator.defaultBaseURI, draft: Draft = .draft2020_12,
                registry: SchemaRegistry = SchemaRegistry(), formatAssertion: Bool = false) throws(SchemaError)
    {
        var compiler = SchemaCompiler(registry: registry.documents, defaultDraft: draft, formatAssertion: formatAssertion)
        root = try compiler.compileRoot(schema, baseURI: baseURI)
        nodes = compiler.nodes
        resources = compiler.resourceTable
    }

    /// The "flag" output: valid or not, as fast as possible (stops at the first failure).
    public func isValid(_ instance: JSONValue) -> Bool {
        var evaluator = Evaluator(nodes: nodes, resources: resources, collecting: false)
        var none: Annotations? = nil
        return evaluator.evaluate(root, instance, &none)
    }

    /// The "basic" output: every error with its locations and message.
    public func validate(_ instance: JSONValue) -> ValidationResult {
        var evaluator = Evaluator(nodes: nodes, resources: resources, collecting: true)
        var none: Annotations? = nil
        let valid = evaluator.evaluate(root, instance, &none)
        var errors = evaluator.errors
        if !valid, errors.isEmpty {
            errors = [OutputUnit(keywordLocation: "", absoluteKeywordLocation: nodes[root].location, instanceLocation: "",
                                 error: "does not match the schema")]
        }
        return ValidationResult(valid: valid, errors: valid ? [] : errors)
    }
}
