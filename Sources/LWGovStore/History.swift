import Foundation
import GRDB
import LWGovModel

extension Store {
    /// Every finding state of every analysed snapshot taken at or before `takenAt`, oldest first.
    public func findingHistory(upTo takenAt: Date) throws(StoreError) -> [FindingHistoryRow] {
        try read { db in
            var result: [FindingHistoryRow] = []
            var departments: [String] = []
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
                result.append(FindingHistoryRow(snapshotId: row["snapshot_id"], key: key, status: status, departments: []))
                departments.append(row["departments"])
            }
            for (index, units) in StoredJSON.strings(departments).enumerated() { result[index].departments = units }
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
                    SELECT a.snapshot_id, a.overdue_count FROM analysis a JOIN snapshot s ON s.id = a.snapshot_id
                    WHERE s.taken_at <= ? AND a.overdue_count IS NOT NULL
                    """,
                arguments: [time]
            ) {
                history.overdue[row["snapshot_id"]] = row["overdue_count"]
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
