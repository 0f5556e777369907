import Foundation
import LWGovModel
import LWGovReport

/// The XML contract (SPEC 4.1): department files and overview.xml, namespace urn:lwgov:report:1.
enum ReportXML {
    static let namespace = "urn:lwgov:report:1"
    /// About what one finding takes in a report file (measured: 850 bytes at L).
    static let bytesPerFinding = 1024

    /// A department's XML report, checked against the schema once written.
    static func department(
        _ report: PeriodReport, department: Department, validator: XMLSchemaValidator
    ) throws(RenderError) -> XMLBuilder.Output {
        let figures = report.figures(for: department.id)
        let xml = try XMLBuilder(expectedBytes: 4096 + figures.findings.count * Self.bytesPerFinding)
        header(xml, report)
        xml.element("department", ["id": department.id, "name": department.name, "path": department.path])
        summary(xml, figures.counts, groups: figures.groups, withFindings: figures.groupsWithFindings)
        groups(xml, report, figures.findings)
        accounts(xml, report, figures.findings)
        resolved(xml, report, figures.resolved)
        waivers(xml, report, report.waivers.filter { w in figures.findings.contains { $0.waiverId == w.id } })
        xml.end()
        return xml.finish(checkedAgainst: validator)
    }

    /// overview.xml: every finding of the period and per-department counts, checked against the
    /// schema once written.
    static func overview(_ report: PeriodReport, validator: XMLSchemaValidator) throws(RenderError) -> XMLBuilder.Output {
        let xml = try XMLBuilder(expectedBytes: 65_536 + report.findings.count * Self.bytesPerFinding)
        header(xml, report)
        summary(
            xml, Counts(report.findings, resolved: report.resolved), groups: report.groups.count,
            withFindings: PeriodReport.groupsWithFindings(report.findings)
        )
        xml.start("departments")
        for department in report.reportedDepartments {
            let figures = report.figures(for: department.id)
            xml.start("department")
            xml.attribute("id", department.id)
            xml.attribute("name", department.name)
            xml.attribute("path", department.path)
            countAttributes(xml, figures.counts, groups: figures.groups, withFindings: figures.groupsWithFindings)
            if let oldest = figures.oldestOpenDays { xml.attribute("oldestOpenDays", String(oldest)) }
            xml.end()
        }
        xml.end()
        groups(xml, report, report.findings)
        accounts(xml, report, report.findings)
        resolved(xml, report, report.resolved)
        waivers(xml, report, report.waivers)
        xml.end()
        return xml.finish(checkedAgainst: validator)
    }

    private static func header(_ xml: XMLBuilder, _ report: PeriodReport) {
        xml.start("report", namespace: namespace)
        xml.attribute("period", report.period)
        xml.attribute("snapshotTakenAt", report.civilTime.timestamp(report.snapshot.takenAt))
        xml.attribute("generatedAt", report.civilTime.timestamp(report.generatedAt))
        xml.element("organization", ["name": report.organizationName])
    }

    private static func summary(_ xml: XMLBuilder, _ counts: Counts, groups: Int, withFindings: Int) {
        xml.start("summary")
        countAttributes(xml, counts, groups: groups, withFindings: withFindings)
        xml.end()
    }

    private static func countAttributes(_ xml: XMLBuilder, _ counts: Counts, groups: Int, withFindings: Int) {
        xml.attribute("groups", String(groups))
        xml.attribute("groupsWithFindings", String(withFindings))
        xml.attribute("new", String(counts.new))
        xml.attribute("open", String(counts.continuing))
        xml.attribute("reopened", String(counts.reopened))
        xml.attribute("resolved", String(counts.resolved))
        xml.attribute("waived", String(counts.waived))
    }

    private static func groups(_ xml: XMLBuilder, _ report: PeriodReport, _ findings: [FindingRecord]) {
        for (groupId, records) in groupedByGroup(findings.filter { !$0.finding.isAboutAccount }) {
            let summary = report.groups[groupId]
            xml.start("group")
            xml.attribute("id", groupId)
            xml.attribute("name", summary?.name ?? records[0].finding.groupName)
            xml.attribute("visible", (summary?.visible ?? true) ? "true" : "false")
            xml.attribute("activeMasters", String(summary?.activeMasters ?? 0))
            xml.attribute("effectiveMembers", String(summary?.effectiveMembers ?? 0))
            xml.attribute("departments", (summary?.homeDepartments ?? []).joined(separator: " "))
            for record in records { finding(xml, report, record) }
            xml.end()
        }
    }

