import Foundation
import LWGovModel

/// Flags (group, user) when a direct member or master was transferred to another department at
/// least `transfer_grace_days` ago and nobody has touched the group's members or masters since.
/// Guideline トークグループ 04 (SPEC 3.3).
struct StaleAfterTransferRule: GroupRule {
    let id = RuleID.staleAfterTransfer

    func findings(in group: GroupContext) -> [Finding] {
        // Only users whose latest transfer lists this group as a prior one can fire (condition 1's
        // "was one in S_{k-1}"); of those, the ones still a direct member or master now.
        guard let candidates = group.history.transferredOutOf[group.group.id] else { return [] }
        let direct = Set(group.group.directUserIds).union(group.group.administrators)
        var result: [Finding] = []
        for userId in candidates where direct.contains(userId) {
            guard let transfer = group.history.latestTransfer[userId],
                  group.snapshotTakenAt.timeIntervalSince(transfer.effectiveAt) >= Double(group.graceDays) * 86_400,
                  group.history.untouched(groupId: group.group.id, since: transfer.snapshotId)
            else { continue }
            let n = group.index.userNumber(userId)
            let name = group.index.name(n)
            let date = group.civilTime.day(transfer.effectiveAt)
            let days = CivilTime.wholeDays(from: transfer.effectiveAt, to: group.snapshotTakenAt)
            result.append(
                group.finding(
                    id, subject: userId,
                    message: "\(name) さんは \(date) に \(transfer.from.departmentName) から \(transfer.to.departmentName) へ異動しましたが、その後このグループのメンバー構成が見直されていません。",
                    remediation: "業務担当の変更に合わせてメンバーとマスターを見直してください。\(name) さんが業務上不要であればグループから外し、後任者を追加してください。",
                    evidence: [
                        EvidenceItem("異動", "\(name)：\(transfer.from.departmentName) → \(transfer.to.departmentName)"),
                        EvidenceItem("異動日", "\(date)（\(transfer.datedBy == .csv ? "異動データ" : "ディレクトリの変化から検出")、\(days)日経過）"),
                        EvidenceItem("最後にメンバー構成が変わった時点", "異動以降、変更なし"),
                    ]
                )
            )
        }
        return result
    }
}
