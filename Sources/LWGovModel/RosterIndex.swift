import Foundation

/// The HR roster matched against one snapshot's directory: which rows match which accounts,
/// and the department each row places its person in (SPEC 3.5). Built once per snapshot and
/// shared by the account rules and by transfer dating, so both read the roster alike.
public struct RosterIndex: Sendable {
    public let roster: Roster
    /// Indices into `roster.entries` of the rows matching each account, by user id.
    public let rowsByUser: [String: [Int]]
    /// The department (org unit id at the department level) each row's code places it in; nil
    /// when the row has no code or the code matches no org unit.
    public let departments: [String?]

    public init(roster: Roster, users: [User], tree: OrgTree, departmentLevel: Int, matching: RosterMatching) {
        self.roster = roster
        var unitByCode: [String: String] = [:]
        for unit in tree.units.values.sorted(by: { $0.id < $1.id }) {
            if let code = matching.code(of: unit), unitByCode[code] == nil { unitByCode[code] = unit.id }
        }
        var rowsByKey: [String: [Int]] = [:]
        var departments: [String?] = []
        var departmentOfCode: [String: String?] = [:]
        departments.reserveCapacity(roster.entries.count)
        for (index, entry) in roster.entries.enumerated() {
            if let key = matching.key(of: entry) { rowsByKey[key, default: []].append(index) }
            guard let code = entry.orgUnitCode, !code.isEmpty else {
                departments.append(nil)
                continue
            }
            // A roster names a few hundred codes for a hundred thousand people: each is looked up once.
            if let known = departmentOfCode[code] {
                departments.append(known)
            } else if let unit = unitByCode[code] {
                let department = tree.department(of: unit, level: departmentLevel)
                departmentOfCode[code] = department
                departments.append(department)
            } else {
                departmentOfCode[code] = .some(nil)
                departments.append(nil)
            }
        }
        var rowsByUser: [String: [Int]] = [:]
        for user in users {
            if let key = matching.key(of: user), let rows = rowsByKey[key] { rowsByUser[user.id] = rows }
        }
        self.rowsByUser = rowsByUser
        self.departments = departments
    }

    /// The first row matching an account that satisfies `condition`, in roster order.
    public func firstEntry(
        of userId: String, where condition: (RosterEntry) -> Bool
    ) -> (entry: RosterEntry, department: String?)? {
        guard let rows = rowsByUser[userId] else { return nil }
        for row in rows where condition(roster.entries[row]) { return (roster.entries[row], departments[row]) }
        return nil
    }

    /// For each account the roster places in a department with an effective date, that
    /// department and the date's start in the configured time zone: what dates an observed
    /// transfer when `transfers.csv` does not have the person (SPEC 3.5). A person with several
    /// matching rows takes the first in roster order that is not 退職.
    public func transferDates(civilTime: CivilTime) -> [String: (departmentId: String, date: Date)] {
        var result: [String: (departmentId: String, date: Date)] = [:]
        for (userId, rows) in rowsByUser {
            for row in rows where roster.entries[row].status != .retired {
                if let department = departments[row], let text = roster.entries[row].effectiveDate,
                   let date = civilTime.parseDay(text) {
                    result[userId] = (department, date)
                }
                break
            }
        }
        return result
    }
}
