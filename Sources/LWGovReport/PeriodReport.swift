import Foundation
import LWGovModel
import LWGovStore

/// Everything the reports of one period show, gathered from the store once.
public struct PeriodReport: Sendable {
    public var organizationName: String
    public var responsibleSection: String
    public var snapshot: SnapshotInfo
    public var generatedAt: Date
    /// Present findings (new, open, reopened, waived), most urgent first.
    public var findings: [FindingRecord]
    /// Findings resolved at this snapshot.
    public var resolved: [FindingRecord]
    public var groups: [String: GroupSummary]
    public var departments: [Department]
    /// Waivers in force at this snapshot, expiring soonest first.
    public var waivers: [Waiver]
    /// Open (not waived) findings by rule, for every analysed period up to this one, and how
    /// many of them were overdue (nil for a period analysed before due dates).
    public var trend: [(period: String, counts: [RuleID: Int], overdue: Int?)]
    /// The plans the findings' deadlines name (SPEC 3.6), by id.
    public var plans: [Int64: Plan]
    /// Remediation figures per department id ("" for findings without a department).
    public var remediation: [String: Remediation]
    /// Analysed periods a finding has been present in, up to this one.
    public var periodsPresent: [FindingKey: Int]
    public var civilTime: CivilTime
    /// Each department's part and figures by department id ("" for the findings without a
    /// department), built once: every report and message reads them.
    private var byDepartment: [String: DepartmentFigures] = [:]
    private var departmentNames: [String: String] = [:]
    private let days = DayCache()

    /// How a department deals with its findings over time (SPEC 4.2).
    public struct Remediation: Sendable, Hashable {
        /// Findings ever resolved, and of those the ones resolved at the first analysis after they appeared.
        public var resolvedTotal = 0
        public var resolvedWithinOnePeriod = 0
        /// Present, not waived, and present for three analysed periods or more.
        public var openThreeOrMore = 0
        /// Groups with a finding that came back (reopened) at some period.
        public var reopenedGroups = 0

        public init() {}

        public var shareFixedWithinOnePeriod: Double? {
            resolvedTotal == 0 ? nil : Double(resolvedWithinOnePeriod) / Double(resolvedTotal)
        }
    }

    /// Gathers the report of an analysed snapshot.
    ///
    /// - Throws: `StoreError`.
    public static func load(
        store: Store, snapshot: SnapshotInfo, organizationName: String, responsibleSection: String, civilTime: CivilTime,
        generatedAt: Date
    ) throws(StoreError) -> PeriodReport {
        // The findings are the big read; group summaries and history are read beside them.
        let reads = parallelMap(2) { part -> Result<Read, StoreError> in
            Result { () throws(StoreError) in
                part == 0
                    ? .states(try store.findingStates(snapshotId: snapshot.id))
                    : .rest(try store.groupSummaries(snapshotId: snapshot.id), try store.periodHistory(upTo: snapshot))
            }
        }
        var states: [FindingRecord] = [], groups: [String: GroupSummary] = [:], history = PeriodHistory()
        for read in reads {
            switch try read.get() {
            case .states(let all): states = all
            case .rest(let summaries, let periods):
                groups = Dictionary(uniqueKeysWithValues: summaries.map { ($0.groupId, $0) })
                history = periods
            }
        }
        let waiverIds = Set(states.compactMap(\.waiverId))
        let planIds = Set(states.compactMap { $0.deadline?.planId })
        let waivers = try store.waivers(includeRevoked: true).filter { w in
            waiverIds.contains(w.id)
                || (w.revokedAt == nil && (civilTime.endOfDay(w.until).map { snapshot.takenAt < $0 } ?? false))
        }.sorted { ($0.until, $0.id) < ($1.until, $1.id) }

        let analysed = try store.analysedSnapshots().filter { $0.takenAt <= snapshot.takenAt }
        var remediation: [String: Remediation] = [:]
        for (department, resolved) in history.resolved {
            remediation[department, default: Remediation()].resolvedTotal = resolved.total
            remediation[department, default: Remediation()].resolvedWithinOnePeriod = resolved.withinOnePeriod
        }
        for (department, groups) in history.reopenedGroups { remediation[department, default: Remediation()].reopenedGroups = groups }
        let current = states.filter(\.status.isPresent)
        for record in current where record.status != .waived && (history.periodsPresent[record.key] ?? 1) >= 3 {
            for d in record.finding.departments.isEmpty ? [""] : record.finding.departments {
                remediation[d, default: Remediation()].openThreeOrMore += 1
            }
        }
        let findings = mostUrgentFirst(current)
        var report = PeriodReport(
            organizationName: organizationName, responsibleSection: responsibleSection,
            snapshot: snapshot, generatedAt: generatedAt, findings: findings,
            resolved: states.filter { $0.status == .resolved }, groups: groups,
            departments: try store.departments(snapshotId: snapshot.id), waivers: waivers,
            trend: analysed.map { ($0.period, history.openByRule[$0.id] ?? [:], history.overdue[$0.id]) },
            plans: Dictionary(
                uniqueKeysWithValues: try store.plans(includeEnded: true).filter { planIds.contains($0.id) }.map { ($0.id, $0) }
            ),
            remediation: remediation,
            periodsPresent: history.periodsPresent, civilTime: civilTime
        )
        report.buildIndexes()
        return report
    }

