import Contracts
import Foundation
import Platform
import Testing

/// `/metrics` scraped over a real socket with libcurl after real ingestion runs on the embedded stack:
/// the counters say what was ingested, the histogram is a histogram, the lag is the lag, and stream
/// events carry the trace of their input.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct MetricsEndpointTests {
    @Test func servesTheExpositionAndHealthAndRefusesTheRest() async throws {
        try await MetricsFixture.run { fixture in
            fixture.metrics.retries(target: "s3").increment(by: 2)
            let http = CurlHTTPClient(timeoutMilliseconds: 5_000)

            let metrics = try http.get("\(fixture.baseURL)/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
            let text = String(decoding: metrics.body, as: UTF8.self)
            #expect(text.contains("# TYPE sluice_retries_total counter\nsluice_retries_total{target=\"s3\"} 2\n"))

            let health = try http.get("\(fixture.baseURL)/healthz")
            #expect(health.status == 200)
            #expect(health.body == Array("ok\n".utf8))
            #expect(try http.get("\(fixture.baseURL)/nothing-here").status == 404)
            #expect(try http.perform(HTTPRequest(method: "POST", url: "\(fixture.baseURL)/metrics")).status == 405)
        }
    }

    @Test func streamCountsHistogramsAndLagMatchWhatWasIngested() async throws {
        try await MetricsFixture.run { metricsFixture in
            let metrics = metricsFixture.metrics
            try await BootstrappedStack.run { fixture in
                let publisher = try EventPublisher(
                    contracts: fixture.contracts, bootstrapServers: fixture.config.kafkaBootstrapServers, metrics: metrics)
                let producerRun = TraceContext.root()
                let produced = try await StreamProducer(publisher: publisher, metrics: metrics)
                    .produce(count: 45, ratePerSecond: nil, inFlight: 40, trace: producerRun)
                let report = try await StreamConsumer(config: fixture.config, publisher: publisher, group: "metered", metrics: metrics)
                    .run(maxMessages: 45, idleTimeout: .seconds(15), batchSize: 20)
                #expect(report.messages == 45)

                let scraped = try metricsFixture.scrape()
                let synthetic = ["dataset": "source.posts.v1", "source": "synthetic"]
                let stream = ["dataset": "source.posts.v1", "source": "stream"]
                #expect(try scraped.value("sluice_records_in_total", synthetic) == 45)
                #expect(try scraped.value("sluice_records_out_total", synthetic) == 45)
                #expect(try scraped.value("sluice_records_in_total", stream) == 45)
                #expect(try scraped.value("sluice_records_out_total", stream) == 45)
                // Bytes in are the messages' bytes: what RAW now holds, object for object.
                let rawBytes = try S3Client(endpoint: fixture.config.s3).listAllObjects(bucket: "raw", prefix: "source=stream/").reduce(0) { $0 + $1.size }
                #expect(try scraped.value("sluice_bytes_in_total", stream) == Double(rawBytes))

                #expect(scraped.types["sluice_batch_seconds"] == "histogram")
                let batches = Double(report.batches)
                #expect(try scraped.value("sluice_batch_seconds_count", ["stage": "stream_batch"]) == batches)
                #expect(try scraped.value("sluice_batch_seconds_bucket", ["stage": "stream_batch", "le": "+Inf"]) == batches)
                #expect(try scraped.value("sluice_batch_seconds_sum", ["stage": "stream_batch"]).map { $0 > 0 } == true)
                for stage in ["stream_raw", "stream_publish", "stream_commit"] {
                    #expect(try scraped.value("sluice_batch_seconds_count", ["stage": stage]) == batches)
                }
                // One observation per chunk the producer sent: 45 posts in chunks of a quarter of 40 in flight.
                #expect(try scraped.value("sluice_batch_seconds_count", ["stage": "produce"]) == 5)
                let buckets = scraped.samples.filter { $0.name == "sluice_batch_seconds_bucket" && $0.labels["stage"] == "stream_batch" }
                #expect(buckets.count == PlatformObservability.batchBuckets.count + 1)
                #expect(zip(buckets, buckets.dropFirst()).allSatisfy { $0.value <= $1.value })  // cumulative

                // Every partition that held messages reports its lag for the group, and all were consumed.
                let lag = scraped.samples.filter { $0.name == "sluice_consumer_lag" && $0.labels["group"] == "metered" }
                #expect(Set(lag.compactMap { $0.labels["partition"].flatMap(Int32.init) }) == Set(produced.map(\.partition)))
                #expect(lag.allSatisfy { $0.value == 0 && $0.labels["topic"] == "source.posts.v1" })
                #expect(scraped.samples.filter { $0.name == "sluice_errors_total" }.isEmpty)

                // Each ingest.stream.v1 event continues the trace of the post it came from, in a span of its own.
                let traces = try await fixture.consume(topic: "ingest.stream.v1", count: 45)
                    .map { try #require($0["traceparent"]?.stringValue.flatMap(TraceContext.init(traceparent:))) }
                #expect(traces.allSatisfy { $0.traceID == producerRun.traceID })
                #expect(Set(traces.map(\.spanID)).count == 45)
            }
        }
    }

    @Test func httpRetriesErrorsAndDeadLettersAreCounted() async throws {
        try await MetricsFixture.run { metricsFixture in
            let metrics = metricsFixture.metrics
            try await BootstrappedStack.run(withMockAPI: true) { fixture in
                let publisher = try EventPublisher(
                    contracts: fixture.contracts, bootstrapServers: fixture.config.kafkaBootstrapServers, metrics: metrics)
                let ingestor = try HTTPIngestor(
                    config: fixture.config, publisher: publisher, retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10)),
                    timeoutMilliseconds: 3_000, metrics: metrics)
                let flaky = try await ingestor.ingest(path: "/api/v1/flaky/posts", dataset: "posts")
                let broken = try await ingestor.ingest(path: "/api/v1/broken/error", dataset: "posts")
                #expect(flaky.failure == nil)
                #expect(broken.failure != nil)

                let scraped = try metricsFixture.scrape()
                let attempts = flaky.pages.map(\.attempts).reduce(0, +) - flaky.pages.count
                #expect(try scraped.value("sluice_retries_total", ["target": "http"]) == Double(attempts + 2))  // + the broken page's 2 retries
                #expect(try scraped.value("sluice_errors_total", ["kind": "http"]) == 1)
                #expect(try scraped.value("sluice_dead_letters_total", ["topic": "ingest.http.v1.dlq"]) == 1)
                #expect(try scraped.value("sluice_records_in_total", ["dataset": "posts", "source": "http"]) == Double(flaky.records))
                #expect(try scraped.value("sluice_records_out_total", ["dataset": "posts", "source": "http"]) == Double(flaky.records))
                #expect(try scraped.value("sluice_batch_seconds_count", ["stage": "http_page"]) == Double(flaky.pages.count))
            }
        }
    }
}
