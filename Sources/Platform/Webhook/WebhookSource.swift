/// The `{source}` of `POST /webhooks/{source}`: a name that is safe as a RAW path segment.
public struct WebhookSource: Sendable, Hashable, CustomStringConvertible {
    /// The name, 1–64 characters of `a-z`, `0-9`, `-` and `_`, starting with a letter or digit.
    public let name: String

    /// The source called `name`, or nil when the name is not allowed.
    public init?(_ name: String) {
        guard name.wholeMatch(of: /[a-z0-9][a-z0-9_-]{0,63}/) != nil else { return nil }
        self.name = name
    }

    public var description: String { name }
}
