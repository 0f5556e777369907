import Foundation
import LWGovTestSupport
import Testing
@testable import LWGovExtract
import LWGovFakeAPI
import LWGovModel
import LWGovStore
@testable import LWGovLineWorks

/// `extract --api` against the fake LINE WORKS API on loopback.
@Suite(.serialized)
struct APIExtractTests {
    /// The files snapshot without transfer dates (the API has none; they come from a CSV).
    private func expected() throws -> DirectorySnapshot {
        var snapshot = try filesSnapshot()
        snapshot.transferDates = []
        return snapshot
    }

    @Test("A clean API extract stores the same rows as extract --from of the same directory")
    func cleanExtractEqualsFiles() async throws {
        let tenant = try await FakeTenant.start()
        defer { Task { await tenant.stop() } }
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }

        let fromFiles = try Store.open(path: dir.appendingPathComponent("files.sqlite").path)
        _ = try Extractor(store: fromFiles, options: storeOptions(), logger: tenant.log.logger)
            .extract(directory: sampleMonth, takenAt: "2026-05-01T06:00:00+09:00")
        let fromAPI = try Store.open(path: dir.appendingPathComponent("api.sqlite").path)
        let transfers = URL(fileURLWithPath: sampleMonth).appendingPathComponent("transfers.csv").path
        let report = try await Extractor(store: fromAPI, options: storeOptions(), logger: tenant.log.logger)
            .extract(api: tenant.fetcher(), takenAt: "2026-05-01T06:00:00+09:00",
                     transfersFile: FileManager.default.fileExists(atPath: transfers) ? transfers : nil)

        guard case .stored(let id, _, _) = report.outcome else { Issue.record("not stored: \(report.outcome)"); return }
        let apiRows = try fromAPI.loadSnapshot(id: id)
        let fileRows = try fromFiles.loadSnapshot(id: try #require(fromFiles.snapshots().last?.id))
        #expect(difference(apiRows, fileRows) == nil)
        #expect(apiRows.users.count > 700 && apiRows.groups.count > 200)

        // Paging really happened (count=100), with cursors carrying + / = that arrived intact.
        let stats = await tenant.server.stats()
        let asked = try #require(report.api)
        #expect(asked.requests["GET /users"] == (apiRows.users.count + 99) / 100)
        #expect(asked.requests["GET /groups"] == (apiRows.groups.count + 99) / 100)
        #expect(asked.requests["GET /orgunits"] == (apiRows.orgUnits.count + 99) / 100)
        #expect(stats.badQueries == 0)
        // The client's own count: under a loaded machine a token answer may arrive after the
        // client gave up on it, and the fake would count that one too.
        #expect(asked.tokensIssued == 1)
        #expect(stats.overLimit.isEmpty)
    }

    @Test("Groups whose inline lists were cut short are completed through the per-group endpoints")
    func perGroupEndpointsCompleteTruncatedLists() async throws {
        let tenant = try await FakeTenant.start { $0.truncateInline = 5 }
        defer { Task { await tenant.stop() } }
        let expected = try expected()
        let large = expected.groups.filter { $0.members.count > 5 || $0.administrators.count > 5 }.count
        #expect(large > 0)

        // never: the shortened lists are taken as they are (this is why the option exists).
        let never = try await tenant.fetcher().fetch(takenAt: takenAt)
        #expect(difference(never.snapshot, expected) != nil)

        // large: every group at the threshold is read again, and the result is whole.
        let fixed = try await tenant.fetcher(tenant.settings { $0.perGroupFetch = .large; $0.largeGroupSize = 5 })
            .fetch(takenAt: takenAt)
        #expect(difference(fixed.snapshot, expected) == nil)
        #expect(fixed.stats.requests["GET /groups/{groupId}/members"] ?? 0 >= large)
        #expect(fixed.stats.requests["GET /groups/{groupId}/administrators"] ?? 0 >= large)

        // always: the same result from every group's own endpoints.
        let always = try await tenant.fetcher(tenant.settings { $0.perGroupFetch = .always }).fetch(takenAt: takenAt)
        #expect(difference(always.snapshot, expected) == nil)
        #expect(always.stats.requests["GET /groups/{groupId}/members"] == expected.groups.count)
    }

