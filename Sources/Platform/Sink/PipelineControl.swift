import Synchronization

/// Pause, resume and rate of a running pipeline (the sales sink, the sales producer), changed while it
/// runs through ``PipelineControlServer`` and read by the pipeline's loop between batches.
///
/// The loop checks the switch at batch boundaries only, so a pause never splits a batch: what was
/// polled is written and committed first, then the loop stops polling until it is resumed.
public final class PipelineControl: Sendable {
    private struct State {
        var paused: Bool
        var ratePerSecond: Double?
    }

    private let state: Mutex<State>

    /// Creates a control, running unless `paused`; `ratePerSecond` nil means as fast as possible.
    public init(paused: Bool = false, ratePerSecond: Double? = nil) {
        state = Mutex(State(paused: paused, ratePerSecond: ratePerSecond))
    }

    /// Whether the pipeline is asked to hold.
    public var isPaused: Bool { state.withLock { $0.paused } }

    /// The target rate in events per second, nil for unlimited.
    public var ratePerSecond: Double? { state.withLock { $0.ratePerSecond } }

    /// Asks the pipeline to hold after its current batch.
    public func pause() { state.withLock { $0.paused = true } }

    /// Lets a held pipeline go on.
    public func resume() { state.withLock { $0.paused = false } }

    /// Sets the target rate; nil or a value ≤ 0 means unlimited.
    public func setRate(_ perSecond: Double?) {
        state.withLock { $0.ratePerSecond = perSecond.flatMap { $0 > 0 ? $0 : nil } }
    }

    /// Returns once the pipeline is not paused, checking every `interval`; throws when the task is cancelled.
    public func waitWhilePaused(checkingEvery interval: Duration = .milliseconds(20)) async throws {
        while isPaused { try await Task.sleep(for: interval) }
    }
}
