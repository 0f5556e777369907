import LWGovModel

struct OrgEntryDTO: Decodable {
    var entry: OrgEntry

    enum Keys: String, CodingKey { case orgUnitId, positionName, isManager, primary, useTeamFeature }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        entry = OrgEntry(
            orgUnitId: try identifier(c, .orgUnitId),
            positionName: try text(c, .positionName),
            isManager: c.flag(.isManager),
            isPrimary: c.flag(.primary),
            // Only JSON false turns the team feature off; absent, null or another type is true.
            useTeamFeature: c.optionalFlag(.useTeamFeature) != false
        )
    }
}
