import Foundation

/// One complete, consistent copy of the directory at one moment (SPEC 2.1).
public struct DirectorySnapshot: Sendable, Hashable {
    public var takenAt: Date
    public var orgUnits: [OrgUnit]
    public var users: [User]
    public var groups: [Group]
    /// Effective dates from `transfers.csv`, if the input had one.
    public var transferDates: [TransferDate]
    /// The HR roster read with the snapshot (`hr.csv` or `hr.roster_file`), if there was one
    /// (SPEC 3.5). The account rules are checked only for a snapshot that has one.
    public var roster: Roster?

    public init(
        takenAt: Date, orgUnits: [OrgUnit], users: [User], groups: [Group], transferDates: [TransferDate] = [],
        roster: Roster? = nil
    ) {
        self.takenAt = takenAt
        self.orgUnits = orgUnits
        self.users = users
        self.groups = groups
        self.transferDates = transferDates
        self.roster = roster
    }

    /// The snapshot as the store gives it back (`Store.loadSnapshot`): org units, users and
    /// groups in the order of their ids' UTF-8 bytes (SQLite's `ORDER BY`), the time as the
    /// seconds since 1970 the store keeps (a `Date` with a fraction of a second does not always
    /// survive that round trip), without the `transfers.csv` dates (stored as transfers), and
    /// with the roster's rows in employee-number order.
    public var asStored: DirectorySnapshot {
        func byId(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
        return DirectorySnapshot(
            takenAt: Date(timeIntervalSince1970: takenAt.timeIntervalSince1970),
            orgUnits: orgUnits.sorted { byId($0.id, $1.id) }, users: users.sorted { byId($0.id, $1.id) },
            groups: groups.sorted { byId($0.id, $1.id) },
            roster: roster.map { Roster(entries: $0.entries.sorted { byId($0.employeeNumber, $1.employeeNumber) }) }
        )
    }
}
