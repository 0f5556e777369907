import Crypto
import Foundation
import GRDB
import LWGovModel

/// What storing a snapshot did.
public enum StoreOutcome: Sendable, Equatable {
    /// Stored as a new snapshot, with the transfers observed against the previous one.
    case stored(id: Int64, transfers: Int, pruned: Int)
    /// Identical to a stored snapshot (same taken_at and content); nothing was written.
    case duplicate(id: Int64)
}
