import NIOCore
import Testing
@testable import Emulators

extension KafkaLogTests {
    @Suite struct PartitionLogTests {
        private func batches(_ builder: RecordBatchBuilder) throws -> [RecordBatchParser.Batch] {
            try RecordBatchParser.batches(in: builder.build())
        }

        @Test func appendsAssignConsecutiveOffsetsAndRewriteTheBaseOffset() throws {
            var log = PartitionLog()
            #expect(log.append(try batches(.values("a", "b"))) == .success(0))
            #expect(log.append(try batches(.values("c"))) == .success(2))
            #expect(log.highWatermark == 3)
            #expect(log.batches[1].bytes.getInteger(at: log.batches[1].bytes.readerIndex, as: Int64.self) == 2)
        }

        @Test func readsWholeBatchesFromTheOneHoldingTheOffset() throws {
            var log = PartitionLog()
            _ = log.append(try batches(.values("a", "b")))
            _ = log.append(try batches(.values("c")))
            let read = try log.read(from: 1, maxBytes: 1 << 20).get()
            #expect(try read.flatMap { try RecordBatchParser.batches(in: $0) }.map(\.header.baseOffset) == [0, 2])
        }

        @Test func aReadReturnsAtLeastOneBatchEvenAboveTheLimit() throws {
            var log = PartitionLog()
            _ = log.append(try batches(.values(String(repeating: "x", count: 500))))
            let read = try log.read(from: 0, maxBytes: 10).get()
            #expect(read.count == 1)
            #expect(read[0].readableBytes > 500)
        }

        @Test func anOffsetPastTheEndIsOutOfRange() {
            #expect(PartitionLog().read(from: 1, maxBytes: 100) == .failure(.offsetOutOfRange))
        }

        @Test func anIdempotentRetryIsDroppedAndAnswersTheFirstOffset() throws {
            var log = PartitionLog()
            var builder = RecordBatchBuilder.values("a", "b")
            builder.producerId = 7
            builder.producerEpoch = 0
            builder.baseSequence = 0
            let produced = try batches(builder)
            #expect(log.append(produced) == .success(0))
            #expect(log.append(produced) == .success(0))
            #expect(log.highWatermark == 2)
            builder.baseSequence = 5
            #expect(log.append(try batches(builder)) == .failure(.outOfOrderSequenceNumber))
        }

        @Test func findsTheFirstOffsetAtOrAfterATimestamp() throws {
            var log = PartitionLog()
            let builder = RecordBatchBuilder(baseTimestamp: 1000, records: [(nil, "a", 0), (nil, "b", 10), (nil, "c", 20)])
            _ = log.append(try batches(builder))
            #expect(log.offset(atOrAfter: 1005)?.offset == 1)
            #expect(log.offset(atOrAfter: 1020)?.timestamp == 1020)
            #expect(log.offset(atOrAfter: 5000) == nil)
        }

        @Test func aLogAppendTimeBatchIsStampedAndResealed() throws {
            var log = PartitionLog()
            _ = log.append(try batches(.values("a", "b")), logAppendTime: 42_000)
            let stored = try RecordBatchParser.batches(in: log.batches[0].bytes)
            #expect(stored[0].header.attributes & 0x08 != 0)
            #expect(stored[0].header.maxTimestamp == 42_000)
        }
    }
}
