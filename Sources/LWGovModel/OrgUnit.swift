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
