import NIOCore
import Testing
@testable import Emulators

extension KafkaLogTests {
    @Suite struct RecordBatchParserTests {
        @Test func readsTheHeaderOfAValidBatch() throws {
            let batch = RecordBatchBuilder.values("a", "b", "c").build()
            let parsed = try RecordBatchParser.batches(in: batch)
            #expect(parsed.count == 1)
            #expect(parsed[0].header.recordCount == 3)
            #expect(parsed[0].header.lastOffsetDelta == 2)
            #expect(parsed[0].header.magic == 2)
            #expect(parsed[0].bytes.readableBytes == batch.readableBytes)
        }

        @Test func splitsSeveralBatchesInOneRecordSet() throws {
            var set = RecordBatchBuilder.values("a").build()
            var second = RecordBatchBuilder.values("b", "c").build()
            set.writeBuffer(&second)
            #expect(try RecordBatchParser.batches(in: set).map(\.header.recordCount) == [1, 2])
        }

        @Test func refusesACorruptCRC() {
            var batch = RecordBatchBuilder.values("payload").build()
            batch.setInteger(UInt8(ascii: "X"), at: batch.writerIndex - 3)
            #expect(throws: RecordBatchError.self) { try RecordBatchParser.batches(in: batch) }
        }

        @Test func refusesAWrongMagicByte() {
            let batch = RecordBatchBuilder(magic: 1, records: [(nil, "v", 0)]).build()
            #expect(throws: RecordBatchError.unsupportedMagic(1)) { try RecordBatchParser.batches(in: batch) }
        }

        @Test func refusesATruncatedBatch() {
            let batch = RecordBatchBuilder.values("a", "b").build()
            #expect(throws: RecordBatchError.truncated) { try RecordBatchParser.batches(in: batch.getSlice(at: 0, length: batch.readableBytes - 1)!) }
            #expect(throws: RecordBatchError.truncated) { try RecordBatchParser.batches(in: batch.getSlice(at: 0, length: 30)!) }
        }

        @Test func everyCorruptErrorAnswersCorruptMessage() {
            #expect(RecordBatchError.truncated.errorCode == .corruptMessage)
            #expect(RecordBatchError.crcMismatch(expected: 1, actual: 2).errorCode.code == 2)
        }
    }
}
