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
}

/// The identity of a finding: `(rule, groupId, subject)` (SPEC 3).
public struct FindingKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var rule: RuleID
    public var groupId: String
    /// Empty unless the rule has a subject (department or user id).
    public var subject: String

    public init(rule: RuleID, groupId: String, subject: String = "") {
        self.rule = rule
        self.groupId = groupId
        self.subject = subject
    }

    public static func < (lhs: FindingKey, rhs: FindingKey) -> Bool {
        (lhs.rule.order, lhs.groupId, lhs.subject) < (rhs.rule.order, rhs.groupId, rhs.subject)
    }

    public var description: String { subject.isEmpty ? "\(rule.rawValue) \(groupId)" : "\(rule.rawValue) \(groupId) \(subject)" }
}

/// One fact a reader needs to act without opening the admin console.
public struct EvidenceItem: Sendable, Hashable, Codable {
    public var label: String
    public var value: String

    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }

    /// The label of the evidence that names managers near a group who do not count, and why
    /// (SPEC 3.0): the finding's remediation is then the action for those people, which the
    /// bot message repeats.
    public static let notCountedManagersLabel = "数えられていない管理職"
}

/// What a rule found in one group of one snapshot.
public struct Finding: Sendable, Hashable {
    public var key: FindingKey
    public var groupName: String
    /// Japanese, naming the concrete facts.
    public var message: String
    /// Japanese, saying exactly what to do.
    public var remediation: String
    public var evidence: [EvidenceItem]
    /// The departments whose reports carry the finding (org unit ids).
    public var departments: [String]

    public var severity: Severity { key.rule.severity }

    public init(
        key: FindingKey, groupName: String, message: String, remediation: String, evidence: [EvidenceItem] = [],
        departments: [String] = []
    ) {
        self.key = key
        self.groupName = groupName
        self.message = message
        self.remediation = remediation
        self.evidence = evidence
        self.departments = departments
    }
}

/// A finding as analysed at one snapshot, with its lifecycle.
public struct FindingRecord: Sendable, Hashable {
    public var finding: Finding
    public var status: FindingStatus
    /// `taken_at` of the first snapshot where the finding appeared.
    public var firstSeen: Date
    /// The waiver that covers it, when `status == .waived`.
    public var waiverId: Int64?

    public init(finding: Finding, status: FindingStatus, firstSeen: Date, waiverId: Int64? = nil) {
        self.finding = finding
        self.status = status
        self.firstSeen = firstSeen
        self.waiverId = waiverId
    }

    public var key: FindingKey { finding.key }
}

/// A group as the analysis saw it, for report headers and department group counts.
public struct GroupSummary: Sendable, Hashable {
    public var groupId: String
    public var name: String
    public var visible: Bool
    public var activeMasters: Int
    public var effectiveMembers: Int
    /// Home departments (SPEC 2.3), org unit ids; empty when the group has no active member.
    public var homeDepartments: [String]

    public init(groupId: String, name: String, visible: Bool, activeMasters: Int, effectiveMembers: Int, homeDepartments: [String]) {
        self.groupId = groupId
        self.name = name
        self.visible = visible
        self.activeMasters = activeMasters
        self.effectiveMembers = effectiveMembers
        self.homeDepartments = homeDepartments
    }
}

/// A department as it stood at an analysed snapshot.
public struct Department: Sendable, Hashable {
    public var id: String
    public var name: String
    /// 「総務部/ＤＸ推進課」.
    public var path: String
    public var displayOrder: Int

    public init(id: String, name: String, path: String, displayOrder: Int) {
        self.id = id
        self.name = name
        self.path = path
        self.displayOrder = displayOrder
    }
}

/// An exception granted by the DX team (SPEC 3.4).
public struct Waiver: Sendable, Hashable {
    public var id: Int64
    public var rule: RuleID
    /// A group id, or `*` for every group.
    public var groupId: String
    /// nil: every subject of the rule in the group.
    public var subject: String?
    /// `YYYY-MM-DD`, inclusive: the waiver covers snapshots taken up to the end of that day.
    public var until: String
    public var reason: String
    public var grantedBy: String
    public var grantedAt: Date
    public var revokedAt: Date?

    public init(
        id: Int64, rule: RuleID, groupId: String, subject: String?, until: String, reason: String, grantedBy: String,
        grantedAt: Date, revokedAt: Date? = nil
    ) {
        self.id = id
        self.rule = rule
        self.groupId = groupId
        self.subject = subject
        self.until = until
        self.reason = reason
        self.grantedBy = grantedBy
        self.grantedAt = grantedAt
        self.revokedAt = revokedAt
    }

    /// Whether the waiver covers a finding key.
    public func covers(_ key: FindingKey) -> Bool {
        key.rule == rule && (groupId == "*" || groupId == key.groupId) && (subject == nil || subject == key.subject)
    }
}
