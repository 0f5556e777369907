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
            print("waiver #\(waiver.id): \(ruleId.rawValue) on \(group == "*" ? "every group" : quoted(group))\(subject.map { " (\(quoted($0)))" } ?? "") until \(until); applies from the next analysis")
        }
    }
}

struct WaiversCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "waivers", abstract: "List waivers.")

    @OptionGroup var common: CommonOptions
    @Flag(help: "Include ended (unwaived) waivers.") var all = false

    func run() throws {
        try Terminal.run {
            let config = try common.resolvedConfiguration()
            let store = try Store.openForReading(path: config.store.path)
            let waivers = try store.waivers(includeRevoked: all)
            if waivers.isEmpty { print("no waivers") }
            for w in waivers {
                let state = w.revokedAt.map { " ENDED \(config.civilTime.day($0))" } ?? ""
                // Stored text is quoted as in every other message: one line, control characters shown.
                print("#\(w.id)  \(w.rule.rawValue)  \(quoted(w.groupId))\(w.subject.map { "/\(quoted($0))" } ?? "")  until \(w.until)  by \(quoted(w.grantedBy)) on \(config.civilTime.day(w.grantedAt))\(state): \(quoted(w.reason, limit: 500))")
            }
        }
    }
}

struct UnwaiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unwaive", abstract: "End a waiver.")

    @OptionGroup var common: CommonOptions
    @Argument(help: "The waiver id (see `lwgov waivers`).") var id: Int64

    func run() throws {
        try Terminal.run {
            let config = try common.resolvedConfiguration()
            let locked = try common.lockedStore(config)
            defer { withExtendedLifetime(locked) {} }
            let store = locked.store
            try store.revokeWaiver(id: id)
            print("waiver #\(id) ended; findings it covered return at the next analysis")
        }
    }
}
