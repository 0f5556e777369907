import LWGovModel

/// Flags each member department of a cross-department group whose own manager is not in the
/// group, when the group has at least one manager. Guideline トークグループ 01 ※.
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
            return group.finding(
                id, subject: department,
                message: "\(name)の職員（\(count)名）が参加していますが、\(name)の管理職がメンバーにいません。",
                remediation: "所属を横断するグループのため、\(name)の管理職（課長、課長補佐など）をメンバーに追加してください。",
                evidence: [
                    EvidenceItem("管理職のいない課", group.index.tree.path(of: department)),
                    group.departmentsEvidence,
                    EvidenceItem("参加している管理職", group.names(managers)),
                ],
                alsoTo: [department]
            )
        }
    }
}
