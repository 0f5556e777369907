import Foundation
import Logging
import LWGovFakeAPI
import LWGovLineWorks
import LWGovTestSupport

/// A loopback fake of the LINE WORKS API with an empty directory, for sending bot messages;
/// returns the server and its port.
func startFakeBotAPI(_ configure: (inout FakeAPIConfiguration) -> Void = { _ in }) async throws -> (FakeLineWorks, Int) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-notify-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    for (file, key) in [("users.json", "users"), ("orgunits.json", "orgUnits"), ("groups.json", "groups")] {
        try Data("{\"\(key)\":[]}".utf8).write(to: dir.appendingPathComponent(file))
    }
    var configuration = FakeAPIConfiguration()
    configuration.requestsPerMinute = 60_000
    configuration.window = .seconds(1)
    configure(&configuration)
    let server = try FakeLineWorks(directory: dir.path, configuration: configuration)
    return (server, try await server.start())
}

/// A bot sender for that fake, with short back-offs.
func fakeBotSender(_ server: FakeLineWorks, port: Int, giveUp: Int = 10) -> BotSender {
    var api = APIConfiguration()
    api.baseURL = "http://127.0.0.1:\(port)/v1.0"
    api.authURL = "http://127.0.0.1:\(port)/oauth2/v2.0/token"
    api.clientId = server.configuration.clientId
    api.serviceAccount = server.configuration.serviceAccount
    api.scopes = ["bot"]
    api.requestsPerMinute = 60_000
    api.giveUpSeconds = giveUp
    var settings = APISettings(api)
    settings.backoffBase = .milliseconds(20)
    settings.backoffCap = .milliseconds(100)
    return BotSender(
        botId: "bot-1", settings: settings,
        credentials: APICredentials(clientSecret: server.configuration.clientSecret, privateKeyPEM: TestKeys.privateKeyPEM),
        logger: Logger(label: "t")
    )
}
