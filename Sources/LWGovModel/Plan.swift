import Foundation

/// What a department has promised for one finding (SPEC 3.6): a date, a note and who promised
/// it. Its date replaces the finding's default due date while the plan lasts; it ends when
/// `lwgov unplan` ends it, when another plan replaces it, or by itself when its finding is
/// resolved (a later reopen starts without it).
public struct Plan: Sendable, Hashable {
    /// Why a plan ended.
    public enum Ending: String, Sendable, Hashable {
        /// `lwgov unplan`.
        case unplanned
        /// Its finding was resolved.
        case resolved
        /// A later plan for the same finding took its place.
        case replaced
    }

    public var id: Int64
    public var key: FindingKey
    /// The promised date, `YYYY-MM-DD`.
    public var due: String
    public var note: String
    public var by: String
    public var createdAt: Date
    public var endedAt: Date?
    public var ending: Ending?

    public init(
        id: Int64, key: FindingKey, due: String, note: String, by: String, createdAt: Date, endedAt: Date? = nil, ending: Ending? = nil
    ) {
        self.id = id
        self.key = key
        self.due = due
        self.note = note
        self.by = by
        self.createdAt = createdAt
        self.endedAt = endedAt
        self.ending = ending
    }
}
