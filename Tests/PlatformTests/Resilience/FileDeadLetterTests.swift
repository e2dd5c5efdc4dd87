import Contracts
import Foundation
import Platform
import Testing

/// The file ingestor's failures after the last retry: the three dead-letter places, then a replay.
@Suite(.serialized, .timeLimit(.minutes(2)))
struct FileDeadLetterTests {
    @Test func aFileStorageKeepsRefusingIsDeadLetteredQuarantinedAndReplayedOnceStorageIsBack() async throws {
        try await FaultStack.run { stack in
            let inbox = FileManager.default.temporaryDirectory.appendingPathComponent("dead-inbox-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: inbox) }
            let header = DatasetSchema.traffic.requiredColumns.joined(separator: ",")
            let csv = "\(header)\nr1,s1,A1,N,seg-1,Lisbon,38.7,-9.1,2026-11-20T08:00:00Z,12,54.5,0.31,low,false,seed\n"
            try csv.write(toFile: "\(inbox)/stuck.csv", atomically: true, encoding: .utf8)

            stack.s3.faults.failNext(100, with: .slowDown, matching: .put(under: "raw/source=file/"))
            let ingestor = try FileIngestor(
                config: stack.config, dataset: .traffic, publisher: stack.publisher,
                retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10)))
            let report = try await ingestor.ingest(inbox: inbox)
            #expect(report.quarantined.map(\.fileName) == ["stuck.csv"])
            #expect(report.quarantined.first?.reason.contains("SlowDown") == true)
            #expect(FileManager.default.fileExists(atPath: "\(inbox)/quarantine/stuck.csv"))

            let letters = try stack.rawKeys(under: "dead-letter/source=file/")
            #expect(letters.count == 1)
            #expect(try S3Client(endpoint: stack.config.s3).getObject(bucket: "raw", key: letters[0]) == Array(csv.utf8))
            let dlq = try await stack.readAll(topic: "ingest.file.v1.dlq")
            #expect(dlq.count == 1)
            #expect(dlq.first?["data"]?["attempts"] == .number(JSONNumber(3)))
            #expect(dlq.first?["data"]?["original"]?["dead_letter_uri"]?.stringValue == "s3://raw/\(letters[0])")
            let replayer = try DeadLetterReplayer(config: stack.config, publisher: stack.publisher)
            let pending = try replayer.list(source: "file")
            #expect(pending.count == 1)
            #expect(pending.first?.errorKind == "storage" && pending.first?.attempts == 3)

            stack.s3.faults.clear()
            let outcome = try await replayer.replay(failureID: try #require(pending.first?.failureID))
            #expect(outcome.failure == nil)
            let raw = try stack.rawKeys(under: "source=file/")
            #expect(raw.count == 1 && raw.first?.hasSuffix("/stuck.csv") == true)
            #expect(outcome.rawURIs == raw.map { "s3://raw/\($0)" })
            let events = try await stack.readAll(topic: "ingest.file.v1")
            #expect(events.count == 1)
            #expect(events.first?["id"]?.stringValue == EventEnvelope.derivedID(from: "s3://raw/\(raw[0])"))
            #expect(try replayer.list(source: "file").isEmpty)
        }
    }
}
