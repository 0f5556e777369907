import Foundation
import GRDB
import LWGovModel

/// One finding at one analysed snapshot, without its texts: what trends and remediation
/// figures are computed from.
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
                let ruleText: String = row[1]
                let statusText: String = row[4]
                guard let rule = RuleID(rawValue: ruleText), let status = FindingStatus(rawValue: statusText) else { continue }
                result.append(
                    FindingHistoryRow(
                        snapshotId: row[0], key: FindingKey(rule: rule, groupId: row[2], subject: row[3]), status: status,
                        departments: JSONText.strings(row[5])
                    )
                )
            }
            return result
        }
    }
}
