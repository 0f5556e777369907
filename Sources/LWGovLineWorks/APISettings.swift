import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LWGovModel

/// How lwgov talks to the LINE WORKS API 2.0: endpoints, the politeness limits, retries.
public struct APISettings: Sendable {
    public var baseURL: String
    public var authURL: String
    public var domainId: Int
    public var clientId: String
    public var serviceAccount: String
    public var scopes: [String]
    /// The documented limit per API operation, or for the tenant (`rateLimitScope`); lwgov
    /// paces itself under it (see `safetyMargin`) and follows the `rateLimit-*` headers.
    public var requestsPerMinute: Int
    public var rateLimitScope: RateLimitScope
    /// The length of the window the limit is counted over (a minute for LINE WORKS; shorter
    /// against the fake server in tests).
    public var rateWindow: Duration = .seconds(60)
    /// Share of the limit actually used.
    public var safetyMargin = 0.95
    /// After this much continuous calling the documentation asks for half the limit.
    public var halveAfter: Duration = .seconds(30 * 60)
    public var timeout: Duration
    /// How long one request keeps being retried before the extract fails (exit 69).
    public var giveUpAfter: Duration
    public var backoffBase: Duration = .milliseconds(500)
    public var backoffCap: Duration = .seconds(30)
    /// Longest wait honoured from a 429's `rateLimit-reset`.
    public var maxResetWait: Duration = .seconds(60)
    public var perGroupFetch: PerGroupFetch
    public var largeGroupSize: Int
    /// `count` for every list (the API's maximum).
    public var pageSize = 100
    /// Groups read through the per-group endpoints at the same time.
    public var groupConcurrency = 8

    public init(_ api: APIConfiguration) {
        baseURL = api.baseURL.hasSuffix("/") ? String(api.baseURL.dropLast()) : api.baseURL
        authURL = api.authURL
        domainId = api.domainId
        clientId = api.clientId
        serviceAccount = api.serviceAccount
        scopes = api.scopes
        requestsPerMinute = api.requestsPerMinute
        rateLimitScope = api.rateLimitScope
        timeout = .seconds(api.timeoutSeconds)
        giveUpAfter = .seconds(api.giveUpSeconds)
        perGroupFetch = api.perGroupFetch
        largeGroupSize = api.largeGroupSize
    }

    /// Several scopes in one token request: public code joins them with commas (LINEWORKS_API.md).
    package var scopeParameter: String { scopes.joined(separator: ",") }

    /// Requests lwgov allows itself in one `rateWindow` of one budget.
    var requestsPerWindow: Int {
        let seconds = Double(rateWindow.components.seconds) + Double(rateWindow.components.attoseconds) / 1e18
        return max(1, Int((Double(requestsPerMinute) * safetyMargin * seconds / 60).rounded(.down)))
    }

    /// Requests of the server's `rateLimit-remaining` left unused: with a tenant-wide budget,
    /// other apps spend it too between an answer and lwgov's next request.
    var serverReserve: Int {
        rateLimitScope == .tenant ? max(1, requestsPerWindow / 20) : 0
    }
}
