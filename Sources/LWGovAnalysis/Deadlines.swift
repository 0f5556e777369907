import Foundation
import LWGovModel

/// Due dates and overdue status (SPEC 3.6): decided here, once, and stored with each finding
/// state, so nothing downstream computes them again.
public enum Deadlines {
    /// The deadline of one open finding: the plan's date when a plan is in force, else the day
    /// it last became open plus its severity's days; overdue when the snapshot's day is after it.
    public static func deadline(
        openedAt: Date, severity: Severity, plan: Plan?, snapshotTakenAt: Date, dueDays: DueDays, civilTime: CivilTime
    ) -> Deadline {
        let due = plan?.due ?? civilTime.day(civilTime.day(openedAt), plus: dueDays.days(for: severity)) ?? civilTime.day(openedAt)
        // `YYYY-MM-DD` texts compare as the days they name.
        return Deadline(due: due, overdue: civilTime.day(snapshotTakenAt) > due, planId: plan?.id)
    }

    /// Gives every open record (new, open, reopened) its deadline; waived ones have none.
    ///
    /// - Parameter plans: the plans in force (not ended), any number per key; the newest wins.
    public static func apply(
        to records: inout [FindingRecord], plans: [Plan], snapshotTakenAt: Date, dueDays: DueDays, civilTime: CivilTime
    ) {
        var planFor: [FindingKey: Plan] = [:]
        for plan in plans where plan.endedAt == nil {
            if let other = planFor[plan.key], other.id > plan.id { continue }
            planFor[plan.key] = plan
        }
        // Findings share the few moments they became open, and day arithmetic through Calendar
        // is slow: each (moment, severity, plan) is worked out once (70,000 findings at L).
        var known: [Memo: Deadline] = [:]
        for i in records.indices {
            guard records[i].status.isOpen, let openedAt = records[i].openedAt else {
                records[i].deadline = nil
                continue
            }
            let plan = planFor[records[i].key]
            let memo = Memo(openedAt: openedAt, severity: records[i].finding.severity, planId: plan?.id)
            if let deadline = known[memo] {
                records[i].deadline = deadline
                continue
            }
            let deadline = deadline(
                openedAt: openedAt, severity: memo.severity, plan: plan, snapshotTakenAt: snapshotTakenAt, dueDays: dueDays, civilTime: civilTime
            )
            known[memo] = deadline
            records[i].deadline = deadline
        }
    }

    /// What a deadline depends on within one snapshot.
    private struct Memo: Hashable {
        var openedAt: Date
        var severity: Severity
        var planId: Int64?
    }
}
