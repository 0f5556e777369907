import Foundation
import LWGovModel
import LWGovStore

/// How the rules are applied: the configuration's rule settings.
public struct AnalysisSettings: Sendable {
    public var departmentLevel: Int
    public var managerPositions: [String]
    public var transferGraceDays: Int
    public var disabledRules: [String]
    public var civilTime: CivilTime
    public var responsibleSection: String
    /// Managers on 休職 count as present (`managers.count_on_leave`).
    public var countOnLeave: Bool
    /// Masters count as members (`membership.masters_are_members`).
    public var mastersAreMembers: Bool
    /// An ORGUNIT member brings its subtree's posts (`membership.orgunit_includes_subunits`).
    public var orgunitIncludesSubunits: Bool

    public init(configuration: Configuration, civilTime: CivilTime) {
        departmentLevel = configuration.organization.departmentLevel
        managerPositions = configuration.managers.positions
        countOnLeave = configuration.managers.countOnLeave
        mastersAreMembers = configuration.membership.mastersAreMembers
        orgunitIncludesSubunits = configuration.membership.orgunitIncludesSubunits
        transferGraceDays = configuration.rules.transferGraceDays
        disabledRules = configuration.rules.disabled
        self.civilTime = civilTime
        responsibleSection = configuration.organization.responsibleSection
    }

    /// A readable record of the settings, stored with each analysis.
    public var summary: String {
        "department_level=\(departmentLevel); positions=\(managerPositions.joined(separator: ",")); transfer_grace_days=\(transferGraceDays); disabled=\(disabledRules.joined(separator: ",")); count_on_leave=\(countOnLeave); masters_are_members=\(mastersAreMembers); orgunit_includes_subunits=\(orgunitIncludesSubunits)"
    }
}

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

/// Applies the rules to one snapshot: pure, no store (SPEC 2.2–3).
public enum Checker {
    public struct Output: Sendable {
        public var findings: [Finding]
        public var groups: [GroupSummary]
        public var departments: [Department]
    }

    public static func check(snapshot: DirectorySnapshot, settings: AnalysisSettings, history: StalenessHistory) -> Output {
        var index = DirectoryIndex(
            snapshot: snapshot, departmentLevel: settings.departmentLevel, managerPositions: settings.managerPositions,
            countOnLeave: settings.countOnLeave
        )
        // Registers every referenced user id in the index (unknown ids become inactive users).
        let membership = EffectiveMembership(
            groups: snapshot.groups, index: &index, mastersAreMembers: settings.mastersAreMembers,
            orgunitIncludesSubunits: settings.orgunitIncludesSubunits
        )
        let rules = RuleRegistry.enabled(disabled: settings.disabledRules)
        let frozenIndex = index
        // Groups are independent: each core checks a contiguous share, and the shares are joined
        // in group order, so the result does not depend on the number of cores.
        let groupCount = snapshot.groups.count
        let shares = max(1, min(ProcessInfo.processInfo.activeProcessorCount, groupCount / 512))
        let parts = parallelMap(shares) { share -> (findings: [Finding], groups: [GroupSummary]) in
            var findings: [Finding] = []
            var groups: [GroupSummary] = []
            let range = (groupCount * share / shares)..<(groupCount * (share + 1) / shares)
            groups.reserveCapacity(range.count)
            for i in range {
                let group = snapshot.groups[i]
                let context = GroupContext(
                    group: group, position: i, index: frozenIndex, membership: membership, groups: snapshot.groups,
                    history: history, civilTime: settings.civilTime, snapshotTakenAt: snapshot.takenAt,
                    graceDays: settings.transferGraceDays, responsibleSection: settings.responsibleSection,
                    countOnLeave: settings.countOnLeave
                )
                for rule in rules { findings += rule.findings(in: context) }
                groups.append(
                    GroupSummary(
                        groupId: group.id, name: group.name, visible: group.visible, activeMasters: context.activeMasters.count,
                        effectiveMembers: context.effective.count, homeDepartments: context.homeDepartments
                    )
                )
            }
            return (findings, groups)
        }
        return Output(
            findings: parts.flatMap(\.findings).sortedByPosition { $0.key < $1.key }, groups: parts.flatMap(\.groups),
            departments: departments(index.tree, level: settings.departmentLevel)
        )
    }

    /// Every department of the tree, in organisation (display) order.
    static func departments(_ tree: OrgTree, level: Int) -> [Department] {
        let departmentIds = Set(tree.departments(level: level).values)
        let roots = tree.units.values.filter { $0.parentId.flatMap { tree.units[$0] } == nil }
            .sorted { ($0.displayOrder, $0.id) < ($1.displayOrder, $1.id) }.map(\.id)
        var order: [String] = []
        var stack = Array(roots.reversed())
        var seen: Set<String> = []
        while let id = stack.popLast() {
            guard seen.insert(id).inserted else { continue }
            order.append(id)
            stack.append(contentsOf: (tree.children[id] ?? []).reversed())
        }
        return order.enumerated().compactMap { i, id in
            guard departmentIds.contains(id), let unit = tree.units[id] else { return nil }
            return Department(id: id, name: unit.name, path: tree.path(of: id), displayOrder: i)
        }
    }
}
