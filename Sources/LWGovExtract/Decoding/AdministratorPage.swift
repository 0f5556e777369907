/// `{"administrators":[…]}` of `GET /groups/{groupId}/administrators`.
struct AdministratorPage: Decodable, Sendable {
    var administrators: [String]

    enum Keys: String, CodingKey { case administrators }

    init(from decoder: any Decoder) throws {
        administrators = try decoder.container(keyedBy: Keys.self)
            .decode([AdministratorDTO].self, forKey: .administrators).map(\.userId)
    }
}
