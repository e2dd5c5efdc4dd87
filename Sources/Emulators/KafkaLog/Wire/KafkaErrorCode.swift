/// A Kafka protocol error code: the `int16` every response carries per topic, partition or request.
///
/// Kept as the wire value so the emulator answers exactly what a client's error tables expect; the static
/// members name the codes this broker sends. A code not listed here is still representable, so a value
/// read from the wire never has to be mapped to a wrong case.
public struct KafkaErrorCode: Error, Hashable, Sendable, CustomStringConvertible {
    /// The value on the wire.
    public let code: Int16

    public init(code: Int16) { self.code = code }

    public static let none = KafkaErrorCode(code: 0)
    public static let offsetOutOfRange = KafkaErrorCode(code: 1)
    public static let corruptMessage = KafkaErrorCode(code: 2)
    public static let unknownTopicOrPartition = KafkaErrorCode(code: 3)
    public static let invalidFetchSize = KafkaErrorCode(code: 4)
    public static let leaderNotAvailable = KafkaErrorCode(code: 5)
    public static let notLeaderOrFollower = KafkaErrorCode(code: 6)
    public static let coordinatorNotAvailable = KafkaErrorCode(code: 15)
    public static let notCoordinator = KafkaErrorCode(code: 16)
    public static let invalidTopic = KafkaErrorCode(code: 17)
    public static let recordListTooLarge = KafkaErrorCode(code: 18)
    public static let illegalGeneration = KafkaErrorCode(code: 22)
    public static let inconsistentGroupProtocol = KafkaErrorCode(code: 23)
    public static let invalidGroupId = KafkaErrorCode(code: 24)
    public static let unknownMemberId = KafkaErrorCode(code: 25)
    public static let invalidSessionTimeout = KafkaErrorCode(code: 26)
    public static let rebalanceInProgress = KafkaErrorCode(code: 27)
    public static let unsupportedVersion = KafkaErrorCode(code: 35)
    public static let topicAlreadyExists = KafkaErrorCode(code: 36)
    public static let invalidPartitions = KafkaErrorCode(code: 37)
    public static let invalidReplicationFactor = KafkaErrorCode(code: 38)
    public static let invalidConfig = KafkaErrorCode(code: 40)
    public static let invalidRequest = KafkaErrorCode(code: 42)
    public static let outOfOrderSequenceNumber = KafkaErrorCode(code: 45)
    public static let invalidProducerEpoch = KafkaErrorCode(code: 47)
    public static let groupIdNotFound = KafkaErrorCode(code: 69)
    public static let invalidRecord = KafkaErrorCode(code: 87)

    /// Whether a client may retry the same request and expect it to succeed, as Kafka's own table says.
    public var isRetriable: Bool {
        [Self.corruptMessage, .unknownTopicOrPartition, .leaderNotAvailable, .notLeaderOrFollower, .coordinatorNotAvailable, .notCoordinator,
         .rebalanceInProgress, .outOfOrderSequenceNumber].contains(self)
    }

    public var description: String { "Kafka error \(code)" }
}
