import GRDB
import LWGovModel

/// What `Store.forget(snapshotId:)` removed.
public struct ForgetReport: Sendable {
    /// The snapshot removed.
    public var snapshot: SnapshotInfo
    /// Later snapshots whose analyses were dropped, to be analysed again, oldest first.
    public var toReanalyse: [SnapshotInfo]
    /// Findings removed because no analysis that is kept had seen them.
    public var findingsRemoved: Int
}

extension Store {
    /// Removes a snapshot stored by mistake (SPEC 2.1 `lwgov forget`), with its directory rows,
    /// transfers and analysis, in one transaction. The analyses of every later snapshot are
    /// dropped too, because each builds on the one before; the caller analyses them again.
    /// Findings that only the dropped analyses had seen are removed; groups whose fingerprint
    /// was unchanged since the removed snapshot count as unchanged since the next one (never
    /// longer than the stored history shows).
    ///
    /// - Throws: `StoreError` (.usage) when no snapshot has that id; (.cannotWrite) when the
    ///   store cannot be written, and then nothing changed.
    public func forget(snapshotId id: Int64) throws(StoreError) -> ForgetReport {
        let all = try snapshots()
        guard let index = all.firstIndex(where: { $0.id == id }) else {
            throw StoreError(.usage, "no stored snapshot #\(id); `lwgov snapshots` lists them")
        }
        let later = Array(all[(index + 1)...])
        let affected = [id] + later.map(\.id)
        let removed = try write { db -> Int in
            let list = affected.map(String.init).joined(separator: ",")
            // Analyses of the snapshot and of everything after it (their rows cascade).
            for table in ["finding_state", "group_summary", "department", "trend_count", "remediation_count", "reopened_group"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE snapshot_id IN (\(list))")
            }
            try db.execute(sql: "DELETE FROM analysis WHERE snapshot_id IN (\(list))")
            try db.execute(sql: "DELETE FROM finding WHERE id NOT IN (SELECT finding_id FROM finding_state)")
            let findings = db.changesCount
            // Later snapshots' history no longer reaches back through the removed one.
            if let next = later.first?.id {
                try db.execute(
                    sql: "UPDATE group_state SET unchanged_since = ? WHERE unchanged_since = ? AND snapshot_id IN (\(list))",
                    arguments: [next, id]
                )
            }
            try db.execute(sql: "UPDATE run SET snapshot_id = NULL WHERE snapshot_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM snapshot WHERE id = ?", arguments: [id])
            return findings
        }
        return ForgetReport(snapshot: all[index], toReanalyse: later, findingsRemoved: removed)
    }
}
