import Foundation
import Hummingbird
import JWTKit
import Logging
import NIOCore

/// What the fake saw: counts per operation, limit violations, tokens, bot messages.
public struct FakeAPIStats: Sendable {
    public var requests: [String: Int] = [:]
    /// Requests the fake refused because the client went over the limit (should stay empty).
    public var overLimit: [String: Int] = [:]
    /// The most requests seen in one window of a budget (an operation, or `tenant`), the
    /// background client's included.
    public var peakInWindow: [String: Int] = [:]
    /// Requests of the background client that were counted.
    public var backgroundRequests = 0
    public var faultsInjected = 0
    public var tokensIssued = 0
    public var tokenRequests = 0
    public var expiredTokenUses = 0
    /// Bot messages accepted: bot id, user id, text.
    public var botMessages: [(botId: String, userId: String, text: String)] = []
    /// Query strings that could not be read (e.g. a cursor sent without URL-encoding).
    public var badQueries = 0
}
