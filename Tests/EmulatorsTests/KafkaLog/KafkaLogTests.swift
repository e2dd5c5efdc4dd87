import Testing

/// Groups the Kafka log emulator's suites, so `swift test --filter KafkaLog` runs exactly them.
@Suite enum KafkaLogTests {}
