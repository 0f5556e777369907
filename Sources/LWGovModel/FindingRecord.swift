import Foundation

/// A finding as analysed at one snapshot, with its lifecycle.
public struct FindingRecord: Sendable, Hashable {
    public var finding: Finding
    public var status: FindingStatus
    /// `taken_at` of the first snapshot where the finding appeared.
    public var firstSeen: Date
    /// The waiver that covers it, when `status == .waived`.
    public var waiverId: Int64?

    public init(finding: Finding, status: FindingStatus, firstSeen: Date, waiverId: Int64? = nil) {
        self.finding = finding
        self.status = status
        self.firstSeen = firstSeen
        self.waiverId = waiverId
    }

    public var key: FindingKey { finding.key }
}
