import Foundation
import GRDB
import LWGovModel

extension Store {
    // MARK: Analyses

    /// Snapshots that have been analysed, oldest first.
    public func analysedSnapshots() throws(StoreError) -> [SnapshotInfo] {
        try read { db in
            try SnapshotInfo.fetchAll(
                db, sql: "SELECT \(SnapshotInfo.columns) FROM snapshot WHERE id IN (SELECT snapshot_id FROM analysis) ORDER BY taken_at, id"
            )
        }
    }

    /// The findings (present and resolved) stored for an analysed snapshot.
    public func findingStates(snapshotId: Int64) throws(StoreError) -> [FindingRecord] {
        try read { db in try Self.states(db, snapshotId: snapshotId) }
    }

    static func states(_ db: Database, snapshotId: Int64, key: FindingKey? = nil) throws -> [FindingRecord] {
        var records: [FindingRecord] = []
        // The evidence and department lists are decoded together once every row is read.
        var evidence: [String] = [], departments: [String] = []
        let rows = try Row.fetchCursor(
            db, sql: """
                SELECT f.rule, f.group_id, f.subject, st.status, st.group_name, st.message, st.remediation, st.evidence,
                       st.departments, st.waiver_id, st.first_seen_at, st.account_name, st.employee_number, st.account_department,
                       st.opened_at, st.due, st.overdue, st.plan_id
                FROM finding_state st JOIN finding f ON f.id = st.finding_id
                WHERE st.snapshot_id = ?\(key == nil ? "" : " AND f.rule = ? AND f.group_id = ? AND f.subject = ?")
                """,
            arguments: key.map { [snapshotId, $0.rule.rawValue, $0.groupId, $0.subject] } ?? [snapshotId]
        )
        while let row = try rows.next() {
            guard let key = findingKey(row), let status = FindingStatus(rawValue: row["status"]) else { continue }
            let finding = Finding(
                key: key, groupName: row["group_name"], message: row["message"], remediation: row["remediation"], evidence: [],
                departments: [], account: account(row)
            )
            evidence.append(row["evidence"])
            departments.append(row["departments"])
            records.append(
                FindingRecord(
                    finding: finding, status: status, firstSeen: Date(timeIntervalSince1970: row["first_seen_at"]),
                    waiverId: row["waiver_id"], openedAt: (row["opened_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
                    deadline: deadline(row)
                )
            )
        }
        for (index, (items, units)) in zip(StoredJSON.evidence(evidence), StoredJSON.strings(departments)).enumerated() {
            records[index].finding.evidence = items
            records[index].finding.departments = units
        }
        return records.sortedByPosition { $0.key < $1.key }
    }

    /// The deadline of a state row with `due`, `overdue` and `plan_id` columns; nil when it has
    /// none (waived, resolved, or stored before due dates).
    static func deadline(_ row: Row) -> Deadline? {
        guard let due: String = row["due"] else { return nil }
        return Deadline(due: due, overdue: row["overdue"] ?? false, planId: row["plan_id"])
    }

    /// The account of a state row with `account_name`, `employee_number` and
    /// `account_department` columns; nil for a group finding.
    static func account(_ row: Row) -> FindingAccount? {
        guard let name: String = row["account_name"] else { return nil }
        return FindingAccount(name: name, employeeNumber: row["employee_number"] ?? "", departmentId: row["account_department"] ?? "")
    }

    /// The finding key of a row with `rule`, `group_id` and `subject` columns; nil for a rule
    /// this version does not know.
    static func findingKey(_ row: Row) -> FindingKey? {
        guard let rule = RuleID(rawValue: row["rule"]) else { return nil }
        return FindingKey(rule: rule, groupId: row["group_id"], subject: row["subject"])
    }

    /// Group summaries stored for an analysed snapshot.
    public func groupSummaries(snapshotId: Int64) throws(StoreError) -> [GroupSummary] {
        try read { db in
            let rows = try Row.fetchAll(
                db, sql: """
                    SELECT group_id, name, visible, active_masters, effective_members, home_departments
                    FROM group_summary WHERE snapshot_id = ? ORDER BY group_id
                    """,
                arguments: [snapshotId]
            )
            let homes = StoredJSON.strings(rows.map { $0["home_departments"] })
            return zip(rows, homes).map { row, homes in
                GroupSummary(
                    groupId: row["group_id"], name: row["name"], visible: row["visible"], activeMasters: row["active_masters"],
                    effectiveMembers: row["effective_members"], homeDepartments: homes
                )
            }
        }
    }

    /// Departments stored for an analysed snapshot, in organisation order.
    public func departments(snapshotId: Int64) throws(StoreError) -> [Department] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT org_unit_id, name, path, display_order FROM department WHERE snapshot_id = ? ORDER BY display_order",
                arguments: [snapshotId]
            ).map { row in
                Department(id: row["org_unit_id"], name: row["name"], path: row["path"], displayOrder: row["display_order"])
            }
        }
    }

    /// The analysed snapshot taken last before `takenAt`, if any; with `withRoster`, the last
    /// one that had an HR roster (where account findings were last compared, SPEC 3.5).
    ///
    /// - Throws: `StoreError` when the store cannot be read.
    public func previousAnalysedSnapshot(before takenAt: Date, withRoster: Bool = false) throws(StoreError) -> Int64? {
        try read { db in try Self.previousAnalysed(db, before: takenAt.timeIntervalSince1970, withRoster: withRoster) }
    }

    /// The present (not resolved) findings of an analysed snapshot without their texts, each
    /// with its stored id and first-seen time, in no particular order.
    ///
    /// - Throws: `StoreError` when the store cannot be read.
    public func presentFindingStates(snapshotId: Int64) throws(StoreError) -> [PresentFindingState] {
        try read { db in
            var states: [PresentFindingState] = []
            let rows = try Row.fetchCursor(
                db, sql: """
                    SELECT f.rule, f.group_id, f.subject, st.status, st.first_seen_at AS state_first_seen_at, st.opened_at,
                           f.id, f.first_seen_at
                    FROM finding_state st JOIN finding f ON f.id = st.finding_id
                    WHERE st.snapshot_id = ? AND st.status != 'resolved'
                    """,
                arguments: [snapshotId]
            )
            while let row = try rows.next() {
                guard let key = Self.findingKey(row), let status = FindingStatus(rawValue: row["status"]) else { continue }
                states.append(
                    PresentFindingState(
                        key: key, status: status, firstSeen: Date(timeIntervalSince1970: row["state_first_seen_at"]),
                        openedAt: (row["opened_at"] as Double?).map(Date.init(timeIntervalSince1970:)), finding: StoredFinding(row: row)
                    )
                )
            }
            return states
        }
    }

    /// The stored findings among `keys`, whenever first seen; a key missing from the result has
    /// never been stored. Looked up one by one, so the cost follows `keys`, not every finding
    /// ever seen.
    ///
    /// - Throws: `StoreError` when the store cannot be read.
    public func storedFindings(_ keys: [FindingKey]) throws(StoreError) -> [FindingKey: StoredFinding] {
        guard !keys.isEmpty else { return [:] }
        return try read { db in
            let lookup = try db.cachedStatement(sql: "SELECT id, first_seen_at FROM finding WHERE rule = ? AND group_id = ? AND subject = ?")
            var found: [FindingKey: StoredFinding] = [:]
            for key in keys {
                if let row = try Row.fetchOne(lookup, arguments: [key.rule.rawValue, key.groupId, key.subject]) {
                    found[key] = StoredFinding(row: row)
                }
            }
            return found
        }
    }

    /// For each of `keys`, the statuses it had at the analysed snapshots taken before `takenAt`
    /// (empty for one never stored then).
    ///
    /// - Throws: `StoreError` when the store cannot be read.
    public func findingStatuses(_ keys: [FindingKey], before takenAt: Date) throws(StoreError) -> [FindingKey: Set<FindingStatus>] {
        guard !keys.isEmpty else { return [:] }
        return try read { db in
            let query = try db.cachedStatement(
                sql: """
                    SELECT DISTINCT st.status FROM finding_state st JOIN finding f ON f.id = st.finding_id
                    JOIN snapshot s ON s.id = st.snapshot_id
                    WHERE f.rule = ? AND f.group_id = ? AND f.subject = ? AND s.taken_at < ?
                    """
            )
            var statuses: [FindingKey: Set<FindingStatus>] = [:]
            for key in keys {
                let texts = try String.fetchAll(query, arguments: [key.rule.rawValue, key.groupId, key.subject, takenAt.timeIntervalSince1970])
                statuses[key] = Set(texts.compactMap(FindingStatus.init(rawValue:)))
            }
            return statuses
        }
    }

    /// The findings of `keys` as stored at an analysed snapshot, with their texts, marked resolved
    /// (the ones present there and gone now), in key order.
    public func resolvedFindings(_ keys: [FindingKey], previousSnapshotId: Int64?) throws(StoreError) -> [FindingRecord] {
        guard let previousSnapshotId, !keys.isEmpty else { return [] }
        return try read { db in
            let query = try db.cachedStatement(
                sql: """
                    SELECT st.group_name, st.message, st.remediation, st.evidence, st.departments, st.first_seen_at,
                           st.account_name, st.employee_number, st.account_department
                    FROM finding f JOIN finding_state st ON st.finding_id = f.id AND st.snapshot_id = ?
                    WHERE f.rule = ? AND f.group_id = ? AND f.subject = ?
                    """
            )
            var records: [FindingRecord] = []
            for key in keys.sorted() {
                let rows = try Row.fetchCursor(query, arguments: [previousSnapshotId, key.rule.rawValue, key.groupId, key.subject])
                while let row = try rows.next() {
                    let finding = Finding(
                        key: key, groupName: row["group_name"], message: row["message"], remediation: row["remediation"],
                        evidence: StoredJSON.evidence(row["evidence"]), departments: StoredJSON.strings(row["departments"]),
                        account: Self.account(row)
                    )
                    records.append(FindingRecord(finding: finding, status: .resolved, firstSeen: Date(timeIntervalSince1970: row["first_seen_at"])))
                }
            }
            guard records.count == keys.count else {
                throw StoreError(.internal, "snapshot #\(previousSnapshotId): \(keys.count - records.count) resolved findings have no stored state")
            }
            return records
        }
    }

    /// The analysed snapshot taken last before `takenAt` (seconds since 1970), if any; with
    /// `withRoster`, the last one that had an HR roster.
    static func previousAnalysed(_ db: Database, before takenAt: Double, withRoster: Bool = false) throws -> Int64? {
        try Int64.fetchOne(
            db, sql: """
                SELECT s.id FROM snapshot s JOIN analysis a ON a.snapshot_id = s.id
                WHERE s.taken_at < ? \(withRoster ? "AND s.roster_rows IS NOT NULL" : "")
                ORDER BY s.taken_at DESC, s.id DESC LIMIT 1
                """,
            arguments: [takenAt]
        )
    }

    /// Stores one analysis, replacing any earlier analysis of the same snapshot, in one transaction.
    public func saveAnalysis(_ result: AnalysisResult) throws(StoreError) {
        // The texts are encoded before the write transaction, on every core.
        let texts = StoredJSON.encode((result.records + result.resolved).map(\.finding))
        try write { db in
            let id = result.snapshotId
            try db.execute(sql: "DELETE FROM analysis WHERE snapshot_id = ?", arguments: [id])
            guard let takenAt = try Double.fetchOne(db, sql: "SELECT taken_at FROM snapshot WHERE id = ?", arguments: [id]) else {
                throw StoreError(.internal, "snapshot #\(id) vanished during analysis")
            }
            try db.execute(
                sql: """
                    INSERT INTO analysis (snapshot_id, analysed_at, settings, group_count, finding_count, overdue_count)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, Date().timeIntervalSince1970, result.settings, result.groups.count, result.records.count,
                    result.records.filter { $0.deadline?.overdue == true }.count,
                ]
            )
            // A plan ends by itself when its finding is resolved (SPEC 3.6): a later reopen starts
            // without it.
            let endPlan = try db.cachedStatement(
                sql: """
                    UPDATE plan SET ended_at = ?, ending = 'resolved'
                    WHERE ended_at IS NULL AND rule = ? AND group_id = ? AND subject = ?
                    """
            )
            for record in result.resolved {
                try endPlan.execute(arguments: [takenAt, record.key.rule.rawValue, record.key.groupId, record.key.subject])
            }
            // Periods present in a row so far, of the previous analysis's present findings; for
            // account findings, of the analysis they were last compared in (SPEC 3.5: a snapshot
            // without a roster carries them unlisted).
            var periodsBefore: [Int64: Int] = [:]
            for (previous, accounts) in [
                (try Self.previousAnalysed(db, before: takenAt), false),
                (result.accountsComparedWith, true),
            ] {
                guard let previous else { continue }
                let rows = try Row.fetchCursor(
                    db, sql: """
                        SELECT st.finding_id, st.periods FROM finding_state st JOIN finding f ON f.id = st.finding_id
                        WHERE st.snapshot_id = ? AND st.status != 'resolved' AND (f.group_id = '') = ?
                        """,
                    arguments: [previous, accounts]
                )
                while let row = try rows.next() { periodsBefore[row["finding_id"]] = row["periods"] }
            }
            let states = result.records + result.resolved
            // Findings never stored before get the ids SQLite would give them one by one (one
            // more than the largest so far), here written in batches. Were one stored after all,
            // its UNIQUE key would fail the insert and with it the whole transaction.
            var nextId = (try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM finding") ?? 0) + 1
            var findingIds: [Int64] = []
            findingIds.reserveCapacity(states.count)
            try BatchInsert.into(
                db, table: "finding", columns: ["id", "rule", "group_id", "subject", "first_seen_snapshot_id", "first_seen_at"]
            ) { finding in
                for record in states {
                    if let known = result.findingIds[record.key] {
                        findingIds.append(known)
                        continue
                    }
                    let key = record.key
                    try finding.add(nextId, key.rule.rawValue, key.groupId, key.subject, id, takenAt)
                    findingIds.append(nextId)
                    nextId += 1
                }
            }
            // States in primary-key (finding id) order: appended at the end of the table's b-tree
            // instead of inserted all over it.
            let order = states.indices.sorted { findingIds[$0] < findingIds[$1] }
            try BatchInsert.into(
                db, table: "finding_state",
                columns: [
                    "snapshot_id", "finding_id", "status", "group_name", "message", "remediation", "evidence", "departments",
                    "waiver_id", "first_seen_at", "periods", "account_name", "employee_number", "account_department",
                    "opened_at", "due", "overdue", "plan_id",
                ]
            ) { state in
                for i in order {
                    let record = states[i], findingId = findingIds[i], f = record.finding
                    try state.add(
                        id, findingId, record.status.rawValue, f.groupName, f.message, f.remediation,
                        texts[i].evidence, texts[i].departments, record.waiverId,
                        record.firstSeen.timeIntervalSince1970, (periodsBefore[findingId] ?? 0) + (record.status == .resolved ? 0 : 1),
                        f.account?.name, f.account?.employeeNumber, f.account?.departmentId,
                        record.openedAt?.timeIntervalSince1970, record.deadline?.due, record.deadline?.overdue, record.deadline?.planId
                    )
                }
            }
            try BatchInsert.into(
                db, table: "group_summary",
                columns: ["snapshot_id", "group_id", "name", "visible", "active_masters", "effective_members", "home_departments"]
            ) { group in
                for g in result.groups {
                    try group.add(
                        id, g.groupId, g.name, g.visible, g.activeMasters, g.effectiveMembers, StoredJSON.encode(strings: g.homeDepartments)
                    )
                }
            }
            try BatchInsert.into(db, table: "department", columns: ["snapshot_id", "org_unit_id", "name", "path", "display_order"]) { department in
                for d in result.departments {
                    try department.add(id, d.id, d.name, d.path, d.displayOrder)
                }
            }
            try Self.savePeriodAggregates(db, snapshotId: id)
        }
    }

    /// Saves an analysis's trend and remediation counts (SPEC 4.2), derived from its stored
    /// finding states. Run inside the transaction that stores the analysis.
    private static func savePeriodAggregates(_ db: Database, snapshotId id: Int64) throws {
        try db.execute(
            sql: """
                INSERT INTO trend_count
                    SELECT ?1, f.rule, COUNT(*) FROM finding_state st JOIN finding f ON f.id = st.finding_id
                    WHERE st.snapshot_id = ?1 AND st.status IN ('new', 'open', 'reopened') GROUP BY f.rule
                """,
            arguments: [id]
        )
        try db.execute(
            sql: """
                INSERT INTO remediation_count
                    SELECT ?1, COALESCE(d.value, ''), COUNT(*), SUM(st.periods = 1)
                    FROM finding_state st LEFT JOIN json_each(st.departments) d
                    WHERE st.snapshot_id = ?1 AND st.status = 'resolved' GROUP BY 2
                """,
            arguments: [id]
        )
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO reopened_group
                    SELECT ?1, COALESCE(d.value, ''), f.group_id
                    FROM finding_state st JOIN finding f ON f.id = st.finding_id LEFT JOIN json_each(st.departments) d
                    WHERE st.snapshot_id = ?1 AND st.status = 'reopened'
                """,
            arguments: [id]
        )
    }

    /// Forgets the analyses of the snapshot `fromId` and every later one, so they can be redone in
    /// order; findings first seen there are forgotten too, and plans those analyses ended as
    /// resolved are in force again.
    public func resetAnalyses(from snapshotId: Int64) throws(StoreError) {
        try write { db in
            guard let takenAt = try Double.fetchOne(db, sql: "SELECT taken_at FROM snapshot WHERE id = ?", arguments: [snapshotId]) else { return }
            let later = "SELECT id FROM snapshot WHERE taken_at >= \(takenAt)"
            try db.execute(sql: "DELETE FROM analysis WHERE snapshot_id IN (\(later))")
            try db.execute(sql: "DELETE FROM finding WHERE first_seen_snapshot_id IN (\(later))")
            try Self.reopenPlansResolved(db, atOrAfter: takenAt)
        }
    }

    // MARK: Staleness history

    /// The most recent transfer of each user observed at or before `takenAt` (SPEC 3.3).
    public func latestTransfers(atOrBefore takenAt: Date) throws(StoreError) -> [String: StoredTransfer] {
        try read { db in
            var latest: [String: StoredTransfer] = [:]
            // In time order, so a user's later transfer replaces an earlier one.
            let transfers = try Row.fetchCursor(
                db, sql: """
                    SELECT t.snapshot_id, t.user_id, t.from_org_unit_id, t.from_department_id, t.from_department_name,
                           t.to_org_unit_id, t.to_department_id, t.to_department_name, t.effective_at, t.dated_by
                    FROM transfer t JOIN snapshot s ON s.id = t.snapshot_id
                    WHERE s.taken_at <= ? ORDER BY s.taken_at, s.id
                    """,
                arguments: [takenAt.timeIntervalSince1970]
            )
            while let row = try transfers.next() {
                let userId: String = row["user_id"]
                latest[userId] = StoredTransfer(
                    snapshotId: row["snapshot_id"], userId: userId,
                    from: Placement(
                        orgUnitId: row["from_org_unit_id"], departmentId: row["from_department_id"],
                        departmentName: row["from_department_name"]
                    ),
                    to: Placement(
                        orgUnitId: row["to_org_unit_id"], departmentId: row["to_department_id"], departmentName: row["to_department_name"]
                    ),
                    effectiveAt: Date(timeIntervalSince1970: row["effective_at"]),
                    datedBy: TransferDating(rawValue: row["dated_by"]) ?? .snapshot, priorGroups: []
                )
            }
            let prior = try Row.fetchCursor(
                db, sql: """
                    SELECT p.snapshot_id, p.user_id, p.group_id FROM transfer_prior_group p
                    JOIN snapshot s ON s.id = p.snapshot_id WHERE s.taken_at <= ?
                    """,
                arguments: [takenAt.timeIntervalSince1970]
            )
            while let row = try prior.next() {
                let userId: String = row["user_id"]
                if latest[userId]?.snapshotId == row["snapshot_id"] { latest[userId]?.priorGroups.insert(row["group_id"]) }
            }
            return latest
        }
    }

    /// For staleness condition 3 (SPEC 3.3): since which stored snapshot each group of `current`
    /// has had the same direct members and masters, kept with the snapshot when it was stored
    /// (`group_state.unchanged_since`), so this reads one row per group however long the history.
    public func groupChanges(at current: SnapshotInfo) throws(StoreError) -> GroupChanges {
        try read { db in
            let order = try Int64.fetchAll(db, sql: "SELECT id FROM snapshot ORDER BY taken_at, id")
            var since: [String: Int64] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT group_id, unchanged_since FROM group_state WHERE snapshot_id = ?", arguments: [current.id]
            )
            while let row = try rows.next() { since[row["group_id"]] = row["unchanged_since"] ?? current.id }
            return GroupChanges(order: order, unchangedSince: since)
        }
    }
}
