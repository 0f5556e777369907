import Foundation
import Logging
import LWGovLineWorks
import LWGovModel
import LWGovStore

/// Extract stage: reads a snapshot directory, validates it completely, then stores it in one
/// transaction (SPEC 2.1). Nothing is written unless everything was read.
public struct Extractor: Sendable {
    public let store: Store
    public let options: StoreOptions
    /// Where the HR roster comes from (`[hr]`).
    public let roster: RosterInput
    public let logger: Logger

    public init(store: Store, options: StoreOptions, roster: RosterInput = RosterInput(), logger: Logger) {
        self.store = store
        self.options = options
        self.roster = roster
        self.logger = logger
    }

    /// The reader of input files, with the roster settings.
    private var reader: SnapshotReader {
        var reader = SnapshotReader(civilTime: options.civilTime)
        reader.roster = roster
        reader.rosterMatching = options.rosterMatching
        return reader
    }

    /// - Throws: `ExtractError` for bad input, `StoreError` for refusals and write failures.
    public func extract(directory: String, takenAt: String? = nil) throws -> ExtractReport {
        let start = Date()
        let (snapshot, diagnostics) = try reader.read(directory: directory, takenAt: takenAt)
        logger.debug("extract: read and checked in \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
        return try store(snapshot, diagnostics: diagnostics, source: "files:\(directory)", started: start)
    }

    /// Reads the whole directory from the LINE WORKS API, then stores it in one transaction.
    ///
    /// The HR roster is `hr.roster_file`, when set; it is read before anything is fetched.
    ///
    /// - Parameter transfersFile: an optional `transfers.csv` with effective dates (SPEC 3.3).
    /// - Throws: `APIError` (69, 78), `ExtractError` (65), `StoreError`.
    public func extract(api fetcher: DirectoryFetcher, takenAt: String? = nil, transfersFile: String? = nil) async throws -> ExtractReport {
        let start = Date()
        let reader = self.reader
        let moment = try takenAt.map { text throws(ExtractError) in try reader.parseTakenAt(text) } ?? start
        var transferDates: [TransferDate] = []
        if let transfersFile, !transfersFile.isEmpty { transferDates = try reader.readTransfers(path: transfersFile) }
        let roster = roster.rosterFile.isEmpty ? nil : try reader.readRoster(path: roster.rosterFile)
        var fetched = try await fetcher.fetch(takenAt: moment, transferDates: transferDates)
        if let roster {
            fetched.snapshot.roster = roster
            fetched.diagnostics += reader.rosterWarnings(roster, orgUnits: fetched.snapshot.orgUnits)
        }
        let stats = fetched.stats
        let retries = stats.retries.sorted { $0.key < $1.key }.map { "\($0.key)×\($0.value)" }.joined(separator: ", ")
        logger.info("api: \(stats.totalRequests) requests, \(stats.tokensIssued) token(s)\(retries.isEmpty ? "" : ", retried: \(retries)") (\(String(format: "%.1f", fetched.seconds)) s)")
        var report = try store(fetched.snapshot, diagnostics: fetched.diagnostics, source: "api:\(fetcher.settings.baseURL)", started: start)
        report.api = stats
        return report
    }

    private func store(_ snapshot: DirectorySnapshot, diagnostics: [Diagnostic], source: String, started: Date) throws -> ExtractReport {
        let storeStart = Date()
        // In id order first: the store writes rows in key order, and the analysis gets them so.
        let stored = snapshot.asStored
        var withDates = stored
        withDates.transferDates = snapshot.transferDates
        let outcome = try store.store(withDates, source: source, options: options)
        logger.debug("extract: stored in \(String(format: "%.2f", Date().timeIntervalSince(storeStart))) s")
        var report = ExtractReport(
            outcome: outcome, takenAt: options.civilTime.timestamp(snapshot.takenAt), orgUnits: snapshot.orgUnits.count,
            users: snapshot.users.count, groups: snapshot.groups.count, diagnostics: diagnostics,
            seconds: Date().timeIntervalSince(started)
        )
        if case .stored = outcome { report.storedSnapshot = stored }
        return report
    }
}
