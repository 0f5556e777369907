import Foundation
import LWGovAnalysis
import LWGovModel
import LWGovStore
import Testing

/// Due dates, overdue and plans (SPEC 3.6), month by month through the store.
struct DeadlineTests {
    /// Private, two masters, the 課長 a member: only `not-public` (high).
    private static let privateGroup = group("g1", "文書管理", visible: false, masters: ["yamada", "sato"], users: ["yamada", "sato", "kato"])
    /// The same group made public: the finding is resolved.
    private static let publicGroup = group("g1", "文書管理", masters: ["yamada", "sato"], users: ["yamada", "sato", "kato"])
    /// One master, the 課長 a member: only `single-master` (medium).
    private static let oneMaster = group("g2", "庶務", masters: ["yamada"], users: ["yamada", "sato"])
    /// A suspended account left in the group: `inactive-member` (low).
    private static let leftBehind = group("g3", "窓口", masters: ["yamada", "sato"], users: ["yamada", "sato", "kimura"])
    /// A group that is always compliant, so the directory never looks shrunken.
    private static let bystander = group("g9", "職員互助会", masters: ["ito", "takahashi"], users: ["ito", "takahashi", "tanaka"])

    private static let kimura = user("kimura", "木村 三郎", in: Unit.somuKa, position: "主事", account: .suspended)
    private static let users = Cast.everyone(replacing: [kimura])

    private static let notPublic = key(.notPublic, "g1")

    private static func month(_ time: String, _ groups: [Group] = [DeadlineTests.privateGroup, DeadlineTests.bystander]) -> DirectorySnapshot {
        snapshot(at: time, users: users, groups: groups)
    }

    private func plans(_ h: History) -> RemediationPlans { RemediationPlans(store: h.store, settings: h.settings) }

    // MARK: Default due dates

    @Test("A high finding first seen 2026-04-01 is due 2026-04-15: not overdue on that day at any hour, overdue the next day")
    func highIsDueInFourteenDays() throws {
        for (time, overdue) in [
            ("2026-04-15T00:00:00+09:00", false), ("2026-04-15T23:59:59+09:00", false), ("2026-04-16T00:00:00+09:00", true),
            ("2026-04-16T06:00:00+09:00", true),
        ] {
            let h = try History()
            let first = try h.add(Self.month("2026-04-01T06:00:00+09:00"))
            let later = try h.add(Self.month(time))
            let opened = try #require(try h.state(Self.notPublic, at: first))
            #expect(opened.finding.severity == .high)
            #expect(opened.openedAt == at("2026-04-01T06:00:00+09:00"))
            #expect(opened.deadline == Deadline(due: "2026-04-15", overdue: false))
            let state = try #require(try h.state(Self.notPublic, at: later))
            #expect(state.status == .open)
            #expect(state.deadline == Deadline(due: "2026-04-15", overdue: overdue), "at \(time)")
        }
    }

    @Test("Medium findings are due in 30 days and low ones in 60")
    func mediumAndLow() throws {
        let h = try History()
        let apr = try h.add(Self.month("2026-04-01T06:00:00+09:00", [Self.oneMaster, Self.leftBehind, Self.bystander]))
        let single = try #require(try h.states(apr).first { $0.key.rule == .singleMaster })
        #expect(single.finding.severity == .medium)
        #expect(single.deadline == Deadline(due: "2026-05-01", overdue: false))
        let inactive = try #require(try h.states(apr).first { $0.key.rule == .inactiveMember })
        #expect(inactive.finding.severity == .low)
        #expect(inactive.deadline == Deadline(due: "2026-05-31", overdue: false))
        // On 5/2 the medium one is overdue, the low one not yet.
        let may = try h.add(Self.month("2026-05-02T06:00:00+09:00", [Self.oneMaster, Self.leftBehind, Self.bystander]))
        #expect(try h.states(may).first { $0.key.rule == .singleMaster }?.deadline == Deadline(due: "2026-05-01", overdue: true))
        #expect(try h.states(may).first { $0.key.rule == .inactiveMember }?.deadline == Deadline(due: "2026-05-31", overdue: false))
    }

