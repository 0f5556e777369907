import Foundation
import Logging
import LWGovAnalysis
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
    }

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
        let config = LWGovModel.Configuration()
        let extractor = Extractor(store: store, options: StoreOptions(departmentLevel: 2, civilTime: tokyo), logger: Logger(label: "t"))
        let analyzer = Analyzer(store: store, settings: AnalysisSettings(configuration: config, civilTime: tokyo), logger: Logger(label: "t"))
        for snapshot in expected.snapshots {
            let dir = Self.root.appendingPathComponent("SampleData").appendingPathComponent(URL(fileURLWithPath: snapshot.dir).lastPathComponent)
            _ = try extractor.extract(directory: dir.path)
            _ = try analyzer.analyzePending()
        }
        return (store, expected)
    }

    @Test func everyMonthMatchesTheOracleFindingByFinding() throws {
        let (store, expected) = try analyseSampleData()
        let analysed = try store.analysedSnapshots()
        #expect(analysed.map(\.period) == expected.snapshots.map(\.period))
        for (info, want) in zip(analysed, expected.snapshots) {
            let states = try store.findingStates(snapshotId: info.id)
            let present = states.filter(\.status.isPresent)
            let mine = Set(present.map { "\($0.key.rule.rawValue) \($0.key.groupId) \($0.key.subject) \($0.status.rawValue) \(tokyo.day($0.firstSeen))" })
            let theirs = Set(want.findings.map { "\($0.rule) \($0.group) \($0.subject) \($0.status ?? "") \($0.firstSeen ?? "")" })
            #expect(mine.subtracting(theirs).sorted() == [], "\(want.period): found but not planted")
            #expect(theirs.subtracting(mine).sorted() == [], "\(want.period): planted but not found")
            let resolved = Set(states.filter { $0.status == .resolved }.map { "\($0.key.rule.rawValue) \($0.key.groupId) \($0.key.subject)" })
            #expect(resolved == Set(want.resolved.map { "\($0.rule) \($0.group) \($0.subject)" }), "\(want.period): resolved")
            let homes = Dictionary(uniqueKeysWithValues: try store.groupSummaries(snapshotId: info.id).map { ($0.groupId, $0.homeDepartments) })
            for (group, departments) in want.homeDepartments {
                #expect(homes[group] == departments.sorted(), "\(want.period): home departments of \(group)")
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
