import Foundation
import Hummingbird
import JWTKit
import Logging
import NIOCore

/// The loopback fake of the LINE WORKS API 2.0 (LINEWORKS_API.md): auth, the directory lists
/// with cursor paging, per-group endpoints, bot messages; rate limits and faults on demand.
public final class FakeLineWorks: Sendable {
    public let configuration: FakeAPIConfiguration
    private let directory: FakeDirectory
    private let state: FakeState
    private let task = TaskBox()

    /// - Throws: when the snapshot directory cannot be read.
    public init(directory path: String, configuration: FakeAPIConfiguration = FakeAPIConfiguration()) throws {
        self.configuration = configuration
        directory = try FakeDirectory.load(directory: path, truncateInline: configuration.truncateInline)
        state = FakeState(configuration: configuration)
    }

    /// Starts listening on 127.0.0.1 (port 0: any free port) and returns the port.
    public func start(port: Int = 0, logger: Logger = Logger(label: "lwgov-fake-api")) async throws -> Int {
        let responder = CallbackResponder<BasicRequestContext> { [self] request, _ in
            try await self.respond(request)
        }
        var quiet = logger
        quiet.logLevel = .critical
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: quiet
        )
        let running = Task {
            // If the server cannot start (port in use), the wait below ends instead of hanging.
            defer { continuation.finish() }
            try await app.run()
        }
        task.set(running)
        for await bound in stream where bound > 0 { return bound }
        running.cancel()
        throw FakeDirectory.LoadError(description: "the fake server did not start on 127.0.0.1:\(port)")
    }

    /// Stops the server.
    public func stop() async {
        if let running = task.take() {
            running.cancel()
            _ = await running.result
        }
    }

    public func stats() async -> FakeAPIStats { await state.stats }

    // MARK: Routing

    private func respond(_ request: Request) async throws -> Response {
        if configuration.latency > .zero { try await Task.sleep(for: configuration.latency) }
        let path = request.uri.path
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map {
            String($0).removingPercentEncoding ?? String($0)
        }
        if request.method == .post, path.hasSuffix("/oauth2/v2.0/token") {
            let body = request.body
            let buffer = try await body.collect(upTo: 1 << 20)
            return await token(form: String(buffer: buffer))
        }
        guard let version = segments.firstIndex(of: "v1.0") else { return error(404, "NOT_FOUND", "no such endpoint") }
        let route = Array(segments[(version + 1)...])
        let operation: String
        switch (request.method, route.count, route.first) {
        case (.get, 1, "users"): operation = "GET /users"
        case (.get, 1, "orgunits"): operation = "GET /orgunits"
        case (.get, 1, "groups"): operation = "GET /groups"
        case (.get, 3, "groups") where route[2] == "members": operation = "GET /groups/{groupId}/members"
        case (.get, 3, "groups") where route[2] == "administrators": operation = "GET /groups/{groupId}/administrators"
        case (.post, 5, "bots") where route[2] == "users" && route[4] == "messages":
            operation = "POST /bots/{botId}/users/{userId}/messages"
        default: return error(404, "NOT_FOUND", "no such endpoint")
        }

        // Authentication, then the limit, then injected faults, then the answer.
        let authorization = request.headers[.authorization] ?? ""
        let bearer = authorization.hasPrefix("Bearer ") ? String(authorization.dropFirst(7)) : ""
        let hasCursor = Self.query(request.uri.query)?["cursor"] != nil
        let (admission, budget) = await state.admit(operation: operation, token: bearer, path: path, hasCursor: hasCursor)
        var response = try await respond(request, admission: admission, operation: operation, route: route)
        // Every answer carries the budget, as LINE WORKS sends it (not only a 429).
        // An injected 429 keeps the headers its fault asked for.
        if let budget, response.headers[.init("rateLimit-remaining")!] == nil {
            response.headers[.init("rateLimit-limit")!] = String(budget.limit)
            response.headers[.init("rateLimit-remaining")!] = String(budget.remaining)
            response.headers[.init("rateLimit-reset")!] = String(budget.reset)
        }
        return response
    }

    private func respond(
        _ request: Request, admission: FakeState.Admission, operation: String, route: [String]
    ) async throws -> Response {
        switch admission {
        case .unauthorized(let as403):
            return as403
                ? error(403, "UNAUTHORIZED", "Authentication failed") : error(401, "UNAUTHORIZED", "Authentication failed")
        case .overLimit:
            return error(429, "TOO_MANY_REQUESTS", "too many requests")
        case .fault(let fault):
            switch fault {
            case .status(let status, let code): return error(status, code, "injected")
            case .tooManyRequests(let reset): return tooMany(reset: reset)
            case .missingPage: return error(404, "NOT_FOUND", "no such page")
            case .slow(let delay):
                try await Task.sleep(for: delay)
                return try await answer(request, operation: operation, route: route, fault: nil)
            case .malformedJSON, .repeatCursor:
                return try await answer(request, operation: operation, route: route, fault: fault)
            }
        case .ok:
            return try await answer(request, operation: operation, route: route, fault: nil)
        }
    }

    private func answer(_ request: Request, operation: String, route: [String], fault: FaultRule.Fault?) async throws -> Response {
        if operation.hasPrefix("POST /bots") {
            let body = request.body
            let buffer = try await body.collect(upTo: 1 << 20)
            return await botMessage(botId: route[1], userId: route[3], body: Data(buffer: buffer))
        }
        guard let query = Self.query(request.uri.query) else {
            await state.badQuery()
            return error(400, "INVALID_PARAMETER", "query cannot be read")
        }
        let count = query["count"].map { Int($0) } ?? 100
        guard let count, (1...100).contains(count) else { return error(400, "INVALID_PARAMETER", "count must be 1 to 100") }
        let (key, items): (String, [Data]?) = switch operation {
        case "GET /users": ("users", directory.lists["users"])
        case "GET /orgunits": ("orgUnits", directory.lists["orgUnits"])
        case "GET /groups": ("groups", directory.lists["groups"])
        case "GET /groups/{groupId}/members": ("members", directory.members[route[1]])
        default: ("administrators", directory.administrators[route[1]])
        }
        guard let items else { return error(404, "NOT_FOUND", "no such group") }
        var offset = 0
        if let cursor = query["cursor"] {
            guard let decoded = Cursor.decode(cursor, list: key + route.dropFirst().prefix(1).joined()), decoded <= items.count else {
                await state.badQuery()
                return error(400, "INVALID_PARAMETER", "cursor is not valid")
            }
            offset = decoded
        }
        let end = min(items.count, offset + count)
        var next: String? = end < items.count ? Cursor.encode(end, list: key + route.dropFirst().prefix(1).joined()) : nil
        if case .repeatCursor = fault, let asked = query["cursor"] { next = asked }
        var body = Data("{\"\(key)\":[".utf8)
        body += Data(items[offset..<end].joined(separator: Data(",".utf8)))
        body += Data("],\"responseMetaData\":{\"nextCursor\":".utf8)
        body += Data((next.map { "\"\($0)\"" } ?? "null").utf8) + Data("}}".utf8)
        if case .malformedJSON = fault { body = body.prefix(body.count / 2) }
        return json(200, body)
    }

    private func botMessage(botId: String, userId: String, body: Data) async -> Response {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let content = object["content"] as? [String: Any], content["type"] as? String == "text",
              let text = content["text"] as? String
        else { return error(400, "INVALID_PARAMETER", "content.type text with content.text is required") }
        guard text.count <= 2000 else { return error(400, "INVALID_PARAMETER", "text is longer than 2000 characters") }
        await state.recordBotMessage(botId: botId, userId: userId, text: text)
        return Response(status: .created)
    }

    // MARK: Auth

    private func token(form: String) async -> Response {
        let fields = Self.query(form) ?? [:]
        let refusal: String? = {
            if configuration.refuseCredentials { return "invalid_client" }
            guard fields["grant_type"] == "urn:ietf:params:oauth:grant-type:jwt-bearer" else { return "unsupported_grant_type" }
            guard fields["client_id"] == configuration.clientId, fields["client_secret"] == configuration.clientSecret else {
                return "invalid_client"
            }
            guard let scope = fields["scope"], !scope.isEmpty else { return "invalid_scope" }
            return nil
        }()
        if let refusal {
            await state.tokenRequest(issued: nil)
            return json(401, Data("{\"error\":\"\(refusal)\",\"error_description\":\"refused by the fake\"}".utf8))
        }
        guard let assertion = fields["assertion"], await validAssertion(assertion) else {
            await state.tokenRequest(issued: nil)
            return json(400, Data("{\"error\":\"invalid_grant\",\"error_description\":\"the assertion is not a valid JWT\"}".utf8))
        }
        let token = await state.tokenRequest(issued: true) ?? ""
        let body = "{\"access_token\":\"\(token)\",\"refresh_token\":\"r-\(token)\",\"token_type\":\"Bearer\",\"expires_in\":\"\(configuration.expiresIn)\",\"scope\":\"\(fields["scope"] ?? "")\"}"
        return json(200, Data(body.utf8))
    }

    /// RS256, `iss`/`sub` as configured, `iat`/`exp` whole seconds, signature when a key is set.
    private func validAssertion(_ assertion: String) async -> Bool {
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let header = Self.base64URL(parts[0]), let payload = Self.base64URL(parts[1]),
              let head = try? JSONDecoder().decode(AssertionHeader.self, from: header), head.alg == "RS256", head.typ == "JWT",
              let claims = try? JSONDecoder().decode(AssertionClaims.self, from: payload),
              claims.iss == configuration.clientId, claims.sub == configuration.serviceAccount, claims.iat >= 0, claims.exp >= 0
        else { return false }
        guard let pem = configuration.publicKeyPEM else { return true }
        guard let key = try? Insecure.RSA.PublicKey(pem: pem) else { return false }
        let keys = await JWTKeyCollection().add(rsa: key, digestAlgorithm: .sha256)
        return (try? await keys.verify(assertion, as: AnyClaims.self)) != nil
    }

    // MARK: Helpers

    private func error(_ status: Int, _ code: String, _ description: String) -> Response {
        json(status, Data("{\"code\":\"\(code)\",\"description\":\"\(description)\"}".utf8))
    }

    private func tooMany(reset: Int?) -> Response {
        var response = error(429, "TOO_MANY_REQUESTS", "too many requests")
        response.headers[.init("rateLimit-limit")!] = String(configuration.requestsPerMinute)
        response.headers[.init("rateLimit-remaining")!] = "0"
        if let reset { response.headers[.init("rateLimit-reset")!] = String(reset) }
        return response
    }

    private func json(_ status: Int, _ body: Data) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/json; charset=UTF-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: body))
        )
    }

    /// Form/query decoding: `+` is a space, `%XX` a byte; nil when a `%` escape is broken.
    static func query(_ text: String?) -> [String: String]? {
        var result: [String: String] = [:]
        for pair in (text ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding,
                  let value = String(parts.count > 1 ? parts[1] : "").replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            else { return nil }
            result[key] = value
        }
        return result
    }

    static func base64URL(_ part: Substring) -> Data? {
        var text = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while text.count % 4 != 0 { text += "=" }
        return Data(base64Encoded: text)
    }
}

/// The assertion's header as the fake checks it.
private struct AssertionHeader: Decodable {
    var alg: String
    var typ: String
}

/// The assertion's claims as the fake checks them: `iat` and `exp` must be whole seconds.
private struct AssertionClaims: Decodable {
    var iss: String
    var sub: String
    var iat: Int
    var exp: Int
}

/// Any claims: the signature is what is checked.
private struct AnyClaims: JWTPayload {
    var iss: String
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}

/// The server task, set once after start.
private final class TaskBox: @unchecked Sendable {
    private let lock = NSLock()
    private var task: Task<Void, any Error>?

    func set(_ task: Task<Void, any Error>) { lock.withLock { self.task = task } }
    func take() -> Task<Void, any Error>? { lock.withLock { defer { task = nil }; return task } }
}
