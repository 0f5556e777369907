import Foundation
import LWGovModel
import LWGovReport

/// View models for the HTML templates. Every directory string passes through `clean`, and
/// the templates' `{{…}}` escapes it; only lwgov's own SVG and CSS go through `{{{…}}}`.
enum ReportHTML {
    /// Rows of the overview's remediation list.
    static let remediationListLimit = 300

    static func clean(_ text: String) -> String { XMLText.clean(text) }

    /// The overview's relative link to a department report: the same file name the renderer
    /// writes (`IdFileName`), URL-encoded.
    static func departmentLink(_ id: String) -> String {
        "departments/" + IdFileName.urlComponent(IdFileName.name(for: id, extension: "html"))
    }

    static func common(_ report: PeriodReport) -> [String: TemplateValue] {
        [
            "organization": .text(clean(report.organizationName)),
            "responsibleSection": .text(clean(report.responsibleSection)),
            "period": .text(report.period),
            "periodWareki": .text(warekiPeriod(report.period)),
            "takenAt": .text(japaneseDate(report.snapshot.takenAt, report.civilTime)),
            "generatedAt": .text(japaneseDateTime(report.generatedAt, report.civilTime)),
            "rosterChecked": .flag(report.snapshot.hasRoster),
        ]
    }

    static func department(_ report: PeriodReport, department: Department) -> [String: TemplateValue] {
        let figures = report.figures(for: department.id)
        let groupFindings = figures.findings.filter { !$0.finding.isAboutAccount }
        let accounts = PeriodReport.accountOrder(figures.findings.filter(\.finding.isAboutAccount))
        var context = common(report)
        context["bodyClass"] = "department"
        context["title"] = .text("\(clean(department.name)) トークグループ点検結果 \(warekiPeriod(report.period))")
        context["department"] = .object(["id": .text(department.id), "name": .text(clean(department.name)), "path": .text(clean(department.path))])
        context["groupCount"] = .number(figures.groups)
        context["groupsWithFindings"] = .number(figures.groupsWithFindings)
        context["counts"] = countsContext(figures.counts)
        context["overdueCount"] = .number(figures.overdue)
        context["hasFindings"] = .flag(!figures.findings.isEmpty)
        context["hasGroupFindings"] = .flag(!groupFindings.isEmpty)
        context["hasAccountsOnly"] = .flag(groupFindings.isEmpty && !accounts.isEmpty)
        context["groups"] = .objects(groups(report, groupFindings))
        let waivers = Dictionary(uniqueKeysWithValues: report.waivers.map { ($0.id, $0) })
        context["hasAccounts"] = .flag(!accounts.isEmpty)
        context["accountCount"] = .number(accounts.count)
        context["accounts"] = .list(accounts.map { accountFindingContext($0, report, waivers: waivers) })
        context["resolved"] = .objects(figures.resolved.sorted { $0.key < $1.key }.map { resolvedContext($0, report) })
        context["resolvedCount"] = .number(figures.resolved.count)
        context["hasResolved"] = .flag(!figures.resolved.isEmpty)
        return context
    }

