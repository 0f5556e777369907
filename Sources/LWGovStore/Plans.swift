import Foundation
import GRDB
import LWGovModel

extension Store {
    /// Records a plan for a finding present in an analysed snapshot, ending the plan in force for
    /// the same finding (`replaced`), and gives that snapshot's state of the finding the plan's
    /// deadline, in one transaction, so the reports rendered next show it (SPEC 3.6).
    ///
    /// - Parameter deadline: the finding's deadline under the plan (its `planId` is set here).
    /// - Throws: `StoreError`.
    public func addPlan(
        key: FindingKey, due: String, note: String, by: String, at: Date, snapshotId: Int64, deadline: Deadline
    ) throws(StoreError) -> Plan {
        try write { db in
            let arguments: StatementArguments = [key.rule.rawValue, key.groupId, key.subject]
            try db.execute(
                sql: "UPDATE plan SET ended_at = ?, ending = 'replaced' WHERE ended_at IS NULL AND rule = ? AND group_id = ? AND subject = ?",
                arguments: [at.timeIntervalSince1970] + arguments
            )
            try db.execute(
                sql: "INSERT INTO plan (rule, group_id, subject, due, note, by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: arguments + [due, note, by, at.timeIntervalSince1970]
            )
            let plan = Plan(id: db.lastInsertedRowID, key: key, due: due, note: note, by: by, createdAt: at)
            var planned = deadline
            planned.planId = plan.id
            try Self.setDeadline(db, snapshotId: snapshotId, key: key, planned)
            try Self.recountOverdue(db, snapshotId: snapshotId)
            return plan
        }
    }

    /// Ends a plan in force (`lwgov unplan`) and gives the finding's state in the analysed
    /// snapshot `snapshotId` its default deadline again, in one transaction.
    ///
    /// - Throws: `StoreError` (.usage) when no plan in force has that id.
    public func endPlan(id: Int64, at: Date, snapshotId: Int64?, restoring deadline: Deadline?) throws(StoreError) {
        try write { db in
            guard let plan = try Self.plans(db, where: "id = ? AND ended_at IS NULL", [id]).first else {
                throw StoreError(.usage, "no plan #\(id) in force; `lwgov plans` lists them")
            }
            try db.execute(
                sql: "UPDATE plan SET ended_at = ?, ending = 'unplanned' WHERE id = ?", arguments: [at.timeIntervalSince1970, id]
            )
            if let snapshotId, let deadline {
                try db.execute(
                    sql: """
                        UPDATE finding_state SET due = ?, overdue = ?, plan_id = NULL
                        WHERE snapshot_id = ? AND plan_id = ?
                        """,
                    arguments: [deadline.due, deadline.overdue, snapshotId, plan.id]
                )
                try Self.recountOverdue(db, snapshotId: snapshotId)
            }
        }
    }

    /// Puts back in force the plans that analyses of snapshots taken at or after `takenAt` ended
    /// because their finding was resolved, when those analyses are dropped (re-analysis,
    /// `forget`): the analyses made again decide afresh. A plan that was unplanned or replaced,
    /// or that has a newer plan for the same finding, stays ended.
    static func reopenPlansResolved(_ db: Database, atOrAfter takenAt: Double) throws {
        try db.execute(
            sql: """
                UPDATE plan SET ended_at = NULL, ending = NULL
                WHERE ending = 'resolved' AND ended_at >= ?
                  AND NOT EXISTS (
                      SELECT 1 FROM plan newer
                      WHERE newer.rule = plan.rule AND newer.group_id = plan.group_id AND newer.subject = plan.subject
                        AND newer.id > plan.id)
                """,
            arguments: [takenAt]
        )
    }

    /// Plans, newest first: those in force, or every plan ever made.
    public func plans(includeEnded: Bool = false) throws(StoreError) -> [Plan] {
        try read { db in try Self.plans(db, where: includeEnded ? "1" : "ended_at IS NULL", []) }
    }

    /// One plan, ended or not.
    public func plan(id: Int64) throws(StoreError) -> Plan? {
        try read { db in try Self.plans(db, where: "id = ?", [id]).first }
    }

    /// The state of one finding at an analysed snapshot, with its texts; nil when it has none there.
    public func findingState(snapshotId: Int64, key: FindingKey) throws(StoreError) -> FindingRecord? {
        try read { db in
            // One state at most: the key is unique, so the snapshot's states are filtered in SQL.
            try Self.states(db, snapshotId: snapshotId, key: key).first
        }
    }

    private static func setDeadline(_ db: Database, snapshotId: Int64, key: FindingKey, _ deadline: Deadline) throws {
        try db.execute(
            sql: """
                UPDATE finding_state SET due = ?, overdue = ?, plan_id = ?
                WHERE snapshot_id = ? AND finding_id = (SELECT id FROM finding WHERE rule = ? AND group_id = ? AND subject = ?)
                """,
            arguments: [deadline.due, deadline.overdue, deadline.planId, snapshotId, key.rule.rawValue, key.groupId, key.subject]
        )
    }

    /// The analysis's overdue count (the trend chart's overdue line) after a plan changed a
    /// state's deadline, so it agrees with the findings the reports list.
    private static func recountOverdue(_ db: Database, snapshotId: Int64) throws {
        try db.execute(
            sql: """
                UPDATE analysis SET overdue_count = (SELECT COUNT(*) FROM finding_state WHERE snapshot_id = ? AND overdue = 1)
                WHERE snapshot_id = ? AND overdue_count IS NOT NULL
                """,
            arguments: [snapshotId, snapshotId]
        )
    }

    private static func plans(_ db: Database, where condition: String, _ arguments: StatementArguments) throws -> [Plan] {
        try Row.fetchAll(
            db, sql: "SELECT id, rule, group_id, subject, due, note, by, created_at, ended_at, ending FROM plan WHERE \(condition) ORDER BY id DESC",
            arguments: arguments
        ).compactMap { row in
            guard let rule = RuleID(rawValue: row["rule"]) else { return nil }
            return Plan(
                id: row["id"], key: FindingKey(rule: rule, groupId: row["group_id"], subject: row["subject"]), due: row["due"],
                note: row["note"], by: row["by"], createdAt: Date(timeIntervalSince1970: row["created_at"]),
                endedAt: (row["ended_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                ending: (row["ending"] as String?).flatMap(Plan.Ending.init(rawValue:))
            )
        }
    }
}
