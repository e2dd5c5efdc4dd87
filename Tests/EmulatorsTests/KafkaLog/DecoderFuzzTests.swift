import Foundation
import NIOCore
import Testing
@testable import Emulators

extension KafkaLogTests {
    /// Mutation fuzzing of everything that reads client bytes: the frame decoder, the request header,
    /// every request parser at every supported version, the record batch parser and the decompressors. Any input must end
    /// in a value or a thrown error, never a trap or a hang. Seeded, so a failure reproduces; it runs for
    /// `KAFKA_FUZZ_SECONDS` (default 2) seconds.
    @Suite struct DecoderFuzzTests {
        /// A small deterministic generator (SplitMix64), so each run's inputs are reproducible from the seed.
        struct SplitMix: RandomNumberGenerator {
            var state: UInt64
            mutating func next() -> UInt64 {
                state &+= 0x9E37_79B9_7F4A_7C15
                var z = state
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                return z ^ (z >> 31)
            }
        }

        static func seeds() -> [ByteBuffer] {
            var produce = ByteBuffer()
            produce.writeInteger(Int16(0)); produce.writeInteger(Int16(8)); produce.writeInteger(Int32(1))
            produce.writeKafkaString("fuzz")
            produce.writeKafkaString(nil); produce.writeInteger(Int16(-1)); produce.writeInteger(Int32(1000))
            produce.writeKafkaArray(["t"]) { b, t in
                b.writeKafkaString(t)
                b.writeKafkaArray([Int32(0)]) { b, p in
                    b.writeInteger(p)
                    b.writeKafkaBytes(RecordBatchBuilder.values("a", "bb", "ccc").build())
                }
            }
            var metadata = ByteBuffer()
            metadata.writeInteger(Int16(3)); metadata.writeInteger(Int16(8)); metadata.writeInteger(Int32(2))
            metadata.writeKafkaString("fuzz")
            metadata.writeKafkaArray(["a", "b"]) { $0.writeKafkaString($1) }
            metadata.writeKafkaBool(true); metadata.writeKafkaBool(false); metadata.writeKafkaBool(false)
            var versions = ByteBuffer()
            versions.writeInteger(Int16(18)); versions.writeInteger(Int16(3)); versions.writeInteger(Int32(3))
            versions.writeKafkaString("fuzz"); versions.writeEmptyTaggedFields()
            return [produce, metadata, versions, RecordBatchBuilder.values("x", "y").build()]
        }

        /// Feeds one input to every decoder.
        static func decodeEverything(_ input: ByteBuffer) {
            var framed = ByteBuffer()
            framed.writeInteger(Int32(truncatingIfNeeded: input.readableBytes))
            framed.writeImmutableBuffer(input)
            for var buffer in [framed, input] {
                while let frame = try? KafkaFrameDecoder(maximumFrameLength: 1 << 20).nextFrame(&buffer) {
                    var header = KafkaReader(frame)
                    _ = try? KafkaRequestHeader(from: &header)
                }
            }
            _ = try? RecordBatchParser.batches(in: input)
            for codec in 1...4 { _ = try? RecordBatchDecompressor.decompress(input, codec: codec) }
            for version in Int16(0)...Int16(11) {
                func attempt<T>(_ parse: (inout KafkaReader, Int16) throws -> T) {
                    var reader = KafkaReader(input)
                    _ = try? parse(&reader, version)
                }
                attempt { try ProduceRequest(from: &$0, version: $1) }
                attempt { try FetchRequest(from: &$0, version: $1) }
                attempt { try ListOffsetsRequest(from: &$0, version: $1) }
                attempt { try MetadataRequest(from: &$0, version: $1) }
                attempt { try OffsetCommitRequest(from: &$0, version: $1) }
                attempt { try OffsetFetchRequest(from: &$0, version: $1) }
                attempt { try FindCoordinatorRequest(from: &$0, version: $1) }
                attempt { try JoinGroupRequest(from: &$0, version: $1) }
                attempt { try SyncGroupRequest(from: &$0, version: $1) }
                attempt { try HeartbeatRequest(from: &$0, version: $1) }
                attempt { try LeaveGroupRequest(from: &$0, version: $1) }
                attempt { try DescribeGroupsRequest(from: &$0, version: $1) }
                attempt { try CreateTopicsRequest(from: &$0, version: $1) }
                attempt { try DeleteTopicsRequest(from: &$0, version: $1) }
                attempt { try CreatePartitionsRequest(from: &$0, version: $1) }
                attempt { try DescribeConfigsRequest(from: &$0, version: $1) }
                attempt { try InitProducerIdRequest(from: &$0, version: $1) }
            }
        }

        static func mutate(_ seed: ByteBuffer, _ rng: inout SplitMix) -> ByteBuffer {
            var bytes = Array(seed.readableBytesView)
            for _ in 0..<Int.random(in: 1...8, using: &rng) {
                switch Int.random(in: 0..<5, using: &rng) {
                case 0 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                case 1 where !bytes.isEmpty: bytes.removeLast(Int.random(in: 0...bytes.count, using: &rng))
                case 2: bytes.insert(contentsOf: [0x7f, 0xff, 0xff, 0xff], at: Int.random(in: 0...bytes.count, using: &rng))
                case 3 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &rng)] ^= 0x80
                default: bytes.append(UInt8.random(in: 0...255, using: &rng))
                }
            }
            return ByteBuffer(bytes: bytes)
        }

        @Test func noInputTrapsAnyDecoder() {
            let seconds = Double(ProcessInfo.processInfo.environment["KAFKA_FUZZ_SECONDS"] ?? "") ?? 2
            var rng = SplitMix(state: 0x5EED)
            let seeds = Self.seeds()
            let deadline = Date().addingTimeInterval(seconds)
            var inputs = 0
            while Date() < deadline {
                for _ in 0..<100 {
                    Self.decodeEverything(Self.mutate(seeds[inputs % seeds.count], &rng))
                    inputs += 1
                }
            }
            print("kafka decoder fuzz: \(inputs) inputs in \(seconds) s")
            #expect(inputs > 0)
        }
    }
}
