import Contracts
import Crypto
import Foundation
import Logging

/// What one `sluice ingest http` run did.
public struct HTTPIngestReport: Sendable {
    /// One fetched page, landed in RAW with its event published.
    public struct Page: Sendable {
        public let url: String
        public let rawURI: String
        public let attempts: Int
        public let delivery: KafkaDeliveryReport
    }

    public let runID: String
    public internal(set) var pages: [Page] = []
    /// Records across all pages (the length of each page's `data` array).
    public internal(set) var records = 0
    /// Why the run stopped early, after the last retry; nil when every page was fetched.
    public internal(set) var failure: String?
    /// The dead-letter object written for the failure.
    public internal(set) var deadLetterURI: String?
}

/// Day 4's HTTP ingestor: pages of a JSON API into RAW, one `ingest.http.v1` event per page.
///
/// Pages are followed as the source lays them out (``HTTPPaging``): by the links a page carries
/// (`paging.next_offset`, `next_cursor`: the mock API's layout), or by `?limit=L&offset=N` until a short page.
/// Each request is retried by the ``RetryPolicy``. After the last retry the failure goes to
/// `s3://<raw>/dead-letter/...`, to `ingest.http.v1.dlq` and to `meta.ingestion_failures`.
///
/// A run has one trace: every page event's `traceparent` and the run's log lines carry its trace id.
/// Metrics (source `http`): a page's bytes in `sluice_bytes_in_total` and its items (the length of its
/// `data` array) in `sluice_records_in_total` once fetched and in `sluice_records_out_total` once
/// landed; each retried request in `sluice_retries_total{target="http"}`; a page given up on, a
/// pagination loop or a failed write in `sluice_errors_total{kind}`; the time from a page's first
/// request to its event in `sluice_batch_seconds{stage="http_page"}`.
public struct HTTPIngestor: Sendable {
    private let config: PlatformConfig
    private let publisher: EventPublisher
    private let registry: IngestionRegistry
    private let retry: RetryPolicy
    private let http: CurlHTTPClient
    private let s3: S3Client
    private let metrics: SluiceMetrics
    private let logger: Logger

    /// Creates an ingestor for the stack `config` describes.
    public init(
        config: PlatformConfig, publisher: EventPublisher, retry: RetryPolicy = RetryPolicy(), timeoutMilliseconds: Int = 10_000,
        metrics: SluiceMetrics = SluiceMetrics(), logger: Logger = Logger(label: "sluice.ingest.http")
    ) throws {
        self.metrics = metrics
        self.logger = logger
        self.config = config
        self.publisher = publisher
        self.registry = IngestionRegistry(connection: try PostgresConnection(connectionString: config.postgres.connectionString))
        self.retry = retry
        self.http = CurlHTTPClient(timeoutMilliseconds: timeoutMilliseconds)
        self.s3 = S3Client(endpoint: config.s3)
    }

    /// Fetches `path` of the mock API (e.g. `/api/v1/posts`) page by page as dataset `dataset`.
    public func ingest(
        path: String, dataset: String, paging: HTTPPaging = .links, trace: TraceContext = .root()
    ) async throws -> HTTPIngestReport {
        var logger = logger
        logger[metadataKey: "trace_id"] = "\(trace.traceID)"
        logger[metadataKey: "span_id"] = "\(trace.spanID)"
        logger[metadataKey: "dataset"] = "\(dataset)"
        do {
            return try await ingestPages(path: path, dataset: dataset, paging: paging, trace: trace, logger: logger)
        } catch {
            metrics.errors(ErrorKind.of(error)).increment()
            logger.error("http ingestion stopped", error: error)
            throw error
        }
    }

    private func ingestPages(
        path: String, dataset: String, paging: HTTPPaging, trace: TraceContext, logger: Logger
    ) async throws -> HTTPIngestReport {
        let runID = try registry.startRun(source: "http", dataset: dataset, traceID: trace.traceID)
        var start = config.mockAPIURL + path
        if case .limitOffset(let limit) = paging {
            start = Self.replacingQuery(of: start, with: [("limit", "\(limit)"), ("offset", "0")]) ?? start
        }
        return try await follow(
            from: start, page: 0, rawRunID: runID, day: UTCTimeText.day(Date()), runID: runID, dataset: dataset, paging: paging,
            trace: trace, logger: logger)
    }

    /// Re-drives a dead-lettered page (`sluice replay`): a new run fetches `url` as page `page` of the run
    /// `rawRunID` that failed on `day`, and follows on from there, landing under that run's RAW keys, so
    /// pages landed before are recognised rather than written twice.
    func resume(
        url: String, page: Int, rawRunID: String, day: String, dataset: String, paging: HTTPPaging, trace: TraceContext = .root()
    ) async throws -> HTTPIngestReport {
        let runID = try registry.startRun(source: "http", dataset: dataset, traceID: trace.traceID)
        return try await follow(
            from: url, page: page, rawRunID: rawRunID, day: day, runID: runID, dataset: dataset, paging: paging, trace: trace,
            logger: logger)
    }

