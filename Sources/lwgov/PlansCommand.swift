import ArgumentParser
import LWGovJob
import LWGovModel
import LWGovStore

struct PlansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plans", abstract: "List remediation plans.")

    @OptionGroup var common: CommonOptions
    @Flag(help: "Include ended plans (unplanned, resolved or replaced).") var all = false

    func run() throws {
        try Terminal.run {
            let config = try common.resolvedConfiguration()
            let store = try Store.openForReading(path: config.store.path)
            let plans = try store.plans(includeEnded: all)
            if plans.isEmpty { print("no plans") }
            for p in plans {
                let ended = p.endedAt.map { " ENDED \(config.civilTime.day($0)) (\(p.ending?.rawValue ?? "?"))" } ?? ""
                print("#\(p.id)  \(p.key.rule.rawValue)  \(FindingTarget.text(groupId: p.key.groupId, subject: p.key.subject))  due \(p.due)  by \(quoted(p.by)) on \(config.civilTime.day(p.createdAt))\(ended): \(quoted(p.note, limit: 500))")
            }
        }
    }
}
