import LWGovAnalysis
import LWGovModel
import LWGovStore
import Testing

/// `stale-after-transfer` (トークグループ 04, SPEC 3.3): a direct member or master transferred to
/// another department at least `transfer_grace_days` ago, in a group nobody has touched since.
///
/// These tests run consecutive snapshots through the real store and analyzer, as monthly runs do.
struct StaleAfterTransferRuleTests {
    /// The group every test watches: 佐藤 and 田中 as members, 山田 and 加藤 as masters.
    private static let team = group("g1", "庶務連絡", masters: ["yamada", "kato"], users: ["sato", "tanaka"])
    /// A group that never changes, so that dropping `g1` does not halve the directory.
    private static let bystander = group("g9", "職員互助会", masters: ["ito", "takahashi"], users: ["suzuki"])

    /// The city at `time` with 佐藤 placed in `unit`.
    private static func city(
        _ time: String, sato unit: String = Unit.somuKa, groups: [Group] = [team, bystander],
        transfers: [TransferDate] = []
    ) -> DirectorySnapshot {
        snapshot(
            at: time, users: Cast.everyone(replacing: [user("sato", "佐藤 花子", in: unit, position: "主事")]),
            groups: groups, transfers: transfers
        )
    }

    private static let stale = key(.staleAfterTransfer, "g1", "sato")

    @Test func aTransferDatedBySnapshotFiresOnceTheGracePeriodHasPassed() throws {
        let h = try History()
        try h.add(Self.city("2026-01-01T06:00:00+09:00"))
        let moved = try h.add(Self.city("2026-02-01T06:00:00+09:00", sato: Unit.shiminKa))
        let month = try h.add(Self.city("2026-03-01T06:00:00+09:00", sato: Unit.shiminKa))
        let later = try h.add(Self.city("2026-04-01T06:00:00+09:00", sato: Unit.shiminKa))
        #expect(try h.present(.staleAfterTransfer, at: moved).isEmpty)
        #expect(try h.present(.staleAfterTransfer, at: month).isEmpty)  // 28 days
        #expect(try h.present(.staleAfterTransfer, at: later) == [Self.stale])
        let record = try #require(try h.state(Self.stale, at: later))
        #expect(record.status == .new)
        #expect(record.finding.message == "佐藤 花子 さんは 2026-02-01 に 総務課 から 市民課 へ異動しましたが、その後このグループのメンバー構成が見直されていません。")
        #expect(record.finding.severity == .medium)
        // Routed to the group's home: its masters' 総務課.
        #expect(record.finding.departments == [Unit.somuKa])
        #expect(record.finding.evidence.contains { $0.value.contains("ディレクトリの変化から検出") })
    }

    @Test func aTransfersCSVDateWinsOverTheSnapshotTime() throws {
        // Observed at 04-01 06:00, effective 03-02 00:00: 30 days and 6 hours already.
        let dated = try History()
        try dated.add(Self.city("2026-03-01T06:00:00+09:00"))
        let observed = try dated.add(Self.city(
            "2026-04-01T06:00:00+09:00", sato: Unit.shiminKa,
            transfers: [TransferDate(userId: "sato", effectiveDate: "2026-03-02", fromOrgUnitId: Unit.somuKa, toOrgUnitId: Unit.shiminKa)]
        ))
        #expect(try dated.present(.staleAfterTransfer, at: observed) == [Self.stale])
        let record = try #require(try dated.state(Self.stale, at: observed))
        #expect(record.finding.message.hasPrefix("佐藤 花子 さんは 2026-03-02 に 総務課 から 市民課 へ異動しましたが"))
        #expect(record.finding.evidence.contains { $0.value.contains("異動データ") })

        // The same months without transfers.csv: dated 04-01, not stale yet.
        let undated = try History()
        try undated.add(Self.city("2026-03-01T06:00:00+09:00"))
        let plain = try undated.add(Self.city("2026-04-01T06:00:00+09:00", sato: Unit.shiminKa))
        #expect(try undated.present(.staleAfterTransfer, at: plain).isEmpty)
    }

