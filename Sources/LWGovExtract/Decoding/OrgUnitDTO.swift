import LWGovModel

struct OrgUnitDTO: Decodable {
    var unit: OrgUnit

    enum Keys: String, CodingKey { case orgUnitId, orgUnitName, parentOrgUnitId, displayOrder, orgUnitExternalKey }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let parent = try text(c, .parentOrgUnitId)
        unit = OrgUnit(
            id: try identifier(c, .orgUnitId),
            name: try requiredText(c, .orgUnitName),
            parentId: parent?.isEmpty == true ? nil : parent,
            displayOrder: (try? c.decodeIfPresent(Int.self, forKey: .displayOrder)) ?? 0,
            externalKey: try text(c, .orgUnitExternalKey)
        )
    }
}
