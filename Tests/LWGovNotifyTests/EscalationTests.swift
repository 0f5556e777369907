import Foundation
import LWGovTestSupport
import Logging
import LWGovAnalysis
import LWGovExtract
import LWGovFakeAPI
import LWGovModel
@testable import LWGovNotify
import LWGovStore
import Testing
import LWGovConfig
import LWGovJob
import LWGovLineWorks
import LWGovReport

private let tokyo = CivilTime(identifier: "Asia/Tokyo")!
private let tuesdayMorning = tokyo.parseTimestamp("2026-05-19T10:00:00+09:00")!

/// Three 部 (SPEC 3.6 escalation):
/// - 総務部: its 部長 m1 is the 組織長 (isManager); a 次長 m1b by position does not hear.
///   総務課 (g-1, private since 4/1: 30 days overdue on 5/15) and 税務課 (g-3 likewise; g-4
///   private since 4/2 only: 29 days overdue, the near miss).
/// - 市民部: nobody is the 組織長; 部長 m2 and 次長 m2b by position hear. 市民課 (g-5).
/// - 福祉部: its 部長 m3 (isManager) is on 休職; the 次長 m3b hears. 福祉課 (g-6).
/// - g-9: private, its only person in an unknown org unit, so no department: never escalated.
private func directory(_ time: String, nearMiss: Bool) -> DirectorySnapshot {
    let units = [
        OrgUnit(id: "bu1", name: "総務部", displayOrder: 1), OrgUnit(id: "soumu", name: "総務課", parentId: "bu1", displayOrder: 1),
        OrgUnit(id: "zei", name: "税務課", parentId: "bu1", displayOrder: 2),
        OrgUnit(id: "bu2", name: "市民部", displayOrder: 2), OrgUnit(id: "shimin", name: "市民課", parentId: "bu2", displayOrder: 1),
        OrgUnit(id: "bu3", name: "福祉部", displayOrder: 3), OrgUnit(id: "fukushi", name: "福祉課", parentId: "bu3", displayOrder: 1),
    ]
    func user(_ id: String, _ unit: String, _ position: String = "主事", manager: Bool = false, onLeave: Bool = false) -> User {
        User(
            id: id, lastName: "翠川", firstName: id.uppercased(), isOnLeave: onLeave,
            entries: [OrgEntry(orgUnitId: unit, positionName: position, isManager: manager, isPrimary: true)]
        )
    }
    let users = [
        user("m1", "bu1", "部長", manager: true), user("m1b", "bu1", "次長"),
        user("a", "soumu", "課長", manager: true), user("b", "soumu"), user("e", "zei", "課長"), user("e2", "zei"),
        user("m2", "bu2", "部長"), user("m2b", "bu2", "次長"), user("s", "shimin", "課長"), user("s2", "shimin"),
        user("m3", "bu3", "部長", manager: true, onLeave: true), user("m3b", "bu3", "次長"), user("f", "fukushi", "課長"), user("f2", "fukushi"),
        // In an org unit the directory does not list: no department.
        user("y", "gone"),
    ]
    func privateGroup(_ id: String, _ name: String, _ people: [String]) -> Group {
        Group(id: id, name: name, visible: false, administrators: people, members: people.map { GroupMember(id: $0, type: .user) })
    }
    var groups = [
        privateGroup("g-1", "総務課 書類回覧", ["a", "b"]), privateGroup("g-3", "税務課 窓口", ["e", "e2"]),
        privateGroup("g-5", "市民課 連絡", ["s", "s2"]), privateGroup("g-6", "福祉課 打合せ", ["f", "f2"]),
        privateGroup("g-9", "所属不明の部屋", ["y"]),
    ]
    if nearMiss { groups.append(privateGroup("g-4", "税務課 申請受付", ["e", "e2"])) }
    return DirectorySnapshot(takenAt: tokyo.parseTimestamp(time)!, orgUnits: units, users: users, groups: groups)
}

