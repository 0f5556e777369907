import Foundation

/// One row of `transfers.csv`: the effective date of a user's transfer.
public struct TransferDate: Sendable, Hashable, Codable {
    public var userId: String
    /// `YYYY-MM-DD`, meaning 00:00 of that day in the configured time zone.
    public var effectiveDate: String
    public var fromOrgUnitId: String?
    public var toOrgUnitId: String?

    public init(userId: String, effectiveDate: String, fromOrgUnitId: String? = nil, toOrgUnitId: String? = nil) {
        self.userId = userId
        self.effectiveDate = effectiveDate
        self.fromOrgUnitId = fromOrgUnitId
        self.toOrgUnitId = toOrgUnitId
    }
}
