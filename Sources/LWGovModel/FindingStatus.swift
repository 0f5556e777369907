import Foundation

/// Where a finding stands in its lifecycle (SPEC 3.1).
public enum FindingStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case new, open, reopened, waived, resolved

    /// The badge text in reports.
    public var japanese: String {
        switch self {
        case .new: "新規"
        case .open: "継続"
        case .reopened: "再発"
        case .waived: "例外承認"
        case .resolved: "解消"
        }
    }

    /// Present in the snapshot (everything but resolved).
    public var isPresent: Bool { self != .resolved }

    /// Present and not waived: it has a due date (SPEC 3.6).
    public var isOpen: Bool { self == .new || self == .open || self == .reopened }
}
