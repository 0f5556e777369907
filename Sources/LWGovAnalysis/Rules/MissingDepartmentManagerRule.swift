import LWGovModel

/// Flags each member department of a cross-department group whose own manager is not in the
/// group, when the group has at least one manager. Guideline トークグループ 01 ※.
///
/// A manager of that department near the group who does not count (a master who is not a
/// member, on leave, or with the team feature off) is named with the one action that fixes it.
struct MissingDepartmentManagerRule: GroupRule {
    let id = RuleID.missingDepartmentManager

    func findings(in group: GroupContext) -> [Finding] {
        guard group.memberDepartments.count >= 2, group.hasManager else { return [] }
        var managed: Set<String> = []
        var managers: [Int32] = []
        for n in group.activeEffective where group.index.isManager(n) {
            managed.formUnion(group.index.manages[Int(n)])
            managers.append(n)
        }
        return group.memberDepartments.keys.sorted().filter { !managed.contains($0) }.map { department in
            let name = group.index.departmentName(department)
            let count = group.memberDepartments[department] ?? 0
            var message = "\(name)の職員（\(count)名）が参加していますが、\(name)の管理職がメンバーにいません。"
            var remediation = "所属を横断するグループのため、\(name)の管理職（課長、課長補佐など）をメンバーに追加してください。"
            var evidence = [
                EvidenceItem("管理職のいない課", group.index.tree.path(of: department)),
                group.departmentsEvidence,
                EvidenceItem("参加している管理職", group.names(managers)),
            ]
            if let near = group.explain(group.nearManagers(of: department), department: department) {
                message += near.message
                remediation = near.remediation
                evidence.append(near.evidence)
            }
            return group.finding(
                id, subject: department, message: message, remediation: remediation, evidence: evidence, alsoTo: [department]
            )
        }
    }
}
