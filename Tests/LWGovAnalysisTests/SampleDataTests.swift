import Foundation
import Logging
@testable import LWGovAnalysis
import LWGovExtract
import LWGovModel
import LWGovStore
import Testing

/// The shape of `SampleData/expected.json`, written by `scripts/gen-sampledata.py` from the
/// independent Python reading of the SPEC (`scripts/oracle.py`).
private struct Expected: Decodable {
    struct Snapshot: Decodable {
        var dir: String
        var period: String
        var findings: [Item]
        var resolved: [Item]
        var counts: [String: Int]
        var statusCounts: [String: Int]
        var homeDepartments: [String: [String]]
    }

    struct Item: Decodable {
        var rule: String
        var group: String
        var subject: String
        var status: String?
        var firstSeen: String?
        /// Managers near the group who do not count, for no-manager and missing-department-manager.
        var near: [Near]?
        /// For retired-account-active: the groups the retiree is still a direct member or master of.
        var groups: Int?
        /// The due date and whether it has passed (SPEC 3.6), for a present finding.
        var due: String?
        var overdue: Bool?
    }

    struct Near: Decodable {
        var user: String
        var why: String
    }

    struct Config: Decodable {
        var hrIgnoreUsers: [String]

        enum CodingKeys: String, CodingKey { case hrIgnoreUsers = "hr_ignore_users" }
    }

    var config: Config
    var snapshots: [Snapshot]
}

