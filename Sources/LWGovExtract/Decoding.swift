import Foundation
import LWGovModel

/// The LINE WORKS API 2.0 list-response shapes (SPEC 2.1); unknown keys are ignored.
///
/// Flags (`isManager`, `isDeleted`, `visible` …) are read leniently: only a JSON boolean counts,
/// so `"isManager": "true"` is not a manager (SPEC 3.0). Ids and names must be strings.
struct UserList: Decodable {
    var users: [User]

    enum Keys: String, CodingKey { case users }

    init(_ users: [User]) { self.users = users }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        users = try c.decode([UserDTO].self, forKey: .users).map { $0.user }
    }
}

struct OrgUnitList: Decodable {
    var orgUnits: [OrgUnit]

    enum Keys: String, CodingKey { case orgUnits }

    init(_ orgUnits: [OrgUnit]) { self.orgUnits = orgUnits }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        orgUnits = try c.decode([OrgUnitDTO].self, forKey: .orgUnits).map { $0.unit }
    }
}

struct GroupList: Decodable {
    var groups: [Group]

    enum Keys: String, CodingKey { case groups }

    init(_ groups: [Group]) { self.groups = groups }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        groups = try c.decode([GroupDTO].self, forKey: .groups).map { $0.group }
    }
}

/// A non-empty identifier without control characters.
private func identifier<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> String {
    let value = try c.decode(String.self, forKey: key)
    guard !value.isEmpty else {
        throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [key], debugDescription: "is empty"))
    }
    // In UTF-8 these characters are single bytes below 0x20 or 0x7F, and no other byte is.
    guard !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
        throw DecodingError.dataCorrupted(
            .init(codingPath: c.codingPath + [key], debugDescription: "contains a control character ('\(quoted(value))')")
        )
    }
    return value
}

/// Text that will be stored: a NUL would silently cut it short in SQLite, so it is refused.
private func text<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> String? {
    guard let value = try c.decodeIfPresent(String.self, forKey: key) else { return nil }
    guard !value.utf8.contains(0) else {
        throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [key], debugDescription: "contains a NUL character"))
    }
    return value
}

/// Required stored text.
private func requiredText<K: CodingKey>(_ c: KeyedDecodingContainer<K>, _ key: K) throws -> String {
    guard let value = try text(c, key) else {
        if c.contains(key) {
            throw DecodingError.valueNotFound(String.self, .init(codingPath: c.codingPath + [key], debugDescription: "null"))
        }
        throw DecodingError.keyNotFound(key, .init(codingPath: c.codingPath, debugDescription: "missing"))
    }
    return value
}

extension KeyedDecodingContainer {
    /// True only for JSON `true`; absent, null or any other type is false.
    fileprivate func flag(_ key: Key) -> Bool {
        (try? decodeIfPresent(Bool.self, forKey: key)) == true
    }

    /// The boolean when the value is a JSON boolean, else nil.
    fileprivate func optionalFlag(_ key: Key) -> Bool? {
        (try? decodeIfPresent(Bool.self, forKey: key)) ?? nil
    }
}

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

struct OrganizationDTO: Decodable {
    var primary: Bool
    var units: [OrgEntry]

    enum Keys: String, CodingKey { case primary, orgUnits }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        primary = c.flag(.primary)
        units = try c.decodeIfPresent([OrgEntryDTO].self, forKey: .orgUnits)?.map { $0.entry } ?? []
    }
}

struct OrgEntryDTO: Decodable {
    var entry: OrgEntry

    enum Keys: String, CodingKey { case orgUnitId, positionName, isManager, primary, useTeamFeature }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        entry = OrgEntry(
            orgUnitId: try identifier(c, .orgUnitId),
            positionName: try text(c, .positionName),
            isManager: c.flag(.isManager),
            isPrimary: c.flag(.primary),
            // Only JSON false turns the team feature off; absent, null or another type is true.
            useTeamFeature: c.optionalFlag(.useTeamFeature) != false
        )
    }
}

