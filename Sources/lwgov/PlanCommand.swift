import ArgumentParser
import Foundation
import LWGovAnalysis
import LWGovJob
import LWGovModel

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Record what a department has promised for a finding: its date becomes the finding's due date."
    )

    @OptionGroup var common: CommonOptions
    @Option(help: "Rule id, e.g. single-master.") var rule: String
    @Option(help: "Group id; '' for an account rule's finding, which has no group.") var group: String
    @Option(help: "The finding's subject (department or user id), when it has one.") var subject = ""
    @Option(help: "The promised date, YYYY-MM-DD.") var due: String
    @Option(help: "What the department will do.") var note: String
    @Option(help: "Who promised it.") var by: String

    func run() throws {
        try Terminal.run {
            let config = try common.resolvedConfiguration()
            guard let ruleId = RuleID(rawValue: rule) else {
                throw ValidationError("--rule '\(rule)' is not a rule id (\(RuleID.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard !note.trimmingCharacters(in: .whitespaces).isEmpty, !by.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--note and --by must not be empty")
            }
            let locked = try common.lockedStore(config)
            defer { withExtendedLifetime(locked) {} }
            let plans = RemediationPlans(store: locked.store, settings: config.analysisSettings)
            let plan = try plans.plan(FindingKey(rule: ruleId, groupId: group, subject: subject), due: due, note: note, by: by)
            print("plan #\(plan.id): \(plan.key.rule.rawValue) \(FindingTarget.text(groupId: plan.key.groupId, subject: subject)) due \(plan.due); the next render shows it")
        }
    }
}
