/// One Definition-of-Done bullet, checked against a running stack.
struct SmokeCheck: Sendable {
    /// A short name that says what is checked, e.g. "RAW refuses an overwrite".
    let name: String
    /// Runs the check; the result is a short detail. Throwing ``SmokeSkip`` means the check does not apply
    /// to this target; throwing anything else means it failed, and the error says why.
    let run: @Sendable (SmokeContext) async throws -> String

    init(_ name: String, _ run: @escaping @Sendable (SmokeContext) async throws -> String) {
        self.name = name
        self.run = run
    }
}

/// A group of checks run together: the checks of one day, or of the other pipelines.
struct SmokeDay: Sendable {
    /// The group's short label in the table's first column: the day's number, or `P` for the pipelines.
    let label: String
    /// The group's name in JUnit and JSON: `day N` or `pipelines`.
    let suite: String
    let title: String
    let checks: [SmokeCheck]

    /// The checks of day `number`.
    static func day(_ number: Int, _ title: String, _ checks: [SmokeCheck]) -> SmokeDay {
        SmokeDay(label: "\(number)", suite: "day \(number)", title: title, checks: checks)
    }
}

/// What came of one row of the report.
enum SmokeOutcome: Sendable, Equatable {
    case passed(detail: String)
    case failed(reason: String)
    /// The check does not apply to this target; neither a pass nor a failure.
    case skipped(reason: String)

    var label: String {
        switch self {
        case .passed: "PASS"
        case .failed: "FAIL"
        case .skipped: "SKIP"
        }
    }

    var detail: String {
        switch self {
        case .passed(let detail): detail
        case .failed(let reason), .skipped(let reason): reason
        }
    }
}

/// One row of the report: a check of a day (or of the pipelines) and its outcome.
struct SmokeResult: Sendable {
    let group: SmokeDay
    let check: String
    let outcome: SmokeOutcome
    let seconds: Double
}
