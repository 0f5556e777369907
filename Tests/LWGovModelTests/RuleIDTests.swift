import LWGovModel
import Testing

struct RuleIDTests {
    /// `order` is written out as a switch; it must stay the declaration order, which is the
    /// order of the SPEC's rule table (reports and finding keys sort by it).
    @Test func orderIsTheDeclarationOrder() {
        #expect(RuleID.allCases.map(\.order) == Array(0..<RuleID.allCases.count))
        #expect(RuleID.allCases.map(\.rawValue) == [
            "not-public", "no-manager", "missing-department-manager", "no-active-master", "single-master",
            "stale-after-transfer", "inactive-member", "retired-account-active", "directory-behind-hr", "account-not-in-hr",
        ])
        // The account rules (SPEC 3.5) come last, after every group rule.
        #expect(RuleID.groupRules.count == 7 && RuleID.accountRules.count == 3)
        #expect(RuleID.accountRules.allSatisfy(\.isAboutAccount) && !RuleID.groupRules.contains(where: \.isAboutAccount))
        #expect(RuleID.notPublic < RuleID.inactiveMember)
        #expect(!(RuleID.singleMaster < RuleID.singleMaster))
    }
}
