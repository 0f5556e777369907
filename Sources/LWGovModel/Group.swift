import Foundation

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
