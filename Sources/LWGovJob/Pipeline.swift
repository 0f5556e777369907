import Foundation
import Logging
import LWGovAnalysis
import LWGovConfig
import LWGovExtract
import LWGovLineWorks
import LWGovModel
import LWGovNotify
import LWGovRender
import LWGovReport
import LWGovStore

/// The stages of lwgov, each named by what it takes and what it gives:
///
/// snapshot source → stored snapshot (`ExtractReport`) → analyses (`AnalysisReport`)
/// → period report (`PeriodReport`) → published period (`RenderReport`) → notices (`NoticePlan`).
///
/// Every command that does more than read the store goes through these; `MonthlyJob` chains
/// them. Each stage commits on its own, so a run killed between two stages leaves the store
/// consistent and the next run carries on.
public struct Pipeline: Sendable {
    public let store: Store
    public let configuration: Configuration
    public let logger: Logger
    /// The clock for report times (`generatedAt`) and the sending window.
    public var now: @Sendable () -> Date = { Date() }

    public init(store: Store, configuration: Configuration, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
    }

    public var civilTime: CivilTime { configuration.civilTime }

    // MARK: snapshot → stored snapshot

    /// Reads a snapshot (a folder or the API) and stores it in one transaction. Its
    /// diagnostics are the caller's to show.
    ///
    /// - Throws: `ExtractError` (65), `APIError` (69, 78), `StoreError`.
    public func extract(_ source: SnapshotSource, acceptShrink: Bool = false) async throws -> ExtractReport {
        let extractor = Extractor(
            store: store, options: configuration.storeOptions(acceptShrink: acceptShrink), roster: configuration.hr.roster, logger: logger
        )
        switch source.kind {
        case .files(let directory):
            return try extractor.extract(directory: directory, takenAt: source.takenAt)
        case .api(let fetcher, let transfersFile):
            return try await extractor.extract(api: fetcher, takenAt: source.takenAt, transfersFile: transfersFile)
        }
    }

    // MARK: stored snapshot → analyses

    /// Analyses every stored snapshot not analysed yet; the one just stored is handed over as
    /// it is instead of being read back.
    public func analyzePending(after extract: ExtractReport? = nil) throws(StoreError) -> [AnalysisReport] {
        let fresh: (id: Int64, snapshot: DirectorySnapshot)? = switch (extract?.outcome, extract?.storedSnapshot) {
        case (.stored(let id, _, _), .some(let snapshot)): (id, snapshot)
        default: nil
        }
        let analyses = try analyzer.analyzePending(fresh: fresh)
        if analyses.isEmpty { logger.info("analyze: nothing new to analyse") }
        return analyses
    }

    /// Analyses one snapshot again, and the analysed ones after it.
    public func analyze(snapshotId: Int64) throws(StoreError) -> [AnalysisReport] {
        try analyzer.analyze(snapshotId: snapshotId)
    }

    private var analyzer: Analyzer {
        Analyzer(store: store, settings: configuration.analysisSettings, logger: logger)
    }

    // MARK: analysis → period report

    /// Everything the reports and messages of one period show.
    public func report(_ snapshot: SnapshotInfo) throws(StoreError) -> PeriodReport {
        let start = ContinuousClock.now
        let report = try PeriodReport.load(
            store: store, snapshot: snapshot, organizationName: configuration.organization.name,
            responsibleSection: configuration.organization.responsibleSection, civilTime: civilTime, generatedAt: now()
        )
        logger.debug("report: \(snapshot.period) loaded in \(String(format: "%.2f", Double((ContinuousClock.now - start) / .milliseconds(1)) / 1000)) s")
        return report
    }

    // MARK: period report → published period

    /// Writes and publishes `outputDirectory/<period>/`, replacing it as a whole.
    ///
    /// - Throws: `RenderError` (.cannotWrite: an invalid document or an unwritable folder).
    public func publish(_ report: PeriodReport, templates: TemplateSet, to outputDirectory: String) throws -> RenderReport {
        try Renderer(templates: templates, logger: logger).render(report, to: outputDirectory)
    }

    // MARK: period report → notices

    /// The bot messages of a period, and which of them an earlier run already sent.
    public func notices(_ report: PeriodReport) throws(StoreError) -> NoticePlan {
        let directory = try store.loadSnapshot(id: report.snapshot.id)
        let composer = NoticeComposer(
            report: report, directory: directory, settings: configuration.notify, managerPositions: configuration.managers.positions,
            countOnLeave: configuration.managers.countOnLeave, outputDirectory: configuration.output.dir
        )
        // The department's managers, then the 部長 about findings long overdue (SPEC 3.6).
        let notices = composer.notices() + composer.escalations(afterDays: configuration.remediation.escalateAfterDays)
        let alreadySent = try notifier.pending(notices, period: report.period).alreadySent
        return NoticePlan(period: report.period, notices: notices, alreadySent: Set(alreadySent))
    }

    /// Sends the messages not sent before, in working hours only.
    public func send(_ plan: NoticePlan, sender: BotSender) async throws -> NotifyReport {
        try await notifier.send(plan.notices, period: plan.period, sender: sender)
    }

    private var notifier: Notifier {
        var notifier = Notifier(store: store, settings: configuration.notify, civilTime: civilTime, logger: logger)
        notifier.clock = now
        return notifier
    }
}
