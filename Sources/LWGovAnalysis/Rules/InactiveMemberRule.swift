import LWGovModel

/// Flags each direct member or master who is deleted, suspended, pending or no longer in the
/// directory. Guideline コンプライアンス 03.
struct InactiveMemberRule: GroupRule {
    let id = RuleID.inactiveMember

    func findings(in group: GroupContext) -> [Finding] {
        group.group.directPeople().compactMap { person in
            let userId = person.id
            let n = group.index.userNumber(userId)
            guard !group.index.active[Int(n)] else { return nil }
            let name = group.index.name(n)
            let reason = group.index.inactiveReason(n)
            let role = person.isMaster ? (person.isMember ? "マスター兼メンバー" : "マスター") : "メンバー"
            let who = name == userId ? "アカウント \(userId)" : "\(name) さん"
            return group.finding(
                id, subject: userId,
                message: "\(who)（\(reason)）が\(role)として残っています。",
                remediation: "\(who)をグループから外してください。退職者の場合は\(group.responsibleSection)へ届け出てください。",
                evidence: [EvidenceItem("アカウント", "\(name)（\(userId)）"), EvidenceItem("状態", reason), EvidenceItem("役割", role)]
            )
        }
    }
}
