/// A person's status in the HR roster (SPEC 3.5).
public enum HRStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// 在職
    case active
    /// 休職
    case leave
    /// 退職
    case retired

    /// Reads a roster's `status` value: 在職 / 休職 / 退職, or active / leave / retired.
    public init?(rosterValue: String) {
        switch rosterValue {
        case "在職", "active": self = .active
        case "休職", "leave": self = .leave
        case "退職", "retired": self = .retired
        default: return nil
        }
    }

    /// The word in reports.
    public var japanese: String {
        switch self {
        case .active: "在職"
        case .leave: "休職"
        case .retired: "退職"
        }
    }
}
