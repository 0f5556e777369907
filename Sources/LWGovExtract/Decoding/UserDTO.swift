import LWGovModel

struct UserDTO: Decodable {
    var user: User

    enum Keys: String, CodingKey {
        case userId, email, employeeNumber, userExternalKey, isDeleted, isSuspended, isPending, isAwaiting, leaveOfAbsence, userName,
            organizations
    }

    enum NameKeys: String, CodingKey { case lastName, firstName }
    enum LeaveKeys: String, CodingKey { case isLeaveOfAbsence }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        var user = User(id: try identifier(c, .userId))
        user.email = try text(c, .email)
        user.employeeNumber = try text(c, .employeeNumber)
        user.externalKey = try text(c, .userExternalKey)
        user.isDeleted = c.flag(.isDeleted)
        user.isSuspended = c.flag(.isSuspended)
        user.isPending = c.flag(.isPending)
        user.isAwaiting = c.flag(.isAwaiting)
        // 休職 only for an object whose isLeaveOfAbsence is JSON true; null or another type is no leave.
        // (`contains` first: a missing key would otherwise cost a thrown error for most users.)
        if c.contains(.leaveOfAbsence), let leave = try? c.nestedContainer(keyedBy: LeaveKeys.self, forKey: .leaveOfAbsence) {
            user.isOnLeave = leave.flag(.isLeaveOfAbsence)
        }
        if c.contains(.userName), try !c.decodeNil(forKey: .userName) {
            let name = try c.nestedContainer(keyedBy: NameKeys.self, forKey: .userName)
            user.lastName = try text(name, .lastName) ?? ""
            user.firstName = try text(name, .firstName) ?? ""
        }
        let organizations = try c.decodeIfPresent([OrganizationDTO].self, forKey: .organizations) ?? []
        for (index, organization) in organizations.enumerated() {
            for unit in organization.units {
                var entry = unit
                entry.organizationIndex = index
                entry.organizationPrimary = organization.primary
                user.entries.append(entry)
            }
        }
        self.user = user
    }
}
