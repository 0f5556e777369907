import AsyncHTTPClient
import Foundation
import Logging
import LWGovModel
import NIOCore
import NIOHTTP1

/// The LINE WORKS API 2.0 over HTTP: rate budgets (per operation or for the tenant), token
/// handling, retries.
///
/// Errors name the operation and the page, never the token or a secret.
package final class APIClient: Sendable {
    static let operations = [
        "GET /users", "GET /orgunits", "GET /groups", "GET /groups/{groupId}/members",
        "GET /groups/{groupId}/administrators", "POST /bots/{botId}/users/{userId}/messages",
    ]

    package let settings: APISettings
    private let http: HTTPClient
    private let tokens: TokenProvider
    private let budgets: RateBudgets
    private let logger: Logger
    private let counter = StatsCounter()
    private let clock = ContinuousClock()

    package init(http: HTTPClient, settings: APISettings, credentials: APICredentials, logger: Logger) {
        self.http = http
        self.settings = settings
        self.logger = logger
        tokens = TokenProvider(http: http, settings: settings, credentials: credentials, logger: logger)
        budgets = RateBudgets(operations: Self.operations, settings: settings)
    }

    package func stats() async -> APIStats {
        var stats = counter.snapshot()
        stats.tokensIssued = await tokens.issued
        return stats
    }

    /// A response that came back: status and body.
    package struct Reply: Sendable {
        package var status: Int
        package var body: Data
    }

    /// How a successful body is checked: `.retry` for a body that looks cut short (malformed JSON).
    package enum BodyCheck<T: Sendable>: Sendable {
        case value(T)
        case retry(String)
    }

    /// Sends one request until it succeeds, and checks the body.
    ///
    /// - Parameters:
    ///   - operation: the pacing and statistics key, e.g. `GET /groups/{groupId}/members`.
    ///   - path: the path after the base URL, already encoded.
    ///   - what: how messages name this request (`GET /users page 4`).
    ///   - accept: statuses that are answers, not failures (e.g. 404 for a per-group list).
    /// - Throws: `APIError`: 69 when retries are exhausted or the API answers 400/404, 78 for
    ///   refused credentials or scopes, whatever `check` throws for a bad body.
    package func send<T: Sendable>(
        operation: String, method: HTTPMethod = .GET, path: String, query: [(String, String)] = [], jsonBody: Data? = nil,
        what: String, accept: Set<Int> = [], check: @Sendable (Reply) throws -> BodyCheck<T>
    ) async throws -> T {
        // A POST that timed out may have been carried out: sending it again could deliver a
        // message twice, so only failures that prove nothing happened are retried for it.
        let idempotent = method == .GET
        var url = settings.baseURL + path
        var parameters = query
        if settings.domainId != 0, method == .GET { parameters.append(("domainId", String(settings.domainId))) }
        if !parameters.isEmpty { url += "?" + parameters.map { "\($0.0)=\(queryEncoded($0.1))" }.joined(separator: "&") }
        let budget = budgets.budget(for: operation)
        let deadline = clock.now + settings.giveUpAfter
        var attempt = 0
        var renewed = false
        var malformed = 0
        while true {
            // The token first: a slot taken while a token request is under way would be spent late.
            let token = try await tokens.token()
            let ticket = try await budget.acquire()
            var request = HTTPClientRequest(url: url)
            request.method = method
            request.headers.add(name: "Authorization", value: "Bearer \(token.value)")
            request.headers.add(name: "Accept", value: "application/json")
            if let jsonBody {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: jsonBody))
            }
            let problem: String
            var wait: Duration?
            do {
                let response: HTTPClientResponse
                let body: Data
                do {
                    response = try await http.execute(request, timeout: .nanoseconds(settings.timeout.nanoseconds))
                    body = Data(try await response.body.collect(upTo: 256 << 20).readableBytesView)
                } catch {
                    await budget.finish(ticket, headers: nil)
                    throw error
                }
                let status = Int(response.status.code)
                // Every answer says how much of the budget is left, not only a 429.
                await budget.finish(ticket, headers: RateLimitHeaders(response.headers), tooMany: status == 429)
                let code = TokenProvider.errorCode(body)
                let reply = Reply(status: status, body: body)
                if status == 401 || (status == 403 && code == "UNAUTHORIZED") {
                    // An expired token: renew once; a fresh token refused is not going to get better.
                    guard !renewed else {
                        throw APIError(.configuration, "\(what): the API refused a newly issued access token (HTTP \(status)); check the app's scopes (api.scopes) and the service account")
                    }
                    renewed = true
                    counter.retry("token expired")
                    logger.info("api: access token expired (\(what)); renewing it")
                    _ = try await tokens.renew(after: token)
                    continue
                } else if (200..<300).contains(status) || accept.contains(status) {
                    switch try check(reply) {
                    case .value(let value):
                        counter.count(operation)
                        return value
                    case .retry(let why):
                        // A body cut short may be a transfer problem; a server that keeps sending
                        // broken JSON will not get better, so only a few tries.
                        malformed += 1
                        guard malformed < 3 else {
                            throw APIError(.unavailable, "\(what): the API answered \(why) \(malformed) times; nothing was stored")
                        }
                        problem = why
                    }
                } else if status == 429 {
                    problem = "HTTP 429"
                    wait = Self.resetWait(response.headers, cap: settings.maxResetWait)
                } else if status >= 500 {
                    problem = "HTTP \(status)\(code.map { " \($0)" } ?? "")"
                } else if status == 403 {
                    throw APIError(.configuration, "\(what): the API refused access (HTTP 403\(code.map { " \($0)" } ?? "")); the app needs the scopes \(settings.scopeParameter) (api.scopes) and the service account needs directory access")
                } else {
                    throw APIError(.unavailable, "\(what): the API answered HTTP \(status)\(code.map { " \($0)" } ?? ""); nothing was stored")
                }
            } catch let error as any ClassifiedError {
                // APIError from above, or what `check` threw about a bad body (ExtractError).
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                problem = transportProblem(error)
                if !idempotent, !Self.neverSent(error) {
                    throw APIError(.unavailable, "\(what): \(problem) after the request was sent; it may have been delivered, so it is not sent again")
                }
            }
            attempt += 1
            counter.retry(Self.cause(problem))
            let delay = wait ?? backoff(attempt: attempt, base: settings.backoffBase, cap: settings.backoffCap)
            if wait != nil { await budget.pause(for: delay) }
            guard clock.now + delay < deadline else {
                throw APIError(
                    .unavailable,
                    "\(what): the API stayed unavailable for \(attempt) attempts over \(formatSeconds(clock.now - (deadline - settings.giveUpAfter))) (last: \(problem)); nothing was stored"
                )
            }
            logger.warning("api: \(what): \(problem); retry \(attempt) in \(formatSeconds(delay))")
            try await Task.sleep(for: delay)
        }
    }

    /// `rateLimit-reset` (seconds; header names match case-insensitively), within 1 s…cap.
    static func resetWait(_ headers: HTTPHeaders, cap: Duration) -> Duration? {
        guard let text = headers.first(name: "ratelimit-reset"), let seconds = Double(text.trimmingCharacters(in: .whitespaces)),
              seconds.isFinite
        else { return nil }
        // Clamped as a number first: a huge value must not overflow Duration.
        let capSeconds = Double(cap.components.seconds)
        return .seconds(min(max(seconds, 1), capSeconds))
    }

    /// Errors that prove the request never reached the server.
    static func neverSent(_ error: any Error) -> Bool {
        if let error = error as? HTTPClientError { return error == .connectTimeout }
        return String(describing: type(of: error)).contains("Connect")
    }

    private static func cause(_ problem: String) -> String {
        if problem.hasPrefix("HTTP ") { return String(problem.dropFirst(5).prefix(3)) }
        if problem.hasPrefix("connection problem") { return "connection" }
        return problem
    }
}

/// Counters shared by concurrent requests.
private final class StatsCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var stats = APIStats()

    func count(_ operation: String) { lock.withLock { stats.requests[operation, default: 0] += 1 } }
    func retry(_ cause: String) { lock.withLock { stats.retries[cause, default: 0] += 1 } }
    func snapshot() -> APIStats { lock.withLock { stats } }
}
