import Foundation
import Logging
import LWGovModel
import LWGovStore

/// What one extract did, for the log line and the run record.
public struct ExtractReport: Sendable {
    public var outcome: StoreOutcome
    public var takenAt: String
    public var orgUnits: Int
    public var users: Int
    public var groups: Int
    public var diagnostics: [Diagnostic]
    public var seconds: Double
}

/// Extract stage: reads a snapshot directory, validates it completely, then stores it in one
/// transaction (SPEC 2.1). Nothing is written unless everything was read.
public struct Extractor: Sendable {
    public let store: Store
    public let options: StoreOptions
    public let logger: Logger

    public init(store: Store, options: StoreOptions, logger: Logger) {
        self.store = store
        self.options = options
        self.logger = logger
    }

    /// - Throws: `ExtractError` for bad input, `StoreError` for refusals and write failures.
    public func extract(directory: String, takenAt: String? = nil) throws -> ExtractReport {
        let start = Date()
        let (snapshot, diagnostics) = try SnapshotReader(civilTime: options.civilTime).read(directory: directory, takenAt: takenAt)
        let outcome = try store.store(snapshot, source: "files:\(directory)", options: options)
        return ExtractReport(
            outcome: outcome, takenAt: options.civilTime.timestamp(snapshot.takenAt), orgUnits: snapshot.orgUnits.count,
            users: snapshot.users.count, groups: snapshot.groups.count, diagnostics: diagnostics,
            seconds: Date().timeIntervalSince(start)
        )
    }
}
