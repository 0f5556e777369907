import ArgumentParser
import LWGovModel
import LWGovStore

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show stored snapshots, the latest analysis by rule and status, and departments with most open findings."
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "How many departments to list.") var top = 10

    func run() throws {
        try Terminal.run {
            let config = try common.resolvedConfiguration()
            let store = try Store.openForReading(path: config.store.path)
            let snapshots = try store.snapshots()
            print("store: \(config.store.path)")
            if let run = try store.runs(limit: 1).first {
                let civil = config.civilTime
                let ended = run.endedAt.map { civil.timestamp($0) } ?? "-"
                print("latest run: #\(run.id) \(run.outcome ?? "running") started \(civil.timestamp(run.startedAt)) ended \(ended)\(run.error.map { ": \(quoted($0, limit: 300))" } ?? "")")
            }
            print("snapshots: \(snapshots.count)")
            for s in snapshots {
                let state = s.pruned ? " (pruned)" : ""
                print("  #\(s.id)  \(s.takenAtText)  \(s.userCount) users  \(s.groupCount) groups  \(s.transferCount) transfers\(state)")
            }
            guard let latest = try store.analysedSnapshots().last else {
                print("no analysis yet: run `lwgov analyze`")
                return
            }
            let states = try store.findingStates(snapshotId: latest.id)
            print("")
            print(StatusTable.render(states: states, period: latest.period))
            let departments = Dictionary(uniqueKeysWithValues: try store.departments(snapshotId: latest.id).map { ($0.id, $0) })
            var open: [String: Int] = [:]
            for record in states where [.new, .open, .reopened].contains(record.status) {
                for d in record.finding.departments { open[d, default: 0] += 1 }
                if record.finding.departments.isEmpty { open["", default: 0] += 1 }
            }
            print("")
            print("departments with most open findings:")
            for (id, count) in open.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(top) {
                let name = id.isEmpty ? "(所属不明)" : quoted(departments[id]?.path ?? id, limit: 120)
                print("  \(String(count).leftPadded(5))  \(name)")
            }
        }
    }
}
