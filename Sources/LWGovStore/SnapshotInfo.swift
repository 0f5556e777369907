import Crypto
import Foundation
import GRDB
import LWGovModel

/// A stored snapshot's metadata.
public struct SnapshotInfo: Sendable, Hashable {
    public var id: Int64
    public var takenAt: Date
    public var takenAtText: String
    public var period: String
    public var contentHash: String
    public var source: String
    public var orgUnitCount: Int
    public var userCount: Int
    public var groupCount: Int
    public var memberCount: Int
    public var transferCount: Int
    public var pruned: Bool
    /// Rows of the HR roster stored with the snapshot; nil when it had none (SPEC 3.5).
    public var rosterRows: Int?

    /// Whether the account rules are checked for this snapshot.
    public var hasRoster: Bool { rosterRows != nil }

    static let columns = """
        id, taken_at, taken_at_text, period, content_hash, source, orgunit_count, user_count, group_count,
        member_count, transfer_count, pruned, roster_rows
        """
}

extension SnapshotInfo: FetchableRecord {
    /// Reads a `snapshot` row selected with `SnapshotInfo.columns`.
    public init(row: Row) {
        id = row["id"]
        takenAt = Date(timeIntervalSince1970: row["taken_at"])
        takenAtText = row["taken_at_text"]
        period = row["period"]
        contentHash = row["content_hash"]
        source = row["source"]
        orgUnitCount = row["orgunit_count"]
        userCount = row["user_count"]
        groupCount = row["group_count"]
        memberCount = row["member_count"]
        transferCount = row["transfer_count"]
        pruned = row["pruned"]
        rosterRows = row["roster_rows"]
    }
}
