import NIOCore
import Synchronization

/// The open client connections of one broker, so that stopping the broker drops them as a dead broker
/// would; closing only the listener would leave established clients connected to a "stopped" broker.
final class KafkaConnectionRegistry: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    func opened(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        channels.withLock { $0[id] = channel }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.channels.withLock { $0.removeValue(forKey: id) }
        }
    }

    func closeAll() async {
        let open = channels.withLock { $0.values }
        for channel in open {
            try? await channel.close()
        }
    }
}
