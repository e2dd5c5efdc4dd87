import NIOCore
import Testing
@testable import Emulators

extension KafkaLogTests {
    /// The broker over real sockets, with raw frames: what any client sees on the wire.
    @Suite struct KafkaBrokerTests {
        private func withBroker(_ body: (KafkaBroker) async throws -> Void) async throws {
            let broker = try await KafkaBroker.start()
            do {
                try await body(broker)
            } catch {
                try await broker.shutdown()
                throw error
            }
            try await broker.shutdown()
        }

        @Test func apiVersionsV3ListsEveryApi() async throws {
            try await withBroker { broker in
                let client = try KafkaTestClient(port: broker.port)
                let sent = client.send(apiKey: 18, version: 3, flexibleHeader: true) { b in
                    b.writeKafkaString("test", flexible: true)
                    b.writeKafkaString("1.0", flexible: true)
                    b.writeEmptyTaggedFields()
                }
                var (id, body) = try #require(client.receive())
                #expect(id == sent)
                #expect(try body.int16() == 0)
                let apis = try body.array(flexible: true) { r -> Int16 in
                    let key = try r.int16()
                    _ = try r.int16()
                    _ = try r.int16()
                    try r.skipTaggedFields()
                    return key
                }
                #expect(Set(apis) == Set(KafkaApiKey.allCases.map(\.rawValue)))
            }
        }

        @Test func anUnsupportedApiVersionsVersionGetsTheV0ErrorAnswer() async throws {
            try await withBroker { broker in
                let client = try KafkaTestClient(port: broker.port)
                client.send(apiKey: 18, version: 99, flexibleHeader: true) { _ in }
                var (_, body) = try #require(client.receive())
                #expect(try body.int16() == KafkaErrorCode.unsupportedVersion.code)
                #expect(try body.array { r in (try r.int16(), try r.int16(), try r.int16()) }.count == KafkaApiKey.allCases.count)
            }
        }

        @Test func anUnknownApiKeyIsAnsweredAndTheConnectionStaysUsable() async throws {
            try await withBroker { broker in
                let client = try KafkaTestClient(port: broker.port)
                client.send(apiKey: 999, version: 0) { _ in }
                var (_, body) = try #require(client.receive())
                #expect(try body.int16() == KafkaErrorCode.unsupportedVersion.code)
                client.send(apiKey: 18, version: 0) { _ in }
                #expect(client.receive() != nil)
            }
        }

        @Test func aTwoGiBLengthPrefixClosesOnlyThatConnection() async throws {
            try await withBroker { broker in
                let hostile = try KafkaTestClient(port: broker.port)
                let healthy = try KafkaTestClient(port: broker.port)
                var prefix = ByteBuffer()
                prefix.writeInteger(Int32.max)
                hostile.sendRaw(prefix)
                #expect(hostile.isClosedByServer())
                healthy.send(apiKey: 18, version: 0) { _ in }
                #expect(healthy.receive() != nil)
            }
        }

        @Test func producedRecordsAreFetchedBackAsWritten() async throws {
            try await withBroker { broker in
                #expect(broker.store.createTopic("orders", partitions: 2) == .none)
                let client = try KafkaTestClient(port: broker.port)
                let batch = RecordBatchBuilder.values("one", "two").build()
                client.send(apiKey: 0, version: 8) { b in
                    b.writeKafkaString(nil)
                    b.writeInteger(Int16(-1))
                    b.writeInteger(Int32(5000))
                    b.writeKafkaArray(["orders"]) { b, topic in
                        b.writeKafkaString(topic)
                        b.writeKafkaArray([Int32(1)]) { b, p in
                            b.writeInteger(p)
                            b.writeKafkaBytes(batch)
                        }
                    }
                }
                var (_, produced) = try #require(client.receive())
                _ = try produced.int32()
                _ = try produced.string()
                _ = try produced.int32()
                #expect(try produced.int32() == 1)
                #expect(try produced.int16() == 0)
                #expect(try produced.int64() == 0)
                #expect(broker.store.highWatermark(of: TopicPartition(topic: "orders", partition: 1)) == 2)

                client.send(apiKey: 1, version: 11) { b in
                    b.writeInteger(Int32(-1))
                    b.writeInteger(Int32(100))
                    b.writeInteger(Int32(1))
                    b.writeInteger(Int32(1 << 20))
                    b.writeInteger(Int8(0))
                    b.writeInteger(Int32(0))
                    b.writeInteger(Int32(-1))
                    b.writeKafkaArray(["orders"]) { b, topic in
                        b.writeKafkaString(topic)
                        b.writeKafkaArray([Int32(1)]) { b, p in
                            b.writeInteger(p)
                            b.writeInteger(Int32(-1))
                            b.writeInteger(Int64(0))
                            b.writeInteger(Int64(-1))
                            b.writeInteger(Int32(1 << 20))
                        }
                    }
                    b.writeKafkaArray([String]()) { b, t in b.writeKafkaString(t) }
                    b.writeKafkaString("")
                }
                var (_, fetched) = try #require(client.receive())
                _ = try fetched.int32()
                #expect(try fetched.int16() == 0)
                _ = try fetched.int32()
                #expect(try fetched.int32() == 1)
                #expect(try fetched.string() == "orders")
                #expect(try fetched.int32() == 1)
                #expect(try fetched.int32() == 1)
                #expect(try fetched.int16() == 0)
                #expect(try fetched.int64() == 2)
                _ = try fetched.int64()
                _ = try fetched.int64()
                _ = try fetched.array { try $0.int64() }
                _ = try fetched.int32()
                let records = try fetched.bytes()
                #expect(records.readableBytes == batch.readableBytes)
                #expect(records.getBytes(at: records.readerIndex + 8, length: batch.readableBytes - 8)
                    == batch.getBytes(at: 8, length: batch.readableBytes - 8))
            }
        }

