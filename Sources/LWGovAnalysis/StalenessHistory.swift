import Foundation
import LWGovModel
import LWGovStore

/// What staleness (SPEC 3.3) needs from the stored history.
public struct StalenessHistory: Sendable {
    /// The most recent transfer of each user at or before the analysed snapshot.
    public let latestTransfer: [String: StoredTransfer]
    /// Per group id, the users (sorted) whose latest transfer names the group as one they were in
    /// before: the only candidates of `stale-after-transfer` in that group.
    public let transferredOutOf: [String: [String]]
    /// Since when each group of the analysed snapshot has been unchanged.
    public let changes: GroupChanges

    public init(latestTransfer: [String: StoredTransfer] = [:], changes: GroupChanges = GroupChanges()) {
        self.latestTransfer = latestTransfer
        transferredOutOf = Self.byPriorGroup(latestTransfer)
        self.changes = changes
    }

    private static func byPriorGroup(_ transfers: [String: StoredTransfer]) -> [String: [String]] {
        var result: [String: [String]] = [:]
        for (userId, transfer) in transfers {
            for group in transfer.priorGroups { result[group, default: []].append(userId) }
        }
        for key in result.keys { result[key]?.sort() }
        return result
    }

    /// True when the group exists with the same direct members and masters in every stored
    /// snapshot from `snapshotId` through the analysed one.
    public func untouched(groupId: String, since snapshotId: Int64) -> Bool {
        changes.untouched(groupId: groupId, since: snapshotId)
    }
}
