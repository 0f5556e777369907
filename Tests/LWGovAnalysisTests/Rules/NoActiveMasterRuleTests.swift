import LWGovAnalysis
import LWGovModel
import Testing

/// `no-active-master` (トークグループ 02): fires when the group has zero active masters.
struct NoActiveMasterRuleTests {
    @Test func aGroupWithoutMastersIsFlagged() throws {
        let s = snapshot(groups: [group("g1", "防災連絡", users: ["yamada", "sato"])])
        #expect(keys(.noActiveMaster, in: s) == [key(.noActiveMaster, "g1")])
        let f = try #require(finding(key(.noActiveMaster, "g1"), in: s))
        #expect(f.message == "マスター（管理者）が設定されていません。")
        #expect(f.severity == .high)
        #expect(f.departments == [Unit.somuKa])
    }

    @Test func aGroupWhoseMastersAreAllInactiveOrUnknownIsFlagged() throws {
        let s = snapshot(
            users: Cast.everyone(replacing: [user("yamada", "山田 太郎", in: Unit.somuKa, position: "課長", account: .suspended)]),
            groups: [group("g1", masters: ["yamada", "ghost"], users: ["sato"])]
        )
        #expect(keys(.noActiveMaster, in: s) == [key(.noActiveMaster, "g1")])
        let f = try #require(finding(key(.noActiveMaster, "g1"), in: s))
        #expect(f.message.contains("山田 太郎"))
        #expect(f.message.contains("ghost"))
        #expect(f.evidence.contains { $0.value.contains("利用停止中") })
    }

    @Test(arguments: [Account.deleted, .suspended, .pending])
    func anInactiveSoleMasterLeavesNoActiveMaster(account: Account) {
        let s = snapshot(
            users: Cast.everyone(replacing: [user("sato", "佐藤 花子", in: Unit.somuKa, account: account)]),
            groups: [group("g1", masters: ["sato"], users: ["yamada"])]
        )
        #expect(keys(.noActiveMaster, in: s) == [key(.noActiveMaster, "g1")])
        #expect(keys(.singleMaster, in: s).isEmpty)
    }

    @Test func oneActiveMasterIsEnoughForThisRule() {
        let s = snapshot(
            users: Cast.everyone(replacing: [user("sato", "佐藤 花子", in: Unit.somuKa, account: .deleted)]),
            groups: [group("g1", masters: ["yamada", "sato"])]
        )
        #expect(keys(.noActiveMaster, in: s).isEmpty)
    }

    @Test func theMastersOfANestedGroupAreNotMastersOfTheOuterGroup() {
        let s = snapshot(groups: [
            group("outer", users: ["sato"], groups: ["inner"]),
            group("inner", masters: ["yamada", "kato"]),
        ])
        #expect(keys(.noActiveMaster, in: s) == [key(.noActiveMaster, "outer")])
    }

    // MARK: Routing without an active master

    @Test func withoutAnActiveMasterTheLargestMemberDepartmentIsHome() throws {
        let s = snapshot(groups: [group("g1", users: ["sato", "kato", "tanaka"])])
        let f = try #require(finding(key(.noActiveMaster, "g1"), in: s))
        #expect(f.departments == [Unit.somuKa])
    }

    @Test func aTieOfMemberDepartmentsRoutesToAllOfThem() throws {
        let s = snapshot(groups: [group("g1", users: ["sato", "tanaka", "ghost"])])
        let f = try #require(finding(key(.noActiveMaster, "g1"), in: s))
        #expect(Set(f.departments) == [Unit.somuKa, Unit.shiminKa])
        #expect(f.departments.count == 2)
        let summary = try #require(Checker.check(snapshot: s, settings: defaultSettings, history: StalenessHistory()).groups.first)
        #expect(Set(summary.homeDepartments) == [Unit.somuKa, Unit.shiminKa])
    }

    @Test func anInactiveMastersDepartmentIsNotHome() throws {
        // 山田 (総務課) is a suspended master; the group's one active member is in 市民課.
        let s = snapshot(
            users: Cast.everyone(replacing: [user("yamada", "山田 太郎", in: Unit.somuKa, position: "課長", account: .suspended)]),
            groups: [group("g1", masters: ["yamada"], users: ["tanaka"])]
        )
        let f = try #require(finding(key(.noActiveMaster, "g1"), in: s))
        #expect(f.departments == [Unit.shiminKa])
    }

    // MARK: Empty groups

    @Test func anEmptyGroupGetsExactlyNoManagerAndNoActiveMaster() throws {
        let s = snapshot(groups: [group("empty", "空のグループ")])
        #expect(check(s) == [key(.noManager, "empty"), key(.noActiveMaster, "empty")])
        let f = try #require(finding(key(.noActiveMaster, "empty"), in: s))
        #expect(f.message == "マスター（管理者）が設定されていません。")
    }

    @Test func aGroupWithOnlyAnEmptyOrgUnitIsNotEmptyButHasNoMaster() {
        // 企画係 with nobody in it: the group is not empty, yet has no master and no manager.
        let s = snapshot(
            users: [Cast.yamada, Cast.sato],
            groups: [group("g1", orgUnits: [Unit.dxKikaku])]
        )
        #expect(check(s) == [key(.noManager, "g1"), key(.noActiveMaster, "g1")])
    }
}
