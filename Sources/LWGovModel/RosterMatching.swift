/// How roster rows find accounts and org units (`hr.match_by`, `hr.orgunit_match_by`, SPEC 3.5).
public struct RosterMatching: Sendable, Hashable {
    /// The account field a roster row is matched on; the roster's column of the same name holds
    /// the value.
    public enum UserField: String, Sendable, Hashable, CaseIterable {
        case employeeNumber, email, userExternalKey
    }

    /// The org unit field the roster's `orgUnitCode` is matched on.
    public enum UnitField: String, Sendable, Hashable, CaseIterable {
        case orgUnitExternalKey, orgUnitId
    }

    public var matchBy: UserField
    public var orgUnitMatchBy: UnitField

    public init(matchBy: UserField = .employeeNumber, orgUnitMatchBy: UnitField = .orgUnitExternalKey) {
        self.matchBy = matchBy
        self.orgUnitMatchBy = orgUnitMatchBy
    }

    /// The roster column that holds the value matched against accounts.
    public var rosterColumn: String { matchBy.rawValue }

    /// The value of an account that a roster row must equal; nil or empty never matches.
    public func key(of user: User) -> String? {
        let value: String? = switch matchBy {
        case .employeeNumber: user.employeeNumber
        case .email: user.email
        case .userExternalKey: user.externalKey
        }
        return value?.isEmpty == false ? value : nil
    }

    /// The value of a roster row that is matched against accounts.
    public func key(of entry: RosterEntry) -> String? {
        let value = matchBy == .employeeNumber ? entry.employeeNumber : entry.matchValue
        return value?.isEmpty == false ? value : nil
    }

    /// The value of an org unit that a roster code must equal.
    public func code(of unit: OrgUnit) -> String? {
        let value = orgUnitMatchBy == .orgUnitId ? unit.id : unit.externalKey
        return value?.isEmpty == false ? value : nil
    }
}
