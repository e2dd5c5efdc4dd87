/// Why a ``PipelineControlServer`` could not start.
public enum PipelineControlServerError: Error, CustomStringConvertible {
    /// The socket bound but reported no local address, so its port cannot be given to anyone.
    case noBoundAddress

    public var description: String {
        switch self {
        case .noBoundAddress: "the control endpoint bound but reported no local address"
        }
    }
}
