import Foundation
import GRDB
import LWGovModel

/// A stored snapshot's metadata.
public struct SnapshotInfo: Sendable, Hashable {
    public var id: Int64
    public var takenAt: Date
    public var takenAtText: String
    public var period: String
    public var contentHash: String
    public var source: String
    public var orgUnitCount: Int
    public var userCount: Int
    public var groupCount: Int
    public var memberCount: Int
    public var transferCount: Int
    public var pruned: Bool

    static let columns = """
        id, taken_at, taken_at_text, period, content_hash, source, orgunit_count, user_count, group_count,
        member_count, transfer_count, pruned
        """

    init(row: Row) {
        id = row[0]
        takenAt = Date(timeIntervalSince1970: row[1])
        takenAtText = row[2]
        period = row[3]
        contentHash = row[4]
        source = row[5]
        orgUnitCount = row[6]
        userCount = row[7]
        groupCount = row[8]
        memberCount = row[9]
        transferCount = row[10]
        pruned = row[11]
    }
}

/// How to store a snapshot.
public struct StoreOptions: Sendable {
    public var departmentLevel: Int
    public var civilTime: CivilTime
    public var acceptShrink: Bool
    public var keepSnapshots: Int

    public init(departmentLevel: Int, civilTime: CivilTime, acceptShrink: Bool = false, keepSnapshots: Int = 24) {
        self.departmentLevel = departmentLevel
        self.civilTime = civilTime
        self.acceptShrink = acceptShrink
        self.keepSnapshots = keepSnapshots
    }
}

/// What storing a snapshot did.
public enum StoreOutcome: Sendable, Equatable {
    /// Stored as a new snapshot, with the transfers observed against the previous one.
    case stored(id: Int64, transfers: Int, pruned: Int)
    /// Identical to a stored snapshot (same taken_at and content); nothing was written.
    case duplicate(id: Int64)
}