    @Test func aTransfersCSVRowOnlyDatesATransferThatIsObserved() throws {
        // 加藤 has a row but did not change department: no transfer, nothing stale.
        let h = try History()
        try h.add(Self.city("2026-01-01T06:00:00+09:00"))
        try h.add(Self.city("2026-02-01T06:00:00+09:00", transfers: [TransferDate(userId: "kato", effectiveDate: "2025-12-01")]))
        let later = try h.add(Self.city("2026-04-01T06:00:00+09:00"))
        #expect(try h.present(.staleAfterTransfer, at: later).isEmpty)
        #expect(try h.store.snapshots().map(\.transferCount) == [0, 0, 0])
    }

    @Test func theGraceBoundaryIsExactlyThirtyTimesTwentyFourHours() throws {
        let h = try History()
        try h.add(Self.city("2026-01-01T06:00:00+09:00"))
        try h.add(Self.city("2026-02-01T06:00:00+09:00", sato: Unit.shiminKa))
        let oneSecondShort = try h.add(Self.city("2026-03-03T05:59:59+09:00", sato: Unit.shiminKa))
        let exactly = try h.add(Self.city("2026-03-03T06:00:00+09:00", sato: Unit.shiminKa))
        #expect(try h.present(.staleAfterTransfer, at: oneSecondShort).isEmpty)
        #expect(try h.present(.staleAfterTransfer, at: exactly) == [Self.stale])
    }

    @Test func theConfiguredGraceDaysApply() throws {
        let h = try History(settings: settings { $0.transferGraceDays = 10 })
        try h.add(Self.city("2026-01-01T06:00:00+09:00"))
        try h.add(Self.city("2026-02-01T06:00:00+09:00", sato: Unit.shiminKa))
        let nineDays = try h.add(Self.city("2026-02-10T06:00:00+09:00", sato: Unit.shiminKa))
        let tenDays = try h.add(Self.city("2026-02-11T06:00:00+09:00", sato: Unit.shiminKa))
        #expect(try h.present(.staleAfterTransfer, at: nineDays).isEmpty)
        #expect(try h.present(.staleAfterTransfer, at: tenDays) == [Self.stale])
    }

    @Test func aTransferredMasterIsFlaggedToo() throws {
        let kato = { (unit: String) in user("kato", "加藤 次郎", in: unit, position: "主事") }
        let h = try History()
        try h.add(snapshot(at: "2026-01-01T06:00:00+09:00", users: Cast.everyone(replacing: [kato(Unit.somuKa)]), groups: [Self.team]))
        try h.add(snapshot(at: "2026-02-01T06:00:00+09:00", users: Cast.everyone(replacing: [kato(Unit.dxSystem)]), groups: [Self.team]))
        let later = try h.add(snapshot(at: "2026-04-01T06:00:00+09:00", users: Cast.everyone(replacing: [kato(Unit.dxSystem)]), groups: [Self.team]))
        #expect(try h.present(.staleAfterTransfer, at: later) == [key(.staleAfterTransfer, "g1", "kato")])
        let record = try #require(try h.state(key(.staleAfterTransfer, "g1", "kato"), at: later))
        #expect(record.finding.message.contains("総務課 から ＤＸ推進課 へ異動しました"))
    }

    // MARK: Touching the group

    @Test func aGroupEditedAfterTheTransferIsNotStale() throws {
        let edited = group("g1", "庶務連絡", masters: ["yamada", "kato"], users: ["sato", "tanaka", "suzuki"])
        let h = try History()
        try h.add(Self.city("2026-01-01T06:00:00+09:00"))
        try h.add(Self.city("2026-02-01T06:00:00+09:00", sato: Unit.shiminKa))
        try h.add(Self.city("2026-03-01T06:00:00+09:00", sato: Unit.shiminKa, groups: [edited, Self.bystander]))
        let later = try h.add(Self.city("2026-04-01T06:00:00+09:00", sato: Unit.shiminKa, groups: [edited, Self.bystander]))
        #expect(try h.present(.staleAfterTransfer, at: later).isEmpty)
    }