    /// Overdue first (SPEC 3.6), then severity, then age, then group name, then key. Group names
    /// are compared once each, through their rank among the distinct names: comparing Japanese
    /// strings is the costly part.
    package static func mostUrgentFirst(_ records: [FindingRecord]) -> [FindingRecord] {
        let names = Set(records.map(\.finding.groupName)).sorted()
        let nameRank = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let overdue = records.map { $0.deadline?.overdue == true }
        let severity = records.map(\.finding.severity)
        let firstSeen = records.map(\.firstSeen)
        let name = records.map { nameRank[$0.finding.groupName] ?? 0 }
        let order = records.indices.sorted { a, b in
            if overdue[a] != overdue[b] { return overdue[a] }
            if severity[a] != severity[b] { return severity[a] < severity[b] }
            if firstSeen[a] != firstSeen[b] { return firstSeen[a] < firstSeen[b] }
            if name[a] != name[b] { return name[a] < name[b] }
            return records[a].key < records[b].key
        }
        return order.map { records[$0] }
    }

    /// Groups with at least one of `findings` (account findings have no group).
    public static func groupsWithFindings(_ findings: [FindingRecord]) -> Int {
        Set(findings.lazy.filter { !$0.finding.isAboutAccount }.map(\.key.groupId)).count
    }

    /// Account findings as the reports list them (SPEC 3.5): retirees first (the rules' order),
    /// then by department, name and user id.
    public static func accountOrder(_ records: [FindingRecord]) -> [FindingRecord] {
        records.sortedByPosition { a, b in
            let left = (a.key.rule.order, a.finding.account?.departmentId ?? "", a.finding.account?.name ?? "", a.key.subject)
            let right = (b.key.rule.order, b.finding.account?.departmentId ?? "", b.finding.account?.name ?? "", b.key.subject)
            return left < right
        }
    }

    private mutating func buildIndexes() {
        var index: [String: (findings: [FindingRecord], resolved: [FindingRecord], groups: Int)] = [:]
        for record in findings {
            for d in record.finding.departments.isEmpty ? [""] : record.finding.departments {
                index[d, default: ([], [], 0)].findings.append(record)
            }
        }
        for record in resolved {
            for d in record.finding.departments { index[d, default: ([], [], 0)].resolved.append(record) }
        }
        for group in groups.values {
            for d in group.homeDepartments { index[d, default: ([], [], 0)].groups += 1 }
        }
        let report = self
        byDepartment = index.mapValues { part in
            DepartmentFigures(findings: part.findings, resolved: part.resolved, groups: part.groups, ageDays: report.ageDays)
        }
        departmentNames = Dictionary(departments.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// A department's name, or its id when the snapshot has no such department.
    public func departmentName(_ id: String) -> String { departmentNames[id] ?? id }

    /// `YYYY-MM-DD` of a moment, memoised (reports format the same few dates many times).
    public func day(_ date: Date) -> String { days.day(date, civilTime) }

    public var period: String { snapshot.period }

    /// Days past its due date at this snapshot, for an overdue finding; nil otherwise.
    public func daysOverdue(_ record: FindingRecord) -> Int? {
        guard let deadline = record.deadline, deadline.overdue else { return nil }
        return days.days(from: deadline.due, to: day(snapshot.takenAt), civilTime)
    }

    /// Whole days a finding has been known at this snapshot.
    public func ageDays(_ record: FindingRecord) -> Int {
        max(0, CivilTime.wholeDays(from: record.firstSeen, to: snapshot.takenAt))
    }

    /// Departments that get a report: those with home groups or findings, in organisation order.
    public var reportedDepartments: [Department] {
        departments.filter { !$0.id.isEmpty && byDepartment[$0.id] != nil }
    }

    /// A department's part of the report and its figures; "" gives the findings without a
    /// department (their groups have no active member).
    public func figures(for department: String) -> DepartmentFigures {
        byDepartment[department] ?? DepartmentFigures(findings: [], resolved: [], groups: 0, ageDays: ageDays)
    }

    /// Findings without a department (their groups have no active member).
    public var unassigned: [FindingRecord] { figures(for: "").findings }
}

/// One of the two parts of a period report read side by side.
private enum Read: Sendable {
    case states([FindingRecord])
    case rest([GroupSummary], PeriodHistory)
}