@Suite(.serialized) struct SampleDataTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let tokyo = CivilTime(identifier: "Asia/Tokyo")!

    private func analyseSampleData() throws -> (Store, Expected) {
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: Self.root.appendingPathComponent("SampleData/expected.json"))
        )
        let store = try Store.inMemory()
        let extractor = Extractor(store: store, options: StoreOptions(departmentLevel: 2, civilTime: tokyo), logger: Logger(label: "t"))
        let analyzer = Analyzer(
            store: store, settings: AnalysisSettings(civilTime: tokyo, ignoreUsers: expected.config.hrIgnoreUsers), logger: Logger(label: "t")
        )
        for snapshot in expected.snapshots {
            let dir = Self.root.appendingPathComponent("SampleData").appendingPathComponent(URL(fileURLWithPath: snapshot.dir).lastPathComponent)
            _ = try extractor.extract(directory: dir.path)
            _ = try analyzer.analyzePending()
        }
        return (store, expected)
    }

    /// The trend and remediation aggregates saved with each analysis equal a replay of every
    /// stored finding state (what reports computed before the aggregates existed), and survive
    /// re-analysing the first month.
    @Test func periodAggregatesEqualAReplayOfTheWholeHistory() throws {
        let (store, _) = try analyseSampleData()
        func replay(_ info: SnapshotInfo) throws -> PeriodHistory {
            var replayed = PeriodHistory()
            var present: [FindingKey: Int] = [:]
            var reopened: [String: Set<String>] = [:]
            for row in try store.findingHistory(upTo: info.takenAt) {
                let departments = row.departments.isEmpty ? [""] : row.departments
                if row.status == .resolved {
                    for d in departments {
                        replayed.resolved[d, default: (0, 0)].total += 1
                        if present[row.key] == 1 { replayed.resolved[d, default: (0, 0)].withinOnePeriod += 1 }
                    }
                    present[row.key] = 0
                } else {
                    present[row.key, default: 0] += 1
                    if row.status != .waived { replayed.openByRule[row.snapshotId, default: [:]][row.key.rule, default: 0] += 1 }
                    if row.status == .reopened { for d in departments { reopened[d, default: []].insert(row.key.groupId) } }
                }
            }
            replayed.reopenedGroups = reopened.mapValues(\.count)
            let current = Set(try store.findingStates(snapshotId: info.id).filter(\.status.isPresent).map(\.key))
            replayed.periodsPresent = present.filter { current.contains($0.key) }
            return replayed
        }
        func check(_ label: String) throws {
            let analysed = try store.analysedSnapshots()
            #expect(analysed.count == 4)
            for info in analysed {
                let saved = try store.periodHistory(upTo: info)
                let replayed = try replay(info)
                #expect(saved.openByRule == replayed.openByRule, "\(label) \(info.period): trend")
                #expect(saved.resolved.mapValues { [$0.total, $0.withinOnePeriod] } == replayed.resolved.mapValues { [$0.total, $0.withinOnePeriod] }, "\(label) \(info.period): resolved")
                #expect(saved.reopenedGroups == replayed.reopenedGroups, "\(label) \(info.period): reopened")
                #expect(saved.periodsPresent == replayed.periodsPresent, "\(label) \(info.period): periods present")
            }
            // SampleData has findings resolved at once, findings open for several months and reopened ones.
            let last = try store.periodHistory(upTo: try #require(analysed.last))
            #expect(last.resolved.values.contains { $0.withinOnePeriod > 0 && $0.withinOnePeriod < $0.total })
            #expect(last.periodsPresent.values.contains { $0 >= 3 })
            #expect(last.reopenedGroups.values.contains { $0 > 0 })
        }
        try check("first analysis")
        let first = try #require(try store.analysedSnapshots().first)
        let analyzer = Analyzer(
            store: store, settings: AnalysisSettings(civilTime: tokyo, ignoreUsers: ["dx-kyoyo@midorikawa.example.jp"]),
            logger: Logger(label: "t")
        )
        _ = try analyzer.analyze(snapshotId: first.id)
        try check("after re-analysis")
    }

    @Test func everyMonthMatchesTheOracleFindingByFinding() throws {
        let (store, expected) = try analyseSampleData()
        let analysed = try store.analysedSnapshots()
        #expect(analysed.map(\.period) == expected.snapshots.map(\.period))
        for (info, want) in zip(analysed, expected.snapshots) {
            let states = try store.findingStates(snapshotId: info.id)
            let present = states.filter(\.status.isPresent)
            // The due date and overdue flag (SPEC 3.6) are compared with the oracle's too.
            let mine = Set(present.map {
                "\($0.key.rule.rawValue) \($0.key.groupId) \($0.key.subject) \($0.status.rawValue) \(tokyo.day($0.firstSeen)) due \($0.deadline?.due ?? "-") \($0.deadline?.overdue ?? false)"
            })
            let theirs = Set(want.findings.map {
                "\($0.rule) \($0.group) \($0.subject) \($0.status ?? "") \($0.firstSeen ?? "") due \($0.due ?? "-") \($0.overdue ?? false)"
            })
            #expect(mine.subtracting(theirs).sorted() == [], "\(want.period): found but not planted")
            #expect(theirs.subtracting(mine).sorted() == [], "\(want.period): planted but not found")
            let resolved = Set(states.filter { $0.status == .resolved }.map { "\($0.key.rule.rawValue) \($0.key.groupId) \($0.key.subject)" })
            #expect(resolved == Set(want.resolved.map { "\($0.rule) \($0.group) \($0.subject)" }), "\(want.period): resolved")
            // A retiree's evidence counts the groups they are still in, as the oracle does.
            for item in want.findings where item.rule == RuleID.retiredAccountActive.rawValue {
                let record = try #require(present.first { $0.key.rule == .retiredAccountActive && $0.key.subject == item.subject })
                let shown = record.finding.evidence.first { $0.label == "残っているグループ" }?.value ?? ""
                let count = try #require(item.groups, "\(want.period): the oracle counts \(item.subject)'s groups")
                #expect(count == 0 ? shown == "なし" : shown.hasPrefix("\(count)件："), "\(want.period): \(item.subject) groups: \(shown)")
            }
            let homes = Dictionary(uniqueKeysWithValues: try store.groupSummaries(snapshotId: info.id).map { ($0.groupId, $0.homeDepartments) })
            for (group, departments) in want.homeDepartments {
                #expect(homes[group] == departments.sorted(), "\(want.period): home departments of \(group)")
            }
        }
    }

    /// The managers each no-manager and missing-department-manager finding names as near but not
    /// counted (SPEC 3.0), and why, are those of the oracle.
    @Test func nearManagersMatchTheOracle() throws {
        let (store, expected) = try analyseSampleData()
        let settings = AnalysisSettings(civilTime: tokyo)
        func why(_ reason: NearManager.Reason) -> String {
            switch reason {
            case .onLeave: "on-leave"
            case .masterNotMember: "master-not-member"
            case .teamFeatureOff: "team-feature-off"
            }
        }
        for (info, want) in zip(try store.analysedSnapshots(), expected.snapshots) {
            let snapshot = try store.loadSnapshot(id: info.id)
            var index = DirectoryIndex(snapshot: snapshot, departmentLevel: settings.departmentLevel, managerPositions: settings.managerPositions)
            let membership = EffectiveMembership(groups: snapshot.groups, index: &index)
            let position = Dictionary(uniqueKeysWithValues: snapshot.groups.enumerated().map { ($1.id, $0) })
            var named = 0
            for item in want.findings where item.rule == "no-manager" || item.rule == "missing-department-manager" {
                let i = try #require(position[item.group])
                let context = GroupContext(
                    group: snapshot.groups[i], position: i, index: index, membership: membership, groups: snapshot.groups,
                    history: StalenessHistory(), civilTime: tokyo, snapshotTakenAt: snapshot.takenAt, graceDays: 30,
                    responsibleSection: "", countOnLeave: false
                )
                let mine = context.nearManagers(of: item.subject.isEmpty ? nil : item.subject)
                    .map { "\(index.userIds[Int($0.user)]) \(why($0.reason))" }
                let theirs = (item.near ?? []).map { "\($0.user) \($0.why)" }
                #expect(mine == theirs, "\(want.period): \(item.rule) \(item.group) \(item.subject)")
                if !theirs.isEmpty { named += 1 }
            }
            if ["2026-04", "2026-05"].contains(want.period) {
                #expect(named >= 5, "\(want.period): the planted near managers")
            }
        }
    }

    @Test func aprilAndMayHaveEveryRuleAndTheCountsThatWerePlanted() throws {
        let (store, expected) = try analyseSampleData()
        for (info, want) in zip(try store.analysedSnapshots(), expected.snapshots) where ["2026-04", "2026-05"].contains(info.period) {
            let states = try store.findingStates(snapshotId: info.id)
            var byRule: [String: Int] = [:]
            var byStatus: [String: Int] = [:]
            for record in states {
                byStatus[record.status.rawValue, default: 0] += 1
                if record.status.isPresent { byRule[record.key.rule.rawValue, default: 0] += 1 }
            }
            for rule in RuleID.allCases {
                #expect((byRule[rule.rawValue] ?? 0) > 0, "\(info.period): \(rule.rawValue) never fires")
                #expect(byRule[rule.rawValue] ?? 0 == want.counts[rule.rawValue] ?? -1, "\(info.period): \(rule.rawValue)")
            }
            for (status, count) in want.statusCounts {
                #expect(byStatus[status] ?? 0 == count, "\(info.period): status \(status)")
            }
        }
    }
}
