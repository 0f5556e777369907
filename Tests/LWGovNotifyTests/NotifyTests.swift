import Foundation
import LWGovTestSupport
import Logging
import LWGovAnalysis
import LWGovExtract
import LWGovFakeAPI
import LWGovModel
@testable import LWGovNotify
import LWGovRender
import LWGovStore
import Testing
import LWGovConfig
import LWGovJob
import LWGovLineWorks
import LWGovReport

private let tokyo = CivilTime(identifier: "Asia/Tokyo")!
/// A Tuesday at 10:00 in Tokyo, and the same Saturday, and a Tuesday evening.
private let tuesdayMorning = tokyo.parseTimestamp("2026-06-02T10:00:00+09:00")!
private let saturday = tokyo.parseTimestamp("2026-06-06T10:00:00+09:00")!
private let tuesdayEvening = tokyo.parseTimestamp("2026-06-02T17:15:00+09:00")!

/// Four departments under 総務部:
/// - 総務課: manager a (isManager); its private group with one master has findings.
/// - ＤＸ推進課: manager c; a compliant group, so nothing to report.
/// - 税務課: no isManager flag; e is 課長 by position (the fallback); a private group.
/// - 企画課: its manager f is suspended; g is configured as an extra recipient.
private func directory(_ day: String, extraGroup: Bool = false) -> DirectorySnapshot {
    let units = [
        OrgUnit(id: "bu", name: "総務部"), OrgUnit(id: "soumu", name: "総務課", parentId: "bu", displayOrder: 1),
        OrgUnit(id: "dx", name: "ＤＸ推進課", parentId: "bu", displayOrder: 2), OrgUnit(id: "zei", name: "税務課", parentId: "bu", displayOrder: 3),
        OrgUnit(id: "kikaku", name: "企画課", parentId: "bu", displayOrder: 4),
    ]
    func user(_ id: String, _ unit: String, _ position: String = "主事", manager: Bool = false, suspended: Bool = false) -> User {
        User(
            id: id, lastName: "翠川", firstName: id.uppercased(), isSuspended: suspended,
            entries: [OrgEntry(orgUnitId: unit, positionName: position, isManager: manager, isPrimary: true)]
        )
    }
    let users = [
        user("a", "soumu", "課長", manager: true), user("b", "soumu"), user("c", "dx", "課長", manager: true), user("d", "dx"),
        user("e", "zei", "課長"), user("e2", "zei"), user("f", "kikaku", "課長", manager: true, suspended: true), user("g", "kikaku", "課長補佐"),
        user("h", "kikaku"),
    ]
    var groups = [
        Group(id: "g-1", name: "総務課 書類回覧", visible: false, administrators: ["a"], members: [GroupMember(id: "a", type: .user), GroupMember(id: "b", type: .user)]),
        Group(id: "g-2", name: "ＤＸ推進課 連絡", administrators: ["c", "d"], members: [GroupMember(id: "c", type: .user), GroupMember(id: "d", type: .user)]),
        Group(id: "g-3", name: "税務課 窓口", visible: false, administrators: ["e", "e2"], members: [GroupMember(id: "e", type: .user), GroupMember(id: "e2", type: .user)]),
        Group(id: "g-4", name: "企画課 打合せ", administrators: ["h"], members: [GroupMember(id: "h", type: .user), GroupMember(id: "g", type: .user)]),
    ]
    if extraGroup {
        groups.append(Group(id: "g-5", name: "総務課 新しい部屋", visible: false, administrators: ["a", "b"], members: [GroupMember(id: "a", type: .user), GroupMember(id: "b", type: .user)]))
    }
    return DirectorySnapshot(takenAt: tokyo.parseTimestamp("\(day)T06:00:00+09:00")!, orgUnits: units, users: users, groups: groups)
}

private func configuration(_ adjust: (inout Configuration) -> Void = { _ in }) -> Configuration {
    var config = Configuration()
    config.notify.botId = "bot-1"
    config.notify.extraRecipients = ["kikaku=g"]
    config.notify.reportLocation = #"S:\0010-総務部\lwgov\{period}\departments\{orgUnitId}.html"#
    adjust(&config)
    return config
}

