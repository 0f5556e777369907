import LWGovAnalysis
import LWGovModel
import Testing

/// `missing-department-manager` (トークグループ 01 ※): in a group spanning ≥ 2 departments that has a
/// manager, each member department without its own manager in the group; subject = the department.
///
/// Masters are not members (SPEC 2.3): the groups here list their masters as members too, unless
/// a test is about a master who is not one.
struct MissingDepartmentManagerRuleTests {
    @Test func aManagerOfTheDepartmentWhoIsOnlyAMasterIsNamedWithTheFix() throws {
        // 伊藤 (市民課長) is a master but not a member; 田中 brings 市民課 in.
        let s = snapshot(groups: [group("g1", masters: ["ito"], users: ["yamada", "sato", "tanaka"])])
        let f = try #require(finding(key(.missingDepartmentManager, "g1", Unit.shiminKa), in: s))
        #expect(f.message == "市民課の職員（1名）が参加していますが、市民課の管理職がメンバーにいません。伊藤 誠 課長はマスターですがメンバーではありません。")
        #expect(f.remediation == "伊藤 誠 課長をメンバーに追加してください。")
        #expect(f.evidence.contains(EvidenceItem(EvidenceItem.notCountedManagersLabel, "伊藤 誠 課長（マスターのみ・メンバーではない）")))
    }

    @Test func aManagerOfTheDepartmentWhoIsMasterAndMemberCovers() {
        let s = snapshot(groups: [group("g1", masters: ["ito"], users: ["ito", "yamada", "sato", "tanaka"])])
        #expect(keys(.missingDepartmentManager, in: s).isEmpty)
    }

    @Test func aManagerOfAnotherDepartmentWhoIsOnlyAMasterIsNotNamed() throws {
        // 高橋 (ＤＸ推進課長) is a master only, but he could not cover 市民課 anyway.
        let s = snapshot(groups: [group("g1", masters: ["takahashi"], users: ["yamada", "sato", "tanaka"])])
        let f = try #require(finding(key(.missingDepartmentManager, "g1", Unit.shiminKa), in: s))
        #expect(!f.evidence.contains { $0.label == EvidenceItem.notCountedManagersLabel })
        #expect(f.remediation.hasPrefix("所属を横断するグループのため"))
    }

    @Test func aManagerOfTheDepartmentOnLeaveIsNamed() throws {
        let s = snapshot(
            users: Cast.everyone(replacing: [user("ito", "伊藤 誠", in: Unit.shiminKa, position: "課長", onLeave: true)]),
            groups: [group("g1", masters: ["yamada"], users: ["yamada", "sato", "tanaka", "ito"])]
        )
        let f = try #require(finding(key(.missingDepartmentManager, "g1", Unit.shiminKa), in: s))
        #expect(f.remediation == "休職中の伊藤 誠 課長に代わる管理職をメンバーに追加してください。")
        #expect(keys(.missingDepartmentManager, in: s, settings: settings { $0.countOnLeave = true }).isEmpty)
    }

    @Test func aDepartmentWithoutItsManagerIsFlagged() throws {
        // 総務課 (山田 課長, 佐藤) and one member from 市民課 (田中) without 伊藤 課長.
        let s = snapshot(groups: [group("g1", "窓口連携", masters: ["yamada", "sato"], users: ["yamada", "sato", "tanaka"])])
        #expect(keys(.missingDepartmentManager, in: s) == [key(.missingDepartmentManager, "g1", Unit.shiminKa)])
        let f = try #require(finding(key(.missingDepartmentManager, "g1", Unit.shiminKa), in: s))
        #expect(f.message == "市民課の職員（1名）が参加していますが、市民課の管理職がメンバーにいません。")
        #expect(f.remediation.contains("市民課の管理職"))
        #expect(f.severity == .medium)
        #expect(f.departments.contains(Unit.somuKa))
    }

