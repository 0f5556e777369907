struct AdministratorDTO: Decodable {
    var userId: String

    enum Keys: String, CodingKey { case userId }

    init(from decoder: any Decoder) throws {
        userId = try identifier(try decoder.container(keyedBy: Keys.self), .userId)
    }
}