    // MARK: Faults that recover

    struct Recoverable: CustomTestStringConvertible, Sendable {
        let name: String
        let configure: @Sendable (inout FakeAPIConfiguration) -> Void
        let retryCause: String
        var testDescription: String { name }
    }

    static let recoverable: [Recoverable] = [
        .init(name: "a burst of 429 with rateLimit-reset", configure: {
            $0.faults = [FaultRule("GET /users", after: 2, count: 3, .tooManyRequests(reset: 1))]
        }, retryCause: "429"),
        .init(name: "429 without rateLimit-reset", configure: {
            $0.faults = [FaultRule("GET /groups", after: 1, count: 2, .tooManyRequests(reset: nil))]
        }, retryCause: "429"),
        .init(name: "500s on two lists", configure: {
            $0.faults = [
                FaultRule("GET /users", after: 3, count: 3, .status(500, code: "INTERNAL_SERVER_ERROR")),
                FaultRule("GET /orgunits", count: 1, .status(500, code: "INTERNAL_SERVER_ERROR")),
            ]
        }, retryCause: "500"),
        .init(name: "503 service unavailable", configure: {
            $0.faults = [FaultRule("GET /groups", after: 2, count: 2, .status(503, code: "SERVICE_UNAVAILABLE"))]
        }, retryCause: "503"),
        .init(name: "a response slower than the timeout", configure: {
            $0.faults = [FaultRule("GET /users", after: 1, count: 1, .slow(.seconds(8)))]
        }, retryCause: "timed out"),
        .init(name: "a body cut in the middle (malformed JSON)", configure: {
            $0.faults = [FaultRule("GET /users", after: 4, count: 1, .malformedJSON)]
        }, retryCause: "malformed JSON"),
        .init(name: "token expiry mid-run (401)", configure: { $0.expireTokensAfter = 6 }, retryCause: "token expired"),
        .init(name: "token expiry mid-run (403 UNAUTHORIZED)", configure: {
            $0.expireTokensAfter = 6
            $0.expiryAs403 = true
        }, retryCause: "token expired"),
    ]

    @Test("A fault that goes away is retried and the result is the same", arguments: recoverable)
    func faultRecovers(_ fault: Recoverable) async throws {
        let tenant = try await FakeTenant.start(configure: fault.configure)
        defer { Task { await tenant.stop() } }
        let fetched = try await tenant.fetcher().fetch(takenAt: takenAt)
        #expect(difference(fetched.snapshot, try expected()) == nil)
        let served = await tenant.server.stats()
        #expect(served.faultsInjected > 0 || served.expiredTokenUses > 0)
        #expect(fetched.stats.retries.keys.contains { $0.hasPrefix(fault.retryCause) }, "retries: \(fetched.stats.retries)")
        #expect(served.overLimit.isEmpty)
        // Nothing secret in the log, whatever went wrong.
        let log = tenant.log.all.joined(separator: "\n")
        #expect(!log.contains(tenant.server.configuration.clientSecret))
        #expect(!log.contains("fake-token-"))
        #expect(!log.contains("BEGIN PRIVATE KEY"))
    }

    @Test("An expired token is renewed once; a run needs exactly two tokens")
    func tokenRenewedOnce() async throws {
        let tenant = try await FakeTenant.start { $0.expireTokensAfter = 4 }
        defer { Task { await tenant.stop() } }
        let fetched = try await tenant.fetcher().fetch(takenAt: takenAt)
        #expect(difference(fetched.snapshot, try expected()) == nil)
        let served = await tenant.server.stats()
        #expect(served.tokensIssued >= 2)
        #expect(served.expiredTokenUses >= 1)
        #expect(fetched.stats.tokensIssued == 2)
    }

    // MARK: Faults that fail, storing nothing

