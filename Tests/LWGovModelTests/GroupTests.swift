import Foundation
import LWGovModel
import Testing

struct GroupTests {
    /// Masters and members are sets, sorted: whatever order and repeats the directory gave.
    @Test func mastersAndMembersAreSortedSetsWhateverTheInputOrder() {
        let sorted = [GroupMember(id: "k", type: .orgUnit), GroupMember(id: "a", type: .user), GroupMember(id: "b", type: .user)]  // ORGUNIT < USER
        #expect(Group(id: "g", members: sorted).members == sorted)
        #expect(Group(id: "g", members: sorted.reversed()).members == sorted)
        #expect(Group(id: "g", members: sorted + sorted).members == sorted)
        #expect(Group(id: "g", members: [sorted[0], sorted[0], sorted[1], sorted[2]]).members == sorted, "a repeat in sorted input")
        #expect(Group(id: "g", administrators: ["u2", "u1", "u2"]).administrators == ["u1", "u2"])
        #expect(Group(id: "g", administrators: ["u1", "u1"]).administrators == ["u1"])
        #expect(Group(id: "g", administrators: ["u1"]).administrators == ["u1"])
        #expect(Group(id: "g").administrators.isEmpty)
    }

    @Test func decodingGoesThroughTheSameRule() throws {
        let json = #"{"id":"g","name":"n","visible":true,"administrators":["u2","u1","u2"],"members":[{"id":"b","type":"USER"},{"id":"a","type":"USER"},{"id":"b","type":"USER"}]}"#
        let group = try JSONDecoder().decode(Group.self, from: Data(json.utf8))
        #expect(group.administrators == ["u1", "u2"])
        #expect(group.members == [GroupMember(id: "a", type: .user), GroupMember(id: "b", type: .user)])
        #expect(try JSONDecoder().decode(Group.self, from: JSONEncoder().encode(group)) == group)
    }
}
