/// The users a server accepts: access key id → secret, and the region their signatures must name.
///
/// Several users, because a real deployment has several (the platform's writer, a read-only analyst)
/// and tests must show that one user's secret does not open another's key.
public struct S3Credentials: Sendable {
    /// Secrets by access key id.
    public var secrets: [String: String]
    /// The region in every credential scope, `us-east-1` unless configured.
    public var region: String

    /// Credentials for the given users.
    public init(users: [String: String], region: String = "us-east-1") {
        self.secrets = users
        self.region = region
    }

    /// The secret of `accessKey`, if it is a known user.
    public func secret(for accessKey: String) -> String? { secrets[accessKey] }
}
