import Platform
import Testing

/// librdkafka is linked and usable: a producer handle opens with real configuration.
struct KafkaProducerTests {
    @Test func reportsTheLibraryVersion() {
        let parts = KafkaProducer.libraryVersion.split(separator: ".").compactMap { Int($0) }
        #expect(parts.count >= 3)
        #expect(parts.first == 2)
    }

    @Test func createsAProducerHandle() throws {
        let producer = try KafkaProducer(configuration: [
            "bootstrap.servers": "127.0.0.1:9",
            "acks": "all",
            "enable.idempotence": "true",
        ])
        #expect(producer.name.hasPrefix("rdkafka#producer-"))
    }

    @Test func rejectsAnUnknownProperty() {
        let error = #expect(throws: KafkaError.self) {
            try KafkaProducer(configuration: ["no.such.property": "1"])
        }
        #expect(error?.message.contains("no.such.property") == true)
    }
}
