import Foundation

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
