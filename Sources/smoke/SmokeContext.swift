import Platform

/// What the checks run against: the stack's configuration and which kind of stack it is.
struct SmokeContext: Sendable {
    let target: SmokeTarget
    let config: PlatformConfig
    /// The `.env` values of a compose target (ports of the services the platform itself does not use);
    /// empty for the embedded stack.
    let environment: [String: String]
    /// The `contracts/` folder events are validated against.
    let contractsRoot: String
    /// The `golden/` folder day 6 compares the curated and served tables with.
    let goldenRoot: String
}

/// Thrown by a check that does not apply to the current target; reported as SKIP, never as a pass.
struct SmokeSkip: Error {
    let reason: String
}

/// A check's failure, with the reason shown in the report.
struct SmokeFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
