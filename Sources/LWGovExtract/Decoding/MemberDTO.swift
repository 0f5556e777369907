import LWGovModel

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
