import LWGovAnalysis
import LWGovModel
import Testing

/// `no-manager` (トークグループ 01): fires when no active effective member is a manager.
struct NoManagerRuleTests {
    @Test func aGroupOfStaffOnlyIsFlagged() throws {
        let s = snapshot(groups: [group("g1", "庶務連絡", masters: ["sato", "kato"], users: ["sato", "kato"])])
        #expect(keys(.noManager, in: s) == [key(.noManager, "g1")])
        let f = try #require(finding(key(.noManager, "g1"), in: s))
        #expect(f.groupName == "庶務連絡")
        #expect(f.message.contains("有効なメンバー2名"))
        #expect(f.remediation.contains("総務課の管理職"))
        #expect(f.departments == [Unit.somuKa])
        #expect(f.severity == .high)
    }

    @Test func aManagerAmongTheDirectMembersSatisfiesIt() {
        let s = snapshot(groups: [group("g1", masters: ["sato", "kato"], users: ["sato", "yamada"])])
        #expect(keys(.noManager, in: s).isEmpty)
    }

    // MARK: Masters are not members (SPEC 2.3)

    @Test func aManagerWhoIsOnlyAMasterDoesNotCountAndIsNamedWithTheFix() throws {
        let s = snapshot(groups: [group("g1", masters: ["yamada", "sato"], users: ["kato"])])
        let f = try #require(finding(key(.noManager, "g1"), in: s))
        #expect(f.message.hasSuffix("山田 太郎 課長はマスターですがメンバーではありません。"))
        #expect(f.remediation == "山田 太郎 課長をメンバーに追加してください。")
        let near = try #require(f.evidence.first { $0.label == EvidenceItem.notCountedManagersLabel })
        #expect(near.value == "山田 太郎 課長（マスターのみ・メンバーではない）")
    }

    @Test func aManagerWhoIsMasterAndMemberCounts() {
        let s = snapshot(groups: [group("g1", masters: ["yamada", "sato"], users: ["yamada", "kato"])])
        #expect(keys(.noManager, in: s).isEmpty)
    }

    @Test func mastersAreMembersRestoresTheFirstReading() {
        let s = snapshot(groups: [group("g1", masters: ["yamada", "sato"], users: ["kato"])])
        #expect(keys(.noManager, in: s, settings: settings { $0.mastersAreMembers = true }).isEmpty)
    }

    @Test func aGroupOfMastersOnlyHasNobodyInItsTalk() throws {
        let s = snapshot(groups: [group("g1", masters: ["sato", "kato"])])
        let f = try #require(finding(key(.noManager, "g1"), in: s))
        #expect(f.message == "メンバーがいません。マスター（加藤 次郎、佐藤 花子）はメンバーではないため、トークに参加していません。")
        #expect(!f.evidence.contains { $0.label == EvidenceItem.notCountedManagersLabel })
        #expect(check(s).map(\.rule).contains(.missingDepartmentManager) == false)
    }

    // MARK: Leave (休職) and awaiting (待機中)

    @Test func aManagerOnLeaveDoesNotCountAndIsNamed() throws {
        let s = snapshot(
            users: Cast.everyone(replacing: [user("yamada", "山田 太郎", in: Unit.somuKa, position: "課長", onLeave: true)]),
            groups: [group("g1", masters: ["sato", "kato"], users: ["yamada", "sato"])]
        )
        let f = try #require(finding(key(.noManager, "g1"), in: s))
        #expect(f.message.hasSuffix("山田 太郎 課長は休職中のため、管理職として数えていません。"))
        #expect(f.remediation == "休職中の山田 太郎 課長に代わる管理職をメンバーに追加してください。")
        // count_on_leave restores them.
        #expect(keys(.noManager, in: s, settings: settings { $0.countOnLeave = true }).isEmpty)
    }

    @Test func aManagerNotOnLeaveCounts() {
        let s = snapshot(
            users: Cast.everyone(replacing: [user("yamada", "山田 太郎", in: Unit.somuKa, position: "課長", onLeave: false)]),
            groups: [group("g1", masters: ["sato", "kato"], users: ["yamada", "sato"])]
        )
        #expect(keys(.noManager, in: s).isEmpty)
    }

    // MARK: Who is a manager