        @Test func aCorruptBatchIsRefusedWithCorruptMessage() async throws {
            try await withBroker { broker in
                #expect(broker.store.createTopic("t", partitions: 1) == .none)
                let client = try KafkaTestClient(port: broker.port)
                var batch = RecordBatchBuilder.values("x").build()
                batch.setInteger(UInt8(0xff), at: batch.writerIndex - 2)
                client.send(apiKey: 0, version: 3) { b in
                    b.writeKafkaString(nil)
                    b.writeInteger(Int16(1))
                    b.writeInteger(Int32(5000))
                    b.writeKafkaArray(["t"]) { b, topic in
                        b.writeKafkaString(topic)
                        b.writeKafkaArray([Int32(0)]) { b, p in
                            b.writeInteger(p)
                            b.writeKafkaBytes(batch)
                        }
                    }
                }
                var (_, produced) = try #require(client.receive())
                _ = try produced.int32()
                _ = try produced.string()
                _ = try produced.int32()
                _ = try produced.int32()
                #expect(try produced.int16() == KafkaErrorCode.corruptMessage.code)
                #expect(broker.store.highWatermark(of: TopicPartition(topic: "t", partition: 0)) == 0)
            }
        }

        @Test func aFetchWaitsForDataAndAnswersWhenItArrives() async throws {
            try await withBroker { broker in
                #expect(broker.store.createTopic("waiting", partitions: 1) == .none)
                let client = try KafkaTestClient(port: broker.port)
                client.send(apiKey: 1, version: 4) { b in
                    b.writeInteger(Int32(-1))
                    b.writeInteger(Int32(4000))
                    b.writeInteger(Int32(1))
                    b.writeInteger(Int32(1 << 20))
                    b.writeInteger(Int8(0))
                    b.writeKafkaArray(["waiting"]) { b, topic in
                        b.writeKafkaString(topic)
                        b.writeKafkaArray([Int32(0)]) { b, p in
                            b.writeInteger(p)
                            b.writeInteger(Int64(0))
                            b.writeInteger(Int32(1 << 20))
                        }
                    }
                }
                try await Task.sleep(for: .milliseconds(200))
                let started = ContinuousClock.now
                let batches = try RecordBatchParser.batches(in: RecordBatchBuilder.values("late").build())
                _ = broker.store.append(batches, to: TopicPartition(topic: "waiting", partition: 0))
                #expect(client.receive() != nil)
                #expect(ContinuousClock.now - started < .seconds(2))
            }
        }
    
        @Test func requestsPipelinedBehindAParkedFetchAreAnsweredInOrder() async throws {
            try await withBroker { broker in
                #expect(broker.store.createTopic("quiet", partitions: 1) == .none)
                let client = try KafkaTestClient(port: broker.port)
                var sent = [client.send(apiKey: 1, version: 4) { b in
                    b.writeInteger(Int32(-1))
                    b.writeInteger(Int32(300))
                    b.writeInteger(Int32(1))
                    b.writeInteger(Int32(1 << 20))
                    b.writeInteger(Int8(0))
                    b.writeKafkaArray(["quiet"]) { b, topic in
                        b.writeKafkaString(topic)
                        b.writeKafkaArray([Int32(0)]) { b, p in
                            b.writeInteger(p)
                            b.writeInteger(Int64(0))
                            b.writeInteger(Int32(1 << 20))
                        }
                    }
                }]
                for _ in 0..<(KafkaConnectionHandler.maximumQueuedRequests * 2) {
                    sent.append(client.send(apiKey: 18, version: 0) { _ in })
                }
                var received: [Int32] = []
                for _ in sent {
                    guard let answer = client.receive() else { break }
                    received.append(answer.correlationId)
                }
                #expect(received == sent)
            }
        }
    
        @Test func aClientThatVanishesMidRequestLosesNoAcknowledgedRecords() async throws {
            try await withBroker { broker in
                #expect(broker.store.createTopic("kept", partitions: 1) == .none)
                let tp = TopicPartition(topic: "kept", partition: 0)
                let writer = try KafkaTestClient(port: broker.port)
                #expect(try KafkaBrokerFaultTests.produce(writer, topic: "kept", value: "acknowledged") == .none)
                do {
                    let vanishing = try KafkaTestClient(port: broker.port)
                    var half = ByteBuffer()
                    half.writeInteger(Int32(500))
                    half.writeInteger(Int16(0))
                    half.writeInteger(Int16(8))
                    vanishing.sendRaw(half)
                }
                #expect(try KafkaBrokerFaultTests.produce(writer, topic: "kept", value: "still served") == .none)
                #expect(broker.store.records(of: tp, from: 0, limit: 10)?.records.map(\.value) == [Array("acknowledged".utf8), Array("still served".utf8)])
            }
        }
    }
}
