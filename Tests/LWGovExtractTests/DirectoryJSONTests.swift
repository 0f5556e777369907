import Foundation
@testable import LWGovExtract
import LWGovModel
import Testing

/// The fast reader (`DirectoryJSON`) must read well-formed files exactly as the reference
/// (`JSONDecoder` with the `Decodable` shapes) does, and give up on everything else.
private enum Reference {
    static func users(_ data: Data) -> [User]? { try? JSONDecoder().decode(UserList.self, from: data).users }
    static func orgUnits(_ data: Data) -> [OrgUnit]? { try? JSONDecoder().decode(OrgUnitList.self, from: data).orgUnits }
    static func groups(_ data: Data) -> [Group]? { try? JSONDecoder().decode(GroupList.self, from: data).groups }
}

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The three lists, as a file may hold one of them.
private enum List: String, CaseIterable {
    case users, orgUnits, groups
}

/// Same result as the reference for each list, or gave up; `fast` names a list the reader must
/// not give up on.
private func agree(_ json: String, fast: List?, sourceLocation: SourceLocation = #_sourceLocation) {
    agree(Data(json.utf8), fast: fast, sourceLocation: sourceLocation)
}

private func agree(_ data: Data, fast mustBeFast: List?, name: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let text = String(decoding: data.prefix(200), as: UTF8.self)
    for list in List.allCases {
        let read: Bool
        switch list {
        case .users:
            let fast = DirectoryJSON.users(data)
            read = fast != nil
            if let fast { #expect(fast == Reference.users(data), "users differ: \(name) \(text)", sourceLocation: sourceLocation) }
        case .orgUnits:
            let fast = DirectoryJSON.orgUnits(data)
            read = fast != nil
            if let fast { #expect(fast == Reference.orgUnits(data), "org units differ: \(name) \(text)", sourceLocation: sourceLocation) }
        case .groups:
            let fast = DirectoryJSON.groups(data)
            read = fast != nil
            if let fast { #expect(fast == Reference.groups(data), "groups differ: \(name) \(text)", sourceLocation: sourceLocation) }
        }
        if list == mustBeFast, !read { Issue.record("gave up on \(list): \(name) \(text)", sourceLocation: sourceLocation) }
    }
}

struct DirectoryJSONTests {
    /// `isAwaiting`, `leaveOfAbsence.isLeaveOfAbsence` and `useTeamFeature` (SPEC 2.2, 2.3): only
    /// JSON booleans count, absent `useTeamFeature` is true, and both readers agree.
    @Test func readsTheRevision2FlagsAsTheReferenceDoes() throws {
        let json = """
            {"users":[
             {"userId":"a","isAwaiting":true,"leaveOfAbsence":{"isLeaveOfAbsence":true,"startTime":"2026-04-01"},
              "organizations":[{"primary":true,"orgUnits":[{"orgUnitId":"ou-1","primary":true},
                                                           {"orgUnitId":"ou-2","useTeamFeature":false}]}]},
             {"userId":"b","isAwaiting":"true","leaveOfAbsence":{"isLeaveOfAbsence":"true"},
              "organizations":[{"orgUnits":[{"orgUnitId":"ou-1","useTeamFeature":"false"},{"orgUnitId":"ou-2","useTeamFeature":true}]}]},
             {"userId":"c","leaveOfAbsence":null},
             {"userId":"d","leaveOfAbsence":"yes","isAwaiting":false}
            ]}
            """
        agree(json, fast: .users)
        let users = try #require(DirectoryJSON.users(Data(json.utf8)))
        #expect(users.map(\.isAwaiting) == [true, false, false, false])
        #expect(users.map(\.isOnLeave) == [true, false, false, false])
        #expect(users[0].entries.map(\.useTeamFeature) == [true, false])
        #expect(users[1].entries.map(\.useTeamFeature) == [true, true])
        #expect(!users[0].isActive && users[1].isActive)
    }

    @Test func readsEverySampleMonthAsTheReferenceDoes() throws {
        var files = 0
        for month in ["2026-02", "2026-03", "2026-04", "2026-05"] {
            for (file, list) in [("users.json", List.users), ("orgunits.json", .orgUnits), ("groups.json", .groups)] {
                let data = try Data(contentsOf: repository.appendingPathComponent("SampleData/\(month)/\(file)"))
                agree(data, fast: list, name: "\(month)/\(file)")
                files += 1
            }
        }
        #expect(files == 12)
    }

    @Test func readsTheDirectoryShapesWithTheirLenientFlags() {
        agree(#"{"users": []}"#, fast: .users)
        agree(#" {"users": [ ], "responseMetaData": {"nextCursor": null}} "#, fast: .users)
        agree(#"{"users": [{"userId": "u1", "x": 1, "x": [2]}]}"#, fast: .users)
        agree(#"""
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
            ]}
            """#, fast: .users)
        agree(#"""
            {"orgUnits": [
              {"orgUnitId": "root", "orgUnitName": "市", "displayOrder": 3},
              {"orgUnitId": "a", "orgUnitName": "", "parentOrgUnitId": "", "displayOrder": null},
              {"orgUnitId": "b", "orgUnitName": "課", "parentOrgUnitId": "a", "displayOrder": "7"},
              {"orgUnitId": "c", "orgUnitName": "係", "parentOrgUnitId": null, "displayOrder": -12},
              {"orgUnitId": "d", "orgUnitName": "係", "displayOrder": true}
            ]}
            """#, fast: .orgUnits)
        agree(#"""
            {"groups": [
              {"groupId": "g1", "groupName": "グループ", "visible": false, "useMessage": true,
               "administrators": [{"userId": "u2"}, {"userId": "u1", "name": "x"}, {"userId": "u2"}],
               "members": [{"id": "u3", "type": "USER"}, {"type": "ORGUNIT", "id": "a"}, {"id": "g2", "type": "GROUP"}, {"id": "u3", "type": "USER"}]},
              {"groupId": "g2", "groupName": "二", "visible": "false", "useMessage": null, "administrators": null, "members": null},
              {"groupId": "g3", "groupName": "三", "visible": 0, "useMessage": false}
            ]}
            """#, fast: .groups)
    }

    @Test func decodesEscapesAndUnicodeAsTheReferenceDoes() {
        agree(#"{"users": [{"userId": "u\/1", "userName": {"lastName": "\u5c71\u7530 \"A\" \\ \ud83d\ude00", "firstName": "é😀"}}]}"#, fast: .users)
        agree(#"{"groups": [{"groupId": "g", "groupName": "<b>&amp;</b> \u0041"}]}"#, fast: .groups)
    }

    @Test func givesUpOnWhatTheReferenceRefusesOrReadsDifferently() {
        let cases = [
            #"{"users": [{"userId": ""}]}"#,                          // empty identifier
            #"{"users": [{"email": "x"}]}"#,                          // missing userId
            #"{"users": [{"userId": 7}]}"#,                           // wrong type
            #"{"users": [{"userId": "a\u0000b"}]}"#,                  // escaped NUL
            #"{"users": [{"userId": "a\nb"}]}"#,                      // escaped control character
            #"{"users": [{"userId": "a", "userId": "b"}]}"#,          // repeated key
            #"{"users": [{"userId": "a", "userName": "x"}]}"#,        // userName not an object
            #"{"users": [{"userId": "a", "organizations": {}}]}"#,    // not an array
            #"{"users": [{"userId": "a", "organizations": [null]}]}"#,
            #"{"users": [{"userId": "a"}], "users": []}"#,            // list twice
            #"{"users": null}"#,
            #"{"users": [{"userId": "a"}]} x"#,                       // trailing content
            #"{"users": [{"userId": "a",}]}"#,                        // trailing comma
            #"{"users": [{"userId": "\ud800"}]}"#,                    // lone surrogate
            #"{"use\u0072s": []}"#,                                   // escaped key
            #"{"orgUnits": [{"orgUnitId": "a", "orgUnitName": null}]}"#,
            #"{"orgUnits": [{"orgUnitId": "a", "orgUnitName": "x", "displayOrder": 1.0}]}"#,
            #"{"orgUnits": [{"orgUnitId": "a", "orgUnitName": "x", "displayOrder": 99999999999999999999}]}"#,
            #"{"orgUnits": [{"orgUnitId": "a", "orgUnitName": "x", "displayOrder": 01}]}"#,
            #"{"groups": [{"groupId": "g", "groupName": "n", "members": [{"id": "u"}]}]}"#,
            #"{"groups": [{"groupId": "g", "groupName": "n", "members": [{"id": "u", "type": "user"}]}]}"#,
            #"{"groups": [{"groupId": "g", "groupName": "n", "administrators": [{}]}]}"#,
            #"{"groups": [{"groupId": "g", "groupName": "n", "x": [1, 2,]}]}"#,
            #"{"groups": [{"groupId": "g", "groupName": "n", "x": tru}]}"#,
            #"{"groups": [{"groupId": "g", "groupName": "n", "x": -}]}"#,
            #"{"groups": [{"groupId": "g", "groupName": "n", "x": 1.}]}"#,
            #"{"groups": [{"groupId": "g", "groupName": "n\u007f"}]}"#,
            "{\"groups\": [{\"groupId\": \"g\", \"groupName\": \"a\tb\"}]}",  // raw tab
            #"["users"]"#,
            #"{"users": [{"userId": "a"}"#,                           // truncated
        ]
        for json in cases {
            let data = Data(json.utf8)
            #expect(DirectoryJSON.users(data) == nil && DirectoryJSON.orgUnits(data) == nil && DirectoryJSON.groups(data) == nil, "read: \(json)")
        }
        let invalidUTF8 = Data(#"{"users": [{"userId": "a"#.utf8) + Data([0xFF, 0xFE]) + Data(#""}]}"#.utf8)
        #expect(DirectoryJSON.users(invalidUTF8) == nil)
        let invalidKey = Data(#"{"users": [{"a"#.utf8) + Data([0xC3]) + Data(#"": 1, "userId": "a"}]}"#.utf8)
        #expect(DirectoryJSON.users(invalidKey) == nil)
        let deep = #"{"users": [{"userId": "a", "x": "# + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "}]}"
        #expect(DirectoryJSON.users(Data(deep.utf8)) == nil)
    }

    /// Every file of the hostile corpus: the fast reader either gives up or agrees.
    @Test func neverAcceptsHostileInputTheReferenceWouldReadOtherwise() throws {
        let bad = repository.appendingPathComponent("Tests/LWGovCLITests/Fixtures/bad")
        var checked = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: bad.path).sorted() {
            for file in ["users.json", "orgunits.json", "groups.json"] {
                let url = bad.appendingPathComponent("\(name)/\(file)")
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
                      let data = try? Data(contentsOf: url), data.count < 1 << 20
                else { continue }
                agree(data, fast: nil, name: "\(name)/\(file)")
                checked += 1
            }
        }
        #expect(checked > 30)
    }
}
