import ArgumentParser
import Foundation
import Platform

/// Runs the checks of the selected days, prints the table, writes JUnit XML and sets the exit status.
struct SmokeRunner {
    let options: SmokeOptions

    func run(days: [SmokeDay]) async throws {
        let stack = days.contains(where: \.needsStack) ? try await SmokeStack.open(options) : nil
        var results: [SmokeResult] = []
        for day in days {
            for check in day.checks {
                results.append(await run(check, of: day, on: stack?.context))
            }
        }
        print(SmokeReport.table(results, target: options.target))
        if let path = options.junit {
            try SmokeReport.junitXML(results).write(toFile: path, atomically: true, encoding: .utf8)
        }
        if options.keep, let stack, let env = stack.envFileText {
            print("\nembedded stack kept up; its endpoints (.env form):\n\(env)press Ctrl-C to stop it")
            _ = await ShutdownSignals().next()
        }
        try await stack?.close()
        let failedOrMissing = results.contains {
            switch $0.outcome {
            case .failed, .notImplemented: true
            case .passed, .skipped: false
            }
        }
        if failedOrMissing { throw ExitCode.failure }
    }

    private func run(_ check: SmokeCheck, of day: SmokeDay, on context: SmokeContext?) async -> SmokeResult {
        let start = ContinuousClock.now
        let outcome: SmokeOutcome
        switch check.body {
        case .pending(let issue):
            outcome = .notImplemented(reason: "no check yet (issue \(issue))")
        case .run(let body):
            do {
                guard let context else { throw SmokeFailure("no stack was opened") }
                outcome = .passed(detail: try await body(context))
            } catch let skip as SmokeSkip {
                outcome = .skipped(reason: skip.reason)
            } catch {
                outcome = .failed(reason: "\(error)")
            }
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return SmokeResult(day: day.number, check: check.name, outcome: outcome, seconds: seconds)
    }
}
