import LWGovModel

struct OrganizationDTO: Decodable {
    var primary: Bool
    var units: [OrgEntry]

    enum Keys: String, CodingKey { case primary, orgUnits }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        primary = c.flag(.primary)
        units = try c.decodeIfPresent([OrgEntryDTO].self, forKey: .orgUnits)?.map { $0.entry } ?? []
    }
}
