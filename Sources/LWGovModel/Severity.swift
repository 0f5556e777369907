/// How urgent a finding is.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case high, medium, low

    public var japanese: String {
        switch self {
        case .high: "高"
        case .medium: "中"
        case .low: "低"
        }
    }

    private var rank: Int {
        switch self {
        case .high: 0
        case .medium: 1
        case .low: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