    @Test("A configured remediation.due_days is followed")
    func configuredDueDays() throws {
        let h = try History(settings: settings { $0.dueDays = DueDays(high: 3, medium: 10, low: 100) })
        let apr = try h.add(Self.month("2026-04-01T06:00:00+09:00", [Self.privateGroup, Self.oneMaster, Self.leftBehind, Self.bystander]))
        let due = Dictionary(uniqueKeysWithValues: try h.states(apr).map { ($0.key.rule, $0.deadline?.due) })
        #expect(due[.notPublic] == "2026-04-04")
        #expect(due[.singleMaster] == "2026-04-11")
        #expect(due[.inactiveMember] == "2026-07-10")
        let fifth = try h.add(Self.month("2026-04-05T06:00:00+09:00", [Self.privateGroup, Self.oneMaster, Self.leftBehind, Self.bystander]))
        #expect(try h.state(Self.notPublic, at: fifth)?.deadline?.overdue == true)
    }

    // MARK: When it last became open

    @Test("A reopened finding counts from the reopening snapshot, and an open after that keeps the reopen date")
    func reopenedCountsFromTheReopening() throws {
        let h = try History()
        try h.add(Self.month("2026-01-01T06:00:00+09:00"))
        let feb = try h.add(Self.month("2026-02-01T06:00:00+09:00", [Self.publicGroup, Self.bystander]))
        let mar = try h.add(Self.month("2026-03-01T06:00:00+09:00"))
        let apr = try h.add(Self.month("2026-04-01T06:00:00+09:00"))
        #expect(try h.status(Self.notPublic, at: feb) == .resolved)
        #expect(try h.state(Self.notPublic, at: feb)?.deadline == nil)
        let reopened = try #require(try h.state(Self.notPublic, at: mar))
        #expect(reopened.status == .reopened)
        #expect(reopened.firstSeen == at("2026-01-01T06:00:00+09:00"))
        #expect(reopened.openedAt == at("2026-03-01T06:00:00+09:00"))
        #expect(reopened.deadline == Deadline(due: "2026-03-15", overdue: false))
        let open = try #require(try h.state(Self.notPublic, at: apr))
        #expect(open.status == .open)
        #expect(open.openedAt == at("2026-03-01T06:00:00+09:00"))
        #expect(open.deadline == Deadline(due: "2026-03-15", overdue: true))
    }

    @Test("Waived findings have no deadline; back from an expired waiver a finding counts from that snapshot")
    func waiverExpiryCountsFromThatSnapshot() throws {
        // Never open before: waived from the start, new when the waiver ends.
        let h = try History()
        let waiver = try h.store.addWaiver(
            rule: .notPublic, groupId: "g1", subject: nil, until: "2026-04-30", reason: "移行中", grantedBy: "ＤＸ推進課 木村"
        )
        let apr = try h.add(Self.month("2026-04-01T06:00:00+09:00"))
        let may = try h.add(Self.month("2026-05-01T06:00:00+09:00"))
        let waived = try #require(try h.state(Self.notPublic, at: apr))
        #expect(waived.status == .waived && waived.waiverId == waiver.id)
        #expect(waived.deadline == nil)
        #expect(waived.openedAt == nil)
        let back = try #require(try h.state(Self.notPublic, at: may))
        #expect(back.status == .new)
        #expect(back.firstSeen == at("2026-04-01T06:00:00+09:00"))
        #expect(back.openedAt == at("2026-05-01T06:00:00+09:00"))
        #expect(back.deadline == Deadline(due: "2026-05-15", overdue: false))

        // Open, then waived, then back open: it counts from the snapshot it came back in.
        let g = try History()
        try g.add(Self.month("2026-01-01T06:00:00+09:00"))
        _ = try g.store.addWaiver(rule: .notPublic, groupId: "g1", subject: nil, until: "2026-02-28", reason: "移行中", grantedBy: "ＤＸ推進課")
        let feb = try g.add(Self.month("2026-02-01T06:00:00+09:00"))
        let mar = try g.add(Self.month("2026-03-01T06:00:00+09:00"))
        #expect(try g.state(Self.notPublic, at: feb)?.deadline == nil)
        let again = try #require(try g.state(Self.notPublic, at: mar))
        #expect(again.status == .open)
        #expect(again.deadline == Deadline(due: "2026-03-15", overdue: false))
    }

    // MARK: Plans

