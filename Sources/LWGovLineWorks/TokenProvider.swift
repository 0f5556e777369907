import AsyncHTTPClient
import Foundation
import JWTKit
import Logging
import LWGovModel
import NIOCore
import NIOHTTP1

/// Service-account authentication: a signed JWT exchanged for an access token, reused until it
/// nears expiry, renewed once when the API says it has expired.
package actor TokenProvider {
    private let http: HTTPClient
    private let settings: APISettings
    private let credentials: APICredentials
    private let logger: Logger
    private let clock = ContinuousClock()
    private var keys: JWTKeyCollection?
    private var current: AccessToken?
    private var pending: Task<AccessToken, any Error>?
    private var generation = 0
    /// Tokens obtained so far (for the log line and tests).
    private(set) var issued = 0

    /// Renew this long before the announced expiry (at most half the token's life).
    private let margin: Duration = .seconds(300)

    init(http: HTTPClient, settings: APISettings, credentials: APICredentials, logger: Logger) {
        self.http = http
        self.settings = settings
        self.credentials = credentials
        self.logger = logger
    }

    /// A valid token: the current one, or a new one when there is none or it nears expiry.
    func token() async throws -> AccessToken {
        if let current, clock.now < current.expires - min(margin, current.lifetime / 2) { return current }
        return try await obtain()
    }

    /// A token newer than `rejected`: another request may already have renewed it.
    func renew(after rejected: AccessToken) async throws -> AccessToken {
        if let current, current.generation > rejected.generation { return current }
        current = nil
        return try await obtain()
    }

    /// One token request at a time; concurrent callers share its result.
    private func obtain() async throws -> AccessToken {
        if let pending { return try await pending.value }
        let task = Task { try await self.request() }
        pending = task
        defer { pending = nil }
        let token = try await task.value
        current = token
        return token
    }

    private func request() async throws -> AccessToken {
        let assertion = try await signedAssertion()
        let form = formEncoded([
            ("assertion", assertion),
            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            ("client_id", settings.clientId),
            ("client_secret", credentials.clientSecret),
            ("scope", settings.scopeParameter),
        ])
        let deadline = clock.now + settings.giveUpAfter
        var attempt = 0
        while true {
            var request = HTTPClientRequest(url: settings.authURL)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form))
            var problem: String
            do {
                let response = try await http.execute(request, timeout: .nanoseconds(settings.timeout.nanoseconds))
                let body = try await response.body.collect(upTo: 1 << 20)
                let status = Int(response.status.code)
                if status == 200 { return try parse(Data(body.readableBytesView)) }
                let reason = Self.errorCode(Data(body.readableBytesView))
                if status >= 500 || status == 429 {
                    problem = "HTTP \(status)\(reason.map { " \($0)" } ?? "")"
                } else {
                    throw APIError(
                        .configuration,
                        "the token endpoint \(settings.authURL) refused the service account (HTTP \(status)\(reason.map { ", \($0)" } ?? "")): check api.client_id, api.service_account, api.client_secret_file, api.private_key_file and api.scopes"
                    )
                }
            } catch let error as APIError {
                throw error
            } catch {
                problem = transportProblem(error)
            }
            attempt += 1
            let delay = backoff(attempt: attempt, base: settings.backoffBase, cap: settings.backoffCap)
            guard clock.now + delay < deadline else {
                throw APIError(.unavailable, "the token endpoint \(settings.authURL) stayed unavailable for \(attempt) attempts (last: \(problem))")
            }
            logger.warning("api: token request failed (\(problem)); retrying in \(formatSeconds(delay))")
            try await Task.sleep(for: delay)
        }
    }

    private func parse(_ body: Data) throws -> AccessToken {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let value = object["access_token"] as? String, !value.isEmpty
        else { throw APIError(.unavailable, "the token endpoint \(settings.authURL) answered without an access_token") }
        // expires_in is seen as a string ("86400") as well as a number.
        let seconds: Int? = switch object["expires_in"] {
        case let text as String: Int(text)
        case let number as NSNumber: number.intValue
        default: nil
        }
        generation += 1
        issued += 1
        logger.debug("api: access token #\(generation) obtained (expires in \(seconds.map(String.init) ?? "?") s)")
        let lifetime = Duration.seconds(max(seconds ?? 3600, 60))
        return AccessToken(value: value, generation: generation, expires: clock.now + lifetime, lifetime: lifetime)
    }

    private func signedAssertion() async throws -> String {
        let keys: JWTKeyCollection
        if let existing = self.keys {
            keys = existing
        } else {
            let key: Insecure.RSA.PrivateKey
            do {
                key = try Insecure.RSA.PrivateKey(pem: credentials.privateKeyPEM)
            } catch {
                throw APIError(.configuration, "api.private_key_file does not hold a usable RSA private key (PKCS#8 PEM, as downloaded from the Developer Console)")
            }
            keys = await JWTKeyCollection().add(rsa: key, digestAlgorithm: .sha256)
            self.keys = keys
        }
        let now = Int(Date().timeIntervalSince1970)
        let claims = ServiceAccountClaims(iss: settings.clientId, sub: settings.serviceAccount, iat: now, exp: now + 3600)
        return try await keys.sign(claims)
    }

    /// The `error` or `code` field of an error body, checked to be a short plain word.
    package static func errorCode(_ body: Data) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else { return nil }
        for key in ["code", "error"] {
            if let value = object[key] as? String, value.count <= 64,
               value.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "_" || $0 == "-" || ("0"..."9").contains($0) }) {
                return value
            }
        }
        return nil
    }
}
