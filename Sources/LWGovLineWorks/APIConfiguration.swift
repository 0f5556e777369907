import Foundation

/// The `[api]` section (SPEC 6): how lwgov reaches the LINE WORKS API 2.0.
public struct APIConfiguration: Sendable, Equatable {
    public var domainId = 0
    public var clientId = ""
    public var clientSecretFile = ""
    public var serviceAccount = ""
    public var privateKeyFile = ""
    public var baseURL = "https://www.worksapis.com/v1.0"
    public var authURL = "https://auth.worksmobile.com/oauth2/v2.0/token"
    /// Scopes asked for with the token: read-only directory access.
    public var scopes = ["directory.read"]
    /// The documented per-API-operation limit (240; 60 on the free plan). lwgov stays under it,
    /// and at half of it once it has been calling for 30 minutes.
    public var requestsPerMinute = 240
    /// Whose budget `requests_per_minute` is: each API operation's own (the documented
    /// reading), or one budget for all of lwgov's operations together (a tenant whose limit
    /// is shared, with other apps too).
    public var rateLimitScope = RateLimitScope.operation
    /// One request's time limit; a slower answer is retried.
    public var timeoutSeconds = 30
    /// How long one request keeps being retried (429, 5xx, timeouts) before the run fails with 69.
    public var giveUpSeconds = 300
    /// When the per-group members/administrators endpoints are read as well as the group list.
    public var perGroupFetch = PerGroupFetch.large
    /// A group whose inline member or administrator list has this many entries "looks large".
    public var largeGroupSize = 100

    public init() {}
}
