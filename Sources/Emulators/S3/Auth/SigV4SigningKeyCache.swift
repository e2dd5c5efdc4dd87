import Crypto
import Synchronization

/// A user's SigV4 signing key for one day: its bytes (kept with a request's authorization, for the
/// chunk signatures of an aws-chunked body) and an HMAC already keyed with it, which a request's
/// signature check copies instead of hashing the key's pads again.
struct SigV4DayKey {
    /// `kSigning`.
    let bytes: [UInt8]
    /// HMAC-SHA256 keyed with ``bytes``, nothing fed yet.
    let keyed: HMAC<SHA256>

    init(bytes: [UInt8]) {
        self.bytes = bytes
        keyed = HMAC<SHA256>(key: SymmetricKey(data: bytes))
    }
}

/// Derived SigV4 signing keys by access key and day, so that a server answering thousands of requests
/// a second derives each user's key once a day rather than with five HMACs per request.
///
/// The key depends only on the secret, the date, the region and the service, all fixed for one access
/// key and day on one server. Bounded: a server up for long enough to see many days starts over rather
/// than grow.
final class SigV4SigningKeyCache: Sendable {
    private struct Name: Hashable {
        let accessKey: String
        let date: String
    }

    /// `Mutex` is Sendable whatever it holds; what leaves it is a copy of a value type.
    private let keys = Mutex<[Name: SigV4DayKey]>([:])
    private static let capacity = 256

    /// The signing key of `accessKey` for `date` (`YYYYMMDD`), from `derive` the first time.
    func key(accessKey: String, date: String, derive: () -> SymmetricKey) -> SigV4DayKey {
        let name = Name(accessKey: accessKey, date: date)
        if let known = keys.withLock({ $0[name] }) { return known }
        // Built from the bytes twice, one for the cache and one to return: a value the mutex keeps cannot
        // also be handed out (HMAC is not Sendable).
        let bytes = derive().withUnsafeBytes { Array($0) }
        keys.withLock { keys in
            if keys.count >= Self.capacity { keys.removeAll() }
            keys[name] = SigV4DayKey(bytes: bytes)
        }
        return SigV4DayKey(bytes: bytes)
    }
}
