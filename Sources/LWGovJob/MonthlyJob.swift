import Foundation
import Logging
import LWGovAnalysis
import LWGovExtract
import LWGovModel
import LWGovRender
import LWGovStore

/// The monthly job: extract → analyze → render, composed in one place (SPEC 2, 7).
///
/// Each stage commits on its own (a snapshot, an analysis, a published period), so a run killed
/// at any moment leaves the store consistent, and the next run picks up where it stopped: an
/// already stored snapshot is recognised, pending analyses are done, the newest period is
/// rendered again.
public struct MonthlyJob: Sendable {
    public struct Source: Sendable {
        public enum Kind: Sendable {
            /// A snapshot directory.
            case files(directory: String)
            /// The LINE WORKS API, with an optional `transfers.csv`.
            case api(DirectoryFetcher, transfersFile: String?)
        }

        public var kind: Kind
        public var takenAt: String?
        public var acceptShrink: Bool

        public init(kind: Kind, takenAt: String? = nil, acceptShrink: Bool = false) {
            self.kind = kind
            self.takenAt = takenAt
            self.acceptShrink = acceptShrink
        }
    }

    public struct Outcome: Sendable {
        public var extract: ExtractReport
        public var analyses: [AnalysisReport]
        public var render: RenderReport
    }

    public let store: Store
    public let configuration: Configuration
    public let civilTime: CivilTime
    public let templates: TemplateSet
    public let logger: Logger

    public init(store: Store, configuration: Configuration, civilTime: CivilTime, templates: TemplateSet, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.civilTime = civilTime
        self.templates = templates
        self.logger = logger
    }

    /// Runs the three stages and records the run in the store.
    ///
    /// - Throws: the first stage's error; the run record says `failed` with its message.
    public func run(source: Source, outputDirectory: String) async throws -> Outcome {
        let runId = try store.startRun()
        do {
            let outcome = try await stages(source: source, outputDirectory: outputDirectory)
            let counts = "extract=\(Self.describe(outcome.extract.outcome)); analysed=\(outcome.analyses.count); findings=\(outcome.render.findings); departments=\(outcome.render.departments)"
            let snapshotId: Int64? = switch outcome.extract.outcome {
            case .stored(let id, _, _), .duplicate(let id): id
            }
            try store.finishRun(id: runId, outcome: "ok", snapshotId: snapshotId, counts: counts, error: nil)
            return outcome
        } catch {
            let message = (error as? any LocalizedError)?.errorDescription ?? String(describing: error)
            try? store.finishRun(id: runId, outcome: "failed", snapshotId: nil, counts: "", error: message)
            throw error
        }
    }

    private func stages(source: Source, outputDirectory: String) async throws -> Outcome {
        let options = StoreOptions(
            departmentLevel: configuration.organization.departmentLevel, civilTime: civilTime,
            acceptShrink: source.acceptShrink, keepSnapshots: configuration.store.keepSnapshots
        )
        let extractor = Extractor(store: store, options: options, logger: logger)
        var extract = switch source.kind {
        case .files(let directory): try extractor.extract(directory: directory, takenAt: source.takenAt)
        case .api(let fetcher, let transfersFile):
            try await extractor.extract(api: fetcher, takenAt: source.takenAt, transfersFile: transfersFile)
        }
        for diagnostic in extract.diagnostics { logger.warning("extract: \(diagnostic.message)") }
        logger.info("extract: \(Self.describe(extract.outcome)): \(extract.users) users, \(extract.orgUnits) org units, \(extract.groups) groups (\(String(format: "%.2f", extract.seconds)) s)")

        let analyzer = Analyzer(store: store, settings: AnalysisSettings(configuration: configuration, civilTime: civilTime), logger: logger)
        // The snapshot just stored goes straight to analysis; the report does not keep it alive.
        let fresh: (id: Int64, snapshot: DirectorySnapshot)? = switch (extract.outcome, extract.storedSnapshot) {
        case (.stored(let id, _, _), .some(let snapshot)): (id, snapshot)
        default: nil
        }
        extract.storedSnapshot = nil
        let analyses = try analyzer.analyzePending(fresh: fresh)
        if analyses.isEmpty { logger.info("analyze: nothing new to analyse") }

        let renderer = Renderer(store: store, configuration: configuration, civilTime: civilTime, templates: templates, logger: logger)
        // Every period analysed now, then the newest (again, if a killed run did not finish it).
        for analysis in analyses.dropLast() { _ = try renderer.render(snapshot: analysis.snapshot, to: outputDirectory) }
        let rendered = try renderer.render(snapshot: try renderer.resolveSnapshot(id: nil, period: nil), to: outputDirectory)
        return Outcome(extract: extract, analyses: analyses, render: rendered)
    }

    static func describe(_ outcome: StoreOutcome) -> String {
        switch outcome {
        case .stored(let id, let transfers, let pruned): "stored snapshot #\(id), \(transfers) transfers\(pruned > 0 ? ", pruned \(pruned)" : "")"
        case .duplicate(let id): "unchanged (same as snapshot #\(id))"
        }
    }
}