    @Test func anEditThatWasUndoneStillCountsAsTouching() throws {
        let edited = group("g1", "庶務連絡", masters: ["yamada", "kato", "ito"], users: ["sato", "tanaka"])
        let h = try History()
        try h.add(Self.city("2026-01-01T06:00:00+09:00"))
        try h.add(Self.city("2026-02-01T06:00:00+09:00", sato: Unit.shiminKa))
        try h.add(Self.city("2026-03-01T06:00:00+09:00", sato: Unit.shiminKa, groups: [edited, Self.bystander]))
        let later = try h.add(Self.city("2026-04-01T06:00:00+09:00", sato: Unit.shiminKa))  // back as it was
        #expect(try h.present(.staleAfterTransfer, at: later).isEmpty)
    }

    @Test func orgUnitGroupNameAndVisibilityChangesDoNotCountAsTouching() throws {
        let renamed = group("g1", "庶務・窓口連絡", visible: false, masters: ["yamada", "kato"], users: ["sato", "tanaka"], orgUnits: [Unit.dxKikaku], groups: ["g9"])
        let h = try History()
        try h.add(Self.city("2026-01-01T06:00:00+09:00"))
        try h.add(Self.city("2026-02-01T06:00:00+09:00", sato: Unit.shiminKa))
        try h.add(Self.city("2026-03-01T06:00:00+09:00", sato: Unit.shiminKa, groups: [renamed, Self.bystander]))
        let later = try h.add(Self.city("2026-04-01T06:00:00+09:00", sato: Unit.shiminKa, groups: [renamed, Self.bystander]))
        #expect(try h.present(.staleAfterTransfer, at: later) == [Self.stale])
    }

    @Test func anEditAlreadyPresentAtTheTransferSnapshotIsNotSeen() throws {
        // 鈴木 was added some time between the two snapshots — perhaps before the transfer.
        let edited = group("g1", "庶務連絡", masters: ["yamada", "kato"], users: ["sato", "tanaka", "suzuki"])
        let h = try History()
        try h.add(Self.city("2026-01-01T06:00:00+09:00"))
        try h.add(Self.city("2026-02-01T06:00:00+09:00", sato: Unit.shiminKa, groups: [edited, Self.bystander]))
        let later = try h.add(Self.city("2026-04-01T06:00:00+09:00", sato: Unit.shiminKa, groups: [edited, Self.bystander]))
        #expect(try h.present(.staleAfterTransfer, at: later) == [Self.stale])
    }

    @Test func aGroupMissingFromAnySnapshotSinceTheTransferIsNotStale() throws {
        let h = try History()
        try h.add(Self.city("2026-01-01T06:00:00+09:00"))
        try h.add(Self.city("2026-02-01T06:00:00+09:00", sato: Unit.shiminKa))
        try h.add(Self.city("2026-03-01T06:00:00+09:00", sato: Unit.shiminKa, groups: [Self.bystander]))
        let back = try h.add(Self.city("2026-04-01T06:00:00+09:00", sato: Unit.shiminKa))
        #expect(try h.present(.staleAfterTransfer, at: back).isEmpty)
    }

    // MARK: What is not a transfer, or not stale membership

    @Test func aMoveBetweenKakariOfTheSameKaIsNotATransfer() throws {
        let dxTeam = group("g2", "システム更新", masters: ["takahashi", "kato"], users: ["suzuki"])
        let suzuki = { (unit: String) in user("suzuki", "鈴木 一郎", in: unit, position: "主任") }
        let h = try History()
        try h.add(snapshot(at: "2026-01-01T06:00:00+09:00", users: Cast.everyone(replacing: [suzuki(Unit.dxKikaku)]), groups: [dxTeam]))
        try h.add(snapshot(at: "2026-02-01T06:00:00+09:00", users: Cast.everyone(replacing: [suzuki(Unit.dxSystem)]), groups: [dxTeam]))
        let later = try h.add(snapshot(at: "2026-04-01T06:00:00+09:00", users: Cast.everyone(replacing: [suzuki(Unit.dxSystem)]), groups: [dxTeam]))
        #expect(try h.present(.staleAfterTransfer, at: later).isEmpty)
        #expect(try h.store.snapshots().map(\.transferCount) == [0, 0, 0])
    }

