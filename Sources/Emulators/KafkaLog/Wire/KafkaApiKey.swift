/// The request types this broker answers, with the version range it advertises through ApiVersions.
///
/// The ranges stop below each API's first flexible version (except ApiVersions itself, which clients
/// open with a flexible version): every client negotiates down to the highest common version, so the
/// broker only ever sees the fixed-width encodings it implements. Produce starts at v3 and Fetch at v4,
/// the first versions that carry record batches v2, the only record format this log stores.
public enum KafkaApiKey: Int16, CaseIterable, Sendable {
    case produce = 0
    case fetch = 1
    case listOffsets = 2
    case metadata = 3
    case offsetCommit = 8
    case offsetFetch = 9
    case findCoordinator = 10
    case joinGroup = 11
    case heartbeat = 12
    case leaveGroup = 13
    case syncGroup = 14
    case describeGroups = 15
    case listGroups = 16
    case apiVersions = 18
    case createTopics = 19
    case deleteTopics = 20
    case initProducerId = 22
    case describeConfigs = 32
    case createPartitions = 37

    /// The versions this broker reads and writes.
    public var supportedVersions: ClosedRange<Int16> {
        switch self {
        case .produce: 3...8
        case .fetch: 4...11
        case .listOffsets: 1...5
        case .metadata: 0...8
        case .offsetCommit: 0...7
        case .offsetFetch: 1...5
        case .findCoordinator: 0...2
        case .joinGroup: 0...5
        case .heartbeat: 0...3
        case .leaveGroup: 0...2
        case .syncGroup: 0...3
        case .describeGroups: 0...4
        case .listGroups: 0...2
        case .apiVersions: 0...4
        case .createTopics: 0...4
        case .deleteTopics: 0...3
        case .initProducerId: 0...1
        case .describeConfigs: 0...3
        case .createPartitions: 0...1
        }
    }

    /// Whether `version` uses the flexible (compact, tagged) encoding, the first version of each API
    /// that does, per the apache/kafka message definitions (`flexibleVersions`). Only ApiVersions is ever
    /// answered in a flexible version here; the others matter for reading the header of a request that
    /// is refused with UNSUPPORTED_VERSION.
    func isFlexible(_ version: Int16) -> Bool { version >= firstFlexibleVersion }

    private var firstFlexibleVersion: Int16 {
        switch self {
        case .produce: 9
        case .fetch: 12
        case .listOffsets: 6
        case .metadata: 9
        case .offsetCommit: 8
        case .offsetFetch: 6
        case .findCoordinator: 3
        case .joinGroup: 6
        case .heartbeat: 4
        case .leaveGroup: 4
        case .syncGroup: 4
        case .describeGroups: 5
        case .listGroups: 3
        case .apiVersions: 3
        case .createTopics: 5
        case .deleteTopics: 4
        case .initProducerId: 2
        case .describeConfigs: 4
        case .createPartitions: 2
        }
    }
}
