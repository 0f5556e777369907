import Foundation
import LWGovModel

/// An active account whose primary department in LINE WORKS is not the department the HR
/// roster places the person in, once the grace period after the roster's 発令日 has passed (no
/// date: at once). Guideline トークグループ 04: groups are reviewed after a transfer, which lwgov
/// can only see once the directory shows it.
struct DirectoryBehindHRRule: AccountRule {
    let id = RuleID.directoryBehindHR

    func findings(in accounts: AccountContext) -> [Finding] {
        let grace = TimeInterval(accounts.graceDays) * 86_400
        var findings: [Finding] = []
        for user in accounts.activeUsers {
            // The person's first row that is not 退職, with a department the roster's code names.
            guard let row = accounts.roster.firstEntry(of: user.id, where: { $0.status != .retired }),
                  let rosterDepartment = row.department
            else { continue }
            let directoryDepartment = accounts.department(of: user)
            guard directoryDepartment != rosterDepartment else { continue }
            let entry = row.entry
            var days: Int?
            if let text = entry.effectiveDate, let date = accounts.civilTime.parseDay(text) {
                guard accounts.snapshotTakenAt.timeIntervalSince(date) >= grace else { continue }
                days = CivilTime.wholeDays(from: date, to: accounts.snapshotTakenAt)
            }
            let who = accounts.who(user)
            let rosterName = accounts.index.departmentName(rosterDepartment)
            let directoryName = directoryDepartment.map(accounts.index.departmentName) ?? "所属なし"
            let since = entry.effectiveDate.map { "（\(accounts.japaneseDay($0))付）" } ?? ""
            findings.append(
                accounts.finding(
                    id, user: user, employeeNumber: entry.employeeNumber,
                    message: "\(who)（職員番号 \(entry.employeeNumber)）は人事データでは\(rosterName)\(since)の所属ですが、LINE WORKS では\(directoryName)のままです。",
                    remediation: "LINE WORKS の所属を\(rosterName)に直すよう\(accounts.responsibleSection)へ依頼し、\(who)が参加しているトークグループのメンバーを見直してください。",
                    evidence: accounts.personEvidence(user, employeeNumber: entry.employeeNumber) + [
                        EvidenceItem("人事データ", entry.status.japanese + (entry.effectiveDate.map { "（\($0) 発令）" } ?? "（発令日の記載なし）")),
                        EvidenceItem("人事データの所属", accounts.departmentPath(rosterDepartment)),
                        EvidenceItem("LINE WORKS の所属", accounts.departmentPath(directoryDepartment)),
                    ] + (days.map { [EvidenceItem("発令からの日数", "\($0)日")] } ?? [])
                )
            )
        }
        return findings
    }
}
