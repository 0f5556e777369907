import Crypto
import Foundation
import GRDB
import LWGovModel

extension Store {
    /// All stored snapshots, oldest first.
    public func snapshots() throws(StoreError) -> [SnapshotInfo] {
        try read { db in
            try SnapshotInfo.fetchAll(db, sql: "SELECT \(SnapshotInfo.columns) FROM snapshot ORDER BY taken_at, id")
        }
    }

    /// One snapshot's metadata, or nil.
    public func snapshot(id: Int64) throws(StoreError) -> SnapshotInfo? {
        try read { db in
            try SnapshotInfo.fetchOne(db, sql: "SELECT \(SnapshotInfo.columns) FROM snapshot WHERE id = ?", arguments: [id])
        }
    }

    /// Stores a snapshot atomically: all rows and its transfers in one transaction, or nothing.
    ///
    /// Refuses (badInput) a snapshot older than the newest stored one, one with the same taken_at
    /// but other content, and (unless `acceptShrink`) one with fewer than half the users or groups
    /// of the previous snapshot (SPEC 2.1). Afterwards prunes full snapshots beyond `keepSnapshots`.
    /// - Throws: `StoreError`.
    public func store(_ snapshot: DirectorySnapshot, source: String, options: StoreOptions) throws(StoreError) -> StoreOutcome {
        let hash = snapshot.contentHash
        let takenAt = snapshot.takenAt.timeIntervalSince1970
        let takenText = options.civilTime.timestamp(snapshot.takenAt)
        return try write { db in
            let previous = try SnapshotInfo.fetchOne(
                db, sql: "SELECT \(SnapshotInfo.columns) FROM snapshot ORDER BY taken_at DESC, id DESC LIMIT 1"
            )
            // Snapshots are stored in time order: one taken at this time can exist only if the
            // newest is not older.
            if let previous, previous.takenAt >= snapshot.takenAt, let existing = try Int64.fetchOne(
                db, sql: "SELECT id FROM snapshot WHERE taken_at = ? AND content_hash = ?", arguments: [takenAt, hash]
            ) {
                return .duplicate(id: existing)
            }
            if let previous {
                if previous.takenAt == snapshot.takenAt {
                    throw StoreError(.badInput, "a different snapshot taken at \(takenText) is already stored (#\(previous.id)); give this one its own --taken-at")
                }
                if previous.takenAt > snapshot.takenAt {
                    throw StoreError(.badInput, "snapshot taken at \(takenText) is older than the newest stored one (\(previous.takenAtText)); snapshots are stored in time order")
                }
                if !options.acceptShrink {
                    if snapshot.users.count * 2 < previous.userCount {
                        throw StoreError(.badInput, "refusing a shrunken directory: \(snapshot.users.count) users against \(previous.userCount) in the previous snapshot (\(previous.takenAtText)); if this is real, run again with --accept-shrink")
                    }
                    if snapshot.groups.count * 2 < previous.groupCount {
                        throw StoreError(.badInput, "refusing a shrunken directory: \(snapshot.groups.count) groups against \(previous.groupCount) in the previous snapshot (\(previous.takenAtText)); if this is real, run again with --accept-shrink")
                    }
                }
            }
            let memberCount = snapshot.groups.reduce(0) { $0 + $1.members.count + $1.administrators.count }
            try db.execute(
                sql: """
                    INSERT INTO snapshot (taken_at, taken_at_text, period, content_hash, source, stored_at, department_level,
                        orgunit_count, user_count, group_count, member_count, transfer_count, roster_rows)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
                    """,
                arguments: [
                    takenAt, takenText, options.civilTime.period(snapshot.takenAt), hash, source,
                    Date().timeIntervalSince1970, options.departmentLevel, snapshot.orgUnits.count,
                    snapshot.users.count, snapshot.groups.count, memberCount, snapshot.roster?.entries.count,
                ]
            )
            let id = db.lastInsertedRowID
            try Self.insertRows(db, id: id, previousId: previous?.id, snapshot: snapshot)
            var transferCount = 0
            if let previous, !previous.pruned {
                transferCount = try Self.insertTransfers(
                    db, id: id, previousId: previous.id, snapshot: snapshot, options: options
                )
                try db.execute(sql: "UPDATE snapshot SET transfer_count = ? WHERE id = ?", arguments: [transferCount, id])
            }
            let pruned = try Self.prune(db, keep: options.keepSnapshots)
            return .stored(id: id, transfers: transferCount, pruned: pruned)
        }
    }

