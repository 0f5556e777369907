import Foundation
import LWGovModel
import LWGovStore

/// What the lifecycle (SPEC 3.1) needs from earlier analyses.
public struct LifecycleHistory: Sendable {
    /// A present finding of the previous analysed snapshot, as far as the lifecycle looks at it.
    public struct Previous: Sendable, Hashable {
        public var status: FindingStatus
        public var firstSeen: Date
        /// When it last became open; nil while waived, or for a state stored before due dates.
        public var openedAt: Date?

        public init(status: FindingStatus, firstSeen: Date, openedAt: Date? = nil) {
            self.status = status
            self.firstSeen = firstSeen
            self.openedAt = openedAt
        }
    }

    public var previousSnapshotId: Int64?
    /// For a snapshot with an HR roster: the last earlier analysed snapshot that had one, whose
    /// account findings this one is compared with (SPEC 3.5).
    public var accountsSnapshotId: Int64?
    /// Present findings of the previous analysed snapshot; the account findings are those of
    /// `accountsSnapshotId` (none for a snapshot without a roster).
    public var previous: [FindingKey: Previous]
    /// First-seen time of every finding asked about, and of every previous one, that appeared
    /// before the analysed snapshot.
    public var firstSeen: [FindingKey: Date]
    /// The stored id of every finding asked about and of every previous one; a key missing here
    /// has never been stored.
    public var findingIds: [FindingKey: Int64]
    /// Findings waived at the previous snapshot that were open (not waived) at some time before.
    public var everOpen: Set<FindingKey>

    public init(
        previousSnapshotId: Int64? = nil, accountsSnapshotId: Int64? = nil, previous: [FindingKey: Previous] = [:], firstSeen: [FindingKey: Date] = [:],
        findingIds: [FindingKey: Int64] = [:], everOpen: Set<FindingKey> = []
    ) {
        self.previousSnapshotId = previousSnapshotId
        self.accountsSnapshotId = accountsSnapshotId
        self.previous = previous
        self.firstSeen = firstSeen
        self.findingIds = findingIds
        self.everOpen = everOpen
    }

    /// Everything a new analysis of the snapshot at `takenAt` needs from earlier analyses: the
    /// previous analysed snapshot's present findings, the first-seen time and stored id of those
    /// of `keys` seen before, and which waived findings were ever open (not waived) before.
    ///
    /// Account findings (SPEC 3.5) are compared only between snapshots with an HR roster: with
    /// `hasRoster` they come from the last earlier analysed snapshot that had one; without, there
    /// are none, so none is resolved and the open ones are carried, unlisted, to the next
    /// snapshot with a roster.
    ///
    /// The previous findings come with their ids from one read; the other `keys` are looked up
    /// one by one, so the cost follows this month's findings, not every finding ever seen.
    /// - Throws: `StoreError`.
    public static func read(
        from store: Store, before takenAt: Date, keys: [FindingKey], hasRoster: Bool = false
    ) throws(StoreError) -> LifecycleHistory {
        var history = LifecycleHistory(previousSnapshotId: try store.previousAnalysedSnapshot(before: takenAt))
        if hasRoster { history.accountsSnapshotId = try store.previousAnalysedSnapshot(before: takenAt, withRoster: true) }
        // The previous present findings without their texts: only the ones resolved now need
        // those, and `Store.resolvedFindings` reads them.
        for (snapshot, accounts) in [(history.previousSnapshotId, false), (history.accountsSnapshotId, true)] {
            guard let snapshot else { continue }
            for state in try store.presentFindingStates(snapshotId: snapshot) where state.key.rule.isAboutAccount == accounts {
                history.previous[state.key] = Previous(status: state.status, firstSeen: state.firstSeen, openedAt: state.openedAt)
                history.note(state.key, state.finding, before: takenAt)
            }
        }
        // Every stored finding of `keys`, whenever first seen, so a key missing from
        // `findingIds` has never been stored; `firstSeen` keeps those seen before.
        for (key, finding) in try store.storedFindings(keys.filter { history.findingIds[$0] == nil }) {
            history.note(key, finding, before: takenAt)
        }
        let waived = history.previous.filter { $0.value.status == .waived }.map(\.key)
        for (key, statuses) in try store.findingStatuses(waived, before: takenAt) where statuses.contains(where: \.isOpen) {
            history.everOpen.insert(key)
        }
        return history
    }

    private mutating func note(_ key: FindingKey, _ finding: StoredFinding, before takenAt: Date) {
        findingIds[key] = finding.id
        if finding.firstSeen < takenAt { firstSeen[key] = finding.firstSeen }
    }
}