    /// `<accounts>` (SPEC 3.5, 4.1): one `<account>` per person with account findings, when any.
    private static func accounts(_ xml: XMLBuilder, _ report: PeriodReport, _ findings: [FindingRecord]) {
        let accounts = PeriodReport.accountOrder(findings.filter(\.finding.isAboutAccount))
        guard !accounts.isEmpty else { return }
        var order: [String] = []
        var byUser: [String: [FindingRecord]] = [:]
        for record in accounts {
            if byUser[record.key.subject] == nil { order.append(record.key.subject) }
            byUser[record.key.subject, default: []].append(record)
        }
        xml.start("accounts")
        for userId in order {
            let records = byUser[userId] ?? []
            let account = records[0].finding.account
            xml.start("account")
            xml.attribute("userId", userId)
            xml.attribute("name", account?.name ?? "")
            xml.attribute("employeeNumber", account?.employeeNumber ?? "")
            xml.attribute("department", account?.departmentId ?? "")
            for record in records { finding(xml, report, record) }
            xml.end()
        }
        xml.end()
    }

    /// One present `<finding>` with its texts and evidence.
    private static func finding(_ xml: XMLBuilder, _ report: PeriodReport, _ record: FindingRecord) {
        let f = record.finding
        xml.start("finding")
        xml.attribute("rule", f.key.rule.rawValue)
        xml.attribute("subject", f.key.subject)
        xml.attribute("severity", f.severity.rawValue)
        xml.attribute("status", record.status.rawValue)
        xml.attribute("firstSeen", report.day(record.firstSeen))
        xml.attribute("ageDays", String(report.ageDays(record)))
        if let waiver = record.waiverId { xml.attribute("waiver", String(waiver)) }
        if let deadline = record.deadline {
            xml.attribute("due", deadline.due)
            xml.attribute("overdue", deadline.overdue ? "true" : "false")
        }
        xml.attribute("key", "\(f.key.rule.rawValue) \(f.key.groupId) \(f.key.subject)")
        xml.element("message", text: f.message)
        xml.element("remediation", text: f.remediation)
        if !f.evidence.isEmpty {
            xml.start("evidence")
            for item in f.evidence { xml.element("item", ["label": item.label], text: item.value) }
            xml.end()
        }
        if let id = record.deadline?.planId, let plan = report.plans[id] {
            xml.element(
                "plan", ["id": String(plan.id), "due": plan.due, "by": plan.by, "note": plan.note, "created": report.day(plan.createdAt)]
            )
        }
        xml.end()
    }

    private static func resolved(_ xml: XMLBuilder, _ report: PeriodReport, _ resolved: [FindingRecord]) {
        xml.start("resolved")
        for record in resolved.sorted(by: { $0.key < $1.key }) {
            xml.start("finding")
            xml.attribute("rule", record.key.rule.rawValue)
            xml.attribute("group", record.key.groupId)
            xml.attribute("groupName", record.finding.groupName)
            xml.attribute("subject", record.key.subject)
            xml.attribute("resolvedAt", report.civilTime.timestamp(report.snapshot.takenAt))
            xml.attribute("firstSeen", report.day(record.firstSeen))
            xml.element("message", text: record.finding.message)
            xml.end()
        }
        xml.end()
    }

    private static func waivers(_ xml: XMLBuilder, _ report: PeriodReport, _ waivers: [Waiver]) {
        xml.start("waivers")
        for w in waivers {
            xml.start("waiver")
            xml.attribute("id", String(w.id))
            xml.attribute("rule", w.rule.rawValue)
            xml.attribute("group", w.groupId)
            if let subject = w.subject { xml.attribute("subject", subject) }
            xml.attribute("until", w.until)
            xml.attribute("reason", w.reason)
            xml.attribute("by", w.grantedBy)
            xml.attribute("grantedAt", report.civilTime.timestamp(w.grantedAt))
            xml.end()
        }
        xml.end()
    }

    /// Findings grouped by group, groups in order of their most urgent finding.
    static func groupedByGroup(_ findings: [FindingRecord]) -> [(String, [FindingRecord])] {
        var order: [String] = []
        var byGroup: [String: [FindingRecord]] = [:]
        for record in findings {
            if byGroup[record.key.groupId] == nil { order.append(record.key.groupId) }
            byGroup[record.key.groupId, default: []].append(record)
        }
        return order.map { ($0, byGroup[$0] ?? []) }
    }
}
