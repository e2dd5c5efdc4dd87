import ArgumentParser
import Foundation

/// Runs the checks of the selected days, prints the table, writes JUnit XML and sets the exit status.
struct SmokeRunner {
    let options: SmokeOptions

    func run(days: [SmokeDay]) throws {
        var results: [SmokeResult] = []
        for day in days {
            results += run(day)
        }
        print(SmokeReport.table(results, target: options.target))
        if let path = options.junit {
            try SmokeReport.junitXML(results).write(toFile: path, atomically: true, encoding: .utf8)
        }
        let passed = results.allSatisfy { if case .passed = $0.outcome { true } else { false } }
        if !passed { throw ExitCode.failure }
    }

    private func run(_ day: SmokeDay) -> [SmokeResult] {
        guard !day.checks.isEmpty else {
            let reason = day.pendingIssue.map { "no checks yet (issue \($0))" } ?? "no checks yet"
            return [SmokeResult(day: day.number, check: day.title, outcome: .notImplemented(reason: reason), seconds: 0)]
        }
        return day.checks.map { check in
            let start = ContinuousClock.now
            let outcome: SmokeOutcome
            do {
                outcome = .passed(detail: try check.run())
            } catch {
                outcome = .failed(reason: "\(error)")
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            return SmokeResult(day: day.number, check: check.name, outcome: outcome, seconds: seconds)
        }
    }
}
