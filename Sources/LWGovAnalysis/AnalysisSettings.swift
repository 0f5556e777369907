import Foundation
import LWGovModel
import LWGovStore

/// How the rules are applied: the configuration's rule settings.
public struct AnalysisSettings: Sendable {
    public var departmentLevel: Int
    public var managerPositions: [String]
    public var transferGraceDays: Int
    public var disabledRules: [String]
    public var civilTime: CivilTime
    public var responsibleSection: String
    /// Managers on 休職 count as present (`managers.count_on_leave`).
    public var countOnLeave: Bool
    /// Masters count as members (`membership.masters_are_members`).
    public var mastersAreMembers: Bool
    /// An ORGUNIT member brings its subtree's posts (`membership.orgunit_includes_subunits`).
    public var orgunitIncludesSubunits: Bool
    /// How HR roster rows find accounts and org units (`hr.match_by`, `hr.orgunit_match_by`).
    public var rosterMatching: RosterMatching
    /// `hr.ignore_users`: user ids or e-mail addresses of known service and shared accounts,
    /// which `account-not-in-hr` does not report.
    public var ignoreUsers: [String]
    /// Days to fix an open finding, by severity (`remediation.due_days`, SPEC 3.6).
    public var dueDays: DueDays

    /// The SPEC's defaults (SPEC 6): the configuration file starts from these too.
    public enum Defaults {
        public static let departmentLevel = 2
        public static let managerPositions = ["部長", "次長", "課長", "課長補佐", "参事", "室長", "所長"]
        public static let transferGraceDays = 30
        public static let responsibleSection = "ＤＸ推進課"
        public static let countOnLeave = false
        public static let mastersAreMembers = false
        public static let orgunitIncludesSubunits = true
    }

    /// The SPEC's defaults, except where given.
    public init(
        civilTime: CivilTime, departmentLevel: Int = Defaults.departmentLevel, managerPositions: [String] = Defaults.managerPositions,
        transferGraceDays: Int = Defaults.transferGraceDays, disabledRules: [String] = [],
        responsibleSection: String = Defaults.responsibleSection, countOnLeave: Bool = Defaults.countOnLeave,
        mastersAreMembers: Bool = Defaults.mastersAreMembers, orgunitIncludesSubunits: Bool = Defaults.orgunitIncludesSubunits,
        rosterMatching: RosterMatching = RosterMatching(), ignoreUsers: [String] = [], dueDays: DueDays = DueDays()
    ) {
        self.dueDays = dueDays
        self.rosterMatching = rosterMatching
        self.ignoreUsers = ignoreUsers
        self.civilTime = civilTime
        self.departmentLevel = departmentLevel
        self.managerPositions = managerPositions
        self.transferGraceDays = transferGraceDays
        self.disabledRules = disabledRules
        self.responsibleSection = responsibleSection
        self.countOnLeave = countOnLeave
        self.mastersAreMembers = mastersAreMembers
        self.orgunitIncludesSubunits = orgunitIncludesSubunits
    }

    /// A readable record of the settings, stored with each analysis.
    public var summary: String {
        "department_level=\(departmentLevel); positions=\(managerPositions.joined(separator: ",")); transfer_grace_days=\(transferGraceDays); disabled=\(disabledRules.joined(separator: ",")); count_on_leave=\(countOnLeave); masters_are_members=\(mastersAreMembers); orgunit_includes_subunits=\(orgunitIncludesSubunits); hr.match_by=\(rosterMatching.matchBy.rawValue); hr.orgunit_match_by=\(rosterMatching.orgUnitMatchBy.rawValue); hr.ignore_users=\(ignoreUsers.count); remediation.due_days=\(dueDays.high)/\(dueDays.medium)/\(dueDays.low)"
    }
}
