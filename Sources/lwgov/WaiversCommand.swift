import ArgumentParser
import LWGovJob
import LWGovModel
import LWGovStore

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
                print("#\(w.id)  \(w.rule.rawValue)  \(FindingTarget.text(groupId: w.groupId, subject: w.subject))  until \(w.until)  by \(quoted(w.grantedBy)) on \(config.civilTime.day(w.grantedAt))\(state): \(quoted(w.reason, limit: 500))")
            }
        }
    }
}
