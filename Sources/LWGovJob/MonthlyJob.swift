import Foundation
import LWGovAnalysis
import LWGovExtract
import LWGovLineWorks
import LWGovModel
import LWGovNotify
import LWGovRender
import LWGovReport
import LWGovStore

/// The monthly job: extract → analyze → render (→ notify), the `Pipeline`'s stages in order,
/// recorded in the store (SPEC 2, 7).
///
/// Each stage commits on its own (a snapshot, an analysis, a published period), so a run killed
/// at any moment leaves the store consistent, and the next run picks up where it stopped: an
/// already stored snapshot is recognised, pending analyses are done, the newest period is
/// rendered again.
public struct MonthlyJob: Sendable {
    public struct Outcome: Sendable {
        public var extract: ExtractReport
        public var analyses: [AnalysisReport]
        public var render: RenderReport
        /// The bot messages, when the job was asked to send them.
        public var notices: NoticePlan?
        public var notify: NotifyReport?
    }

    public let pipeline: Pipeline
    public let templates: TemplateSet

    public init(pipeline: Pipeline, templates: TemplateSet) {
        self.pipeline = pipeline
        self.templates = templates
    }

    /// Runs the stages and records the run in the store.
    ///
    /// - Parameter sender: the bot; given, the managers are told after a successful render.
    /// - Throws: the first stage's error; the run record says `failed` with its message.
    public func run(
        _ source: SnapshotSource, acceptShrink: Bool = false, outputDirectory: String, sender: BotSender? = nil
    ) async throws -> Outcome {
        let store = pipeline.store
        let runId = try store.startRun()
        var outcome: Outcome
        let newest: PeriodReport
        do {
            (outcome, newest) = try await stages(source, acceptShrink: acceptShrink, outputDirectory: outputDirectory)
            let counts = "extract=\(outcome.extract.outcome.summary); analysed=\(outcome.analyses.count); findings=\(outcome.render.findings); departments=\(outcome.render.departments)"
            let snapshotId: Int64? = switch outcome.extract.outcome {
            case .stored(let id, _, _), .duplicate(let id): id
            }
            try store.finishRun(id: runId, outcome: "ok", snapshotId: snapshotId, counts: counts, error: nil)
        } catch {
            let message = (error as? any LocalizedError)?.errorDescription ?? String(describing: error)
            try? store.finishRun(id: runId, outcome: "failed", snapshotId: nil, counts: "", error: message)
            throw error
        }
        // The reports are out; a message that cannot be sent now is sent by the next `notify`.
        if let sender {
            // The period just published, as it was rendered: not read from the store again.
            let plan = try pipeline.notices(newest)
            outcome.notices = plan
            outcome.notify = try await pipeline.send(plan, sender: sender)
        }
        return outcome
    }

    /// The outcome, and the newest period's report, which the messages are about.
    private func stages(
        _ source: SnapshotSource, acceptShrink: Bool, outputDirectory: String
    ) async throws -> (Outcome, PeriodReport) {
        var extract = try await pipeline.extract(source, acceptShrink: acceptShrink)
        let logger = pipeline.logger
        for diagnostic in extract.diagnostics { logger.warning("extract: \(diagnostic.message)") }
        logger.info("extract: \(extract.outcome.summary): \(extract.users) users, \(extract.orgUnits) org units, \(extract.groups) groups (\(String(format: "%.2f", extract.seconds)) s)")
        let analyses = try pipeline.analyzePending(after: extract)
        // The snapshot just stored went to analysis; the outcome does not keep it alive.
        extract.storedSnapshot = nil
        // Every period analysed now, then the newest (again, if a killed run did not finish it).
        for analysis in analyses.dropLast() {
            _ = try pipeline.publish(try pipeline.report(analysis.snapshot), templates: templates, to: outputDirectory)
        }
        let newest = try pipeline.report(try pipeline.store.analysedSnapshot())
        let rendered = try pipeline.publish(newest, templates: templates, to: outputDirectory)
        return (Outcome(extract: extract, analyses: analyses, render: rendered), newest)
    }
}
