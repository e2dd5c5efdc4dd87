/// What `sluice bootstrap` found and did, one line per resource.
public struct BootstrapReport: Sendable {
    /// One resource and whether this run created it.
    public struct Item: Sendable, Equatable {
        /// postgres, s3 or kafka.
        public let system: String
        /// The resource, e.g. `extension postgis` or `bucket raw`.
        public let resource: String
        /// True when this run created the resource, false when it was already there.
        public let created: Bool
    }

    /// Every resource bootstrap is responsible for.
    public let items: [Item]
    /// Optional PostgreSQL extensions that this server does not offer (reported, not required).
    public let unavailableOptionalExtensions: [String]

    /// Whether this run changed anything; false on every run after the first.
    public var changedAnything: Bool { items.contains(where: \.created) }

    /// A human summary: one line per resource, then whether the state changed.
    public var text: String {
        var lines = items.map { "\($0.system.padding(toLength: 8, withPad: " ", startingAt: 0)) \($0.resource): \($0.created ? "created" : "already present")" }
        lines += unavailableOptionalExtensions.map { "postgres extension \($0): not available on this server (optional)" }
        lines.append(changedAnything ? "bootstrap: state changed" : "bootstrap: already bootstrapped, nothing changed")
        return lines.joined(separator: "\n")
    }
}
