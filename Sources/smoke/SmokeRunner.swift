import ArgumentParser
import Foundation

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
            _ = await SignalWait.next(SIGINT, SIGTERM)
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

/// Waits for one of a set of signals without blocking a thread of the cooperative pool.
///
/// The signals are ignored for the process and observed through dispatch sources instead, so whichever
/// thread the kernel picks, the signal ends the wait rather than the process.
enum SignalWait {
    static func next(_ signals: Int32...) async -> Int32 {
        let waiter = SignalWaiterState(queue: DispatchQueue(label: "smoke.signals"))
        return await withCheckedContinuation { continuation in
            waiter.queue.async {
                for number in signals {
                    signal(number, SIG_IGN)
                    let source = DispatchSource.makeSignalSource(signal: number, queue: waiter.queue)
                    source.setEventHandler {
                        guard !waiter.resumed else { return }
                        waiter.resumed = true
                        waiter.sources.forEach { $0.cancel() }
                        continuation.resume(returning: number)
                    }
                    waiter.sources.append(source)
                    source.resume()
                }
            }
        }
    }
}

/// The dispatch sources of one ``SignalWait`` and whether it has ended.
///
/// `@unchecked Sendable` because every access happens on `queue`, a serial queue, which is what keeps
/// the mutable state safe.
private final class SignalWaiterState: @unchecked Sendable {
    let queue: DispatchQueue
    var sources: [any DispatchSourceSignal] = []
    var resumed = false

    init(queue: DispatchQueue) {
        self.queue = queue
    }
}
