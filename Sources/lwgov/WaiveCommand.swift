import ArgumentParser
import LWGovJob
import Foundation
import LWGovModel
import LWGovStore

struct WaiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "waive",
        abstract: "Grant an exception for a rule on a group (or '*' for all groups) until a date."
    )

    @OptionGroup var common: CommonOptions
    @Option(help: "Rule id, e.g. single-master.") var rule: String
    @Option(help: "Group id, or '*' for every group; '' for an account rule (retired-account-active …), whose findings have no group.") var group: String
    @Option(help: "Only this subject (department or user id); default every subject.") var subject: String?
    @Option(help: "Last day covered, YYYY-MM-DD (inclusive).") var until: String
    @Option(help: "Why the exception is granted.") var reason: String
    @Option(help: "Who approved it.") var by: String

    func run() throws {
        try Terminal.run {
            let config = try common.resolvedConfiguration()
            guard let ruleId = RuleID(rawValue: rule) else {
                throw ValidationError("--rule '\(rule)' is not a rule id (\(RuleID.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard config.civilTime.parseDay(until) != nil else { throw ValidationError("--until '\(until)' is not a date YYYY-MM-DD") }
            guard !reason.trimmingCharacters(in: .whitespaces).isEmpty, !by.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--reason and --by must not be empty")
            }
            // Account findings (SPEC 3.5) have no group: their waivers name the group ''.
            if ruleId.isAboutAccount {
                guard group.isEmpty || group == "*" else {
                    throw ValidationError("--rule \(ruleId.rawValue) is about accounts, which have no group: give --group '' and --subject USER")
                }
            } else {
                guard !group.isEmpty else { throw ValidationError("--group must not be empty (only account rules take --group '')") }
            }
            let locked = try common.lockedStore(config)
            defer { withExtendedLifetime(locked) {} }
            let store = locked.store
            let waiver = try store.addWaiver(
                rule: ruleId, groupId: group, subject: subject, until: until, reason: reason, grantedBy: by
            )
            print("waiver #\(waiver.id): \(ruleId.rawValue) on \(FindingTarget.text(groupId: group, subject: subject)) until \(until); applies from the next analysis")
        }
    }
}
