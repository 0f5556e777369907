import LWGovAnalysis
import LWGovModel
import Testing

/// `inactive-member` (コンプライアンス 03): one finding per direct member or master who is inactive
/// or unknown; subject = that user id.
struct InactiveMemberRuleTests {
    private static let retiredSato = user("sato", "佐藤 花子", in: Unit.somuKa, account: .deleted)

    @Test func aDeletedDirectMemberIsFlagged() throws {
        let s = snapshot(
            users: Cast.everyone(replacing: [Self.retiredSato]),
            groups: [group("g1", masters: ["yamada", "kato"], users: ["sato"])]
        )
        #expect(keys(.inactiveMember, in: s) == [key(.inactiveMember, "g1", "sato")])
        let f = try #require(finding(key(.inactiveMember, "g1", "sato"), in: s))
        #expect(f.message == "佐藤 花子 さん（削除済み）がメンバーとして残っています。")
        #expect(f.remediation.contains("佐藤 花子 さんをグループから外してください"))
        #expect(f.severity == .low)
        #expect(f.departments == [Unit.somuKa])
    }

    @Test(arguments: [(Account.suspended, "利用停止中"), (.pending, "利用開始前"), (.awaiting, "待機中")])
    func suspendedAndPendingMastersAreFlagged(account: Account, reason: String) throws {
        let s = snapshot(
            users: Cast.everyone(replacing: [user("kato", "加藤 次郎", in: Unit.somuKa, account: account)]),
            groups: [group("g1", masters: ["yamada", "kato"], users: ["sato"])]
        )
        #expect(keys(.inactiveMember, in: s) == [key(.inactiveMember, "g1", "kato")])
        let f = try #require(finding(key(.inactiveMember, "g1", "kato"), in: s))
        #expect(f.message.contains(reason))
        #expect(f.message.contains("マスターとして残っています"))
    }

    @Test func anAwaitingMemberIsFlaggedAndOneOnLeaveIsNot() {
        // 待機中 is not in use (inactive); 休職 is still an active account.
        let s = snapshot(
            users: Cast.everyone(replacing: [
                user("sato", "佐藤 花子", in: Unit.somuKa, account: .awaiting),
                user("kato", "加藤 次郎", in: Unit.somuKa, onLeave: true),
            ]),
            groups: [group("g1", masters: ["yamada", "tanaka"], users: ["sato", "kato"])]
        )
        #expect(keys(.inactiveMember, in: s) == [key(.inactiveMember, "g1", "sato")])
    }

    @Test func activeMembersAndMastersAreNotFlagged() {
        let s = snapshot(groups: [group("g1", masters: ["yamada", "kato"], users: ["sato", "tanaka"])])
        #expect(keys(.inactiveMember, in: s).isEmpty)
    }

    @Test func aUserWhoIsBothMemberAndMasterGivesOneFinding() throws {
        let s = snapshot(
            users: Cast.everyone(replacing: [Self.retiredSato]),
            groups: [group("g1", masters: ["yamada", "sato"], users: ["sato", "kato"])]
        )
        #expect(keys(.inactiveMember, in: s) == [key(.inactiveMember, "g1", "sato")])
        let f = try #require(finding(key(.inactiveMember, "g1", "sato"), in: s))
        #expect(f.message.contains("マスター兼メンバー"))
    }

    @Test func oneFindingPerInactiveUser() {
        let s = snapshot(
            users: Cast.everyone(replacing: [Self.retiredSato, user("kato", "加藤 次郎", in: Unit.somuKa, account: .suspended)]),
            groups: [group("g1", masters: ["yamada", "kato"], users: ["sato", "tanaka", "ghost"])]
        )
        #expect(keys(.inactiveMember, in: s) == [
            key(.inactiveMember, "g1", "ghost"), key(.inactiveMember, "g1", "kato"), key(.inactiveMember, "g1", "sato"),
        ])
    }

    @Test func anUnknownUserIdIsInactiveAndNeverAManager() throws {
        // "ghost" and "ghost-2" are referenced but missing from the user list.
        let s = snapshot(groups: [group("g1", masters: ["ghost"], users: ["ghost-2", "sato"])])
        #expect(check(s) == [
            key(.noManager, "g1"),
            key(.noActiveMaster, "g1"),
            key(.inactiveMember, "g1", "ghost"),
            key(.inactiveMember, "g1", "ghost-2"),
        ])
        let f = try #require(finding(key(.inactiveMember, "g1", "ghost"), in: s))
        #expect(f.message.hasPrefix("アカウント ghost（"))
        #expect(f.message.contains("ディレクトリに存在しない"))
        // Unknown ids have no department: the group goes to its one active member's 総務課.
        #expect(f.departments == [Unit.somuKa])
    }

    @Test func inactiveUsersReachedOnlyThroughExpansionAreNotFlagged() {
        let s = snapshot(
            users: Cast.everyone(replacing: [Self.retiredSato]),
            groups: [
                // 佐藤 (deleted) reaches outer only through 総務課 and through inner.
                group("outer", masters: ["yamada", "kato"], orgUnits: [Unit.somuKa], groups: ["inner"]),
                group("inner", masters: ["yamada", "kato"], users: ["sato"]),
            ]
        )
        #expect(keys(.inactiveMember, in: s) == [key(.inactiveMember, "inner", "sato")])
    }

    @Test func aGroupWithMastersInTwoDepartmentsRoutesToBoth() throws {
        let s = snapshot(groups: [group("g1", masters: ["yamada", "ito"], users: ["ghost"])])
        let f = try #require(finding(key(.inactiveMember, "g1", "ghost"), in: s))
        #expect(Set(f.departments) == [Unit.somuKa, Unit.shiminKa])
        #expect(f.departments.count == 2)
    }
}
