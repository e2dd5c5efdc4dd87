import Contracts
import Foundation
import Platform

/// Issue 11's webhook and bronze pipelines: a webhook is answered 200 only once queued and the worker
/// lands it in RAW with its event; service events become bronze Parquet rows in their partitions.
enum PipelineWebhookChecks {
    static let all: [SmokeCheck] = [
        SmokeCheck("POST /webhooks/smoke → 200 once on Kafka; the worker lands the bytes in RAW with an ingest.webhook.v1") { context in
            let config = context.config
            try WebhookTopics.ensure(bootstrapServers: config.kafkaBootstrapServers)
            let queue = try WebhookQueue(bootstrapServers: config.kafkaBootstrapServers)
            let server = try await WebhookServer.start(queue: queue, host: "127.0.0.1", port: 0)
            let body = Array(#"{"smoke":"\#(UUID().uuidString)"}"#.utf8)
            let response = try CurlHTTPClient().perform(HTTPRequest(
                method: "POST", url: "\(server.url)/webhooks/smoke", headers: [("Content-Type", "application/json")], body: body))
            try await server.shutdown()
            let answer = try JSONParser.parse(response.body)
            guard response.status == 200, case .number(let partition)? = answer["partition"], case .number(let offset)? = answer["offset"] else {
                throw SmokeFailure("answered \(response.status): \(String(decoding: response.body, as: UTF8.self))")
            }
            let publisher = try EventPublisher(
                contracts: try ContractRepository(root: context.contractsRoot), bootstrapServers: config.kafkaBootstrapServers)
            _ = try await WebhookWorker(config: config, publisher: publisher, group: "smoke-webhook").run(idleTimeout: .seconds(5))
            let name = "/smoke/\(WebhookTopics.inbox)-\(partition)-\(offset).json"
            let s3 = S3Client(endpoint: config.s3)
            guard let object = try s3.listAllObjects(bucket: config.rawBucket, prefix: "source=webhook/").first(where: { $0.key.hasSuffix(name) }),
                try s3.getObject(bucket: config.rawBucket, key: object.key) == body
            else { throw SmokeFailure("no RAW object …\(name) with the posted bytes") }
            let uri = "s3://\(config.rawBucket)/\(object.key)"
            let event = try SmokeEvents.find(on: WebhookTopics.landed, context: context, within: 30) { $0["data"]?["raw_uri"]?.stringValue == uri }
            let result = try SmokeEvents.validator(for: WebhookTopics.landed, context: context).validate(event)
            guard result.valid else { throw SmokeFailure("event invalid: \(result.errors.map(\.error))") }
            return "\(uri), queued at \(WebhookTopics.inbox)@\(partition):\(offset)"
        },
        SmokeCheck("20 service events → bronze Parquet rows under event_date=…/service=…, offsets committed after") { context in
            let config = context.config
            try ServiceEventTopics.ensure(bootstrapServers: config.kafkaBootstrapServers)
            let produced = try await ServiceEventProducer(bootstrapServers: config.kafkaBootstrapServers).produce(count: 20)
            let publisher = try EventPublisher(
                contracts: try ContractRepository(root: context.contractsRoot), bootstrapServers: config.kafkaBootstrapServers)
            _ = try await BronzeSink(config: config, publisher: publisher, group: "smoke-bronze", batchWindow: .seconds(1))
                .run(idleTimeout: .seconds(5))
            let wanted = Dictionary(uniqueKeysWithValues: produced.map { ($0.eventID, $0) })
            let s3 = S3Client(endpoint: config.s3)
            var found = 0
            for object in try s3.listAllObjects(bucket: config.curatedBucket, prefix: BronzeServiceEventsTable.prefix) {
                let reader = try ParquetFileReader(bytes: try s3.getObject(bucket: config.curatedBucket, key: object.key))
                for group in reader.rowGroups.indices {
                    let batch = try reader.readRowGroup(group)
                    for row in 0..<batch.rowCount {
                        guard case .string(let id) = batch[row, 0], let event = wanted[id] else { continue }
                        guard object.key.contains("/event_date=\(event.eventDate)/service=\(event.service)/") else {
                            throw SmokeFailure("event \(id) of \(event.service) on \(event.eventDate) is in \(object.key)")
                        }
                        found += 1
                    }
                }
            }
            guard found == produced.count else { throw SmokeFailure("\(found) of \(produced.count) events in bronze") }
            return "\(found) rows in s3://\(config.curatedBucket)/\(BronzeServiceEventsTable.prefix)"
        },
    ]
}
