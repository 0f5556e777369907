import Foundation

/// A group as the analysis saw it, for report headers and department group counts.
public struct GroupSummary: Sendable, Hashable {
    public var groupId: String
    public var name: String
    public var visible: Bool
    public var activeMasters: Int
    public var effectiveMembers: Int
    /// Home departments (SPEC 2.3), org unit ids; empty when the group has no active member.
    public var homeDepartments: [String]

    public init(groupId: String, name: String, visible: Bool, activeMasters: Int, effectiveMembers: Int, homeDepartments: [String]) {
        self.groupId = groupId
        self.name = name
        self.visible = visible
        self.activeMasters = activeMasters
        self.effectiveMembers = effectiveMembers
        self.homeDepartments = homeDepartments
    }
}
