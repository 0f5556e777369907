@testable import LWGovAnalysis
import LWGovModel
import Testing

struct MembershipTests {
    /// Effective members (SPEC 2.3) through nesting and a cycle: a → b → c → a, d → a. The cycle's
    /// groups share one membership; every list is sorted and has no repeats, however often a
    /// user is reached (as a master, a member, through an org unit, through several groups).
    @Test func nestedGroupsAndACycleGiveSortedListsWithoutRepeats() {
        let groups = [
            group("a", masters: ["sato"], users: ["sato", "kato"], groups: ["b"]),
            group("b", users: ["kato", "ghost"], orgUnits: [Unit.somuKa], groups: ["c"]),
            group("c", masters: ["tanaka"], users: ["tanaka"], groups: ["a"]),
            group("d", masters: ["ito"], users: ["ito", "sato"], groups: ["a"]),
            group("e", users: ["watanabe"]),
        ]
        var index = DirectoryIndex(snapshot: snapshot(groups: groups), departmentLevel: 2, managerPositions: ["課長"])
        let membership = EffectiveMembership(groups: groups, index: &index)
        func ids(_ i: Int) -> [String] { membership.members[i].map { index.userIds[Int($0)] } }
        for list in membership.members {
            #expect(list == list.sorted() && Set(list).count == list.count)
        }
        let cycle = Set(["sato", "kato", "ghost", "yamada", "tanaka"])  // 総務課 = yamada, sato, kato
        #expect(Set(ids(0)) == cycle && ids(0).count == cycle.count)
        #expect(ids(1) == ids(0) && ids(2) == ids(0))
        #expect(Set(ids(3)) == cycle.union(["ito"]) && ids(3).count == cycle.count + 1)
        #expect(ids(4) == ["watanabe"])
    }
}
