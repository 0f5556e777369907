import ArgumentParser
import LWGovJob
import LWGovStore

struct ForgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forget",
        abstract: "Remove a snapshot stored by mistake, with its analysis; later snapshots are analysed again.",
        discussion: "Takes the run lock. Reports already published for the removed period are not deleted."
    )

    @OptionGroup var common: CommonOptions
    @Option(help: "The snapshot id to remove (see `lwgov snapshots`).") var snapshot: Int64

    func run() throws {
        try Terminal.run {
            let config = try common.resolvedConfiguration()
            let locked = try common.lockedStore(config)
            defer { withExtendedLifetime(locked) {} }
            let report = try locked.store.forget(snapshotId: snapshot)
            print("forgot snapshot #\(report.snapshot.id) taken at \(report.snapshot.takenAtText) (\(report.snapshot.period)); \(report.findingsRemoved) finding(s) only it had seen removed")
            guard !report.toReanalyse.isEmpty else { return }
            for analysis in try common.pipeline(config, locked).analyzePending() {
                print("re-analysed snapshot #\(analysis.snapshot.id) (\(analysis.snapshot.period)): \(analysis.findings) findings")
            }
        }
    }
}
