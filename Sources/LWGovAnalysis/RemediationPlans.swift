import Foundation
import LWGovModel
import LWGovStore

/// `lwgov plan` and `lwgov unplan` (SPEC 3.6): a plan is for a finding open in the newest
/// analysed snapshot, and its date becomes that finding's due date at once.
public struct RemediationPlans: Sendable {
    public let store: Store
    public let settings: AnalysisSettings

    public init(store: Store, settings: AnalysisSettings) {
        self.store = store
        self.settings = settings
    }

    /// Records a plan; a plan in force for the same finding is replaced.
    ///
    /// - Throws: `StoreError` (.usage) when the finding is not open in the newest analysed
    ///   snapshot, or when the date is not a date.
    public func plan(_ key: FindingKey, due: String, note: String, by: String, at: Date = Date()) throws(StoreError) -> Plan {
        guard settings.civilTime.parseDay(due) != nil else {
            throw StoreError(.usage, "--due '\(quoted(due))' is not a date YYYY-MM-DD")
        }
        let (snapshot, record) = try openFinding(key)
        let deadline = Deadlines.deadline(
            openedAt: record.openedAt ?? record.firstSeen, severity: record.finding.severity,
            plan: Plan(id: 0, key: key, due: due, note: note, by: by, createdAt: at), snapshotTakenAt: snapshot.takenAt,
            dueDays: settings.dueDays, civilTime: settings.civilTime
        )
        return try store.addPlan(key: key, due: due, note: note, by: by, at: at, snapshotId: snapshot.id, deadline: deadline)
    }

    /// Ends a plan; the finding, if it is still open in the newest analysed snapshot, gets its
    /// default due date back.
    ///
    /// - Throws: `StoreError` (.usage) when no plan in force has that id.
    public func unplan(id: Int64, at: Date = Date()) throws(StoreError) {
        guard let plan = try store.plan(id: id), plan.endedAt == nil else {
            throw StoreError(.usage, "no plan #\(id) in force; `lwgov plans` lists them")
        }
        guard let (snapshot, record) = try? openFinding(plan.key) else {
            try store.endPlan(id: id, at: at, snapshotId: nil, restoring: nil)
            return
        }
        let deadline = Deadlines.deadline(
            openedAt: record.openedAt ?? record.firstSeen, severity: record.finding.severity, plan: nil,
            snapshotTakenAt: snapshot.takenAt, dueDays: settings.dueDays, civilTime: settings.civilTime
        )
        try store.endPlan(id: id, at: at, snapshotId: snapshot.id, restoring: deadline)
    }

    /// The newest analysed snapshot and the finding's open state there.
    private func openFinding(_ key: FindingKey) throws(StoreError) -> (SnapshotInfo, FindingRecord) {
        guard let newest = try store.analysedSnapshots().last else {
            throw StoreError(.usage, "no analysed snapshot yet: a plan is for a finding of the newest analysis")
        }
        let name = "\(key.rule.rawValue) on \(key.groupId.isEmpty ? "no group" : "group '\(quoted(key.groupId))'")\(key.subject.isEmpty ? "" : " for '\(quoted(key.subject))'")"
        guard let record = try store.findingState(snapshotId: newest.id, key: key), record.status.isPresent else {
            throw StoreError(
                .usage, "no finding \(name) in the newest analysed snapshot (#\(newest.id), \(newest.period)); `lwgov status` and findings.csv list them"
            )
        }
        guard record.status.isOpen else {
            throw StoreError(.usage, "the finding \(name) is waived (例外承認); a waived finding has no due date to plan")
        }
        return (newest, record)
    }
}
