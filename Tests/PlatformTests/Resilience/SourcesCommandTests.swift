import Foundation
import Platform
import Testing

/// `sluice sources run` as a user runs it: the built binary against a stack named by an env file.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct SourcesCommandTests {
    @Test func everyPassIsPrintedAndCtrlCStopsTheLoopCleanly() async throws {
        try await FaultStack.run { stack in
            let config = FileManager.default.temporaryDirectory.appendingPathComponent("sources-\(UUID().uuidString).json").path
            defer { try? FileManager.default.removeItem(atPath: config) }
            try #"""
                {"retry": {"max_attempts": 2, "base_delay_ms": 50, "max_delay_ms": 200},
                 "sources": [{"name": "sensors-api", "kind": "rest", "dataset": "sensors", "path": "/api/v1/sensors", "limit": 5},
                             {"name": "missing", "kind": "rest", "dataset": "nothing", "path": "/api/v1/no-such-api", "limit": 5}]}
                """#.write(toFile: config, atomically: true, encoding: .utf8)

            // Once: the failing source is named and the exit status says so; the other one landed anyway.
            let once = try await SluiceProcess.run(["sources", "run", "--config", config, "--env", stack.envFile])
            #expect(once.status == 1, "\(once.output)")
            #expect(once.output.contains("sensors-api (rest): 3 landed, 12 records, ok"), "\(once.output)")
            #expect(once.output.contains("missing (rest): 0 landed, 0 records, FAILED: HTTP 404"), "\(once.output)")

            // Every second until interrupted: passes repeat (RAW recognises the pages), SIGINT ends it with 0.
            let looping = try SluiceProcess(["sources", "run", "--config", config, "--every", "1", "--env", stack.envFile])
            let deadline = ContinuousClock.now + .seconds(60)
            while looping.output.components(separatedBy: "sensors-api (rest)").count < 3, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(looping.output.components(separatedBy: "sensors-api (rest): 3 landed").count >= 3, "\(looping.output)")
            kill(looping.pid, SIGINT)
            #expect(try await looping.wait(timeout: .seconds(30)) == 0, "\(looping.output)")
            // Each run lands the three pages under its own run id (a pass cut short by Ctrl-C may land fewer).
            let passes = (once.output + looping.output).components(separatedBy: "sensors-api (rest): 3 landed").count - 1
            let keys = try stack.rawKeys(under: "source=http/")
            #expect(keys.count >= 3 * passes)
            #expect(keys.allSatisfy { ["page-0.json", "page-1.json", "page-2.json"].contains($0.split(separator: "/").last ?? "") })
        }
    }
}
