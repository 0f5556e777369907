/// Every rule lwgov checks, in the SPEC's order. Adding a rule means adding it here.
public enum RuleRegistry {
    public static let all: [any GroupRule] = [
        NotPublicRule(), NoManagerRule(), MissingDepartmentManagerRule(), NoActiveMasterRule(), SingleMasterRule(),
        StaleAfterTransferRule(), InactiveMemberRule(),
    ]

    /// The rules about accounts (SPEC 3.5), checked only for a snapshot with an HR roster.
    public static let accountRules: [any AccountRule] = [
        RetiredAccountActiveRule(), DirectoryBehindHRRule(), AccountNotInHRRule(),
    ]

    /// The rules not disabled in the configuration.
    public static func enabled(disabled: [String]) -> [any GroupRule] {
        let off = Set(disabled)
        return all.filter { !off.contains($0.id.rawValue) }
    }

    /// The account rules not disabled in the configuration.
    public static func enabledAccountRules(disabled: [String]) -> [any AccountRule] {
        let off = Set(disabled)
        return accountRules.filter { !off.contains($0.id.rawValue) }
    }
}
