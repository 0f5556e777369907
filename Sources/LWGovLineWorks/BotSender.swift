import AsyncHTTPClient
import Foundation
import Logging
import LWGovModel

/// Sends text messages from the city's bot (`POST /bots/{botId}/users/{userId}/messages`), with
/// the same auth, pacing and retries as the directory extract.
public final class BotSender: Sendable {
    private let client: APIClient
    private let botId: String

    /// - Parameter settings: `[api]` settings whose scopes include `bot`.
    public init(botId: String, settings: APISettings, credentials: APICredentials, logger: Logger, http: HTTPClient = .shared) {
        self.botId = botId
        client = APIClient(http: http, settings: settings, credentials: credentials, logger: logger)
    }

    /// Sends one message; 201 is success.
    ///
    /// - Throws: `APIError` after the retries (69), or at once for a refusal (400, 403, 404).
    public func send(text: String, to userId: String) async throws {
        let body = try JSONSerialization.data(withJSONObject: ["content": ["type": "text", "text": text]])
        let path = "/bots/\(queryEncoded(botId))/users/\(queryEncoded(userId))/messages"
        let _: Bool = try await client.send(
            operation: "POST /bots/{botId}/users/{userId}/messages", method: .POST, path: path, jsonBody: body,
            what: "message to \(quoted(userId))"
        ) { _ in .value(true) }
    }

    public func stats() async -> APIStats { await client.stats() }
}
