import LWGovModel

/// Flags a group with exactly one active master. Guideline トークグループ 02.
struct SingleMasterRule: GroupRule {
    let id = RuleID.singleMaster

    func findings(in group: GroupContext) -> [Finding] {
        guard group.activeMasters.count == 1 else { return [] }
        return [
            group.finding(
                id,
                message: "マスターが1名（\(group.names(group.activeMasters))）のみです。",
                remediation: "マスターを複数名設定してください。",
                evidence: [group.mastersEvidence]
            ),
        ]
    }
}
