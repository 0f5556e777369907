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
        let hash = snapshot.contentHash
        let takenAt = snapshot.takenAt.timeIntervalSince1970
        let takenText = options.civilTime.timestamp(snapshot.takenAt)
        return try write { db in
            if let existing = try Int64.fetchOne(
                db, sql: "SELECT id FROM snapshot WHERE taken_at = ? AND content_hash = ?", arguments: [takenAt, hash]
            ) {
                return .duplicate(id: existing)
            }
            let previous = try Row.fetchOne(
                db, sql: "SELECT \(SnapshotInfo.columns) FROM snapshot ORDER BY taken_at DESC, id DESC LIMIT 1"
            ).map(SnapshotInfo.init)
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
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)
                    """,
                arguments: [
                    takenAt, takenText, options.civilTime.period(snapshot.takenAt), hash, source,
                    Date().timeIntervalSince1970, options.departmentLevel, snapshot.orgUnits.count,
                    snapshot.users.count, snapshot.groups.count, memberCount,
                ]
            )
            let id = db.lastInsertedRowID
            try Self.insertRows(db, id: id, snapshot: snapshot)
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

    private static func insertRows(_ db: Database, id: Int64, snapshot: DirectorySnapshot) throws {
        // Rows go in primary-key order, so SQLite appends to its B-trees instead of splitting pages.
        try BatchInsert.into(db, table: "org_unit", columns: 5) { unit in
            for u in snapshot.orgUnits.sorted(by: { $0.id < $1.id }) {
                unit.add(id); unit.add(u.id); unit.add(u.name); unit.add(u.parentId); unit.add(u.displayOrder)
                try unit.endRow()
            }
        }
        let users = snapshot.users.sorted(by: { $0.id < $1.id })
        try BatchInsert.into(db, table: "user", columns: 9) { user in
            for u in users {
                user.add(id); user.add(u.id); user.add(u.lastName); user.add(u.firstName); user.add(u.email)
                user.add(u.isDeleted); user.add(u.isSuspended); user.add(u.isPending); user.add(u.primaryOrgUnitId)
                try user.endRow()
            }
        }
        try BatchInsert.into(db, table: "user_org", columns: 9) { entry in
            for u in users {
                for (seq, e) in u.entries.enumerated() {
                    entry.add(id); entry.add(u.id); entry.add(seq); entry.add(e.orgUnitId); entry.add(e.positionName)
                    entry.add(e.isManager); entry.add(e.isPrimary); entry.add(e.organizationIndex); entry.add(e.organizationPrimary)
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
        try BatchInsert.into(db, table: "group_state", columns: 3) { state in
            for g in groups {
                state.add(id); state.add(g.id); state.add(directHash(of: g))
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
        let previousUnits = try Row.fetchAll(
            db, sql: "SELECT org_unit_id, name, parent_id, display_order FROM org_unit WHERE snapshot_id = ?",
            arguments: [previousId]
        ).map { OrgUnit(id: $0[0], name: $0[1], parentId: $0[2], displayOrder: $0[3]) }
        let pairs = try Row.fetchAll(
            db, sql: "SELECT user_id, primary_org_unit_id FROM user WHERE snapshot_id = ? AND primary_org_unit_id IS NOT NULL",
            arguments: [previousId]
        ).map { (row: Row) -> (String, String) in (row[0], row[1]) }
        let previousPlacements = Transfers.placements(
            of: pairs, tree: OrgTree(previousUnits), departmentLevel: options.departmentLevel
        )
        let current = Transfers.placements(
            of: snapshot.users, tree: OrgTree(snapshot.orgUnits), departmentLevel: options.departmentLevel
        )
        var dates: [String: Date] = [:]
        for row in snapshot.transferDates {
            if let date = options.civilTime.parseDay(row.effectiveDate) { dates[row.userId] = date }
        }
        let transfers = Transfers.detect(
            previous: previousPlacements, current: current, takenAt: snapshot.takenAt, effectiveDates: dates
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
        // Which groups each transferred user directly belonged to in the previous snapshot.
        let moved = Set(transfers.map(\.userId))
        var prior: Set<[String]> = []
        let members = try Row.fetchCursor(
            db, sql: "SELECT member_id, group_id FROM group_member WHERE snapshot_id = ? AND member_type = 'USER'",
            arguments: [previousId]
        )
        while let row = try members.next() {
            let userId: String = row[0]
            if moved.contains(userId) { prior.insert([userId, row[1]]) }
        }
        let masters = try Row.fetchCursor(
            db, sql: "SELECT user_id, group_id FROM group_master WHERE snapshot_id = ?", arguments: [previousId]
        )
        while let row = try masters.next() {
            let userId: String = row[0]
            if moved.contains(userId) { prior.insert([userId, row[1]]) }
        }
        try BatchInsert.into(db, table: "transfer_prior_group", columns: 3) { insert in
            for pair in prior {
                insert.add(id); insert.add(pair[0]); insert.add(pair[1])
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
        return try read { db in
            let units = try Row.fetchAll(
                db, sql: "SELECT org_unit_id, name, parent_id, display_order FROM org_unit WHERE snapshot_id = ? ORDER BY org_unit_id",
                arguments: [id]
            ).map { OrgUnit(id: $0[0], name: $0[1], parentId: $0[2], displayOrder: $0[3]) }

            var entries: [String: [OrgEntry]] = [:]
            let entryRows = try Row.fetchCursor(
                db, sql: """
                    SELECT user_id, org_unit_id, position_name, is_manager, is_primary, organization_index, organization_primary
                    FROM user_org WHERE snapshot_id = ? ORDER BY user_id, seq
                    """,
                arguments: [id]
            )
            while let row = try entryRows.next() {
                entries[row[0], default: []].append(
                    OrgEntry(
                        orgUnitId: row[1], positionName: row[2], isManager: row[3], isPrimary: row[4],
                        organizationIndex: row[5], organizationPrimary: row[6]
                    )
                )
            }
            var users: [User] = []
            users.reserveCapacity(info.userCount)
            let userRows = try Row.fetchCursor(
                db, sql: """
                    SELECT user_id, last_name, first_name, email, is_deleted, is_suspended, is_pending
                    FROM user WHERE snapshot_id = ? ORDER BY user_id
                    """,
                arguments: [id]
            )
            while let row = try userRows.next() {
                let userId: String = row[0]
                users.append(
                    User(
                        id: userId, lastName: row[1], firstName: row[2], email: row[3], isDeleted: row[4],
                        isSuspended: row[5], isPending: row[6], entries: entries[userId] ?? []
                    )
                )
            }

            var masters: [String: [String]] = [:]
            let masterRows = try Row.fetchCursor(
                db, sql: "SELECT group_id, user_id FROM group_master WHERE snapshot_id = ?", arguments: [id]
            )
            while let row = try masterRows.next() { masters[row[0], default: []].append(row[1]) }
            var members: [String: [GroupMember]] = [:]
            let memberRows = try Row.fetchCursor(
                db, sql: "SELECT group_id, member_type, member_id FROM group_member WHERE snapshot_id = ?", arguments: [id]
            )
            while let row = try memberRows.next() {
                let type: String = row[1]
                members[row[0], default: []].append(GroupMember(id: row[2], type: MemberType(rawValue: type) ?? .user))
            }
            var groups: [Group] = []
            groups.reserveCapacity(info.groupCount)
            let groupRows = try Row.fetchCursor(
                db, sql: "SELECT group_id, name, visible, use_message FROM \"group\" WHERE snapshot_id = ? ORDER BY group_id",
                arguments: [id]
            )
            while let row = try groupRows.next() {
                let groupId: String = row[0]
                groups.append(
                    Group(
                        id: groupId, name: row[1], visible: row[2], useMessage: row[3],
                        administrators: masters[groupId] ?? [], members: members[groupId] ?? []
                    )
                )
            }
            return DirectorySnapshot(takenAt: info.takenAt, orgUnits: units, users: users, groups: groups)
        }
    }
}
