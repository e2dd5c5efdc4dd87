import NIOCore
import Testing
@testable import Emulators

extension KafkaLogTests {
    @Suite struct GroupCoordinatorRetentionTests {
        @Test func committedOffsetsOfAGroupWithoutMembersExpire() async throws {
            let coordinator = GroupCoordinator(offsetRetentionMs: 50)
            var request = ByteBuffer()
            request.writeKafkaString("idle")
            request.writeKafkaArray(["t"]) { b, t in
                b.writeKafkaString(t)
                b.writeKafkaArray([Int32(0)]) { b, p in
                    b.writeInteger(p)
                    b.writeInteger(Int64(9))
                    b.writeKafkaString(nil)
                }
            }
            var reader = KafkaReader(request)
            _ = coordinator.commit(try OffsetCommitRequest(from: &reader, version: 0))
            let tp = TopicPartition(topic: "t", partition: 0)
            coordinator.timePassed()
            #expect(coordinator.committedOffset(group: "idle", tp) == 9)
            try await Task.sleep(for: .milliseconds(80))
            coordinator.timePassed()
            #expect(coordinator.committedOffset(group: "idle", tp) == nil)
        }
    }
}
