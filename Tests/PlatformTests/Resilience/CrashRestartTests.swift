import Contracts
import Foundation
import Platform
import Testing

/// `sluice` processes killed with SIGKILL mid-run and started again lose nothing.
///
/// "Once", for events delivered at least once: a batch cut by the crash is redone, so its events may be
/// published a second time, but always as the same event (same derived id, same RAW object). After
/// de-duplication by id there is exactly one event per RAW object and one RAW object per input.
@Suite(.serialized, .timeLimit(.minutes(6)))
struct CrashRestartTests {
    @Test func aStreamConsumerKilledMidRunAndRestartedLosesNothing() async throws {
        try await FaultStack.run { stack in
            let count = 6_000
            let produced = try await StreamProducer(publisher: stack.publisher).produce(count: count, ratePerSecond: nil)
            let consume = ["stream", "consume", "--env", stack.envFile, "--group", "crash"]
            let first = try SluiceProcess(consume + ["--idle-seconds", "5"])
            try await StreamFaultTests.waitFor { try stack.rawKeys(under: "source=stream/").count >= 300 }
            try await first.crash()
            let landedBeforeCrash = try stack.rawKeys(under: "source=stream/").count
            #expect(landedBeforeCrash < count, "the consumer finished before it was killed")

            // The killed member holds its partitions until its 10 s session expires; the restart waits it out.
            let second = try await SluiceProcess.run(consume + ["--idle-seconds", "20"])
            #expect(second.status == 0, "\(second.output)")
            #expect(second.output.contains("already in RAW"))
            try await StreamLanding(produced: produced).verify(stack, allowRepeats: true)
            try await StreamFaultTests.expectCommitted(stack, group: "crash")
        }
    }

    @Test func aFileIngestKilledMidRunAndRestartedLandsEveryFileOnceAndMovesIt() async throws {
        try await FaultStack.run { stack in
            let inbox = FileManager.default.temporaryDirectory.appendingPathComponent("crash-inbox-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: inbox) }
            let header = DatasetSchema.traffic.requiredColumns.joined(separator: ",")
            let names = (0..<150).map { String(format: "reading-%03d.csv", $0) }
            for (index, name) in names.enumerated() {
                let row = "r\(index),s1,A1,N,seg-1,Lisbon,38.7,-9.1,2026-11-20T08:00:00Z,\(index),54.5,0.31,low,false,seed"
                try "\(header)\n\(row)\n".write(toFile: "\(inbox)/\(name)", atomically: true, encoding: .utf8)
            }
            let ingest = ["ingest", "file", "--inbox", inbox, "--env", stack.envFile]
            let first = try SluiceProcess(ingest)
            try await StreamFaultTests.waitFor { try stack.rawKeys(under: "source=file/").count >= 10 }
            try await first.crash()
            let processedBeforeCrash = (try? FileManager.default.contentsOfDirectory(atPath: "\(inbox)/processed").count) ?? 0
            #expect(processedBeforeCrash < names.count, "the ingest finished before it was killed")

            let second = try await SluiceProcess.run(ingest)
            #expect(second.status == 0, "\(second.output)")
            let left = try FileManager.default.contentsOfDirectory(atPath: inbox).filter { $0.hasSuffix(".csv") }
            #expect(left.isEmpty)
            #expect(Set(try FileManager.default.contentsOfDirectory(atPath: "\(inbox)/processed")) == Set(names))
            #expect(!FileManager.default.fileExists(atPath: "\(inbox)/quarantine"))

            let keys = try stack.rawKeys(under: "source=file/")
            #expect(keys.count == names.count)
            #expect(Set(keys.compactMap { $0.split(separator: "/").last.map(String.init) }) == Set(names))
            let events = try await stack.readAll(topic: "ingest.file.v1")
            var byID: [String: String] = [:]
            for event in events {
                let id = try #require(event["id"]?.stringValue)
                let rawURI = try #require(event["data"]?["raw_uri"]?.stringValue)
                #expect(byID[id] == nil || byID[id] == rawURI, "event \(id) repeated with another object")
                #expect(id == EventEnvelope.derivedID(from: rawURI))
                byID[id] = rawURI
            }
            #expect(Set(byID.values) == Set(keys.map { "s3://raw/\($0)" }), "one event per RAW object after de-duplication")
            #expect(events.count - byID.count <= 1, "only the file cut by the crash may be announced twice")
        }
    }
}
