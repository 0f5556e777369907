import Foundation
import LWGovTestSupport
import Logging
import LWGovExtract
import LWGovFakeAPI
import LWGovModel
import LWGovStore
import LWGovLineWorks

/// The repository's SampleData month used as the tenant the fake serves.
let sampleMonth: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("SampleData/2026-05").path

let civilTime = CivilTime(identifier: "Asia/Tokyo")!
let takenAt = civilTime.parseTimestamp("2026-05-01T06:00:00+09:00")!

/// Collects every log line, to check that no secret or token is ever logged.
final class LogCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var all: [String] { lock.withLock { lines } }

    func append(_ line: String) { lock.withLock { lines.append(line) } }

    var logger: Logger {
        Logger(label: "test") { _ in CollectingHandler(collector: self) }
    }
}

struct CollectingHandler: LogHandler {
    let collector: LogCollector
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        collector.append("\(event.level) \(event.message)")
    }
}

/// A fake tenant on loopback and an API source configured for it.
struct FakeTenant {
    let server: FakeLineWorks
    let port: Int
    let log = LogCollector()

    /// Generous limits and short backoff by default, so fault tests take seconds.
    static func start(
        directory: String = sampleMonth, configure: (inout FakeAPIConfiguration) -> Void = { _ in }
    ) async throws -> FakeTenant {
        var configuration = FakeAPIConfiguration()
        configuration.publicKeyPEM = TestKeys.publicKeyPEM
        configuration.requestsPerMinute = 60_000
        configuration.window = .seconds(1)
        configure(&configuration)
        let server = try FakeLineWorks(directory: directory, configuration: configuration)
        let port = try await server.start()
        return FakeTenant(server: server, port: port)
    }

    func settings(_ adjust: (inout APIConfiguration) -> Void = { _ in }) -> APISettings {
        var api = APIConfiguration()
        api.baseURL = "http://127.0.0.1:\(port)/v1.0"
        api.authURL = "http://127.0.0.1:\(port)/oauth2/v2.0/token"
        api.clientId = server.configuration.clientId
        api.serviceAccount = server.configuration.serviceAccount
        api.requestsPerMinute = server.configuration.requestsPerMinute
        api.timeoutSeconds = 5
        api.giveUpSeconds = 10
        api.perGroupFetch = .never
        adjust(&api)
        var settings = APISettings(api)
        // The fake counts its limit over a short window so that tests take seconds; lwgov is told.
        settings.rateWindow = server.configuration.window
        settings.backoffBase = .milliseconds(20)
        settings.backoffCap = .milliseconds(200)
        return settings
    }

    var credentials: APICredentials {
        APICredentials(clientSecret: server.configuration.clientSecret, privateKeyPEM: TestKeys.privateKeyPEM)
    }

    func fetcher(_ settings: APISettings? = nil) -> DirectoryFetcher {
        DirectoryFetcher(settings: settings ?? self.settings(), credentials: credentials, logger: log.logger)
    }

    func stop() async { await server.stop() }
}

/// The same month read from its files, as `extract --from` reads it.
func filesSnapshot(_ directory: String = sampleMonth) throws -> DirectorySnapshot {
    try SnapshotReader(civilTime: civilTime).read(directory: directory, takenAt: "2026-05-01T06:00:00+09:00").0
}

func storeOptions() -> StoreOptions {
    StoreOptions(departmentLevel: 2, civilTime: civilTime)
}

/// A scratch directory removed by the caller.
func scratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-api-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The first difference between two snapshots in a few words, or nil when they are equal (a
/// whole-snapshot comparison would print megabytes on failure).
func difference(_ a: DirectorySnapshot, _ b: DirectorySnapshot) -> String? {
    if a.takenAt != b.takenAt { return "takenAt \(a.takenAt) vs \(b.takenAt)" }
    if a.orgUnits.count != b.orgUnits.count { return "\(a.orgUnits.count) vs \(b.orgUnits.count) org units" }
    if a.users.count != b.users.count { return "\(a.users.count) vs \(b.users.count) users" }
    if a.groups.count != b.groups.count { return "\(a.groups.count) vs \(b.groups.count) groups" }
    if let i = a.orgUnits.indices.first(where: { a.orgUnits[$0] != b.orgUnits[$0] }) { return "org unit \(a.orgUnits[i].id)" }
    if let i = a.users.indices.first(where: { a.users[$0] != b.users[$0] }) { return "user \(a.users[i].id)" }
    if let i = a.groups.indices.first(where: { a.groups[$0] != b.groups[$0] }) {
        return "group \(a.groups[i].id): \(a.groups[i].members.count) vs \(b.groups[i].members.count) members, \(a.groups[i].administrators) vs \(b.groups[i].administrators)"
    }
    if a.transferDates != b.transferDates { return "transfer dates" }
    return nil
}
