import NIOCore
import Testing
@testable import Emulators

extension KafkaLogTests {
    @Suite struct KafkaLogStoreInspectionTests {
        @Test func recordsOfARangeAreDecodedWithKeysValuesAndTimestamps() throws {
            let store = KafkaLogStore()
            #expect(store.createTopic("seen", partitions: 1) == .none)
            let tp = TopicPartition(topic: "seen", partition: 0)
            let builder = RecordBatchBuilder(baseTimestamp: 5000, records: [("k0", "v0", 0), (nil, "v1", 7), ("k2", nil, 9)])
            _ = store.append(try RecordBatchParser.batches(in: builder.build()), to: tp)
            let range = try #require(store.records(of: tp, from: 1, limit: 10))
            #expect(range.records.map(\.offset) == [1, 2])
            #expect(range.records[0].key == nil)
            #expect(range.records[0].value == Array("v1".utf8))
            #expect(range.records[0].timestamp == 5007)
            #expect(range.records[1].value == nil)
            #expect(store.partitions(of: "seen")?.first?.highWatermark == 3)
        }

        @Test func theAdminDocumentShowsLagPerCommittedPartition() throws {
            let store = KafkaLogStore()
            let coordinator = GroupCoordinator()
            #expect(store.createTopic("lagging", partitions: 1) == .none)
            let tp = TopicPartition(topic: "lagging", partition: 0)
            _ = store.append(try RecordBatchParser.batches(in: RecordBatchBuilder.values("a", "b", "c").build()), to: tp)
            var request = ByteBuffer()
            request.writeKafkaString("g")
            request.writeInteger(Int32(-1))
            request.writeKafkaString("")
            request.writeKafkaArray(["lagging"]) { b, t in
                b.writeKafkaString(t)
                b.writeKafkaArray([Int32(0)]) { b, p in
                    b.writeInteger(p)
                    b.writeInteger(Int64(1))
                    b.writeKafkaString(nil)
                }
            }
            var reader = KafkaReader(request)
            _ = coordinator.commit(try OffsetCommitRequest(from: &reader, version: 5))
            let groups = KafkaAdminDocument.groups(coordinator, store)
            #expect(groups.map(\.groupId) == ["g"])
            #expect(groups.first?.lag.first?.lag == 2)
        }
    }
}
