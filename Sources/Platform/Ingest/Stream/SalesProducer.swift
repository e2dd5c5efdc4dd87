import Contracts
import Foundation

/// `sluice stream produce --dataset sales`: synthetic `retail.sale.v1` sales, at a rate that can be
/// changed, paused and resumed while it runs (through a ``PipelineControl``).
public struct SalesProducer: Sendable {
    private let publisher: EventPublisher
    private let sales: SyntheticSales
    /// Rate, pause and resume; read before every send.
    public let control: PipelineControl

    /// Creates a producer of `sales` publishing through `publisher` (every sale is validated against its contract).
    public init(publisher: EventPublisher, sales: SyntheticSales, control: PipelineControl = PipelineControl()) {
        self.publisher = publisher
        self.sales = sales
        self.control = control
    }

    /// Publishes sales `first..<first + count` at the control's rate; returns where each landed.
    ///
    /// Sends are pipelined (up to `inFlight` await their delivery reports at once). The schedule is
    /// re-anchored whenever the rate changes or a pause ends, so a new rate applies from that moment
    /// rather than as a burst to catch up with the old schedule. Each sale is keyed by its store, so a
    /// store's sales stay in order on one partition.
    public func produce(first: Int = 0, count: Int, inFlight: Int = 256) async throws -> [KafkaDeliveryReport] {
        try await withThrowingTaskGroup(of: KafkaDeliveryReport.self) { group in
            var reports: [KafkaDeliveryReport] = []
            reports.reserveCapacity(count)
            var anchor = (time: ContinuousClock.now, sent: 0, rate: control.ratePerSecond)
            for sent in 0..<count {
                if control.isPaused {
                    try await control.waitWhilePaused()
                    anchor = (ContinuousClock.now, sent, control.ratePerSecond)
                }
                let rate = control.ratePerSecond
                if rate != anchor.rate { anchor = (ContinuousClock.now, sent, rate) }
                if let rate {
                    let due = anchor.time + .seconds(Double(sent - anchor.sent) / rate)
                    if due > ContinuousClock.now { try await Task.sleep(until: due) }
                }
                if sent >= inFlight, let report = try await group.next() { reports.append(report) }
                let sale = sales.envelope(first + sent)
                let key = sale["data"]?["store_id"].map { JSONSerializer.string($0) }
                group.addTask { try await publisher.publish(sale, key: key) }
            }
            for try await report in group { reports.append(report) }
            return reports
        }
    }
}
