import ArgumentParser
import LWGovJob
import LWGovExtract

struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Store one snapshot of the directory (all of it, or nothing)."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .long, help: "Snapshot directory with users.json, orgunits.json, groups.json [, transfers.csv, snapshot.json].")
    var from: String?

    @Flag(name: .long, help: "Read the directory from the LINE WORKS API 2.0 (per [api] in the configuration).")
    var api = false

    @Option(name: .long, help: "With --api: a transfers.csv with the transfers' effective dates (overrides source.transfers_file).")
    var transfers: String?

    @Option(name: .long, help: "When the snapshot was taken (ISO 8601); overrides snapshot.json.")
    var takenAt: String?

    @Flag(name: .long, help: "Store a snapshot with fewer than half the users or groups of the previous one.")
    var acceptShrink = false

    func validate() throws {
        if api == (from != nil) { throw ValidationError("give exactly one of --from DIR or --api") }
        if transfers != nil, !api { throw ValidationError("--transfers goes with --api; a snapshot directory carries its own transfers.csv") }
    }

    func run() async throws {
        try await Terminal.run {
            let config = try common.resolvedConfiguration()
            let logger = common.logger()
            // Secrets are checked before the lock is taken or anything is fetched.
            let kind: SnapshotSource.Kind = api
                ? .api(try APIAccess.fetcher(config, logger: logger), transfersFile: transfers ?? config.source.transfersFile)
                : .files(directory: from ?? "")
            let locked = try common.lockedStore(config)
            defer { withExtendedLifetime(locked) {} }
            let report = try await common.pipeline(config, locked).extract(SnapshotSource(kind, takenAt: takenAt), acceptShrink: acceptShrink)
            for diagnostic in report.diagnostics { Terminal.warn(diagnostic.message) }
            print(ExtractSummary.line(report))
        }
    }
}
