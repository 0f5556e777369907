import ArgumentParser
import Foundation
import LWGovFakeAPI

/// `swift run lwgov-fake-api --data SampleData/2026-05 --port 8089`: a loopback LINE WORKS API
/// serving a snapshot directory, so `lwgov extract --api` can be tried without a tenant.
@main
struct FakeAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lwgov-fake-api",
        abstract: "A fake LINE WORKS API 2.0 on 127.0.0.1 serving a snapshot directory (for tests and trying lwgov).",
        discussion: """
        Point lwgov at it with [api] base_url = "http://127.0.0.1:PORT/v1.0" and \
        auth_url = "http://127.0.0.1:PORT/oauth2/v2.0/token", client_id, service_account and a \
        client secret file matching the options below, and any RSA private key (PKCS#8 PEM, mode 600).
        """
    )

    @Option(help: "Snapshot directory with users.json, orgunits.json, groups.json.") var data: String
    @Option(help: "Port on 127.0.0.1 (0: any free port).") var port = 8089
    @Option(help: "Client id the token endpoint accepts.") var clientId = "lwgov-fake-client"
    @Option(help: "Client secret the token endpoint accepts.") var clientSecret = "fake-secret"
    @Option(help: "Service account the assertion must name.") var serviceAccount = "lwgov.serviceaccount@example.jp"
    @Option(help: "Public key (PEM) to verify assertions with; without it any well-formed RS256 assertion is accepted.")
    var publicKey: String?
    @Option(help: "Requests per minute (per API operation, or for the tenant with --tenant-limit) before 429.") var rateLimit = 240
    @Flag(help: "One rate budget for the whole tenant instead of one per API operation.") var tenantLimit = false
    @Option(help: "Another client's requests per minute spent from the same budget(s), evenly.") var backgroundLoad = 0
    @Option(help: "Latency added to every answer, in milliseconds.") var latencyMs = 0
    @Option(help: "Shorten groups' inline member lists in GET /groups to this many entries.") var truncateInline: Int?
    @Option(help: "Tokens expire after this many API requests (once).") var expireTokensAfter: Int?
    @Option(help: "Fault: every Nth request of each API operation answers 500 (0: never; 1: the API is down).") var failEvery = 0

    func run() async throws {
        var configuration = FakeAPIConfiguration()
        configuration.clientId = clientId
        configuration.clientSecret = clientSecret
        configuration.serviceAccount = serviceAccount
        if let publicKey {
            guard let pem = try? String(contentsOfFile: publicKey, encoding: .utf8) else {
                throw ValidationError("--public-key \(publicKey) cannot be read")
            }
            configuration.publicKeyPEM = pem
        }
        configuration.requestsPerMinute = rateLimit
        configuration.limitScope = tenantLimit ? .tenant : .operation
        configuration.backgroundPerMinute = backgroundLoad
        configuration.latency = .milliseconds(latencyMs)
        configuration.truncateInline = truncateInline
        configuration.expireTokensAfter = expireTokensAfter
        configuration.failEvery = failEvery
        let server: FakeLineWorks
        do {
            server = try FakeLineWorks(directory: data, configuration: configuration)
        } catch {
            FileHandle.standardError.write(Data("lwgov-fake-api: \(error)\n".utf8))
            throw ExitCode(65)
        }
        let bound = try await server.start(port: port)
        FileHandle.standardOutput.write(Data("lwgov-fake-api: serving \(data) on http://127.0.0.1:\(bound)/v1.0 (token: http://127.0.0.1:\(bound)/oauth2/v2.0/token)\n".utf8))
        while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
    }
}