    @Test("A plan's date replaces the default at once, overdue or not; a second plan replaces the first")
    func planReplacesTheDefault() throws {
        let h = try History()
        let apr = try h.add(Self.month("2026-04-01T06:00:00+09:00"))
        let created = at("2026-04-02T10:00:00+09:00")
        // A date already passed at the snapshot: overdue.
        let first = try plans(h).plan(Self.notPublic, due: "2026-03-31", note: "公開に変更", by: "総務課 山田", at: created)
        #expect(first.key == Self.notPublic && first.due == "2026-03-31" && first.endedAt == nil)
        #expect(try h.state(Self.notPublic, at: apr)?.deadline == Deadline(due: "2026-03-31", overdue: true, planId: first.id))
        // A later one replaces it and is not overdue.
        let second = try plans(h).plan(Self.notPublic, due: "2026-06-30", note: "担当者会議で公開に変更", by: "総務課 山田 課長", at: created)
        #expect(second.id != first.id)
        #expect(try h.state(Self.notPublic, at: apr)?.deadline == Deadline(due: "2026-06-30", overdue: false, planId: second.id))
        let all = try h.store.plans(includeEnded: true)
        #expect(all.map(\.id) == [second.id, first.id])
        #expect(all.last?.ending == .replaced)
        #expect(all.last?.endedAt != nil)
        #expect(try h.store.plans().map(\.id) == [second.id])

        // The next analysis keeps the plan's date: due 6/30 is not overdue on 5/1, but is on 7/1.
        let may = try h.add(Self.month("2026-05-01T06:00:00+09:00"))
        #expect(try h.state(Self.notPublic, at: may)?.deadline == Deadline(due: "2026-06-30", overdue: false, planId: second.id))
        let jul = try h.add(Self.month("2026-07-01T06:00:00+09:00"))
        #expect(try h.state(Self.notPublic, at: jul)?.deadline == Deadline(due: "2026-06-30", overdue: true, planId: second.id))
    }

    @Test("A plan can make an overdue finding not overdue")
    func planLiftsOverdue() throws {
        let h = try History()
        try h.add(Self.month("2026-04-01T06:00:00+09:00"))
        let may = try h.add(Self.month("2026-05-01T06:00:00+09:00"))
        #expect(try h.state(Self.notPublic, at: may)?.deadline == Deadline(due: "2026-04-15", overdue: true))
        let plan = try plans(h).plan(Self.notPublic, due: "2026-05-01", note: "今月中に公開", by: "総務課", at: at("2026-05-01T09:00:00+09:00"))
        // Due on the snapshot's own day: not overdue.
        #expect(try h.state(Self.notPublic, at: may)?.deadline == Deadline(due: "2026-05-01", overdue: false, planId: plan.id))
    }

    @Test("A plan ends when its finding is resolved; a later reopen has no plan and counts from the reopen")
    func planEndsWithTheFinding() throws {
        let h = try History()
        try h.add(Self.month("2026-04-01T06:00:00+09:00"))
        let plan = try plans(h).plan(Self.notPublic, due: "2026-04-30", note: "公開に変更", by: "総務課", at: at("2026-04-02T10:00:00+09:00"))
        let may = try h.add(Self.month("2026-05-01T06:00:00+09:00", [Self.publicGroup, Self.bystander]))
        #expect(try h.status(Self.notPublic, at: may) == .resolved)
        #expect(try h.store.plans().isEmpty)
        let ended = try #require(try h.store.plan(id: plan.id))
        #expect(ended.ending == .resolved)
        #expect(ended.endedAt == at("2026-05-01T06:00:00+09:00"))

        let jun = try h.add(Self.month("2026-06-01T06:00:00+09:00"))
        let reopened = try #require(try h.state(Self.notPublic, at: jun))
        #expect(reopened.status == .reopened)
        #expect(reopened.deadline == Deadline(due: "2026-06-15", overdue: false))
        #expect(reopened.deadline?.planId == nil)
    }

    @Test("Analyses dropped by a re-analysis or by forget give back the plans they ended as resolved; an unplanned one stays ended")
    func droppedAnalysesGiveBackTheirPlans() throws {
        let h = try History()
        let april = try h.add(Self.month("2026-04-01T06:00:00+09:00", [Self.privateGroup, Self.oneMaster, Self.bystander]))
        let kept = try plans(h).plan(Self.notPublic, due: "2026-04-30", note: "公開に変更", by: "総務課", at: at("2026-04-02T10:00:00+09:00"))
        let oneMaster = key(.singleMaster, "g2")
        let dropped = try plans(h).plan(oneMaster, due: "2026-04-30", note: "副管理者を追加", by: "総務課", at: at("2026-04-02T10:00:00+09:00"))
        // May: g1 made public (its plan ends as resolved); the plan for g2 is withdrawn.
        let may = try h.add(Self.month("2026-05-01T06:00:00+09:00", [Self.publicGroup, Self.oneMaster, Self.bystander]))
        try plans(h).unplan(id: dropped.id, at: at("2026-05-02T10:00:00+09:00"))
        #expect(try h.store.plan(id: kept.id)?.ending == .resolved)

        // Re-analysing April: April is analysed again with the plan in force, May ends it again.
        _ = try h.analyzer.analyze(snapshotId: april)
        #expect(try h.state(Self.notPublic, at: april)?.deadline == Deadline(due: "2026-04-30", overdue: false, planId: kept.id))
        #expect(try h.store.plan(id: kept.id)?.ending == .resolved)

        // Forgetting May (say its export was broken): the plan is in force again, the withdrawn one is not.
        _ = try h.store.forget(snapshotId: may)
        #expect(try h.store.plans().map(\.id) == [kept.id])
        #expect(try h.store.plan(id: dropped.id)?.ending == .unplanned)
        #expect(try h.state(Self.notPublic, at: april)?.deadline?.planId == kept.id)
    }