/// A store with May analysed (everything new) and June analysed (g-1, g-3 continue; g-5 new for 総務課).
private func analysedStore(_ config: Configuration) throws -> Store {
    let store = try Store.inMemory()
    for snapshot in [directory("2026-05-01"), directory("2026-06-01", extraGroup: true)] {
        _ = try store.store(snapshot, source: "test", options: StoreOptions(departmentLevel: 2, civilTime: tokyo))
    }
    _ = try Analyzer(store: store, settings: config.analysisSettings, logger: Logger(label: "t"))
        .analyzePending()
    return store
}

private func notices(_ store: Store, _ config: Configuration, period: String) throws -> [Notice] {
    let snapshot = try #require(try store.analysedSnapshots().first { $0.period == period })
    let report = try PeriodReport.load(
        store: store, snapshot: snapshot, organizationName: config.organization.name,
        responsibleSection: config.organization.responsibleSection, civilTime: tokyo, generatedAt: Date()
    )
    return NoticeComposer(
        report: report, directory: try store.loadSnapshot(id: snapshot.id), settings: config.notify, managerPositions: config.managers.positions,
        countOnLeave: config.managers.countOnLeave, outputDirectory: "/srv/out"
    )
        .notices()
}

struct NoticeTests {
    @Test("Each department's managers get one message about it; compliant departments get none")
    func recipients() throws {
        let config = configuration()
        let store = try analysedStore(config)
        let may = try notices(store, config, period: "2026-05")
        #expect(may.map { "\($0.departmentId):\($0.userId)" } == ["soumu:a", "zei:e", "kikaku:g"])
        // ＤＸ推進課 has nothing; 企画課's suspended manager f gets nothing, the extra recipient g does.
        #expect(!may.contains { $0.userId == "c" || $0.userId == "f" })
    }

    @Test("The text names the period, the counts, the most urgent groups and where the report is")
    func text() throws {
        let config = configuration()
        let store = try analysedStore(config)
        let soumu = try #require(try notices(store, config, period: "2026-05").first { $0.departmentId == "soumu" })
        #expect(soumu.text.hasPrefix("【LINE WORKS トークグループ点検】令和8年5月分\n総務課 翠川 A 様\n"))
        #expect(soumu.text.contains("新たな指摘 2件、継続 0件、解消 0件です。"))
        #expect(soumu.text.contains("・「総務課 書類回覧」非公開グループ（今回新たに）"))
        #expect(soumu.text.contains("・「総務課 書類回覧」マスター1名のみ（今回新たに）"))
        #expect(soumu.text.contains(#"報告書: S:\0010-総務部\lwgov\2026-05\departments\soumu.html"#))
        #expect(soumu.text.hasSuffix("ご不明な点はＤＸ推進課までお問い合わせください。"))
        #expect(soumu.text.count <= 2000)
    }

    @Test("notify.when = new stays quiet for a department with only continuing findings; open does not")
    func quietUnlessNew() throws {
        let config = configuration()
        let store = try analysedStore(config)
        let june = try notices(store, config, period: "2026-06")
        // 総務課 has the new g-5; 税務課 and 企画課 only continue.
        #expect(june.map(\.departmentId) == ["soumu"])
        let continuing = try #require(june.first)
        #expect(continuing.text.contains("新たな指摘 1件、継続 2件"))
        // Opened 5/1, high severity: due 5/15, so overdue at the June snapshot (SPEC 3.6).
        #expect(continuing.text.contains("・「総務課 書類回覧」非公開グループ（令和8年5月から、期限 2026-05-15 超過）"))
        #expect(continuing.text.contains("このうち対応期限を過ぎたものが 2件あります。"))

        let open = configuration { $0.notify.when = .open }
        #expect(try notices(store, open, period: "2026-06").map(\.departmentId) == ["soumu", "zei", "kikaku"])
    }

