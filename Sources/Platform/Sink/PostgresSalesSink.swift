import Contracts
import Foundation
import Synchronization

/// `sluice sink postgres`: the retail sales stream into PostgreSQL, exactly once per `event_id`.
///
/// The loop polls a batch (``SalesSinkOptions/batchSize`` events or ``SalesSinkOptions/batchWindow``
/// after its first event, whichever comes first), checks every event against `retail.sale.v1`, sends
/// the ones that fail to `<topic>.dlq` with the reason, writes the rest with ``SalesBatchWriter`` in one
/// transaction, and only then commits the batch's offsets. A crash at any point therefore redoes the
/// batch, and the write is idempotent, so nothing is lost or counted twice.
///
/// When the database is unreachable or drops the connection, the sink keeps the batch and retries with
/// capped exponential backoff (state ``SalesSinkStatus/State/waitingForDatabase``) for as long as it
/// takes: it never commits an offset past what is written and never skips a batch. Other database
/// errors (a constraint the contract should have ruled out) end the run with the error, offsets not
/// committed, so the batch is read again by the next run.
public final class PostgresSalesSink: Sendable {
    private let config: PlatformConfig
    private let publisher: EventPublisher
    private let validator: Validator
    private let topic: String
    private let group: String
    private let options: SalesSinkOptions
    /// Pause and resume, from the control endpoint or a test.
    public let control: PipelineControl
    private let current = Mutex(SalesSinkStatus())

    /// Creates a sink of `topic` in consumer group `group`, checking events against the contract of
    /// `topic` in `contracts` and dead-lettering through `publisher`.
    public init(
        config: PlatformConfig, contracts: ContractRepository, publisher: EventPublisher,
        topic: String = PlatformTopics.sales, group: String = "sluice-sink-postgres",
        options: SalesSinkOptions = SalesSinkOptions(), control: PipelineControl = PipelineControl()
    ) throws {
        guard let contract = contracts.events.first(where: { $0.name == topic }) else {
            throw EventPublisherError.unknownEventType(topic)
        }
        self.validator = try contracts.validator(for: contract)
        self.config = config
        self.publisher = publisher
        self.topic = topic
        self.group = group
        self.options = options
        self.control = control
    }

    /// What the sink has done so far and what it is doing now.
    public var status: SalesSinkStatus { current.withLock { $0 } }

    /// Consumes until ``SalesSinkOptions/maxEvents`` were committed, ``SalesSinkOptions/idleTimeout``
    /// passed without an event, or the task is cancelled; returns the final status.
    ///
    /// Polls and database calls block the calling thread for up to a batch window or a transaction.
    ///
    /// - Parameter batchCommitted: called after each batch's offsets are committed.
    @discardableResult
    public func run(batchCommitted: (@Sendable (SalesSinkBatch) -> Void)? = nil) async throws -> SalesSinkStatus {
        let consumer = try KafkaConsumer(configuration: [
            "bootstrap.servers": config.kafkaBootstrapServers, "group.id": group,
            // Larger fetches than the default: the sink reads at up to ~100k small events a second.
            "fetch.max.bytes": "52428800", "max.partition.fetch.bytes": "4194304",
        ])
        try consumer.subscribe([topic])
        let writer = SalesBatchWriter(connectionString: config.postgres.connectionString)
        defer { current.withLock { $0.state = .stopped } }
        var lastEvent = ContinuousClock.now
        while !Task.isCancelled {
            let committed = current.withLock { $0.consumed }
            if let maxEvents = options.maxEvents, committed >= maxEvents { break }
            if let idle = options.idleTimeout, ContinuousClock.now - lastEvent >= idle { break }
            if control.isPaused {
                current.withLock { $0.state = .paused }
                try await control.waitWhilePaused()
                current.withLock { $0.state = .running }
                lastEvent = .now
            }
            let limit = min(options.batchSize, (options.maxEvents ?? .max) - committed)
            let batch = try await BlockingWork.run { try self.poll(consumer, upTo: limit) }
            guard !batch.isEmpty else {
                await Task.yield()
                continue
            }
            lastEvent = .now
            let outcome = try await process(batch, writer: writer)
            try consumer.commit(batch)
            let committedAt = Self.nowMilliseconds()
            let produced = batch.compactMap(\.timestampMilliseconds)
            current.withLock {
                $0.consumed += batch.count
                $0.inserted += outcome.inserted
                $0.duplicates += outcome.rows - outcome.inserted
                $0.deadLettered += outcome.deadLettered
                $0.batches += 1
                $0.lastLagMilliseconds = produced.min().map { committedAt - $0 }
            }
            batchCommitted?(SalesSinkBatch(
                events: batch.count, inserted: outcome.inserted, deadLettered: outcome.deadLettered,
                writeDuration: outcome.writeDuration, committedAtMilliseconds: committedAt, producedAtMilliseconds: produced))
        }
        return status
    }

