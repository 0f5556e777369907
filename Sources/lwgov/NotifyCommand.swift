import ArgumentParser
import Foundation
import LWGovConfig
import LWGovExtract
import LWGovJob
import LWGovModel
import LWGovNotify
import LWGovRender
import LWGovStore
import Logging

struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Tell department managers about their report through the LINE WORKS bot (once per period, working hours only).",
        discussion: "--dry-run prints every message, recipient by recipient, and sends nothing."
    )

    @OptionGroup var common: CommonOptions
    @Option(help: "Period YYYY-MM (default: the newest analysed one).") var period: String?
    @Option(help: "Report directory named in messages when notify.report_location is empty (overrides output.dir).") var out: String?
    @Flag(help: "Print the messages instead of sending them.") var dryRun = false

    func run() async throws {
        try await Terminal.run {
            var config = try common.resolvedConfiguration()
            if let out { config.output.dir = out }
            try await Notify.run(config: config, period: period, dryRun: dryRun, logger: common.logger())
        }
    }
}

/// Shared by `notify` and `run --notify`.
enum Notify {
    /// - Parameter holdingLock: the caller (`run --notify`) already holds the store lock.
    static func run(
        config: LWGovModel.Configuration, period: String?, dryRun: Bool, logger: Logging.Logger, holdingLock: Bool = false
    ) async throws {
        let store = try Store.open(path: config.store.path)
        let civil = config.civilTime
        let analysed = try store.analysedSnapshots()
        guard let snapshot = period.map({ p in analysed.last { $0.period == p } }) ?? analysed.last else {
            throw StoreError(.badInput, period.map { "no analysed snapshot for period \($0); `lwgov status` lists them" } ?? "nothing to tell: no snapshot has been analysed yet")
        }
        let report = try PeriodReport.load(store: store, snapshot: snapshot, configuration: config, civilTime: civil, generatedAt: Date())
        let directory = try store.loadSnapshot(id: snapshot.id)
        let notices = NoticeComposer(report: report, directory: directory, configuration: config, outputDirectory: config.output.dir).notices()
        let notifier = Notifier(store: store, configuration: config, civilTime: civil, logger: logger)
        if dryRun {
            let alreadySent = Set(try notifier.pending(notices, period: snapshot.period).alreadySent)
            print("\(notices.count) message(s) for \(snapshot.period)\(notices.isEmpty ? "" : ":")")
            for notice in notices {
                let note = alreadySent.contains(notice) ? " (already sent; would be skipped)" : ""
                print("\n── to \(notice.recipientName) (\(notice.userId)), \(notice.departmentName)\(note) ──")
                print(notice.text)
            }
            return
        }
        guard !config.notify.botId.isEmpty else {
            throw ConfigError("notify.bot_id is not set; name the city's bot, or use --dry-run to see the messages")
        }
        let (settings, credentials) = try Pipeline.apiAccess(config, scopes: config.notify.scopes)
        let sender = BotSender(botId: config.notify.botId, settings: settings, credentials: credentials, logger: logger)
        let lock = holdingLock ? nil : try RunLock(storePath: config.store.path)
        defer { withExtendedLifetime(lock) {} }
        let result = try await notifier.send(notices, period: snapshot.period, sender: sender)
        if result.outsideWindow, result.sent.isEmpty, result.failed.isEmpty {
            Terminal.warn("outside the sending window (\(config.notify.workingDays.joined(separator: ",")) \(config.notify.workingHours), \(config.organization.timeZone)); nothing sent; run `lwgov notify` in working hours")
            return
        }
        print("\(snapshot.period): sent \(result.sent.count), already sent \(result.alreadySent.count), failed \(result.failed.count)")
        if result.outsideWindow {
            Terminal.warn("the working day ended during the run; the other messages wait for the next `lwgov notify`")
        }
        if let first = result.failed.first {
            throw APIError(.unavailable, "\(result.failed.count) message(s) could not be sent (first: \(quoted(first.notice.userId)): \(first.error)); the others were sent; run `lwgov notify` again to retry")
        }
    }
}