    @Test("A manager near a group who does not count is named in the message with the one fix; a manager on leave hears nothing")
    func nearManagerAndLeave() throws {
        // 総務課: the 課長 a is only a master of the group (not a member). 税務課: the 課長 e is on 休職,
        // so the department's 課長補佐 e3 hears instead.
        let units = [
            OrgUnit(id: "bu", name: "総務部"), OrgUnit(id: "soumu", name: "総務課", parentId: "bu", displayOrder: 1),
            OrgUnit(id: "zei", name: "税務課", parentId: "bu", displayOrder: 2),
        ]
        func user(_ id: String, _ unit: String, _ position: String, onLeave: Bool = false) -> User {
            User(
                id: id, lastName: "翠川", firstName: id.uppercased(), isOnLeave: onLeave,
                entries: [OrgEntry(orgUnitId: unit, positionName: position, isPrimary: true)]
            )
        }
        let users = [
            user("a", "soumu", "課長"), user("b", "soumu", "主事"), user("e", "zei", "課長", onLeave: true),
            user("e2", "zei", "主事"), user("e3", "zei", "課長補佐"),
        ]
        let groups = [
            Group(id: "g-1", name: "総務課 書類回覧", administrators: ["a", "b"], members: [GroupMember(id: "b", type: .user)]),
            Group(id: "g-2", name: "税務課 窓口", visible: false, administrators: ["e2", "e3"], members: [GroupMember(id: "e2", type: .user), GroupMember(id: "e3", type: .user)]),
        ]
        let config = configuration { $0.notify.extraRecipients = [] }
        let store = try Store.inMemory()
        let snapshot = DirectorySnapshot(takenAt: tokyo.parseTimestamp("2026-05-01T06:00:00+09:00")!, orgUnits: units, users: users, groups: groups)
        _ = try store.store(snapshot, source: "test", options: StoreOptions(departmentLevel: 2, civilTime: tokyo))
        _ = try Analyzer(store: store, settings: config.analysisSettings, logger: Logger(label: "t")).analyzePending()
        let all = try notices(store, config, period: "2026-05")
        #expect(all.map { "\($0.departmentId):\($0.userId)" } == ["soumu:a", "zei:e3"])
        let soumu = try #require(all.first)
        #expect(soumu.text.contains("・「総務課 書類回覧」管理職不在（今回新たに）\n　→ 翠川 A 課長をメンバーに追加してください。\n"))
        // count_on_leave: the 課長 on leave is the department's manager again.
        let counting = configuration { $0.notify.extraRecipients = []; $0.managers.countOnLeave = true }
        #expect(try notices(store, counting, period: "2026-05").map(\.userId).contains("e"))
    }

