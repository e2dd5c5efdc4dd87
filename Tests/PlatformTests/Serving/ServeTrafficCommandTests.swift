import Foundation
import Platform
import Testing

/// The built `sluice serve traffic` binary against the embedded stack, as an operator runs it.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ServeTrafficCommandTests {
    @Test func printsWhatItChangedAndFailsWithTheReasonWhenNothingIsCurated() async throws {
        try await BootstrappedStack.run { stack in
            let envFile = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString).env")
            try stack.stack.envFileText.write(to: envFile, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: envFile) }

            let missing = try SluiceRun.output(of: ["serve", "traffic", "--env", envFile.path])
            try CuratedTrafficFixture.upload(to: stack.config)
            let first = try SluiceRun.output(of: ["serve", "traffic", "--env", envFile.path])
            let second = try SluiceRun.output(of: ["serve", "traffic", "--env", envFile.path])

            #expect(missing.status != 0)
            #expect(missing.output.contains(
                "serve: no Parquet objects under s3://curated/hive/curated/fct_traffic_daily/: run `sluice curate traffic` first"))
            #expect(first.status == 0)
            #expect(first.output.contains("curated.fct_traffic_daily: 317 rows from 7 CURATED objects: 317 inserted, 0 updated, 0 unchanged"))
            #expect(first.output.contains("curated.dim_sensor: 40 sensors from 10051 STG rows in 8 objects: 40 inserted, 0 updated, 0 unchanged"))
            #expect(first.output.hasSuffix("serve traffic: 357 changed\n"))
            #expect(second.status == 0)
            #expect(second.output.hasSuffix("serve traffic: 0 changed (already served)\n"))
        }
    }
}
