import LWGovModel

/// Flags a group whose 公開区分 is 非公開 (`visible: false`). Guideline トークグループ 03.
struct NotPublicRule: GroupRule {
    let id = RuleID.notPublic

    func findings(in group: GroupContext) -> [Finding] {
        // An empty group gets no-manager and no-active-master only (SPEC 3.0).
        guard !group.group.visible, !group.isEmpty else { return [] }
        return [
            group.finding(
                id,
                message: "グループの公開区分が「非公開」になっています。",
                remediation: "グループ設定で公開区分を「公開」に変更してください。",
                evidence: [EvidenceItem("公開区分", "非公開"), group.mastersEvidence]
            ),
        ]
    }
}
