import Foundation
import GRDB
import LWGovModel

/// Which groups have been untouched since when (staleness condition 3, SPEC 3.3).
public struct GroupChanges: Sendable {
    /// Position of each stored snapshot in time order.
    private let position: [Int64: Int]
    /// Per group of the analysed snapshot: the oldest snapshot from which its fingerprint has
    /// been the same in every stored snapshot through the analysed one.
    private let unchangedSince: [String: Int64]

    /// - Parameter order: stored snapshot ids in time order.
    public init(order: [Int64] = [], unchangedSince: [String: Int64] = [:]) {
        position = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        self.unchangedSince = unchangedSince
    }

    /// True when the group exists with the same direct members and masters in every stored
    /// snapshot from `snapshotId` through the analysed one.
    public func untouched(groupId: String, since snapshotId: Int64) -> Bool {
        guard let start = position[snapshotId], let since = unchangedSince[groupId], let from = position[since] else { return false }
        return from <= start
    }
}
