import Foundation
import Hummingbird
import JWTKit
import Logging
import NIOCore

/// How the fake behaves: who may log in, the limits, latency and faults.
public struct FakeAPIConfiguration: Sendable {
    public var clientId = "lwgov-fake-client"
    public var clientSecret = "fake+secret/with=odd&chars%"
    public var serviceAccount = "lwgov.serviceaccount@example.jp"
    /// When set, every assertion's RS256 signature is verified with it.
    public var publicKeyPEM: String?
    /// The limit, counted over a sliding `window` (limit × window / 60 requests) per operation or
    /// for the whole tenant (`limitScope`).
    public var requestsPerMinute = 240
    public var window: Duration = .seconds(60)
    /// Whose budget the limit is: each operation's, or one for the whole tenant (LINEWORKS_API.md).
    public var limitScope = LimitScope.operation
    /// Another client (an HR sync, a bot) spending this many requests a minute of every budget,
    /// evenly, from the moment the server starts; its requests that find the budget spent are dropped.
    public var backgroundPerMinute = 0
    /// Added to every answer.
    public var latency: Duration = .zero
    /// `expires_in` as the real endpoint sends it (a string).
    public var expiresIn = "86400"
    /// Shorten groups' inline member/administrator arrays in the group list to this many.
    public var truncateInline: Int?
    /// Every token issued so far stops working after this many API requests (once).
    public var expireTokensAfter: Int?
    /// Answer expired tokens with 403 `{"code":"UNAUTHORIZED"}` instead of 401.
    public var expiryAs403 = false
    /// The token endpoint refuses every request (wrong client secret, say).
    public var refuseCredentials = false
    public var faults: [FaultRule] = []
    /// Every Nth request of each operation answers 500 (0: never); N = 1 is an API that is down.
    public var failEvery = 0

    public init() {}

    var limitPerWindow: Int { max(1, Int((Double(requestsPerMinute) * seconds(window) / 60).rounded(.down))) }

    public enum LimitScope: String, Sendable {
        case operation, tenant
    }
}
