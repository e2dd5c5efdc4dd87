import Contracts
import Foundation
import Platform
import Testing

/// The built `sluice meta` binary against the embedded stack, as an operator runs it.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct MetaCommandTests {
    @Test func printsTheViewsAsATableOrJSONAndRefusesABadLimit() async throws {
        try await BootstrappedStack.run { stack in
            let envFile = FileManager.default.temporaryDirectory.appendingPathComponent("meta-\(UUID().uuidString).env")
            try stack.stack.envFileText.write(to: envFile, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: envFile) }
            try CuratedTrafficFixture.upload(to: stack.config)
            let trace = TraceContext.root()
            let served = try TrafficServing(config: stack.config).run(trace: trace)

            let freshness = try SluiceRun.output(of: ["meta", "freshness", "--env", envFile.path])
            let runs = try SluiceRun.output(of: ["meta", "runs", "--json", "--env", envFile.path])
            let failures = try SluiceRun.output(of: ["meta", "failures", "--env", envFile.path])
            let refused = try SluiceRun.output(of: ["meta", "runs", "--limit", "0", "--env", envFile.path])

            #expect(freshness.status == 0)
            let lines = freshness.output.split(separator: "\n")
            #expect(lines.first?.hasPrefix("source   dataset  last_success_at") == true)
            #expect(lines.count == 2 && lines[1].hasPrefix("serving  traffic  "))
            #expect(lines.last?.hasSuffix("succeeded    1     0") == true)

            #expect(runs.status == 0)
            guard case .array(let objects) = try JSONParser.parse(runs.output) else {
                Issue.record("sluice meta runs --json printed no JSON array: \(runs.output)")
                return
            }
            #expect(objects.count == 1)
            #expect(objects.first?["trace_id"] == .string(trace.traceID))
            #expect(objects.first?["records_in"] == .number(JSONNumber(served.facts.total + served.stagingRows)))
            #expect(objects.first?["failures"] == 0)

            #expect(failures.status == 0)
            #expect(failures.output == "occurred_at  source  dataset  run_id  failure_id  error_kind  error  attempts  input_uri  "
                + "dead_letter_uri  replayed_at\n")
            #expect(refused.status == 64)
            #expect(refused.output.contains("--limit must be at least 1"))
        }
    }
}
