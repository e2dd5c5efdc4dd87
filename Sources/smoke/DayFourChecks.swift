import Contracts
import Foundation
import Platform

/// Day 4: the mock API answers, its payload lands in RAW, an ingest.http event points at it.
enum DayFourChecks {
    static let all: [SmokeCheck] = [
        SmokeCheck("the mock API answers 200") { context in
            let url = context.config.mockAPIURL + "/api/v1/posts"
            let response = try CurlHTTPClient(timeoutMilliseconds: 5_000).get(url)
            guard response.status == 200 else { throw SmokeFailure("HTTP \(response.status) from \(url)") }
            return "HTTP 200, \(response.body.count) bytes from \(url)"
        },
        SmokeCheck("raw payload in RAW; ingest.http event with payload.raw_uri pointing at it") { context in
            let publisher = try EventPublisher(
                contracts: try ContractRepository(root: context.contractsRoot), bootstrapServers: context.config.kafkaBootstrapServers)
            let report = try await HTTPIngestor(config: context.config, publisher: publisher)
                .ingest(path: "/api/v1/posts", dataset: "posts")
            if let failure = report.failure { throw SmokeFailure(failure) }
            guard let first = report.pages.first else { throw SmokeFailure("no page was fetched") }
            let key = String(first.rawURI.dropFirst("s3://\(context.config.rawBucket)/".count))
            let stored = try S3Client(endpoint: context.config.s3).getObject(bucket: context.config.rawBucket, key: key)
            guard (try? JSONParser.parse(stored))?["data"] != nil else { throw SmokeFailure("\(first.rawURI) is not the API's payload") }

            let event = try SmokeEvents.find(on: "ingest.http.v1", context: context, within: 30) {
                $0["data"]?["raw_uri"]?.stringValue == first.rawURI
            }
            let result = try SmokeEvents.validator(for: "ingest.http.v1", context: context).validate(event)
            guard result.valid else { throw SmokeFailure("event invalid: \(result.errors.map(\.error))") }
            return "\(report.pages.count) pages, \(report.records) records; first at \(first.rawURI)"
        },
    ]
}
