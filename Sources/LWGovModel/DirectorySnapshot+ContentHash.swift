import Crypto
import Foundation

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
