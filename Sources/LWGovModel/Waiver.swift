import Foundation

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
