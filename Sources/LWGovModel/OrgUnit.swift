import Foundation

/// An org unit (部, 課, 係 …) of the directory tree.
public struct OrgUnit: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// The parent unit's id; `nil` for a root unit.
    public var parentId: String?
    public var displayOrder: Int
    /// `orgUnitExternalKey`: the unit's code in other systems; the HR roster's `orgUnitCode`
    /// matches it by default (SPEC 3.5).
    public var externalKey: String?

    public init(id: String, name: String, parentId: String? = nil, displayOrder: Int = 0, externalKey: String? = nil) {
        self.id = id
        self.name = name
        self.parentId = parentId
        self.displayOrder = displayOrder
        self.externalKey = externalKey
    }
}
