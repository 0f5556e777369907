import Foundation
import NIOHTTP1

/// The request budget of one rate-limit scope: one API operation, or (`api.rate_limit_scope =
/// "tenant"`) all of lwgov's requests together.
///
/// Three things keep a request from going over the limit:
/// - **Spacing**: requests leave at least `window / perWindow` apart, so the load is smooth.
/// - **A window counted on completions**: a request is sent only while fewer than `perWindow`
///   requests are under way or have *completed* within the last `window`. The server counts a
///   request when it arrives, which is after it was sent and before its answer came back; so
///   however late a starved process sends or however long the network holds a request, no
///   server window of that length can see more than `perWindow` of them (spacing alone cannot
///   promise that: a request delayed after its slot arrives close to the next one).
/// - **The server's word**: every answer's `rateLimit-remaining` and `rateLimit-reset` are
///   read. When the budget left (less the requests still under way, and less a small reserve
///   for other clients of a shared budget) is used up, nothing is sent until the reset; after
///   it, one request at a time until an answer says how much is left again.
///
/// After `halveAfter` of calling, the budget halves (the documentation's rule for callers that
/// keep going for more than 30 minutes). A 429 pauses the whole scope.
public actor RateBudget {
    /// A request that was let through; hand it back with `finish`.
    public struct Ticket: Sendable {}

    private let perWindow: Int
    private let window: Duration
    private let halveAfter: Duration
    /// Requests of the server's remaining budget left to other clients of a shared budget.
    private let reserve: Int
    private let clock = ContinuousClock()
    private var started: ContinuousClock.Instant?
    private var nextSlot: ContinuousClock.Instant
    private var inFlight = 0
    /// Completion times of the latest finished requests, oldest first (at most `perWindow`).
    private var completed: [ContinuousClock.Instant] = []
    /// The server's budget left as far as lwgov knows, less what it sent since; nil: unknown.
    private var serverRemaining: Int?
    /// Until when the server said the budget is spent (a 429, or remaining at the reserve).
    private var blockedUntil: ContinuousClock.Instant

    /// - Parameters:
    ///   - perWindow: requests allowed in one `window` (the limit less lwgov's safety margin).
    ///   - reserve: requests of the server's `rateLimit-remaining` never used (for other clients).
    public init(perWindow: Int, window: Duration, halveAfter: Duration, reserve: Int = 0) {
        self.perWindow = max(1, perWindow)
        self.window = window
        self.halveAfter = halveAfter
        self.reserve = max(0, reserve)
        nextSlot = clock.now
        blockedUntil = clock.now
    }

    /// Waits until a request may be sent without going over the budget, and counts it as under way.
    ///
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    public func acquire() async throws -> Ticket {
        while true {
            let now = clock.now
            let start = started ?? now
            started = start
            let halved = now - start >= halveAfter
            let limit = halved ? max(1, perWindow / 2) : perWindow
            let spacing = window / limit
            var wait = max(nextSlot, blockedUntil)
            // The completion window: the oldest completion that keeps the count at the limit.
            let windowStart = now - window
            let recent = completed.drop(while: { $0 <= windowStart })
            if inFlight + recent.count >= limit {
                if let oldest = recent.first, inFlight < limit {
                    wait = max(wait, oldest + window + .milliseconds(1))
                } else {
                    wait = max(wait, now + .milliseconds(5))  // only requests under way: wait for one to finish
                }
            }
            // The server's word: unknown (start, or after a reset) lets one request out at a time.
            if serverRemaining == nil && inFlight > 0 { wait = max(wait, now + .milliseconds(5)) }
            if let remaining = serverRemaining, remaining <= reserve {
                wait = max(wait, now + .milliseconds(5))
            }
            if wait <= now {
                nextSlot = now + spacing
                inFlight += 1
                if let remaining = serverRemaining { serverRemaining = remaining - 1 }
                return Ticket()
            }
            try await Task.sleep(until: wait, clock: clock)
            // Past a reset the server's budget is unknown again.
            if let remaining = serverRemaining, remaining <= reserve, clock.now >= blockedUntil { serverRemaining = nil }
        }
    }

    /// A request is over (answered, or failed): it counts in the window from now, and what the
    /// server's headers say about the budget is taken in.
    public func finish(_ ticket: Ticket, headers: RateLimitHeaders?, tooMany: Bool = false) {
        let now = clock.now
        inFlight = max(0, inFlight - 1)
        completed.append(now)
        if completed.count > perWindow { completed.removeFirst(completed.count - perWindow) }
        guard let headers else { return }
        if let remaining = headers.remaining ?? (tooMany ? 0 : nil) {
            // Requests still under way were sent after the server counted this one, or will be
            // counted after it: they come off what it said was left.
            let left = remaining - inFlight
            serverRemaining = left
            if left <= reserve {
                let reset = Duration.seconds(min(max(headers.reset ?? 1, 0.05), 60))
                blockedUntil = max(blockedUntil, now + reset)
            }
        }
    }

    /// No request of this scope before `duration` from now (a 429 without usable headers).
    public func pause(for duration: Duration) {
        blockedUntil = max(blockedUntil, clock.now + duration)
        nextSlot = max(nextSlot, blockedUntil)
    }
}
