import Foundation

/// A token bucket of size one for one API operation: requests leave at least `interval` apart,
/// so any window holds no more than the limit (LINEWORKS_API.md: 240 per minute per operation).
///
/// After `halveAfter` of calling, the spacing doubles (the documentation's rule for callers that
/// keep going for more than 30 minutes). A 429 pauses the whole operation, not only the request
/// that met it.
public actor RequestPacer {
    private let interval: Duration
    private let halveAfter: Duration
    private let clock = ContinuousClock()
    private var started: ContinuousClock.Instant?
    private var next: ContinuousClock.Instant
    private var pausedUntil: ContinuousClock.Instant

    public init(interval: Duration, halveAfter: Duration) {
        self.interval = interval
        self.halveAfter = halveAfter
        next = clock.now
        pausedUntil = clock.now
    }

    /// Waits for this operation's next free slot and takes it. A request that slept through a
    /// pause ordered meanwhile takes a new slot after it.
    public func acquire() async throws {
        while true {
            let now = clock.now
            let start = started ?? now
            started = start
            let spacing = now - start >= halveAfter ? interval * 2 : interval
            let slot = max(now, next)
            next = slot + spacing
            if slot > now { try await Task.sleep(until: slot, clock: clock) }
            if clock.now >= pausedUntil { return }
        }
    }

    /// No request of this operation before `duration` from now (a 429's `rateLimit-reset`).
    public func pause(for duration: Duration) {
        let until = clock.now + duration
        pausedUntil = max(pausedUntil, until)
        next = max(next, until)
    }
}

/// One pacer per API operation (`GET /users`, `GET /groups/{groupId}/members` …): different
/// operations have separate limits, so they are fetched in parallel.
final class PacerSet: Sendable {
    private let pacers: [String: RequestPacer]

    init(operations: [String], interval: Duration, halveAfter: Duration) {
        var pacers: [String: RequestPacer] = [:]
        for operation in operations { pacers[operation] = RequestPacer(interval: interval, halveAfter: halveAfter) }
        self.pacers = pacers
    }

    func pacer(for operation: String) -> RequestPacer {
        guard let pacer = pacers[operation] else { preconditionFailure("no pacer for API operation \(operation)") }
        return pacer
    }
}
