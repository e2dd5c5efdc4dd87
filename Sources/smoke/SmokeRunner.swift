import ArgumentParser
import Foundation
import Platform

/// Runs the checks of the selected days, prints the table, writes JUnit XML and sets the exit status.
struct SmokeRunner {
    let options: SmokeOptions

    func run(days: [SmokeDay]) async throws {
        // The platform's log lines are for services; the table is smoke's output. Warnings and errors
        // still reach standard error (SLUICE_LOG_LEVEL=info shows everything).
        let level = PlatformObservability.logLevel(environment: ProcessInfo.processInfo.environment, otherwise: .warning)
        _ = PlatformObservability.bootstrap(logFormat: .text, logLevel: level)
        let stack = try await SmokeStack.open(options)
        var results: [SmokeResult] = []
        for day in days {
            for check in day.checks {
                results.append(await run(check, of: day, on: stack.context))
            }
        }
        print(SmokeReport.table(results, target: options.target))
        if let path = options.junit {
            try SmokeReport.junitXML(results).write(toFile: path, atomically: true, encoding: .utf8)
        }
        if let path = options.json {
            try SmokeReport.json(results, target: options.target).write(toFile: path, atomically: true, encoding: .utf8)
        }
        if options.keep, let env = stack.envFileText {
            print("\nembedded stack kept up; its endpoints (.env form):\n\(env)press Ctrl-C to stop it")
            _ = await ShutdownSignals().next()
        }
        try await stack.close()
        if results.contains(where: { if case .failed = $0.outcome { true } else { false } }) { throw ExitCode.failure }
    }

    private func run(_ check: SmokeCheck, of day: SmokeDay, on context: SmokeContext) async -> SmokeResult {
        let start = ContinuousClock.now
        let outcome: SmokeOutcome
        do {
            outcome = .passed(detail: try await SmokeDeadline.run { try await check.run(context) })
        } catch let skip as SmokeSkip {
            outcome = .skipped(reason: skip.reason)
        } catch {
            outcome = .failed(reason: "\(error)")
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return SmokeResult(group: day, check: check.name, outcome: outcome, seconds: seconds)
    }
}
