import LWGovModel

/// Flags a group with no manager (課長、課長補佐など) among its active effective members.
/// Guideline トークグループ 01.
///
/// Masters are not members (SPEC 2.3): a group whose only people are masters has nobody in its
/// talk, and its message says so. A manager near the group who does not count (a master who is
/// not a member, on leave, or with the team feature off) is named with the one action that
/// makes them count.
struct NoManagerRule: GroupRule {
    let id = RuleID.noManager

    func findings(in group: GroupContext) -> [Finding] {
        guard !group.hasManager else { return [] }
        let departments = group.memberDepartments.keys.sorted().map { group.index.departmentName($0) }
        let whom = departments.isEmpty ? "関係課" : departments.joined(separator: "・")
        var message = "メンバーに管理職（課長、課長補佐など）が一人もいません（有効なメンバー\(group.activeEffective.count)名）。"
        if group.effective.isEmpty && !group.masters.isEmpty && !group.membership.mastersAreMembers {
            message = "メンバーがいません。マスター（\(group.names(group.masters))）はメンバーではないため、トークに参加していません。"
        }
        var remediation = "\(whom)の管理職をメンバーに追加し、管理職が進捗を管理できるようにしてください。"
        var evidence = [group.departmentsEvidence, group.mastersEvidence]
        if let near = group.explain(group.nearManagers()) {
            message += near.message
            remediation = near.remediation
            evidence.append(near.evidence)
        }
        return [group.finding(id, message: message, remediation: remediation, evidence: evidence)]
    }
}
