import Foundation

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
