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
        for i in records.indices {
            guard records[i].status.isOpen, let openedAt = records[i].openedAt else {
                records[i].deadline = nil
                continue
            }
            records[i].deadline = deadline(
                openedAt: openedAt, severity: records[i].finding.severity, plan: planFor[records[i].key],
                snapshotTakenAt: snapshotTakenAt, dueDays: dueDays, civilTime: civilTime
            )
        }
    }
}
