import Foundation

/// What a rule found in one group, or about one account, of one snapshot.
public struct Finding: Sendable, Hashable {
    public var key: FindingKey
    /// The group's name; empty for a finding about an account.
    public var groupName: String
    /// The account a finding is about (`key.rule.isAboutAccount`); nil for a group finding.
    public var account: FindingAccount?
    /// Japanese, naming the concrete facts.
    public var message: String
    /// Japanese, saying exactly what to do.
    public var remediation: String
    public var evidence: [EvidenceItem]
    /// The departments whose reports carry the finding (org unit ids).
    public var departments: [String]

    public var severity: Severity { key.rule.severity }

    /// A finding about an account rather than a group (SPEC 3.5).
    public var isAboutAccount: Bool { key.rule.isAboutAccount }

    public init(
        key: FindingKey, groupName: String, message: String, remediation: String, evidence: [EvidenceItem] = [],
        departments: [String] = [], account: FindingAccount? = nil
    ) {
        self.key = key
        self.account = account
        self.groupName = groupName
        self.message = message
        self.remediation = remediation
        self.evidence = evidence
        self.departments = departments
    }
}
