import LWGovModel

/// The organisation model of one snapshot (SPEC 2.2), indexed for the rules.
///
/// Users are numbered (`Int32`) so memberships are compact sets of integers; ids unknown to the
/// user list get numbers too (they are inactive, have no department and manage nothing).
public struct DirectoryIndex: Sendable {
    public let tree: OrgTree
    public let departmentLevel: Int
    /// Department of each org unit.
    public let departmentOfUnit: [String: String]
    public private(set) var userIds: [String] = []
    public private(set) var users: [User?] = []
    private var number: [String: Int32] = [:]
    /// Active flag per user number (false for unknown ids).
    public private(set) var active: [Bool] = []
    /// Primary department per user number.
    public private(set) var primaryDepartment: [String?] = []
    /// Departments each user number manages and counts for (SPEC 2.2): active, and not on leave
    /// unless `managers.count_on_leave`.
    public private(set) var manages: [Set<String>] = []
    /// Departments each active user holds a manager post in, leave or not: who *would* count.
    /// The rules use it to say why a manager near a group does not count (SPEC 3.0).
    public private(set) var managerPosts: [[(department: String, position: String?)]] = []
    /// The number of a user id already registered (by `number(of:)` or the user list).
    public func userNumber(_ userId: String) -> Int32 { number[userId] ?? -1 }

    /// Users (numbers) with a post in the key org unit that takes them into its talk
    /// (`useTeamFeature` not false), primary or concurrent (兼務).
    private var usersByUnit: [String: [Int32]] = [:]
    /// The posts whose `useTeamFeature` is false, by org unit (in id order): their holders are not
    /// brought in by an ORGUNIT member naming the unit. Few in a real directory, none in most.
    public private(set) var teamFeatureOffPosts: [(unitId: String, users: [Int32])] = []

    public init(snapshot: DirectorySnapshot, departmentLevel: Int, managerPositions: [String], countOnLeave: Bool = false) {
        tree = OrgTree(snapshot.orgUnits)
        self.departmentLevel = departmentLevel
        departmentOfUnit = tree.departments(level: departmentLevel)
        let positions = Set(managerPositions)
        var teamFeatureOff: [String: [Int32]] = [:]
        userIds.reserveCapacity(snapshot.users.count)
        for user in snapshot.users {
            let n = Int32(userIds.count)
            number[user.id] = n
            userIds.append(user.id)
            users.append(user)
            active.append(user.isActive)
            primaryDepartment.append(user.primaryOrgUnitId.flatMap { departmentOfUnit[$0] })
            var posts: [(department: String, position: String?)] = []
            for entry in user.entries {
                if entry.useTeamFeature {
                    usersByUnit[entry.orgUnitId, default: []].append(n)
                } else {
                    teamFeatureOff[entry.orgUnitId, default: []].append(n)
                }
                guard user.isActive, entry.isManager || entry.positionName.map(positions.contains) == true,
                      let department = departmentOfUnit[entry.orgUnitId]
                else { continue }
                posts.append((department, entry.positionName))
            }
            managerPosts.append(posts)
            manages.append(user.isOnLeave && !countOnLeave ? [] : Set(posts.map(\.department)))
        }
        teamFeatureOffPosts = teamFeatureOff.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            .map { (unitId: $0.key, users: $0.value) }
    }

    /// The number of a user id, registering an unknown id (inactive, no department) on first sight.
    public mutating func number(of userId: String) -> Int32 {
        if let n = number[userId] { return n }
        let n = Int32(userIds.count)
        number[userId] = n
        userIds.append(userId)
        users.append(nil)
        active.append(false)
        primaryDepartment.append(nil)
        manages.append([])
        managerPosts.append([])
        return n
    }

    /// The org units an ORGUNIT member naming `unitId` stands for: the unit and, when
    /// `includeSubunits`, every unit below it. Empty for a unit the snapshot does not have.
    public func units(of unitId: String, includeSubunits: Bool) -> [String] {
        guard tree.units[unitId] != nil else { return [] }
        return includeSubunits ? tree.selfAndDescendants(of: unitId) : [unitId]
    }

    /// Users an ORGUNIT member naming `unitId` brings into a group (SPEC 2.3): everyone with a post
    /// there (primary or 兼務) whose `useTeamFeature` is not false. A user may appear more than once.
    public func usersReached(through unitId: String, includeSubunits: Bool) -> [Int32] {
        units(of: unitId, includeSubunits: includeSubunits).flatMap { usersByUnit[$0] ?? [] }
    }

    /// Whether an ORGUNIT member naming `memberUnitId` stands for the org unit `unitId` (the unit
    /// itself or, when `includeSubunits`, one below it).
    public func orgUnitMember(_ memberUnitId: String, reaches unitId: String, includeSubunits: Bool) -> Bool {
        includeSubunits ? tree.isSelfOrDescendant(unitId, of: memberUnitId) : (unitId == memberUnitId && tree.units[unitId] != nil)
    }

    public func isManager(_ n: Int32) -> Bool { !manages[Int(n)].isEmpty }

    public func isOnLeave(_ n: Int32) -> Bool { users[Int(n)]?.isOnLeave ?? false }

    /// 「山田 太郎」, or the id for a user the snapshot does not list.
    public func name(_ n: Int32) -> String { users[Int(n)]?.displayName ?? userIds[Int(n)] }

    /// 「山田 太郎 課長」: the name with the position of a manager post (in `department` when
    /// given), or the name alone when the post has no position name (an `isManager` 組織長).
    public func nameWithPosition(_ n: Int32, in department: String? = nil) -> String {
        let post = managerPosts[Int(n)].first { department == nil || $0.department == department }
        guard let position = post?.position, !position.isEmpty else { return name(n) }
        return "\(name(n)) \(position)"
    }

    /// Why a user is not active, in Japanese.
    public func inactiveReason(_ n: Int32) -> String {
        guard let user = users[Int(n)] else { return "ディレクトリに存在しないアカウント（退職・削除済みの可能性）" }
        if user.isDeleted { return "削除済み" }
        if user.isSuspended { return "利用停止中" }
        if user.isPending { return "利用開始前（未承認）" }
        if user.isAwaiting { return "待機中（利用開始前）" }
        return "有効"
    }

    public func departmentName(_ id: String) -> String { tree.units[id]?.name ?? id }
}
