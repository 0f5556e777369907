import LWGovModel
import Testing

struct OrgTreeTests {
    let units = [
        OrgUnit(id: "bu", name: "総務部"),
        OrgUnit(id: "ka", name: "総務課", parentId: "bu"),
        OrgUnit(id: "kakari", name: "庶務係", parentId: "ka"),
        OrgUnit(id: "dx", name: "ＤＸ推進課", parentId: "bu", displayOrder: 2),
    ]

    @Test func departmentsRollUpToTheLevel() {
        let tree = OrgTree(units)
        #expect(tree.depth == ["bu": 1, "ka": 2, "kakari": 3, "dx": 2])
        #expect(tree.department(of: "kakari", level: 2) == "ka")
        #expect(tree.department(of: "ka", level: 2) == "ka")
        // A unit shallower than the level is its own department (a 部長 placed in a 部).
        #expect(tree.department(of: "bu", level: 2) == "bu")
        #expect(tree.department(of: "kakari", level: 1) == "bu")
        #expect(tree.department(of: "missing", level: 2) == nil)
        #expect(tree.path(of: "kakari") == "総務部/総務課/庶務係")
        #expect(Set(tree.selfAndDescendants(of: "ka")) == ["ka", "kakari"])
    }

    @Test func soundTreeHasNoProblems() {
        #expect(OrgTree.problems(in: units).isEmpty)
    }

    @Test func findsUnknownParentsAndCycles() {
        let broken = [
            OrgUnit(id: "a", name: "A", parentId: "b"),
            OrgUnit(id: "b", name: "B", parentId: "a"),
            OrgUnit(id: "c", name: "C", parentId: "nowhere"),
        ]
        let problems = OrgTree.problems(in: broken)
        #expect(problems.contains(.unknownParent(index: 2, unitId: "c", parentId: "nowhere")))
        #expect(problems.contains { if case .cycle = $0 { true } else { false } })
        // The tree still builds and terminates on such input.
        let tree = OrgTree(broken)
        #expect(tree.depth.count == 3)
    }
}

struct UserTests {
    @Test func primaryOrgUnitFollowsFlagsThenOrder() {
        let marked = User(id: "u", entries: [
            OrgEntry(orgUnitId: "x", isPrimary: false, organizationIndex: 0, organizationPrimary: false),
            OrgEntry(orgUnitId: "y", isPrimary: false, organizationIndex: 1, organizationPrimary: true),
            OrgEntry(orgUnitId: "z", isPrimary: true, organizationIndex: 1, organizationPrimary: true),
        ])
        #expect(marked.primaryOrgUnitId == "z")
        let unmarked = User(id: "u", entries: [
            OrgEntry(orgUnitId: "x", organizationIndex: 0, organizationPrimary: false),
            OrgEntry(orgUnitId: "y", organizationIndex: 0, organizationPrimary: false),
        ])
        #expect(unmarked.primaryOrgUnitId == "x")
        #expect(User(id: "u").primaryOrgUnitId == nil)
    }

    @Test func activeUnlessDeletedSuspendedOrPending() {
        #expect(User(id: "a").isActive)
        #expect(!User(id: "a", isDeleted: true).isActive)
        #expect(!User(id: "a", isSuspended: true).isActive)
        #expect(!User(id: "a", isPending: true).isActive)
    }

    @Test func groupMembersAreSets() {
        let group = Group(id: "g", administrators: ["b", "a", "b"], members: [
            GroupMember(id: "u", type: .user), GroupMember(id: "u", type: .user), GroupMember(id: "u", type: .orgUnit),
        ])
        #expect(group.administrators == ["a", "b"])
        #expect(group.members.count == 2)
        #expect(group.directUserIds == ["u"])
    }
}

struct TransferDetectionTests {
    let tree = OrgTree([
        OrgUnit(id: "bu", name: "総務部"),
        OrgUnit(id: "soumu", name: "総務課", parentId: "bu"),
        OrgUnit(id: "soumu-1", name: "庶務係", parentId: "soumu"),
        OrgUnit(id: "jinji", name: "人事課", parentId: "bu"),
    ])

    func user(_ id: String, _ unit: String) -> User {
        User(id: id, entries: [OrgEntry(orgUnitId: unit, isPrimary: true)])
    }

    @Test func changeOfDepartmentIsATransferAndWithinOneIsNot() throws {
        let before = Transfers.placements(of: [user("a", "soumu"), user("b", "soumu"), user("gone", "soumu")], tree: tree, departmentLevel: 2)
        let after = Transfers.placements(of: [user("a", "jinji"), user("b", "soumu-1"), user("hired", "jinji")], tree: tree, departmentLevel: 2)
        let takenAt = try #require(CivilTime(identifier: "Asia/Tokyo")?.parseTimestamp("2026-04-01T06:00:00"))
        let found = Transfers.detect(previous: before, current: after, takenAt: takenAt, effectiveDates: [:])
        #expect(found.map(\.userId) == ["a"])
        #expect(found.first?.from.departmentName == "総務課")
        #expect(found.first?.to.departmentName == "人事課")
        #expect(found.first?.datedBy == .snapshot)
        #expect(found.first?.effectiveAt == takenAt)
    }

    @Test func csvDateWinsOnlyForObservedTransfers() throws {
        let before = Transfers.placements(of: [user("a", "soumu"), user("b", "soumu")], tree: tree, departmentLevel: 2)
        let after = Transfers.placements(of: [user("a", "jinji"), user("b", "soumu")], tree: tree, departmentLevel: 2)
        let tz = try #require(CivilTime(identifier: "Asia/Tokyo"))
        let date = try #require(tz.parseDay("2026-03-25"))
        let found = Transfers.detect(
            previous: before, current: after, takenAt: try #require(tz.parseTimestamp("2026-04-01T06:00:00")),
            effectiveDates: ["a": date, "b": date]
        )
        #expect(found.count == 1)
        #expect(found.first?.effectiveAt == date)
        #expect(found.first?.datedBy == .csv)
    }
}