    struct Fatal: CustomTestStringConvertible, Sendable {
        let name: String
        let configure: @Sendable (inout FakeAPIConfiguration) -> Void
        let kind: FailureKind
        let message: String
        var testDescription: String { name }
    }

    static let fatal: [Fatal] = [
        .init(name: "a repeated cursor", configure: {
            $0.faults = [FaultRule("GET /users", after: 2, count: 1, .repeatCursor)]
        }, kind: .unavailable, message: "cursor it had already given"),
        .init(name: "a missing page", configure: {
            $0.faults = [FaultRule("GET /groups", count: 1, .missingPage)]
        }, kind: .unavailable, message: "GET /groups page 2: the API answered HTTP 404 NOT_FOUND"),
        .init(name: "500 that never stops", configure: {
            $0.faults = [FaultRule("GET /orgunits", count: 1000, .status(500, code: "INTERNAL_SERVER_ERROR"))]
        }, kind: .unavailable, message: "stayed unavailable"),
        .init(name: "malformed JSON every time", configure: {
            $0.faults = [FaultRule("GET /users", after: 1, count: 1000, .malformedJSON)]
        }, kind: .unavailable, message: "malformed JSON"),
        .init(name: "refused credentials", configure: { $0.refuseCredentials = true },
              kind: .configuration, message: "invalid_client"),
        .init(name: "a missing scope (403 FORBIDDEN)", configure: {
            $0.faults = [FaultRule("GET /users", count: 1, .status(403, code: "FORBIDDEN"))]
        }, kind: .configuration, message: "api.scopes"),
        .init(name: "a fresh token refused too", configure: {
            $0.expireTokensAfter = 2
            $0.faults = [FaultRule("GET /users", after: 0, count: 1000, .status(401, code: "UNAUTHORIZED"))]
        }, kind: .configuration, message: "refused a newly issued access token"),
    ]

    @Test("A fault that does not go away fails with the right exit code and stores nothing", arguments: fatal)
    func faultFails(_ fault: Fatal) async throws {
        let tenant = try await FakeTenant.start(configure: fault.configure)
        defer { Task { await tenant.stop() } }
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Store.open(path: dir.appendingPathComponent("lwgov.sqlite").path)
        let settings = tenant.settings { $0.giveUpSeconds = 2 }
        do {
            _ = try await Extractor(store: store, options: storeOptions(), logger: tenant.log.logger)
                .extract(api: tenant.fetcher(settings), takenAt: "2026-05-01T06:00:00+09:00")
            Issue.record("the extract succeeded")
        } catch let error as APIError {
            #expect(error.kind == fault.kind, "\(error.message)")
            #expect(error.message.contains(fault.message), "\(error.message)")
            #expect(!error.message.contains("fake-token-") && !error.message.contains(tenant.server.configuration.clientSecret))
            #expect(!error.message.contains("\n"))
        }
        #expect(try store.snapshots().isEmpty)
        #expect(try store.integrityCheck() == "ok")
    }

    @Test("Bad data from the API is exit 65 naming the request and the JSON path; nothing is stored")
    func badDataNamed() async throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tenantDir = dir.appendingPathComponent("tenant")
        try FileManager.default.copyItem(atPath: sampleMonth, toPath: tenantDir.path)
        // The 150th user loses its userId: page 2, index 49.
        let usersFile = tenantDir.appendingPathComponent("users.json")
        var users = try JSONSerialization.jsonObject(with: Data(contentsOf: usersFile)) as! [String: Any]
        var list = users["users"] as! [[String: Any]]
        list[149].removeValue(forKey: "userId")
        users["users"] = list
        try JSONSerialization.data(withJSONObject: users).write(to: usersFile)

