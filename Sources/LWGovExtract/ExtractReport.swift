import Foundation
import Logging
import LWGovLineWorks
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
    /// Requests and retries, for an API extract.
    public var api: APIStats?
    /// The snapshot just stored, as `Store.loadSnapshot` would read it back, so the monthly job
    /// can analyse it without reading 1 M rows again; nil when nothing new was stored.
    public var storedSnapshot: DirectorySnapshot?
}
