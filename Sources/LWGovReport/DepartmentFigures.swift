import LWGovModel

/// One department's part of a period report and the figures every report shows for it.
///
/// The overview's table, `overview.xml`, the workbook's 概要 sheet, the department report and
/// the bot message all read their counts from here, so no two of them can disagree.
public struct DepartmentFigures: Sendable {
    /// The department's findings of the period (waived ones included) and those resolved now.
    public let findings: [FindingRecord]
    public let resolved: [FindingRecord]
    /// Groups whose home departments include this one.
    public let groups: Int
    public let counts: Counts
    /// The findings still to be fixed: present and not waived.
    public let open: [FindingRecord]
    /// Groups with at least one finding (account findings have no group).
    public let groupsWithFindings: Int
    /// Open findings past their due date.
    public let overdue: Int
    /// Open findings about accounts (SPEC 3.5) rather than groups.
    public let accounts: Int
    /// Days the oldest open finding has been known, or nil when none is open.
    public let oldestOpenDays: Int?
    /// Open findings per rule.
    public let openByRule: [RuleID: Int]

    init(findings: [FindingRecord], resolved: [FindingRecord], groups: Int, ageDays: (FindingRecord) -> Int) {
        self.findings = findings
        self.resolved = resolved
        self.groups = groups
        counts = Counts(findings, resolved: resolved)
        open = findings.filter(\.status.isOpen)
        groupsWithFindings = PeriodReport.groupsWithFindings(findings)
        overdue = open.count { $0.deadline?.overdue == true }
        accounts = open.count(where: \.finding.isAboutAccount)
        oldestOpenDays = open.map(ageDays).max()
        openByRule = open.reduce(into: [:]) { byRule, record in byRule[record.key.rule, default: 0] += 1 }
    }
}
