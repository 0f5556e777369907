/// When the per-group members/administrators endpoints are read as well as the group list (`api.per_group_fetch`).
public enum PerGroupFetch: String, Sendable, Equatable, CaseIterable {
    case never, large, always
}
