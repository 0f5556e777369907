import Foundation

/// An org unit (部, 課, 係 …) of the directory tree.
public struct OrgUnit: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// The parent unit's id; `nil` for a root unit.
    public var parentId: String?
    public var displayOrder: Int

    public init(id: String, name: String, parentId: String? = nil, displayOrder: Int = 0) {
        self.id = id
        self.name = name
        self.parentId = parentId
        self.displayOrder = displayOrder
    }
}

/// One `orgUnits` entry of one of a user's `organizations`: a post, possibly concurrent (兼務).
public struct OrgEntry: Sendable, Hashable, Codable {
    public var orgUnitId: String
    public var positionName: String?
    /// True only when the directory said JSON `true`.
    public var isManager: Bool
    /// The entry's own `primary` flag.
    public var isPrimary: Bool
    /// Index of the organization this entry belongs to, in the user's `organizations` order.
    public var organizationIndex: Int
    /// The organization's `primary` flag.
    public var organizationPrimary: Bool
    /// `useTeamFeature`: false only when the directory said JSON `false`. A post without the team
    /// feature does not take its holder into the org unit's talk (SPEC 2.3), so an ORGUNIT group
    /// member naming the unit does not bring them.
    public var useTeamFeature: Bool

    public init(
        orgUnitId: String, positionName: String? = nil, isManager: Bool = false, isPrimary: Bool = false,
        organizationIndex: Int = 0, organizationPrimary: Bool = true, useTeamFeature: Bool = true
    ) {
        self.orgUnitId = orgUnitId
        self.positionName = positionName
        self.isManager = isManager
        self.isPrimary = isPrimary
        self.organizationIndex = organizationIndex
        self.organizationPrimary = organizationPrimary
        self.useTeamFeature = useTeamFeature
    }
}

/// A directory user with the account flags and posts lwgov needs.
public struct User: Sendable, Hashable, Codable {
    public var id: String
    public var lastName: String
    public var firstName: String
    public var email: String?
    public var isDeleted: Bool
    public var isSuspended: Bool
    public var isPending: Bool
    /// `isAwaiting` (待機中): an account not in use yet. True only for JSON `true`.
    public var isAwaiting: Bool
    /// `leaveOfAbsence.isLeaveOfAbsence` (休職). True only for JSON `true`. Still active; only
    /// managers are affected (SPEC 2.2).
    public var isOnLeave: Bool
    /// Every org-unit entry of every organization, in directory order.
    public var entries: [OrgEntry]

    public init(
        id: String, lastName: String = "", firstName: String = "", email: String? = nil,
        isDeleted: Bool = false, isSuspended: Bool = false, isPending: Bool = false, isAwaiting: Bool = false,
        isOnLeave: Bool = false, entries: [OrgEntry] = []
    ) {
        self.id = id
        self.lastName = lastName
        self.firstName = firstName
        self.email = email
        self.isDeleted = isDeleted
        self.isSuspended = isSuspended
        self.isPending = isPending
        self.isAwaiting = isAwaiting
        self.isOnLeave = isOnLeave
        self.entries = entries
    }

    /// Active unless deleted, suspended, pending or awaiting (SPEC 2.2).
    public var isActive: Bool { !(isDeleted || isSuspended || isPending || isAwaiting) }

    /// 「姓 名」, or the user id when the directory has no name.
    public var displayName: String {
        let name = [lastName, firstName].filter { !$0.isEmpty }.joined(separator: " ")
        return name.isEmpty ? id : name
    }

    /// The org unit marked `primary` in the primary organization; if none is marked, the first one.
    ///
    /// "The first one" applies at both levels: the first organization when none is marked
    /// primary, and that organization's first org unit when none of its units is marked.
    public var primaryOrgUnitId: String? {
        guard let first = entries.first else { return nil }
        let organization = entries.first(where: { $0.organizationPrimary })?.organizationIndex
            ?? first.organizationIndex
        let inOrganization = entries.filter { $0.organizationIndex == organization }
        return (inOrganization.first(where: { $0.isPrimary }) ?? inOrganization.first)?.orgUnitId
    }
}

/// The kind of a group member entry.
public enum MemberType: String, Sendable, Hashable, Codable, CaseIterable {
    case user = "USER"
    case orgUnit = "ORGUNIT"
    case group = "GROUP"
}

/// One `members` entry of a group.
public struct GroupMember: Sendable, Hashable, Codable, Comparable {
    public var id: String
    public var type: MemberType

