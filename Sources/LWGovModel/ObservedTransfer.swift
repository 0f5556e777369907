import Foundation

/// A change of a user's primary department between two consecutive snapshots (SPEC 3.3).
public struct ObservedTransfer: Sendable, Hashable {
    public var userId: String
    public var from: Placement
    public var to: Placement
    public var effectiveAt: Date
    public var datedBy: TransferDating

    public init(userId: String, from: Placement, to: Placement, effectiveAt: Date, datedBy: TransferDating) {
        self.userId = userId
        self.from = from
        self.to = to
        self.effectiveAt = effectiveAt
        self.datedBy = datedBy
    }
}
