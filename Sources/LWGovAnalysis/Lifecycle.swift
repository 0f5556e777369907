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
            // When it last became open (SPEC 3.6): carried while it stays open; now when it is
            // reopened or comes back from a waiver.
            let openedAt: Date
            let previous = history.previous[key]
            switch previous?.status {
            case .new?, .open?, .reopened?:
                status = .open
                openedAt = previous?.openedAt ?? firstSeen
            case .waived?:
                status = history.everOpen.contains(key) ? .open : .new
                openedAt = takenAt
            case .resolved?, nil:
                status = history.firstSeen[key] != nil ? .reopened : .new
                openedAt = status == .reopened ? takenAt : firstSeen
            }
            records.append(FindingRecord(finding: finding, status: status, firstSeen: firstSeen, openedAt: openedAt))
        }
        let off = Set(disabledRules)
        let resolved = history.previous.keys
            .filter { !present.contains($0) && !off.contains($0.rule.rawValue) }
            .sorted()
        return (records, resolved)
    }
}