extension Store {
    /// All stored snapshots, oldest first.
    public func snapshots() throws(StoreError) -> [SnapshotInfo] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT \(SnapshotInfo.columns) FROM snapshot ORDER BY taken_at, id").map(SnapshotInfo.init)
        }
    }

    /// One snapshot's metadata, or nil.
    public func snapshot(id: Int64) throws(StoreError) -> SnapshotInfo? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT \(SnapshotInfo.columns) FROM snapshot WHERE id = ?", arguments: [id])
                .map(SnapshotInfo.init)
        }
    }

    /// Stores a snapshot atomically: all rows and its transfers in one transaction, or nothing.
    ///
    /// Refuses (badInput) a snapshot older than the newest stored one, one with the same taken_at
    /// but other content, and (unless `acceptShrink`) one with fewer than half the users or groups
    /// of the previous snapshot (SPEC 2.1). Afterwards prunes full snapshots beyond `keepSnapshots`.
    /// - Throws: `StoreError`.
    public func store(_ snapshot: DirectorySnapshot, source: String, options: StoreOptions) throws(StoreError) -> StoreOutcome {
        // The content hash (about 0.3 s at L) is computed on the other core while the rows are
        // written. The transaction waits for it where it decides something: when a snapshot taken
        // at the same time may be stored already (a re-run of an export), and before the new row
        // is committed with it.
        let hash = InBackground { snapshot.contentHash }
        let takenAt = snapshot.takenAt.timeIntervalSince1970
        let takenText = options.civilTime.timestamp(snapshot.takenAt)
        return try write { db in
            let previous = try Row.fetchOne(
                db, sql: "SELECT \(SnapshotInfo.columns) FROM snapshot ORDER BY taken_at DESC, id DESC LIMIT 1"
            ).map(SnapshotInfo.init)
            // Snapshots are stored in time order: one taken at this time can exist only if the
            // newest is not older.
            if let previous, previous.takenAt >= snapshot.takenAt, let existing = try Int64.fetchOne(
                db, sql: "SELECT id FROM snapshot WHERE taken_at = ? AND content_hash = ?", arguments: [takenAt, hash.value]
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
                        orgunit_count, user_count, group_count, member_count, transfer_count)
                    VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, 0)
                    """,
                arguments: [
                    takenAt, takenText, options.civilTime.period(snapshot.takenAt), source,
                    Date().timeIntervalSince1970, options.departmentLevel, snapshot.orgUnits.count,
                    snapshot.users.count, snapshot.groups.count, memberCount,
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
            try db.execute(sql: "UPDATE snapshot SET content_hash = ? WHERE id = ?", arguments: [hash.value, id])
            let pruned = try Self.prune(db, keep: options.keepSnapshots)
            return .stored(id: id, transfers: transferCount, pruned: pruned)
        }
    }

    private static func insertRows(_ db: Database, id: Int64, previousId: Int64?, snapshot: DirectorySnapshot) throws {
        // Rows go in primary-key order, so SQLite appends to its B-trees instead of splitting pages.
        try BatchInsert.into(db, table: "org_unit", columns: 5) { unit in
            for u in snapshot.orgUnits.sorted(by: { $0.id < $1.id }) {
                unit.add(id); unit.add(u.id); unit.add(u.name); unit.add(u.parentId); unit.add(u.displayOrder)
                try unit.endRow()
            }
        }
        let users = snapshot.users.sorted(by: { $0.id < $1.id })
        try BatchInsert.into(db, table: "user", columns: 11) { user in
            for u in users {
                user.add(id); user.add(u.id); user.add(u.lastName); user.add(u.firstName); user.add(u.email)
                user.add(u.isDeleted); user.add(u.isSuspended); user.add(u.isPending); user.add(u.primaryOrgUnitId)
                user.add(u.isAwaiting); user.add(u.isOnLeave)
                try user.endRow()
            }
        }
        try BatchInsert.into(db, table: "user_org", columns: 10) { entry in
            for u in users {
                for (seq, e) in u.entries.enumerated() {
                    entry.add(id); entry.add(u.id); entry.add(seq); entry.add(e.orgUnitId); entry.add(e.positionName)
                    entry.add(e.isManager); entry.add(e.isPrimary); entry.add(e.organizationIndex); entry.add(e.organizationPrimary)
                    entry.add(e.useTeamFeature)
                    try entry.endRow()
                }
            }
        }
        let groups = snapshot.groups.sorted(by: { $0.id < $1.id })
        try BatchInsert.into(db, table: "\"group\"", columns: 5) { group in
            for g in groups {
                group.add(id); group.add(g.id); group.add(g.name); group.add(g.visible); group.add(g.useMessage)
                try group.endRow()
            }
        }
        try BatchInsert.into(db, table: "group_master", columns: 3) { master in
            for g in groups {
                for m in g.administrators {
                    master.add(id); master.add(g.id); master.add(m)
                    try master.endRow()
                }
            }
        }
        try BatchInsert.into(db, table: "group_member", columns: 4) { member in
            for g in groups {
                for m in g.members {
                    member.add(id); member.add(g.id); member.add(m.type.rawValue); member.add(m.id)
                    try member.endRow()
                }
            }
        }
        // Each group's fingerprint, and since when it has been unchanged: the previous stored
        // snapshot's "since" when the fingerprint is the same there, else this snapshot.
        var before: [String: (hash: String, since: Int64)] = [:]
        if let previousId {
            var query = try DirectStatement(db, sql: "SELECT group_id, direct_hash, unchanged_since FROM group_state WHERE snapshot_id = ?")
            query.bind(previousId)
            try query.forEachRow { row in before[row.text(0)] = (row.text(1), row.optionalInt64(2) ?? previousId) }
        }
        try BatchInsert.into(db, table: "group_state", columns: 4) { state in
            for g in groups {
                let hash = directHash(of: g)
                let previous = before[g.id]
                let since = if let previous, previous.hash == hash { previous.since } else { id }
                state.add(id); state.add(g.id); state.add(hash); state.add(since)
                try state.endRow()
            }
        }
    }

    /// A fingerprint of a group's direct USER member ids and master ids (SPEC 3.0, staleness).
    public static func directHash(of group: Group) -> String {
        var hash = SHA256()
        for userId in group.directUserIds { hash.update(userId); hash.update([0]) }
        hash.update([1])
        for master in group.administrators { hash.update(master); hash.update([0]) }
        return String(hash.finalizeHex().prefix(32))
    }

    private static func insertTransfers(
        _ db: Database, id: Int64, previousId: Int64, snapshot: DirectorySnapshot, options: StoreOptions
    ) throws -> Int {
        let current = Transfers.placements(
            of: snapshot.users, tree: OrgTree(snapshot.orgUnits), departmentLevel: options.departmentLevel
        )
        var dates: [String: Date] = [:]
        for row in snapshot.transferDates {
            if let date = options.civilTime.parseDay(row.effectiveDate) { dates[row.userId] = date }
        }
        return try insertTransfers(
            db, id: id, previousId: previousId, takenAt: snapshot.takenAt, current: current, effectiveDates: dates,
            departmentLevel: options.departmentLevel
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
    /// `transfers.csv` is not stored; the effective dates kept are those of the transfers it
    /// had dated (`dated_by = 'csv'`). A snapshot whose rows are pruned keeps what it has; with
    /// no previous snapshot, or a pruned one, it has no transfers (as when it was stored).
    static func recomputeTransfers(_ db: Database, id: Int64, previousId: Int64?) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT taken_at, department_level, pruned FROM snapshot WHERE id = ?", arguments: [id]),
              !(row["pruned"] as Bool)
        else { return }
        let takenAt = Date(timeIntervalSince1970: row["taken_at"])
        let departmentLevel: Int = row["department_level"]
        var dates: [String: Date] = [:]
        for dated in try Row.fetchAll(
            db, sql: "SELECT user_id, effective_at FROM transfer WHERE snapshot_id = ? AND dated_by = 'csv'", arguments: [id]
        ) {
            dates[dated["user_id"]] = Date(timeIntervalSince1970: dated["effective_at"])
        }
        try db.execute(sql: "DELETE FROM transfer_prior_group WHERE snapshot_id = ?", arguments: [id])
        try db.execute(sql: "DELETE FROM transfer WHERE snapshot_id = ?", arguments: [id])
        var count = 0
        if let previousId, try Bool.fetchOne(db, sql: "SELECT pruned FROM snapshot WHERE id = ?", arguments: [previousId]) == false {
            let current = try storedPlacements(db, snapshotId: id, departmentLevel: departmentLevel)
            count = try insertTransfers(
                db, id: id, previousId: previousId, takenAt: takenAt, current: current, effectiveDates: dates,
                departmentLevel: departmentLevel
            ) { moved in
                // Candidates come from the stored snapshot: direct USER members, then masters.
                var candidates: [(userId: String, groupId: String)] = []
                var seen: Set<[String]> = []
                for sql in [
                    "SELECT group_id, member_id FROM group_member WHERE snapshot_id = ? AND member_type = 'USER' ORDER BY group_id, member_id",
                    "SELECT group_id, user_id FROM group_master WHERE snapshot_id = ? ORDER BY group_id, user_id",
                ] {
                    for pair in try Row.fetchAll(db, sql: sql, arguments: [id]) {
                        let groupId: String = pair[0], userId: String = pair[1]
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
        ).map { (row: Row) -> (String, String) in (row[0], row[1]) }
        return Transfers.placements(of: pairs, tree: OrgTree(try orgUnits(db, snapshotId: id)), departmentLevel: departmentLevel)
    }

    /// The transfers of snapshot `id` against `previousId` and the groups each moved user was in
    /// before: `candidates` gives, for the moved user ids, the (user, group) pairs of direct
    /// membership or mastery in snapshot `id`.
    private static func insertTransfers(
        _ db: Database, id: Int64, previousId: Int64, takenAt: Date, current: [String: Placement],
        effectiveDates: [String: Date], departmentLevel: Int,
        candidates: (Set<String>) throws -> [(userId: String, groupId: String)]
    ) throws -> Int {
        let previousPlacements = try storedPlacements(db, snapshotId: previousId, departmentLevel: departmentLevel)
        let transfers = Transfers.detect(
            previous: previousPlacements, current: current, takenAt: takenAt, effectiveDates: effectiveDates
        )
        guard !transfers.isEmpty else { return 0 }
        try BatchInsert.into(db, table: "transfer", columns: 10) { insert in
            for t in transfers {
                insert.add(id); insert.add(t.userId); insert.add(t.from.orgUnitId); insert.add(t.to.orgUnitId)
                insert.add(t.from.departmentId); insert.add(t.to.departmentId); insert.add(t.from.departmentName)
                insert.add(t.to.departmentName); insert.add(t.effectiveAt.timeIntervalSince1970); insert.add(t.datedBy.rawValue)
                try insert.endRow()
            }
        }
        // The groups each transferred user directly belonged to (a member or a master) in the
        // previous snapshot *and still does in this one*. Staleness (SPEC 3.3) needs the user in
        // the group at the analysed snapshot and the group unchanged since this one, so a group
        // the user had already left here can never fire and is not stored. Each candidate from
        // this snapshot is checked in the previous one by key.
        let candidates = try candidates(Set(transfers.map(\.userId)))
        var wasMember = try DirectStatement(
            db, sql: "SELECT 1 FROM group_member WHERE snapshot_id = ? AND group_id = ? AND member_type = 'USER' AND member_id = ?"
        )
        var wasMaster = try DirectStatement(db, sql: "SELECT 1 FROM group_master WHERE snapshot_id = ? AND group_id = ? AND user_id = ?")
        try BatchInsert.into(db, table: "transfer_prior_group", columns: 3) { insert in
            for candidate in candidates {
                wasMember.bind(previousId); wasMember.bind(candidate.groupId); wasMember.bind(candidate.userId)
                var before = try wasMember.fetchInt64() != nil
                if !before {
                    wasMaster.bind(previousId); wasMaster.bind(candidate.groupId); wasMaster.bind(candidate.userId)
                    before = try wasMaster.fetchInt64() != nil
                }
                guard before else { continue }
                insert.add(id); insert.add(candidate.userId); insert.add(candidate.groupId)
                try insert.endRow()
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
            for table in ["org_unit", "user", "user_org", "\"group\"", "group_master", "group_member"] {
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
        // Two readers at once, users on one and groups on the other. A stored snapshot's rows
        // change only by pruning, which happens when a newer snapshot is stored under the
        // run lock that every command reading a snapshot holds too.
        let ((units, users), groups) = try concurrently(
            { () throws(StoreError) in
                try read { db in (try Self.orgUnits(db, snapshotId: id), try Self.users(db, snapshotId: id, count: info.userCount)) }
            },
            { () throws(StoreError) in try read { db in try Self.groups(db, snapshotId: id, count: info.groupCount) } }
        )
        return DirectorySnapshot(takenAt: info.takenAt, orgUnits: units, users: users, groups: groups)
    }

    private static func orgUnits(_ db: Database, snapshotId id: Int64) throws -> [OrgUnit] {
        var units: [OrgUnit] = []
        var query = try DirectStatement(
            db, sql: "SELECT org_unit_id, name, parent_id, display_order FROM org_unit WHERE snapshot_id = ? ORDER BY org_unit_id"
        )
        query.bind(id)
        try query.forEachRow { row in
            units.append(OrgUnit(id: row.text(0), name: row.text(1), parentId: row.optionalText(2), displayOrder: row.int(3)))
        }
        return units
    }

    /// Users in id order with their posts in `seq` order: one joined scan, a user's rows together.
    private static func users(_ db: Database, snapshotId id: Int64, count: Int) throws -> [User] {
        var users: [User] = []
        users.reserveCapacity(count)
        var query = try DirectStatement(
            db, sql: """
                SELECT u.user_id, u.last_name, u.first_name, u.email, u.is_deleted, u.is_suspended, u.is_pending,
                       o.org_unit_id, o.position_name, o.is_manager, o.is_primary, o.organization_index, o.organization_primary,
                       u.is_awaiting, u.is_on_leave, o.use_team_feature
                FROM user u LEFT JOIN user_org o ON o.snapshot_id = u.snapshot_id AND o.user_id = u.user_id
                WHERE u.snapshot_id = ? ORDER BY u.user_id, o.seq
                """
        )
        query.bind(id)
        try query.forEachRow { row in
            let userId = row.text(0)
            if users.last?.id != userId {
                users.append(
                    User(
                        id: userId, lastName: row.text(1), firstName: row.text(2), email: row.optionalText(3),
                        isDeleted: row.bool(4), isSuspended: row.bool(5), isPending: row.bool(6),
                        // NULL in snapshots stored before these flags were kept (migration v6): absent.
                        isAwaiting: row.optionalBool(13) ?? false, isOnLeave: row.optionalBool(14) ?? false
                    )
                )
            }
            guard let unit = row.optionalText(7) else { return }
            users[users.count - 1].entries.append(
                OrgEntry(
                    orgUnitId: unit, positionName: row.optionalText(8), isManager: row.bool(9), isPrimary: row.bool(10),
                    organizationIndex: row.int(11), organizationPrimary: row.bool(12),
                    useTeamFeature: row.optionalBool(15) ?? true
                )
            )
        }
        return users
    }

    /// Groups in id order with their members in key order: one joined scan, a group's rows
    /// together; masters from a second, small query.
    private static func groups(_ db: Database, snapshotId id: Int64, count: Int) throws -> [Group] {
        var masters: [String: [String]] = [:]
        var masterQuery = try DirectStatement(db, sql: "SELECT group_id, user_id FROM group_master WHERE snapshot_id = ?")
        masterQuery.bind(id)
        try masterQuery.forEachRow { row in masters[row.text(0), default: []].append(row.text(1)) }

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
        var query = try DirectStatement(
            db, sql: """
                SELECT g.group_id, g.name, g.visible, g.use_message, m.member_type, m.member_id
                FROM "group" g LEFT JOIN group_member m ON m.snapshot_id = g.snapshot_id AND m.group_id = g.group_id
                WHERE g.snapshot_id = ? ORDER BY g.group_id, m.member_type, m.member_id
                """
        )
        query.bind(id)
        try query.forEachRow { row in
            let groupId = row.text(0)
            if current?.id != groupId {
                finish()
                current = (groupId, row.text(1), row.bool(2), row.optionalBool(3))
            }
            guard let type = row.optionalText(4) else { return }
            members.append(GroupMember(id: row.text(5), type: MemberType(rawValue: type) ?? .user))
        }
        finish()
        return groups
    }
}
