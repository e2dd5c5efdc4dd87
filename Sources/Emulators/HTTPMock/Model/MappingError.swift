/// Why a stub mapping was refused, naming the offending field as a JSON pointer.
///
/// Rendered as WireMock's 422 body (`{"errors":[{"code":10,"source":{"pointer":…},"title":…,"detail":…}]}`)
/// so tools that parse WireMock's validation errors keep working.
public struct MappingError: Error, Sendable, CustomStringConvertible {
    /// A JSON pointer to the field at fault, such as `/request/bodyPatterns/0`.
    public let pointer: String
    public let detail: String

    public init(_ pointer: String, _ detail: String) {
        self.pointer = pointer
        self.detail = detail
    }

    public var description: String { "\(pointer): \(detail)" }

    /// WireMock's JSON error document for this error.
    public var json: MockJSON {
        .object([("errors", .array([.object([
            ("code", .int(10)),
            ("source", .object([("pointer", .string(pointer))])),
            ("title", .string("Error parsing JSON")),
            ("detail", .string(detail)),
        ])]))])
    }
}
