/// Why a schema could not be compiled: it names the schema location (absolute URI and JSON Pointer)
/// so that the author can find the offending keyword.
public struct SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    enum Base: Sendable, Equatable {
        case malformed, unresolvableReference, unknownDialect, unknownVocabulary, invalidRegex, cyclicReference
    }

    let base: Base
    /// What is wrong.
    public let message: String
    /// Where: `uri#/json/pointer` of the keyword.
    public let location: String

    init(_ base: Base, _ message: String, at location: String) {
        self.base = base
        self.message = message
        self.location = location
    }

    /// True for an unresolvable `$ref`/`$dynamicRef` (the case a contract author meets most).
    public var isUnresolvableReference: Bool { base == .unresolvableReference }

    public var description: String { "\(location): \(message)" }
}
