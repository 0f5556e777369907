import LWGovAnalysis
import LWGovModel
import Testing

/// What `Checker.check` does across rules and groups: ordering, `rules.disabled`, departments.
struct CheckerTests {
    private static let city = snapshot(groups: [
        group("g-bousai", "防災連絡", visible: false, masters: ["yamada", "sato"], users: ["kato"]),
        group("g-kouhou", "広報原稿", masters: ["sato"], users: ["kato"]),
        group("g-mado", "窓口連携", masters: ["yamada", "sato"], users: ["tanaka", "ghost"]),
        group("g-ok", "システム更新", masters: ["takahashi", "suzuki"]),
    ])

    @Test func findingsComeInRuleOrderThenGroupThenSubject() {
        #expect(check(Self.city) == [
            key(.notPublic, "g-bousai"),
            key(.noManager, "g-kouhou"),
            key(.missingDepartmentManager, "g-mado", Unit.shiminKa),
            key(.singleMaster, "g-kouhou"),
            key(.inactiveMember, "g-mado", "ghost"),
        ])
    }

    @Test func disabledRulesAreNotCheckedAtAll() {
        let fewer = settings { $0.rules.disabled = ["no-manager", "single-master", "inactive-member"] }
        #expect(check(Self.city, settings: fewer) == [
            key(.notPublic, "g-bousai"),
            key(.missingDepartmentManager, "g-mado", Unit.shiminKa),
        ])
    }

    @Test func everyGroupIsSummarisedWithItsHomeDepartments() {
        let output = Checker.check(snapshot: Self.city, settings: defaultSettings, history: StalenessHistory())
        #expect(output.groups.map(\.groupId) == ["g-bousai", "g-kouhou", "g-mado", "g-ok"])
        #expect(output.groups.map(\.homeDepartments) == [[Unit.somuKa], [Unit.somuKa], [Unit.somuKa], [Unit.dxKa]])
        #expect(output.groups.map(\.activeMasters) == [2, 1, 2, 2])
        #expect(output.groups.map(\.visible) == [false, true, true, true])
    }

    @Test func departmentsAreTheUnitsAtDepartmentLevelAndShallowerOnesInOrganisationOrder() throws {
        let departments = Checker.check(snapshot: Self.city, settings: defaultSettings, history: StalenessHistory()).departments
        // A 部 is its own department (for a 部長 placed directly in it); 係 roll up to their 課.
        #expect(departments.map(\.id) == [Unit.somuBu, Unit.somuKa, Unit.dxKa, Unit.shiminBu, Unit.shiminKa])
        let dx = try #require(departments.first { $0.id == Unit.dxKa })
        #expect(dx.name == "ＤＸ推進課")
        #expect(dx.path == "総務部/ＤＸ推進課")
    }
}
