import Foundation
import GRDB
import LWGovModel

/// One bot message to one person about one department's report.
public struct NotificationRecord: Sendable, Hashable {
    public var period: String
    /// `department` (a department's managers) or `escalation` (the 部長, SPEC 3.6).
    public var kind: String
    public var departmentId: String
    public var userId: String
    /// `sent` or `failed`.
    public var status: String
    public var attempts: Int
    public var text: String
    public var lastAt: Date
    public var error: String?
}

extension NotificationRecord: FetchableRecord {
    /// Reads a `notification` row.
    public init(row: Row) {
        period = row["period"]
        kind = row["kind"]
        departmentId = row["department_id"]
        userId = row["user_id"]
        status = row["status"]
        attempts = row["attempts"]
        text = row["text"]
        lastAt = Date(timeIntervalSince1970: row["last_at"])
        error = row["error"]
    }
}

extension Store {
    /// Every notification of a period, so a re-run sends only what was not sent.
    public func notifications(period: String) throws(StoreError) -> [NotificationRecord] {
        try read { db in
            try NotificationRecord.fetchAll(
                db,
                sql: "SELECT period, kind, department_id, user_id, status, attempts, text, last_at, error FROM notification WHERE period = ? ORDER BY kind, department_id, user_id",
                arguments: [period]
            )
        }
    }

    /// Records one send (each in its own transaction, so a killed run keeps what was sent).
    public func recordNotification(
        period: String, kind: String = "department", departmentId: String, userId: String, sent: Bool, text: String, error: String?,
        at: Date = Date()
    ) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO notification (period, kind, department_id, user_id, status, attempts, text, last_at, error)
                    VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?)
                    ON CONFLICT (period, kind, department_id, user_id) DO UPDATE SET
                        status = excluded.status, attempts = attempts + 1, text = excluded.text,
                        last_at = excluded.last_at, error = excluded.error
                    """,
                arguments: [period, kind, departmentId, userId, sent ? "sent" : "failed", text, at.timeIntervalSince1970, error]
            )
        }
    }
}
