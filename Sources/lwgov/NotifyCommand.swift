import ArgumentParser
import Foundation
import LWGovConfig
import LWGovJob
import LWGovLineWorks
import LWGovModel
import LWGovNotify
import LWGovReport
import LWGovStore

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
            if dryRun {
                // Reading only: no lock, nothing recorded.
                let pipeline = Pipeline(store: try Store.open(path: config.store.path), configuration: config, logger: common.logger())
                let plan = try pipeline.notices(try pipeline.report(try pipeline.store.analysedSnapshot(period: period)))
                print("\(plan.notices.count) message(s) for \(plan.period)\(plan.notices.isEmpty ? "" : ":")")
                for notice in plan.notices {
                    let note = plan.alreadySent.contains(notice) ? " (already sent; would be skipped)" : ""
                    let about = notice.kind == .escalation ? "escalation for \(notice.departmentName)" : notice.departmentName
                    print("\n── to \(notice.recipientName) (\(notice.userId)), \(about)\(note) ──")
                    print(notice.text)
                }
                return
            }
            let sender = try APIAccess.botSender(config, logger: common.logger())
            let locked = try common.lockedStore(config)
            let pipeline = common.pipeline(config, locked)
            let plan = try pipeline.notices(try pipeline.report(try pipeline.store.analysedSnapshot(period: period)))
            try Self.finish(try await pipeline.send(plan, sender: sender), plan: plan, config: config)
            withExtendedLifetime(locked) {}
        }
    }

    /// What `notify` and `run --notify` say when the messages went out (or did not).
    static func finish(_ result: NotifyReport, plan: NoticePlan, config: Configuration) throws {
        if result.outsideWindow, result.sent.isEmpty, result.failed.isEmpty {
            Terminal.warn("outside the sending window (\(config.notify.workingDays.joined(separator: ",")) \(config.notify.workingHours), \(config.organization.timeZone)); nothing sent; run `lwgov notify` in working hours")
            return
        }
        print("\(plan.period): sent \(result.sent.count), already sent \(result.alreadySent.count), failed \(result.failed.count)")
        if result.outsideWindow {
            Terminal.warn("the working day ended during the run; the other messages wait for the next `lwgov notify`")
        }
        if let first = result.failed.first {
            throw APIError(.unavailable, "\(result.failed.count) message(s) could not be sent (first: \(quoted(first.notice.userId)): \(first.error)); the others were sent; run `lwgov notify` again to retry")
        }
    }
}
