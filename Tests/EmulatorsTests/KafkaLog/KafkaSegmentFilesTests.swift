import Foundation
import NIOCore
import Testing
@testable import Emulators

extension KafkaLogTests {
    @Suite struct KafkaSegmentFilesTests {
        private func temporaryDirectory() -> String {
            FileManager.default.temporaryDirectory.appendingPathComponent("kafka-segments-\(UInt64.random(in: 0...UInt64.max))").path
        }

        @Test func aLogInADirectoryComesBackWithTheSameOffsetsAndRecords() throws {
            let directory = temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let tp = TopicPartition(topic: "kept-topic", partition: 1)
            do {
                let store = try KafkaLogStore(dataDirectory: directory)
                #expect(store.createTopic("kept-topic", partitions: 2) == .none)
                _ = store.append(try RecordBatchParser.batches(in: RecordBatchBuilder.values("a", "b").build()), to: tp)
                _ = store.append(try RecordBatchParser.batches(in: RecordBatchBuilder.values("c").build()), to: tp)
                #expect(store.createTopic("gone", partitions: 1) == .none)
                #expect(store.deleteTopic("gone") == .none)
            }
            let reopened = try KafkaLogStore(dataDirectory: directory)
            #expect(reopened.topicNames == ["kept-topic"])
            #expect(reopened.partitionCount(of: "kept-topic") == 2)
            #expect(reopened.highWatermark(of: tp) == 3)
            #expect(reopened.records(of: tp, from: 0, limit: 10)?.records.map(\.value) == [Array("a".utf8), Array("b".utf8), Array("c".utf8)])
        }

        @Test func aBatchCutShortByAKillIsDroppedAtLoad() throws {
            let directory = temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let tp = TopicPartition(topic: "cut", partition: 0)
            do {
                let store = try KafkaLogStore(dataDirectory: directory)
                #expect(store.createTopic("cut", partitions: 1) == .none)
                _ = store.append(try RecordBatchParser.batches(in: RecordBatchBuilder.values("whole").build()), to: tp)
            }
            let segment = URL(fileURLWithPath: directory).appendingPathComponent("cut-0").appendingPathComponent(KafkaSegmentFiles.segmentName)
            let handle = try FileHandle(forWritingTo: segment)
            try handle.seekToEnd()
            try handle.write(contentsOf: Array(RecordBatchBuilder.values("partial").build().readableBytesView.prefix(40)))
            try handle.close()
            #expect(try KafkaLogStore(dataDirectory: directory).highWatermark(of: tp) == 1)
        }
    }
}
