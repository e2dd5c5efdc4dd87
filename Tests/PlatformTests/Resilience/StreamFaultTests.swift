import Contracts
import Emulators
import Foundation
import Platform
import Testing

/// The stream pipeline under storage and broker faults, on real sockets: every message ends in RAW once
/// with its event published, and the consumer group's offsets end committed.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct StreamFaultTests {
    /// Quick retries, so that a burst is outlasted in test time. More attempts than the faults of both
    /// bursts together (the second is armed the moment the first is used up, so one message can meet
    /// the end of one and the start of the other): no message can exhaust its attempts, whatever the
    /// order the writes in flight take.
    static let retry = RetryPolicy(maxAttempts: 20, baseDelay: .milliseconds(20), maxDelay: .milliseconds(200))

    @Test func s3SlowDownBurstsEndWithEveryMessageInRAWOnceAndEveryEventPublished() async throws {
        try await FaultStack.run { stack in
            let produced = try await StreamProducer(publisher: stack.publisher).produce(count: 200, ratePerSecond: nil)
            stack.s3.faults.failNext(9, with: .slowDown, matching: .put(under: "raw/source=stream/"))
            // A second burst once the first is used up, while later batches are still being written.
            let second = Task {
                while stack.s3.faults.pending > 0 { try await Task.sleep(for: .milliseconds(10)) }
                stack.s3.faults.failNext(9, with: .internalError, matching: .put(under: "raw/source=stream/"))
            }
            let report = try await StreamConsumer(config: stack.config, publisher: stack.publisher, group: "burst", retry: Self.retry)
                .run(maxMessages: 200, idleTimeout: .seconds(30), batchSize: 20)
            try await second.value
            #expect(report.messages == 200)
            #expect(report.deadLettered == 0)
            #expect(stack.s3.faults.faultsAnswered >= 9)
            try await StreamLanding(produced: produced).verify(stack, allowRepeats: false)
            try await Self.expectCommitted(stack, group: "burst")
        }
    }

    @Test func aBrokerRestartMidBatchEndsWithEveryMessageInRAWOnceAndEveryEventPublished() async throws {
        try await FaultStack.run { stack in
            let produced = try await StreamProducer(publisher: stack.publisher).produce(count: 3_000, ratePerSecond: nil)
            let consumer = StreamConsumer(config: stack.config, publisher: stack.publisher, group: "restart", retry: Self.retry)
            let run = Task { try await consumer.run(maxMessages: 3_000, idleTimeout: .seconds(30), batchSize: 50) }
            try await Self.waitFor { try stack.rawKeys(under: "source=stream/").count >= 100 }
            try await stack.kafka.stop()
            let landedBeforeRestart = try stack.rawKeys(under: "source=stream/").count
            try await Task.sleep(for: .seconds(2))
            try await Self.restart(stack.kafka)
            let report = try await run.value
            #expect(landedBeforeRestart < 3_000, "the restart came after the last batch")
            #expect(report.messages == 3_000)
            // The events of the batch cut by the restart may be re-sent by the producer (at least once).
            try await StreamLanding(produced: produced).verify(stack, allowRepeats: true)
            try await Self.expectCommitted(stack, group: "restart")
        }
    }

    @Test func storageThatStaysDownSendsMessagesToTheDeadLettersAndReplayLandsThem() async throws {
        try await FaultStack.run { stack in
            let produced = try await StreamProducer(publisher: stack.publisher).produce(count: 12, ratePerSecond: nil)
            stack.s3.faults.failNext(1_000, with: .slowDown, matching: .put(under: "raw/source=stream/"))
            let report = try await StreamConsumer(
                config: stack.config, publisher: stack.publisher, group: "dead",
                retry: RetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20))
            ).run(maxMessages: 12, idleTimeout: .seconds(15))
            #expect(report.messages == 12)
            #expect(report.deadLettered == 12)
            #expect(try stack.rawKeys(under: "source=stream/").isEmpty)
            #expect(try stack.rawKeys(under: "dead-letter/source=stream/").count == 12)
            let letters = try await stack.readAll(topic: "ingest.stream.v1.dlq")
            #expect(letters.count == 12)
            #expect(letters.allSatisfy { $0["data"]?["reason"] == "processing_failed" && $0["data"]?["attempts"] == .number(JSONNumber(2)) })
            #expect(letters.allSatisfy { $0["data"]?["original"]?["value"]?["type"] == "source.posts.v1" })
            let replayer = try DeadLetterReplayer(config: stack.config, publisher: stack.publisher)
            #expect(try replayer.list(source: "stream").count == 12)
            try await Self.expectCommitted(stack, group: "dead")

            stack.s3.faults.clear()
            let outcomes = try await replayer.replayAll(source: "stream")
            #expect(outcomes.count == 12)
            #expect(outcomes.allSatisfy { $0.failure == nil })
            #expect(try replayer.list(source: "stream").isEmpty)
            #expect(try replayer.list(source: "stream", includeReplayed: true).allSatisfy { $0.replayRunID != nil })
            try await StreamLanding(produced: produced).verify(stack, allowRepeats: false)
            await #expect(throws: ReplayError.self) { try await replayer.replay(failureID: outcomes[0].failureID) }
            #expect(try stack.rawKeys(under: "source=stream/").count == 12)
        }
    }

    /// Restarts `broker` on its port, trying again for a while when the port is still bound: a child
    /// process another test starts meanwhile (`sluice …` runs) can inherit the old listener for a moment.
    static func restart(_ broker: KafkaBroker) async throws {
        for attempt in 1... {
            do {
                try await broker.restart()
                return
            } catch {
                if attempt >= 50 { throw error }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// A new consumer of `group` finds nothing left to read: every offset was committed.
    static func expectCommitted(_ stack: FaultStack, group: String) async throws {
        let again = try await StreamConsumer(config: stack.config, publisher: stack.publisher, group: group)
            .run(idleTimeout: .seconds(6))
        #expect(again.messages == 0, "group \(group) had \(again.messages) messages left uncommitted")
    }

    /// Polls `condition` every 50 ms for up to 30 seconds.
    static func waitFor(_ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while try !condition() {
            guard ContinuousClock.now < deadline else { throw FixtureError("condition not met within 30 s") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
