import Crypto
import Synchronization

/// Derived SigV4 signing keys by access key and day, so that a server answering thousands of requests
/// a second derives each user's key once a day rather than with five HMACs per request.
///
/// The key depends only on the secret, the date, the region and the service, all fixed for one access
/// key and day on one server. Bounded: a server up for long enough to see many days starts over rather
/// than grow.
final class SigV4SigningKeyCache: Sendable {
    /// Key bytes rather than `SymmetricKey`s, which are not `Sendable` and so cannot be moved into the mutex.
    private let keys = Mutex<[String: [UInt8]]>([:])
    private static let capacity = 256

    /// The signing key of `accessKey` for `date` (`YYYYMMDD`), from `derive` the first time.
    func key(accessKey: String, date: String, derive: () -> SymmetricKey) -> SymmetricKey {
        let name = "\(accessKey)/\(date)"
        if let known = keys.withLock({ $0[name] }) { return SymmetricKey(data: known) }
        let derived = derive()
        let bytes = derived.withUnsafeBytes { Array($0) }
        keys.withLock { keys in
            if keys.count >= Self.capacity { keys.removeAll() }
            keys[name] = bytes
        }
        return derived
    }
}
