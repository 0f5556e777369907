import Foundation

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