    static func overview(_ report: PeriodReport) -> [String: TemplateValue] {
        var context = common(report)
        context["bodyClass"] = "overview"
        context["title"] = .text("全庁 トークグループ点検結果の概要 \(warekiPeriod(report.period))")
        let counts = Counts(report.findings, resolved: report.resolved)
        context["counts"] = countsContext(counts)
        context["groupCount"] = .number(report.groups.count)
        context["groupsWithFindings"] = .number(PeriodReport.groupsWithFindings(report.findings))
        context["rules"] = .objects(RuleID.groupRules.map { ["id": .text($0.rawValue), "title": .text($0.title), "short": .text($0.shortTitle)] })
        var rows: [[String: TemplateValue]] = []
        for department in report.reportedDepartments {
            rows.append(
                departmentRow(report, id: department.id, name: department.name, path: department.path, link: departmentLink(department.id))
            )
        }
        if !report.unassigned.isEmpty {
            rows.append(departmentRow(report, id: "", name: "所属不明", path: "有効なメンバーがいないグループ", link: nil))
        }
        context["departments"] = .objects(rows)
        context["trendSVG"] = .text(TrendChart.svg(report.trend))
        context["hasOverdueTrend"] = .flag(report.trend.contains { $0.overdue != nil })
        context["trendPeriods"] = .number(report.trend.count)
        let open = report.findings.filter { $0.status != .waived && !$0.finding.isAboutAccount }
            .sortedByPosition { ($0.firstSeen, $0.key) < ($1.firstSeen, $1.key) }
        // The oldest first, capped so the overview stays readable on a large tenant; the full
        // list is findings.csv.
        context["remediationTotal"] = .number(open.count)
        context["remediationCapped"] = .flag(open.count > remediationListLimit)
        context["remediationList"] = .objects(open.prefix(remediationListLimit).map { record -> [String: TemplateValue] in
            [
                "departments": .text(record.finding.departments.map { departmentName(report, $0) }.joined(separator: "、")),
                "group": .text(clean(record.finding.groupName)), "groupId": .text(clean(record.key.groupId)),
                "rule": .text(record.key.rule.title), "status": .text(record.status.rawValue), "statusLabel": .text(record.status.japanese),
                "firstSeen": .text(report.day(record.firstSeen)), "age": .number(report.ageDays(record)),
                "periods": .number(report.periodsPresent[record.key] ?? 1),
            ]
        })
        context["hasRemediationList"] = .flag(!open.isEmpty)
        // 期限超過 (SPEC 3.6): the longest overdue first.
        let overdue = report.findings.compactMap { record in report.daysOverdue(record).map { (record, $0) } }
            .sortedByPosition { ($1.1, $0.0.key) < ($0.1, $1.0.key) }
        context["overdueTotal"] = .number(overdue.count)
        context["overdueCapped"] = .flag(overdue.count > remediationListLimit)
        context["hasOverdue"] = .flag(!overdue.isEmpty)
        context["overdueList"] = .objects(overdue.prefix(remediationListLimit).map { record, days -> [String: TemplateValue] in
            var row: [String: TemplateValue] = [
                "due": .text(record.deadline?.due ?? ""), "days": .number(days),
                "departments": .text(record.finding.departments.isEmpty ? "所属不明" : record.finding.departments.map { departmentName(report, $0) }.joined(separator: "、")),
                "subject": .text(clean(subjectName(record))), "rule": .text(record.key.rule.title),
                "status": .text(record.status.rawValue), "statusLabel": .text(record.status.japanese),
            ]
            if let id = record.deadline?.planId, let plan = report.plans[id] { row["plan"] = .text(clean("\(plan.note)（\(plan.by)）")) }
            return row
        })
        // アカウント管理 (SPEC 3.5): the account findings for the DX team, retirees first.
        let accounts = PeriodReport.accountOrder(report.findings.filter(\.finding.isAboutAccount))
        context["accountTotal"] = .number(accounts.count)
        context["accountOpen"] = .number(accounts.filter { $0.status != .waived }.count)
        context["accountCapped"] = .flag(accounts.count > remediationListLimit)
        context["hasAccounts"] = .flag(!accounts.isEmpty)
        context["accountRules"] = .objects(RuleID.accountRules.map { rule -> [String: TemplateValue] in
            let n = accounts.filter { $0.key.rule == rule && $0.status != .waived }.count
            return ["title": .text(rule.title), "clause": .text(rule.clause), "n": .number(n)]
        })
        context["accountList"] = .objects(accounts.prefix(remediationListLimit).map { record -> [String: TemplateValue] in
            let account = record.finding.account
            return [
                "rule": .text(record.key.rule.title), "ruleShort": .text(record.key.rule.shortTitle),
                "status": .text(record.status.rawValue), "statusLabel": .text(record.status.japanese),
                "name": .text(clean(account?.name ?? record.key.subject)), "userId": .text(clean(record.key.subject)),
                "employeeNumber": .text(clean(account?.employeeNumber ?? "")),
                "department": .text(account.map { $0.departmentId.isEmpty ? "所属なし" : departmentName(report, $0.departmentId) } ?? ""),
                "message": .text(clean(record.finding.message)), "firstSeen": .text(report.day(record.firstSeen)),
            ]
        })
        let soon = report.snapshot.takenAt.addingTimeInterval(30 * 86_400)
        var coveredBy: [Int64: Int] = [:]
        for record in report.findings { if let id = record.waiverId { coveredBy[id, default: 0] += 1 } }
        let waivers = report.waivers.map { w -> (Bool, [String: TemplateValue]) in
            let ends = report.civilTime.endOfDay(w.until) ?? soon
            let expiring = ends <= soon
            return (expiring, [
                "id": .number(Int(w.id)), "rule": .text(w.rule.title), "ruleId": .text(w.rule.rawValue),
                "group": .text(w.groupId == "*" ? "全グループ" : clean(report.groups[w.groupId]?.name ?? w.groupId)),
                "subject": .text(clean(w.subject ?? "")), "until": .text(w.until), "reason": .text(clean(w.reason)),
                "by": .text(clean(w.grantedBy)), "expiring": .flag(expiring), "covered": .number(coveredBy[w.id] ?? 0),
            ])
        }
        context["waivers"] = .objects(waivers.filter { $0.0 }.map(\.1) + waivers.filter { !$0.0 }.map(\.1))
        context["hasWaivers"] = .flag(!waivers.isEmpty)
        context["resolvedCount"] = .number(report.resolved.count)
        return context
    }

