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
    private let metrics: SluiceMetrics

    /// Creates a sink of `topic` in consumer group `group`, checking events against the contract of
    /// `topic` in `contracts` and dead-lettering through `publisher`.
    public init(
        config: PlatformConfig, contracts: ContractRepository, publisher: EventPublisher,
        topic: String = PlatformTopics.sales, group: String = "sluice-sink-postgres",
        options: SalesSinkOptions = SalesSinkOptions(), control: PipelineControl = PipelineControl(),
        metrics: SluiceMetrics = SluiceMetrics()
    ) throws {
        self.metrics = metrics
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
    public var status: SalesSinkStatus {
        var status = current.withLock { $0 }
        status.pauseRequested = control.isPaused
        return status
    }

    /// Consumes until ``SalesSinkOptions/maxEvents`` were committed, ``SalesSinkOptions/idleTimeout``
    /// passed without an event, or the task is cancelled; returns the final status.
    ///
    /// Polls, the checking of events and database calls run on Dispatch threads (``BlockingWork``), so
    /// the sink blocks no thread of the cooperative pool.
    ///
    /// - Parameter batchCommitted: called after each batch's offsets are committed.
    @discardableResult
    public func run(batchCommitted: (@Sendable (SalesSinkBatch) -> Void)? = nil) async throws -> SalesSinkStatus {
        let consumer = try KafkaConsumer(configuration: [
            "bootstrap.servers": config.kafkaBootstrapServers, "group.id": group,
            // Larger fetches than the default: the sink reads at up to ~100k small events a second.
            "fetch.max.bytes": "52428800", "max.partition.fetch.bytes": "4194304",
            // librdkafka 2.0.2 stops fetching a partition whose prefetch queue holds `queued.min.messages`
            // (or `queued.max.messages.kbytes`) and then waits a fixed second (`fetch.queue.backoff.ms`,
            // which makes that wait shorter, exists only from 2.3.0): queue a few seconds of events
            // (≈ 400 bytes each) so that the queue does not run dry during that second.
            "queued.min.messages": "500000", "queued.max.messages.kbytes": "131072",
        ])
        try consumer.subscribe([topic])
        let writer = SalesBatchWriter(connectionString: config.postgres.connectionString)
        defer { current.withLock { $0.state = .stopped } }
        // One batch's write runs while the next batch is polled and checked: the database works in its
        // own process, so the two overlap instead of taking turns. Writes and commits stay in order,
        // one write at a time.
        var inFlight: InFlightWrite?
        var lastEvent = ContinuousClock.now
        while !Task.isCancelled {
            let taken = current.withLock { $0.consumed } + (inFlight?.batch.count ?? 0)
            if let maxEvents = options.maxEvents, taken >= maxEvents { break }
            if let idle = options.idleTimeout, ContinuousClock.now - lastEvent >= idle { break }
            if control.isPaused {
                // A pause holds with everything polled so far written and committed.
                if let write = inFlight.take() { try await complete(write, consumer: consumer, observer: batchCommitted) }
                current.withLock { $0.state = .paused }
                try await control.waitWhilePaused()
                current.withLock { $0.state = .running }
                lastEvent = .now
            }
            let limit = min(options.batchSize, (options.maxEvents ?? .max) - taken)
            let batch = try await consumer.pollBatch(upTo: limit, closing: .fromFirstRecord(options.batchWindow, idle: .milliseconds(100)))
            guard !batch.isEmpty else {
                if let write = inFlight.take() { try await complete(write, consumer: consumer, observer: batchCommitted) }
                await Task.yield()
                continue
            }
            lastEvent = .now
            let prepared = try await prepare(batch)
            if let write = inFlight.take() { try await complete(write, consumer: consumer, observer: batchCommitted) }
            inFlight = InFlightWrite(batch: batch, deadLettered: prepared.deadLettered, rows: prepared.rows.count, task: Task {
                let start = ContinuousClock.now
                let inserted = prepared.rows.isEmpty ? 0 : try await self.writeRetrying(prepared.rows, writer: writer)
                return (inserted, ContinuousClock.now - start)
            })
        }
        if let write = inFlight.take() {
            // Stopped (or cancelled) with a write under way: a write that succeeded is committed, one that
            // was cut short is not, so what is committed is exactly what is written.
            if Task.isCancelled { write.task.cancel() }
            if case .success = await write.task.result { try await complete(write, consumer: consumer, observer: batchCommitted) }
        }
        return status
    }

    /// A batch whose rows are being written; its offsets are committed by ``complete(_:consumer:observer:)``.
    private struct InFlightWrite {
        let batch: [KafkaRecord]
        let deadLettered: Int
        let rows: Int
        let task: Task<(inserted: Int, duration: Duration), any Error>
    }

    /// Waits for `write`, then commits its batch's offsets and counts it.
    private func complete(
        _ write: InFlightWrite, consumer: KafkaConsumer, observer: (@Sendable (SalesSinkBatch) -> Void)?
    ) async throws {
        // Cancelling the sink cancels the write too, which gives up only while it waits for the database.
        let task = write.task
        let (inserted, duration) = try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
        try consumer.commit(write.batch)
        let committedAt = Self.nowMilliseconds()
        record(write, inserted: inserted, duration: duration, consumer: consumer)
        let produced = write.batch.compactMap(\.timestampMilliseconds)
        current.withLock {
            $0.consumed += write.batch.count
            $0.inserted += inserted
            $0.duplicates += write.rows - inserted
            $0.deadLettered += write.deadLettered
            $0.batches += 1
            $0.lastLagMilliseconds = produced.min().map { committedAt - $0 }
        }
        observer?(SalesSinkBatch(
            events: write.batch.count, inserted: inserted, deadLettered: write.deadLettered,
            writeDuration: duration, committedAtMilliseconds: committedAt, producedAtMilliseconds: produced))
    }

    /// Counts a committed batch (dataset = the topic, source `sink`): events in, events handled (inserted
    /// or recognised; dead letters count in `sluice_dead_letters_total`), the write's time as
    /// `sluice_batch_seconds{stage="sink_write"}`, and the lag of each partition in the batch.
    private func record(_ write: InFlightWrite, inserted: Int, duration: Duration, consumer: KafkaConsumer) {
        metrics.recordsIn(dataset: topic, source: "sink").increment(by: write.batch.count)
        metrics.recordsOut(dataset: topic, source: "sink").increment(by: write.rows)
        metrics.bytesIn(dataset: topic, source: "sink").increment(by: write.batch.reduce(0) { $0 + $1.value.count })
        metrics.batchSeconds(stage: "sink_write").record(duration: duration)
        for (partition, next) in write.batch.nextOffsetsByPartition() {
            guard let end = consumer.cachedHighWatermark(topic: topic, partition: partition) else { continue }
            metrics.consumerLag(topic: topic, partition: partition, group: group).record(max(0, end - next))
        }
    }


    /// Checks every event of `batch`: returns the rows of the valid ones, after sending the others to the
    /// dead-letter topic (each awaited, so a batch is committed only once its dead letters are safe).
    private func prepare(_ batch: [KafkaRecord]) async throws -> (rows: [SaleRow], deadLettered: Int) {
        var rows: [SaleRow] = []
        rows.reserveCapacity(batch.count)
        var rejected: [Rejection] = []
        for decoded in try await decodeInParallel(batch) {
            switch decoded {
            case .row(let row): rows.append(row)
            case .rejected(let rejection): rejected.append(rejection)
            }
        }
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
        return (rows, rejected.count)
    }

    /// Decodes `batch` in one chunk per core, each on a Dispatch thread (parsing and checking is the
    /// sink's main CPU cost, and the cooperative pool must stay free); the result keeps the batch's order.
    private func decodeInParallel(_ batch: [KafkaRecord]) async throws -> [Decoded] {
        let chunks = max(1, min(ProcessInfo.processInfo.activeProcessorCount, batch.count / Self.minimumChunk))
        let size = (batch.count + chunks - 1) / chunks
        let parts = try await withThrowingTaskGroup(of: (Int, [Decoded]).self) { group in
            for chunk in 0..<chunks {
                let range = (chunk * size)..<min(batch.count, (chunk + 1) * size)
                group.addTask { (chunk, try await BlockingWork.run { batch[range].map(self.decode) }) }
            }
            var parts = [[Decoded]](repeating: [], count: chunks)
            for try await (chunk, decoded) in group { parts[chunk] = decoded }
            return parts
        }
        return Array(parts.joined())
    }

    /// Below this many events per chunk, a batch is not worth splitting.
    private static let minimumChunk = 256

    /// Writes `rows`, waiting out an unreachable database with capped backoff; other errors are thrown.
    private func writeRetrying(_ rows: [SaleRow], writer: SalesBatchWriter) async throws -> Int {
        var failures = 0
        while true {
            do {
                // The transaction blocks its thread for as long as the database takes: not a pool thread.
                let inserted = try await BlockingWork.run { try writer.write(rows) }
                if failures > 0 { current.withLock { $0.state = .running; $0.lastError = nil } }
                return inserted
            } catch {
                guard Self.isTransient(error) else { throw error }
                writer.disconnect()
                failures += 1
                current.withLock {
                    $0.state = .waitingForDatabase
                    $0.retries += 1
                    metrics.retries(target: "postgres").increment()
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

    private enum Decoded: Sendable {
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