    /// Fetches pages from `start` (page number `firstPage`) until the last, landing each under
    /// `source=http/dt=<day>/<rawRunID>/page-N.json`, and closes run `runID` with the outcome.
    private func follow(
        from start: String, page firstPage: Int, rawRunID: String, day: String, runID: String, dataset: String,
        paging: HTTPPaging, trace: TraceContext, logger: Logger
    ) async throws -> HTTPIngestReport {
        var logger = logger
        logger[metadataKey: "run_id"] = "\(runID)"
        var report = HTTPIngestReport(runID: runID)
        var url = start
        var fetched: Set<String> = []
        var bytes = 0
        for page in firstPage... {
            fetched.insert(url)
            let started = ContinuousClock.now
            let outcome = await fetch(url, logger: logger)
            guard case .success(let response, let attempts) = outcome else {
                guard case .failure(let reason, let attempts, let response) = outcome else { break }
                metrics.errors(.http).increment()
                logger.error("page failed, sent to the dead letters", metadata: ["url": "\(url)", "attempts": "\(attempts)", "reason": "\(reason)"])
                try await deadLetter(
                    report: &report, url: url, page: page, reason: reason, attempts: attempts, response: response, dataset: dataset,
                    rawRunID: rawRunID, day: day, paging: paging, trace: trace)
                break
            }
            let body = response.body
            let document = try? JSONParser.parse(body)
            let items = document?["data"]?.arrayValue?.count ?? 0
            metrics.bytesIn(dataset: dataset, source: "http").increment(by: body.count)
            metrics.recordsIn(dataset: dataset, source: "http").increment(by: items)
            let sha256 = LowercaseHex.text(of: SHA256.hash(data: body))
            let key = "source=http/dt=\(day)/\(rawRunID)/page-\(page).json"
            _ = try await retry.run(target: "s3", metrics: metrics) {
                try s3.putIfAbsent(
                    bucket: config.rawBucket, key: key, body: body, contentType: response.header("Content-Type") ?? "application/json")
            }
            let rawURI = "s3://\(config.rawBucket)/\(key)"
            let envelope = EventEnvelope.make(
                type: "ingest.http.v1", source: "/sluice/ingest/http", id: EventEnvelope.derivedID(from: rawURI), subject: dataset,
                traceparent: trace.child().traceparent,
                data: [
                    "run_id": .string(runID), "raw_uri": .string(rawURI), "sha256": .string(sha256),
                    "size_bytes": .number(JSONNumber(body.count)),
                    "content_type": .string(response.header("Content-Type") ?? "application/json"),
                    "url": .string(url), "method": "GET", "status": .number(JSONNumber(response.status)),
                    "page": .number(JSONNumber(page)), "attempts": .number(JSONNumber(attempts)),
                ])
            let delivery = try await publisher.publish(envelope, key: rawURI)
            report.pages.append(.init(url: url, rawURI: rawURI, attempts: attempts, delivery: delivery))
            bytes += body.count
            metrics.recordsOut(dataset: dataset, source: "http").increment(by: items)
            metrics.batchSeconds(stage: "http_page").record(duration: ContinuousClock.now - started)
            logger.info("page landed", metadata: ["url": "\(url)", "raw_uri": "\(rawURI)", "records": "\(items)", "attempts": "\(attempts)"])

            report.records += items
            guard let document, let next = Self.nextPage(of: document, after: url, paging: paging) else { break }
            // A server whose "next page" points back at a page already fetched would be followed forever.
            guard !fetched.contains(next) else {
                report.failure = "pagination loops: page \(page) at \(url) points back to \(next)"
                metrics.errors(.http).increment()
                logger.error("pagination loops", metadata: ["url": "\(url)", "next": "\(next)"])
                try registry.recordFailure(
                    runID: runID, source: "http", dataset: dataset, kind: "pagination_loop", error: report.failure ?? "",
                    inputURI: url, deadLetterURI: nil)
                break
            }
            url = next
        }
        try registry.finishRun(
            runID, status: report.failure == nil ? "succeeded" : (report.pages.isEmpty ? "failed" : "partial"),
            recordsIn: report.records, recordsOut: report.records, bytesIn: bytes, rawURI: report.pages.first?.rawURI,
            error: report.failure)
        return report
    }

    private enum Fetched {
        case success(HTTPResponse, attempts: Int)
        case failure(String, attempts: Int, response: HTTPResponse?)
    }

