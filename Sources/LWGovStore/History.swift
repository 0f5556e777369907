import Foundation
import GRDB
import LWGovModel

/// One finding at one analysed snapshot, without its texts. Reports read the per-period
/// aggregates instead (`periodHistory`); this full history is for audits and for the test that
/// checks those aggregates against a replay.
public struct FindingHistoryRow: Sendable, Hashable {
    public var snapshotId: Int64
    public var key: FindingKey
    public var status: FindingStatus
    public var departments: [String]
}

extension Store {
    /// Every finding state of every analysed snapshot taken at or before `takenAt`, oldest first.
    public func findingHistory(upTo takenAt: Date) throws(StoreError) -> [FindingHistoryRow] {
        try read { db in
            var result: [FindingHistoryRow] = []
            let rows = try Row.fetchCursor(
                db, sql: """
                    SELECT st.snapshot_id, f.rule, f.group_id, f.subject, st.status, st.departments
                    FROM finding_state st JOIN finding f ON f.id = st.finding_id JOIN snapshot s ON s.id = st.snapshot_id
                    WHERE s.taken_at <= ? ORDER BY s.taken_at, s.id
                    """,
                arguments: [takenAt.timeIntervalSince1970]
            )
            while let row = try rows.next() {
                guard let key = Self.findingKey(row), let status = FindingStatus(rawValue: row["status"]) else { continue }
                result.append(
                    FindingHistoryRow(
                        snapshotId: row["snapshot_id"], key: key, status: status, departments: JSONText.strings(row["departments"])
                    )
                )
            }
            return result
        }
    }

    /// What a report shows of the periods up to and including an analysed snapshot, read from the
    /// aggregates saved with each analysis (so the cost does not grow with stored findings).
    public func periodHistory(upTo snapshot: SnapshotInfo) throws(StoreError) -> PeriodHistory {
        try read { db in
            let time = snapshot.takenAt.timeIntervalSince1970
            var history = PeriodHistory()
            for row in try Row.fetchAll(
                db, sql: """
                    SELECT t.snapshot_id, t.rule, t.open_count FROM trend_count t JOIN snapshot s ON s.id = t.snapshot_id
                    WHERE s.taken_at <= ?
                    """,
                arguments: [time]
            ) {
                guard let rule = RuleID(rawValue: row["rule"]) else { continue }
                history.openByRule[row["snapshot_id"], default: [:]][rule] = row["open_count"]
            }
            for row in try Row.fetchAll(
                db, sql: """
                    SELECT r.department_id, SUM(r.resolved) AS resolved, SUM(r.resolved_within_one_period) AS within_one_period
                    FROM remediation_count r JOIN snapshot s ON s.id = r.snapshot_id WHERE s.taken_at <= ? GROUP BY 1
                    """,
                arguments: [time]
            ) {
                history.resolved[row["department_id"]] = (row["resolved"], row["within_one_period"])
            }
            for row in try Row.fetchAll(
                db, sql: """
                    SELECT g.department_id, COUNT(DISTINCT g.group_id) AS groups
                    FROM reopened_group g JOIN snapshot s ON s.id = g.snapshot_id WHERE s.taken_at <= ? GROUP BY 1
                    """,
                arguments: [time]
            ) {
                history.reopenedGroups[row["department_id"]] = row["groups"]
            }
            let present = try Row.fetchCursor(
                db, sql: """
                    SELECT f.rule, f.group_id, f.subject, st.periods FROM finding_state st JOIN finding f ON f.id = st.finding_id
                    WHERE st.snapshot_id = ? AND st.status != 'resolved'
                    """,
                arguments: [snapshot.id]
            )
            while let row = try present.next() {
                guard let key = Self.findingKey(row) else { continue }
                history.periodsPresent[key] = row["periods"]
            }
            return history
        }
    }
}

/// A report's view of the analysed periods up to its own (SPEC 4.2).
public struct PeriodHistory: Sendable {
    /// Open (present, not waived) findings by rule, per analysed snapshot id.
    public var openByRule: [Int64: [RuleID: Int]] = [:]
    /// Per department id ("" for none): findings resolved so far, and of those the ones resolved
    /// at the first analysis after they appeared.
    public var resolved: [String: (total: Int, withinOnePeriod: Int)] = [:]
    /// Per department id: groups with a finding that came back (reopened) at some period.
    public var reopenedGroups: [String: Int] = [:]
    /// Periods in a row each present finding of the snapshot has been present, this one included.
    public var periodsPresent: [FindingKey: Int] = [:]

    public init() {}
}
