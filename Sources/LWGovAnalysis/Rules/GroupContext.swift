import Foundation
import LWGovModel

/// Everything the rules need to know about one group of the analysed snapshot.
public struct GroupContext: Sendable {
    public let group: Group
    /// The group's index in the snapshot's group list.
    public let position: Int
    public let index: DirectoryIndex
    public let membership: EffectiveMembership
    /// Every group of the snapshot (for walking GROUP members).
    public let groups: [Group]
    /// Sorted effective member numbers (SPEC 2.3).
    public let effective: [Int32]
    public let activeEffective: [Int32]
    /// Active masters, in administrator order.
    public let activeMasters: [Int32]
    /// Every master, active or not.
    public let masters: [Int32]
    /// Active effective members per member department.
    public let memberDepartments: [String: Int]
    /// Some active effective member is a manager (of any department).
    public let hasManager: Bool
    /// Home departments (SPEC 2.3), sorted.
    public let homeDepartments: [String]
    public let history: StalenessHistory
    public let civilTime: CivilTime
    public let snapshotTakenAt: Date
    public let graceDays: Int
    public let responsibleSection: String
    /// Managers on leave count (`managers.count_on_leave`).
    public let countOnLeave: Bool

    init(
        group: Group, position: Int, index: DirectoryIndex, membership: EffectiveMembership, groups: [Group],
        history: StalenessHistory, civilTime: CivilTime, snapshotTakenAt: Date, graceDays: Int, responsibleSection: String,
        countOnLeave: Bool
    ) {
        self.group = group
        self.position = position
        self.index = index
        self.membership = membership
        self.groups = groups
        self.effective = membership.members[position]
        self.history = history
        self.civilTime = civilTime
        self.snapshotTakenAt = snapshotTakenAt
        self.graceDays = graceDays
        self.responsibleSection = responsibleSection
        self.countOnLeave = countOnLeave
        activeEffective = effective.filter { index.active[Int($0)] }
        var seen: Set<Int32> = []
        var allMasters: [Int32] = []
        for id in group.administrators {
            let n = index.userNumber(id)
            if seen.insert(n).inserted { allMasters.append(n) }
        }
        masters = allMasters
        activeMasters = allMasters.filter { index.active[Int($0)] }
        var departments: [String: Int] = [:]
        var manager = false
        for n in activeEffective {
            if let department = index.primaryDepartment[Int(n)] { departments[department, default: 0] += 1 }
            if !manager && index.isManager(n) { manager = true }
        }
        memberDepartments = departments
        hasManager = manager
        if !activeMasters.isEmpty {
            homeDepartments = Set(activeMasters.compactMap { index.primaryDepartment[Int($0)] }).sorted()
        } else if let most = departments.values.max() {
            homeDepartments = departments.filter { $0.value == most }.keys.sorted()
        } else {
            homeDepartments = []
        }
    }

    /// Whether a user number is an effective member (binary search in the sorted list).
    func isEffective(_ n: Int32) -> Bool {
        var low = 0, high = effective.count
        while low < high {
            let mid = (low + high) / 2
            if effective[mid] < n { low = mid + 1 } else { high = mid }
        }
        return low < effective.count && effective[low] == n
    }

    /// No members and no masters at all.
    public var isEmpty: Bool { group.members.isEmpty && group.administrators.isEmpty }

    /// Builds a finding of this group, routed to its home departments plus `alsoTo`.
    func finding(
        _ rule: RuleID, subject: String = "", message: String, remediation: String, evidence: [EvidenceItem],
        alsoTo: [String] = []
    ) -> Finding {
        var departments = homeDepartments
        for extra in alsoTo where !departments.contains(extra) { departments.append(extra) }
        return Finding(
            key: FindingKey(rule: rule, groupId: group.id, subject: subject), groupName: group.name, message: message,
            remediation: remediation, evidence: evidence, departments: departments
        )
    }

    /// 「山田 太郎、佐藤 花子」 (at most `limit` names, then 「ほかN名」).
    func names(_ numbers: [Int32], limit: Int = 5) -> String {
        guard !numbers.isEmpty else { return "なし" }
        let shown = numbers.prefix(limit).map { index.name($0) }.joined(separator: "、")
        return numbers.count > limit ? "\(shown) ほか\(numbers.count - limit)名" : shown
    }

    /// Evidence line listing masters with their state.
    var mastersEvidence: EvidenceItem {
        guard !masters.isEmpty else { return EvidenceItem("マスター", "設定なし") }
        let text = masters.map { n in
            index.active[Int(n)] ? index.name(n) : "\(index.name(n))（\(index.inactiveReason(n))）"
        }.joined(separator: "、")
        return EvidenceItem("マスター", text)
    }

    /// Evidence line listing member departments with their active member counts.
    var departmentsEvidence: EvidenceItem {
        let text = memberDepartments.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
            .map { "\(index.departmentName($0.key))（\($0.value)名）" }.joined(separator: "、")
        return EvidenceItem("メンバーの所属課", text.isEmpty ? "なし" : text)
    }
}
