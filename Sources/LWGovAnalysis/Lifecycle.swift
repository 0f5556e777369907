import Foundation
import LWGovModel
import LWGovStore

/// The finding lifecycle (SPEC 3.1): compares a snapshot's findings with the previous analysed
/// snapshot's and decides new / open / reopened / waived / resolved. Pure.
public enum Lifecycle {
    /// - Parameters:
    ///   - findings: what the rules found in the snapshot.
    ///   - takenAt: the snapshot's `taken_at`.
    ///   - waivers: unrevoked waivers; only those whose `until` day has not ended at `takenAt` apply.
    ///   - disabledRules: rule ids not checked now; their earlier findings are not marked resolved.
    /// - Returns: the present findings with their status, and the keys of the previous present
    ///   findings resolved now, in key order (`Store.resolvedFindings` reads them with their texts).
    public static func apply(
        findings: [Finding], takenAt: Date, history: LifecycleHistory, waivers: [Waiver], civilTime: CivilTime,
        disabledRules: [String] = []
    ) -> (records: [FindingRecord], resolved: [FindingKey]) {
        let live = waivers.filter { waiver in
            waiver.revokedAt == nil && (civilTime.endOfDay(waiver.until).map { takenAt < $0 } ?? false)
        }.sorted { lhs, rhs in
            // The most specific waiver first, then the one lasting longest.
            (lhs.groupId == "*" ? 1 : 0, lhs.subject == nil ? 1 : 0, rhs.until) < (rhs.groupId == "*" ? 1 : 0, rhs.subject == nil ? 1 : 0, lhs.until)
        }
        var records: [FindingRecord] = []
        records.reserveCapacity(findings.count)
        var present: Set<FindingKey> = []
        for finding in findings {
            let key = finding.key
            present.insert(key)
            let firstSeen = history.firstSeen[key] ?? history.previous[key]?.firstSeen ?? takenAt
            if let waiver = live.first(where: { $0.covers(key) }) {
                records.append(FindingRecord(finding: finding, status: .waived, firstSeen: firstSeen, waiverId: waiver.id))
                continue
            }
            let status: FindingStatus
            switch history.previous[key]?.status {
            case .new?, .open?, .reopened?:
                status = .open
            case .waived?:
                status = history.everOpen.contains(key) ? .open : .new
            case .resolved?, nil:
                status = history.firstSeen[key] != nil ? .reopened : .new
            }
            records.append(FindingRecord(finding: finding, status: status, firstSeen: firstSeen))
        }
        let off = Set(disabledRules)
        let resolved = history.previous.keys
            .filter { !present.contains($0) && !off.contains($0.rule.rawValue) }
            .sorted()
        return (records, resolved)
    }
}

/// What the lifecycle (SPEC 3.1) needs from earlier analyses.
public struct LifecycleHistory: Sendable {
    /// A present finding of the previous analysed snapshot, as far as the lifecycle looks at it.
    public struct Previous: Sendable, Hashable {
        public var status: FindingStatus
        public var firstSeen: Date

        public init(status: FindingStatus, firstSeen: Date) {
            self.status = status
            self.firstSeen = firstSeen
        }
    }

    public var previousSnapshotId: Int64?
    /// Present findings of the previous analysed snapshot.
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
        previousSnapshotId: Int64? = nil, previous: [FindingKey: Previous] = [:], firstSeen: [FindingKey: Date] = [:],
        findingIds: [FindingKey: Int64] = [:], everOpen: Set<FindingKey> = []
    ) {
        self.previousSnapshotId = previousSnapshotId
        self.previous = previous
        self.firstSeen = firstSeen
        self.findingIds = findingIds
        self.everOpen = everOpen
    }

    /// Everything a new analysis of the snapshot at `takenAt` needs from earlier analyses: the
    /// previous analysed snapshot's present findings, the first-seen time and stored id of those
    /// of `keys` seen before, and which waived findings were ever open (not waived) before.
    ///
    /// The previous findings come with their ids from one read; the other `keys` are looked up
    /// one by one, so the cost follows this month's findings, not every finding ever seen.
    /// - Throws: `StoreError`.
    public static func read(from store: Store, before takenAt: Date, keys: [FindingKey]) throws(StoreError) -> LifecycleHistory {
        var history = LifecycleHistory(previousSnapshotId: try store.previousAnalysedSnapshot(before: takenAt))
        // The previous present findings without their texts: only the ones resolved now need
        // those, and `Store.resolvedFindings` reads them.
        if let previous = history.previousSnapshotId {
            for state in try store.presentFindingStates(snapshotId: previous) {
                history.previous[state.key] = Previous(status: state.status, firstSeen: state.firstSeen)
                history.note(state.key, state.finding, before: takenAt)
            }
        }
        // Every stored finding of `keys`, whenever first seen, so a key missing from
        // `findingIds` has never been stored; `firstSeen` keeps those seen before.
        for (key, finding) in try store.storedFindings(keys.filter { history.findingIds[$0] == nil }) {
            history.note(key, finding, before: takenAt)
        }
        let waived = history.previous.filter { $0.value.status == .waived }.map(\.key)
        let open: Set<FindingStatus> = [.new, .open, .reopened]
        for (key, statuses) in try store.findingStatuses(waived, before: takenAt) where !statuses.isDisjoint(with: open) {
            history.everOpen.insert(key)
        }
        return history
    }

    private mutating func note(_ key: FindingKey, _ finding: StoredFinding, before takenAt: Date) {
        findingIds[key] = finding.id
        if finding.firstSeen < takenAt { firstSeen[key] = finding.firstSeen }
    }
}
