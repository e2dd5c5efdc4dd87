import Foundation
import Platform
import Testing

/// The S3 emulator's planned faults as a client sees them: S3's own error answer, then normal service.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct S3FaultInjectionTests {
    @Test func aPlannedBurstAnswersSlowDownAndStoresNothingThenServesAgain() async throws {
        try await FaultStack.run { stack in
            let s3 = S3Client(endpoint: stack.config.s3)
            stack.s3.faults.failNext(2, with: .slowDown, matching: .put(under: "raw/burst/"))
            for _ in 0..<2 {
                let error = try #require(throws: S3ResponseError.self) {
                    try s3.putObject(bucket: "raw", key: "burst/a.json", body: Array("{}".utf8), contentType: "application/json", ifAbsent: true)
                }
                #expect(error.code == "SlowDown" && error.status == 503)
            }
            // Other keys and other methods were never affected.
            try s3.putObject(bucket: "raw", key: "calm/b.json", body: Array("{}".utf8), contentType: "application/json", ifAbsent: true)
            #expect(try s3.headObject(bucket: "raw", key: "burst/a.json") == nil)
            #expect(stack.s3.faults.faultsAnswered == 2 && stack.s3.faults.pending == 0)
            try s3.putObject(bucket: "raw", key: "burst/a.json", body: Array("{}".utf8), contentType: "application/json", ifAbsent: true)
            #expect(try s3.getObject(bucket: "raw", key: "burst/a.json") == Array("{}".utf8))
        }
    }

    @Test func aRetryPolicyOutlastsABurstShorterThanItsAttemptsAndCountsItsRetries() async throws {
        try await MetricsFixture.run { metrics in
            try await FaultStack.run { stack in
                let s3 = S3Client(endpoint: stack.config.s3)
                stack.s3.faults.failNext(3, with: .internalError, matching: .put())
                let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(10))
                let existed = try await policy.run(target: "s3", metrics: metrics.metrics) {
                    try s3.putIfAbsent(bucket: "raw", key: "k.json", body: [1, 2], contentType: "application/json")
                }
                #expect(!existed)
                stack.s3.faults.failNext(4, with: .slowDown, matching: .put())
                let exhausted = await #expect(throws: RetryExhaustedError.self) {
                    try await policy.run(target: "s3", metrics: metrics.metrics) {
                        try s3.putIfAbsent(bucket: "raw", key: "l.json", body: [1], contentType: "application/json")
                    }
                }
                #expect(exhausted?.attempts == 4)
                #expect((exhausted?.last as? S3ResponseError)?.code == "SlowDown")
                // Three retries before the success, three before giving up on the fourth attempt.
                #expect(try metrics.scrape().value("sluice_retries_total", ["target": "s3"]) == 6)
            }
        }
    }
}