    private static func departmentRow(_ report: PeriodReport, id: String, name: String, path: String, link: String?) -> [String: TemplateValue] {
        let figures = report.figures(for: id)
        let remediation = report.remediation[id] ?? PeriodReport.Remediation()
        return [
            "name": .text(clean(name)), "path": .text(clean(path)), "link": link.map(TemplateValue.text) ?? .flag(false),
            "groups": .number(figures.groups),
            "byRule": .objects(RuleID.groupRules.map { rule -> [String: TemplateValue] in
                let n = figures.openByRule[rule] ?? 0
                return ["n": .number(n), "zero": .flag(n == 0)]
            }),
            "accounts": .number(figures.accounts),
            "overdue": .number(figures.overdue),
            "open": .number(figures.open), "new": .number(figures.counts.new), "resolved": .number(figures.counts.resolved),
            "waived": .number(figures.counts.waived),
            "oldest": .text(figures.oldestOpenDays.map { "\($0)日" } ?? "—"),
            "fixedShare": .text(remediation.shareFixedWithinOnePeriod.map { String(format: "%.0f%%", $0 * 100) } ?? "—"),
            "openThreeOrMore": .number(remediation.openThreeOrMore), "reopenedGroups": .number(remediation.reopenedGroups),
            "clear": .flag(figures.open == 0),
        ]
    }

    private static func countsContext(_ counts: Counts) -> TemplateValue {
        .object([
            "new": .number(counts.new), "open": .number(counts.open), "reopened": .number(counts.reopened),
            "waived": .number(counts.waived), "resolved": .number(counts.resolved),
        ])
    }

    private static func groups(_ report: PeriodReport, _ findings: [FindingRecord]) -> [[String: TemplateValue]] {
        let waivers = Dictionary(uniqueKeysWithValues: report.waivers.map { ($0.id, $0) })
        return ReportXML.groupedByGroup(findings).map { groupId, records in
            let summary = report.groups[groupId]
            return [
                "id": .text(clean(groupId)), "name": .text(clean(summary?.name ?? records[0].finding.groupName)),
                "visibility": .text((summary?.visible ?? true) ? "公開" : "非公開"),
                "activeMasters": .number(summary?.activeMasters ?? 0), "effectiveMembers": .number(summary?.effectiveMembers ?? 0),
                "homes": .text((summary?.homeDepartments ?? []).map { departmentName(report, $0) }.joined(separator: "、")),
                "findings": .list(records.map { findingContext($0, report, waivers: waivers) }),
            ]
        }
    }

