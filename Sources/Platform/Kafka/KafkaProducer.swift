import CRdKafka
import Synchronization

/// A librdkafka producer whose sends complete when the broker has the record.
///
/// ``send(_:)`` suspends until librdkafka's delivery report for that record arrives: with `acks=all`
/// and idempotence (the defaults here) the record is then durable, so the caller may commit the work
/// it covers. Delivery reports are served by a ``KafkaPollThread``, never on the cooperative pool.
/// librdkafka handles are thread-safe, which is what makes the type `Sendable`.
public final class KafkaProducer: @unchecked Sendable {
    private let handle: OpaquePointer
    private let poller: KafkaPollThread

    /// The librdkafka version string, e.g. "2.0.2".
    public static var libraryVersion: String { String(cString: rd_kafka_version_str()) }

    /// Properties every producer starts from; the caller's properties override them.
    public static let reliableDefaults = [
        "acks": "all",
        "enable.idempotence": "true",
        "linger.ms": "5",
        "message.timeout.ms": "30000",
    ]

    /// Creates a producer from librdkafka properties (`bootstrap.servers` at least).
    public init(configuration: [String: String]) throws {
        let config = try KafkaConfiguration.make(Self.reliableDefaults.merging(configuration) { $1 })
        rd_kafka_conf_set_dr_msg_cb(config) { _, message, _ in
            guard let message, let opaque = message.pointee._private else { return }
            let pending = Unmanaged<PendingDelivery>.fromOpaque(opaque).takeRetainedValue()
            let topic = String(cString: rd_kafka_topic_name(message.pointee.rkt))
            if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                pending.complete(.success(KafkaDeliveryReport(topic: topic, partition: message.pointee.partition, offset: message.pointee.offset)))
            } else {
                pending.complete(.failure(KafkaError(message.pointee.err, context: "delivery to \(topic)")))
            }
        }
        handle = try KafkaConfiguration.client(RD_KAFKA_PRODUCER, config)
        poller = KafkaPollThread(handle: handle, name: "sluice.kafka.producer")
    }

    deinit {
        rd_kafka_flush(handle, 10_000)
        poller.stop()
        rd_kafka_destroy(handle)
    }

    /// The client instance name librdkafka assigned, e.g. "rdkafka#producer-1".
    public var name: String { String(cString: rd_kafka_name(handle)) }

    /// Sends `record` and returns where the broker stored it, once it has acknowledged it.
    ///
    /// When librdkafka's local queue is full the send waits for room rather than failing.
    public func send(_ record: KafkaOutgoingRecord) async throws -> KafkaDeliveryReport {
        try await withCheckedThrowingContinuation { continuation in
            enqueue(record, PendingDelivery { continuation.resume(with: $0) })
        }
    }

    /// Sends every record and returns each one's delivery report or failure, in the order given, once the
    /// broker has answered for all of them: one suspension for the lot rather than one per record, which
    /// is how the stream consumer publishes a batch's events.
    public func sendAll(_ records: [KafkaOutgoingRecord]) async -> [Result<KafkaDeliveryReport, KafkaError>] {
        guard !records.isEmpty else { return [] }
        return await withCheckedContinuation { continuation in
            let reports = DeliveryReports(count: records.count, continuation)
            for (index, record) in records.enumerated() {
                enqueue(record, PendingDelivery { reports.deliver($0, at: index) })
            }
        }
    }

    /// Hands `record` to librdkafka with `pending` as its opaque, waiting for room when its local queue is
    /// full; a record librdkafka refuses completes `pending` with the failure at once.
    private func enqueue(_ record: KafkaOutgoingRecord, _ pending: PendingDelivery) {
        let opaque = Unmanaged.passRetained(pending).toOpaque()
        while true {
            let result = enqueue(record, opaque: opaque)
            if result == RD_KAFKA_RESP_ERR_NO_ERROR { return }
            guard result == RD_KAFKA_RESP_ERR__QUEUE_FULL else {
                Unmanaged<PendingDelivery>.fromOpaque(opaque).release()
                pending.complete(.failure(KafkaError(result, context: "produce to \(record.topic)")))
                return
            }
            // The poll thread drains delivery reports; give it a moment to make room.
            rd_kafka_flush(handle, 10)
        }
    }

    /// Waits until every record sent so far is delivered or failed, at most `timeoutMilliseconds`.
    public func flush(timeoutMilliseconds: Int32 = 30_000) throws {
        let result = rd_kafka_flush(handle, timeoutMilliseconds)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(result, context: "flush") }
    }

    private func enqueue(_ record: KafkaOutgoingRecord, opaque: UnsafeMutableRawPointer) -> rd_kafka_resp_err_t {
        var headers: OpaquePointer?
        if !record.headers.isEmpty {
            headers = rd_kafka_headers_new(record.headers.count)
            for header in record.headers {
                header.value.withUnsafeBytes { bytes in
                    _ = rd_kafka_header_add(headers, header.name, -1, bytes.baseAddress, bytes.count)
                }
            }
        }
        let partition = record.partition ?? RD_KAFKA_PARTITION_UA
        let result = record.value.withUnsafeBytes { value in
            withOptionalBytes(record.key) { key in
                sluice_rd_kafka_produce(
                    handle, record.topic, partition, key?.baseAddress, key?.count ?? 0,
                    value.baseAddress, value.count, headers, opaque)
            }
        }
        if result != RD_KAFKA_RESP_ERR_NO_ERROR, let headers { rd_kafka_headers_destroy(headers) }
        return result
    }
}

/// What becomes of one record's delivery report, carried through librdkafka as the message opaque.
private final class PendingDelivery {
    let complete: (Result<KafkaDeliveryReport, KafkaError>) -> Void

    init(_ complete: @escaping (Result<KafkaDeliveryReport, KafkaError>) -> Void) {
        self.complete = complete
    }
}

/// The delivery reports of one ``KafkaProducer/sendAll(_:)``, resuming its caller when the last arrives.
/// Reports come from librdkafka's poll thread, and a refused record's at once from the sending one.
private final class DeliveryReports: Sendable {
    private let state: Mutex<(reports: [Result<KafkaDeliveryReport, KafkaError>?], remaining: Int)>
    private let continuation: CheckedContinuation<[Result<KafkaDeliveryReport, KafkaError>], Never>

    init(count: Int, _ continuation: CheckedContinuation<[Result<KafkaDeliveryReport, KafkaError>], Never>) {
        state = Mutex((Array(repeating: nil, count: count), count))
        self.continuation = continuation
    }

    func deliver(_ report: Result<KafkaDeliveryReport, KafkaError>, at index: Int) {
        let finished: [Result<KafkaDeliveryReport, KafkaError>]? = state.withLock { state in
            state.reports[index] = report
            state.remaining -= 1
            return state.remaining == 0 ? state.reports.map { $0 ?? .failure(KafkaError(code: -1, message: "no delivery report")) } : nil
        }
        if let finished { continuation.resume(returning: finished) }
    }
}

/// Calls `body` with the bytes of `array`, or with nil when there is no array (a null key).
private func withOptionalBytes<R>(_ array: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBytes { body($0) }
}
