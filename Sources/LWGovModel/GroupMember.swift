import Foundation

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
