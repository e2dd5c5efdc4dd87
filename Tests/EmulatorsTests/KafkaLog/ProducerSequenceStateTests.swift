import Testing
@testable import Emulators

extension KafkaLogTests {
    @Suite struct ProducerSequenceStateTests {
        @Test func theNextSequenceIsAppended() {
            var state = ProducerSequenceState(epoch: 0)
            state.appended(epoch: 0, firstSequence: 0, lastSequence: 9, baseOffset: 0)
            #expect(state.verdict(epoch: 0, firstSequence: 10, lastSequence: 19) == .append)
        }

        @Test func aRetriedBatchIsADuplicateWithItsFirstOffset() {
            var state = ProducerSequenceState(epoch: 0)
            state.appended(epoch: 0, firstSequence: 0, lastSequence: 9, baseOffset: 100)
            state.appended(epoch: 0, firstSequence: 10, lastSequence: 19, baseOffset: 110)
            #expect(state.verdict(epoch: 0, firstSequence: 0, lastSequence: 9) == .duplicate(baseOffset: 100))
        }

        @Test func aGapIsOutOfOrder() {
            var state = ProducerSequenceState(epoch: 0)
            state.appended(epoch: 0, firstSequence: 0, lastSequence: 9, baseOffset: 0)
            #expect(state.verdict(epoch: 0, firstSequence: 20, lastSequence: 29) == .reject(.outOfOrderSequenceNumber))
        }

        @Test func anOlderEpochIsFencedAndANewerOneMustStartAtZero() {
            var state = ProducerSequenceState(epoch: 3)
            state.appended(epoch: 3, firstSequence: 0, lastSequence: 0, baseOffset: 0)
            #expect(state.verdict(epoch: 2, firstSequence: 1, lastSequence: 1) == .reject(.invalidProducerEpoch))
            #expect(state.verdict(epoch: 4, firstSequence: 5, lastSequence: 5) == .reject(.outOfOrderSequenceNumber))
            #expect(state.verdict(epoch: 4, firstSequence: 0, lastSequence: 5) == .append)
        }

        @Test func onlyTheLastFiveBatchesAreRemembered() {
            var state = ProducerSequenceState(epoch: 0)
            for i in 0..<7 { state.appended(epoch: 0, firstSequence: Int32(i), lastSequence: Int32(i), baseOffset: Int64(i)) }
            #expect(state.recent.map(\.firstSequence) == [2, 3, 4, 5, 6])
        }
    }
}
