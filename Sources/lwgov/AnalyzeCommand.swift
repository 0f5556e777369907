import ArgumentParser
import LWGovJob
import LWGovConfig
import LWGovModel
import LWGovStore

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Check stored snapshots against the guideline and update the finding history.",
        discussion: "Without --snapshot, analyses every stored snapshot not analysed yet, oldest first."
    )

    @OptionGroup var common: CommonOptions

    @Option(help: "Analyse (again) this snapshot id, and re-analyse later analysed ones.")
    var snapshot: Int64?

    @Option(help: "Days after a transfer before an untouched group is flagged (overrides rules.transfer_grace_days).")
    var transferGraceDays: Int?

    @Option(help: "Rule id not to check (repeatable; adds to rules.disabled).")
    var disable: [String] = []

    func run() throws {
        try Terminal.run {
            var config = try common.resolvedConfiguration()
            if let transferGraceDays { config.rules.transferGraceDays = transferGraceDays }
            config.rules.disabled += disable
            try ConfigLoader.validate(config, file: "command line")
            let locked = try common.lockedStore(config)
            defer { withExtendedLifetime(locked) {} }
            let pipeline = common.pipeline(config, locked)
            let reports = try snapshot.map { id throws(StoreError) in try pipeline.analyze(snapshotId: id) } ?? pipeline.analyzePending()
            if reports.isEmpty { print("nothing to analyse: every stored snapshot is analysed") }
            for report in reports {
                let c = report.counts
                print("analysed snapshot #\(report.snapshot.id) (\(report.snapshot.period)): \(report.findings) findings: new \(c[.new] ?? 0), open \(c[.open] ?? 0), reopened \(c[.reopened] ?? 0), waived \(c[.waived] ?? 0); resolved \(c[.resolved] ?? 0)")
            }
        }
    }
}
