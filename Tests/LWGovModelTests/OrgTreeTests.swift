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

/// Departments and subtrees in linear time: a chain 200,000 units deep (quadratic work would
/// be 2 × 10^10 steps) and a wide, shallow tree give the same answers as walking each lineage.
/// The time limit only stops a hang; the expected time is well under a second.
@Suite(.timeLimit(.minutes(1))) struct DeepOrgTreeTests {
    static func chain(_ depth: Int) -> [OrgUnit] {
        (0..<depth).map { OrgUnit(id: "u\($0)", name: "階層\($0)", parentId: $0 == 0 ? nil : "u\($0 - 1)") }
    }

    @Test func aDeepChainIsLinear() {
        let depth = 200_000
        let tree = OrgTree(Array(Self.chain(depth).reversed()))
        #expect(tree.depth["u\(depth - 1)"] == depth)
        let departments = tree.departments(level: 2)
        #expect(departments.count == depth)
        #expect(departments["u0"] == "u0" && departments["u1"] == "u1" && departments["u\(depth - 1)"] == "u1")
        for id in ["u5", "u\(depth / 2)", "u\(depth - 1)"] { #expect(tree.department(of: id, level: 3) == "u2") }
        // Every unit's subtree: the sizes add up to n(n+1)/2, so only the root's is listed here.
        let all = tree.selfAndDescendants(of: "u0")
        #expect(all.count == depth && all.first == "u0" && all.last == "u\(depth - 1)")
        #expect(tree.selfAndDescendants(of: "u\(depth - 2)") == ["u\(depth - 2)", "u\(depth - 1)"])
        #expect(tree.lineage(of: "u\(depth - 1)").count == depth)
        #expect(OrgTree.problems(in: Self.chain(depth)).isEmpty)
    }

    @Test func answersMatchTheLineages() {
        var units = Self.chain(7)
        for i in 0..<40 { units.append(OrgUnit(id: "w\(i)", name: "w", parentId: i % 3 == 0 ? nil : "u\(i % 7)", displayOrder: i % 5)) }
        for i in 0..<40 { units.append(OrgUnit(id: "x\(i)", name: "x", parentId: "w\(i)")) }
        let tree = OrgTree(units)
        for level in 1...4 {
            for unit in units {
                let lineage = tree.lineage(of: unit.id)
                let expected = lineage.count >= level ? lineage[level - 1].id : unit.id
                #expect(tree.department(of: unit.id, level: level) == expected, "\(unit.id) at level \(level)")
            }
        }
        for unit in units {
            let below = Set(units.filter { tree.lineage(of: $0.id).contains { $0.id == unit.id } }.map(\.id))
            let listed = tree.selfAndDescendants(of: unit.id)
            #expect(Set(listed) == below && listed.count == below.count && listed.first == unit.id)
        }
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
