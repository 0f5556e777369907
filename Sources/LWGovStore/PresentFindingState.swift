import Foundation
import GRDB
import LWGovModel

/// A present finding of an analysed snapshot as stored, without its texts.
public struct PresentFindingState: Sendable, Hashable {
    public var key: FindingKey
    public var status: FindingStatus
    /// The first-seen time stored with this state.
    public var firstSeen: Date
    /// When it last became open, as stored with this state (nil while waived, or before v8).
    public var openedAt: Date?
    /// The finding it is a state of.
    public var finding: StoredFinding
}

/// Small JSON texts stored in columns (evidence, department lists), written without an encoder.
