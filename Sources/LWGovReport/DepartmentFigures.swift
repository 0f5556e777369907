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

    /// How many findings are still to be fixed: present and not waived.
    public var open: Int { counts.new + counts.continuing }

    init(findings: [FindingRecord], resolved: [FindingRecord], groups: Int, ageDays: (FindingRecord) -> Int) {
        self.findings = findings
        self.resolved = resolved
        self.groups = groups
        counts = Counts(findings, resolved: resolved)
        groupsWithFindings = PeriodReport.groupsWithFindings(findings)
        var overdue = 0, accounts = 0
        var oldest: Int?
        var openByRule: [RuleID: Int] = [:]
        for record in findings where record.status.isOpen {
            if record.deadline?.overdue == true { overdue += 1 }
            if record.finding.isAboutAccount { accounts += 1 }
            oldest = max(oldest ?? 0, ageDays(record))
            openByRule[record.key.rule, default: 0] += 1
        }
        self.overdue = overdue
        self.accounts = accounts
        oldestOpenDays = oldest
        self.openByRule = openByRule
    }
}
