import Foundation
import LWGovAnalysis
import LWGovModel
import LWGovStore
import Testing

/// The finding lifecycle (SPEC 3.1) and waivers (SPEC 3.4), month by month through the store.
struct LifecycleTests {
    /// 佐藤 alone as master, no manager: `no-manager` and `single-master`.
    private static let oneMaster = group("g1", "文書管理", masters: ["sato"], users: ["sato", "kato"])
    /// Fixed: 山田 課長 joins as a second master.
    private static let twoMasters = group("g1", "文書管理", masters: ["yamada", "sato"], users: ["yamada", "sato", "kato"])
    /// A group that is always compliant, so the directory never looks shrunken.
    private static let bystander = group("g9", "職員互助会", masters: ["ito", "takahashi"], users: ["ito", "takahashi", "tanaka"])

    private static let single = key(.singleMaster, "g1")

    @Test func newOpenResolvedReopenedKeepsTheFirstSeen() throws {
        let h = try History()
        let jan = try h.add(snapshot(at: "2026-01-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        let feb = try h.add(snapshot(at: "2026-02-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        let mar = try h.add(snapshot(at: "2026-03-01T06:00:00+09:00", groups: [Self.twoMasters, Self.bystander]))
        let apr = try h.add(snapshot(at: "2026-04-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        let may = try h.add(snapshot(at: "2026-05-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))

        #expect(try h.status(Self.single, at: jan) == .new)
        #expect(try h.status(Self.single, at: feb) == .open)
        #expect(try h.status(Self.single, at: mar) == .resolved)
        #expect(try h.status(Self.single, at: apr) == .reopened)
        #expect(try h.status(Self.single, at: may) == .open)
        for month in [jan, feb, mar, apr, may] {
            #expect(try h.state(Self.single, at: month)?.firstSeen == at("2026-01-01T06:00:00+09:00"))
        }
        // The compliant group never shows up.
        #expect(try h.states(may).allSatisfy { $0.key.groupId == "g1" })
    }

    @Test func aResolvedFindingIsRecordedOnlyWithTheSnapshotThatResolvedIt() throws {
        let h = try History()
        try h.add(snapshot(at: "2026-01-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        let feb = try h.add(snapshot(at: "2026-02-01T06:00:00+09:00", groups: [Self.twoMasters, Self.bystander]))
        let mar = try h.add(snapshot(at: "2026-03-01T06:00:00+09:00", groups: [Self.twoMasters, Self.bystander]))
        #expect(try h.states(feb).map(\.key) == [key(.noManager, "g1"), Self.single])
        #expect(try h.states(feb).allSatisfy { $0.status == .resolved })
        #expect(try h.states(mar).isEmpty)
    }

    @Test func firstSeenIsTheSnapshotWhereTheFindingAppeared() throws {
        let h = try History()
        try h.add(snapshot(at: "2026-01-01T06:00:00+09:00", groups: [Self.twoMasters, Self.bystander]))
        let feb = try h.add(snapshot(at: "2026-02-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        let mar = try h.add(snapshot(at: "2026-03-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        #expect(try h.state(Self.single, at: feb)?.status == .new)
        #expect(try h.state(Self.single, at: mar)?.firstSeen == at("2026-02-01T06:00:00+09:00"))
    }

    @Test func analysingTheSameSnapshotAgainGivesTheSameStates() throws {
        let h = try History()
        let waiver = try h.store.addWaiver(
            rule: .noManager, groupId: "g1", subject: nil, until: "2026-02-28", reason: "体制見直し中", grantedBy: "ＤＸ推進課 木村"
        )
        let months = [
            try h.add(snapshot(at: "2026-01-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander])),
            try h.add(snapshot(at: "2026-02-01T06:00:00+09:00", groups: [Self.twoMasters, Self.bystander])),
            try h.add(snapshot(at: "2026-03-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander])),
            try h.add(snapshot(at: "2026-04-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander])),
        ]
        let before = try months.map { try h.states($0) }
        let summaries = try months.map { try h.store.groupSummaries(snapshotId: $0) }
        #expect(before[0].contains { $0.status == .waived && $0.waiverId == waiver.id })

        let redone = try h.analyzer.analyze(snapshotId: months[1])
        #expect(redone.map(\.snapshot.id) == Array(months[1...]))
        #expect(try months.map { try h.states($0) } == before)
        #expect(try months.map { try h.store.groupSummaries(snapshotId: $0) } == summaries)

        _ = try h.analyzer.analyze(snapshotId: months[3])
        _ = try h.analyzer.analyze(snapshotId: months[3])
        #expect(try months.map { try h.states($0) } == before)
    }

    @Test func aDisappearingGroupResolvesItsFindingsAndReopensThemWhenItReturns() throws {
        let h = try History()
        let jan = try h.add(snapshot(at: "2026-01-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        let feb = try h.add(snapshot(at: "2026-02-01T06:00:00+09:00", groups: [Self.bystander]))
        let mar = try h.add(snapshot(at: "2026-03-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        let found = try h.states(jan).map(\.key)
        #expect(found == [key(.noManager, "g1"), key(.singleMaster, "g1")])
        #expect(try h.states(feb).map(\.key) == found)
        #expect(try h.states(feb).allSatisfy { $0.status == .resolved })
        #expect(try h.states(mar).map(\.key) == found)
        #expect(try h.states(mar).allSatisfy { $0.status == .reopened && $0.firstSeen == at("2026-01-01T06:00:00+09:00") })
    }

    // MARK: Waivers

    @Test func aWaiverMarksTheFindingWaivedUntilTheEndOfItsDay() throws {
        let h = try History()
        let waiver = try h.store.addWaiver(
            rule: .singleMaster, groupId: "g1", subject: nil, until: "2026-02-01", reason: "後任マスター調整中", grantedBy: "ＤＸ推進課 木村"
        )
        let jan = try h.add(snapshot(at: "2026-01-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        let lastDay = try h.add(snapshot(at: "2026-02-01T23:59:59+09:00", groups: [Self.oneMaster, Self.bystander]))
        let after = try h.add(snapshot(at: "2026-02-02T00:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        let janRecord = try #require(try h.state(Self.single, at: jan))
        #expect(janRecord.status == .waived)
        #expect(janRecord.waiverId == waiver.id)
        #expect(try h.status(Self.single, at: lastDay) == .waived)
        // Expired; it was never open before, so it is new, still first seen in January.
        let afterRecord = try #require(try h.state(Self.single, at: after))
        #expect(afterRecord.status == .new)
        #expect(afterRecord.waiverId == nil)
        #expect(afterRecord.firstSeen == at("2026-01-01T06:00:00+09:00"))
        // Other findings of the group are not waived.
        #expect(try h.status(key(.noManager, "g1"), at: jan) == .new)
    }

    @Test func anExpiredWaiverOfAFindingThatWasOpenBringsItBackOpen() throws {
        let h = try History()
        let jan = try h.add(snapshot(at: "2026-01-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        _ = try h.store.addWaiver(
            rule: .singleMaster, groupId: "g1", subject: nil, until: "2026-02-28", reason: "後任マスター調整中", grantedBy: "ＤＸ推進課 木村"
        )
        let feb = try h.add(snapshot(at: "2026-02-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        let mar = try h.add(snapshot(at: "2026-03-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        let apr = try h.add(snapshot(at: "2026-04-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        #expect(try h.status(Self.single, at: jan) == .new)
        #expect(try h.status(Self.single, at: feb) == .waived)
        #expect(try h.status(Self.single, at: mar) == .open)
        #expect(try h.status(Self.single, at: apr) == .open)
        #expect(try h.state(Self.single, at: mar)?.firstSeen == at("2026-01-01T06:00:00+09:00"))
    }

    @Test func aWildcardWaiverCoversTheRuleInEveryGroup() throws {
        let h = try History()
        let waiver = try h.store.addWaiver(
            rule: .singleMaster, groupId: "*", subject: nil, until: "2026-12-31", reason: "全庁で段階導入", grantedBy: "ＤＸ推進課 木村"
        )
        let jan = try h.add(snapshot(at: "2026-01-01T06:00:00+09:00", groups: [
            group("g1", masters: ["sato"], users: ["sato", "kato"]),
            group("g2", masters: ["tanaka"], users: ["tanaka"]),
        ]))
        let states = try h.states(jan)
        #expect(states.filter { $0.key.rule == .singleMaster }.map(\.key) == [key(.singleMaster, "g1"), key(.singleMaster, "g2")])
        #expect(states.filter { $0.key.rule == .singleMaster }.allSatisfy { $0.status == .waived && $0.waiverId == waiver.id })
        // Only that rule.
        #expect(states.filter { $0.key.rule == .noManager }.map(\.status) == [.new, .new])
    }

    @Test func aWaiverWithASubjectCoversOnlyThatSubject() throws {
        let h = try History()
        _ = try h.store.addWaiver(
            rule: .inactiveMember, groupId: "g1", subject: "ghost", until: "2026-12-31", reason: "アカウント整理中", grantedBy: "ＤＸ推進課 木村"
        )
        let jan = try h.add(snapshot(at: "2026-01-01T06:00:00+09:00", groups: [
            group("g1", masters: ["yamada", "sato"], users: ["yamada", "sato", "ghost", "phantom"]),
        ]))
        #expect(try h.status(key(.inactiveMember, "g1", "ghost"), at: jan) == .waived)
        #expect(try h.status(key(.inactiveMember, "g1", "phantom"), at: jan) == .new)
    }

    @Test func aWaiverForAnotherGroupDoesNotApply() throws {
        let h = try History()
        _ = try h.store.addWaiver(
            rule: .singleMaster, groupId: "g2", subject: nil, until: "2026-12-31", reason: "別グループ", grantedBy: "ＤＸ推進課 木村"
        )
        let jan = try h.add(snapshot(at: "2026-01-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        #expect(try h.status(Self.single, at: jan) == .new)
    }

    @Test func aRevokedWaiverNoLongerApplies() throws {
        let h = try History()
        let waiver = try h.store.addWaiver(
            rule: .singleMaster, groupId: "g1", subject: nil, until: "2026-12-31", reason: "後任マスター調整中", grantedBy: "ＤＸ推進課 木村"
        )
        let jan = try h.add(snapshot(at: "2026-01-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        try h.store.revokeWaiver(id: waiver.id)
        let feb = try h.add(snapshot(at: "2026-02-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        #expect(try h.status(Self.single, at: jan) == .waived)
        // Never open before: it comes back new, first seen in January.
        #expect(try h.status(Self.single, at: feb) == .new)
        #expect(try h.state(Self.single, at: feb)?.firstSeen == at("2026-01-01T06:00:00+09:00"))
    }

    @Test func aWaiverRevokedBeforeTheAnalysisNeverApplies() throws {
        let h = try History()
        let waiver = try h.store.addWaiver(
            rule: .singleMaster, groupId: "*", subject: nil, until: "2026-12-31", reason: "誤登録", grantedBy: "ＤＸ推進課 木村"
        )
        try h.store.revokeWaiver(id: waiver.id)
        let jan = try h.add(snapshot(at: "2026-01-01T06:00:00+09:00", groups: [Self.oneMaster, Self.bystander]))
        #expect(try h.status(Self.single, at: jan) == .new)
    }
}
