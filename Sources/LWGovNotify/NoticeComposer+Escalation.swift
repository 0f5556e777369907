import Foundation
import LWGovModel
import LWGovReport

extension NoticeComposer {
    /// Escalation to the 部長 (SPEC 3.6): findings overdue by at least `afterDays` days, one
    /// message per 部 listing them by 課, to the managers of the 部 — the parent org unit of the
    /// findings' departments (a department without a parent is its own 部) — found as for a
    /// department (its 組織長, else its managers by position; not on 休職), plus
    /// `notify.extra_recipients` of the 部. Findings without a department are not escalated.
    public func escalations(afterDays: Int) -> [Notice] {
        let tree = OrgTree(directory.orgUnits)
        var byBu: [String: [String: [(record: FindingRecord, days: Int)]]] = [:]
        for record in report.findings {
            guard let days = report.daysOverdue(record), days >= afterDays else { continue }
            for department in record.finding.departments {
                let bu = tree.units[department]?.parentId.flatMap { tree.units[$0] != nil ? $0 : nil } ?? department
                byBu[bu, default: [:]][department, default: []].append((record, days))
            }
        }
        let recipients = recipientsByUnit()
        var result: [Notice] = []
        for bu in byBu.keys.sorted(by: { (tree.position(of: $0), $0) < (tree.position(of: $1), $1) }) {
            guard let departments = byBu[bu] else { continue }
            let buName = oneLine(tree.units[bu]?.name ?? bu, limit: 40)
            for userId in recipients(bu) {
                let name = oneLine(recipientName(userId), limit: 40)
                result.append(
                    Notice(
                        kind: .escalation, departmentId: bu, departmentName: buName, userId: userId, recipientName: name,
                        text: escalationText(bu: buName, recipient: name, departments: departments, afterDays: afterDays, tree: tree)
                    )
                )
            }
        }
        return result
    }

    func escalationText(
        bu: String, recipient: String, departments: [String: [(record: FindingRecord, days: Int)]], afterDays: Int, tree: OrgTree
    ) -> String {
        let total = departments.values.reduce(0) { $0 + $1.count }
        var lines = [
            "【LINE WORKS トークグループ点検】\(warekiPeriod(report.period))分 対応期限超過のお知らせ",
            "\(bu) \(recipient) 様",
            "",
            "\(bu)の課に、対応期限を\(afterDays)日以上過ぎたトークグループ等の指摘が \(total)件あります。各課への確認とご指示をお願いします。",
        ]
        let order = departments.keys.sorted { (tree.position(of: $0), $0) < (tree.position(of: $1), $1) }
        for department in order {
            let items = (departments[department] ?? []).sorted { ($1.days, $0.record.key) < ($0.days, $1.record.key) }
            lines += ["", "■ \(oneLine(report.departmentName(department), limit: 40))（\(items.count)件）"]
            for (record, days) in items.prefix(Self.escalationItemsPerDepartment) {
                let subject = record.finding.isAboutAccount
                    ? "職員 \(oneLine(record.finding.account?.name ?? record.key.subject, limit: 30)) さん"
                    : "「\(oneLine(record.finding.groupName, limit: 30))」"
                lines.append("・\(subject)\(record.key.rule.title)（期限 \(record.deadline?.due ?? "")、\(days)日超過）")
            }
            if items.count > Self.escalationItemsPerDepartment { lines.append("　ほか\(items.count - Self.escalationItemsPerDepartment)件") }
        }
        lines += [
            "",
            "各課の報告書と全件の一覧（findings.xlsx）: \(overviewLocation())",
            "ご不明な点は\(oneLine(report.responsibleSection, limit: 40))までお問い合わせください。",
        ]
        let text = lines.joined(separator: "\n")
        return text.count <= Self.maxCharacters ? text : String(text.prefix(Self.maxCharacters - 1)) + "…"
    }

    /// Findings listed per 課 in an escalation; the rest are counted.
    static let escalationItemsPerDepartment = 5
}
