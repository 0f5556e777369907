import Foundation
import LWGovAnalysis
import LWGovExtract
import LWGovModel
import Testing

/// `not-public` (トークグループ 03): fires when `visible` is false.
struct NotPublicRuleTests {
    @Test func aPrivateGroupIsFlagged() throws {
        let s = snapshot(groups: [group("g1", "予算要求調整", visible: false, masters: ["yamada", "sato"])])
        #expect(keys(.notPublic, in: s) == [key(.notPublic, "g1")])
        let f = try #require(finding(key(.notPublic, "g1"), in: s))
        #expect(f.groupName == "予算要求調整")
        #expect(f.message.contains("非公開"))
        #expect(f.remediation.contains("公開"))
        #expect(f.severity == .high)
        #expect(f.departments == [Unit.somuKa])
    }

    @Test func aPublicGroupIsNotFlagged() {
        let s = snapshot(groups: [group("g1", visible: true, masters: ["yamada", "sato"])])
        #expect(keys(.notPublic, in: s).isEmpty)
    }

    @Test func onlyTheFalseGroupOfSeveralIsFlagged() {
        let s = snapshot(groups: [
            group("g1", visible: true, masters: ["yamada"]),
            group("g2", visible: false, masters: ["yamada"]),
            group("g3", visible: false, users: ["sato"]),
        ])
        #expect(keys(.notPublic, in: s) == [key(.notPublic, "g2"), key(.notPublic, "g3")])
    }

    /// Through the file reader: an absent `visible` (or one that is not JSON `false`) is public.
    @Test func anAbsentVisibleFlagMeansPublic() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lwgov-notpublic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = [
            "orgunits.json": #"{"orgUnits": [{"orgUnitId": "somu-bu", "orgUnitName": "総務部"}, {"orgUnitId": "somu-ka", "orgUnitName": "総務課", "parentOrgUnitId": "somu-bu"}]}"#,
            "users.json": #"{"users": [{"userId": "yamada", "userName": {"lastName": "山田", "firstName": "太郎"}, "organizations": [{"primary": true, "orgUnits": [{"orgUnitId": "somu-ka", "primary": true, "positionName": "課長"}]}]}]}"#,
            "groups.json": #"""
                {"groups": [
                  {"groupId": "absent", "groupName": "未指定", "administrators": [{"userId": "yamada"}], "members": []},
                  {"groupId": "null", "groupName": "null", "visible": null, "administrators": [{"userId": "yamada"}]},
                  {"groupId": "string", "groupName": "文字列", "visible": "false", "administrators": [{"userId": "yamada"}]},
                  {"groupId": "true", "groupName": "公開", "visible": true, "administrators": [{"userId": "yamada"}]},
                  {"groupId": "false", "groupName": "非公開", "visible": false, "administrators": [{"userId": "yamada"}]}
                ]}
                """#,
            "snapshot.json": #"{"takenAt": "2026-04-01T06:00:00+09:00"}"#,
        ]
        for (name, text) in files {
            try Data(text.utf8).write(to: dir.appendingPathComponent(name))
        }
        let (read, _) = try SnapshotReader(civilTime: tokyo).read(directory: dir.path)
        #expect(check(read).filter { $0.rule == .notPublic } == [key(.notPublic, "false")])
    }

    /// An empty group gets `no-manager` and `no-active-master` only (SPEC 3.0), even when private.
    @Test func anEmptyPrivateGroupIsNotFlagged() {
        let s = snapshot(groups: [group("empty", visible: false)])
        #expect(check(s) == [key(.noManager, "empty"), key(.noActiveMaster, "empty")])
    }

    @Test func disablingTheRuleSilencesIt() {
        let s = snapshot(groups: [group("g1", visible: false, masters: ["yamada", "sato"])])
        let off = settings { $0.disabledRules = ["not-public"] }
        #expect(keys(.notPublic, in: s, settings: off).isEmpty)
        #expect(keys(.notPublic, in: s).count == 1)
    }
}