struct OrgUnitDTO: Decodable {
    var unit: OrgUnit

    enum Keys: String, CodingKey { case orgUnitId, orgUnitName, parentOrgUnitId, displayOrder, orgUnitExternalKey }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let parent = try text(c, .parentOrgUnitId)
        unit = OrgUnit(
            id: try identifier(c, .orgUnitId),
            name: try requiredText(c, .orgUnitName),
            parentId: parent?.isEmpty == true ? nil : parent,
            displayOrder: (try? c.decodeIfPresent(Int.self, forKey: .displayOrder)) ?? 0,
            externalKey: try text(c, .orgUnitExternalKey)
        )
    }
}

struct GroupDTO: Decodable {
    var group: Group

    enum Keys: String, CodingKey { case groupId, groupName, visible, useMessage, administrators, members }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let id = try identifier(c, .groupId)
        group = Group(
            id: id,
            name: try requiredText(c, .groupName),
            visible: c.optionalFlag(.visible) != false,
            useMessage: c.optionalFlag(.useMessage),
            administrators: try c.decodeIfPresent([AdministratorDTO].self, forKey: .administrators)?.map { $0.userId } ?? [],
            members: try c.decodeIfPresent([MemberDTO].self, forKey: .members)?.map { $0.member } ?? []
        )
    }
}

struct AdministratorDTO: Decodable {
    var userId: String

    enum Keys: String, CodingKey { case userId }

    init(from decoder: any Decoder) throws {
        userId = try identifier(try decoder.container(keyedBy: Keys.self), .userId)
    }
}

struct MemberDTO: Decodable {
    var member: GroupMember

    enum Keys: String, CodingKey { case id, type }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let id = try identifier(c, .id)
        let type = try c.decode(String.self, forKey: .type)
        guard let parsed = MemberType(rawValue: type) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: c.codingPath + [Keys.type], debugDescription: "'\(quoted(type))' is not USER, ORGUNIT or GROUP")
            )
        }
        member = GroupMember(id: id, type: parsed)
    }
}

struct SnapshotMeta: Decodable {
    var takenAt: String
    /// The encoding of the directory's `hr.csv` (`utf-8` or `cp932`), overriding `hr.encoding`:
    /// a files snapshot may say how its own roster is written.
    var hrEncoding: String?
}

/// `groups[17].groupId`: a coding path as a person reads it.
func describePath(_ path: [any CodingKey]) -> String {
    guard !path.isEmpty else { return "the top level" }
    var out = ""
    for key in path {
        if let index = key.intValue {
            out += "[\(index)]"
        } else {
            if !out.isEmpty { out += "." }
            out += key.stringValue
        }
    }
    return out
}

/// One line naming the file and the JSON path for a decoding failure.
func describe(_ error: DecodingError, file: String) -> String {
    switch error {
    case .keyNotFound(let key, let context):
        return "\(file): \(describePath(context.codingPath + [key])) missing"
    case .typeMismatch(let type, let context):
        return "\(file): \(describePath(context.codingPath)): expected \(typeName(type))"
    case .valueNotFound(let type, let context):
        return "\(file): \(describePath(context.codingPath)): null where \(typeName(type)) is required"
    case .dataCorrupted(let context):
        if context.codingPath.isEmpty {
            let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
                ?? context.debugDescription
            return "\(file): not valid JSON (\(detail))"
        }
        return "\(file): \(describePath(context.codingPath)) \(context.debugDescription)"
    @unknown default:
        return "\(file): cannot be read (\(error))"
    }
}

private func typeName(_ type: Any.Type) -> String {
    switch type {
    case is String.Type: "a string"
    case is Bool.Type: "a boolean"
    case is Int.Type, is Double.Type: "a number"
    case is [Any].Type: "an array"
    default:
        String(describing: type).hasPrefix("Array") ? "an array" : "an object"
    }
}