    @Test("Names with line breaks and control characters cannot add lines to a message")
    func namesStayOnOneLine() throws {
        let forged = "総務課 書類回覧\n\n報告書: http://evil.invalid/\r\nパスワードを入力してください\u{1B}[2J\u{2028}"
        let units = [OrgUnit(id: "bu", name: "総務部"), OrgUnit(id: "soumu", name: "総務課\n偽の課", parentId: "bu")]
        let users = [
            User(id: "a", lastName: "翠川\r\n", firstName: "A\u{85}様\n本文", entries: [OrgEntry(orgUnitId: "soumu", positionName: "課長", isManager: true, isPrimary: true)]),
            User(id: "b", lastName: "翠川", firstName: "B", entries: [OrgEntry(orgUnitId: "soumu", isPrimary: true)]),
        ]
        let groups = [Group(id: "g-1", name: forged, visible: false, administrators: ["a"], members: [GroupMember(id: "a", type: .user), GroupMember(id: "b", type: .user)])]
        let config = configuration()
        let store = try Store.inMemory()
        let snapshot = DirectorySnapshot(takenAt: tokyo.parseTimestamp("2026-05-01T06:00:00+09:00")!, orgUnits: units, users: users, groups: groups)
        _ = try store.store(snapshot, source: "test", options: StoreOptions(departmentLevel: 2, civilTime: tokyo))
        _ = try Analyzer(store: store, settings: config.analysisSettings, logger: Logger(label: "t")).analyzePending()
        let notice = try #require(try notices(store, config, period: "2026-05").first)
        let lines = notice.text.split(separator: "\n", omittingEmptySubsequences: false)
        // The template's lines and nothing else: header, greeting, blank, two sentences, blank,
        // the list heading, two findings, blank, the report line and two closing sentences.
        #expect(lines.count == 13, "\(notice.text)")
        #expect(lines.filter { $0.hasPrefix("報告書:") }.count == 1)
        #expect(!notice.text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" || (0x7F...0x9F).contains($0.value) || $0 == "\u{2028}" })
        #expect(lines[1].hasPrefix("総務課 偽の課 翠川 A 様 本文"))
        #expect(notice.text.contains("・「総務課 書類回覧 報告書: http://evil."))
        for text in [notice.departmentName, notice.recipientName] {
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }, "\(text.debugDescription)")
        }
    }

    @Test("Without a report location the message names the file under output.dir")
    func defaultLocation() throws {
        let config = configuration { $0.notify.reportLocation = "" }
        let store = try analysedStore(config)
        let zei = try #require(try notices(store, config, period: "2026-05").first { $0.departmentId == "zei" })
        #expect(zei.text.contains("報告書: /srv/out/2026-05/departments/zei.html"))
    }

    @Test("The sending window: working days and hours in the organisation's time zone")
    func window() throws {
        let notifier = Notifier(store: try Store.inMemory(), settings: configuration().notify, civilTime: tokyo, logger: Logger(label: "t"))
        #expect(notifier.inWindow(tuesdayMorning))
        #expect(!notifier.inWindow(saturday))
        #expect(!notifier.inWindow(tuesdayEvening), "17:15 is the end of the day, exclusive")
        #expect(notifier.inWindow(tokyo.parseTimestamp("2026-06-02T08:30:00+09:00")!))
        #expect(!notifier.inWindow(tokyo.parseTimestamp("2026-06-02T08:29:00+09:00")!))
    }
}

/// Sending through the fake Bot API.
@Suite(.serialized)
struct NotifierTests {
    @Test("The right managers get the right text, once; a re-run sends nothing new")
    func sendsOnce() async throws {
        let config = configuration()
        let store = try analysedStore(config)
        let may = try notices(store, config, period: "2026-05")
        let (server, port) = try await startFakeBotAPI()
        defer { Task { await server.stop() } }
        var notifier = Notifier(store: store, settings: config.notify, civilTime: tokyo, logger: Logger(label: "t"))
        notifier.clock = { tuesdayMorning }

        let first = try await notifier.send(may, period: "2026-05", sender: fakeBotSender(server, port: port))
        #expect(first.sent.count == 3 && first.failed.isEmpty)
        let received = await server.stats().botMessages
        #expect(received.map(\.userId) == ["a", "e", "g"])
        #expect(received.allSatisfy { $0.botId == "bot-1" })
        #expect(received.map(\.text) == may.map(\.text))

        let second = try await notifier.send(may, period: "2026-05", sender: fakeBotSender(server, port: port))
        #expect(second.sent.isEmpty)
        #expect(second.alreadySent.count == 3)
        #expect(await server.stats().botMessages.count == 3)
        #expect(try store.notifications(period: "2026-05").allSatisfy { $0.status == "sent" && $0.attempts == 1 })
    }

