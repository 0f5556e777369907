import ArgumentParser
import LWGovAnalysis
import LWGovJob

struct UnplanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unplan", abstract: "End a remediation plan.")

    @OptionGroup var common: CommonOptions
    @Argument(help: "The plan id (see `lwgov plans`).") var id: Int64

    func run() throws {
        try Terminal.run {
            let config = try common.resolvedConfiguration()
            let locked = try common.lockedStore(config)
            defer { withExtendedLifetime(locked) {} }
            try RemediationPlans(store: locked.store, settings: config.analysisSettings).unplan(id: id)
            print("plan #\(id) ended; the finding's default due date applies again")
        }
    }
}
