import Foundation
import LWGovAnalysis
import LWGovExtract
import LWGovLineWorks
import LWGovModel
import LWGovNotify

/// The whole configuration (SPEC 6), with the SPEC's defaults.
public struct Configuration: Sendable, Equatable {
    public struct Organization: Sendable, Equatable {
        public var name = "翠川市"
        public var responsibleSection = AnalysisSettings.Defaults.responsibleSection
        public var departmentLevel = AnalysisSettings.Defaults.departmentLevel
        public var timeZone = "Asia/Tokyo"
    }

    public struct Managers: Sendable, Equatable {
        public var positions = AnalysisSettings.Defaults.managerPositions
        /// A manager on 休職 counts as present (SPEC 2.2); by default they do not.
        public var countOnLeave = AnalysisSettings.Defaults.countOnLeave
    }

    /// How group membership is read (SPEC 2.3).
    public struct Membership: Sendable, Equatable {
        /// Masters count as members (the first revision's reading); in LINE WORKS they do not.
        public var mastersAreMembers = AnalysisSettings.Defaults.mastersAreMembers
        /// An ORGUNIT member brings the posts of its whole subtree, not only of the unit itself.
        public var orgunitIncludesSubunits = AnalysisSettings.Defaults.orgunitIncludesSubunits
    }

    public struct Rules: Sendable, Equatable {
        public var transferGraceDays = AnalysisSettings.Defaults.transferGraceDays
        public var disabled: [String] = []
    }

    /// Due dates and escalation (SPEC 3.6).
    public struct Remediation: Sendable, Equatable {
        /// `remediation.due_days`: days to fix an open finding, by severity.
        public var dueDays = DueDays()
        /// `remediation.escalate_after_days`: findings overdue this long go to the 部長 too.
        public var escalateAfterDays = 30
    }

    /// The HR roster (SPEC 3.5).
    public struct HR: Sendable, Equatable {
        /// `hr.roster_file` and `hr.encoding`.
        public var roster = RosterInput()
        /// `hr.match_by` and `hr.orgunit_match_by`.
        public var matching = RosterMatching()
        /// `hr.ignore_users`: user ids or e-mail addresses of known service and shared accounts.
        public var ignoreUsers: [String] = []
    }

    public struct Store: Sendable, Equatable {
        public var path = "./lwgov.sqlite"
        public var keepSnapshots = 24
    }

    public enum SourceKind: String, Sendable, Equatable {
        case api, files
    }

    public struct Source: Sendable, Equatable {
        public var kind = SourceKind.files
        public var filesDir = ""
        /// For kind = "api": an optional `transfers.csv` with the 人事異動 effective dates (SPEC 3.3).
        public var transfersFile = ""
    }

    public struct Output: Sendable, Equatable {
        public var dir = "./reports"
        public var templatesDir = ""
    }

    public var organization = Organization()
    public var managers = Managers()
    public var membership = Membership()
    public var rules = Rules()
    public var remediation = Remediation()
    public var hr = HR()
    public var store = Store()
    public var source = Source()
    public var api = APIConfiguration()
    public var output = Output()
    public var notify = NotifySettings()

    public init() {}
}