        let tenant = try await FakeTenant.start(directory: tenantDir.path)
        defer { Task { await tenant.stop() } }
        let store = try Store.open(path: dir.appendingPathComponent("lwgov.sqlite").path)
        let error = await #expect(throws: ExtractError.self) {
            _ = try await Extractor(store: store, options: storeOptions(), logger: tenant.log.logger).extract(api: tenant.fetcher())
        }
        #expect(error?.kind == .badInput)
        #expect(error?.message == "API GET /users page 2: users[49].userId missing")
        #expect(try store.snapshots().isEmpty)
    }

    // MARK: Politeness

    @Test("The per-operation limit is never exceeded, and the budget is used")
    func rateLimitKept() async throws {
        // 1,200 per minute over a 1-second window: 20 requests per second per operation.
        let tenant = try await FakeTenant.start {
            $0.requestsPerMinute = 1200
            $0.truncateInline = 3
        }
        defer { Task { await tenant.stop() } }
        let settings = tenant.settings { $0.perGroupFetch = .large; $0.largeGroupSize = 3 }
        let start = ContinuousClock.now
        let fetched = try await tenant.fetcher(settings).fetch(takenAt: takenAt)
        let elapsed = ContinuousClock.now - start
        #expect(difference(fetched.snapshot, try expected()) == nil)
        // What the server counted on arrival: never over the limit in any window. This holds
        // however starved the client is (the budget counts completions; see `RateBudget`).
        let served = await tenant.server.stats()
        #expect(served.overLimit.isEmpty, "over the limit: \(served.overLimit)")
        for (operation, peak) in served.peakInWindow { #expect(peak <= 20, "\(operation): \(peak) in one second") }
        // The per-group endpoints carry most requests. Spacing makes them take at least their
        // share of the limit's time (a lower bound no load can break); the upper bound is loose,
        // since the machine is shared and other tests run beside this one.
        let members = try #require(served.requests["GET /groups/{groupId}/members"])
        #expect(members > 60)
        let floor = Double(members) / 20
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        #expect(seconds >= floor * 0.9, "faster than the limit allows: \(seconds) s for \(members) requests")
        #expect(seconds <= floor * 4 + 10, "far slower than the floor: \(seconds) s vs \(floor) s")
    }

    @Test("With half the tenant's budget spent by another client, a tenant-scoped extract meets at most 3 429s and stores the files snapshot")
    func tenantBudgetSharedWithAnotherClient() async throws {
        // 12,000 per minute for the whole tenant over 1-second windows (200 a window); another
        // client spends half of it, evenly, from the start.
        let tenant = try await FakeTenant.start {
            $0.requestsPerMinute = 12000
            $0.limitScope = .tenant
            $0.backgroundPerMinute = 6000
            $0.truncateInline = 3
        }
        defer { Task { await tenant.stop() } }
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let settings = tenant.settings { $0.rateLimitScope = .tenant; $0.perGroupFetch = .large; $0.largeGroupSize = 3 }

        let fromAPI = try Store.open(path: dir.appendingPathComponent("api.sqlite").path)
        let report = try await Extractor(store: fromAPI, options: storeOptions(), logger: tenant.log.logger)
            .extract(api: tenant.fetcher(settings), takenAt: "2026-05-01T06:00:00+09:00", transfersFile: nil)
        guard case .stored(let id, _, _) = report.outcome else { Issue.record("not stored: \(report.outcome)"); return }
        let fromFiles = try Store.open(path: dir.appendingPathComponent("files.sqlite").path)
        _ = try Extractor(store: fromFiles, options: storeOptions(), logger: tenant.log.logger)
            .extract(directory: sampleMonth, takenAt: "2026-05-01T06:00:00+09:00")
        #expect(difference(try fromAPI.loadSnapshot(id: id), try fromFiles.loadSnapshot(id: try #require(fromFiles.snapshots().last?.id))) == nil)

        let served = await tenant.server.stats()
        let refused = served.overLimit.values.reduce(0, +)
        let asked = served.requests.values.reduce(0, +)
        #expect(refused <= 3, "429 answers: \(served.overLimit)")
        #expect(asked > 150, "few requests: \(asked)")
        #expect(served.backgroundRequests > 0)
        #expect((served.peakInWindow["tenant"] ?? 0) <= 200)
    }

    @Test("api.rate_limit_scope: one budget per operation, or one shared by every operation")
    func rateLimitScopeChoosesTheBudgets() {
        var api = APIConfiguration()
        let operations = ["GET /users", "GET /groups", "GET /orgunits"]
        let separate = RateBudgets(operations: operations, settings: APISettings(api))
        #expect(separate.budget(for: "GET /users") !== separate.budget(for: "GET /groups"))
        api.rateLimitScope = .tenant
        let tenant = RateBudgets(operations: operations, settings: APISettings(api))
        #expect(tenant.budget(for: "GET /users") === tenant.budget(for: "GET /groups"))
        #expect(tenant.budget(for: "GET /groups") === tenant.budget(for: "GET /orgunits"))
        // The reserve for other clients exists only for a shared budget: 5 % of 228 a minute.
        #expect(APISettings(api).serverReserve == 11)
        api.rateLimitScope = .operation
        #expect(APISettings(api).serverReserve == 0)
    }

    @Test("The budget spaces requests, and halves after the configured time")
    func budgetSpacing() async throws {
        let budget = RateBudget(perWindow: 10, window: .milliseconds(100), halveAfter: .milliseconds(200))
        let clock = ContinuousClock()
        let start = clock.now
        for _ in 0..<11 { await budget.finish(try await budget.acquire(), headers: nil) }
        let first = clock.now - start
        #expect(first >= .milliseconds(100))
        try await Task.sleep(for: .milliseconds(150))
        let second = clock.now
        for _ in 0..<11 { await budget.finish(try await budget.acquire(), headers: nil) }
        #expect(clock.now - second >= .milliseconds(200), "after halveAfter the budget halves")
    }

    @Test("Requests under way count against the window until they are answered")
    func slowRequestsHoldTheWindow() async throws {
        // Two requests a window, both still under way: a third waits until one is answered, then
        // until that answer is a window old, however long the first two took.
        let budget = RateBudget(perWindow: 2, window: .milliseconds(100), halveAfter: .seconds(60))
        let clock = ContinuousClock()
        // The server's budget is known (until then requests go one at a time), and this first
        // request has left the window.
        let first = try await budget.acquire()
        await budget.finish(first, headers: RateLimitHeaders(limit: 100, remaining: 99, reset: 60))
        try await Task.sleep(for: .milliseconds(150))
        let a = try await budget.acquire()
        let b = try await budget.acquire()
        try await Task.sleep(for: .milliseconds(250))  // far beyond the window: a and b are slow
        let answered = clock.now
        await budget.finish(a, headers: nil)
        await budget.finish(b, headers: nil)
        _ = try await budget.acquire()
        #expect(clock.now - answered >= .milliseconds(100), "sent before the slow answers were a window old")
    }

    @Test("An answer's rateLimit-remaining at zero holds every request until rateLimit-reset")
    func serverHeadersHoldTheBudget() async throws {
        let budget = RateBudget(perWindow: 1000, window: .seconds(60), halveAfter: .seconds(3600))
        let clock = ContinuousClock()
        let first = try await budget.acquire()
        await budget.finish(first, headers: RateLimitHeaders(limit: 240, remaining: 0, reset: 0.3))
        let before = clock.now
        _ = try await budget.acquire()
        #expect(clock.now - before >= .milliseconds(300))
        // With budget left, no wait beyond the spacing (60 s / 1000 = 60 ms).
        let plenty = RateBudget(perWindow: 1000, window: .seconds(60), halveAfter: .seconds(3600))
        let one = try await plenty.acquire()
        await plenty.finish(one, headers: RateLimitHeaders(limit: 240, remaining: 200, reset: 30))
        let start = clock.now
        _ = try await plenty.acquire()
        #expect(clock.now - start < .seconds(20), "waited for a reset although budget was left")
    }

    @Test("Cursors and form fields are percent-encoded")
    func encoding() {
        #expect(queryEncoded("+/AB=") == "%2B%2FAB%3D")
        #expect(formEncoded([("client_secret", "a+b&c=d%")]) == "client_secret=a%2Bb%26c%3Dd%25")
    }
}
