import Foundation
import GRDB
import LWGovModel

extension Store {
    /// Records a waiver and returns it with its id.
    public func addWaiver(
        rule: RuleID, groupId: String, subject: String?, until: String, reason: String, grantedBy: String, at: Date = Date()
    ) throws(StoreError) -> Waiver {
        try write { db in
            try db.execute(
                sql: "INSERT INTO waiver (rule, group_id, subject, until, reason, granted_by, granted_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [rule.rawValue, groupId, subject, until, reason, grantedBy, at.timeIntervalSince1970]
            )
            return Waiver(
                id: db.lastInsertedRowID, rule: rule, groupId: groupId, subject: subject, until: until, reason: reason,
                grantedBy: grantedBy, grantedAt: at
            )
        }
    }

    /// Every waiver, newest first; revoked ones only when asked.
    public func waivers(includeRevoked: Bool = false) throws(StoreError) -> [Waiver] {
        try read { db in
            let filter = includeRevoked ? "" : "WHERE revoked_at IS NULL"
            return try Row.fetchAll(
                db, sql: "SELECT id, rule, group_id, subject, until, reason, granted_by, granted_at, revoked_at FROM waiver \(filter) ORDER BY id DESC"
            ).compactMap { row in
                guard let rule = RuleID(rawValue: row["rule"]) else { return nil }
                return Waiver(
                    id: row["id"], rule: rule, groupId: row["group_id"], subject: row["subject"], until: row["until"],
                    reason: row["reason"], grantedBy: row["granted_by"], grantedAt: Date(timeIntervalSince1970: row["granted_at"]),
                    revokedAt: (row["revoked_at"] as Double?).map(Date.init(timeIntervalSince1970:))
                )
            }
        }
    }

    /// Ends a waiver.
    ///
    /// - Throws: `StoreError` (.usage) when there is no such active waiver.
    public func revokeWaiver(id: Int64, at: Date = Date()) throws(StoreError) {
        try write { db in
            try db.execute(
                sql: "UPDATE waiver SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [at.timeIntervalSince1970, id]
            )
            if db.changesCount == 0 { throw StoreError(.usage, "no active waiver #\(id); `lwgov waivers` lists them") }
        }
    }
}