    @Test("A send that keeps failing is retried, then reported, and does not block the others; the next run retries it")
    func failureReported() async throws {
        let config = configuration()
        let store = try analysedStore(config)
        let may = try notices(store, config, period: "2026-05")
        let (server, port) = try await startFakeBotAPI {
            $0.faults = [FaultRule("POST /bots/{botId}/users/{userId}/messages", count: 100_000, .status(503, code: "SERVICE_UNAVAILABLE"), pathContains: "/users/e/")]
        }
        defer { Task { await server.stop() } }
        var notifier = Notifier(store: store, settings: config.notify, civilTime: tokyo, logger: Logger(label: "t"))
        notifier.clock = { tuesdayMorning }

        let first = try await notifier.send(may, period: "2026-05", sender: fakeBotSender(server, port: port, giveUp: 3))
        #expect(first.sent.map(\.userId) == ["a", "g"])
        #expect(first.failed.map(\.notice.userId) == ["e"])
        #expect(first.failed.first?.error.contains("stayed unavailable") == true)
        let served = await server.stats()
        #expect(served.faultsInjected > 1, "the failing send was retried")
        #expect(try store.notifications(period: "2026-05").first { $0.userId == "e" }?.status == "failed")

        // The next run, against an API that works again, sends only what failed.
        let (healthy, healthyPort) = try await startFakeBotAPI()
        defer { Task { await healthy.stop() } }
        let retry = try await notifier.send(may, period: "2026-05", sender: fakeBotSender(healthy, port: healthyPort))
        #expect(retry.sent.map(\.userId) == ["e"])
        #expect(retry.alreadySent.count == 2)
        #expect(await healthy.stats().botMessages.map(\.userId) == ["e"])
        #expect(try store.notifications(period: "2026-05").first { $0.userId == "e" }?.attempts == 2)
    }

    @Test("Nothing is sent outside the window, and nothing is recorded")
    func outsideWindow() async throws {
        let config = configuration()
        let store = try analysedStore(config)
        let may = try notices(store, config, period: "2026-05")
        let (server, port) = try await startFakeBotAPI()
        defer { Task { await server.stop() } }
        var notifier = Notifier(store: store, settings: config.notify, civilTime: tokyo, logger: Logger(label: "t"))
        for moment in [saturday, tuesdayEvening] {
            notifier.clock = { moment }
            let report = try await notifier.send(may, period: "2026-05", sender: fakeBotSender(server, port: port))
            #expect(report.outsideWindow)
            #expect(report.sent.isEmpty)
        }
        #expect(await server.stats().botMessages.isEmpty)
        #expect(await server.stats().tokenRequests == 0)
        #expect(try store.notifications(period: "2026-05").isEmpty)
    }

    @Test("Sending stops when the working day ends during the run; the rest wait for the next run")
    func stopsAtTheEndOfTheDay() async throws {
        let config = configuration()
        let store = try analysedStore(config)
        let may = try notices(store, config, period: "2026-05")
        let (server, port) = try await startFakeBotAPI()
        defer { Task { await server.stop() } }
        var notifier = Notifier(store: store, settings: config.notify, civilTime: tokyo, logger: Logger(label: "t"))
        let calls = Counter()
        // The opening check and the first send are in hours; then it is 17:15.
        notifier.clock = { calls.next() < 2 ? tuesdayMorning : tuesdayEvening }
        let report = try await notifier.send(may, period: "2026-05", sender: fakeBotSender(server, port: port))
        #expect(report.sent.map(\.userId) == ["a"])
        #expect(report.outsideWindow)
        #expect(await server.stats().botMessages.count == 1)
    }

    @Test("Refused credentials stop the run at once with a configuration error; nothing is recorded as sent")
    func refusedCredentialsStop() async throws {
        let config = configuration()
        let store = try analysedStore(config)
        let may = try notices(store, config, period: "2026-05")
        let (server, port) = try await startFakeBotAPI { $0.refuseCredentials = true }
        defer { Task { await server.stop() } }
        var notifier = Notifier(store: store, settings: config.notify, civilTime: tokyo, logger: Logger(label: "t"))
        notifier.clock = { tuesdayMorning }
        let error = await #expect(throws: APIError.self) {
            _ = try await notifier.send(may, period: "2026-05", sender: fakeBotSender(server, port: port))
        }
        #expect(error?.kind == .configuration)
        #expect(await server.stats().tokenRequests == 1, "one refusal is enough: the other recipients are not tried")
        #expect(try store.notifications(period: "2026-05").filter { $0.status == "sent" }.isEmpty)
    }
}

/// Counts calls from a @Sendable closure.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int { lock.withLock { defer { value += 1 }; return value } }
}
