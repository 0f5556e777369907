import Foundation

/// A finding as analysed at one snapshot, with its lifecycle.
public struct FindingRecord: Sendable, Hashable {
    public var finding: Finding
    public var status: FindingStatus
    /// `taken_at` of the first snapshot where the finding appeared.
    public var firstSeen: Date
    /// The waiver that covers it, when `status == .waived`.
    public var waiverId: Int64?
    /// When it last became open (SPEC 3.6): its first-seen time, or the snapshot where it was
    /// reopened or came back from an expired waiver. Nil while waived and once resolved.
    public var openedAt: Date?
    /// Its due date and whether it is overdue, for an open finding.
    public var deadline: Deadline?

    public init(
        finding: Finding, status: FindingStatus, firstSeen: Date, waiverId: Int64? = nil, openedAt: Date? = nil,
        deadline: Deadline? = nil
    ) {
        self.finding = finding
        self.status = status
        self.firstSeen = firstSeen
        self.waiverId = waiverId
        self.openedAt = openedAt
        self.deadline = deadline
    }

    public var key: FindingKey { finding.key }
}
