import LWGovModel

/// `{"members":[…]}` of `GET /groups/{groupId}/members`.
struct MemberPage: Decodable, Sendable {
    var members: [GroupMember]

    enum Keys: String, CodingKey { case members }

    init(from decoder: any Decoder) throws {
        members = try decoder.container(keyedBy: Keys.self).decode([MemberDTO].self, forKey: .members).map(\.member)
    }
}