    private static func insertRows(_ db: Database, id: Int64, previousId: Int64?, snapshot: DirectorySnapshot) throws {
        // Rows go in primary-key order, so SQLite appends to its B-trees instead of splitting pages.
        try BatchInsert.into(
            db, table: "org_unit", columns: ["snapshot_id", "org_unit_id", "name", "parent_id", "display_order", "external_key"]
        ) { unit in
            for u in snapshot.orgUnits.sorted(by: { $0.id < $1.id }) {
                try unit.add(id, u.id, u.name, u.parentId, u.displayOrder, u.externalKey)
            }
        }
        if let roster = snapshot.roster {
            try BatchInsert.into(
                db, table: "hr_row",
                columns: ["snapshot_id", "employee_number", "status", "org_unit_code", "effective_date", "name", "match_value"]
            ) { row in
                for e in roster.entries.sorted(by: { $0.employeeNumber < $1.employeeNumber }) {
                    try row.add(id, e.employeeNumber, e.status.rawValue, e.orgUnitCode, e.effectiveDate, e.name, e.matchValue)
                }
            }
        }
        let users = snapshot.users.sorted(by: { $0.id < $1.id })
        try BatchInsert.into(
            db, table: "user",
            columns: [
                "snapshot_id", "user_id", "last_name", "first_name", "email", "is_deleted", "is_suspended", "is_pending",
                "primary_org_unit_id", "is_awaiting", "is_on_leave", "employee_number", "external_key",
            ]
        ) { user in
            for u in users {
                try user.add(
                    id, u.id, u.lastName, u.firstName, u.email, u.isDeleted, u.isSuspended, u.isPending, u.primaryOrgUnitId,
                    u.isAwaiting, u.isOnLeave, u.employeeNumber, u.externalKey
                )
            }
        }
        try BatchInsert.into(
            db, table: "user_org",
            columns: [
                "snapshot_id", "user_id", "seq", "org_unit_id", "position_name", "is_manager", "is_primary", "organization_index",
                "organization_primary", "use_team_feature",
            ]
        ) { entry in
            for u in users {
                for (seq, e) in u.entries.enumerated() {
                    try entry.add(
                        id, u.id, seq, e.orgUnitId, e.positionName, e.isManager, e.isPrimary, e.organizationIndex,
                        e.organizationPrimary, e.useTeamFeature
                    )
                }
            }
        }
        let groups = snapshot.groups.sorted(by: { $0.id < $1.id })
        try BatchInsert.into(db, table: "\"group\"", columns: ["snapshot_id", "group_id", "name", "visible", "use_message"]) { group in
            for g in groups {
                try group.add(id, g.id, g.name, g.visible, g.useMessage)
            }
        }
        try BatchInsert.into(db, table: "group_master", columns: ["snapshot_id", "group_id", "user_id"]) { master in
            for g in groups {
                for m in g.administrators { try master.add(id, g.id, m) }
            }
        }
        try BatchInsert.into(db, table: "group_member", columns: ["snapshot_id", "group_id", "member_type", "member_id"]) { member in
            for g in groups {
                for m in g.members { try member.add(id, g.id, m.type.rawValue, m.id) }
            }
        }
        // Each group's fingerprint, and since when it has been unchanged: the previous stored
        // snapshot's "since" when the fingerprint is the same there, else this snapshot.
        var before: [String: (hash: String, since: Int64)] = [:]
        if let previousId {
            let rows = try Row.fetchCursor(
                db, sql: "SELECT group_id, direct_hash, unchanged_since FROM group_state WHERE snapshot_id = ?", arguments: [previousId]
            )
            while let row = try rows.next() {
                before[row["group_id"]] = (row["direct_hash"], row["unchanged_since"] ?? previousId)
            }
        }
        try BatchInsert.into(db, table: "group_state", columns: ["snapshot_id", "group_id", "direct_hash", "unchanged_since"]) { state in
            for g in groups {
                let hash = directHash(of: g)
                let previous = before[g.id]
                let since = if let previous, previous.hash == hash { previous.since } else { id }
                try state.add(id, g.id, hash, since)
            }
        }
    }

