/// A problem with the contracts folder itself (unreadable file, not JSON, badly named example).
public struct ContractsError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// The file concerned.
    public let path: String

    init(_ message: String, path: String) {
        self.message = message
        self.path = path
    }

    public var description: String { "\(path): \(message)" }
}
