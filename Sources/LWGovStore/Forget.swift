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
    /// Findings that only the dropped analyses had seen are removed. The next snapshot's
    /// transfers and every later group's "unchanged since" are computed again against the
    /// removed snapshot's predecessor, in the same transaction, so they are what storing the
    /// later snapshots without the removed one would have given.
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
            try Self.reopenPlansResolved(db, atOrAfter: all[index].takenAt.timeIntervalSince1970)
            try db.execute(sql: "DELETE FROM finding WHERE id NOT IN (SELECT finding_id FROM finding_state)")
            let findings = db.changesCount
            // What the later snapshots derived from the removed one is derived again from its
            // predecessor: the next snapshot's transfers, and every later group's "unchanged
            // since" (each from the one before it, in time order, as storing computes it).
            let predecessor: Int64? = index > 0 ? all[index - 1].id : nil
            if let next = later.first?.id {
                try Self.recomputeTransfers(db, id: next, previousId: predecessor)
            }
            var previous = predecessor
            for snapshot in later {
                try db.execute(
                    sql: """
                        UPDATE group_state SET unchanged_since = COALESCE(
                            (SELECT COALESCE(p.unchanged_since, p.snapshot_id) FROM group_state p
                             WHERE p.snapshot_id = ?2 AND p.group_id = group_state.group_id AND p.direct_hash = group_state.direct_hash),
                            snapshot_id)
                        WHERE snapshot_id = ?1
                        """,
                    arguments: [snapshot.id, previous]
                )
                previous = snapshot.id
            }
            try db.execute(sql: "UPDATE run SET snapshot_id = NULL WHERE snapshot_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM snapshot WHERE id = ?", arguments: [id])
            return findings
        }
        return ForgetReport(snapshot: all[index], toReanalyse: later, findingsRemoved: removed)
    }
}
