import Foundation

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