private func configuration(_ adjust: (inout Configuration) -> Void = { _ in }) -> Configuration {
    var config = Configuration()
    config.notify.botId = "bot-1"
    config.notify.reportLocation = #"S:\lwgov\{period}\departments\{orgUnitId}.html"#
    // Departments hear about continuing findings too, so department messages and escalations
    // go out together.
    config.notify.when = .open
    adjust(&config)
    return config
}

/// 4/1 (g-4 not yet there), 4/2 (g-4 appears), 5/15: g-1, g-3, g-5, g-6 and g-9 are due 4/15 and
/// 30 days overdue; g-4 is due 4/16 and 29 days overdue.
private func escalationStore(_ config: Configuration) throws -> Store {
    let store = try Store.inMemory()
    for (time, nearMiss) in [("2026-04-01T06:00:00+09:00", false), ("2026-04-02T06:00:00+09:00", true), ("2026-05-15T06:00:00+09:00", true)] {
        _ = try store.store(directory(time, nearMiss: nearMiss), source: "test", options: StoreOptions(departmentLevel: 2, civilTime: tokyo))
    }
    _ = try Analyzer(store: store, settings: config.analysisSettings, logger: Logger(label: "t")).analyzePending()
    return store
}

private func periodReport(_ store: Store, _ config: Configuration, period: String) throws -> PeriodReport {
    let snapshot = try #require(try store.analysedSnapshots().last { $0.period == period })
    return try PeriodReport.load(
        store: store, snapshot: snapshot, organizationName: config.organization.name,
        responsibleSection: config.organization.responsibleSection, civilTime: tokyo, generatedAt: Date()
    )
}

private func composer(_ store: Store, _ config: Configuration, period: String) throws -> NoticeComposer {
    let report = try periodReport(store, config, period: period)
    return NoticeComposer(
        report: report, directory: try store.loadSnapshot(id: report.snapshot.id), settings: config.notify,
        managerPositions: config.managers.positions, countOnLeave: config.managers.countOnLeave, outputDirectory: "/srv/out"
    )
}

struct EscalationTests {
    @Test("Findings overdue by 30 days or more go to the 部長, one message per 部 listing each 課; 29 days is not enough")
    func onePerBu() throws {
        let config = configuration()
        let store = try escalationStore(config)
        let escalations = try composer(store, config, period: "2026-05").escalations(afterDays: config.remediation.escalateAfterDays)
        #expect(config.remediation.escalateAfterDays == 30)
        #expect(escalations.allSatisfy { $0.kind == .escalation })
        // 総務部: its 組織長 only; 市民部: its managers by position; 福祉部: not the 部長 on 休職.
        #expect(escalations.map { "\($0.departmentId):\($0.userId)" } == ["bu1:m1", "bu2:m2", "bu2:m2b", "bu3:m3b"])
        #expect(!escalations.contains { $0.userId == "m3" || $0.userId == "m1b" })

        let soumu = try #require(escalations.first)
        #expect(soumu.departmentName == "総務部")
        let lines = soumu.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "【LINE WORKS トークグループ点検】令和8年5月分 対応期限超過のお知らせ")
        #expect(lines[1] == "総務部 翠川 M1 様")
        #expect(soumu.text.contains("総務部の課に、対応期限を30日以上過ぎたトークグループ等の指摘が 2件あります。"), "\(soumu.text)")
        #expect(lines.contains("■ 総務課（1件）"))
        #expect(lines.contains("・「総務課 書類回覧」非公開グループ（期限 2026-04-15、30日超過）"), "\(soumu.text)")
        #expect(lines.contains("■ 税務課（1件）"))
        #expect(lines.contains("・「税務課 窓口」非公開グループ（期限 2026-04-15、30日超過）"))
        // The 課 in organisation order.
        let soumuHeading = try #require(lines.firstIndex(of: "■ 総務課（1件）"))
        let zeiHeading = try #require(lines.firstIndex(of: "■ 税務課（1件）"))
        #expect(soumuHeading < zeiHeading)
        // The near miss: overdue, 29 days.
        #expect(!soumu.text.contains("税務課 申請受付"))
        let report = try periodReport(store, config, period: "2026-05")
        let nearMiss = try #require(report.findings.first { $0.key == FindingKey(rule: .notPublic, groupId: "g-4", subject: "") })
        #expect(nearMiss.deadline == Deadline(due: "2026-04-16", overdue: true))
        #expect(report.daysOverdue(nearMiss) == 29)
        #expect(soumu.text.count <= 2000)

