import Foundation
import NIOHTTP1

/// What an answer's `rateLimit-*` headers said (LINEWORKS_API.md; names match case-insensitively).
public struct RateLimitHeaders: Sendable, Equatable {
    /// `rateLimit-limit`: the budget of the window.
    public var limit: Int?
    /// `rateLimit-remaining`: requests left in it after this one.
    public var remaining: Int?
    /// `rateLimit-reset`: seconds until the budget resets.
    public var reset: Double?

    public init(limit: Int? = nil, remaining: Int? = nil, reset: Double? = nil) {
        self.limit = limit
        self.remaining = remaining
        self.reset = reset
    }

    /// The headers of an answer; nil fields for headers that are absent or not numbers.
    init(_ headers: HTTPHeaders) {
        func number(_ name: String) -> Double? {
            guard let text = headers.first(name: name), let value = Double(text.trimmingCharacters(in: .whitespaces)),
                  value.isFinite, value >= 0
            else { return nil }
            return value
        }
        limit = number("ratelimit-limit").map { Int(min($0, 1e9)) }
        remaining = number("ratelimit-remaining").map { Int(min($0, 1e9)) }
        reset = number("ratelimit-reset")
    }
}
