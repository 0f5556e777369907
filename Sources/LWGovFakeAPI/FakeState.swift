/// The fake's memory: tokens, per-operation windows, fault counters, what it saw.
actor FakeState {
    enum Admission {
        case ok
        case unauthorized(as403: Bool)
        case overLimit
        case fault(FaultRule.Fault)
    }

    /// What the `rateLimit-*` headers of an answer say.
    struct Budget {
        var limit: Int
        var remaining: Int
        /// Whole seconds until the oldest request of the window leaves it.
        var reset: Int
    }

    let configuration: FakeAPIConfiguration
    private(set) var stats = FakeAPIStats()
    private var validTokens: Set<String> = []
    private var apiRequests = 0
    private var expired = false
    private var windows: [String: [ContinuousClock.Instant]] = [:]
    private var seen: [String: Int] = [:]
    private var faultsLeft: [Int]
    /// Requests each rule has matched so far (for its `after`).
    private var matched: [Int]
    private let clock = ContinuousClock()
    /// When the background client next sends, per budget.
    private var backgroundNext: [String: ContinuousClock.Instant] = [:]
    private let started: ContinuousClock.Instant

    init(configuration: FakeAPIConfiguration) {
        self.configuration = configuration
        started = clock.now
        faultsLeft = configuration.faults.map(\.count)
        matched = configuration.faults.map { _ in 0 }
    }

    func admit(operation: String, token: String, path: String, hasCursor: Bool) -> (Admission, Budget?) {
        guard validTokens.contains(token) else {
            stats.expiredTokenUses += 1
            return (.unauthorized(as403: configuration.expiryAs403), nil)
        }
        apiRequests += 1
        if let limit = configuration.expireTokensAfter, !expired, apiRequests > limit {
            expired = true
            validTokens.removeAll()
            stats.expiredTokenUses += 1
            return (.unauthorized(as403: configuration.expiryAs403), nil)
        }
        // A sliding window per budget: the operation's, or the tenant's.
        let key = configuration.limitScope == .tenant ? "tenant" : operation
        let now = clock.now
        let limit = configuration.limitPerWindow
        var window = windows[key, default: []]
        spendBackground(&window, key: key, until: now)
        window.removeAll { now - $0 >= configuration.window }
        func budget() -> Budget {
            let reset = window.min().map { configuration.window - (now - $0) } ?? configuration.window
            return Budget(limit: limit, remaining: max(0, limit - window.count), reset: max(1, Int(seconds(reset).rounded(.up))))
        }
        if window.count >= limit {
            stats.overLimit[operation, default: 0] += 1
            windows[key] = window
            return (.overLimit, budget())
        }
        window.append(now)
        windows[key] = window
        stats.peakInWindow[key] = max(stats.peakInWindow[key] ?? 0, window.count)
        stats.requests[operation, default: 0] += 1
        return (fault(operation: operation, path: path, hasCursor: hasCursor), budget())
    }

    /// The background client's requests up to `now`, each counted when the budget had room for it.
    private func spendBackground(_ window: inout [ContinuousClock.Instant], key: String, until now: ContinuousClock.Instant) {
        guard configuration.backgroundPerMinute > 0 else { return }
        let interval = Duration.seconds(60) / configuration.backgroundPerMinute
        var next = backgroundNext[key] ?? started
        while next <= now {
            window.removeAll { next - $0 >= configuration.window }
            if window.count < configuration.limitPerWindow {
                window.append(next)
                stats.backgroundRequests += 1
            }
            next += interval
        }
        backgroundNext[key] = next
    }

    /// An injected fault for this request, if one is due.
    private func fault(operation: String, path: String, hasCursor: Bool) -> Admission {
        let number = seen[operation, default: 0]
        seen[operation] = number + 1
        if configuration.failEvery > 0, (number + 1) % configuration.failEvery == 0 {
            stats.faultsInjected += 1
            return .fault(.status(500, code: "INTERNAL_SERVER_ERROR"))
        }
        for (index, rule) in configuration.faults.enumerated() where rule.operation == operation && faultsLeft[index] > 0 {
            if let part = rule.pathContains, !path.contains(part) { continue }
            // Cursor faults only make sense for a page that was asked for with a cursor.
            switch rule.fault {
            case .repeatCursor, .missingPage: if !hasCursor { continue }
            default: break
            }
            matched[index] += 1
            if matched[index] <= rule.after { continue }
            faultsLeft[index] -= 1
            stats.faultsInjected += 1
            return .fault(rule.fault)
        }
        return .ok
    }

    /// Records a token request; issues a token when `issued` is true.
    @discardableResult
    func tokenRequest(issued: Bool?) -> String? {
        stats.tokenRequests += 1
        guard issued == true else { return nil }
        stats.tokensIssued += 1
        let token = "fake-token-\(stats.tokensIssued)-\(UInt32.random(in: 0...UInt32.max))"
        validTokens.insert(token)
        return token
    }

    func badQuery() { stats.badQueries += 1 }

    func recordBotMessage(botId: String, userId: String, text: String) {
        stats.botMessages.append((botId, userId, text))
    }
}