    @Test("unplan restores the default due date in the newest analysis and ends the plan")
    func unplanRestoresTheDefault() throws {
        let h = try History()
        try h.add(Self.month("2026-04-01T06:00:00+09:00"))
        let may = try h.add(Self.month("2026-05-01T06:00:00+09:00"))
        let plan = try plans(h).plan(Self.notPublic, due: "2026-05-31", note: "公開に変更", by: "総務課", at: at("2026-05-02T10:00:00+09:00"))
        #expect(try h.state(Self.notPublic, at: may)?.deadline?.planId == plan.id)
        try plans(h).unplan(id: plan.id, at: at("2026-05-03T10:00:00+09:00"))
        #expect(try h.state(Self.notPublic, at: may)?.deadline == Deadline(due: "2026-04-15", overdue: true))
        let ended = try #require(try h.store.plan(id: plan.id))
        #expect(ended.ending == .unplanned)
        #expect(ended.endedAt == at("2026-05-03T10:00:00+09:00"))
        // Ending it twice, or a plan that never was, is a usage error.
        let again = #expect(throws: StoreError.self) { try plans(h).unplan(id: plan.id) }
        #expect(again?.kind == .usage)
        let unknown = #expect(throws: StoreError.self) { try plans(h).unplan(id: 999) }
        #expect(unknown?.kind == .usage)
        // The next analysis does not bring it back.
        let jun = try h.add(Self.month("2026-06-01T06:00:00+09:00"))
        #expect(try h.state(Self.notPublic, at: jun)?.deadline == Deadline(due: "2026-04-15", overdue: true))
    }

    @Test("A plan for a finding not in the newest analysis, a waived finding or with a bad date is a usage error naming it")
    func planRefusals() throws {
        let h = try History()
        // Before any analysis.
        let none = #expect(throws: StoreError.self) {
            try plans(h).plan(Self.notPublic, due: "2026-04-30", note: "n", by: "b")
        }
        #expect(none?.kind == .usage)

        try h.add(Self.month("2026-04-01T06:00:00+09:00"))
        // Resolved in May: present in April only.
        try h.add(Self.month("2026-05-01T06:00:00+09:00", [Self.publicGroup, Self.bystander]))
        let resolved = #expect(throws: StoreError.self) {
            try plans(h).plan(Self.notPublic, due: "2026-05-31", note: "n", by: "b")
        }
        #expect(resolved?.kind == .usage)
        #expect(resolved?.message.contains("not-public") == true && resolved?.message.contains("g1") == true, "\(resolved?.message ?? "")")
        let missing = #expect(throws: StoreError.self) {
            try plans(h).plan(key(.singleMaster, "g-nope"), due: "2026-05-31", note: "n", by: "b")
        }
        #expect(missing?.kind == .usage)
        #expect(missing?.message.contains("g-nope") == true, "\(missing?.message ?? "")")
        #expect(try h.store.plans(includeEnded: true).isEmpty)

        // Waived.
        let w = try History()
        _ = try w.store.addWaiver(rule: .notPublic, groupId: "g1", subject: nil, until: "2026-12-31", reason: "移行中", grantedBy: "ＤＸ推進課")
        try w.add(Self.month("2026-04-01T06:00:00+09:00"))
        let waived = #expect(throws: StoreError.self) {
            try plans(w).plan(Self.notPublic, due: "2026-05-31", note: "n", by: "b")
        }
        #expect(waived?.kind == .usage)
        #expect(waived?.message.contains("waived") == true, "\(waived?.message ?? "")")
        #expect(try w.store.plans(includeEnded: true).isEmpty)

        // Not a date.
        let open = try History()
        try open.add(Self.month("2026-04-01T06:00:00+09:00"))
        let badDate = #expect(throws: StoreError.self) {
            try plans(open).plan(Self.notPublic, due: "2026-02-30", note: "n", by: "b")
        }
        #expect(badDate?.kind == .usage)
    }
}
