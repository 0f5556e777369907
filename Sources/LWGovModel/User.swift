import Foundation

/// A directory user with the account flags and posts lwgov needs.
public struct User: Sendable, Hashable, Codable {
    public var id: String
    public var lastName: String
    public var firstName: String
    public var email: String?
    /// `employeeNumber` (社員番号): how the HR roster finds the account by default (SPEC 3.5).
    public var employeeNumber: String?
    /// `userExternalKey`: the key another system (HR) knows the account by.
    public var externalKey: String?
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
        employeeNumber: String? = nil, externalKey: String? = nil, isDeleted: Bool = false, isSuspended: Bool = false, isPending: Bool = false, isAwaiting: Bool = false,
        isOnLeave: Bool = false, entries: [OrgEntry] = []
    ) {
        self.id = id
        self.lastName = lastName
        self.firstName = firstName
        self.email = email
        self.employeeNumber = employeeNumber
        self.externalKey = externalKey
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