    /// Routed to the group's home departments (SPEC 2.3) and, as issue 3 asks, also to the
    /// department whose manager is missing, so its 課長 sees it in their own report.
    @Test func theFindingGoesToTheHomeDepartmentsAndTheMissingOne() throws {
        let s = snapshot(groups: [group("g1", masters: ["yamada", "sato"], users: ["yamada", "sato", "tanaka"])])
        let f = try #require(finding(key(.missingDepartmentManager, "g1", Unit.shiminKa), in: s))
        #expect(f.departments == [Unit.somuKa, Unit.shiminKa])
    }

    @Test func eachDepartmentsOwnManagerSatisfiesIt() {
        let s = snapshot(groups: [group("g1", masters: ["yamada", "sato"], users: ["yamada", "sato", "tanaka", "ito"])])
        #expect(keys(.missingDepartmentManager, in: s).isEmpty)
    }

    @Test func oneFindingPerDepartmentWithoutItsManager() {
        // 高橋 is ＤＸ推進課長: a manager, but not of 総務課 or 市民課.
        let s = snapshot(groups: [group("g1", masters: ["takahashi", "suzuki"], users: ["takahashi", "suzuki", "sato", "tanaka"])])
        #expect(keys(.missingDepartmentManager, in: s) == [
            key(.missingDepartmentManager, "g1", Unit.shiminKa),
            key(.missingDepartmentManager, "g1", Unit.somuKa),
        ])
        #expect(keys(.noManager, in: s).isEmpty)
    }

    @Test func aConcurrentPostCoversTheSecondDepartment() {
        // 山田 is 総務課長 and, by 兼務, 市民課 課長補佐.
        let yamada = user("yamada", "山田 太郎", in: Unit.somuKa, position: "課長", kenmu: [kenmu(Unit.shiminKa, position: "課長補佐")])
        let s = snapshot(
            users: Cast.everyone(replacing: [yamada]),
            groups: [group("g1", masters: ["yamada", "sato"], users: ["yamada", "sato", "tanaka"])]
        )
        #expect(keys(.missingDepartmentManager, in: s).isEmpty)
    }

    @Test func aConcurrentPostMarkedIsManagerCoversTheSecondDepartment() {
        let yamada = user("yamada", "山田 太郎", in: Unit.somuKa, position: "課長", kenmu: [kenmu(Unit.shiminKa, isManager: true)])
        let s = snapshot(
            users: Cast.everyone(replacing: [yamada]),
            groups: [group("g1", masters: ["yamada", "sato"], users: ["yamada", "sato", "tanaka"])]
        )
        #expect(keys(.missingDepartmentManager, in: s).isEmpty)
    }

    @Test func aConcurrentPostWithoutAManagerPositionDoesNotCover() {
        let yamada = user("yamada", "山田 太郎", in: Unit.somuKa, position: "課長", kenmu: [kenmu(Unit.shiminKa, position: "主事")])
        let s = snapshot(
            users: Cast.everyone(replacing: [yamada]),
            groups: [group("g1", masters: ["yamada", "sato"], users: ["yamada", "sato", "tanaka"])]
        )
        #expect(keys(.missingDepartmentManager, in: s) == [key(.missingDepartmentManager, "g1", Unit.shiminKa)])
    }

    @Test func aGroupWithoutAnyManagerGetsNoManagerInstead() {
        let s = snapshot(groups: [group("g1", masters: ["sato", "kato"], users: ["sato", "kato", "tanaka", "suzuki"])])
        #expect(keys(.missingDepartmentManager, in: s).isEmpty)
        #expect(keys(.noManager, in: s) == [key(.noManager, "g1")])
    }

    @Test func aSingleDepartmentGroupIsNotFlagged() {
        let s = snapshot(groups: [group("g1", masters: ["yamada", "sato"], users: ["yamada", "sato", "kato"])])
        #expect(keys(.missingDepartmentManager, in: s).isEmpty)
    }

    @Test func aSingleDepartmentGroupIsNotFlaggedEvenIfItsManagerManagesElsewhere() {
        // 佐藤 works in 総務課 but is 市民課長 by 兼務: the group has a manager, one department, and
        // no manager of 総務課 — still not a cross-department group.
        let sato = user("sato", "佐藤 花子", in: Unit.somuKa, position: "主事", kenmu: [kenmu(Unit.shiminKa, position: "課長")])
        let s = snapshot(
            users: Cast.everyone(replacing: [sato]),
            groups: [group("g1", masters: ["sato", "kato"], users: ["sato", "kato"])]
        )
        #expect(keys(.noManager, in: s).isEmpty)
        #expect(keys(.missingDepartmentManager, in: s).isEmpty)
    }

    @Test func aMoveBetweenKakariOfOneKaIsStillOneDepartment() {
        // 鈴木 (企画係) and a システム係 member are both ＤＸ推進課; 高橋 manages it.
        let s = snapshot(
            users: Cast.everyone(replacing: [user("mori", "森 結衣", in: Unit.dxSystem)]),
            groups: [group("g1", masters: ["takahashi", "suzuki"], users: ["takahashi", "suzuki", "mori"])]
        )
        #expect(keys(.missingDepartmentManager, in: s).isEmpty)
    }

    @Test func memberDepartmentsIncludeMembersReachedThroughOrgUnitsAndGroups() {
        let s = snapshot(groups: [
            // 企画係 brings 鈴木 (ＤＸ推進課); the nested group brings 田中 (市民課).
            group("g1", masters: ["yamada", "sato"], users: ["yamada", "sato"], orgUnits: [Unit.dxKikaku], groups: ["g2"]),
            group("g2", masters: ["tanaka", "ito"], users: ["tanaka", "ito"]),
        ])
        #expect(keys(.missingDepartmentManager, in: s).filter { $0.groupId == "g1" } == [
            key(.missingDepartmentManager, "g1", Unit.dxKa),
        ])
    }

    @Test func inactiveMembersBringNoDepartment() {
        // 田中 is suspended: 市民課 is not a member department of the group any more.
        let s = snapshot(
            users: Cast.everyone(replacing: [user("tanaka", "田中 美咲", in: Unit.shiminKa, account: .suspended)]),
            groups: [group("g1", masters: ["yamada", "sato"], users: ["yamada", "sato", "tanaka"])]
        )
        #expect(keys(.missingDepartmentManager, in: s).isEmpty)
    }

    @Test func anInactiveManagerDoesNotCoverTheirDepartment() {
        let s = snapshot(
            users: Cast.everyone(replacing: [user("ito", "伊藤 誠", in: Unit.shiminKa, position: "課長", account: .suspended)]),
            groups: [group("g1", masters: ["yamada", "sato"], users: ["yamada", "sato", "tanaka", "ito"])]
        )
        #expect(keys(.missingDepartmentManager, in: s) == [key(.missingDepartmentManager, "g1", Unit.shiminKa)])
    }

    // MARK: department_level

    @Test func aBuchoPlacedInTheBuIsAManagerOfTheBuOnly() throws {
        // With department_level 2, 総務部 is 渡辺 部長's own department; he is not 総務課's manager.
        let s = snapshot(groups: [group("g1", masters: ["watanabe", "sato"], users: ["watanabe", "sato"])])
        #expect(keys(.noManager, in: s).isEmpty)
        #expect(keys(.missingDepartmentManager, in: s) == [key(.missingDepartmentManager, "g1", Unit.somuKa)])
        let f = try #require(finding(key(.missingDepartmentManager, "g1", Unit.somuKa), in: s))
        #expect(f.message.hasPrefix("総務課の職員（1名）"))
        #expect(Set(f.departments) == [Unit.somuBu, Unit.somuKa])
    }

    @Test func aBuchoAndAKachoCoverTheirOwnDepartments() {
        let s = snapshot(groups: [group("g1", masters: ["watanabe", "yamada"], users: ["watanabe", "yamada", "sato"])])
        #expect(keys(.missingDepartmentManager, in: s).isEmpty)
    }

    @Test func departmentLevelOneMakesTheBuTheDepartment() {
        let s = snapshot(groups: [group("g1", masters: ["yamada", "sato"], users: ["yamada", "sato", "suzuki"])])
        #expect(keys(.missingDepartmentManager, in: s) == [key(.missingDepartmentManager, "g1", Unit.dxKa)])
        let byBu = settings { $0.departmentLevel = 1 }
        #expect(keys(.missingDepartmentManager, in: s, settings: byBu).isEmpty)
    }
}
