import LWGovModel

/// Flags a group none of whose masters is an active user. Guideline トークグループ 02.
struct NoActiveMasterRule: GroupRule {
    let id = RuleID.noActiveMaster

    func findings(in group: GroupContext) -> [Finding] {
        guard group.activeMasters.isEmpty else { return [] }
        let message = group.masters.isEmpty
            ? "マスター（管理者）が設定されていません。"
            : "マスター（\(group.names(group.masters))）が全員、退職・利用停止などで無効になっています。"
        return [
            group.finding(
                id, message: message,
                remediation: "在籍している職員を複数名、マスターに設定してください。設定できない場合は\(group.responsibleSection)へ連絡してください。",
                evidence: [group.mastersEvidence]
            ),
        ]
    }
}
