import LWGovModel

struct GroupDTO: Decodable {
    var group: Group

    enum Keys: String, CodingKey { case groupId, groupName, visible, useMessage, administrators, members }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let id = try identifier(c, .groupId)
        group = Group(
            id: id,
            name: try requiredText(c, .groupName),
            visible: c.optionalFlag(.visible) != false,
            useMessage: c.optionalFlag(.useMessage),
            administrators: try c.decodeIfPresent([AdministratorDTO].self, forKey: .administrators)?.map { $0.userId } ?? [],
            members: try c.decodeIfPresent([MemberDTO].self, forKey: .members)?.map { $0.member } ?? []
        )
    }
}
