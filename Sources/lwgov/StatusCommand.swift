import ArgumentParser
import LWGovJob
import LWGovModel
import LWGovReport
import LWGovStore

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show stored snapshots, the latest analysis by rule and status, and the departments with most open (and overdue) findings."
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
            // The same period report and department figures the reports and messages show.
            let report = try Pipeline(store: store, configuration: config, logger: common.logger()).report(latest)
            print("")
            print(StatusTable.render(report))
            var rows = report.reportedDepartments.map { (id: $0.id, name: quoted($0.path, limit: 120), figures: report.figures(for: $0.id)) }
            rows.append((id: "", name: "(所属不明)", figures: report.figures(for: "")))
            print("")
            print("departments with most open findings:")
            print("   open  overdue  department")
            for row in rows.filter({ $0.figures.open > 0 }).sorted(by: { ($0.figures.open, $1.id) > ($1.figures.open, $0.id) }).prefix(top) {
                print("  \(String(row.figures.open).leftPadded(5))  \(String(row.figures.overdue).leftPadded(7))  \(row.name)")
            }
        }
    }
}