    @Test(arguments: [
        // position, isManager, fires
        ("課長", false, false),
        ("課長補佐", false, false),
        ("部長", false, false),
        ("所長", false, false),
        ("主査", true, false),      // isManager: true with any position
        (nil, true, false),
        ("課長代理", false, true),  // not a configured position
        ("課長 ", false, true),     // exact match, no trimming
        ("係長", false, true),
        (nil, false, true),
    ] as [(String?, Bool, Bool)])
    func managerIsDecidedByIsManagerOrAnExactPosition(position: String?, isManager: Bool, fires: Bool) {
        let candidate = user("kimura", "木村 聡", in: Unit.somuKa, position: position, isManager: isManager)
        let s = snapshot(
            users: Cast.everyone(replacing: [candidate]),
            groups: [group("g1", masters: ["sato", "kato"], users: ["kimura"])]
        )
        #expect(keys(.noManager, in: s) == (fires ? [key(.noManager, "g1")] : []))
    }

    @Test func theConfiguredPositionsReplaceTheDefaults() {
        let s = snapshot(
            users: Cast.everyone(replacing: [user("kimura", "木村 聡", in: Unit.somuKa, position: "係長")]),
            groups: [
                group("kakaricho", masters: ["sato", "kato"], users: ["kimura"]),
                group("kacho", masters: ["sato", "kato"], users: ["yamada"]),
            ]
        )
        let onlyKakaricho = settings { $0.managerPositions = ["係長"] }
        #expect(keys(.noManager, in: s, settings: onlyKakaricho) == [key(.noManager, "kacho")])
        #expect(keys(.noManager, in: s) == [key(.noManager, "kakaricho")])
    }

    @Test(arguments: [Account.suspended, .deleted, .pending, .awaiting])
    func anInactiveManagerDoesNotCount(account: Account) {
        let s = snapshot(
            users: Cast.everyone(replacing: [user("yamada", "山田 太郎", in: Unit.somuKa, position: "課長", account: account)]),
            groups: [group("g1", masters: ["sato", "kato"], users: ["yamada"])]
        )
        #expect(keys(.noManager, in: s) == [key(.noManager, "g1")])
    }

    @Test func anUnknownUserIdIsNeverAManager() {
        // "ghost" is referenced but missing from the user list (a deleted 課長, say).
        let s = snapshot(groups: [group("g1", masters: ["sato", "ghost"], users: ["ghost", "kato"])])
        #expect(keys(.noManager, in: s) == [key(.noManager, "g1")])
    }

    // MARK: Effective membership: ORGUNIT members

    @Test func aManagerReachedOnlyThroughAnOrgUnitMemberSatisfiesIt() {
        // 高橋 (ＤＸ推進課長) is not listed; the whole ＤＸ推進課 is.
        let s = snapshot(groups: [group("g1", masters: ["sato", "kato"], users: ["sato"], orgUnits: [Unit.dxKa])])
        #expect(keys(.noManager, in: s).isEmpty)
    }

    @Test func anOrgUnitMemberReachesUsersInUnitsBelowIt() {
        // 市民部 as a member reaches 伊藤 (市民課長) in 市民課 below it.
        let s = snapshot(groups: [group("g1", masters: ["sato", "kato"], orgUnits: [Unit.shiminBu])])
        #expect(keys(.noManager, in: s).isEmpty)
    }

    @Test func anOrgUnitMemberDoesNotReachUnitsBesideOrAboveIt() {
        // 企画係 holds only 鈴木; its parent ＤＸ推進課 (with 高橋) is not included.
        let s = snapshot(groups: [group("g1", masters: ["sato", "kato"], orgUnits: [Unit.dxKikaku])])
        #expect(keys(.noManager, in: s) == [key(.noManager, "g1")])
    }

    @Test func anOrgUnitMemberReachesConcurrentPosts() {
        // 山田 is also 市民課長 by 兼務: 市民課 as a member brings him (SPEC 2.3, every post).
        let yamada = user("yamada", "山田 太郎", in: Unit.somuKa, position: "課長", kenmu: [kenmu(Unit.shiminKa, position: "課長")])
        let s = snapshot(
            users: [yamada, Cast.sato, Cast.kato, Cast.tanaka],  // no 伊藤 this time
            groups: [group("g1", masters: ["sato", "kato"], users: ["kato"], orgUnits: [Unit.shiminKa])]
        )
        #expect(keys(.noManager, in: s).isEmpty)
    }

