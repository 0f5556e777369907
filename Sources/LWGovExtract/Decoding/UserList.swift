import LWGovModel

/// The LINE WORKS API 2.0 list-response shapes (SPEC 2.1); unknown keys are ignored.
///
/// Flags (`isManager`, `isDeleted`, `visible` …) are read leniently: only a JSON boolean counts,
/// so `"isManager": "true"` is not a manager (SPEC 3.0). Ids and names must be strings.
struct UserList: Decodable {
    var users: [User]

    enum Keys: String, CodingKey { case users }

    init(_ users: [User]) { self.users = users }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        users = try c.decode([UserDTO].self, forKey: .users).map { $0.user }
    }
}
