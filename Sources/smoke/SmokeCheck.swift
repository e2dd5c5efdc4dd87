/// One Definition-of-Done bullet, checked against a running stack.
struct SmokeCheck: Sendable {
    /// A short name that says what is checked, e.g. "RAW refuses an overwrite".
    let name: String
    /// Runs the check; throwing means it failed, and the error says why.
    let run: @Sendable () throws -> String
}

/// The checks of one day, or none yet.
struct SmokeDay: Sendable {
    let number: Int
    let title: String
    /// The issue that will bring this day's checks while there are none.
    let pendingIssue: Int?
    let checks: [SmokeCheck]
}

/// What came of one row of the report.
enum SmokeOutcome: Sendable, Equatable {
    case passed(detail: String)
    case failed(reason: String)
    /// The day has no checks yet; reported, and never counted as a pass.
    case notImplemented(reason: String)

    var label: String {
        switch self {
        case .passed: "PASS"
        case .failed: "FAIL"
        case .notImplemented: "NOT IMPLEMENTED"
        }
    }

    var detail: String {
        switch self {
        case .passed(let detail): detail
        case .failed(let reason), .notImplemented(let reason): reason
        }
    }
}

/// One row of the report: a check of a day and its outcome.
struct SmokeResult: Sendable {
    let day: Int
    let check: String
    let outcome: SmokeOutcome
    let seconds: Double
}