    /// A fingerprint of a group's direct USER member ids and master ids (SPEC 3.0, staleness):
    /// the first 32 hex digits of the SHA-256 of each id's UTF-8 followed by a 0 byte, the
    /// members first, then a 1 byte, then the masters.
    public static func directHash(of group: Group) -> String {
        var bytes: [UInt8] = []
        for userId in group.directUserIds {
            bytes.append(contentsOf: userId.utf8)
            bytes.append(0)
        }
        bytes.append(1)
        for master in group.administrators {
            bytes.append(contentsOf: master.utf8)
            bytes.append(0)
        }
        var hash = Crypto.SHA256()
        hash.update(data: bytes)
        return hex(hash.finalize().prefix(16))
    }

    /// Lowercase hexadecimal, two digits a byte.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func insertTransfers(
        _ db: Database, id: Int64, previousId: Int64, snapshot: DirectorySnapshot, options: StoreOptions
    ) throws -> Int {
        let tree = OrgTree(snapshot.orgUnits)
        let current = Transfers.placements(of: snapshot.users, tree: tree, departmentLevel: options.departmentLevel)
        var dates: [String: Date] = [:]
        for row in snapshot.transferDates {
            if let date = options.civilTime.parseDay(row.effectiveDate) { dates[row.userId] = date }
        }
        let rosterDates = snapshot.roster.map { roster in
            RosterIndex(
                roster: roster, users: snapshot.users, tree: tree, departmentLevel: options.departmentLevel,
                matching: options.rosterMatching
            ).transferDates(civilTime: options.civilTime)
        } ?? [:]
        return try insertTransfers(
            db, id: id, previousId: previousId, takenAt: snapshot.takenAt, current: current, effectiveDates: dates,
            rosterDates: rosterDates, departmentLevel: options.departmentLevel
        ) { moved in
            // Candidates come from this snapshot in memory.
            var candidates: [(userId: String, groupId: String)] = []
            for group in snapshot.groups {
                var seen: Set<String> = []
                for userId in group.directUserIds where moved.contains(userId) && seen.insert(userId).inserted {
                    candidates.append((userId, group.id))
                }
                for userId in group.administrators where moved.contains(userId) && seen.insert(userId).inserted {
                    candidates.append((userId, group.id))
                }
            }
            return candidates
        }
    }

    /// Computes a stored snapshot's transfers again against `previousId`, replacing its
    /// `transfer` and `transfer_prior_group` rows and its `transfer_count`, in the caller's
    /// transaction: `forget` calls it for the snapshot after the one it removes, so that the
    /// rows are those storing it right after `previousId` would have given.
    ///
    /// `transfers.csv` is not stored; the effective dates kept are those of the transfers it or
    /// the HR roster had dated (`dated_by` 'csv' or 'hr'), each with its dating. A snapshot whose
    /// rows are pruned keeps what it has; with no previous snapshot, or a pruned one, it has no
    /// transfers (as when it was stored).
    static func recomputeTransfers(_ db: Database, id: Int64, previousId: Int64?) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT taken_at, department_level, pruned FROM snapshot WHERE id = ?", arguments: [id]),
              !(row["pruned"] as Bool)
        else { return }
        let takenAt = Date(timeIntervalSince1970: row["taken_at"])
        let departmentLevel: Int = row["department_level"]
        var dates: [String: Date] = [:]
        var rosterDates: [String: (departmentId: String, date: Date)] = [:]
        for dated in try Row.fetchAll(
            db, sql: "SELECT user_id, to_department_id, effective_at, dated_by FROM transfer WHERE snapshot_id = ? AND dated_by IN ('csv', 'hr')",
            arguments: [id]
        ) {
            let date = Date(timeIntervalSince1970: dated["effective_at"])
            if (dated["dated_by"] as String) == TransferDating.roster.rawValue {
                rosterDates[dated["user_id"]] = (dated["to_department_id"], date)
            } else {
                dates[dated["user_id"]] = date
            }
        }
        try db.execute(sql: "DELETE FROM transfer_prior_group WHERE snapshot_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM transfer WHERE snapshot_id = ?", arguments: [id])
        var count = 0
        if let previousId, try Bool.fetchOne(db, sql: "SELECT pruned FROM snapshot WHERE id = ?", arguments: [previousId]) == false {
            let current = try storedPlacements(db, snapshotId: id, departmentLevel: departmentLevel)
            count = try insertTransfers(
                db, id: id, previousId: previousId, takenAt: takenAt, current: current, effectiveDates: dates,
                rosterDates: rosterDates, departmentLevel: departmentLevel
            ) { moved in
                // Candidates come from the stored snapshot: direct USER members, then masters.
                var candidates: [(userId: String, groupId: String)] = []
                var seen: Set<[String]> = []
                for sql in [
                    "SELECT group_id, member_id AS user_id FROM group_member WHERE snapshot_id = ? AND member_type = 'USER' ORDER BY group_id, member_id",
                    "SELECT group_id, user_id FROM group_master WHERE snapshot_id = ? ORDER BY group_id, user_id",
                ] {
                    for pair in try Row.fetchAll(db, sql: sql, arguments: [id]) {
                        let groupId: String = pair["group_id"], userId: String = pair["user_id"]
                        guard moved.contains(userId), seen.insert([groupId, userId]).inserted else { continue }
                        candidates.append((userId, groupId))
                    }
                }
                return candidates
            }
        }
        try db.execute(sql: "UPDATE snapshot SET transfer_count = ? WHERE id = ?", arguments: [count, id])
    }

    /// Every user's primary org unit and department in a stored snapshot (for transfers).
    private static func storedPlacements(_ db: Database, snapshotId id: Int64, departmentLevel: Int) throws -> [String: Placement] {
        let pairs = try Row.fetchAll(
            db, sql: "SELECT user_id, primary_org_unit_id FROM user WHERE snapshot_id = ? AND primary_org_unit_id IS NOT NULL",
            arguments: [id]
        ).map { (row: Row) -> (String, String) in (row["user_id"], row["primary_org_unit_id"]) }
        return Transfers.placements(of: pairs, tree: OrgTree(try orgUnits(db, snapshotId: id)), departmentLevel: departmentLevel)
    }

    /// The transfers of snapshot `id` against `previousId` and the groups each moved user was in
    /// before: `candidates` gives, for the moved user ids, the (user, group) pairs of direct
    /// membership or mastery in snapshot `id`.
    private static func insertTransfers(
        _ db: Database, id: Int64, previousId: Int64, takenAt: Date, current: [String: Placement],
        effectiveDates: [String: Date], rosterDates: [String: (departmentId: String, date: Date)], departmentLevel: Int,
        candidates: (Set<String>) throws -> [(userId: String, groupId: String)]
    ) throws -> Int {
        let previousPlacements = try storedPlacements(db, snapshotId: previousId, departmentLevel: departmentLevel)
        let transfers = Transfers.detect(
            previous: previousPlacements, current: current, takenAt: takenAt, effectiveDates: effectiveDates, rosterDates: rosterDates
        )
        guard !transfers.isEmpty else { return 0 }
        try BatchInsert.into(
            db, table: "transfer",
            columns: [
                "snapshot_id", "user_id", "from_org_unit_id", "to_org_unit_id", "from_department_id", "to_department_id",
                "from_department_name", "to_department_name", "effective_at", "dated_by",
            ]
        ) { insert in
            for t in transfers {
                try insert.add(
                    id, t.userId, t.from.orgUnitId, t.to.orgUnitId, t.from.departmentId, t.to.departmentId, t.from.departmentName,
                    t.to.departmentName, t.effectiveAt.timeIntervalSince1970, t.datedBy.rawValue
                )
            }
        }
        // The groups each transferred user directly belonged to (a member or a master) in the
        // previous snapshot *and still does in this one*. Staleness (SPEC 3.3) needs the user in
        // the group at the analysed snapshot and the group unchanged since this one, so a group
        // the user had already left here can never fire and is not stored. Each candidate from
        // this snapshot is checked in the previous one by key.
        let candidates = try candidates(Set(transfers.map(\.userId)))
        let wasMember = try db.cachedStatement(
            sql: "SELECT 1 FROM group_member WHERE snapshot_id = ? AND group_id = ? AND member_type = 'USER' AND member_id = ?"
        )
        let wasMaster = try db.cachedStatement(sql: "SELECT 1 FROM group_master WHERE snapshot_id = ? AND group_id = ? AND user_id = ?")
        try BatchInsert.into(db, table: "transfer_prior_group", columns: ["snapshot_id", "user_id", "group_id"]) { insert in
            for candidate in candidates {
                let arguments: StatementArguments = [previousId, candidate.groupId, candidate.userId]
                let before = try Int.fetchOne(wasMember, arguments: arguments) != nil
                    || Int.fetchOne(wasMaster, arguments: arguments) != nil
                guard before else { continue }
                try insert.add(id, candidate.userId, candidate.groupId)
            }
        }
        return transfers.count
    }

    /// Deletes the directory rows of full snapshots beyond the newest `keep`; keeps their
    /// metadata, group states and transfers (history). Returns how many were pruned.
    private static func prune(_ db: Database, keep: Int) throws -> Int {
        let ids = try Int64.fetchAll(
            db, sql: "SELECT id FROM snapshot WHERE pruned = 0 ORDER BY taken_at DESC, id DESC LIMIT -1 OFFSET ?",
            arguments: [max(keep, 1)]
        )
        for id in ids {
            for table in ["org_unit", "user", "user_org", "\"group\"", "group_master", "group_member", "hr_row"] {
                try db.execute(sql: "DELETE FROM \(table) WHERE snapshot_id = ?", arguments: [id])
            }
            try db.execute(sql: "UPDATE snapshot SET pruned = 1 WHERE id = ?", arguments: [id])
        }
        return ids.count
    }

    /// Reads a stored snapshot back into the model.
    ///
    /// - Throws: `StoreError` (.badInput) when the snapshot is unknown or pruned.
    public func loadSnapshot(id: Int64) throws(StoreError) -> DirectorySnapshot {
        guard let info = try snapshot(id: id) else {
            throw StoreError(.badInput, "no stored snapshot #\(id); `lwgov status` lists them")
        }
        if info.pruned {
            throw StoreError(.badInput, "snapshot #\(id) (\(info.takenAtText)) has been pruned (store.keep_snapshots); its directory is no longer stored")
        }
        let (units, users, groups, roster) = try read { db in
            (
                try Self.orgUnits(db, snapshotId: id), try Self.users(db, snapshotId: id, count: info.userCount),
                try Self.groups(db, snapshotId: id, count: info.groupCount),
                info.hasRoster ? try Self.roster(db, snapshotId: id) : nil
            )
        }
        return DirectorySnapshot(takenAt: info.takenAt, orgUnits: units, users: users, groups: groups, roster: roster)
    }

    /// A snapshot's HR roster, in employee-number order.
    private static func roster(_ db: Database, snapshotId id: Int64) throws -> Roster {
        let rows = try Row.fetchAll(
            db, sql: """
                SELECT employee_number, status, org_unit_code, effective_date, name, match_value
                FROM hr_row WHERE snapshot_id = ? ORDER BY employee_number
                """,
            arguments: [id]
        )
        return Roster(entries: try rows.map { row in
            guard let status = HRStatus(rawValue: row["status"]) else {
                throw StoreError(.internal, "snapshot #\(id): a roster row has the unknown status '\(String(describing: row["status"] as String?))'")
            }
            return RosterEntry(
                employeeNumber: row["employee_number"], status: status, orgUnitCode: row["org_unit_code"],
                effectiveDate: row["effective_date"], name: row["name"], matchValue: row["match_value"]
            )
        })
    }

    private static func orgUnits(_ db: Database, snapshotId id: Int64) throws -> [OrgUnit] {
        try Row.fetchAll(
            db, sql: "SELECT org_unit_id, name, parent_id, display_order, external_key FROM org_unit WHERE snapshot_id = ? ORDER BY org_unit_id",
            arguments: [id]
        ).map { row in
            OrgUnit(
                id: row["org_unit_id"], name: row["name"], parentId: row["parent_id"], displayOrder: row["display_order"],
                externalKey: row["external_key"]
            )
        }
    }

    /// Users in id order with their posts in `seq` order: one joined scan, a user's rows together.
    private static func users(_ db: Database, snapshotId id: Int64, count: Int) throws -> [User] {
        var users: [User] = []
        users.reserveCapacity(count)
        let rows = try Row.fetchCursor(
            db, sql: """
                SELECT u.user_id, u.last_name, u.first_name, u.email, u.is_deleted, u.is_suspended, u.is_pending,
                       u.is_awaiting, u.is_on_leave, u.employee_number, u.external_key, o.org_unit_id, o.position_name, o.is_manager, o.is_primary,
                       o.organization_index, o.organization_primary, o.use_team_feature
                FROM user u LEFT JOIN user_org o ON o.snapshot_id = u.snapshot_id AND o.user_id = u.user_id
                WHERE u.snapshot_id = ? ORDER BY u.user_id, o.seq
                """,
            arguments: [id]
        )
        while let row = try rows.next() {
            let userId: String = row["user_id"]
            if users.last?.id != userId {
                users.append(
                    User(
                        id: userId, lastName: row["last_name"], firstName: row["first_name"], email: row["email"],
                        employeeNumber: row["employee_number"], externalKey: row["external_key"], isDeleted: row["is_deleted"], isSuspended: row["is_suspended"], isPending: row["is_pending"],
                        // NULL in snapshots stored before these flags were kept (migration v6): absent.
                        isAwaiting: row["is_awaiting"] ?? false, isOnLeave: row["is_on_leave"] ?? false
                    )
                )
            }
            guard let unit: String = row["org_unit_id"] else { continue }
            users[users.count - 1].entries.append(
                OrgEntry(
                    orgUnitId: unit, positionName: row["position_name"], isManager: row["is_manager"], isPrimary: row["is_primary"],
                    organizationIndex: row["organization_index"], organizationPrimary: row["organization_primary"],
                    useTeamFeature: row["use_team_feature"] ?? true
                )
            )
        }
        return users
    }

    /// Groups in id order with their members in key order: one joined scan, a group's rows
    /// together; masters from a second, small query.
    private static func groups(_ db: Database, snapshotId id: Int64, count: Int) throws -> [Group] {
        var masters: [String: [String]] = [:]
        let masterRows = try Row.fetchCursor(db, sql: "SELECT group_id, user_id FROM group_master WHERE snapshot_id = ?", arguments: [id])
        while let row = try masterRows.next() { masters[row["group_id"], default: []].append(row["user_id"]) }

        var groups: [Group] = []
        groups.reserveCapacity(count)
        var current: (id: String, name: String, visible: Bool, useMessage: Bool?)?
        var members: [GroupMember] = []
        func finish() {
            guard let group = current else { return }
            groups.append(
                Group(
                    id: group.id, name: group.name, visible: group.visible, useMessage: group.useMessage,
                    administrators: masters[group.id] ?? [], members: members
                )
            )
            members.removeAll(keepingCapacity: true)
        }
        let rows = try Row.fetchCursor(
            db, sql: """
                SELECT g.group_id, g.name, g.visible, g.use_message, m.member_type, m.member_id
                FROM "group" g LEFT JOIN group_member m ON m.snapshot_id = g.snapshot_id AND m.group_id = g.group_id
                WHERE g.snapshot_id = ? ORDER BY g.group_id, m.member_type, m.member_id
                """,
            arguments: [id]
        )
        while let row = try rows.next() {
            let groupId: String = row["group_id"]
            if current?.id != groupId {
                finish()
                current = (groupId, row["name"], row["visible"], row["use_message"])
            }
            guard let type: String = row["member_type"] else { continue }
            members.append(GroupMember(id: row["member_id"], type: MemberType(rawValue: type) ?? .user))
        }
        finish()
        return groups
    }
}
