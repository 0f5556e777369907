/// The kind of a group member entry.
public enum MemberType: String, Sendable, Hashable, Codable, CaseIterable {
    case user = "USER"
    case orgUnit = "ORGUNIT"
    case group = "GROUP"
}
