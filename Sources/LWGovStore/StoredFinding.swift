import Foundation
import GRDB
import LWGovModel

/// A stored finding's identity: its id and when it was first seen.
public struct StoredFinding: Sendable, Hashable {
    public var id: Int64
    /// The `taken_at` of the snapshot whose analysis first stored it.
    public var firstSeen: Date

    public init(id: Int64, firstSeen: Date) {
        self.id = id
        self.firstSeen = firstSeen
    }

    /// Reads the `id` and `first_seen_at` columns of a `finding` row.
    init(row: Row) {
        self.init(id: row["id"], firstSeen: Date(timeIntervalSince1970: row["first_seen_at"]))
    }
}
