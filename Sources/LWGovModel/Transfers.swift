import Crypto
import Foundation

/// Where a user sits: their primary org unit and its department.
public struct Placement: Sendable, Hashable {
    public var orgUnitId: String
    public var departmentId: String
    public var departmentName: String

    public init(orgUnitId: String, departmentId: String, departmentName: String) {
        self.orgUnitId = orgUnitId
        self.departmentId = departmentId
        self.departmentName = departmentName
    }
}

/// How a transfer's date was decided.
public enum TransferDating: String, Sendable, Hashable, Codable {
    /// The `effectiveDate` of a `transfers.csv` row.
    case csv
    /// The `taken_at` of the snapshot where the transfer was observed.
    case snapshot
    /// The `effectiveDate` (発令日) of the HR roster's row that places the person in the new
    /// department (SPEC 3.5), when `transfers.csv` does not have the person.
    case roster = "hr"
}

/// A change of a user's primary department between two consecutive snapshots (SPEC 3.3).
public struct ObservedTransfer: Sendable, Hashable {
    public var userId: String
    public var from: Placement
    public var to: Placement
    public var effectiveAt: Date
    public var datedBy: TransferDating

    public init(userId: String, from: Placement, to: Placement, effectiveAt: Date, datedBy: TransferDating) {
        self.userId = userId
        self.from = from
        self.to = to
        self.effectiveAt = effectiveAt
        self.datedBy = datedBy
    }
}

public enum Transfers {
    /// Primary placement of every user that has a primary org unit present in the tree.
    public static func placements(of users: [User], tree: OrgTree, departmentLevel: Int) -> [String: Placement] {
        placements(of: users.lazy.compactMap { user in user.primaryOrgUnitId.map { (user.id, $0) } }, tree: tree, departmentLevel: departmentLevel)
    }

    /// Placements from `(userId, primaryOrgUnitId)` pairs; units not in the tree are skipped.
    public static func placements<Pairs: Sequence>(
        of pairs: Pairs, tree: OrgTree, departmentLevel: Int
    ) -> [String: Placement] where Pairs.Element == (String, String) {
        var result: [String: Placement] = [:]
        var departmentOf: [String: String] = [:]
        for (userId, unit) in pairs {
            let department: String
            if let known = departmentOf[unit] {
                department = known
            } else {
                guard let found = tree.department(of: unit, level: departmentLevel) else { continue }
                departmentOf[unit] = found
                department = found
            }
            result[userId] = Placement(
                orgUnitId: unit, departmentId: department, departmentName: tree.units[department]?.name ?? department
            )
        }
        return result
    }

    /// Users present in both snapshots, with a primary department in each, whose departments differ.
    ///
    /// - Parameters:
    ///   - effectiveDates: `transfers.csv` dates (already resolved to moments) by user id; they only
    ///     date a transfer that is observed.
    ///   - rosterDates: for users the HR roster places in a department, that department and the
    ///     row's `effectiveDate`; it dates an observed transfer into that department when
    ///     `effectiveDates` does not have the user (SPEC 3.5).
    public static func detect(
        previous: [String: Placement], current: [String: Placement], takenAt: Date, effectiveDates: [String: Date],
        rosterDates: [String: (departmentId: String, date: Date)] = [:]
    ) -> [ObservedTransfer] {
        var result: [ObservedTransfer] = []
        for (userId, now) in current {
            guard let before = previous[userId], before.departmentId != now.departmentId else { continue }
            let (effectiveAt, datedBy): (Date, TransferDating) =
                if let dated = effectiveDates[userId] {
                    (dated, .csv)
                } else if let roster = rosterDates[userId], roster.departmentId == now.departmentId {
                    (roster.date, .roster)
                } else {
                    (takenAt, .snapshot)
                }
            result.append(ObservedTransfer(userId: userId, from: before, to: now, effectiveAt: effectiveAt, datedBy: datedBy))
        }
        return result.sorted { $0.userId < $1.userId }
    }
}

extension DirectorySnapshot {
    /// A fingerprint of the content (not of `takenAt`): equal for equal directories whatever the
    /// order of the input arrays or keys.
    public var contentHash: String {
        var hash = SHA256()
        var line: [UInt8] = []
        line.reserveCapacity(256)
        func field(_ text: String?) {
            if let text { line.append(contentsOf: text.utf8) } else { line.append(0) }
            line.append(0x1f)
        }
        func flush() {
            line.append(0x1e)
            hash.update(data: line)
            line.removeAll(keepingCapacity: true)
        }
        // Fields added later are written only when set, so a directory without them keeps the
        // hash it had before they existed (a re-extract of it is still recognised).
        for unit in orgUnits.sorted(by: { $0.id < $1.id }) {
            field("O"); field(unit.id); field(unit.name); field(unit.parentId); field(String(unit.displayOrder))
            if let key = unit.externalKey { field("K"); field(key) }
            flush()
        }
        for user in users.sorted(by: { $0.id < $1.id }) {
            field("U"); field(user.id); field(user.lastName); field(user.firstName); field(user.email)
            field("\(user.isDeleted)\(user.isSuspended)\(user.isPending)\(user.isAwaiting ? "A" : "")\(user.isOnLeave ? "L" : "")")
            for entry in user.entries {
                field(entry.orgUnitId); field(entry.positionName)
                field("\(entry.isManager)\(entry.isPrimary)\(entry.organizationIndex)\(entry.organizationPrimary)\(entry.useTeamFeature ? "" : "T")")
            }
            if let number = user.employeeNumber { field("N"); field(number) }
            if let key = user.externalKey { field("X"); field(key) }
            flush()
        }
        for group in groups.sorted(by: { $0.id < $1.id }) {
            field("G"); field(group.id); field(group.name); field("\(group.visible)\(String(describing: group.useMessage))")
            for master in group.administrators { field(master) }
            field("|")
            for member in group.members { field(member.type.rawValue); field(member.id) }
            flush()
        }
        for row in transferDates.sorted(by: { ($0.userId, $0.effectiveDate) < ($1.userId, $1.effectiveDate) }) {
            field("T"); field(row.userId); field(row.effectiveDate); field(row.fromOrgUnitId); field(row.toOrgUnitId); flush()
        }
        if let roster {
            field("R"); flush()
            for row in roster.entries.sorted(by: { $0.employeeNumber < $1.employeeNumber }) {
                field("H"); field(row.employeeNumber); field(row.status.rawValue); field(row.orgUnitCode); field(row.effectiveDate)
                field(row.name)
                // The hr.match_by column (e-mail, external key), only when set: a roster matched by
                // employee number keeps its hash.
                if let value = row.matchValue { field("M"); field(value) }
                flush()
            }
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
