import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LWGovModel

/// An API extract problem. The message names the request (never a token or secret).
public struct APIError: LocalizedError, ClassifiedError, Sendable {
    public let kind: FailureKind
    public let message: String

    public init(_ kind: FailureKind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var errorDescription: String? { message }
}

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
    public var rateLimitScope: Configuration.RateLimitScope
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
    public var perGroupFetch: Configuration.PerGroupFetch
    public var largeGroupSize: Int
    /// `count` for every list (the API's maximum).
    public var pageSize = 100
    /// Groups read through the per-group endpoints at the same time.
    public var groupConcurrency = 8

    public init(_ api: Configuration.API) {
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
    var scopeParameter: String { scopes.joined(separator: ",") }

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

/// The service account's secrets, read from files (SPEC 6). Never printed: `description` is redacted.
public struct APICredentials: Sendable, CustomStringConvertible {
    let clientSecret: String
    let privateKeyPEM: String

    public init(clientSecret: String, privateKeyPEM: String) {
        self.clientSecret = clientSecret
        self.privateKeyPEM = privateKeyPEM
    }

    public var description: String { "APICredentials(redacted)" }

    /// Reads both files. Either one readable by group or others is refused with the chmod that fixes it.
    ///
    /// - Throws: `APIError` (.configuration) naming the key and file.
    public static func load(clientSecretFile: String, privateKeyFile: String) throws(APIError) -> APICredentials {
        let secret = try secretFile(clientSecretFile, key: "api.client_secret_file")
        let key = try secretFile(privateKeyFile, key: "api.private_key_file")
        let trimmedSecret = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmedSecret.isEmpty else { throw APIError(.configuration, "api.client_secret_file \(quoted(clientSecretFile)) is empty") }
        guard key.contains("-----BEGIN PRIVATE KEY-----") || key.contains("-----BEGIN RSA PRIVATE KEY-----") else {
            throw APIError(.configuration, "api.private_key_file \(quoted(privateKeyFile)) holds no PEM private key (expected -----BEGIN PRIVATE KEY-----)")
        }
        return APICredentials(clientSecret: trimmedSecret, privateKeyPEM: key)
    }

    private static func secretFile(_ path: String, key: String) throws(APIError) -> String {
        guard !path.isEmpty else { throw APIError(.configuration, "\(key) is not set: name the file that holds the secret") }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw APIError(.configuration, "\(key) \(quoted(path)) cannot be read (\(String(cString: strerror(errno))))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw APIError(.configuration, "\(key) \(quoted(path)) is not a regular file") }
        let mode = info.st_mode & 0o777
        if mode & 0o077 != 0 {
            throw APIError(
                .configuration,
                "\(key) \(quoted(path, limit: 400)) is readable by group or others (mode \(String(mode, radix: 8))); run: chmod 600 \(quoted(path, limit: 400))"
            )
        }
        guard info.st_size <= 64 << 10 else { throw APIError(.configuration, "\(key) \(quoted(path)) is larger than 64 KiB; is it the right file?") }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw APIError(.configuration, "\(key) \(quoted(path)) cannot be read as UTF-8 text")
        }
        return text
    }
}

/// Percent-encoding for one query value: everything but RFC 3986 unreserved characters, so a
/// cursor's `+`, `/` and `=` arrive as sent.
func queryEncoded(_ value: String) -> String {
    var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
    allowed.insert(charactersIn: "-._~")
    return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
}

/// `application/x-www-form-urlencoded`: every field encoded (secrets may hold `+ / = & %`).
func formEncoded(_ fields: [(String, String)]) -> String {
    fields.map { "\(queryEncoded($0.0))=\(queryEncoded($0.1))" }.joined(separator: "&")
}
