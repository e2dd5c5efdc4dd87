import Foundation
import NIOCore
import Testing
@testable import Emulators

extension KafkaLogTests {
    @Suite struct KafkaDataDirectoryRestartTests {
        @Test func topicSettingsAndCommittedOffsetsSurviveARestart() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kafka-restart-\(UInt64.random(in: 0...UInt64.max))").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let tp = TopicPartition(topic: "stamped", partition: 0)
            do {
                let store = try KafkaLogStore(dataDirectory: directory)
                #expect(store.createTopic("stamped", partitions: 1, config: TopicConfig(timestampType: .logAppendTime)) == .none)
                let coordinator = GroupCoordinator(dataDirectory: directory)
                var request = ByteBuffer()
                request.writeKafkaString("g")
                request.writeKafkaArray(["stamped"]) { b, t in
                    b.writeKafkaString(t)
                    b.writeKafkaArray([Int32(0)]) { b, p in
                        b.writeInteger(p)
                        b.writeInteger(Int64(4))
                        b.writeKafkaString("meta")
                    }
                }
                var reader = KafkaReader(request)
                _ = coordinator.commit(try OffsetCommitRequest(from: &reader, version: 0))
            }
            #expect(try KafkaLogStore(dataDirectory: directory).config(of: "stamped")?.timestampType == .logAppendTime)
            let coordinator = GroupCoordinator(dataDirectory: directory)
            #expect(coordinator.committedOffset(group: "g", tp) == 4)
            coordinator.timePassed()
            #expect(coordinator.committedOffset(group: "g", tp) == 4)
        }
    }
}
