import Foundation
import GRDB
import LWGovModel

/// A recorded `lwgov run`.
public struct RunRecord: Sendable, Hashable {
    public var id: Int64
    public var startedAt: Date
    public var endedAt: Date?
    /// `ok`, `failed`, `interrupted`, or nil while running.
    public var outcome: String?
    public var snapshotId: Int64?
    public var counts: String?
    public var error: String?
}

extension RunRecord: FetchableRecord {
    /// Reads a `run` row.
    public init(row: Row) {
        id = row["id"]
        startedAt = Date(timeIntervalSince1970: row["started_at"])
        endedAt = (row["ended_at"] as Double?).map(Date.init(timeIntervalSince1970:))
        outcome = row["outcome"]
        snapshotId = row["snapshot_id"]
        counts = row["counts"]
        error = row["error"]
    }
}

extension Store {
    /// Records the start of a run; runs left open by a killed process are marked interrupted.
    public func startRun(at: Date = Date()) throws(StoreError) -> Int64 {
        try write { db in
            try db.execute(sql: "UPDATE run SET outcome = 'interrupted' WHERE outcome IS NULL")
            try db.execute(sql: "INSERT INTO run (started_at) VALUES (?)", arguments: [at.timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }

    /// Records how a run ended.
    public func finishRun(id: Int64, outcome: String, snapshotId: Int64?, counts: String, error: String?, at: Date = Date()) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: "UPDATE run SET ended_at = ?, outcome = ?, snapshot_id = ?, counts = ?, error = ? WHERE id = ?",
                arguments: [at.timeIntervalSince1970, outcome, snapshotId, counts, error, id]
            )
        }
    }

    /// The most recent runs, newest first.
    public func runs(limit: Int = 5) throws(StoreError) -> [RunRecord] {
        try read { db in
            try RunRecord.fetchAll(
                db, sql: "SELECT id, started_at, ended_at, outcome, snapshot_id, counts, error FROM run ORDER BY id DESC LIMIT ?",
                arguments: [limit]
            )
        }
    }
}
