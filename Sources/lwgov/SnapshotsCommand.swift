import ArgumentParser
import LWGovStore

struct SnapshotsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshots",
        abstract: "List the stored snapshots: id, taken at, period, counts, whether analysed."
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        try Terminal.run {
            let config = try common.resolvedConfiguration()
            let store = try Store.openForReading(path: config.store.path)
            let snapshots = try store.snapshots()
            let analysed = Set(try store.analysedSnapshots().map(\.id))
            if snapshots.isEmpty { print("no snapshots stored") }
            for s in snapshots {
                var notes: [String] = [analysed.contains(s.id) ? "analysed" : "not analysed"]
                if s.pruned { notes.append("pruned") }
                print("#\(s.id)  \(s.takenAtText)  \(s.period)  \(s.userCount) users  \(s.groupCount) groups  \(s.transferCount) transfers  (\(notes.joined(separator: ", ")))")
            }
        }
    }
}
