import Foundation
import GRDB
import LWGovModel

/// The results of analysing one snapshot, ready to be stored in one transaction.
public struct AnalysisResult: Sendable {
    public var snapshotId: Int64
    /// Present findings with their lifecycle status.
    public var records: [FindingRecord]
    /// Findings resolved at this snapshot (open at the previous analysed one, absent now).
    public var resolved: [FindingRecord]
    public var groups: [GroupSummary]
    public var departments: [Department]
    public var settings: String
    /// The stored id of every finding of `records` and `resolved` stored before; a finding
    /// missing here is stored as new.
    public var findingIds: [FindingKey: Int64]
    /// For a snapshot with an HR roster: the analysed snapshot its account findings were
    /// compared with (the last earlier one with a roster, SPEC 3.5); nil otherwise.
    public var accountsComparedWith: Int64?

    public init(
        snapshotId: Int64, records: [FindingRecord], resolved: [FindingRecord], groups: [GroupSummary],
        departments: [Department], settings: String, findingIds: [FindingKey: Int64], accountsComparedWith: Int64? = nil
    ) {
        self.accountsComparedWith = accountsComparedWith
        self.snapshotId = snapshotId
        self.records = records
        self.resolved = resolved
        self.groups = groups
        self.departments = departments
        self.settings = settings
        self.findingIds = findingIds
    }
}
