import LWGovAnalysis
import LWGovModel
import Testing

/// What `Checker.check` does across rules and groups: ordering, `rules.disabled`, departments.
struct CheckerTests {
    private static let city = snapshot(groups: [
        group("g-bousai", "防災連絡", visible: false, masters: ["yamada", "sato"], users: ["yamada", "sato", "kato"]),
        group("g-kouhou", "広報原稿", masters: ["sato"], users: ["sato", "kato"]),
        group("g-mado", "窓口連携", masters: ["yamada", "sato"], users: ["yamada", "sato", "tanaka", "ghost"]),
        group("g-ok", "システム更新", masters: ["takahashi", "suzuki"], users: ["takahashi", "suzuki"]),
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

    /// From 1,024 groups on, the groups are checked in shares on several cores: the findings and
    /// summaries must be those of checking each group on its own, in the same order.
    @Test func checkingInSharesGivesWhatEachGroupGivesAlone() {
        let templates = [
            ("防災連絡", false, ["yamada", "sato"], ["kato"]), ("広報原稿", true, ["sato"], ["kato"]),
            ("窓口連携", true, ["yamada", "sato"], ["tanaka", "ghost"]), ("システム更新", true, ["takahashi", "suzuki"], []),
        ]
        let groups = (0..<1_100).map { i in
            let t = templates[i % templates.count]
            return group(String(format: "g-%04d", i), "\(t.0)\(i)", visible: t.1, masters: t.2, users: t.2 + t.3)
        }
        let whole = Checker.check(snapshot: snapshot(groups: groups), settings: defaultSettings, history: StalenessHistory())
        var alone: [Finding] = []
        for g in groups {
            alone += Checker.check(snapshot: snapshot(groups: [g]), settings: defaultSettings, history: StalenessHistory()).findings
        }
        #expect(whole.findings.count == 1_100 / 4 * 5)
        #expect(whole.findings == alone.sorted { $0.key < $1.key })
        #expect(whole.groups.map(\.groupId) == groups.map(\.id))
    }

    @Test func disabledRulesAreNotCheckedAtAll() {
        let fewer = settings { $0.disabledRules = ["no-manager", "single-master", "inactive-member"] }
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
