import ArgumentParser
import Foundation
import LWGovStore

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the store's snapshots, latest findings and departments with open findings."
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        try Terminal.run {
            let config = try common.resolvedConfiguration()
            let store = try Store.open(path: config.store.path)
            let snapshots = try store.snapshots()
            print("store: \(config.store.path)")
            print("snapshots: \(snapshots.count)")
            for s in snapshots {
                let state = s.pruned ? " (pruned)" : ""
                print("  #\(s.id)  \(s.takenAtText)  \(s.userCount) users  \(s.groupCount) groups  \(s.transferCount) transfers\(state)")
            }
        }
    }
}
