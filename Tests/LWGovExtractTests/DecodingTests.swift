import Foundation
@testable import LWGovExtract
import LWGovModel
import Testing

/// The API 2.0 list shapes as `JSONDecoder` reads them (`Decoding/`): lenient flags, ids
/// and names as strings, escapes decoded. Errors and their wording are in `SnapshotReaderTests`
/// and, for every file of the hostile corpus, in `LWGovCLITests.HostileInputTests`.
struct DecodingTests {
    private func users(_ json: String) throws -> [User] { try JSONDecoder().decode(UserList.self, from: Data(json.utf8)).users }
    private func orgUnits(_ json: String) throws -> [OrgUnit] { try JSONDecoder().decode(OrgUnitList.self, from: Data(json.utf8)).orgUnits }
    private func groups(_ json: String) throws -> [Group] { try JSONDecoder().decode(GroupList.self, from: Data(json.utf8)).groups }

    /// `isAwaiting`, `leaveOfAbsence.isLeaveOfAbsence` and `useTeamFeature` (SPEC 2.2, 2.3): only
    /// JSON booleans count, and an absent `useTeamFeature` is true.
    @Test func readsTheRevision2Flags() throws {
        let users = try users("""
            {"users":[
             {"userId":"a","isAwaiting":true,"leaveOfAbsence":{"isLeaveOfAbsence":true,"startTime":"2026-04-01"},
              "organizations":[{"primary":true,"orgUnits":[{"orgUnitId":"ou-1","primary":true},
                                                           {"orgUnitId":"ou-2","useTeamFeature":false}]}]},
             {"userId":"b","isAwaiting":"true","leaveOfAbsence":{"isLeaveOfAbsence":"true"},
              "organizations":[{"orgUnits":[{"orgUnitId":"ou-1","useTeamFeature":"false"},{"orgUnitId":"ou-2","useTeamFeature":true}]}]},
             {"userId":"c","leaveOfAbsence":null},
             {"userId":"d","leaveOfAbsence":"yes","isAwaiting":false}
            ]}
            """)
        #expect(users.map(\.isAwaiting) == [true, false, false, false])
        #expect(users.map(\.isOnLeave) == [true, false, false, false])
        #expect(users[0].entries.map(\.useTeamFeature) == [true, false])
        #expect(users[1].entries.map(\.useTeamFeature) == [true, true])
        #expect(!users[0].isActive && users[1].isActive)
    }

    @Test func readsUsersWithTheirLenientFlags() throws {
        let read = try users(#"""
            {"users": [
              {"userId": "u1", "email": null, "isDeleted": true, "isSuspended": "true", "isPending": 1,
               "userName": {"lastName": "山田", "firstName": null, "phonetic": {"x": [1, 2.5e3, -0.5]}},
               "organizations": [
                 {"primary": false, "orgUnits": [{"orgUnitId": "a", "primary": true, "isManager": true, "positionName": "課長"}]},
                 {"orgUnits": null},
                 {"primary": true, "orgUnits": [{"orgUnitId": "b"}, {"orgUnitId": "c", "positionName": null, "isManager": "yes"}]}
               ]},
              {"userId": "u2", "userName": null, "organizations": null},
              {"extra": [{}, [], "", false], "userId": "u3"}
            ], "responseMetaData": {"nextCursor": null}}
            """#)
        #expect(read.map(\.id) == ["u1", "u2", "u3"])
        #expect(read[0].isDeleted && !read[0].isSuspended && !read[0].isPending && read[0].email == nil)
        #expect(read[0].lastName == "山田" && read[0].firstName == "")
        #expect(read[0].entries == [
            OrgEntry(orgUnitId: "a", positionName: "課長", isManager: true, isPrimary: true, organizationIndex: 0, organizationPrimary: false),
            OrgEntry(orgUnitId: "b", organizationIndex: 2, organizationPrimary: true),
            OrgEntry(orgUnitId: "c", organizationIndex: 2, organizationPrimary: true),
        ])
        #expect(read[1] == User(id: "u2") && read[2] == User(id: "u3"))
    }

    @Test func readsOrgUnitsAndGroupsWithTheirLenientFields() throws {
        let units = try orgUnits(#"""
            {"orgUnits": [
              {"orgUnitId": "root", "orgUnitName": "市", "displayOrder": 3},
              {"orgUnitId": "a", "orgUnitName": "", "parentOrgUnitId": "", "displayOrder": null},
              {"orgUnitId": "b", "orgUnitName": "課", "parentOrgUnitId": "a", "displayOrder": "7"},
              {"orgUnitId": "c", "orgUnitName": "係", "parentOrgUnitId": null, "displayOrder": -12}
            ]}
            """#)
        #expect(units == [
            OrgUnit(id: "root", name: "市", displayOrder: 3), OrgUnit(id: "a", name: ""),
            OrgUnit(id: "b", name: "課", parentId: "a"), OrgUnit(id: "c", name: "係", displayOrder: -12),
        ])
        let read = try groups(#"""
            {"groups": [
              {"groupId": "g1", "groupName": "グループ", "visible": false, "useMessage": true,
               "administrators": [{"userId": "u2"}, {"userId": "u1", "name": "x"}, {"userId": "u2"}],
               "members": [{"id": "u3", "type": "USER"}, {"type": "ORGUNIT", "id": "a"}, {"id": "g2", "type": "GROUP"}, {"id": "u3", "type": "USER"}]},
              {"groupId": "g2", "groupName": "二", "visible": "false", "useMessage": null, "administrators": null, "members": null}
            ]}
            """#)
        #expect(read == [
            Group(
                id: "g1", name: "グループ", visible: false, useMessage: true, administrators: ["u1", "u2"],
                members: [GroupMember(id: "a", type: .orgUnit), GroupMember(id: "g2", type: .group), GroupMember(id: "u3", type: .user)]
            ),
            Group(id: "g2", name: "二"),
        ])
    }

    @Test func decodesEscapesAndUnicode() throws {
        let read = try users(#"{"users": [{"userId": "u\/1", "userName": {"lastName": "\u5c71\u7530 \"A\" \\ \ud83d\ude00", "firstName": "é😀"}}]}"#)
        #expect(read.first?.id == "u/1")
        #expect(read.first?.lastName == "山田 \"A\" \\ 😀")
        #expect(read.first?.firstName == "é😀")
    }
}
