import ArgumentParser
import LWGovStore

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
