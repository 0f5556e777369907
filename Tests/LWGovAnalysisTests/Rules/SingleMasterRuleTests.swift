import LWGovAnalysis
import LWGovModel
import Testing

/// `single-master` (トークグループ 02): fires when the group has exactly one active master.
struct SingleMasterRuleTests {
    @Test func aGroupWithOneMasterIsFlagged() throws {
        let s = snapshot(groups: [group("g1", "文書管理", masters: ["yamada"], users: ["sato", "kato"])])
        #expect(keys(.singleMaster, in: s) == [key(.singleMaster, "g1")])
        let f = try #require(finding(key(.singleMaster, "g1"), in: s))
        #expect(f.message.contains("マスターが1名（山田 太郎）のみです。"))
        #expect(f.remediation.contains("マスターを複数名設定してください。"))
        #expect(f.severity == .medium)
        #expect(f.departments == [Unit.somuKa])
    }

    @Test func twoActiveMastersAreEnough() {
        let s = snapshot(groups: [group("g1", masters: ["yamada", "sato"], users: ["kato"])])
        #expect(keys(.singleMaster, in: s).isEmpty)
    }

    @Test func duplicateAdministratorEntriesCountOnce() {
        let s = snapshot(groups: [group("g1", masters: ["yamada", "yamada"], users: ["sato"])])
        #expect(keys(.singleMaster, in: s) == [key(.singleMaster, "g1")])
    }

    @Test func aMasterWhoIsAlsoADirectMemberIsStillOneMaster() {
        let s = snapshot(groups: [group("g1", masters: ["yamada"], users: ["yamada", "sato"])])
        #expect(keys(.singleMaster, in: s) == [key(.singleMaster, "g1")])
    }

    @Test func onlyActiveMastersCount() throws {
        // Two masters on paper, but 佐藤 is suspended.
        let s = snapshot(
            users: Cast.everyone(replacing: [user("sato", "佐藤 花子", in: Unit.somuKa, account: .suspended)]),
            groups: [group("g1", masters: ["yamada", "sato"], users: ["kato"])]
        )
        #expect(keys(.singleMaster, in: s) == [key(.singleMaster, "g1")])
        #expect(keys(.noActiveMaster, in: s).isEmpty)
        let f = try #require(finding(key(.singleMaster, "g1"), in: s))
        #expect(f.message.contains("（山田 太郎）"))
        #expect(!f.message.contains("佐藤"))
    }

    @Test func anUnknownSecondMasterDoesNotCount() {
        let s = snapshot(groups: [group("g1", masters: ["yamada", "ghost"], users: ["sato"])])
        #expect(keys(.singleMaster, in: s) == [key(.singleMaster, "g1")])
        #expect(keys(.inactiveMember, in: s) == [key(.inactiveMember, "g1", "ghost")])
    }

    @Test func noActiveMasterIsNotASingleMaster() {
        let s = snapshot(groups: [group("g1", users: ["yamada", "sato"])])
        #expect(keys(.singleMaster, in: s).isEmpty)
        #expect(keys(.noActiveMaster, in: s) == [key(.noActiveMaster, "g1")])
    }

    @Test func theActiveMastersDepartmentIsHomeWhateverTheMembers() throws {
        // Most members are in 総務課, but the only master is 田中 of 市民課.
        let s = snapshot(groups: [group("g1", masters: ["tanaka"], users: ["sato", "kato", "yamada"])])
        let f = try #require(finding(key(.singleMaster, "g1"), in: s))
        #expect(f.departments == [Unit.shiminKa])
    }
}
