import Foundation
import Logging
import LWGovModel
import LWGovStore

/// Analyze stage: reads a stored snapshot (never the input files; `run` hands over the one it
/// has just stored, in the form the store returns), applies the rules and the lifecycle, and
/// stores the result in one transaction (SPEC 2.2–3.4).
public struct Analyzer: Sendable {
    public let store: Store
    public let settings: AnalysisSettings
    public let logger: Logger

    public init(store: Store, settings: AnalysisSettings, logger: Logger) {
        self.store = store
        self.settings = settings
        self.logger = logger
    }

    /// Analyses every stored, unpruned snapshot not analysed yet, oldest first, so each month's
    /// lifecycle builds on the month before.
    ///
    /// - Parameter fresh: a snapshot just stored, in the form `Store.loadSnapshot` returns
    ///   (`DirectorySnapshot.asStored`), used instead of reading it back.
    /// - Throws: `StoreError`.
    public func analyzePending(fresh: (id: Int64, snapshot: DirectorySnapshot)? = nil) throws(StoreError) -> [AnalysisReport] {
        let analysedSnapshots = try store.analysedSnapshots()
        let analysed = Set(analysedSnapshots.map(\.id))
        let newestAnalysed = analysedSnapshots.last?.takenAt
        let pending = try store.snapshots().filter { snapshot in
            !snapshot.pruned && !analysed.contains(snapshot.id) && newestAnalysed.map { snapshot.takenAt > $0 } ?? true
        }
        var reports: [AnalysisReport] = []
        for snapshot in pending {
            reports.append(try analyzeOne(snapshot, loaded: fresh?.id == snapshot.id ? fresh?.snapshot : nil))
        }
        return reports
    }

    /// (Re-)analyses one snapshot and then every later analysed snapshot, in order, so history
    /// stays consistent. Analysing the same snapshot twice gives the same result.
    ///
    /// - Throws: `StoreError` (.badInput) for an unknown or pruned snapshot.
    public func analyze(snapshotId: Int64) throws(StoreError) -> [AnalysisReport] {
        guard let target = try store.snapshot(id: snapshotId) else {
            throw StoreError(.badInput, "no stored snapshot #\(snapshotId); `lwgov status` lists them")
        }
        let redo = try store.analysedSnapshots().filter { $0.takenAt > target.takenAt }
        if let pruned = redo.first(where: \.pruned) {
            throw StoreError(.badInput, "cannot re-analyse #\(snapshotId): the later snapshot #\(pruned.id) it would change has been pruned")
        }
        try store.resetAnalyses(from: snapshotId)
        var reports = [try analyzeOne(target)]
        for snapshot in redo { reports.append(try analyzeOne(snapshot)) }
        return reports
    }

    private func analyzeOne(_ info: SnapshotInfo, loaded: DirectorySnapshot? = nil) throws(StoreError) -> AnalysisReport {
        let start = Date()
        var lap = start
        func step(_ name: String) {
            let now = Date()
            logger.debug("analyze: \(name) in \(String(format: "%.2f", now.timeIntervalSince(lap))) s")
            lap = now
        }
        let snapshot: DirectorySnapshot
        if let loaded { snapshot = loaded } else { snapshot = try store.loadSnapshot(id: info.id) }
        step(loaded == nil ? "snapshot loaded" : "snapshot handed over")
        let transfers = try store.latestTransfers(atOrBefore: info.takenAt)
        step("latest transfers read")
        let changes = try store.groupChanges(at: info)
        let history = StalenessHistory(latestTransfer: transfers, changes: changes)
        step("group changes read")
        let output = Checker.check(snapshot: snapshot, settings: settings, history: history)
        step("rules checked")
        let lifecycleHistory = try LifecycleHistory.read(
            from: store, before: info.takenAt, keys: output.findings.map(\.key), hasRoster: snapshot.roster != nil
        )
        var (records, resolvedKeys) = Lifecycle.apply(
            findings: output.findings, takenAt: info.takenAt, history: lifecycleHistory, waivers: try store.waivers(),
            civilTime: settings.civilTime, disabledRules: settings.disabledRules
        )
        Deadlines.apply(
            to: &records, plans: try store.plans(), snapshotTakenAt: info.takenAt, dueDays: settings.dueDays,
            civilTime: settings.civilTime
        )
        // Resolved group findings were present at the previous analysis; account findings at the
        // one they were compared with.
        let resolved = try store.resolvedFindings(
            resolvedKeys.filter { !$0.rule.isAboutAccount }, previousSnapshotId: lifecycleHistory.previousSnapshotId
        ) + store.resolvedFindings(resolvedKeys.filter(\.rule.isAboutAccount), previousSnapshotId: lifecycleHistory.accountsSnapshotId)
        step("lifecycle applied")
        try store.saveAnalysis(
            AnalysisResult(
                snapshotId: info.id, records: records, resolved: resolved, groups: output.groups,
                departments: output.departments, settings: settings.summary, findingIds: lifecycleHistory.findingIds,
                accountsComparedWith: lifecycleHistory.accountsSnapshotId
            )
        )
        step("saved")
        var counts: [FindingStatus: Int] = [:]
        for record in records + resolved { counts[record.status, default: 0] += 1 }
        let seconds = Date().timeIntervalSince(start)
        logger.info(
            "analyze: snapshot #\(info.id) (\(info.period)): \(records.count) findings (new \(counts[.new] ?? 0), open \(counts[.open] ?? 0), reopened \(counts[.reopened] ?? 0), waived \(counts[.waived] ?? 0)), resolved \(counts[.resolved] ?? 0), \(String(format: "%.2f", seconds)) s"
        )
        return AnalysisReport(snapshot: info, counts: counts, findings: records.count, seconds: seconds)
    }
}
