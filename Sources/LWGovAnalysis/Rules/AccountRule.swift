import LWGovModel

/// One guideline rule about accounts, checked against the HR roster (SPEC 3.5).
public protocol AccountRule: Sendable {
    var id: RuleID { get }
    /// The findings of this rule in one snapshot that has a roster; empty when it does not fire.
    func findings(in accounts: AccountContext) -> [Finding]
}
