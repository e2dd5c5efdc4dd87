import Contracts
import Foundation
import Platform
import Testing

/// The sales generator and the sink's backoff, without a stack.
struct SyntheticSalesTests {
    @Test func theSameSeedAndStartGiveTheSameValidSales() throws {
        let contracts = try ContractRepository(root: BootstrappedStack.repositoryRoot.appendingPathComponent("contracts").path)
        let validator = try contracts.validator(for: try #require(contracts.events.first { $0.name == PlatformTopics.sales }))
        let a = SyntheticSales(seed: 7, startMilliseconds: 1_795_953_600_000)
        let b = SyntheticSales(seed: 7, startMilliseconds: 1_795_953_600_000)
        let other = SyntheticSales(seed: 8, startMilliseconds: 1_795_953_600_000)
        for index in [0, 1, 2, 999, 123_456] {
            #expect(JSONSerializer.string(a.envelope(index)) == JSONSerializer.string(b.envelope(index)))
            #expect(validator.validate(a.envelope(index)).valid)
            #expect(a.envelope(index)["id"] == a.envelope(index)["data"]?["event_id"])
            #expect(a.sale(index).eventID != other.sale(index).eventID)
        }
        #expect(Set((0..<10_000).map { a.sale($0).eventID }).count == 10_000)
        #expect(a.sale(3).ts - a.sale(2).ts == 100)
    }

    @Test func retryDelaysDoubleUpToTheCap() {
        let options = SalesSinkOptions(baseRetryDelay: .milliseconds(100), maxRetryDelay: .seconds(1))
        #expect((1...6).map { options.retryDelay(afterFailures: $0) }
            == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
        #expect(options.retryDelay(afterFailures: 1_000) == .seconds(1))
    }
}