        // Both 市民部 recipients get the same list, greeted by name.
        let shimin = escalations.filter { $0.departmentId == "bu2" }
        #expect(shimin.map { $0.text.split(separator: "\n")[1] } == ["市民部 翠川 M2 様", "市民部 翠川 M2B 様"])
        #expect(shimin.allSatisfy { $0.text.contains("■ 市民課（1件）\n・「市民課 連絡」非公開グループ（期限 2026-04-15、30日超過）") })
        #expect(escalations.last?.text.contains("■ 福祉課（1件）") == true)
    }

    @Test("A finding with no department is not escalated, however long overdue")
    func noDepartmentNoEscalation() throws {
        let config = configuration()
        let store = try escalationStore(config)
        let report = try periodReport(store, config, period: "2026-05")
        let orphan = try #require(report.findings.first { $0.key.groupId == "g-9" && $0.key.rule == .notPublic })
        #expect(orphan.finding.departments.isEmpty)
        #expect((report.daysOverdue(orphan) ?? 0) >= 30)
        let escalations = try composer(store, config, period: "2026-05").escalations(afterDays: 30)
        #expect(!escalations.contains { $0.text.contains("所属不明の部屋") })
    }

    @Test("escalate_after_days decides: at 29 the near miss is listed; at 31 nothing is")
    func threshold() throws {
        let config = configuration()
        let store = try escalationStore(config)
        let c = try composer(store, config, period: "2026-05")
        let at29 = try #require(c.escalations(afterDays: 29).first { $0.departmentId == "bu1" })
        #expect(at29.text.contains("■ 税務課（2件）"))
        #expect(at29.text.contains("・「税務課 申請受付」非公開グループ（期限 2026-04-16、29日超過）"))
        #expect(c.escalations(afterDays: 31).isEmpty)
        // April: nothing is overdue yet by 30 days.
        #expect(try composer(store, config, period: "2026-04").escalations(afterDays: 30).isEmpty)
    }

    @Test("notify.extra_recipients of the 部 hear too; a manager on 休職 hears with count_on_leave")
    func extraRecipientsAndLeave() throws {
        let config = configuration { $0.notify.extraRecipients = ["bu1=m1b"]; $0.managers.countOnLeave = true }
        let store = try escalationStore(config)
        let escalations = try composer(store, config, period: "2026-05").escalations(afterDays: 30)
        #expect(escalations.map { "\($0.departmentId):\($0.userId)" } == ["bu1:m1", "bu1:m1b", "bu2:m2", "bu2:m2b", "bu3:m3"])
    }

    @Test("The notices of a period (what notify --dry-run prints) include the escalations after the department messages")
    func pipelineIncludesEscalations() throws {
        let config = configuration()
        let store = try escalationStore(config)
        var pipeline = Pipeline(store: store, configuration: config, logger: Logger(label: "t"))
        pipeline.now = { tuesdayMorning }
        let plan = try pipeline.notices(try pipeline.report(try #require(try store.analysedSnapshots().last)))
        let kinds = plan.notices.map(\.kind)
        #expect(kinds.filter { $0 == .escalation }.count == 4)
        #expect(kinds.firstIndex(of: .escalation).map { kinds[$0...].allSatisfy { $0 == .escalation } } == true)
        #expect(plan.notices.filter { $0.kind == .escalation }.allSatisfy { $0.text.contains("対応期限超過のお知らせ") })
        // Department messages say how many are past due.
        let soumu = try #require(plan.notices.first { $0.kind == .department && $0.departmentId == "soumu" })
        #expect(soumu.text.contains("このうち対応期限を過ぎたものが 1件あります。"), "\(soumu.text)")
    }
}

/// Sending escalations through the fake Bot API.
@Suite(.serialized)
struct EscalationSendTests {
    @Test("Each escalation is sent once, recorded as kind 'escalation'; a re-run sends nothing")
    func sentOnce() async throws {
        let config = configuration()
        let store = try escalationStore(config)
        var pipeline = Pipeline(store: store, configuration: config, logger: Logger(label: "t"))
        pipeline.now = { tuesdayMorning }
        let plan = try pipeline.notices(try pipeline.report(try #require(try store.analysedSnapshots().last)))
        let escalations = plan.notices.filter { $0.kind == .escalation }
        let departments = plan.notices.filter { $0.kind == .department }
        #expect(escalations.count == 4 && !departments.isEmpty)
        let (server, port) = try await startFakeBotAPI()
        defer { Task { await server.stop() } }

        let first = try await pipeline.send(plan, sender: fakeBotSender(server, port: port))
        #expect(first.failed.isEmpty)
        #expect(first.sent.count == plan.notices.count)
        let received = await server.stats().botMessages
        #expect(received.map(\.text) == plan.notices.map(\.text))
        #expect(received.filter { $0.text.contains("対応期限超過のお知らせ") }.map(\.userId) == ["m1", "m2", "m2b", "m3b"])
        let recorded = try store.notifications(period: "2026-05")
        #expect(recorded.filter { $0.kind == "escalation" }.map { "\($0.departmentId):\($0.userId)" }.sorted() == ["bu1:m1", "bu2:m2", "bu2:m2b", "bu3:m3b"])
        #expect(recorded.allSatisfy { $0.status == "sent" && $0.attempts == 1 })

        // A re-run: everything already sent, nothing new goes out.
        let again = try pipeline.notices(try pipeline.report(try #require(try store.analysedSnapshots().last)))
        #expect(again.alreadySent.count == again.notices.count)
        let second = try await pipeline.send(again, sender: fakeBotSender(server, port: port))
        #expect(second.sent.isEmpty)
        #expect(second.alreadySent.count == plan.notices.count)
        #expect(await server.stats().botMessages.count == received.count)
    }
}

/// SampleData's escalation lists against the oracle's (`expected.json`, "escalation"): per
/// snapshot, 部 → 課 → finding keys, from the default configuration plus SampleData/lwgov.toml's
/// `hr.ignore_users`.
struct SampleDataEscalationTests {
    private struct Expected: Decodable {
        struct Snapshot: Decodable {
            var dir: String
            var period: String
            var escalation: [Bu]
        }

        struct Bu: Decodable {
            var bu: String
            var departments: [String: [String]]
        }

        var snapshots: [Snapshot]
    }

    @Test func escalationsMatchTheOracle() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SampleData")
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: root.appendingPathComponent("expected.json")))
        let config = Configuration()
        var settings = config.analysisSettings
        settings.ignoreUsers = ["dx-kyoyo@midorikawa.example.jp"]
        let store = try Store.inMemory()
        let extractor = Extractor(store: store, options: StoreOptions(departmentLevel: 2, civilTime: tokyo), logger: Logger(label: "t"))
        let analyzer = Analyzer(store: store, settings: settings, logger: Logger(label: "t"))
        for snapshot in expected.snapshots {
            _ = try extractor.extract(directory: root.appendingPathComponent(URL(fileURLWithPath: snapshot.dir).lastPathComponent).path)
            _ = try analyzer.analyzePending()
        }
        var anyNotice = false
        for snapshot in expected.snapshots {
            let c = try composer(store, config, period: snapshot.period)
            let report = c.report
            let tree = OrgTree(try store.loadSnapshot(id: report.snapshot.id).orgUnits)
            // The selection the SPEC describes, from the stored analysis: overdue ≥ 30 days, by the
            // parent unit of each of the finding's departments.
            var actual: [String: [String: [String]]] = [:]
            for record in report.findings {
                guard let days = report.daysOverdue(record), days >= config.remediation.escalateAfterDays else { continue }
                for department in record.finding.departments {
                    let bu = tree.units[department]?.parentId ?? department
                    actual[bu, default: [:]][department, default: []].append("\(record.key.rule.rawValue) \(record.key.groupId) \(record.key.subject)")
                }
            }
            let wanted = Dictionary(uniqueKeysWithValues: snapshot.escalation.map { ($0.bu, $0.departments.mapValues { $0.sorted() }) })
            #expect(actual.mapValues { $0.mapValues { $0.sorted() } } == wanted, "\(snapshot.period)")

            // The messages: one per recipient of a 部 the oracle lists, each 課 with the oracle's count.
            let notices = c.escalations(afterDays: config.remediation.escalateAfterDays)
            anyNotice = anyNotice || !notices.isEmpty
            for notice in notices {
                let departments = try #require(wanted[notice.departmentId], "\(snapshot.period): \(notice.departmentId) is not in the oracle's list")
                let headings = notice.text.split(separator: "\n").filter { $0.hasPrefix("■ ") }.map(String.init)
                let expectedHeadings = departments.keys.sorted { (tree.position(of: $0), $0) < (tree.position(of: $1), $1) }
                    .map { "■ \(report.departmentName($0))（\(departments[$0]?.count ?? 0)件）" }
                #expect(headings == expectedHeadings, "\(snapshot.period) \(notice.departmentId)")
            }
        }
        #expect(anyNotice, "SampleData escalates something")
    }
}

/// An account finding's person (SPEC 3.5) in a department message: a hostile name stays on its line.
struct AccountNoticeTests {
    @Test("A person named with markup, a formula and a line break is one line of the bot message")
    func hostileAccountNameStaysOnOneLine() throws {
        let units = [
            OrgUnit(id: "bu", name: "総務部", externalKey: "K-bu"),
            OrgUnit(id: "soumu", name: "総務課", parentId: "bu", displayOrder: 1, externalKey: "K-soumu"),
        ]
        func user(_ id: String, _ position: String, manager: Bool = false, last: String = "翠川", first: String? = nil) -> User {
            var user = User(
                id: id, lastName: last, firstName: first ?? id.uppercased(),
                entries: [OrgEntry(orgUnitId: "soumu", positionName: position, isManager: manager, isPrimary: true)]
            )
            user.employeeNumber = "E-\(id)"
            return user
        }
        let users = [
            user("a", "課長", manager: true), user("b", "主事"),
            user("x", "主事", last: "=cmd|' /C calc'!A0", first: "<script>alert(1)</script>\n報告書: http://evil.invalid/"),
        ]
        let roster = Roster(entries: [
            RosterEntry(employeeNumber: "E-a", status: .active, orgUnitCode: "K-soumu"),
            RosterEntry(employeeNumber: "E-b", status: .active, orgUnitCode: "K-soumu"),
        ])
        let groups = [Group(id: "g-1", name: "総務課 連絡", administrators: ["a", "b"], members: [GroupMember(id: "a", type: .user), GroupMember(id: "b", type: .user)])]
        let config = configuration { $0.notify.when = .new }
        let store = try Store.inMemory()
        let snapshot = DirectorySnapshot(
            takenAt: tokyo.parseTimestamp("2026-05-01T06:00:00+09:00")!, orgUnits: units, users: users, groups: groups, roster: roster
        )
        _ = try store.store(snapshot, source: "test", options: StoreOptions(departmentLevel: 2, civilTime: tokyo))
        _ = try Analyzer(store: store, settings: config.analysisSettings, logger: Logger(label: "t")).analyzePending()
        let notices = try composer(store, config, period: "2026-05").notices()
        let notice = try #require(notices.first { $0.departmentId == "soumu" })
        let lines = notice.text.split(separator: "\n", omittingEmptySubsequences: false)
        let person = try #require(lines.first { $0.hasPrefix("・職員 ") }, "\(notice.text)")
        // Cut to 30 characters, on one line.
        #expect(person.hasPrefix("・職員 =cmd|' /C calc'!A0 <script>"), "\(person)")
        #expect(person.contains("人事データにないアカウント"))
        #expect(lines.filter { $0.hasPrefix("報告書:") }.count == 1, "\(notice.text)")
        #expect(notice.text.contains("うち職員アカウントの指摘 1件です。"))
    }
}