    public init(id: String, type: MemberType) {
        self.id = id
        self.type = type
    }

    public static func < (lhs: GroupMember, rhs: GroupMember) -> Bool {
        (lhs.type.rawValue, lhs.id) < (rhs.type.rawValue, rhs.id)
    }
}

/// A talk group with its masters (`administrators`) and members.
public struct Group: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// 公開: false only when the directory said JSON `false`.
    public var visible: Bool
    /// `false` when the group has no talk room; `nil` when the directory did not say.
    public var useMessage: Bool?
    /// Master user ids, as a set: sorted, each once. Set only by `init`, so that it holds: the
    /// rules merge these sorted lists and the fingerprint hashes them in order.
    public private(set) var administrators: [String]
    /// Member entries, as a set: sorted, each once (set only by `init`, as above).
    public private(set) var members: [GroupMember]

    public init(
        id: String, name: String = "", visible: Bool = true, useMessage: Bool? = nil,
        administrators: [String] = [], members: [GroupMember] = []
    ) {
        self.id = id
        self.name = name
        self.visible = visible
        self.useMessage = useMessage
        self.administrators = Self.sortedSet(administrators)
        self.members = Self.sortedSet(members)
    }

    private enum CodingKeys: String, CodingKey { case id, name, visible, useMessage, administrators, members }

    /// Decoding goes through `init`, so decoded lists are sets too.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try c.decode(String.self, forKey: .id), name: try c.decode(String.self, forKey: .name),
            visible: try c.decode(Bool.self, forKey: .visible), useMessage: try c.decodeIfPresent(Bool.self, forKey: .useMessage),
            administrators: try c.decode([String].self, forKey: .administrators), members: try c.decode([GroupMember].self, forKey: .members)
        )
    }

    /// Sorted, each once. Lists read back from the store, and most exports, are sorted already:
    /// those are checked in one pass instead of being hashed into a set.
    static func sortedSet<T: Comparable & Hashable>(_ values: [T]) -> [T] {
        var increasing = true
        var i = 1
        while i < values.count {
            if !(values[i - 1] < values[i]) { increasing = false; break }
            i += 1
        }
        return increasing ? values : Array(Set(values)).sorted()
    }

    /// Direct members of type USER (SPEC 2.3), sorted.
    public var directUserIds: [String] { members.lazy.filter { $0.type == .user }.map(\.id) }
}

/// One row of `transfers.csv`: the effective date of a user's transfer.
public struct TransferDate: Sendable, Hashable, Codable {
    public var userId: String
    /// `YYYY-MM-DD`, meaning 00:00 of that day in the configured time zone.
    public var effectiveDate: String
    public var fromOrgUnitId: String?
    public var toOrgUnitId: String?

    public init(userId: String, effectiveDate: String, fromOrgUnitId: String? = nil, toOrgUnitId: String? = nil) {
        self.userId = userId
        self.effectiveDate = effectiveDate
        self.fromOrgUnitId = fromOrgUnitId
        self.toOrgUnitId = toOrgUnitId
    }
}

/// One complete, consistent copy of the directory at one moment (SPEC 2.1).
public struct DirectorySnapshot: Sendable, Hashable {
    public var takenAt: Date
    public var orgUnits: [OrgUnit]
    public var users: [User]
    public var groups: [Group]
    /// Effective dates from `transfers.csv`, if the input had one.
    public var transferDates: [TransferDate]

    public init(
        takenAt: Date, orgUnits: [OrgUnit], users: [User], groups: [Group], transferDates: [TransferDate] = []
    ) {
        self.takenAt = takenAt
        self.orgUnits = orgUnits
        self.users = users
        self.groups = groups
        self.transferDates = transferDates
    }

    /// The snapshot as the store gives it back (`Store.loadSnapshot`): org units, users and
    /// groups in the order of their ids' UTF-8 bytes (SQLite's `ORDER BY`), the time as the
    /// seconds since 1970 the store keeps (a `Date` with a fraction of a second does not always
    /// survive that round trip), and without the `transfers.csv` dates (stored as transfers).
    public var asStored: DirectorySnapshot {
        func byId(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
        return DirectorySnapshot(
            takenAt: Date(timeIntervalSince1970: takenAt.timeIntervalSince1970),
            orgUnits: orgUnits.sorted { byId($0.id, $1.id) }, users: users.sorted { byId($0.id, $1.id) },
            groups: groups.sorted { byId($0.id, $1.id) }
        )
    }
}