    @Test func aConcurrentPostWithoutTheTeamFeatureDoesNotBringItsHolder() throws {
        let yamada = user(
            "yamada", "山田 太郎", in: Unit.somuKa, position: "課長",
            kenmu: [kenmu(Unit.shiminKa, position: "課長", useTeamFeature: false)]
        )
        let s = snapshot(
            users: [yamada, Cast.sato, Cast.kato, Cast.tanaka],
            groups: [group("g1", masters: ["sato", "kato"], users: ["kato"], orgUnits: [Unit.shiminKa])]
        )
        let f = try #require(finding(key(.noManager, "g1"), in: s))
        #expect(f.message.hasSuffix("山田 太郎 課長は市民課の所属でチーム機能が無効のため、組織でのメンバー指定ではトークに参加していません。"))
        #expect(f.remediation == "山田 太郎 課長を個人としてメンバーに追加してください。")
    }

    @Test func orgUnitSubunitsCanBeLeftOut() {
        // 市民部 as a member reaches 伊藤 (市民課長) below it, unless the subtree is switched off.
        let s = snapshot(groups: [group("g1", masters: ["sato", "kato"], users: ["kato"], orgUnits: [Unit.shiminBu])])
        #expect(keys(.noManager, in: s).isEmpty)
        let unitOnly = settings { $0.orgunitIncludesSubunits = false }
        #expect(keys(.noManager, in: s, settings: unitOnly) == [key(.noManager, "g1")])
    }

    // MARK: Effective membership: GROUP members

    @Test func aManagerReachedOnlyThroughANestedGroupSatisfiesIt() {
        let s = snapshot(groups: [
            group("outer", masters: ["sato", "kato"], users: ["sato"], groups: ["middle"]),
            group("middle", masters: ["tanaka", "suzuki"], groups: ["inner"]),
            group("inner", masters: ["tanaka", "suzuki"], users: ["ito"]),
        ])
        #expect(keys(.noManager, in: s).isEmpty)
    }

    @Test func theMastersOfANestedGroupAreNotMembers() {
        let s = snapshot(groups: [
            group("outer", masters: ["sato", "kato"], users: ["kato"], groups: ["inner"]),
            group("inner", masters: ["yamada", "tanaka"], users: ["tanaka"]),
        ])
        #expect(keys(.noManager, in: s) == [key(.noManager, "inner"), key(.noManager, "outer")].sorted())
        #expect(keys(.noManager, in: s, settings: settings { $0.mastersAreMembers = true }).isEmpty)
    }

    @Test func membershipDoesNotFlowUpwards() {
        // outer contains inner, not the other way round: inner gets no manager from outer.
        let s = snapshot(groups: [
            group("outer", masters: ["yamada", "sato"], users: ["yamada"], groups: ["inner"]),
            group("inner", masters: ["kato", "tanaka"]),
        ])
        #expect(keys(.noManager, in: s) == [key(.noManager, "inner")])
    }

    @Test func aGroupCycleTerminatesAndSharesOneMembership() throws {
        // a → b → a; the only manager (高橋) is a direct member of b.
        let s = snapshot(groups: [
            group("a", masters: ["sato", "kato"], users: ["sato"], groups: ["b"]),
            group("b", masters: ["suzuki", "tanaka"], users: ["takahashi"], groups: ["a"]),
        ])
        #expect(keys(.noManager, in: s).isEmpty)
        let summaries = Checker.check(snapshot: s, settings: defaultSettings, history: StalenessHistory()).groups
        let a = try #require(summaries.first { $0.groupId == "a" })
        let b = try #require(summaries.first { $0.groupId == "b" })
        // sato and takahashi, the direct members; masters are not members.
        #expect(a.effectiveMembers == 2)
        #expect(b.effectiveMembers == 2)
    }

    @Test func aGroupCycleWithoutAManagerFlagsEveryGroupOfIt() {
        let s = snapshot(groups: [
            group("a", masters: ["sato", "kato"], groups: ["b"]),
            group("b", masters: ["suzuki", "tanaka"], groups: ["c"]),
            group("c", masters: ["sato", "tanaka"], groups: ["a", "c"]),  // also a self-loop
        ])
        #expect(keys(.noManager, in: s) == [key(.noManager, "a"), key(.noManager, "b"), key(.noManager, "c")])
    }

    @Test func anUnknownNestedGroupAddsNothing() {
        let s = snapshot(groups: [group("g1", masters: ["sato", "kato"], groups: ["no-such-group"])])
        #expect(keys(.noManager, in: s) == [key(.noManager, "g1")])
    }
}
