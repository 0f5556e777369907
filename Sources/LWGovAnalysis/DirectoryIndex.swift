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
    /// Departments each user number manages (only for active users).
    public private(set) var manages: [Set<String>] = []
    /// The number of a user id already registered (by `number(of:)` or the user list).
    public func userNumber(_ userId: String) -> Int32 { number[userId] ?? -1 }

    /// Users (numbers) whose primary org unit is the key.
    private var usersByPrimaryUnit: [String: [Int32]] = [:]

    public init(snapshot: DirectorySnapshot, departmentLevel: Int, managerPositions: [String]) {
        tree = OrgTree(snapshot.orgUnits)
        self.departmentLevel = departmentLevel
        departmentOfUnit = tree.departments(level: departmentLevel)
        let positions = Set(managerPositions)
        userIds.reserveCapacity(snapshot.users.count)
        for user in snapshot.users {
            let n = Int32(userIds.count)
            number[user.id] = n
            userIds.append(user.id)
            users.append(user)
            active.append(user.isActive)
            let primaryUnit = user.primaryOrgUnitId
            primaryDepartment.append(primaryUnit.flatMap { departmentOfUnit[$0] })
            if let primaryUnit { usersByPrimaryUnit[primaryUnit, default: []].append(n) }
            var managed: Set<String> = []
            if user.isActive {
                for entry in user.entries where entry.isManager || entry.positionName.map(positions.contains) == true {
                    if let department = departmentOfUnit[entry.orgUnitId] { managed.insert(department) }
                }
            }
            manages.append(managed)
        }
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
        return n
    }

    /// Users whose primary org unit is `unitId` or below it.
    public func usersInSubtree(of unitId: String) -> [Int32] {
        tree.selfAndDescendants(of: unitId).flatMap { usersByPrimaryUnit[$0] ?? [] }
    }

    public func isManager(_ n: Int32) -> Bool { !manages[Int(n)].isEmpty }

    /// 「山田 太郎」, or the id for a user the snapshot does not list.
    public func name(_ n: Int32) -> String { users[Int(n)]?.displayName ?? userIds[Int(n)] }

    /// Why a user is not active, in Japanese.
    public func inactiveReason(_ n: Int32) -> String {
        guard let user = users[Int(n)] else { return "ディレクトリに存在しないアカウント（退職・削除済みの可能性）" }
        if user.isDeleted { return "削除済み" }
        if user.isSuspended { return "利用停止中" }
        if user.isPending { return "利用開始前（未承認）" }
        return "有効"
    }

    public func departmentName(_ id: String) -> String { tree.units[id]?.name ?? id }
}
