import LWGovModel

struct OrgUnitList: Decodable {
    var orgUnits: [OrgUnit]

    enum Keys: String, CodingKey { case orgUnits }

    init(_ orgUnits: [OrgUnit]) { self.orgUnits = orgUnits }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        orgUnits = try c.decode([OrgUnitDTO].self, forKey: .orgUnits).map { $0.unit }
    }
}
