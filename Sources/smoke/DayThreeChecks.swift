import Contracts
import Foundation
import Platform

/// Day 3: a CSV lands in RAW with its event; a broken file goes to quarantine.
enum DayThreeChecks {
    static let all: [SmokeCheck] = [
        SmokeCheck("a CSV lands in RAW with one ingest.file event; inbox file moved to processed/") { context in
            try await withInbox { inbox in
                // A reading id of its own makes the bytes, and so the RAW key, new on every run.
                let csv = DatasetSchema.traffic.requiredColumns.joined(separator: ",") + "\n"
                    + "smoke-\(UUID().uuidString),s1,A1,N,seg-1,Lisbon,38.7,-9.1,2026-11-20T08:00:00Z,12,54.5,0.31,LOW,false,smoke\n"
                try csv.write(toFile: "\(inbox)/smoke.csv", atomically: true, encoding: .utf8)

                let report = try await ingestor(context).ingest(inbox: inbox)
                guard let landed = report.landed.first, report.landed.count == 1 else {
                    throw SmokeFailure("not landed: \(report.quarantined.map(\.reason))")
                }
                let key = String(landed.rawURI.dropFirst("s3://\(context.config.rawBucket)/".count))
                guard key.hasPrefix("source=file/dt="),
                    try S3Client(endpoint: context.config.s3).getObject(bucket: context.config.rawBucket, key: key) == Array(csv.utf8)
                else { throw SmokeFailure("RAW does not hold the file's bytes at \(landed.rawURI)") }

                let event = try SmokeEvents.find(
                    on: "ingest.file.v1", context: context, within: 30) { $0["data"]?["raw_uri"]?.stringValue == landed.rawURI }
                let result = try SmokeEvents.validator(for: "ingest.file.v1", context: context).validate(event)
                guard result.valid else { throw SmokeFailure("event invalid: \(result.errors.map(\.error))") }
                guard FileManager.default.fileExists(atPath: "\(inbox)/processed/smoke.csv"),
                    !FileManager.default.fileExists(atPath: "\(inbox)/smoke.csv")
                else { throw SmokeFailure("the inbox file was not moved to processed/") }
                return "\(landed.rawURI); event at \(landed.delivery.topic)@\(landed.delivery.partition):\(landed.delivery.offset)"
            }
        },
        SmokeCheck("a broken file ends in quarantine/ with an error report") { context in
            try await withInbox { inbox in
                try "reading_id,sensor_id\n\"unterminated,s1\n".write(toFile: "\(inbox)/broken.csv", atomically: true, encoding: .utf8)

                let report = try await ingestor(context).ingest(inbox: inbox)
                guard report.landed.isEmpty, let quarantined = report.quarantined.first else {
                    throw SmokeFailure("the broken file was landed")
                }
                guard FileManager.default.fileExists(atPath: "\(inbox)/quarantine/broken.csv"),
                    FileManager.default.fileExists(atPath: "\(inbox)/quarantine/broken.csv.error.json")
                else { throw SmokeFailure("quarantine/ lacks the file or its error report") }
                return "quarantined: \(quarantined.reason)"
            }
        },
    ]

    private static func ingestor(_ context: SmokeContext) throws -> FileIngestor {
        let publisher = try EventPublisher(
            contracts: try ContractRepository(root: context.contractsRoot), bootstrapServers: context.config.kafkaBootstrapServers)
        return try FileIngestor(config: context.config, dataset: .traffic, publisher: publisher)
    }

    private static func withInbox<T>(_ body: (String) async throws -> T) async throws -> T {
        let inbox = FileManager.default.temporaryDirectory.appendingPathComponent("smoke-inbox-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: inbox) }
        return try await body(inbox)
    }
}

/// Reading events back from the stack's Kafka, as any consumer would.
enum SmokeEvents {
    /// The first event on `topic` that satisfies `matches`, reading from the earliest offset for `seconds` at most.
    static func find(on topic: String, context: SmokeContext, within seconds: Double, _ matches: (JSONValue) -> Bool) throws -> JSONValue {
        let consumer = try KafkaConsumer(configuration: [
            "bootstrap.servers": context.config.kafkaBootstrapServers, "group.id": "smoke-\(UUID().uuidString)",
        ])
        try consumer.subscribe([topic])
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            guard let record = try consumer.poll(timeoutMilliseconds: 250) else { continue }
            if let event = try? JSONParser.parse(record.value), matches(event) { return event }
        }
        throw SmokeFailure("no matching event on \(topic) within \(Int(seconds)) s")
    }

    /// The ids of the valid events on `topic` that `matches` accepts, grouped by subject; reads from the
    /// earliest offset until `done` says enough were seen or `seconds` pass.
    static func idsBySubject(
        on topic: String, context: SmokeContext, within seconds: Double, _ matches: (JSONValue) -> Bool,
        until done: ([String: Set<String>]) -> Bool
    ) throws -> [String: Set<String>] {
        let consumer = try KafkaConsumer(configuration: [
            "bootstrap.servers": context.config.kafkaBootstrapServers, "group.id": "smoke-\(UUID().uuidString)",
        ])
        try consumer.subscribe([topic])
        var ids: [String: Set<String>] = [:]
        let deadline = Date().addingTimeInterval(seconds)
        while !done(ids), Date() < deadline {
            guard let record = try consumer.poll(timeoutMilliseconds: 250), let event = try? JSONParser.parse(record.value),
                matches(event), let subject = event["subject"]?.stringValue, let id = event["id"]?.stringValue
            else { continue }
            ids[subject, default: []].insert(id)
        }
        return ids
    }

    /// A validator for the contract of `event`.
    static func validator(for event: String, context: SmokeContext) throws -> Validator {
        let contracts = try ContractRepository(root: context.contractsRoot)
        guard let schema = contracts.events.first(where: { $0.name == event }) else {
            throw SmokeFailure("no contract \(event) in \(context.contractsRoot)")
        }
        return try contracts.validator(for: schema)
    }
}