    /// GETs `url`, retrying as the policy says; a non-2xx answer that is not retried is a failure too.
    private func fetch(_ url: String, logger: Logger) async -> Fetched {
        var attempt = 1
        while true {
            var retryAfter: String?
            let reason: String
            var last: HTTPResponse?
            do {
                let response = try http.get(url)
                if (200..<300).contains(response.status) { return .success(response, attempts: attempt) }
                reason = "HTTP \(response.status) from \(url)"
                last = response
                guard RetryPolicy.isRetryable(status: response.status) else {
                    return .failure(reason, attempts: attempt, response: response)
                }
                retryAfter = response.header("Retry-After")
            } catch let error as CurlError {
                reason = "\(error) fetching \(url)"
                guard RetryPolicy.isRetryable(error) else { return .failure(reason, attempts: attempt, response: nil) }
            } catch {
                return .failure("\(error) fetching \(url)", attempts: attempt, response: nil)
            }
            guard attempt < retry.maxAttempts else {
                return .failure("\(reason), after \(attempt) attempts", attempts: attempt, response: last)
            }
            let delay = retry.delay(afterAttempt: attempt, retryAfter: retryAfter)
            metrics.retries(target: "http").increment()
            logger.warning("retrying", metadata: ["url": "\(url)", "attempt": "\(attempt)", "reason": "\(reason)", "delay": "\(delay)"])
            try? await Task.sleep(for: delay)
            attempt += 1
        }
    }

    private func deadLetter(
        report: inout HTTPIngestReport, url: String, page: Int, reason: String, attempts: Int, response: HTTPResponse?,
        dataset: String, rawRunID: String, day: String, paging: HTTPPaging, trace: TraceContext
    ) async throws {
        // A source paged by limit keeps its limit in the letter, so a replay pages on the same way.
        let limit: JSONValue = if case .limitOffset(let limit) = paging { .number(JSONNumber(limit)) } else { .null }
        let original: JSONValue = [
            "url": .string(url), "page": .number(JSONNumber(page)), "raw_run_id": .string(rawRunID), "day": .string(day),
            "status": response.map { .number(JSONNumber($0.status)) } ?? .null,
            "body": response.map { .string(String(decoding: $0.body, as: UTF8.self)) } ?? .null, "limit": limit,
        ]
        let key = "dead-letter/source=http/dt=\(UTCTimeText.day(Date()))/\(report.runID)/page-\(page).json"
        let letter: JSONValue = ["error": .string(reason), "attempts": .number(JSONNumber(attempts)), "input": original]
        _ = try await retry.run(target: "s3", metrics: metrics) {
            try s3.putIfAbsent(
                bucket: config.rawBucket, key: key, body: Array(JSONSerializer.prettyString(letter).utf8), contentType: "application/json")
        }
        let uri = "s3://\(config.rawBucket)/\(key)"
        try await publisher.publishDeadLetter(
            originalTopic: "ingest.http.v1", reason: .processingFailed, attempts: attempts, original: original, message: reason,
            traceparent: trace.child().traceparent)
        try registry.recordFailure(
            runID: report.runID, source: "http", dataset: dataset, kind: response == nil ? "transport" : "http_status",
            error: reason, inputURI: url, deadLetterURI: uri, attempts: attempts)
        report.failure = reason
        report.deadLetterURI = uri
    }

    /// The URL of the page after `document`, fetched from `url`, or nil when it is the last.
    static func nextPage(of document: JSONValue, after url: String, paging: HTTPPaging = .links) -> String? {
        if case .limitOffset(let limit) = paging {
            guard (document["data"]?.arrayValue?.count ?? 0) >= limit else { return nil }
            let offset = URLComponents(string: url)?.queryItems?.last { $0.name == "offset" }?.value.flatMap { Int($0) } ?? 0
            return replacingQuery(of: url, with: [("offset", "\(offset + limit)")])
        }
        if case .number(let offset)? = document["paging"]?["next_offset"], let next = offset.int64Value {
            return replacingQuery(of: url, with: [("offset", "\(next)")])
        }
        if let cursor = document["next_cursor"]?.stringValue {
            return replacingQuery(of: url, with: [("cursor", cursor)])
        }
        return nil
    }

    /// `url` with each named query parameter set to its value (replaced where it was there).
    private static func replacingQuery(of url: String, with parameters: [(name: String, value: String)]) -> String? {
        guard var components = URLComponents(string: url) else { return nil }
        var items = (components.queryItems ?? []).filter { item in !parameters.contains { $0.name == item.name } }
        items += parameters.map { URLQueryItem(name: $0.name, value: $0.value) }
        components.queryItems = items
        return components.string
    }
}
