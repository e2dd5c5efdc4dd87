import CRdKafka
import Foundation
import NIOCore
import Testing
@testable import Emulators

extension KafkaLogTests {
    /// librdkafka, the client library the platform uses, against the broker: an idempotent, compressing
    /// producer and a consumer reading the records back.
    @Suite struct LibrdkafkaClientTests {
        private static func handle(_ type: rd_kafka_type_t, _ settings: [String: String]) throws -> OpaquePointer {
            let conf = rd_kafka_conf_new()
            var error = [CChar](repeating: 0, count: 512)
            for (key, value) in settings {
                guard rd_kafka_conf_set(conf, key, value, &error, error.count) == RD_KAFKA_CONF_OK else {
                    rd_kafka_conf_destroy(conf)
                    throw POSIXError(.EINVAL)
                }
            }
            guard let handle = rd_kafka_new(type, conf, &error, error.count) else {
                rd_kafka_conf_destroy(conf)
                throw POSIXError(.EINVAL)
            }
            return handle
        }

        @Test func anIdempotentGzipProducerAndAConsumerRoundTrip() async throws {
            let broker = try await KafkaBroker.start()
            #expect(broker.store.createTopic("rdkafka", partitions: 1) == .none)
            let producer = try Self.handle(RD_KAFKA_PRODUCER, [
                "bootstrap.servers": broker.endpoint, "enable.idempotence": "true", "compression.type": "gzip", "linger.ms": "5",
            ])
            let topic = rd_kafka_topic_new(producer, "rdkafka", nil)
            let values = (0..<200).map { "value \($0) " + String(repeating: "x", count: $0 % 50) }
            for value in values {
                var bytes = Array(value.utf8)
                #expect(rd_kafka_produce(topic, 0, RD_KAFKA_MSG_F_COPY, &bytes, bytes.count, nil, 0, nil) == 0)
            }
            // librdkafka blocks in its own calls; the broker runs on NIO's threads, so waiting here is safe.
            #expect(rd_kafka_flush(producer, 10_000) == RD_KAFKA_RESP_ERR_NO_ERROR)
            rd_kafka_topic_destroy(topic)
            rd_kafka_destroy(producer)
            #expect(broker.store.highWatermark(of: TopicPartition(topic: "rdkafka", partition: 0)) == 200)
            #expect(broker.store.records(of: TopicPartition(topic: "rdkafka", partition: 0), from: 0, limit: 500)?
                .records.map { String(decoding: $0.value ?? [], as: UTF8.self) } == values)

            let consumer = try Self.handle(RD_KAFKA_CONSUMER, ["bootstrap.servers": broker.endpoint, "group.id": "librdkafka-test"])
            let partitions = rd_kafka_topic_partition_list_new(1)
            rd_kafka_topic_partition_list_add(partitions, "rdkafka", 0).pointee.offset = Int64(RD_KAFKA_OFFSET_BEGINNING)
            #expect(rd_kafka_assign(consumer, partitions) == RD_KAFKA_RESP_ERR_NO_ERROR)
            rd_kafka_topic_partition_list_destroy(partitions)
            var consumed: [String] = []
            let deadline = Date().addingTimeInterval(15)
            while consumed.count < 200 && Date() < deadline {
                guard let message = rd_kafka_consumer_poll(consumer, 200) else { continue }
                if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR, let payload = message.pointee.payload {
                    consumed.append(String(decoding: UnsafeRawBufferPointer(start: payload, count: message.pointee.len), as: UTF8.self))
                }
                rd_kafka_message_destroy(message)
            }
            rd_kafka_consumer_close(consumer)
            rd_kafka_destroy(consumer)
            #expect(consumed == values)
            try await broker.shutdown()
        }
    }
}
