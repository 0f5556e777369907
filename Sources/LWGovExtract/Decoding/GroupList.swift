import LWGovModel

struct GroupList: Decodable {
    var groups: [Group]

    enum Keys: String, CodingKey { case groups }

    init(_ groups: [Group]) { self.groups = groups }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        groups = try c.decode([GroupDTO].self, forKey: .groups).map { $0.group }
    }
}