    @Test func aUserWhoJoinedTheGroupOnlyWithTheTransferIsNotStale() throws {
        let before = group("g1", "庶務連絡", masters: ["yamada", "kato"], users: ["tanaka"])
        let h = try History()
        try h.add(Self.city("2026-01-01T06:00:00+09:00", groups: [before, Self.bystander]))
        let moved = try h.add(Self.city("2026-02-01T06:00:00+09:00", sato: Unit.shiminKa))  // moved and added to g1
        let later = try h.add(Self.city("2026-04-01T06:00:00+09:00", sato: Unit.shiminKa))
        #expect(try h.store.snapshots().map(\.transferCount) == [0, 1, 0])
        #expect(try h.present(.staleAfterTransfer, at: moved).isEmpty)
        #expect(try h.present(.staleAfterTransfer, at: later).isEmpty)
    }

    @Test func theMostRecentTransferIsTheOneThatCounts() throws {
        let h = try History()
        try h.add(Self.city("2026-01-01T06:00:00+09:00"))
        try h.add(Self.city("2026-02-01T06:00:00+09:00", sato: Unit.shiminKa))
        try h.add(Self.city("2026-03-01T06:00:00+09:00", sato: Unit.dxKa))  // moved again
        let fortnight = try h.add(Self.city("2026-03-15T06:00:00+09:00", sato: Unit.dxKa))
        let month = try h.add(Self.city("2026-04-01T06:00:00+09:00", sato: Unit.dxKa))
        // 42 days after the first transfer but only 14 after the second.
        #expect(try h.present(.staleAfterTransfer, at: fortnight).isEmpty)
        #expect(try h.present(.staleAfterTransfer, at: month) == [Self.stale])
        let record = try #require(try h.state(Self.stale, at: month))
        #expect(record.finding.message.hasPrefix("佐藤 花子 さんは 2026-03-01 に 市民課 から ＤＸ推進課 へ異動しましたが"))
    }

    @Test func membershipBeforeTheMostRecentTransferIsWhatCounts() throws {
        // 佐藤 was in g1 before the first transfer, left it, and rejoined it with the second.
        let without = group("g1", "庶務連絡", masters: ["yamada", "kato"], users: ["tanaka"])
        let h = try History()
        try h.add(Self.city("2026-01-01T06:00:00+09:00"))
        try h.add(Self.city("2026-02-01T06:00:00+09:00", sato: Unit.shiminKa))
        try h.add(Self.city("2026-03-01T06:00:00+09:00", sato: Unit.shiminKa, groups: [without, Self.bystander]))
        try h.add(Self.city("2026-04-01T06:00:00+09:00", sato: Unit.dxKa))
        let later = try h.add(Self.city("2026-06-01T06:00:00+09:00", sato: Unit.dxKa))
        #expect(try h.present(.staleAfterTransfer, at: later).isEmpty)
    }

    @Test func hiresAndLeaversAreNotTransfers() throws {
        // 佐藤 is hired in 2月 (already listed in g1 by id), 加藤 leaves the user list.
        let h = try History()
        try h.add(snapshot(
            at: "2026-01-01T06:00:00+09:00", users: Cast.everyone.filter { $0.id != "sato" }, groups: [Self.team, Self.bystander]
        ))
        try h.add(snapshot(
            at: "2026-02-01T06:00:00+09:00", users: Cast.everyone.filter { $0.id != "kato" }, groups: [Self.team, Self.bystander]
        ))
        let later = try h.add(snapshot(
            at: "2026-04-01T06:00:00+09:00", users: Cast.everyone.filter { $0.id != "kato" }, groups: [Self.team, Self.bystander]
        ))
        #expect(try h.store.snapshots().map(\.transferCount) == [0, 0, 0])
        #expect(try h.present(.staleAfterTransfer, at: later).isEmpty)
        #expect(try h.present(.inactiveMember, at: later) == [key(.inactiveMember, "g1", "kato")])
    }

    @Test func aTransferredUserNoLongerInTheGroupIsNotFlagged() throws {
        let without = group("g1", "庶務連絡", masters: ["yamada", "kato"], users: ["tanaka"])
        let h = try History()
        try h.add(Self.city("2026-01-01T06:00:00+09:00"))
        try h.add(Self.city("2026-02-01T06:00:00+09:00", sato: Unit.shiminKa, groups: [without, Self.bystander]))
        let later = try h.add(Self.city("2026-04-01T06:00:00+09:00", sato: Unit.shiminKa, groups: [without, Self.bystander]))
        #expect(try h.present(.staleAfterTransfer, at: later).isEmpty)
    }
}