    /// One finding as the department template shows it (the same in every department's report).
    static func findingContext(_ record: FindingRecord, _ report: PeriodReport, waivers: [Int64: Waiver]) -> TemplateValue {
        var item: [String: TemplateValue] = [
            "status": .text(record.status.rawValue), "statusLabel": .text(record.status.japanese),
            "severity": .text(record.finding.severity.rawValue), "severityLabel": .text(record.finding.severity.japanese),
            "ruleTitle": .text(record.key.rule.title), "ruleId": .text(record.key.rule.rawValue), "clause": .text(record.key.rule.clause),
            "message": .text(clean(record.finding.message)), "remediation": .text(clean(record.finding.remediation)),
            "evidence": .objects(record.finding.evidence.map { ["label": .text(clean($0.label)), "value": .text(clean($0.value))] }),
            "firstSeen": .text(report.day(record.firstSeen)), "age": .number(report.ageDays(record)),
        ]
        if let deadline = record.deadline {
            var due: [String: TemplateValue] = ["date": .text(deadline.due), "overdue": .flag(deadline.overdue)]
            if let days = report.daysOverdue(record) { due["days"] = .number(days) }
            item["due"] = .object(due)
            item["isOverdue"] = .flag(deadline.overdue)
            if let id = deadline.planId, let plan = report.plans[id] {
                item["plan"] = .object([
                    "id": .number(Int(plan.id)), "due": .text(plan.due), "note": .text(clean(plan.note)), "by": .text(clean(plan.by)),
                    "created": .text(report.day(plan.createdAt)),
                ])
            }
        }
        if let id = record.waiverId, let w = waivers[id] {
            item["waiver"] = .object([
                "id": .number(Int(w.id)), "reason": .text(clean(w.reason)), "by": .text(clean(w.grantedBy)), "until": .text(w.until),
            ])
        }
        return .object(item)
    }

    /// One account finding as the department template shows it: the person first.
    static func accountFindingContext(_ record: FindingRecord, _ report: PeriodReport, waivers: [Int64: Waiver]) -> TemplateValue {
        guard case .object(var item) = findingContext(record, report, waivers: waivers) else { return .flag(false) }
        let account = record.finding.account
        // The person heads the finding; the evidence says the rest.
        let shown = record.finding.evidence.filter { !["職員", "職員番号"].contains($0.label) }
        item["evidence"] = .objects(shown.map { ["label": .text(clean($0.label)), "value": .text(clean($0.value))] })
        item["name"] = .text(clean(account?.name ?? record.key.subject))
        item["userId"] = .text(clean(record.key.subject))
        item["employeeNumber"] = .text(clean(account?.employeeNumber ?? ""))
        return .object(item)
    }

    private static func resolvedContext(_ record: FindingRecord, _ report: PeriodReport) -> [String: TemplateValue] {
        [
            "group": .text(clean(subjectName(record))), "groupId": .text(clean(record.key.groupId)), "rule": .text(record.key.rule.title),
            "message": .text(clean(record.finding.message)), "firstSeen": .text(report.day(record.firstSeen)),
        ]
    }

    /// The group's name, or 「職員 氏名」 for an account finding.
    static func subjectName(_ record: FindingRecord) -> String {
        record.finding.isAboutAccount ? "職員 \(record.finding.account?.name ?? record.key.subject)" : record.finding.groupName
    }

    static func departmentName(_ report: PeriodReport, _ id: String) -> String {
        clean(report.departmentName(id))
    }

    static func japaneseDate(_ date: Date, _ civil: CivilTime) -> String {
        let parts = civil.day(date).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return civil.day(date) }
        return "\(parts[0])年\(parts[1])月\(parts[2])日"
    }

    static func japaneseDateTime(_ date: Date, _ civil: CivilTime) -> String {
        let stamp = civil.timestamp(date)
        let time = stamp.dropFirst(11).prefix(5)
        return "\(japaneseDate(date, civil)) \(time)"
    }
}
