import Foundation
import Testing

/// The built `smoke` binary, run as a user runs it: its table, its JUnit file and its exit status.
struct SmokeCommandTests {
    @Test func aDayWithoutChecksIsReportedAndFailsTheRun() throws {
        let junit = FileManager.default.temporaryDirectory.appendingPathComponent("smoke-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: junit) }

        let run = try runSmoke(["all", "--target", "embedded", "--junit", junit.path])

        #expect(run.status == 1)
        #expect(!run.output.contains("PASS"))
        for day in 1...6 {
            #expect(run.output.contains("\n\(day)    "))
        }
        #expect(run.output.contains("NOT IMPLEMENTED"))
        #expect(run.output.contains("0 passed, 0 failed, 6 not implemented"))
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.components(separatedBy: "<failure message=\"NOT IMPLEMENTED").count - 1 == 6)
        #expect(xml.contains("<testsuite name=\"day 6\" tests=\"1\" failures=\"1\">"))
    }

    @Test func oneDayRunsAlone() throws {
        let run = try runSmoke(["day", "3"])

        #expect(run.status == 1)
        #expect(run.output.contains("file ingestion"))
        #expect(!run.output.contains("stream ingestion"))
    }

    @Test func aDayOutOfRangeIsAUsageError() throws {
        let run = try runSmoke(["day", "9"])

        #expect(run.status == 64)
        #expect(run.output.contains("day must be between 1 and 6"))
    }

    @Test func anUnknownTargetIsAUsageError() throws {
        let run = try runSmoke(["all", "--target", "kubernetes"])

        #expect(run.status == 64)
        #expect(run.output.contains("kubernetes"))
    }

    private func runSmoke(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            .deletingLastPathComponent().appendingPathComponent("smoke")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
