import Synchronization

/// Which brokers the emulated cluster has, which of them are up, and who leads each partition.
///
/// Shared by the brokers of one process. Partition `p` prefers broker `p mod N` (in node id order);
/// while that broker is stopped, the next running one leads it, so stopping a broker moves exactly its
/// partitions and a restart moves them back — what clients see as a leader change. The coordinator and
/// controller is the first running broker.
public final class KafkaClusterView: Sendable {
    /// One broker as Metadata advertises it.
    public struct Broker: Sendable, Equatable {
        public var nodeId: Int32
        public var host: String
        public var port: Int32
        public var isRunning: Bool
    }

    private let brokers: Mutex<[Broker]>

    init(_ brokers: [Broker]) {
        self.brokers = Mutex(brokers.sorted { $0.nodeId < $1.nodeId })
    }

    /// Every broker, stopped ones included.
    public var all: [Broker] { brokers.withLock { $0 } }

    /// The brokers that are up, as Metadata lists them.
    var running: [Broker] { brokers.withLock { $0.filter(\.isRunning) } }

    func update(nodeId: Int32, port: Int32? = nil, isRunning: Bool? = nil) {
        brokers.withLock { list in
            guard let i = list.firstIndex(where: { $0.nodeId == nodeId }) else { return }
            if let port { list[i].port = port }
            if let isRunning { list[i].isRunning = isRunning }
        }
    }

    /// The node id leading `partition`, or -1 when no broker is up.
    func leader(of partition: Int32) -> Int32 {
        brokers.withLock { list in
            guard !list.isEmpty else { return -1 }
            let preferred = Int(partition) % list.count
            for step in 0..<list.count where list[(preferred + step) % list.count].isRunning {
                return list[(preferred + step) % list.count].nodeId
            }
            return -1
        }
    }

    /// The group coordinator and controller: the first running broker.
    var coordinator: Broker? { running.first }
}
