import ArgumentParser
import Foundation
import LWGovConfig
import LWGovJob
import LWGovModel

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "The monthly job: extract (per [source]) → analyze → render, locked, recorded in the store."
    )

    @OptionGroup var common: CommonOptions
    @Option(help: "Snapshot directory (overrides source.files_dir; implies kind = files).") var from: String?
    @Option(help: "Output directory (overrides output.dir).") var out: String?
    @Option(help: "When the snapshot was taken (ISO 8601); overrides snapshot.json.") var takenAt: String?
    @Flag(help: "Store a snapshot with fewer than half the users or groups of the previous one.") var acceptShrink = false
    @Option(help: "Templates overriding the built-in ones (overrides output.templates_dir).") var templatesDir: String?
    @Flag(help: "After a successful render, send the bot messages (see `lwgov notify`).") var notify = false

    func run() async throws {
        try await Terminal.run {
            var config = try common.resolvedConfiguration()
            if let from {
                config.source.kind = .files
                config.source.filesDir = from
            }
            if let out { config.output.dir = out }
            if let templatesDir { config.output.templatesDir = templatesDir }
            guard config.source.kind == .api || !config.source.filesDir.isEmpty else {
                let looked = common.config.map { "read \($0)" }
                    ?? "no configuration file found in \(ConfigLoader.defaultPaths.joined(separator: " or "))"
                throw ConfigError("source.files_dir is empty (\(looked)): set it in the configuration or give --from DIR")
            }
            let logger = common.logger()
            // Secrets, templates and the schema first: a bad [api] or templates_dir is refused
            // (78) before the store is opened, let alone a snapshot stored.
            let kind: SnapshotSource.Kind = switch config.source.kind {
            case .files: .files(directory: config.source.filesDir)
            case .api: .api(try APIAccess.fetcher(config, logger: logger), transfersFile: config.source.transfersFile)
            }
            let sender = notify ? try APIAccess.botSender(config, logger: logger) : nil
            let templates = try config.templates()
            let locked = try common.lockedStore(config)
            let job = MonthlyJob(pipeline: common.pipeline(config, locked), templates: templates)
            let outcome = try await job.run(
                SnapshotSource(kind, takenAt: takenAt), acceptShrink: acceptShrink, outputDirectory: config.output.dir, sender: sender
            )
            print(outcome.render.index)
            if let plan = outcome.notices, let report = outcome.notify { try NotifyCommand.finish(report, plan: plan, config: config) }
            withExtendedLifetime(locked) {}
        }
    }
}
