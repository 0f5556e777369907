import Foundation
import LWGovAnalysis
import LWGovConfig
import LWGovModel
import LWGovRender
import LWGovStore

extension Configuration {
    /// The organisation's clock and calendar (`organization.time_zone`).
    public var civilTime: CivilTime {
        // Validated by ConfigLoader.validate; UTC only as a defensive fallback.
        CivilTime(identifier: organization.timeZone) ?? CivilTime(timeZone: TimeZone(identifier: "UTC") ?? .current)
    }

    /// How a snapshot is stored.
    public func storeOptions(acceptShrink: Bool = false) -> StoreOptions {
        StoreOptions(
            departmentLevel: organization.departmentLevel, civilTime: civilTime, acceptShrink: acceptShrink,
            keepSnapshots: store.keepSnapshots, rosterMatching: hr.matching
        )
    }

    /// How the rules are applied.
    public var analysisSettings: AnalysisSettings {
        AnalysisSettings(
            civilTime: civilTime, departmentLevel: organization.departmentLevel, managerPositions: managers.positions,
            transferGraceDays: rules.transferGraceDays, disabledRules: rules.disabled, responsibleSection: organization.responsibleSection,
            countOnLeave: managers.countOnLeave, mastersAreMembers: membership.mastersAreMembers,
            orgunitIncludesSubunits: membership.orgunitIncludesSubunits, rosterMatching: hr.matching, ignoreUsers: hr.ignoreUsers,
            dueDays: remediation.dueDays
        )
    }

    /// The built-in templates, overridden by `output.templates_dir` when it is set; checked now,
    /// so a bad folder is refused (78) before anything is stored.
    public func templates() throws(RenderError) -> TemplateSet {
        try TemplateSet.load(overrideDirectory: output.templatesDir.isEmpty ? nil : output.templatesDir)
    }
}
