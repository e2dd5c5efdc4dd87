/// Why a ``WebhookServer`` could not start.
public enum WebhookServerError: Error, CustomStringConvertible {
    /// The socket bound but reported no local address.
    case noBoundAddress

    public var description: String {
        switch self {
        case .noBoundAddress: "the webhook listener bound but reported no local address"
        }
    }
}
