import LWGovModel

/// Flags a group with no manager (課長、課長補佐など) among its active effective members.
/// Guideline トークグループ 01.
struct NoManagerRule: GroupRule {
    let id = RuleID.noManager

    func findings(in group: GroupContext) -> [Finding] {
        guard !group.hasManager else { return [] }
        let departments = group.memberDepartments.keys.sorted().map { group.index.departmentName($0) }
        let whom = departments.isEmpty ? "関係課" : departments.joined(separator: "・")
        return [
            group.finding(
                id,
                message: "メンバーに管理職（課長、課長補佐など）が一人もいません（有効なメンバー\(group.activeEffective.count)名）。",
                remediation: "\(whom)の管理職をメンバーに追加し、管理職が進捗を管理できるようにしてください。",
                evidence: [group.departmentsEvidence, group.mastersEvidence]
            ),
        ]
    }
}
