import Contracts
import Foundation
import Platform

/// Day 5: N posts in, N RAW objects and N ingest.stream events out, matching the source offsets exactly.
enum DayFiveChecks {
    /// How many synthetic posts the check sends.
    static let count = 100

    static let all: [SmokeCheck] = [
        SmokeCheck("\(count) posts give \(count) RAW objects and \(count) ingest.stream events, no gaps or duplicates") { context in
            let publisher = try EventPublisher(
                contracts: try ContractRepository(root: context.contractsRoot), bootstrapServers: context.config.kafkaBootstrapServers)
            let produced = try await StreamProducer(publisher: publisher).produce(count: count, ratePerSecond: nil)
            let sent = Set(produced.map { "\($0.topic)/\($0.partition)/\($0.offset)" })

            // A group of its own reads the topic from the start (earlier runs' posts included, which are
            // recognised in RAW, not rewritten); the check then looks for exactly the posts it sent.
            let report = try await StreamConsumer(config: context.config, publisher: publisher, group: "smoke-\(UUID().uuidString)")
                .run(idleTimeout: .seconds(5))

            let keys = try S3Client(endpoint: context.config.s3).listAllObjects(bucket: context.config.rawBucket, prefix: "source=stream/")
            let landed = Set(keys.compactMap { object -> String? in
                // …/<topic>-<partition>/<offset>.json → topic/partition/offset
                let parts = object.key.split(separator: "/").suffix(2)
                guard parts.count == 2, let dash = parts.first?.lastIndex(of: "-") else { return nil }
                let folder = parts.first!, file = parts.last!
                return "\(folder[..<dash])/\(folder[folder.index(after: dash)...])/\(file.dropLast(".json".count))"
            })
            let withoutObject = sent.subtracting(landed)
            guard withoutObject.isEmpty else { throw SmokeFailure("\(withoutObject.count) posts have no RAW object") }

            let validator = try SmokeEvents.validator(for: "ingest.stream.v1", context: context)
            let ids = try SmokeEvents.idsBySubject(on: "ingest.stream.v1", context: context, within: 30) { event in
                validator.isValid(event) && sent.contains(event["subject"]?.stringValue ?? "")
            } until: { $0.count == sent.count }
            let withoutEvent = sent.subtracting(ids.keys)
            let duplicated = ids.filter { $0.value.count > 1 }.count
            guard withoutEvent.isEmpty, duplicated == 0 else {
                throw SmokeFailure("\(withoutEvent.count) posts without an event, \(duplicated) with more than one distinct event")
            }
            return "\(sent.count) posts: \(sent.count) RAW objects, \(ids.count) events (consumer landed \(report.messages))"
        },
    ]
}
