import Foundation
import LWGovTestSupport
import Testing

/// `lwgov extract --api` and `lwgov run` with `source.kind = "api"`, end to end: the `lwgov`
/// binary against the `lwgov-fake-api` binary on loopback.
@Suite(.serialized) struct APICLITests {
    static let sampleMonth = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SampleData/2026-05").path

    /// A running `lwgov-fake-api`, stopped by `stop()`.
    final class FakeProcess {
        let process = Process()
        let port: Int

        init(_ arguments: [String], in dir: URL) throws {
            process.executableURL = LWGovBinary.executable.deletingLastPathComponent().appendingPathComponent("lwgov-fake-api")
            process.arguments = ["--port", "0"] + arguments
            let out = dir.appendingPathComponent("fake.out")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: out)
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The first line names the port.
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                let text = String(decoding: (try? Data(contentsOf: out)) ?? Data(), as: UTF8.self)
                if let range = text.range(of: #"127\.0\.0\.1:(\d+)/v1\.0"#, options: .regularExpression) {
                    let match = text[range].dropFirst("127.0.0.1:".count).dropLast("/v1.0".count)
                    port = Int(match) ?? 0
                    return
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
            process.terminate()
            throw CocoaError(.fileReadUnknown)
        }

        func stop() {
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// Secret files (mode 600 unless told) and a configuration for the fake on `port`.
    private func configure(_ lwgov: LWGovBinary, port: Int, keyMode: Int = 0o600, extra: String = "") throws {
        let secret = lwgov.path("client_secret"), key = lwgov.path("private_key.pem")
        try Data("fake-secret\n".utf8).write(to: URL(fileURLWithPath: secret))
        try Data(TestKeys.privateKeyPEM.utf8).write(to: URL(fileURLWithPath: key))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: secret)
        try FileManager.default.setAttributes([.posixPermissions: keyMode], ofItemAtPath: key)
        let toml = """
        [store]
        path = "\(lwgov.path("lwgov.sqlite"))"

        [source]
        kind = "api"

        [api]
        client_id = "lwgov-fake-client"
        client_secret_file = "\(secret)"
        service_account = "lwgov.serviceaccount@example.jp"
        private_key_file = "\(key)"
        base_url = "http://127.0.0.1:\(port)/v1.0"
        auth_url = "http://127.0.0.1:\(port)/oauth2/v2.0/token"
        \(extra)

        [hr]
        # The API source's roster (SPEC 3.5): the month's own, which is CP932.
        roster_file = "\(Self.sampleMonth)/hr.csv"
        encoding = "cp932"

        [notify]
        bot_id = "bot-1"
        working_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        working_hours = "00:00-24:00"

        [output]
        dir = "\(lwgov.path("reports"))"
        """
        try Data(toml.utf8).write(to: URL(fileURLWithPath: lwgov.path("lwgov.toml")))
    }

    @Test func extractAndRunThroughTheAPI() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        let fake = try FakeProcess(["--data", Self.sampleMonth], in: lwgov.workdir)
        defer { fake.stop() }
        try configure(lwgov, port: fake.port)

        let extract = try lwgov.run("extract", "--api", "--config", "lwgov.toml", "--taken-at", "2026-05-01T06:00:00+09:00")
        #expect(extract.status == 0, "\(extract.stderr)")
        #expect(extract.stdout.hasPrefix("stored snapshot #1 taken at 2026-05-01T06:00:00+09:00"))
        #expect(extract.stderr.contains("api: "), "the request count is logged")
        #expect(!extract.stderr.contains("fake-secret"))

        // The files extract of the same month is the same content: stored once.
        let files = try lwgov.run("extract", "--from", Self.sampleMonth, "--config", "lwgov.toml", "--taken-at", "2026-05-01T06:00:00+09:00")
        #expect(files.stdout.hasPrefix("unchanged: identical to stored snapshot #1"), "\(files.stdout)\(files.stderr)")

        // Bot messages: a dry run prints them; a send delivers each once.
        #expect(try lwgov.run("analyze", "--config", "lwgov.toml").status == 0)
        let dry = try lwgov.run("notify", "--dry-run", "--period", "2026-05", "--config", "lwgov.toml")
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("【LINE WORKS トークグループ点検】令和8年5月分"))
        let messages = dry.stdout.components(separatedBy: "\n── to ").count - 1
        #expect(messages > 5)
        let send = try lwgov.run("notify", "--period", "2026-05", "--config", "lwgov.toml")
        #expect(send.status == 0, "\(send.stderr)")
        #expect(send.stdout == "2026-05: sent \(messages), already sent 0, failed 0\n")
        let again = try lwgov.run("notify", "--period", "2026-05", "--config", "lwgov.toml")
        #expect(again.stdout == "2026-05: sent 0, already sent \(messages), failed 0\n")
        #expect(try lwgov.run("notify", "--dry-run", "--period", "2026-05", "--config", "lwgov.toml").stdout.contains("(already sent; would be skipped)"))

        // run --notify: a new snapshot of the same directory a day later has nothing new, so no
        // message; the notify step runs under the run's own lock (no 75). The day is given: at
        // today's date the roster's transfers would be old enough to be new findings.
        let run = try lwgov.run("run", "--notify", "--config", "lwgov.toml", "--taken-at", "2026-05-02T06:00:00+09:00")
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.first?.hasSuffix("index.html") == true)
        #expect(FileManager.default.fileExists(atPath: String(lines.first ?? "")))
        #expect(lines.last?.hasSuffix(": sent 0, already sent 0, failed 0") == true, "\(run.stdout)")
    }

    @Test func anUnsafeKeyIsRefusedBeforeAnythingIsFetched() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        try configure(lwgov, port: 9, keyMode: 0o644)
        let result = try lwgov.run("extract", "--api", "--config", "lwgov.toml")
        #expect(result.status == 78)
        #expect(result.stderr == "lwgov: api.private_key_file \(lwgov.path("private_key.pem")) is readable by group or others (mode 644); run: chmod 600 \(lwgov.path("private_key.pem"))\n")
    }

    @Test func anUnavailableAPIIsExit69AndStoresNothing() throws {
        let lwgov = try LWGovBinary()
        defer { lwgov.cleanUp() }
        let fake = try FakeProcess(["--data", Self.sampleMonth, "--fail-every", "1"], in: lwgov.workdir)
        defer { fake.stop() }
        try configure(lwgov, port: fake.port, extra: "give_up_seconds = 2")
        let result = try lwgov.run("run", "--config", "lwgov.toml")
        #expect(result.status == 69, "\(result.stderr)")
        #expect(result.stderr.contains("stayed unavailable"))
        #expect(result.stderr.contains("nothing was stored"))
        let status = try lwgov.run("status", "--config", "lwgov.toml")
        #expect(status.stdout.contains("snapshots: 0"), "\(status.stdout)")
    }
}
