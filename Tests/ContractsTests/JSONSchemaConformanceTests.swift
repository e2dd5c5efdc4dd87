import Contracts
import Testing

/// The official suite: every required test of draft 2020-12 and draft-07 must pass (in both the
/// flag and the basic output), and the optional format tests at 95% or more with formats asserted.
@Suite struct JSONSchemaConformanceTests {
    /// Required tests known to fail, by `file :: group :: test`. Empty: any failure fails the test.
    static let knownRequiredFailures: Set<String> = []

    @Test(arguments: [("draft2020-12", Draft.draft2020_12), ("draft7", Draft.draft7)])
    func everyRequiredTestPasses(directory: String, draft: Draft) throws {
        let suite = try JSONSchemaTestSuite()
        let outcome = try suite.run(try suite.files(directory), draft: draft, formatAssertion: false)
        let unexpected = outcome.failed.filter { !Self.knownRequiredFailures.contains($0) }
        print("\(directory) required: \(outcome.passed)/\(outcome.total) passed")
        #expect(outcome.total > 900)
        #expect(unexpected == [], "\(unexpected.count) unexpected failures")
    }

    @Test(arguments: [("draft2020-12", Draft.draft2020_12), ("draft7", Draft.draft7)])
    func optionalFormatTestsPassAtNinetyFivePercent(directory: String, draft: Draft) throws {
        let suite = try JSONSchemaTestSuite()
        let outcome = try suite.run(try suite.files(directory + "/optional/format"), draft: draft, formatAssertion: true)
        let rate = Double(outcome.passed) / Double(outcome.total)
        print("\(directory) optional/format: \(outcome.passed)/\(outcome.total) passed (\(Int(rate * 1000)) ‰)")
        for failure in outcome.failed { print("  format failure: \(failure)") }
        #expect(rate >= 0.95)
    }
}