    /// Up to `limit` records: returns once `limit` arrived, ``SalesSinkOptions/batchWindow`` passed
    /// since the first, or nothing arrived for 100 ms (so pause and stop requests are seen promptly).
    private func poll(_ consumer: KafkaConsumer, upTo limit: Int) throws -> [KafkaRecord] {
        var batch: [KafkaRecord] = []
        batch.reserveCapacity(limit)
        var deadline = ContinuousClock.now + .milliseconds(100)
        while batch.count < limit {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { break }
            let timeout = Int32(max(1, remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000))
            guard let record = try consumer.poll(timeoutMilliseconds: timeout) else { continue }
            if batch.isEmpty { deadline = ContinuousClock.now + options.batchWindow }
            batch.append(record)
        }
        return batch
    }

    private struct Outcome {
        var rows = 0
        var inserted = 0
        var deadLettered = 0
        var writeDuration = Duration.zero
    }

    /// Dead-letters the batch's invalid events and writes the valid ones, retrying the write until it succeeds.
    private func process(_ batch: [KafkaRecord], writer: SalesBatchWriter) async throws -> Outcome {
        var rows: [SaleRow] = []
        rows.reserveCapacity(batch.count)
        var rejected: [Rejection] = []
        for record in batch {
            switch decode(record) {
            case .row(let row): rows.append(row)
            case .rejected(let rejection): rejected.append(rejection)
            }
        }
        var outcome = Outcome(rows: rows.count, deadLettered: rejected.count)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for rejection in rejected {
                group.addTask {
                    _ = try await self.publisher.publishDeadLetter(
                        originalTopic: self.topic, reason: rejection.reason, attempts: 1, original: rejection.original,
                        message: rejection.message, errors: rejection.errors)
                }
            }
            try await group.waitForAll()
        }
        guard !rows.isEmpty else { return outcome }
        let start = ContinuousClock.now
        outcome.inserted = try await writeRetrying(rows, writer: writer)
        outcome.writeDuration = ContinuousClock.now - start
        return outcome
    }

    /// Writes `rows`, waiting out an unreachable database with capped backoff; other errors are thrown.
    private func writeRetrying(_ rows: [SaleRow], writer: SalesBatchWriter) async throws -> Int {
        var failures = 0
        while true {
            do {
                let inserted = try writer.write(rows)
                if failures > 0 { current.withLock { $0.state = .running; $0.lastError = nil } }
                return inserted
            } catch {
                guard Self.isTransient(error) else { throw error }
                writer.disconnect()
                failures += 1
                current.withLock {
                    $0.state = .waitingForDatabase
                    $0.retries += 1
                    $0.lastError = "\(error)"
                }
                try await Task.sleep(for: options.retryDelay(afterFailures: failures))
            }
        }
    }

    /// Whether `error` means the database is (for now) unreachable, rather than that the batch is wrong.
    ///
    /// Connection failures and SQLSTATE classes 08 (connection exception), 57P01–57P03 (shutdown,
    /// crash, not yet accepting connections), 53300 (too many connections), 40001 and 40P01
    /// (serialization failure, deadlock: the transaction may simply be run again). A statement that
    /// fails without a SQLSTATE did not reach the server, which is the same as a lost connection.
    static func isTransient(_ error: any Error) -> Bool {
        guard let error = error as? PostgresError else { return false }
        if error.kind == .connection { return true }
        guard let state = error.sqlState else { return error.kind == .query }
        return state.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300", "40001", "40P01"].contains(state)
    }

    private enum Decoded {
        case row(SaleRow)
        case rejected(Rejection)
    }

    /// An event that goes to the dead-letter topic, and why.
    private struct Rejection: Sendable {
        let reason: EventPublisher.DeadLetterReason
        let original: JSONValue
        let message: String?
        let errors: [OutputUnit]
    }

    private func decode(_ record: KafkaRecord) -> Decoded {
        let envelope: JSONValue
        do {
            envelope = try JSONParser.parse(record.value)
        } catch {
            return .rejected(Rejection(
                reason: .unreadable, original: .string(String(decoding: record.value, as: UTF8.self)),
                message: "not JSON at \(Self.coordinates(record)): \(error)", errors: []))
        }
        guard validator.isValid(envelope) else {
            return .rejected(Rejection(
                reason: .validationFailed, original: envelope, message: "violates \(topic) at \(Self.coordinates(record))",
                errors: validator.validate(envelope).errors))
        }
        guard let row = SaleRow(envelope: envelope, partition: record.partition, offset: record.offset) else {
            return .rejected(Rejection(
                reason: .processingFailed, original: envelope,
                message: "valid \(topic) event without a readable sale at \(Self.coordinates(record))", errors: []))
        }
        return .row(row)
    }

    private static func coordinates(_ record: KafkaRecord) -> String {
        "\(record.topic)/\(record.partition)/\(record.offset)"
    }

    private static func nowMilliseconds() -> Int64 {
        Int64((Date().timeIntervalSince1970 * 1000).rounded())
    }
}
