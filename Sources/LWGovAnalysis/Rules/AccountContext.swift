import Foundation
import LWGovModel

/// Everything the account rules need to know about one snapshot and its roster.
public struct AccountContext: Sendable {
    public let index: DirectoryIndex
    public let roster: RosterIndex
    public let groups: [Group]
    public let civilTime: CivilTime
    public let snapshotTakenAt: Date
    public let graceDays: Int
    public let responsibleSection: String
    /// `hr.ignore_users`: user ids or e-mail addresses of known service and shared accounts.
    public let ignoreUsers: Set<String>

    /// Active accounts (SPEC 2.2), in user-id order: what every account rule goes through.
    public let activeUsers: [User]

    public init(
        users: [User], index: DirectoryIndex, roster: RosterIndex, groups: [Group], civilTime: CivilTime, snapshotTakenAt: Date,
        graceDays: Int, responsibleSection: String, ignoreUsers: Set<String>
    ) {
        // The store gives users in id order already; sorting is then one pass over them.
        activeUsers = users.filter(\.isActive).sorted { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        self.index = index
        self.roster = roster
        self.groups = groups
        self.civilTime = civilTime
        self.snapshotTakenAt = snapshotTakenAt
        self.graceDays = graceDays
        self.responsibleSection = responsibleSection
        self.ignoreUsers = ignoreUsers
    }

    /// The account's primary department (org unit id), if it has one in the tree.
    func department(of user: User) -> String? {
        index.primaryDepartment[Int(index.userNumber(user.id))]
    }

    /// 「総務部/ＤＸ推進課」, or 「所属なし」.
    func departmentPath(_ department: String?) -> String {
        guard let department else { return "所属なし" }
        return index.tree.path(of: department)
    }

    /// 「田中 葵 さん」, or 「アカウント u-1」 when the directory has no name.
    func who(_ user: User) -> String {
        user.displayName == user.id ? "アカウント \(user.id)" : "\(user.displayName) さん"
    }

    /// 「2026年3月31日」 for `YYYY-MM-DD`.
    func japaneseDay(_ text: String) -> String {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        return parts.count == 3 ? "\(parts[0])年\(parts[1])月\(parts[2])日" : text
    }

    /// A finding about one account: no group, the user id as subject, routed to the account's
    /// primary department (SPEC 3.5).
    func finding(
        _ rule: RuleID, user: User, employeeNumber: String?, message: String, remediation: String, evidence: [EvidenceItem]
    ) -> Finding {
        let department = self.department(of: user)
        return Finding(
            key: FindingKey(rule: rule, groupId: "", subject: user.id), groupName: "", message: message, remediation: remediation,
            evidence: evidence, departments: department.map { [$0] } ?? [],
            account: FindingAccount(name: user.displayName, employeeNumber: employeeNumber ?? "", departmentId: department ?? "")
        )
    }

    /// The first evidence items of every account finding: the person and the employee number.
    func personEvidence(_ user: User, employeeNumber: String?) -> [EvidenceItem] {
        [
            EvidenceItem("職員", "\(user.displayName)（\(user.id)）"),
            EvidenceItem("職員番号", employeeNumber ?? "未登録"),
        ]
    }
}
