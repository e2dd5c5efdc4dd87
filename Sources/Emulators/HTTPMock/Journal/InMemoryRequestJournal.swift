import NIOCore
import Synchronization

/// A journal in memory, optionally keeping only the newest `maximumEntries` events so a long
/// benchmark cannot grow it without bound. A ring buffer, so dropping the oldest entry is O(1).
public final class InMemoryRequestJournal: RequestJournal {
    private let entries = Mutex(CircularBuffer<ServeEvent>())
    private let maximumEntries: Int?

    public init(maximumEntries: Int? = nil) {
        self.maximumEntries = maximumEntries
    }

    public func record(_ event: ServeEvent) {
        entries.withLock { entries in
            entries.append(event)
            if let maximumEntries, entries.count > maximumEntries {
                entries.removeFirst()
            }
        }
    }

    public func events() -> [ServeEvent] {
        entries.withLock { $0.reversed() }
    }

    public func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
